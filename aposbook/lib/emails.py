"""Every email Aposbook sends: one function per email, each a template triple
(`templates/emails/<name>-subject.txt`, `-body.txt`, `-body.html`), delivered in the
background once the transaction that caused it has committed.

Tests that assert on `mail.outbox` wrap the request in
`django_capture_on_commit_callbacks(execute=True)`, as the email leaves only after commit.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TypedDict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django_tasks import task


def email_context(**context: object) -> dict[str, object]:
    """What every email template may use about the site, with `context` on top."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_DOMAIN": settings.SITE_DOMAIN,
        "SITE_URL": settings.SITE_URL,
        "SUPPORT_EMAIL": settings.SUPPORT_EMAIL,
        **context,
    }


def make_message(
    *,
    subject: str,
    text: str,
    html: str,
    to: list[str],
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """One email from our address, with its HTML part if there is one."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or None,
        headers=headers or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


class RenderedEmail(TypedDict):
    """An email's three parts, named as `make_message` and `queue_email` take them."""

    subject: str
    text: str
    html: str


def render_email(name: str, context: dict[str, object]) -> RenderedEmail:
    """Subject, text and HTML of `templates/emails/<name>-*`, with the site's context."""
    context = email_context(**context)
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
    return {
        "subject": f"[{settings.SITE_NAME}] {subject}",
        "text": render_to_string(f"emails/{name}-body.txt", context),
        "html": render_to_string(f"emails/{name}-body.html", context),
    }


@task()
def deliver_email(
    *, subject: str, text: str, html: str, to: list[str], reply_to: list[str] | None = None
) -> None:
    """Send one email through Django's email backend (runs on the task worker)."""
    make_message(subject=subject, text=text, html=html, to=to, reply_to=reply_to).send()


def queue_email(
    *, subject: str, text: str, html: str, to: list[str], reply_to: list[str] | None = None
) -> None:
    """Hand an already rendered email to the background worker after the commit."""
    transaction.on_commit(
        lambda: deliver_email.enqueue(
            subject=subject, text=text, html=html, to=to, reply_to=reply_to
        )
    )


def send_templated(
    name: str, *, to: list[str], context: dict[str, object], reply_to: list[str] | None = None
) -> None:
    """Render the email `name` now and send it in the background after the commit."""
    queue_email(**render_email(name, context), to=to, reply_to=reply_to)


# --- Members' writing in an email ----------------------------------------------------------

# How much of a post or an answer an email quotes; the link leads to the rest.
QUOTE_LENGTH = 600
# An href to one of our own pages, as stored HTML has them: "/leave/?to=…", "/conditions/…".
_OWN_HREF = re.compile(r'(<a\s[^>]*?href=")(/(?!/)[^"]*")')


@dataclass(frozen=True)
class QuotedWriting:
    """A member's text as an email shows it: HTML for the HTML part, text for the other."""

    html: SafeString
    text: str


def quote_writing(body_html: str, *, limit: int = QUOTE_LENGTH) -> QuotedWriting:
    """The start of a post or an answer for an email, from its stored `body_html` (already
    sanitised when it was saved), cut at `limit` characters of text. Links to our own pages
    (the leaving-site page included) get the site's address: a mail program has no page to
    find them from."""
    html = Truncator(body_html).chars(limit, html=True)
    absolute = absolute_links(html)
    # Safe: sanitised when saved; the truncation only closes the tags it cut.
    return QuotedWriting(html=mark_safe(absolute), text=html_to_text(absolute))


def absolute_links(html: str) -> str:
    """`html` with links to our own pages made absolute, for readers with no page to find
    them from (mail programs, feed readers)."""
    return _OWN_HREF.sub(lambda match: f"{match[1]}{settings.SITE_URL}{match[2]}", html)


def html_to_text(html: str) -> str:
    """Plain text for an email's text part: paragraphs apart, "> " before quoted lines,
    "- " before list items, and a link's address after its words."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return _blocks_text(parser.root).strip("\n")


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str | None]
    children: "list[_Node | str]"


class _TextParser(HTMLParser):
    """Builds a small tree of the (sanitised) HTML, which `_blocks_text` writes as text."""

    VOID = {"br", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {}, [])
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, dict(attrs), [])
        self.open[-1].children.append(node)
        if tag not in self.VOID:
            self.open.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


_BLOCK_TAGS = {"p", "blockquote", "ul", "ol", "pre", "table", "hr", "h2", "h3", "h4", "h5", "h6"}


def _blocks_text(node: _Node) -> str:
    """The text of a node's children, block by block, with a blank line between blocks."""
    blocks: list[str] = []
    inline: list[_Node | str] = []
    for child in node.children:
        if isinstance(child, _Node) and child.tag in _BLOCK_TAGS:
            blocks.append(_inline_text(inline))
            blocks.append(_block_text(child))
            inline = []
        else:
            inline.append(child)
    blocks.append(_inline_text(inline))
    return "\n\n".join(block for block in blocks if block.strip())


def _block_text(node: _Node) -> str:
    if node.tag == "blockquote":
        inner = _blocks_text(node)
        return "\n".join(f"> {line}".rstrip() for line in inner.splitlines())
    if node.tag in {"ul", "ol"}:
        items = [child for child in node.children if isinstance(child, _Node)]
        start = int(node.attrs.get("start") or 1)
        lines = []
        for number, item in enumerate(items, start=start):
            marker = f"{number}. " if node.tag == "ol" else "- "
            text = _blocks_text(item).replace("\n", "\n" + " " * len(marker))
            lines.append(f"{marker}{text}")
        return "\n".join(lines)
    if node.tag == "pre":
        return _raw_text(node).rstrip("\n")
    if node.tag == "table":
        rows = [row for row in _descendants(node) if row.tag == "tr"]
        return "\n".join(
            " | ".join(
                _inline_text(cell.children) for cell in row.children if isinstance(cell, _Node)
            )
            for row in rows
        )
    if node.tag == "hr":
        return "----"
    return _inline_text(node.children)


def _inline_text(children: "list[_Node | str]") -> str:
    parts: list[str] = []
    for child in children:
        if isinstance(child, str):
            parts.append(re.sub(r"\s+", " ", child))
        elif child.tag == "br":
            parts.append("\n")
        elif child.tag == "a":
            text = _inline_text(child.children).strip()
            href = child.attrs.get("href") or ""
            parts.append(f"{text} ({href})" if href and not href.startswith("#") else text)
        else:
            parts.append(_inline_text(child.children))
    lines = "".join(parts).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()


def _raw_text(node: _Node) -> str:
    return "".join(child if isinstance(child, str) else _raw_text(child) for child in node.children)


def _descendants(node: _Node) -> "list[_Node]":
    found = []
    for child in node.children:
        if isinstance(child, _Node):
            found += [child, *_descendants(child)]
    return found
