"""Writing and publishing articles, and the medical reviews of every page: saving an author's
draft with its numbered references, moving an article through the workflow (the rules are
in `workflow.py`), checking its citations, recording a re-review of a page.

Each move is one transaction that locks the article row first, so two people pressing
buttons at the same moment make one move, and the second is told it no longer applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from aposbook.accounts.models import User
from aposbook.lib.emails import send_templated
from aposbook.lib.markdown import cited_numbers
from aposbook.lib.pagecache import changed_object
from aposbook.library.models import (
    Article,
    ArticleReference,
    ArticleStatus,
    Reference,
    Topic,
    TopicKind,
)

from . import services, workflow

SLUG_MAX = 190
KEY_MAX = 80


class MoveRefused(Exception):
    """The move is not (or no longer) allowed: the message says why."""


@dataclass
class ArticleDraft:
    """What the writer's form hands over: the texts, the topics and related articles, and
    the references in citation order (new ones not saved yet)."""

    title: str
    summary: str
    body: str
    topics: list[Topic] = field(default_factory=list)
    related: list[Article] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


@dataclass
class CitationCheck:
    """Citations that point to no reference, and references the text never cites."""

    dangling: list[int]
    uncited: list[ArticleReference]

    @property
    def is_clean(self) -> bool:
        return not self.dangling and not self.uncited

    def dangling_message(self) -> str:
        numbers = ", ".join(f"({number})" for number in self.dangling)
        return (
            f"The text cites {numbers}, but the reference list has no such number: add the "
            "reference or correct the citation before submitting."
        )


def check_citations(article: Article, references: list[ArticleReference]) -> CitationCheck:
    """Compare the numbers the body cites with the article's numbered `references`."""
    cited = set(cited_numbers(article.body))
    numbers = {item.number for item in references}
    return CitationCheck(
        dangling=sorted(cited - numbers),
        uncited=[item for item in references if item.number not in cited],
    )


def _unique_slug(title: str, article: Article | None) -> str:
    base = slugify(title)[:SLUG_MAX].strip("-") or "article"
    others = Article.objects.exclude(pk=article.pk) if article else Article.objects.all()
    slug, number = base, 1
    while others.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _unique_key(reference: Reference) -> str:
    base = slugify(f"pmid-{reference.pmid}" if reference.pmid else f"doi-{reference.doi}")
    base = base[: KEY_MAX - 4] or "reference"
    key, number = base, 1
    while Reference.objects.filter(key=key).exists():
        number += 1
        key = f"{base}-{number}"
    return key


def _saved(reference: Reference) -> Reference:
    """A reference from the form: an existing one as it is; a new one saved, unless the same
    DOI or PMID arrived in the library since the form was checked (then that one)."""
    if reference.pk:
        return reference
    same = Reference.objects.filter(doi__iexact=reference.doi) if reference.doi else None
    if reference.pmid:
        same = Reference.objects.filter(pmid=reference.pmid)
    if same is not None and (existing := same.first()):
        return existing
    reference.key = _unique_key(reference)
    reference.full_clean()
    reference.save()
    return reference


@transaction.atomic
def save_draft(*, author: User, draft: ArticleDraft, article: Article | None = None) -> Article:
    """Create the author's draft, or save their changes to it, with its references numbered
    1, 2, 3… in the order given (the numbers its citations use)."""
    if article is None:
        article = Article(author=author, status=ArticleStatus.DRAFT)
    elif article.published_at is None:
        # An address nobody has seen yet follows the title.
        article.slug = ""
    article.title, article.summary, article.body = draft.title, draft.summary, draft.body
    if not article.slug:
        article.slug = _unique_slug(draft.title, article if article.pk else None)
    article.updated_at = timezone.now()
    article.save()
    ArticleReference.objects.filter(article=article).delete()
    ArticleReference.objects.bulk_create(
        ArticleReference(article=article, reference=_saved(reference), number=number)
        for number, reference in enumerate(draft.references, start=1)
    )
    article.topics.set(draft.topics)
    article.related.set(draft.related)
    article.save()  # rendered again, now that its citations have references to link to
    return article


@transaction.atomic
def move_article(*, article: Article, move: str, user: User, note: str = "") -> Article:
    """Make a workflow move (`workflow.MOVES`) on `article` for `user`."""
    article = Article.objects.select_for_update().select_related("topic").get(pk=article.pk)
    if refusal := workflow.refusal(article, move, user):
        raise MoveRefused(refusal)
    now = timezone.now()
    target = workflow.MOVES[move].target
    if move == "submit":
        references = list(article.article_references.all())
        check = check_citations(article, references)
        if check.dangling:
            raise MoveRefused(check.dangling_message())
        article.submitted_at, article.sent_back_note = now, ""
    elif move == "claim":
        article.reviewer = user
    elif move == "approve":
        _record_review(article.topic, reviewer=user, when=now)
    elif move in ("withdraw", "send-back"):
        article.reviewer, article.submitted_at = None, None
        article.sent_back_note = note.strip()
    elif move == "publish":
        article.published_at = article.published_at or now
        article.updated_at = now
    article.status = target
    article.save()
    if move == "publish":
        # The history starts with the text as published, under the author's name.
        services.base_revision_for(article.topic)
    _tell_author(article, move)
    return article


def _tell_author(article: Article, move: str) -> None:
    author = article.author
    if move not in ("send-back", "publish") or not author.can_post():
        return
    name = "article-sent-back" if move == "send-back" else "article-published"
    send_templated(
        name,
        to=[author.email],
        context={
            "article": article,
            "note": article.sent_back_note,
            "page_url": f"{settings.SITE_URL}{article.get_absolute_url()}",
            "desk_url": f"{settings.SITE_URL}/editorial/articles/{article.pk}/",
        },
    )


def _record_review(topic: Topic, *, reviewer: User, when: datetime) -> None:
    Topic.objects.filter(pk=topic.pk).update(reviewed_at=when, reviewed_by=reviewer)
    topic.reviewed_at, topic.reviewed_by = when, reviewer
    changed_object(topic)  # "Medically reviewed on" and the reviewer's name.


@transaction.atomic
def record_medical_review(*, topic: Topic, reviewer: User) -> None:
    """An editor records that `reviewer` (themselves or a named expert) checked the page
    today: its next review falls due a set time from now. For an article the reviewer is
    also the one its byline names."""
    _record_review(topic, reviewer=reviewer, when=timezone.now())
    if topic.kind == TopicKind.ARTICLE:
        Article.objects.filter(topic=topic).update(reviewer=reviewer)
