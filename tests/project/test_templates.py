"""Rules every template keeps, read from the template files themselves: dates go through the
`{% time %}` tag or the `|human_date` filter (one format for people, whole seconds for
machines), and htmx attributes take the `data-hx-*` form that HTML allows."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.*"))
# `|date:"…"`, a hand-written `<time`, or `|timesince` outside the tag.
OWN_DATE_FORMAT = re.compile(r"\|\s*date\b|<time\b|\|\s*timesince\b")
BARE_HTMX_ATTRIBUTE = re.compile(r"(?<![\w-])hx-[a-z-]+=")


def offending_lines(pattern: re.Pattern[str]) -> list[str]:
    return [
        f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]


def test_the_templates_are_found() -> None:
    assert len(TEMPLATES) > 50


def test_it_shows_every_date_through_the_time_tag_or_the_human_date_filter() -> None:
    assert offending_lines(OWN_DATE_FORMAT) == []


def test_it_writes_every_htmx_attribute_in_its_data_form() -> None:
    assert offending_lines(BARE_HTMX_ATTRIBUTE) == []
