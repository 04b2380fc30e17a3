"""Writing an article (references by DOI, PMID or library key, citation checks), and taking
it through medical review to publication, with the emails and the pages' query budgets."""

import re

import pytest
from django.core import mail

from aposbook.library.models import Article, ArticleReference, ArticleStatus, Reference
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    ReferenceFactory,
    SolutionFactory,
    cite,
)
from tests.fixtures import make_user
from tests.helpers import field_error, page_text, textarea_value

BODY = (
    "## How magnesium may help\n\n"
    "Two trials found adults fell asleep sooner (1, 2).\n\n"
    "## How to take it\n\n"
    "- In the evening\n- With food"
)


@pytest.fixture
def sam(db):
    """A second health expert: the medical reviewer."""
    return make_user("sam@example.com", "Sam Ortiz", role="expert", credentials="MD")


@pytest.fixture
def abbasi(db) -> Reference:
    return ReferenceFactory(key="abbasi-2012", pmid="23853635", doi="10.1000/abbasi")


@pytest.fixture
def topics(db):
    return ConditionFactory(name="Insomnia", slug="insomnia"), SolutionFactory(
        name="Magnesium", slug="magnesium"
    )


def article_data(topics: tuple = (), **fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Magnesium for better sleep",
        "summary": "What the trials say about magnesium and falling asleep.",
        "body": BODY,
        "references": "abbasi-2012\n10.5555/new.trial | Lee K, Park J | A new trial | Sleep | 2021",
        "topics": [str(topic.topic.pk) for topic in topics],
    }
    return data | fields


def draft_by(author, *references: Reference, body: str = BODY, **fields: object) -> Article:
    fields = {"status": ArticleStatus.DRAFT, "published_at": None, **fields}
    article = ArticleFactory(author=author, body=body, **fields)
    return cite(article, *references)


def move(client, article: Article, name: str, **data: str):
    return client.post(f"/editorial/articles/{article.pk}/{name}/", data)


# --- Writing --------------------------------------------------------------------------------


def test_it_lets_an_expert_write_a_draft_with_numbered_references(
    client, erin, abbasi, topics
) -> None:
    client.force_login(erin)

    response = client.post("/editorial/articles/new/", article_data(topics))

    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/editorial/articles/{article.pk}/"
    assert (article.status, article.author, article.slug) == (
        ArticleStatus.DRAFT,
        erin,
        "magnesium-for-better-sleep",
    )
    numbered = [(item.number, item.reference) for item in article.article_references.all()]
    new = Reference.objects.get(doi="10.5555/new.trial")
    assert numbered == [(1, abbasi), (2, new)]
    assert (new.authors, new.title, new.journal, new.year) == (
        "Lee K, Park J",
        "A new trial",
        "Sleep",
        2021,
    )
    assert set(article.topics.all()) == {topic.topic for topic in topics}
    assert 'href="#ref-2"' in article.body_html


def test_it_reuses_a_library_reference_given_by_its_doi_or_pmid(client, erin, abbasi) -> None:
    client.force_login(erin)

    client.post(
        "/editorial/articles/new/",
        article_data(references="10.1000/ABBASI\n" + "PMID: 23853635", body="Text (1)."),
    )

    # Both lines are the same library reference: refused as a duplicate, nothing created.
    assert Reference.objects.count() == 1
    client.post("/editorial/articles/new/", article_data(references="23853635", body="Text (1)."))
    assert Reference.objects.count() == 1
    assert Article.objects.get().references.get() == abbasi


