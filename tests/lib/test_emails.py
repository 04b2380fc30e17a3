"""Members' writing quoted in an email: rendered HTML with full addresses, and plain text."""

from aposbook.lib.emails import html_to_text, quote_writing
from aposbook.lib.markdown import render_markdown

SITE = "http://127.0.0.1:8000"


def test_it_gives_links_to_our_pages_the_site_s_address() -> None:
    quoted = quote_writing(
        render_markdown(
            "[Insomnia](/conditions/insomnia/) and [PubMed](https://pubmed.ncbi.nlm.nih.gov/1/)"
        )
    )

    assert f'<a href="{SITE}/conditions/insomnia/">Insomnia</a>' in quoted.html
    assert f'<a href="{SITE}/leave/?to=https%3A%2F%2Fpubmed.ncbi.nlm.nih.gov%2F1%2F' in quoted.html
    assert f"Insomnia ({SITE}/conditions/insomnia/) and PubMed ({SITE}/leave/?to=" in quoted.text


def test_it_leaves_other_addresses_alone(settings) -> None:
    settings.SITE_DOMAIN = "example.org"

    quoted = quote_writing(render_markdown("[Us](https://example.org/a/) [Top](#top)"))

    assert '<a href="https://example.org/a/">Us</a>' in quoted.html
    assert '<a href="#top">Top</a>' in quoted.html
    assert quoted.text == "Us (https://example.org/a/) Top"


def test_it_cuts_a_long_text_and_closes_its_tags() -> None:
    quoted = quote_writing(render_markdown("**" + ("sleep " * 200).strip() + "**"), limit=50)

    assert quoted.html.endswith("…</strong></p>")
    assert len(quoted.text) == 50


def test_it_writes_quotes_lists_code_and_tables_as_text() -> None:
    source = (
        "## Dose\n\n> Alice wrote:\n> it helped\n>\n> > a lot\n\n- one\n- two\n\n"
        "3. third\n4. fourth\n\n```\nkeep  spacing\n```\n\n| Dose | Effect |\n|---|---|\n"
        "| 1 g | small |\n\nline one  \nline two &amp; <3"
    )

    assert html_to_text(render_markdown(source)) == (
        "Dose\n\n"
        "> Alice wrote: it helped\n>\n> > a lot\n\n"
        "- one\n- two\n\n"
        "3. third\n4. fourth\n\n"
        "keep  spacing\n\n"
        "Dose | Effect\n1 g | small\n\n"
        "line one\nline two & <3"
    )
