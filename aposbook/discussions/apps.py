from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "aposbook.discussions"
    verbose_name = "Discussions"

    def ready(self) -> None:
        from aposbook.accounts import registry
        from aposbook.search import index

        from . import search, services

        # Threads, posts and follows are in the data download; the purge drops the follows
        # and when we last emailed the member, and keeps the posts without their name.
        registry.register(
            export=services.export_member_discussions,
            purge=services.forget_subscriptions,
            profile=services.latest_member_threads,
        )
        # Shown posts are found by site search; see search.py.
        index.register(search.SOURCE)
