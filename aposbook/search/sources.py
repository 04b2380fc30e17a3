"""The library's content as search documents: published articles and the solutions.

The library sits below search, so search registers these itself (`SearchConfig.ready`);
the community apps register their own.
"""

from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed
from django.utils.html import escape

from aposbook.library.models import Article, Solution, Topic

from .index import Document, Source, register, reindex
from .models import Kind

SOLUTION_FIELDS = ("body_html", "dosage_html", "side_effects_html", "avoid_if_html")


def published_articles() -> QuerySet[Any]:
    return Article.objects.published().prefetch_related("topics")


def article_document(article: Article) -> Document:
    covered = tuple(topic.pk for topic in article.topics.all())
    return Document(
        title=article.title,
        text=f"{escape(article.summary)}\n{article.body_html}",
        url=article.get_absolute_url(),
        updated=article.last_updated,
        topic_ids=(article.topic_id, *covered),
    )


def solution_document(solution: Solution) -> Document:
    return Document(
        title=solution.name,
        text="\n".join(
            [escape(solution.summary), *(getattr(solution, name) for name in SOLUTION_FIELDS)]
        ),
        url=solution.get_absolute_url(),
        updated=solution.updated_at,
        topic_ids=(solution.topic_id,),
    )


def article_topics_changed(
    instance: Article | Topic, action: str, reverse: bool, pk_set: set[int] | None, **_: Any
) -> None:
    """An article's covered topics are in its document, for the topic filter."""
    if not action.startswith("post_"):
        return
    if not reverse:
        reindex(instance)
    else:  # a topic's articles changed, from the topic's side
        for article in Article.objects.filter(pk__in=pk_set or ()):
            reindex(article)


def register_library() -> None:
    register(
        Source(
            kind=Kind.ARTICLES,
            model=Article,
            visible=published_articles,
            document=article_document,
        )
    )
    register(
        Source(
            kind=Kind.SOLUTIONS,
            model=Solution,
            visible=Solution.objects.all,
            document=solution_document,
        )
    )
    m2m_changed.connect(
        article_topics_changed, sender=Article.topics.through, dispatch_uid="search:article-topics"
    )
