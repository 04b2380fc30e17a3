"""Markdown to safe HTML: links to other sites go through the leaving-site page, HTML
comments are dropped, and raw HTML is shown as the text it is."""

import re
from dataclasses import dataclass, field

import nh3
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.token import Token

from aposbook.lib.outbound import is_external, leave_url, own_hosts

# The parser recognises raw HTML (so that comments are found exactly as CommonMark defines
# them, never inside code) and `_prepare` turns every piece of it into text, dropping comments.
_md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# What a raw HTML block is read as once its comments are gone: Markdown with the tags as text.
_md_without_html = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])

OUTBOUND_REL = "noopener noreferrer nofollow"
# Members' links: "ugc" tells search engines a member wrote it, "nofollow" that we vouch for
# nothing there; both keep spam from gaining anything by being posted here.
MEMBER_REL = "nofollow ugc noopener"
_ALIGN_CLASSES = {"align-left", "align-center", "align-right"}

BLOCK_TAGS = {"p", "br", "hr", "blockquote", "pre", "ul", "ol", "li"}
HEADING_TAGS = {"h2", "h3", "h4", "h5", "h6"}
INLINE_TAGS = {"a", "strong", "em", "s", "del", "code"}
TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td"}

# The renderer only ever emits these; anything else reaching the sanitiser is dropped.
_cleaner = nh3.Cleaner(
    tags=BLOCK_TAGS | HEADING_TAGS | INLINE_TAGS | TABLE_TAGS,
    attributes={"a": {"href", "title", "id"}, "h2": {"id"}, "h3": {"id"}, "ol": {"start"}},
    tag_attribute_values={"a": {"rel": {OUTBOUND_REL, MEMBER_REL}}},
    allowed_classes={"a": {"citation"}, "th": _ALIGN_CLASSES, "td": _ALIGN_CLASSES},
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
    strip_comments=True,
)

BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\"']+", re.IGNORECASE)
HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)

_NUMBER = r"\d{1,4}"
_DASH = r"[-\u2013\u2014]"  # hyphen, en dash, em dash
_ITEM = rf"{_NUMBER}(?:\s*{_DASH}\s*{_NUMBER})?"
CITATION = re.compile(rf"\(\s*{_ITEM}(?:\s*,\s*{_ITEM})*\s*\)")
_RANGE = re.compile(rf"({_NUMBER})\s*{_DASH}\s*({_NUMBER})")
_NUMBERS = re.compile(_NUMBER)
# Ids that the pages around a rendered body use: the layout's, the article page's sections,
# the topic sections' "…-heading"s, form fields' "id_…", and the citation links.
_RESERVED_ANCHOR = re.compile(
    r"^(?:main|header-search.*|toc-title|references|related|articles|videos|feedback-box"
    r"|.*-heading|id_.*|ref-.*|cite-.*)$"
)


@dataclass
class RenderedArticle:
    html: str
    toc: list[dict] = field(default_factory=list)
    # The ids of the links that cite each reference, by its number, in reading order.
    citations: dict[int, list[str]] = field(default_factory=dict)


def render_markdown(source: str, *, title: str = "") -> str:
    """Render user Markdown to sanitised HTML; headings start at h2. A first heading that
    repeats `title` (the page's own h1) is left out."""
    tokens = _parse(source, title)
    return _cleaner.clean(_md.renderer.render(tokens, _md.options, {}))


def render_member_markdown(source: str) -> str:
    """Render what a member wrote (a review, a post, a question, an answer): as
    `render_markdown`, with links marked as the member's own (`MEMBER_REL`)."""
    tokens = _parse(source, "", rel=MEMBER_REL)
    return _cleaner.clean(_md.renderer.render(tokens, _md.options, {}))


def external_links(source: str) -> list[str]:
    """The addresses on other sites that a text points to: its Markdown links, and bare
    addresses in its text (not links once rendered, but what a spammer wants read)."""
    found: list[str] = []
    for token in _without_raw_html(_md.parse(source or "")):
        if token.type != "inline" or not token.children:
            continue
        link_depth = 0
        for child in token.children:
            if child.type == "link_open":
                link_depth += 1
                if target := _external_target(str(child.attrGet("href") or "")):
                    found.append(target)
            elif child.type == "link_close":
                link_depth -= 1
            elif child.type == "text" and link_depth == 0:
                found += [url for url in BARE_URL.findall(child.content) if _bare_is_external(url)]
    return found


