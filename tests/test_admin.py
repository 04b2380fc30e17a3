"""The Django admin manages every library model: lists, search, filters and forms load."""

import pytest
from django.contrib import admin
from django.urls import reverse

from aposbook.accounts.models import User

from .factories import (
    ArticleFactory,
    ConditionFactory,
    EvidenceFactory,
    ReferenceFactory,
    VideoFactory,
    cite,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root@example.com", "pw-for-tests-only"))
    return client


@pytest.fixture
def content():
    cite(ArticleFactory(), ReferenceFactory())
    EvidenceFactory()
    VideoFactory()


@pytest.mark.parametrize(
    "model", [m for m in admin.site._registry if m._meta.app_label in {"library", "accounts"}]
)
def test_it_lists_searches_and_opens_every_model(admin_client, content, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "magnesium"}).status_code == 200
    instance = model.objects.first()
    if instance is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk])
        assert admin_client.get(change).status_code == 200


def test_it_renders_citations_after_the_reference_inline_is_saved(admin_client):
    reference = ReferenceFactory()
    article = ArticleFactory(body="Magnesium helped (1).")
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "author": article.author.pk,
        "body": article.body,
        "status": "published",
        "published_at_0": "2024-01-02",
        "published_at_1": "10:00:00",
        "updated_at_0": "2024-02-03",
        "updated_at_1": "10:00:00",
        "article_references-TOTAL_FORMS": "1",
        "article_references-INITIAL_FORMS": "0",
        "article_references-0-reference": reference.pk,
        "article_references-0-number": "1",
    }

    response = admin_client.post(reverse("admin:library_article_change", args=[article.pk]), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert 'href="#ref-1"' in article.body_html


@pytest.mark.parametrize("model", ["conditionterm", "vocabularyterm"])
def test_it_lets_nobody_add_search_terms_by_hand(admin_client, model):
    # Conditions write their own terms on save; `import_icd10` writes the vocabulary.
    assert admin_client.get(reverse(f"admin:library_{model}_add")).status_code == 403


def test_it_shows_a_condition_s_search_terms_read_only(admin_client):
    term = ConditionFactory(name="Insomnia", synonyms="Sleeplessness").terms.first()
    change = reverse("admin:library_conditionterm_change", args=[term.pk])

    response = admin_client.post(change, {"term": "Changed", "key": "changed"})

    assert response.status_code == 403
    term.refresh_from_db()
    assert term.term != "Changed"
