"""The library in the Django admin: citations after the reference inline is saved, and
search terms that nobody edits by hand."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ConditionFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


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