def _bare_is_external(url: str) -> bool:
    return _external_target(url if "://" in url else f"https://{url}") is not None


def render_article(source: str, *, reference_count: int, title: str = "") -> RenderedArticle:
    """Render an article body with heading anchors, a table of contents and linked citations."""
    tokens = _parse(source, title)
    toc = _anchor_headings(tokens)
    citations = _link_citations(tokens, reference_count)
    html = _cleaner.clean(_md.renderer.render(tokens, _md.options, {}))
    return RenderedArticle(html=html, toc=toc, citations=citations)


def _parse(source: str, title: str, *, rel: str = OUTBOUND_REL) -> list[Token]:
    tokens = _without_raw_html(_md.parse(source or ""))
    _prepare(tokens, rel)
    if title:
        _drop_repeated_title(tokens, title)
    return tokens


def _without_raw_html(tokens: list[Token]) -> list[Token]:
    """Drop HTML comments (an author's notes to other authors) and turn any other raw HTML
    into text, which the page shows as written."""
    kept: list[Token] = []
    for token in tokens:
        if token.type == "html_block":
            # A raw block holds no code spans, so every comment in it is a real one.
            rest = HTML_COMMENT.sub("", token.content)
            if rest.strip():
                kept += _md_without_html.parse(rest)
        elif token.type == "inline" and token.children:
            token.children = _join_text(
                [
                    _text(child.content) if child.type == "html_inline" else child
                    for child in token.children
                    if not (child.type == "html_inline" and child.content.startswith("<!--"))
                ]
            )
            kept.append(token)
        else:
            kept.append(token)
    return kept


def _join_text(tokens: list[Token]) -> list[Token]:
    """Merge neighbouring text tokens, so that "(1<!-- … -->, 2)" is still one citation."""
    joined: list[Token] = []
    for token in tokens:
        if token.type == "text" and joined and joined[-1].type == "text":
            joined[-1] = _text(joined[-1].content + token.content)
        else:
            joined.append(token)
    return joined


def _drop_repeated_title(tokens: list[Token], title: str) -> None:
    """Leave out the body's first heading when it only repeats the page's title."""
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0:
            heading = _plain_text(tokens[index + 1].children or [])
            if _comparable(heading) == _comparable(title):
                del tokens[index : index + 3]  # heading_open, inline, heading_close
            return


def _comparable(text: str) -> str:
    return " ".join(text.split()).strip(" .:!?").casefold()


def _prepare(tokens: list[Token], rel: str) -> None:
    """Demote h1 (the page's title is its only h1), route outbound links, drop images and
    table styles."""
    for token in tokens:
        if token.type in {"heading_open", "heading_close"} and token.tag == "h1":
            token.tag = "h2"
        elif token.type in {"th_open", "td_open"}:
            _style_to_class(token)
        elif token.type == "inline" and token.children:
            token.children = [_prepare_inline(child, rel) for child in token.children]


def _prepare_inline(token: Token, rel: str) -> Token:
    if token.type == "link_open":
        href = str(token.attrs.pop("href", ""))
        if target := _external_target(href):
            token.attrSet("href", leave_url(target))
            token.attrSet("rel", rel)
        elif _is_local_or_mail(href):
            token.attrSet("href", href)
        return token
    if token.type == "image":
        # Remote images could be tracking pixels: keep only what the author wrote as alt text.
        return _text(_plain_text(token.children or []))
    return token


def _external_target(href: str) -> str | None:
    """The absolute address of a link to another site, or None."""
    if href.startswith("//"):
        href = f"https:{href}"
    return href if is_external(href) else None


def _is_local_or_mail(href: str) -> bool:
    if url_has_allowed_host_and_scheme(href, allowed_hosts=own_hosts()):
        return True
    return href.lower().startswith("mailto:")


def _style_to_class(token: Token) -> None:
    style = str(token.attrGet("style") or "")
    token.attrs.pop("style", None)
    if style.startswith("text-align:"):
        token.attrSet("class", f"align-{style.removeprefix('text-align:')}")


