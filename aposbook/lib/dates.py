"""One way to show a date to people: "1 December 2026", or "1 December 2026, 14:05" where the
time of day matters, inside a `<time>` whose `datetime` a machine can read.

A template library registered as a builtin (settings `TEMPLATES` → `builtins`), so every
template, email included, has `{% time value %}` and `{{ value|human_date }}` without a `load`.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

DAY = "j F Y"
DAY_AND_CLOCK = "j F Y, H:i"
MONTH = "F Y"


def _local(value: date) -> date:
    """An aware datetime in the site's time zone; dates and naive datetimes as they are."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def human_date(value: date, *, clock: bool = False) -> str:
    """ "1 December 2026", or with `clock` "1 December 2026, 14:05" (a datetime only)."""
    value = _local(value)
    return format_date(value, DAY_AND_CLOCK if clock and isinstance(value, datetime) else DAY)


def machine_datetime(value: date) -> str:
    """The `datetime` attribute of a `<time>`: whole seconds, since the HTML standard allows
    at most three digits of a fraction and nobody needs them."""
    value = _local(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


@register.simple_tag(name="time")
def time_tag(
    value: date | None, *, clock: bool = False, relative: bool = False, month: bool = False
) -> SafeString | str:
    """`{% time review.created_at %}` → `<time datetime="…">1 December 2026</time>`.

    `clock=True` adds the time of day; `relative=True` lets the browser say "3 hours ago"
    (static/js/relative-times.js; the full date stays in the tooltip): the page itself says
    the date and time, which stays true in a page stored for visitors (lib/stored_pages.py)
    however long it is served. `month=True` says "December 2026". Nothing for no value."""
    if value is None or value == "":
        return ""
    if month:
        local = _local(value)
        return format_html(
            '<time datetime="{}">{}</time>', f"{local:%Y-%m}", format_date(local, MONTH)
        )
    if relative:
        when = human_date(value, clock=True)
        return format_html(
            '<time datetime="{}" title="{}" data-relative>{}</time>',
            machine_datetime(value),
            when,
            when,
        )
    return format_html(
        '<time datetime="{}">{}</time>', machine_datetime(value), human_date(value, clock=clock)
    )


@register.filter(name="human_date")
def human_date_filter(value: date | None, option: str = "") -> str:
    """`{{ value|human_date }}` for plain text (emails, tooltips): "1 December 2026";
    `{{ value|human_date:"clock" }}` adds the time of day."""
    if value is None or value == "":
        return ""
    if option not in ("", "clock"):
        raise template.TemplateSyntaxError(f'human_date takes "clock" or nothing, not {option!r}')
    return human_date(value, clock=option == "clock")
