"""The Markdown renderer: sanitising, outbound links, headings and citations."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from aposbook.lib.markdown import (
    external_links,
    render_article,
    render_markdown,
    render_member_markdown,
)
from aposbook.lib.outbound import verify_leave_target

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    "[x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;&#x61;vascript&#58;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](  javascript:alert(1)  )",
    "[x](<javascript:alert(1)>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<data:text/html,<script>alert(1)</script>>",
    "[x](vbscript:msgbox(1))",
    "[x](VBScript:msgbox(1))",
    "<iframe src=https://evil.example></iframe>",
    "<style>body { display: none }</style>",
    '<a href="https://evil.example" onclick="alert(1)">x</a>',
    "<a href='javascript:alert(1)'>x</a>",
    "<!-- <script>alert(1)</script> -->",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "[x][evil]\n\n[evil]: data:text/html,<script>alert(1)</script>",
    '[x](https://evil.example "a\\" onmouseover=\\"alert(1)")',
    '[x](https://evil.example "\\"><script>alert(1)</script>")',
    "![x](javascript:alert(1))",
    '![x" onerror="alert(1)](https://evil.example/pixel.gif)',
    "[<img src=x onerror=alert(1)>](https://evil.example)",
    "```html\n<script>alert(1)</script>\n```",
    "`<iframe src=javascript:alert(1)>`",
    "<div style=\"background:url('javascript:alert(1)')\">x</div>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
]
FORBIDDEN = ["<script", "onerror", "onload", "javascript:", "data:text", "<iframe", "<style"]
FORBIDDEN += ["vbscript:"]


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "style"}


class _Markup(HTMLParser):
    """Collects a fragment's live markup: tags, attribute names and address-like values."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(f"<{tag}")
        for name, value in attrs:
            self.parts.append(name)
            if name in URL_ATTRIBUTES:
                self.parts.append(value or "")
        self.hrefs += [value or "" for name, value in attrs if tag == "a" and name == "href"]


def _hrefs(html: str) -> list[str]:
    return _Markup(html).hrefs


def assert_safe(html: str) -> None:
    # Raw HTML in Markdown is shown as escaped text ("&lt;img onerror=…&gt;"), which is inert,
    # so the words are looked for in the live markup, and the tags in the whole output.
    markup = " ".join(_Markup(html).parts).lower()
    for needle in FORBIDDEN:
        assert needle not in markup, (needle, html)
    for tag in ["<script", "<iframe", "<style", "<img", "<svg", "<object", "<form", "<body"]:
        assert tag not in html.lower(), (tag, html)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_it_sanitises_payload_in_markdown(payload: str) -> None:
    assert_safe(render_markdown(payload))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_it_sanitises_payload_in_article(payload: str) -> None:
    assert_safe(render_article(f"# {payload}\n\n{payload} (1)", reference_count=1).html)


def test_it_sanitises_payloads_in_a_reference_list() -> None:
    source = "## References\n\n" + "\n".join(
        f"{number}. Smith J. {payload} *J Health*. 2020 (1). [Link](https://pubmed.ncbi.nlm.nih.gov/{number}/)"
        for number, payload in enumerate(XSS_PAYLOADS, start=1)
    )

    html = render_article(source, reference_count=len(XSS_PAYLOADS)).html

    assert_safe(html)
    assert "Smith J." in html


@pytest.mark.parametrize(
    "href", ["https://pubmed.ncbi.nlm.nih.gov@evil.com/", "https://aposbook.com@evil.com/x"]
)
def test_it_does_not_link_an_address_with_a_user_name(href: str) -> None:
    html = render_markdown(f"[PubMed]({href})")

    assert _hrefs(html) == []
    assert "evil.com" not in html


def test_it_has_at_least_25_payloads() -> None:
    assert len(XSS_PAYLOADS) >= 25


def test_it_keeps_ordinary_formatting() -> None:
    html = render_markdown("Some **bold**, *italic* and ~~old~~ text.\n\n- one\n- two")

    assert "<strong>bold</strong>" in html
    assert "<em>italic</em>" in html
    assert "<s>old</s>" in html
    assert "<li>one</li>" in html


def test_it_renders_tables_without_style_attributes() -> None:
    html = render_markdown("| Dose | Effect |\n|:--|--:|\n| 1 g | small |")

    assert "<table>" in html
    assert '<td class="align-right">small</td>' in html
    assert "style" not in html


def test_it_keeps_the_page_title_the_only_h1() -> None:
    html = render_markdown("# Top\n\n## Next\n\n### Under\n\n###### Deepest")

    assert "<h2>Top</h2>" in html
    assert "<h2>Next</h2>" in html
    assert "<h3>Under</h3>" in html
    assert "<h6>Deepest</h6>" in html
    assert "<h1" not in html


def test_it_renders_images_as_their_alt_text() -> None:
    html = render_markdown("Look: ![A chart of sleep hours](https://tracker.example/pixel.gif)")

    assert "A chart of sleep hours" in html
    assert "tracker.example" not in html
    assert "<img" not in html


