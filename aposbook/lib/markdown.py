"""Markdown rendering (temporary minimal version; replaced by the full renderer)."""

from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False})


@dataclass
class RenderedArticle:
    html: str
    toc: list[dict] = field(default_factory=list)


def render_markdown(source: str) -> str:
    return nh3.clean(_md.render(source or ""))


def render_article(source: str, *, reference_count: int) -> RenderedArticle:
    return RenderedArticle(html=render_markdown(source))
