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
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"writer{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Writer {n}")
    role = Role.EXPERT
    credentials = "MS, RD"
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """An expert's address is confirmed, as on the live site (`verified=False`: not)."""
        if create and extracted is not False:
            self.mark_email_verified()


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


class ReviewFactory(factory.django.DjangoModelFactory):
    """A member's review, written through `create_review` so the stored figures count it.
    Pass `created_at` to date it in the past."""

    class Meta:
        model = "reviews.Review"

    author = factory.SubFactory(UserFactory, role=Role.MEMBER, credentials="")
    solution = factory.SubFactory(SolutionFactory)
    condition = None
    effectiveness = 7
    side_effects = "none"
    side_effects_text = ""
    solution_form = None
    dose = ""
    duration = "1-3-months"
    recommends = True
    story = factory.Sequence(
        lambda n: f"Review {n}: I took it every evening for a few weeks and slept a little better."
    )

    @classmethod
    def _create(cls, model_class: type, *args: object, **kwargs: object) -> object:
        from aposbook.reviews.services import ReviewDetails, create_review

        created_at = kwargs.pop("created_at", None)
        pair = {key: kwargs.pop(key) for key in ("author", "solution", "condition")}
        review = create_review(**pair, details=ReviewDetails(**kwargs))
        if created_at is not None:
            model_class.objects.filter(pk=review.pk).update(created_at=created_at)
            review.created_at = created_at
        return review


class ThreadFactory(factory.django.DjangoModelFactory):
    """A discussion with its opening post, started through `start_thread`."""

    class Meta:
        model = "discussions.Thread"

    topic = factory.LazyFunction(lambda: ConditionFactory().topic)
    author = factory.SubFactory(UserFactory, role=Role.MEMBER, credentials="")
    title = factory.Sequence(lambda n: f"Discussion number {n} about sleep")
    # Each different: the same text twice from one member waits for a moderator.
    body = factory.Sequence(
        lambda n: f"What worked for you? I would like to hear your experience ({n})."
    )

    @classmethod
    def _create(cls, model_class: type, *args: object, **kwargs: object) -> object:
        from aposbook.discussions.services import start_thread

        return start_thread(**kwargs)


class PostFactory(factory.django.DjangoModelFactory):
    """A reply, posted through `add_reply` so the thread's counters count it."""

    class Meta:
        model = "discussions.Post"

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory, role=Role.MEMBER, credentials="")
    body = factory.Sequence(lambda n: f"Reply number {n}: it helped me a little after a week.")

    @classmethod
    def _create(cls, model_class: type, *args: object, **kwargs: object) -> object:
        from aposbook.discussions.services import add_reply

        return add_reply(**kwargs)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "questions.Question"

    topic = factory.LazyFunction(lambda: ConditionFactory().topic)
    author = factory.SubFactory(UserFactory, role=Role.MEMBER, credentials="")
    title = factory.Sequence(lambda n: f"Question number {n}: does it help?")
    body = ""


class AnswerFactory(factory.django.DjangoModelFactory):
    """An answer, posted through `add_answer` so the question's counter counts it."""

    class Meta:
        model = "questions.Answer"

    question = factory.SubFactory(QuestionFactory)
    author = factory.SubFactory(UserFactory, role=Role.MEMBER, credentials="")
    body = factory.Sequence(lambda n: f"Answer number {n}: in my experience it helped a bit.")

    @classmethod
    def _create(cls, model_class: type, *args: object, **kwargs: object) -> object:
        from aposbook.questions.services import add_answer

        if kwargs.get("author") is not None:
            return add_answer(**kwargs)
        # An answer whose author's account is gone: posted by a member, then unlinked.
        answer = add_answer(**{**kwargs, "author": UserFactory()})
        model_class.objects.filter(pk=answer.pk).update(author=None)  # type: ignore[attr-defined]
        answer.author = None
        return answer


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "feedback.Feedback"

    topic = factory.LazyFunction(lambda: ConditionFactory().topic)
    helpful = True
    comment = ""