def test_it_routes_external_links_through_the_leaving_page() -> None:
    html = render_markdown("[A trial](https://pubmed.ncbi.nlm.nih.gov/12345/)")

    href = _hrefs(html)[0]
    query = parse_qs(urlsplit(href).query)
    assert href.startswith("/leave/?")
    assert verify_leave_target(query["to"][0], query["sig"][0]) == (
        "https://pubmed.ncbi.nlm.nih.gov/12345/"
    )
    assert 'rel="noopener noreferrer nofollow"' in html


def test_members_links_are_marked_as_theirs_and_go_through_the_leaving_page() -> None:
    html = render_member_markdown("[A shop](https://example.org/buy) and <https://example.net/>")

    assert [href.startswith("/leave/?") for href in _hrefs(html)] == [True, True]
    assert html.count('rel="nofollow ugc noopener"') == 2


@pytest.mark.parametrize(
    ("source", "links"),
    [
        ("No links at all.", []),
        ("[A trial](https://pubmed.ncbi.nlm.nih.gov/1/)", ["https://pubmed.ncbi.nlm.nih.gov/1/"]),
        (
            "Bare https://example.org/x and www.example.net",
            ["https://example.org/x", "www.example.net"],
        ),
        (
            "<https://example.org/a> and [x](//evil.example/)",
            ["https://example.org/a", "https://evil.example/"],
        ),
        ("[ours](/solutions/magnesium/) and https://aposbook.com/conditions/", []),
        ("`https://example.org/in-code` and\n\n    https://example.org/block", []),
        ("[https://example.org/a](https://example.org/a)", ["https://example.org/a"]),
        ('<a href="https://example.org/raw">raw</a>', ["https://example.org/raw"]),
    ],
)
def test_it_finds_the_links_to_other_sites_in_a_text(source, links) -> None:
    assert external_links(source) == links


def test_it_routes_autolinks_and_protocol_relative_links_through_the_leaving_page() -> None:
    html = render_markdown("<https://example.org/page> and [x](//evil.example/)")

    targets = [parse_qs(urlsplit(href).query)["to"][0] for href in _hrefs(html)]
    assert targets == ["https://example.org/page", "https://evil.example/"]


def test_it_keeps_relative_links_and_links_to_our_own_site() -> None:
    html = render_markdown(
        "[Sleep](/conditions/insomnia/) [Top](#top) [Us](https://aposbook.com/x/)"
    )

    assert _hrefs(html) == ["/conditions/insomnia/", "#top", "https://aposbook.com/x/"]
    assert "rel=" not in html


def test_it_treats_our_domain_setting_as_our_own_site(settings) -> None:
    settings.SITE_DOMAIN = "Example.org"

    html = render_markdown("[Us](https://www.example.org/a/) [Them](https://aposbook.com/)")

    assert _hrefs(html)[0] == "https://www.example.org/a/"
    assert _hrefs(html)[1].startswith("/leave/?")


def test_it_keeps_mailto_links() -> None:
    assert _hrefs(render_markdown("[Write](mailto:help@example.org)")) == [
        "mailto:help@example.org"
    ]


def test_it_links_a_list_of_citations() -> None:
    html = render_article("Magnesium helped (1, 2, 3).", reference_count=3).html

    assert _hrefs(html) == ["#ref-1", "#ref-2", "#ref-3"]
    assert '<a href="#ref-1" class="citation" id="cite-ref-1-1">1</a>' in html
    assert "(<a " in html
    assert "</a>)" in html


def test_it_links_citations_without_spaces() -> None:
    assert _hrefs(render_article("Seen (1,2).", reference_count=2).html) == ["#ref-1", "#ref-2"]


def test_it_links_both_ends_of_a_range() -> None:
    html = render_article("Seen in trials (2\u20134) and (2-4).", reference_count=4).html

    assert _hrefs(html) == ["#ref-2", "#ref-4", "#ref-2", "#ref-4"]
    assert ">2</a>\u2013<a " in html
    assert ">2</a>-<a " in html


def test_it_leaves_numbers_beyond_the_reference_list_as_text() -> None:
    html = render_article("A claim (5).", reference_count=3).html

    assert "(5)" in html
    assert "<a" not in html


def test_it_links_only_the_numbers_in_range() -> None:
    html = render_article("A claim (2, 7).", reference_count=3).html

    assert _hrefs(html) == ["#ref-2"]
    assert ", 7)" in html


@pytest.mark.parametrize("text", ["(n = 46)", "(in 2012)", "(p < 0.05)", "(1 and 2)", "(4-2)"])
def test_it_leaves_other_parentheses_as_text(text: str) -> None:
    html = render_article(f"A study {text} found.", reference_count=50).html

    assert "<a" not in html


def test_it_does_not_link_citations_in_code_or_links() -> None:
    source = "Use `f(1)` here.\n\n    (2)\n\n[see (1)](/x)\n\n```\n(1, 2)\n```"

    html = render_article(source, reference_count=3).html

    assert "citation" not in html
    assert "<code>f(1)</code>" in html