def test_it_cites_the_library_references_ticked_after_the_lines_in_the_order_shown(
    client, erin, abbasi
) -> None:
    early = ReferenceFactory(key="aardvark-2001", authors="Aardvark A", doi="10.1000/early")
    late = ReferenceFactory(key="zeller-2019", authors="Zeller Z")
    client.force_login(erin)

    # No JavaScript: the box holds one line, three references are ticked, one of them the
    # reference the line names already.
    client.post(
        "/editorial/articles/new/",
        article_data(references=late.pmid, body="Text (1, 2, 3, 4).")
        | {"library": ["zeller-2019", "abbasi-2012", "aardvark-2001"]},
    )

    article = Article.objects.get()
    numbered = article.article_references.order_by("number").values_list("number", "reference")
    assert list(numbered) == [(1, late.pk), (2, early.pk), (3, abbasi.pk)]
    assert Reference.objects.count() == 3
    # The citation check sees the ticked references like the others.
    check = page_text(client.get(f"/editorial/articles/{article.pk}/"))
    assert "Citations that point to no reference: (4)" in check
    edit = client.get(f"/editorial/articles/{article.pk}/edit/")
    assert textarea_value(edit, "references") == f"{late.pmid}\n10.1000/early\n10.1000/abbasi"


def test_it_lists_the_library_to_tick_and_says_which_references_are_cited_already(
    client, erin, abbasi
) -> None:
    other = ReferenceFactory(key="lee-2020", title="A trial of sleep")
    article = draft_by(erin, abbasi, body="Text (1).")
    client.force_login(erin)

    page = client.get(f"/editorial/articles/{article.pk}/edit/")

    html, text = page.content.decode(), page_text(page)
    assert "References in our library" in text
    assert f"{abbasi.citation} [10.1000/abbasi] (in your list as reference (1))" in text
    assert f"{other.citation} [{other.pmid}]" in text
    assert f"{other.citation} [{other.pmid}] (in your list" not in text
    # Each box names its reference as a line of the box would, for the script that adds it.
    assert 'value="lee-2020"' in html
    assert f'data-cite-line="{other.pmid}"' in html
    assert 'data-cite-names="abbasi-2012 10.1000/abbasi 23853635"' in html
    assert "checked" not in html.split('id="id_library"')[1].split("</fieldset>")[0]


def test_it_keeps_the_ticked_references_when_the_form_is_refused(client, erin, abbasi) -> None:
    client.force_login(erin)

    response = client.post(
        "/editorial/articles/new/",
        article_data(title="", references="10.1000/abbasi") | {"library": ["abbasi-2012"]},
    )

    assert response.status_code == 400
    assert textarea_value(response, "references") == "10.1000/abbasi"
    html = response.content.decode()
    assert re.search(r'<input[^>]*value="abbasi-2012"[^>]*checked', html)
    assert "(in your list as reference (1))" in page_text(response)
    assert not Article.objects.exists()


def test_it_refuses_a_reference_that_is_not_in_the_library_list(client, erin) -> None:
    client.force_login(erin)

    response = client.post(
        "/editorial/articles/new/", article_data(references="") | {"library": ["nobody-1999"]}
    )

    assert response.status_code == 400
    assert "Pick references from the library's list." in field_error(response, "library")
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("10.12/short", "“10.12/short” is not a DOI"),
        ("123456789", "a PubMed ID has 1 to 8 digits"),
        ("10.5555/unknown", "10.5555/unknown is not in our library yet: add its authors"),
        ("87654321 | Lee K | A title | A journal | 21", "the year should be four digits"),
        ("nobody-2020", "is neither a DOI (10.1000/xyz), a PubMed ID"),
        # Digits that `str.isdigit()` accepts but a PMID or a year is never written with.
        ("87654321 | Lee K | A title | A journal | ²⁰²¹", "the year should be four digits"),
        ("87654321 | Lee K | A title | A journal | ٢٠٢١", "the year should be four digits"),
        ("١٢", "is neither a DOI (10.1000/xyz), a PubMed ID"),
        ("²", "is neither a DOI (10.1000/xyz), a PubMed ID"),
        ("10.١٢٣٤/x", "“10.١٢٣٤/x” is not a DOI"),
    ],
)
def test_it_explains_a_reference_it_cannot_use_next_to_the_field(
    client, erin, line: str, message: str
) -> None:
    client.force_login(erin)

    response = client.post("/editorial/articles/new/", article_data(references=line))

    assert response.status_code == 400
    assert message in field_error(response, "references")
    assert "Line 1" in field_error(response, "references")
    assert textarea_value(response, "references") == line
    assert textarea_value(response, "body") == BODY
    assert not Article.objects.exists()
    assert not Reference.objects.exists()


