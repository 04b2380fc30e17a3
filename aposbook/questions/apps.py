from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "aposbook.questions"
    verbose_name = "Questions and answers"

    def ready(self) -> None:
        from aposbook.accounts import registry

        from . import services

        # Questions, answers and votes are in the data download and on the profile; a
        # purged account's questions and answers stay, shown as a deleted member's, and when
        # we last emailed it about answers goes.
        registry.register(
            export=services.export_member_questions,
            purge=services.forget_answer_notices,
            profile=services.latest_member_questions,
            writing=services.member_question_writing,
            kept=services.member_has_kept_question,
        )
