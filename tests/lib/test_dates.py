"""`{% time %}` and `|human_date`: one date format for people, a machine date for browsers."""

import datetime as dt

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone

from aposbook.lib.dates import human_date, machine_datetime

AFTERNOON = dt.datetime(2026, 12, 1, 14, 5, 9, 123456, tzinfo=dt.UTC)


def render(source: str, **context: object) -> str:
    """Renders without `{% load %}`: the library is a builtin of every template."""
    return Template(source).render(Context(context))


def test_it_shows_the_day_with_a_machine_datetime_in_whole_seconds() -> None:
    assert render("{% time when %}", when=AFTERNOON) == (
        '<time datetime="2026-12-01T14:05:09+00:00">1 December 2026</time>'
    )


def test_it_adds_the_time_of_day_when_asked() -> None:
    assert render("{% time when clock=True %}", when=AFTERNOON) == (
        '<time datetime="2026-12-01T14:05:09+00:00">1 December 2026, 14:05</time>'
    )


def test_a_relative_time_says_the_date_and_lets_the_browser_say_how_long_ago() -> None:
    """A page stored for visitors is served for hours: "3 hours ago" would go stale, the
    date does not. static/js/relative-times.js turns it into "3 hours ago" in the browser
    (tests/browser/test_team_journey.py sees it)."""
    three_hours_ago = timezone.now().replace(microsecond=0) - dt.timedelta(hours=3)
    when = human_date(three_hours_ago, clock=True)

    html = render("{% time when relative=True %}", when=three_hours_ago)

    assert html == (
        f'<time datetime="{three_hours_ago.isoformat()}" title="{when}" data-relative>{when}</time>'
    )


def test_it_shows_a_month_for_member_since() -> None:
    assert render("{% time when month=True %}", when=AFTERNOON) == (
        '<time datetime="2026-12">December 2026</time>'
    )


def test_it_shows_a_date_without_a_time() -> None:
    assert render("{% time day clock=True %}", day=dt.date(2017, 4, 30)) == (
        '<time datetime="2017-04-30">30 April 2017</time>'
    )


def test_it_shows_the_site_time_zone(settings) -> None:
    settings.TIME_ZONE = "Europe/Athens"

    assert render("{% time when clock=True %}", when=AFTERNOON) == (
        '<time datetime="2026-12-01T16:05:09+02:00">1 December 2026, 16:05</time>'
    )


def test_it_shows_nothing_for_no_date() -> None:
    assert render("[{% time when %}][{{ when|human_date }}]", when=None) == "[][]"


def test_the_filter_gives_the_same_words_for_plain_text() -> None:
    assert render('{{ when|human_date }} · {{ when|human_date:"clock" }}', when=AFTERNOON) == (
        "1 December 2026 · 1 December 2026, 14:05"
    )


def test_the_filter_refuses_an_option_it_does_not_know() -> None:
    with pytest.raises(TemplateSyntaxError, match='human_date takes "clock" or nothing'):
        render('{{ when|human_date:"Y-m-d" }}', when=AFTERNOON)


def test_the_machine_datetime_never_has_fractions_of_a_second() -> None:
    assert machine_datetime(AFTERNOON) == "2026-12-01T14:05:09+00:00"