def test_it_offers_only_conditions_and_solutions_as_topics(client, erin, abbasi, topics) -> None:
    other = ArticleFactory(title="CBT-I explained")
    client.force_login(erin)

    page = client.get("/editorial/articles/new/")
    response = client.post(
        "/editorial/articles/new/", article_data() | {"topics": [str(other.topic.pk)]}
    )

    assert "Insomnia (Condition)" in page_text(page)
    assert "CBT-I explained (Article)" not in page_text(page)
    assert "Pick conditions and natural solutions" in field_error(response, "topics")


def test_it_offers_published_articles_as_related_and_saves_the_ones_picked(
    client, erin, abbasi
) -> None:
    cbt = ArticleFactory(title="CBT-I explained")
    unpublished = draft_by(erin, abbasi, title="Valerian, still a draft")
    client.force_login(erin)

    page = client.get("/editorial/articles/new/")
    client.post("/editorial/articles/new/", article_data(related=[str(cbt.pk)]))

    related = page.content.decode().split('id="id_related"')[1].split("</fieldset>")[0]
    assert "CBT-I explained" in related
    assert "Valerian, still a draft" not in related
    article = Article.objects.exclude(pk__in=[cbt.pk, unpublished.pk]).get()
    assert list(article.related.all()) == [cbt]
    edit = client.get(f"/editorial/articles/{article.pk}/edit/").content.decode()
    kept = edit.split('id="id_related"')[1].split("</fieldset>")[0]
    assert re.search(rf'<input[^>]*value="{cbt.pk}"[^>]*checked', kept)


def test_it_shows_members_that_only_experts_write_articles(client, alice) -> None:
    client.force_login(alice)

    page = client.get("/editorial/articles/new/")
    response = client.post("/editorial/articles/new/", article_data())

    assert page.status_code == 403
    assert "Only health experts and editors write articles" in page_text(page)
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_it_lets_the_author_edit_their_draft_with_its_references_as_written(
    client, erin, abbasi
) -> None:
    article = draft_by(erin, abbasi, body="Text (1).")
    client.force_login(erin)

    page = client.get(f"/editorial/articles/{article.pk}/edit/")
    response = client.post(
        f"/editorial/articles/{article.pk}/edit/",
        article_data(title="Magnesium and sleep, revised", references="", body="No citation."),
    )

    assert textarea_value(page, "references") == "10.1000/abbasi"
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.slug) == (
        "Magnesium and sleep, revised",
        "magnesium-and-sleep-revised",
    )
    assert not article.article_references.exists()


def test_it_refuses_an_edit_by_anyone_but_the_author_or_after_submitting(
    client, erin, sam, abbasi
) -> None:
    article = draft_by(erin, abbasi)
    client.force_login(sam)
    assert client.get(f"/editorial/articles/{article.pk}/edit/").status_code == 403

    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.SUBMITTED)
    client.force_login(erin)
    response = client.post(f"/editorial/articles/{article.pk}/edit/", article_data())

    assert response.status_code == 403
    assert "withdraw it from review first" in page_text(response)


# --- The citation check ---------------------------------------------------------------------


def test_it_shows_dangling_citations_and_references_never_cited(client, erin, abbasi) -> None:
    unused = ReferenceFactory(title="A trial nobody cites")
    article = draft_by(erin, abbasi, unused, body="Sooner (1, 3).")
    client.force_login(erin)

    response = client.get(f"/editorial/articles/{article.pk}/")

    text = page_text(response)
    assert "Citations that point to no reference: (3)" in text
    assert "References never cited: (2)" in text
    assert "A trial nobody cites" in text


def test_it_refuses_to_submit_with_a_dangling_citation(client, erin, abbasi) -> None:
    article = draft_by(erin, abbasi, body="Sooner (1, 2).")
    client.force_login(erin)

    response = move(client, article, "submit")

    assert response.status_code == 400
    assert "The text cites (2), but the reference list has no such number" in page_text(response)
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


