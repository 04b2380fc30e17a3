"""Suggest an edit: a form with the page's text and a live preview; submitting changes
nothing on the page until an editor accepts."""

import pytest

from aposbook.editorial.models import EditProposal, ProposalStatus, Revision
from aposbook.moderation.services import suspend_member
from tests.helpers import page_text, textarea_value

from .conftest import ARTICLE_TEXT

SUGGEST = "/articles/magnesium-and-sleep/suggest/"
NEW_TEXT = ARTICLE_TEXT.replace("in the evening", "in the early evening")


def propose(client, body: str = NEW_TEXT, reason: str = "Clearer timing", **extra: str):
    base = client.get(SUGGEST).context["form"]["base"].value()
    return client.post(SUGGEST, {"body": body, "reason": reason, "base": base, **extra})


def test_it_asks_visitors_to_log_in(client, article) -> None:
    response = client.get(SUGGEST)

    assert response.status_code == 403
    assert "Please log in to use this feature" in page_text(response)


def test_it_shows_the_pages_text_to_edit(client, erin, article) -> None:
    client.force_login(erin)

    response = client.get(SUGGEST)

    assert response.status_code == 200
    assert textarea_value(response, "body") == ARTICLE_TEXT
    assert "How magnesium may help" in page_text(response)  # the preview


def test_submitting_changes_nothing_on_the_page(client, erin, article) -> None:
    client.force_login(erin)

    response = propose(client)

    proposal = EditProposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/editorial/proposals/{proposal.pk}/"
    assert "waiting for review" in page_text(client.get(response["Location"]))
    article.refresh_from_db()
    assert article.body == ARTICLE_TEXT
    assert proposal.status == ProposalStatus.PENDING
    assert proposal.body == NEW_TEXT
    assert not proposal.is_member_suggestion


def test_the_first_proposal_records_the_pages_text_as_revision_one(client, erin, article) -> None:
    client.force_login(erin)

    propose(client)

    [revision] = Revision.objects.all()
    assert (revision.number, revision.body, revision.author) == (1, ARTICLE_TEXT, article.author)
    assert EditProposal.objects.get().base_revision == revision


def test_a_member_suggestion_is_labelled(client, alice, article) -> None:
    client.force_login(alice)

    response = client.get(SUGGEST)
    propose(client)

    assert "member suggestion" in page_text(response)
    assert EditProposal.objects.get().is_member_suggestion


def test_conditions_and_solutions_take_suggestions_too(client, alice, insomnia) -> None:
    client.force_login(alice)
    base = client.get("/conditions/insomnia/suggest/").context["form"]["base"].value()

    client.post(
        "/conditions/insomnia/suggest/",
        {"body": "Trouble falling or staying asleep.", "reason": "More precise", "base": base},
    )

    assert EditProposal.objects.get().topic == insomnia.topic


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": ""}, "Please write your reason."),
        ({"body": "   "}, "Please write the page's text."),
        ({"body": ARTICLE_TEXT}, "Your text is the same as the page's"),
        ({"reason": "<script>alert(1)</script>"}, "Please remove the HTML tags"),
    ],
)
def test_bad_input_gets_a_message_and_keeps_the_text(client, erin, article, data, message) -> None:
    client.force_login(erin)

    response = propose(client, **{"body": NEW_TEXT, "reason": "Clearer timing", **data})

    assert response.status_code == 400
    assert message in page_text(response)
    assert textarea_value(response, "body") == data.get("body", NEW_TEXT)
    assert not EditProposal.objects.exists()


def test_the_preview_renders_as_the_page_would(client, erin, article) -> None:
    client.force_login(erin)

    response = client.post(
        "/articles/magnesium-and-sleep/suggest/preview/",
        {"body": "## New heading\n\n<script>alert(1)</script> **bold**"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert "<strong>bold</strong>" in html
    assert "New heading" in html
    assert "<script>" not in html


def test_without_javascript_the_preview_button_only_previews(client, erin, article) -> None:
    client.force_login(erin)

    response = propose(client, body="## Only a preview", show_preview="1")

    assert response.status_code == 200
    assert "Only a preview" in page_text(response)
    assert not EditProposal.objects.exists()


def test_suspended_members_cannot_suggest(client, alice, mo, article) -> None:
    suspend_member(member=alice, reason="Spam.", by=mo)
    client.force_login(alice)

    response = client.get(SUGGEST)

    assert response.status_code == 403
    assert not EditProposal.objects.exists()


def test_an_unpublished_article_takes_no_suggestion(client, erin, article) -> None:
    article.status = "draft"
    article.save()
    client.force_login(erin)

    assert client.get(SUGGEST).status_code == 404
