"""The admin opens every model registered in it: the list, a search, and a row's change page.

Each model needs a maker in MAKERS, so that a newly registered model fails here until the
test knows how to make a row of it. What the admin does beyond opening pages (its actions,
deletes through the services…) is tested in each app's test_admin.py."""

from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.db.models import Model
from django.urls import reverse
from django_tasks_db.models import DBTaskResult, get_date_max

from aposbook.accounts.models import User
from aposbook.discussions.models import Follow, Post, Thread
from aposbook.editorial import services as editorial
from aposbook.editorial.models import EditProposal, Revision, TrustedExpert
from aposbook.feedback.models import Feedback
from aposbook.library.models import (
    Article,
    Condition,
    ConditionTerm,
    Medicine,
    Reference,
    SafetyRule,
    Solution,
    SolutionForCondition,
    Topic,
    Video,
    VocabularyTerm,
)
from aposbook.library.vocabulary import normalise
from aposbook.moderation.models import AuditEntry, ExpertApplication, Report, Suspension
from aposbook.moderation.reports import report_item
from aposbook.moderation.services import suspend_member
from aposbook.pages.models import ContactMessage
from aposbook.questions.models import Answer, Question
from aposbook.reviews.models import Review, ReviewStats
from tests.factories import (
    AnswerFactory,
    ArticleFactory,
    ConditionFactory,
    EvidenceFactory,
    FeedbackFactory,
    PostFactory,
    QuestionFactory,
    ReferenceFactory,
    ReviewFactory,
    SolutionFactory,
    ThreadFactory,
    UserFactory,
    VideoFactory,
    cite,
)
from tests.fixtures import make_user

pytestmark = pytest.mark.django_db


def a_suspension() -> Suspension:
    return suspend_member(member=make_user("sid@example.com", "Sid"), reason="Spam", by=None)


def an_expert_application() -> ExpertApplication:
    return ExpertApplication.objects.create(
        user=make_user("pat@example.com", "Pat"),
        profession="Pharmacist",
        credentials="PharmD",
        registry_url="https://example.org/register/42",
    )


def a_task_result() -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path="aposbook.accounts.tasks.purge_deleted_accounts_task",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
    )


def a_proposal() -> EditProposal:
    topic = ConditionFactory().topic
    base = editorial.base_revision_for(topic)
    proposer = make_user("pia@example.com", "Pia")
    return editorial.propose_edit(
        topic=topic, proposer=proposer, body="A clearer text.", reason="Clearer", base=base
    )


def a_vocabulary_term() -> VocabularyTerm:
    term = "Insomnia due to medical condition"
    return VocabularyTerm.objects.create(
        code="G47.01", term=term, key=normalise(term), source=VocabularyTerm.Source.DESCRIPTION
    )


# How to make one row of each model in the admin.
MAKERS: dict[type[Model], Callable[[], Model]] = {
    Group: lambda: Group.objects.create(name="Editors"),
    Site: lambda: Site.objects.create(domain="aposbook.test", name="Aposbook"),
    EmailAddress: lambda: EmailAddress.objects.get(user=make_user("ema@example.com", "Ema")),
    DBTaskResult: a_task_result,
    User: UserFactory,
    Condition: ConditionFactory,
    Solution: SolutionFactory,
    SolutionForCondition: EvidenceFactory,
    Reference: ReferenceFactory,
    Medicine: lambda: Medicine.objects.create(name="painkillers", terms="paracetamol"),
    SafetyRule: lambda: SafetyRule.objects.create(
        kind=SafetyRule.Kind.CURE, name="Wonder", patterns=r"\bwonder\b", message="Gently."
    ),
    Article: lambda: cite(ArticleFactory(), ReferenceFactory()),
    Video: VideoFactory,
    Topic: lambda: ConditionFactory().topic,
    VocabularyTerm: a_vocabulary_term,
    ConditionTerm: lambda: ConditionFactory().terms.first(),
    Suspension: a_suspension,
    AuditEntry: lambda: AuditEntry.objects.get(target_user=a_suspension().user),
    Report: lambda: report_item(
        reporter=make_user("rex@example.com", "Rex"),
        item=ReviewFactory(),
        reason="other",
        details="Copied from a shop",
    ),
    ExpertApplication: an_expert_application,
    Review: ReviewFactory,
    ReviewStats: lambda: ReviewStats.objects.get(solution=ReviewFactory().solution),
    Thread: ThreadFactory,
    Post: PostFactory,
    Follow: lambda: Follow.objects.get(thread=ThreadFactory()),
    Question: QuestionFactory,
    Answer: AnswerFactory,
    Feedback: FeedbackFactory,
    Revision: lambda: editorial.base_revision_for(ConditionFactory().topic),
    EditProposal: a_proposal,
    TrustedExpert: lambda: TrustedExpert.objects.create(user=UserFactory()),
    ContactMessage: lambda: ContactMessage.objects.create(
        name="Jo", email="jo@example.org", message="A question about magnesium."
    ),
}


def search_term(row: Model, search_fields: list[str]) -> str:
    """A value of the row that the list's search must find: the first search field with one."""
    for name in search_fields:
        value: object = row
        for part in name.lstrip("^=@").split("__"):
            value = getattr(value, part, None)
            if hasattr(value, "all"):  # a reverse relation: its first row
                value = value.first()
        if isinstance(value, str) and value.strip():
            return value
    raise AssertionError(f"none of {search_fields} has a value on {row!r}")


def label(model: type[Model]) -> str:
    return model._meta.label


@pytest.mark.parametrize("model", sorted({*admin.site._registry, *MAKERS}, key=label), ids=label)
def test_it_lists_searches_and_opens_every_registered_model(admin_client, model) -> None:
    assert model in admin.site._registry, f"{label(model)} has a maker but no admin: drop it"
    assert model in MAKERS, f"{label(model)} is in the admin: add a maker for it to MAKERS"
    row = MAKERS[model]()
    assert isinstance(row, model) and row.pk is not None
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])

    listed = admin_client.get(changelist)
    assert listed.status_code == 200
    assert change in listed.content.decode()

    search_fields = list(admin.site._registry[model].search_fields)
    if search_fields:
        found = admin_client.get(changelist, {"q": search_term(row, search_fields)})
        assert found.status_code == 200
        assert change in found.content.decode()

    assert admin_client.get(change).status_code == 200