def test_it_reads_years_and_ranges_as_the_renderer_does(client, erin, abbasi) -> None:
    refs = [abbasi, ReferenceFactory(), ReferenceFactory()]
    article = draft_by(
        erin, *refs, body="Trials (1-3) since (2012) agree; see [trial (7)](https://example.org)."
    )
    client.force_login(erin)

    text = page_text(client.get(f"/editorial/articles/{article.pk}/"))

    assert "Every citation points to a reference, and every reference is cited." in text


# --- Review and publication ----------------------------------------------------------------


def test_it_takes_an_article_from_draft_to_published_with_a_second_expert(
    client, erin, sam, mo, abbasi, topics, django_capture_on_commit_callbacks
) -> None:
    insomnia, magnesium = topics
    article = draft_by(erin, abbasi, ReferenceFactory(), title="Magnesium for better sleep")
    article.topics.add(insomnia.topic, magnesium.topic)

    client.force_login(erin)
    assert move(client, article, "submit").status_code == 302
    client.force_login(sam)
    assert "Magnesium for better sleep" in page_text(client.get("/editorial/"))
    assert move(client, article, "claim").status_code == 302
    assert move(client, article, "approve").status_code == 302
    article.refresh_from_db()
    assert (article.status, article.reviewer) == (ArticleStatus.APPROVED, sam)
    assert article.topic.reviewed_by == sam and article.topic.reviewed_at is not None
    assert not Article.objects.published().filter(pk=article.pk).exists()

    client.force_login(mo)
    with django_capture_on_commit_callbacks(execute=True):
        response = move(client, article, "publish")

    assert response.status_code == 302
    assert response["Location"] == f"/articles/{article.slug}/"
    page = page_text(client.get(response["Location"]))
    assert "Written by Erin Hale, MS, RD · Medically reviewed by Sam Ortiz, MD · Updated on" in page
    assert "Medically reviewed on" in page
    assert "Magnesium for better sleep" in page_text(client.get("/library/"))
    assert "Magnesium for better sleep" in page_text(client.get("/conditions/insomnia/"))
    assert "Magnesium for better sleep" in page_text(client.get("/solutions/magnesium/"))
    assert [message.to for message in mail.outbox] == [["erin@example.com"]]
    assert "is published" in mail.outbox[0].subject
    assert f"/articles/{article.slug}/" in mail.outbox[0].body
    assert article.topic.revisions.get().author == erin


def test_it_sends_an_article_back_with_the_reviewers_note(
    client, erin, sam, abbasi, django_capture_on_commit_callbacks
) -> None:
    article = draft_by(
        erin, abbasi, body="Sooner (1).", status=ArticleStatus.IN_REVIEW, reviewer=sam
    )
    client.force_login(sam)

    with django_capture_on_commit_callbacks(execute=True):
        response = move(client, article, "send-back", note="Please cite the 2021 trial too.")

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.reviewer) == (ArticleStatus.DRAFT, None)
    assert [message.to for message in mail.outbox] == [["erin@example.com"]]
    assert "was sent back to you" in mail.outbox[0].subject
    assert "Please cite the 2021 trial too." in mail.outbox[0].body
    assert "Please cite the 2021 trial too." in mail.outbox[0].alternatives[0][0]
    client.force_login(erin)
    assert "Please cite the 2021 trial too." in page_text(
        client.get(f"/editorial/articles/{article.pk}/edit/")
    )


def test_it_asks_for_a_note_when_sending_back(client, erin, sam, abbasi) -> None:
    article = draft_by(erin, abbasi, body="Sooner (1).", status=ArticleStatus.SUBMITTED)
    client.force_login(sam)

    response = move(client, article, "send-back", note="  ")

    assert response.status_code == 400
    assert "Please write a note" in field_error(response, "note")
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED


def test_it_lets_the_author_withdraw_a_submitted_article(client, erin, abbasi) -> None:
    article = draft_by(erin, abbasi, body="Sooner (1).", status=ArticleStatus.SUBMITTED)
    client.force_login(erin)

    move(client, article, "withdraw")

    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


