"""Charts drawn on the server as inline SVG: readable without JavaScript, styled by site.css,
and described for screen readers (`role="img"`, a `<title>` and an `aria-label`; the page
adds a visually hidden table of the same counts)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 300
HEIGHT = 132
TOP = 16  # room for the count above the tallest bar
BOTTOM = 20  # room for the score under each bar
SLOT = WIDTH / 10
BAR = 22


def describe_histogram(counts: list[int], *, subject: str) -> str:
    """The chart in words: "Ratings of magnesium from 1 to 10: 1: 0 reviews, …"."""
    parts = ", ".join(
        f"{score}: {count} review{'' if count == 1 else 's'}"
        for score, count in enumerate(counts, start=1)
    )
    return f"Ratings of {subject} from 1 (did nothing) to 10 (worked very well). {parts}."


def histogram_svg(counts: list[int], *, subject: str) -> SafeString:
    """A bar chart of how many reviews gave each score from 1 to 10."""
    tallest = max(counts, default=0) or 1
    plot = HEIGHT - TOP - BOTTOM
    bars = []
    for index, count in enumerate(counts):
        score = index + 1
        height = round(plot * count / tallest, 1)
        x = round(index * SLOT + (SLOT - BAR) / 2, 1)
        y = round(TOP + plot - height, 1)
        middle = round(index * SLOT + SLOT / 2, 1)
        bars.append(
            (
                x,
                y,
                BAR,
                height,
                middle,
                HEIGHT - 5,
                score,
                middle,
                y - 4,
                count if count else "",
            )
        )
    description = describe_histogram(counts, subject=subject)
    shapes = format_html_join(
        "",
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}"></rect>'
        '<text class="chart-axis" x="{}" y="{}" text-anchor="middle">{}</text>'
        '<text class="chart-count" x="{}" y="{}" text-anchor="middle">{}</text>',
        bars,
    )
    return format_html(
        '<svg class="chart histogram" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="{}" focusable="false"><title>{}</title>'
        '<line class="chart-baseline" x1="0" y1="{}" x2="{}" y2="{}"></line>{}</svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        description,
        description,
        HEIGHT - BOTTOM,
        WIDTH,
        HEIGHT - BOTTOM,
        shapes,
    )
