"""/sitemap.xml: an index of one section per kind of page, each section filled by the app
that owns the pages (this app sits on top, so it may gather them all)."""

from typing import Any

from django.urls import reverse

from aposbook.discussions.sitemaps import ThreadSection
from aposbook.lib.seo import Section
from aposbook.library.sitemaps import SECTIONS as LIBRARY_SECTIONS
from aposbook.questions.sitemaps import QuestionSection


class PagesSection(Section):
    """The home page, the lists of the library, and the site's own pages. No lastmod: these
    pages change whenever what they list does, so a date would only mislead."""

    def items(self) -> list[str]:
        return [
            "pages:home",
            "library:conditions",
            "library:solutions",
            "library:index",
            "pages:code_of_conduct",
            "pages:privacy",
            "pages:terms",
        ]

    def location(self, item: Any) -> str:
        return reverse(item)


SITEMAPS: dict[str, type[Section]] = {
    "pages": PagesSection,
    **LIBRARY_SECTIONS,
    "discussions": ThreadSection,
    "questions": QuestionSection,
}
