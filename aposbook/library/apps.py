from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "aposbook.library"

    def ready(self) -> None:
        from aposbook.lib.pagecache import LIBRARY, scheduled, shown_on_pages

        from .models import next_publication

        # Every table of the library shows on some page (topic pages, the library, search
        # suggestions, safety notes). Editors change it rarely, so one tag for all of it:
        # any save, delete or link rebuilds the pages that show library content.
        for model in self.get_models():
            links = [field.remote_field.through for field in model._meta.local_many_to_many]
            shown_on_pages(model, lambda row: (LIBRARY,), through=links)
        # An article or video scheduled for later appears when its time comes, with no write.
        scheduled(LIBRARY, next_publication)
