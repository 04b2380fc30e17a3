"""Markdown to safe HTML: links to other sites go through the leaving-site page."""

import re
from dataclasses import dataclass, field

import nh3
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.token import Token

from aposbook.lib.outbound import is_external, leave_url, own_hosts

_md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])

OUTBOUND_REL = "noopener noreferrer nofollow"
_ALIGN_CLASSES = {"align-left", "align-center", "align-right"}

BLOCK_TAGS = {"p", "br", "hr", "blockquote", "pre", "ul", "ol", "li"}
HEADING_TAGS = {"h2", "h3", "h4", "h5", "h6"}
INLINE_TAGS = {"a", "strong", "em", "s", "del", "code"}
TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td"}

# The renderer only ever emits these; anything else reaching the sanitiser is dropped.
_cleaner = nh3.Cleaner(
    tags=BLOCK_TAGS | HEADING_TAGS | INLINE_TAGS | TABLE_TAGS,
    attributes={"a": {"href", "title", "id"}, "h2": {"id"}, "h3": {"id"}, "ol": {"start"}},
    tag_attribute_values={"a": {"rel": {OUTBOUND_REL}}},
    allowed_classes={"a": {"citation"}, "th": _ALIGN_CLASSES, "td": _ALIGN_CLASSES},
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
    strip_comments=True,
)

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


def render_markdown(source: str) -> str:
    """Render user Markdown to sanitised HTML; headings start at h2."""
    tokens = _md.parse(source or "")
    _prepare(tokens)
    return _cleaner.clean(_md.renderer.render(tokens, _md.options, {}))


def render_article(source: str, *, reference_count: int) -> RenderedArticle:
    """Render an article body with heading anchors, a table of contents and linked citations."""
    tokens = _md.parse(source or "")
    _prepare(tokens)
    toc = _anchor_headings(tokens)
    _link_citations(tokens, reference_count)
    html = _cleaner.clean(_md.renderer.render(tokens, _md.options, {}))
    return RenderedArticle(html=html, toc=toc)


def _prepare(tokens: list[Token]) -> None:
    """Demote h1 (the page's title is its only h1), route outbound links, drop images and
    table styles."""
    for token in tokens:
        if token.type in {"heading_open", "heading_close"} and token.tag == "h1":
            token.tag = "h2"
        elif token.type in {"th_open", "td_open"}:
            _style_to_class(token)
        elif token.type == "inline" and token.children:
            token.children = [_prepare_inline(child) for child in token.children]


def _prepare_inline(token: Token) -> Token:
    if token.type == "link_open":
        href = str(token.attrs.pop("href", ""))
        if target := _external_target(href):
            token.attrSet("href", leave_url(target))
            token.attrSet("rel", OUTBOUND_REL)
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


def _link_citations(tokens: list[Token], reference_count: int) -> None:
    """Turn "(1, 2)" and "(2-4)" in plain text into links to the numbered references."""
    seen: dict[int, int] = {}
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
                children.extend(_split_citations(child.content, reference_count, seen))
            else:
                children.append(child)
        token.children = children


def _split_citations(text: str, reference_count: int, seen: dict[int, int]) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    for match in CITATION.finditer(text):
        if not _is_citation(match.group(), reference_count):
            continue
        tokens.append(_text(text[position : match.start()]))
        tokens.extend(_citation_tokens(match.group(), reference_count, seen))
        position = match.end()
    tokens.append(_text(text[position:]))
    return [token for token in tokens if token.type != "text" or token.content]


def _is_citation(group: str, reference_count: int) -> bool:
    """A group cites something when a number is in range and every range runs upwards."""
    if any(int(start) >= int(end) for start, end in _RANGE.findall(group)):
        return False
    return any(1 <= int(number) <= reference_count for number in _NUMBERS.findall(group))


def _citation_tokens(group: str, reference_count: int, seen: dict[int, int]) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    for match in _NUMBERS.finditer(group):
        number = int(match.group())
        if not 1 <= number <= reference_count:
            continue
        tokens.append(_text(group[position : match.start()]))
        seen[number] = seen.get(number, 0) + 1
        cite_id = f"cite-{number}" if seen[number] == 1 else f"cite-{number}-{seen[number]}"
        link = Token("link_open", "a", 1)
        link.attrs = {"href": f"#ref-{number}", "class": "citation", "id": cite_id}
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
