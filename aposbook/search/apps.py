from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "aposbook.search"

    def ready(self) -> None:
        from .sources import register_library

        register_library()