def test_it_gives_repeated_citations_unique_ids() -> None:
    html = render_article("First (1). Again (1). And (1, 2).", reference_count=2).html

    assert 'id="cite-ref-1-1"' in html
    assert 'id="cite-ref-1-2"' in html
    assert 'id="cite-ref-1-3"' in html
    assert 'id="cite-ref-2-1"' in html


def test_it_lists_the_places_that_cite_each_reference() -> None:
    article = render_article(
        "First (1). Again (1, 3). In a [link (2)](/x) and `(2)`. Range (1-3).",
        reference_count=3,
    )

    assert article.citations == {
        1: ["cite-ref-1-1", "cite-ref-1-2", "cite-ref-1-3"],
        3: ["cite-ref-3-1", "cite-ref-3-2"],
    }
    found = re.findall(r'id="([^"]+)"', article.html)
    assert sorted(found) == sorted(cite for ids in article.citations.values() for cite in ids)


# HTML comments and raw HTML


@pytest.mark.parametrize(
    "source",
    [
        "<!-- a note for editors -->\n\nSleep well.",
        "Sleep <!-- a note for editors --> well.",
        "Sleep well.\n\n<!--\na note\n\nfor editors\n-->",
        "- Sleep well.\n- <!-- a note for editors -->",
        "> <!-- a note for editors -->\n> Sleep well.",
        "Sleep well.\n\n<!-- a note for editors, never closed",
    ],
    ids=["block", "inline", "several-paragraphs", "list-item", "quote", "unclosed"],
)
def test_it_drops_html_comments(source: str) -> None:
    html = render_markdown(source)

    assert "Sleep" in html
    assert "note" not in html
    assert "&lt;!--" not in html


def test_it_keeps_what_follows_a_comment_on_its_line() -> None:
    assert render_markdown("<!-- note --> Sleep *well*.") == "<p>Sleep <em>well</em>.</p>\n"


def test_it_shows_comments_inside_code_as_written() -> None:
    html = render_markdown("Write `<!-- x -->` to hide text.\n\n```html\n<!-- y -->\n```")

    assert "<code>&lt;!-- x --&gt;</code>" in html
    assert "&lt;!-- y --&gt;" in html


def test_it_shows_other_raw_html_as_text() -> None:
    html = render_markdown("<div>\n*Sleep* <b>well</b>\n</div>")

    assert html == "<p>&lt;div&gt;\n<em>Sleep</em> &lt;b&gt;well&lt;/b&gt;\n&lt;/div&gt;</p>\n"


def test_it_links_citations_around_a_comment() -> None:
    html = render_article("Seen (1<!-- check -->, 2).", reference_count=2).html

    assert _hrefs(html) == ["#ref-1", "#ref-2"]
    assert "check" not in html


# A body that starts with the page's title


@pytest.mark.parametrize(
    "source",
    [
        "# Insomnia\n\nTrouble sleeping.",
        "## insomnia\n\nTrouble sleeping.",
        "<!-- intro -->\n# Insomnia:\n\nTrouble sleeping.",
        "Trouble sleeping.\n\n#  Insomnia \n\nMore.",
    ],
    ids=["h1", "other-level-and-case", "after-a-comment", "after-a-paragraph"],
)
def test_it_leaves_out_a_first_heading_that_repeats_the_title(source: str) -> None:
    html = render_markdown(source, title="Insomnia")

    assert "Trouble sleeping." in html
    assert "Insomnia" not in html
    assert "<h2" not in html


def test_it_keeps_a_first_heading_that_says_something_else() -> None:
    html = render_markdown("## Insomnia in children\n\n## Insomnia", title="Insomnia")

    assert html == "<h2>Insomnia in children</h2>\n<h2>Insomnia</h2>\n"


def test_it_leaves_a_repeated_title_out_of_an_article_and_its_contents() -> None:
    article = render_article(
        "# Magnesium and sleep\n\nIntro.\n\n## Dose", reference_count=0, title="Magnesium and sleep"
    )

    assert article.html == '<p>Intro.</p>\n<h2 id="dose">Dose</h2>\n'
    assert article.toc == [{"level": 2, "text": "Dose", "anchor": "dose"}]


def test_it_lists_headings_with_unique_anchors() -> None:
    source = "## Background\n\n### Dose\n\n# Background\n\n#### Too deep\n\n## Ref 1"

    article = render_article(source, reference_count=1)

    assert article.toc == [
        {"level": 2, "text": "Background", "anchor": "background"},
        {"level": 3, "text": "Dose", "anchor": "dose"},
        {"level": 2, "text": "Background", "anchor": "background-2"},
        {"level": 2, "text": "Ref 1", "anchor": "section-ref-1"},
    ]
    assert '<h2 id="background">Background</h2>' in article.html
    assert '<h2 id="background-2">Background</h2>' in article.html
    assert "<h4>Too deep</h4>" in article.html


def test_it_anchors_headings_without_letters() -> None:
    article = render_article("# ???\n\n# !!!", reference_count=0)

    assert [entry["anchor"] for entry in article.toc] == ["section", "section-2"]


def test_it_renders_an_empty_body() -> None:
    assert render_markdown("") == ""
    assert render_article("", reference_count=0).toc == []