def _plain_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain_text(child.children or []))
    return "".join(parts)


def _anchor_headings(tokens: list[Token]) -> list[dict]:
    """Give h2 and h3 headings unique ids and list them as a table of contents."""
    toc: list[dict] = []
    used: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.tag not in {"h2", "h3"}:
            continue
        text = " ".join(_plain_text(tokens[index + 1].children or []).split())
        anchor = _unique_anchor(slugify(text) or "section", used)
        token.attrSet("id", anchor)
        toc.append({"level": int(token.tag[1]), "text": text, "anchor": anchor})
    return toc


def _unique_anchor(slug: str, used: set[str]) -> str:
    # Keep clear of the page's own ids (see _RESERVED_ANCHOR).
    if _RESERVED_ANCHOR.match(slug):
        slug = f"section-{slug}"
    anchor, number = slug, 1
    while anchor in used:
        number += 1
        anchor = f"{slug}-{number}"
    used.add(anchor)
    return anchor


def _link_citations(tokens: list[Token], reference_count: int) -> dict[int, list[str]]:
    """Turn "(1, 2)" and "(2-4)" in plain text into links to the numbered references; return
    the ids of the links to each reference, so that the list can link back to them."""
    citations: dict[int, list[str]] = {}
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        children: list[Token] = []
        link_depth = 0
        for child in token.children:
            if child.type == "link_open":
                link_depth += 1
            elif child.type == "link_close":
                link_depth -= 1
            if child.type == "text" and link_depth == 0:
                children.extend(_split_citations(child.content, reference_count, citations))
            else:
                children.append(child)
        token.children = children
    return citations


def _split_citations(
    text: str, reference_count: int, citations: dict[int, list[str]]
) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    for match in CITATION.finditer(text):
        if not _is_citation(match.group(), reference_count):
            continue
        tokens.append(_text(text[position : match.start()]))
        tokens.extend(_citation_tokens(match.group(), reference_count, citations))
        position = match.end()
    tokens.append(_text(text[position:]))
    return [token for token in tokens if token.type != "text" or token.content]


def _is_citation(group: str, reference_count: int) -> bool:
    """A group cites something when a number is in range and every range runs upwards."""
    if any(int(start) >= int(end) for start, end in _RANGE.findall(group)):
        return False
    return any(1 <= int(number) <= reference_count for number in _NUMBERS.findall(group))


def _citation_tokens(
    group: str, reference_count: int, citations: dict[int, list[str]]
) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    for match in _NUMBERS.finditer(group):
        number = int(match.group())
        if not 1 <= number <= reference_count:
            continue
        tokens.append(_text(group[position : match.start()]))
        ids = citations.setdefault(number, [])
        # "cite-ref-3-2": the second place that cites reference 3.
        ids.append(f"cite-ref-{number}-{len(ids) + 1}")
        link = Token("link_open", "a", 1)
        link.attrs = {"href": f"#ref-{number}", "class": "citation", "id": ids[-1]}
        tokens += [link, _text(match.group()), Token("link_close", "a", -1)]
        position = match.end()
    tokens.append(_text(group[position:]))
    return tokens


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


# Four-digit numbers in brackets are years ("(2020)"), never reference numbers.
MAX_CITED_NUMBER = 999


def cited_numbers(source: str) -> list[int]:
    """The reference numbers the text cites, "(1, 2)" and "(3-5)" alike, in ascending order:
    read where the renderer would link them (plain text, outside links and code)."""
    numbers: set[int] = set()
    for token in _md.parse(source or ""):
        if token.type != "inline" or not token.children:
            continue
        link_depth = 0
        for child in token.children:
            link_depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
            if child.type == "text" and link_depth == 0:
                for match in CITATION.finditer(child.content):
                    numbers |= _numbers_in(match.group())
    return sorted(number for number in numbers if 1 <= number <= MAX_CITED_NUMBER)


def _numbers_in(group: str) -> set[int]:
    ranges = _RANGE.findall(group)
    if any(int(start) >= int(end) for start, end in ranges):
        return set()
    numbers = {int(number) for number in _NUMBERS.findall(group)}
    for start, end in ranges:
        if int(end) <= MAX_CITED_NUMBER:
            numbers |= set(range(int(start), int(end) + 1))
    return numbers