def test_it_refuses_the_author_reviewing_their_own_article(client, erin, abbasi) -> None:
    article = draft_by(erin, abbasi, body="Sooner (1).", status=ArticleStatus.SUBMITTED)
    client.force_login(erin)

    response = move(client, article, "claim")

    assert response.status_code == 403
    assert "You can't review your own article" in page_text(response)
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED


def test_it_refuses_a_reviewer_publishing_without_an_editor(client, erin, sam, abbasi) -> None:
    article = draft_by(
        erin, abbasi, body="Sooner (1).", status=ArticleStatus.APPROVED, reviewer=sam
    )
    client.force_login(sam)

    response = move(client, article, "publish")

    assert response.status_code == 403
    assert "Only editors (moderators and staff) publish" in page_text(response)
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED


def test_it_refuses_a_move_by_get(client, erin, abbasi) -> None:
    article = draft_by(erin, abbasi, body="Sooner (1).")
    client.force_login(erin)

    response = client.get(f"/editorial/articles/{article.pk}/submit/")

    assert response.status_code == 405
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


def test_it_hides_an_archived_article_from_readers_until_an_editor_republishes_it(
    client, erin, mo
) -> None:
    article = ArticleFactory(author=erin, slug="magnesium-and-sleep")
    client.force_login(mo)

    move(client, article, "archive")
    client.logout()
    assert client.get("/articles/magnesium-and-sleep/").status_code == 404
    assert not Article.objects.published().exists()

    client.force_login(mo)
    move(client, article, "republish")
    client.logout()
    assert client.get("/articles/magnesium-and-sleep/").status_code == 200


def test_it_keeps_a_draft_from_other_experts(client, erin, sam, abbasi) -> None:
    article = draft_by(erin, abbasi)
    client.force_login(sam)

    response = client.get(f"/editorial/articles/{article.pk}/")

    assert response.status_code == 403
    assert "Only the author and the editors see a draft" in page_text(response)


# --- Query budgets -------------------------------------------------------------------------


def test_the_writing_page_keeps_its_query_budget(
    client, erin, topics, django_assert_max_num_queries
) -> None:
    for number in range(10):
        ReferenceFactory()
        ArticleFactory(title=f"Published article {number}")
    client.force_login(erin)

    with django_assert_max_num_queries(9):
        response = client.get("/editorial/articles/new/")

    assert response.status_code == 200


def test_the_article_page_keeps_its_query_budget(
    client, erin, abbasi, topics, django_assert_max_num_queries
) -> None:
    article = draft_by(erin, abbasi, *[ReferenceFactory() for _ in range(9)])
    article.topics.add(*(topic.topic for topic in topics))
    client.force_login(erin)

    with django_assert_max_num_queries(10):
        response = client.get(f"/editorial/articles/{article.pk}/")

    assert response.status_code == 200


def test_the_desk_keeps_its_query_budget_for_editors(
    client, erin, mo, django_assert_max_num_queries
) -> None:
    for status in (ArticleStatus.SUBMITTED, ArticleStatus.IN_REVIEW, ArticleStatus.APPROVED) * 5:
        ArticleFactory(author=erin, status=status, reviewer=erin)
    for _ in range(10):
        ConditionFactory()
    client.force_login(mo)

    # Each list and its count, however many rows: proposals, videos, articles, reviews due.
    with django_assert_max_num_queries(18):
        response = client.get("/editorial/")

    text = page_text(response)
    assert "Articles submitted and in review (15)" in text
    assert "5 submitted · 5 in medical review · 5 reviewed, ready to publish" in text
    assert "Medical reviews overdue" in text


def test_the_reference_list_is_numbered_in_the_writers_order(erin, abbasi) -> None:
    other = ReferenceFactory()
    article = draft_by(erin, other, abbasi)

    assert list(
        ArticleReference.objects.filter(article=article).values_list("number", "reference")
    ) == [
        (1, other.pk),
        (2, abbasi.pk),
    ]
