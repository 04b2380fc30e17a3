from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "aposbook.questions"
    verbose_name = "Questions and answers"

    def ready(self) -> None:
        from aposbook.accounts import registry
        from aposbook.search import index

        from . import search, services

        # Questions, answers and votes are in the data download and on the profile; a
        # purged account's questions and answers stay, shown as a deleted member's, and when
        # we last emailed it about answers goes.
        registry.register(
            export=services.export_member_questions,
            purge=services.forget_answer_notices,
            profile=services.latest_member_questions,
        )
        # Questions and answers are found by site search; see search.py.
        for source in search.SOURCES:
            index.register(source)
