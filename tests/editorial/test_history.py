"""A page's history: every published change, any two compared, old revisions restored by
editors as new revisions; as fast with 1,000 revisions as with 10."""

import pytest

from aposbook.editorial import services
from aposbook.editorial.models import Revision
from aposbook.library.models import Article
from tests.helpers import page_text

from .conftest import ARTICLE_TEXT

HISTORY = "/articles/magnesium-and-sleep/history/"


def publish(
    article: Article, body: str, *, by, editor, reason: str = "An edit", is_minor: bool = False
) -> Revision:
    base = services.base_revision_for(article.topic)
    proposal = services.propose_edit(
        topic=article.topic, proposer=by, body=body, reason=reason, base=base, is_minor=is_minor
    )
    return services.accept_proposal(proposal=proposal, editor=editor)


def test_anyone_reads_the_history_newest_first(client, erin, mo, article) -> None:
    publish(article, ARTICLE_TEXT + "\n\nA new line.", by=erin, editor=mo, reason="Added a line")

    response = client.get(HISTORY)

    text = page_text(response)
    assert response.status_code == 200
    assert text.index("Added a line") < text.index("The text as it was when its history began")
    assert "accepted by Mo" in text
    assert "+3 −0 words" in text


def test_the_history_tells_a_minor_change_from_a_substantive_one(client, erin, mo, article) -> None:
    publish(article, ARTICLE_TEXT + "\n\nA new line.", by=erin, editor=mo, reason="Added a line")
    fixed = ARTICLE_TEXT.replace("Take it", "Take  it") + "\n\nA new line!"
    publish(article, fixed, by=erin, editor=mo, reason="Fixed a typo", is_minor=True)

    text = page_text(client.get(HISTORY))

    assert " words · minor Fixed a typo" in text
    assert "+3 −0 words Added a line" in text


def test_any_two_revisions_compare_word_by_word(client, erin, mo, article) -> None:
    publish(article, ARTICLE_TEXT.replace("evening", "early evening"), by=erin, editor=mo)
    publish(article, ARTICLE_TEXT.replace("evening", "late evening"), by=erin, editor=mo)

    response = client.get(f"{HISTORY}compare/?from=1&to=3")

    html = response.content.decode()
    assert "[added: </span>late" in html
    assert "revision 1" in page_text(response) and "revision 3" in page_text(response)


def test_comparing_needs_two_revisions(client, article) -> None:
    assert client.get(f"{HISTORY}compare/?from=1").status_code == 404
    assert client.get(f"{HISTORY}compare/?from=1&to=²").status_code == 404


def test_a_revision_shows_its_text(client, erin, mo, article) -> None:
    publish(article, ARTICLE_TEXT.replace("evening", "morning"), by=erin, editor=mo)

    response = client.get(f"{HISTORY}1/")

    assert "in the evening" in page_text(response)
    assert "in the morning" not in page_text(response)


def test_an_editor_restores_an_old_revision_as_a_new_one(client, erin, mo, article) -> None:
    publish(article, ARTICLE_TEXT.replace("evening", "morning"), by=erin, editor=mo)
    client.force_login(mo)

    response = client.post(f"{HISTORY}1/restore/", {"reason": "The trial says evening."})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == ARTICLE_TEXT
    latest = Revision.objects.filter(topic=article.topic).first()
    assert (latest.number, latest.restored_from.number, latest.reason) == (
        3,
        1,
        "The trial says evening.",
    )
    assert Revision.objects.filter(topic=article.topic).count() == 3  # nothing erased


def test_a_reason_too_long_restores_nothing_and_keeps_the_text(client, erin, mo, article):
    publish(article, ARTICLE_TEXT.replace("evening", "morning"), by=erin, editor=mo)
    client.force_login(mo)
    reason = "The trial says evening. " * 40

    response = client.post(f"{HISTORY}1/restore/", {"reason": reason})

    assert response.status_code == 400
    assert "Ensure this value has at most" in page_text(response)
    assert reason.strip() in response.content.decode()
    assert Revision.objects.filter(topic=article.topic).count() == 2


def test_only_editors_restore(client, erin, article) -> None:
    services.base_revision_for(article.topic)
    client.force_login(erin)

    response = client.post(f"{HISTORY}1/restore/")

    assert response.status_code == 403
    assert Revision.objects.count() == 1


def test_restoring_refuses_get(client, mo, article) -> None:
    services.base_revision_for(article.topic)
    client.force_login(mo)

    assert client.get(f"{HISTORY}1/restore/").status_code == 405


def test_a_change_made_outside_the_desk_enters_the_history(client, article) -> None:
    services.base_revision_for(article.topic)
    article.body = ARTICLE_TEXT + "\n\nEdited in the admin."
    article.save()

    text = page_text(client.get(HISTORY))

    assert "Changed outside the editorial desk." in text
    assert Revision.objects.filter(topic=article.topic).first().body == article.body


def test_the_history_of_an_unpublished_article_is_not_found(client, article) -> None:
    article.status = "draft"
    article.save()

    assert client.get(HISTORY).status_code == 404


@pytest.mark.parametrize("revisions", [10, 1000])
def test_the_history_costs_the_same_with_many_revisions(
    client, erin, article, revisions, django_assert_max_num_queries
) -> None:
    Revision.objects.bulk_create(
        Revision(topic=article.topic, number=n, body=f"Text {n}", author=erin, reason=f"Edit {n}")
        for n in range(1, revisions)
    )
    services.base_revision_for(article.topic)

    with django_assert_max_num_queries(9):
        response = client.get(HISTORY)

    assert response.status_code == 200
    assert f"Edit {revisions - 1}" in page_text(response)
