"""factory_boy factories for the library; people come from tests/fixtures.py."""

import datetime as dt

import factory
from django.utils import timezone

from aposbook.accounts.models import Role, User
from aposbook.library.models import (
    Article,
    ArticleReference,
    ArticleStatus,
    Condition,
    EvidenceGrade,
    Reference,
    Solution,
    SolutionForCondition,
    SolutionKind,
    Video,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"writer{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Writer {n}")
    role = Role.EXPERT
    credentials = "MS, RD"
    password = factory.django.Password("correct horse battery staple")


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")
    summary = "A condition used in tests."
    body = "## What it is\n\nA short description."


class SolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Solution

    name = factory.Sequence(lambda n: f"Solution {n}")
    slug = factory.Sequence(lambda n: f"solution-{n}")
    kind = SolutionKind.SUPPLEMENT
    summary = "A natural solution used in tests."


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    key = factory.Sequence(lambda n: f"author-{2000 + n}")
    authors = factory.Sequence(lambda n: f"Author{n} A, Second B")
    title = factory.Sequence(lambda n: f"A randomised trial number {n}")
    journal = "Journal of Tests"
    year = 2020
    pmid = factory.Sequence(lambda n: str(10000000 + n))


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SolutionForCondition

    solution = factory.SubFactory(SolutionFactory)
    condition = factory.SubFactory(ConditionFactory)
    grade = EvidenceGrade.B
    summary = "Two good trials found a modest benefit."


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "An article used in tests."
    author = factory.SubFactory(UserFactory)
    body = "## Introduction\n\nSome text."
    status = ArticleStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
    updated_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2))


def cite(article: Article, *references: Reference) -> Article:
    """Number the references 1, 2, 3… in the article and render it again."""
    for number, reference in enumerate(references, start=1):
        ArticleReference.objects.create(article=article, reference=reference, number=number)
    article.save()
    return article


class VideoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Video

    title = factory.Sequence(lambda n: f"Video {n}")
    slug = factory.Sequence(lambda n: f"video-{n}")
    creator = "A public-health channel"
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
