"""Deciding a proposal: the diff, accepting (merging when the page changed since),
refusing with a note, withdrawing, trusted experts, and the emails."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from aposbook.editorial import services
from aposbook.editorial.models import EditProposal, ProposalStatus, Revision, TrustedExpert
from aposbook.library.models import Article, ArticleStatus
from tests.factories import ArticleFactory
from tests.fixtures import make_user
from tests.helpers import page_text

from .conftest import ARTICLE_TEXT

EARLY = ARTICLE_TEXT.replace("in the evening", "in the early evening")


def proposal_by(user, article: Article, body: str = EARLY, **fields: object) -> EditProposal:
    base = services.base_revision_for(article.topic)
    return services.propose_edit(
        topic=article.topic, proposer=user, body=body, reason="Clearer timing", base=base, **fields
    )


def test_the_proposal_page_shows_the_change_word_by_word(client, erin, article) -> None:
    proposal = proposal_by(erin, article)

    response = client.get(f"/editorial/proposals/{proposal.pk}/")

    html = response.content.decode()
    assert '<ins><span class="visually-hidden">[added: </span>early' in html
    assert "Clearer timing" in page_text(response)
    assert "Erin Hale" in page_text(response)
    assert "MS, RD" in page_text(response)  # the proposer's credentials


def test_an_editor_accepts_and_the_page_shows_the_new_text(
    client, erin, mo, article, django_capture_on_commit_callbacks
) -> None:
    proposal = proposal_by(erin, article)
    client.force_login(mo)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/editorial/proposals/{proposal.pk}/accept/")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == EARLY
    assert "early evening" in page_text(client.get("/articles/magnesium-and-sleep/"))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.decided_by == mo
    assert proposal.revision.number == 2
    assert [(r.number, r.author, r.accepted_by) for r in Revision.objects.order_by("number")] == [
        (1, article.author, None),
        (2, erin, mo),
    ]
    # The proposer and the article's author hear about it.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "erin@example.com",
        "nora@example.com",
    ]
    assert any("is published" in message.subject for message in mail.outbox)


def test_nobody_accepts_their_own_proposal(client, mo, article) -> None:
    proposal = proposal_by(mo, article)
    client.force_login(mo)

    response = client.post(f"/editorial/proposals/{proposal.pk}/accept/")

    assert response.status_code == 403
    assert "You can't decide on your own proposal" in page_text(response)
    article.refresh_from_db()
    assert article.body == ARTICLE_TEXT


def test_experts_and_members_do_not_decide(client, erin, alice, article) -> None:
    proposal = proposal_by(alice, article)
    client.force_login(erin)

    response = client.post(f"/editorial/proposals/{proposal.pk}/accept/")

    assert response.status_code == 403
    assert "Only editors" in page_text(response)
    proposal.refresh_from_db()
    assert proposal.is_pending


def test_deciding_refuses_get(client, erin, mo, article) -> None:
    proposal = proposal_by(erin, article)
    client.force_login(mo)

    assert client.get(f"/editorial/proposals/{proposal.pk}/accept/").status_code == 405
    assert client.get(f"/editorial/proposals/{proposal.pk}/refuse/").status_code == 405
    proposal.refresh_from_db()
    assert proposal.is_pending


def test_a_refusal_needs_a_note_which_the_proposer_and_the_author_read(
    client, erin, mo, article, django_capture_on_commit_callbacks
) -> None:
    proposal = proposal_by(erin, article)
    client.force_login(mo)

    empty = client.post(f"/editorial/proposals/{proposal.pk}/refuse/", {"note": ""})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/editorial/proposals/{proposal.pk}/refuse/", {"note": "The trial says evening."}
        )

    assert empty.status_code == 400
    assert "Please say why" in page_text(empty)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REFUSED
    # The proposer and the article's author hear about it.
    proposer, author = sorted(mail.outbox, key=lambda message: message.to[0])
    assert proposer.to == ["erin@example.com"]
    assert "The trial says evening." in proposer.body
    assert author.to == ["nora@example.com"]
    assert "was not accepted" in author.subject
    assert "The trial says evening." in author.body
    assert "The trial says evening." in author.alternatives[0][0]
    article.refresh_from_db()
    assert article.body == ARTICLE_TEXT


def test_a_stale_proposal_merges_changes_in_other_places(erin, bob, mo, article) -> None:
    stale = proposal_by(erin, article)  # changes "in the evening"
    newer = proposal_by(bob, article, body=ARTICLE_TEXT.replace("pharmacist", "doctor"))
    services.accept_proposal(proposal=newer, editor=mo)

    services.accept_proposal(proposal=stale, editor=mo)

    article.refresh_from_db()
    assert article.body == ARTICLE_TEXT.replace("in the evening", "in the early evening").replace(
        "pharmacist", "doctor"
    )
    assert Revision.objects.filter(topic=article.topic).count() == 3


def test_overlapping_changes_are_a_conflict_to_resolve_by_hand(
    client, erin, bob, mo, article
) -> None:
    stale = proposal_by(erin, article)
    newer = proposal_by(bob, article, body=ARTICLE_TEXT.replace("in the evening", "at bedtime"))
    services.accept_proposal(proposal=newer, editor=mo)
    client.force_login(mo)

    page = client.get(f"/editorial/proposals/{stale.pk}/")
    conflict = client.post(f"/editorial/proposals/{stale.pk}/accept/")
    resolved = ARTICLE_TEXT.replace("in the evening", "in the early evening, at bedtime")
    settled = client.post(f"/editorial/proposals/{stale.pk}/accept/", {"body": resolved})

    assert "1 conflict" in page_text(page)
    assert "at bedtime" in page_text(page) and "in the early evening" in page_text(page)
    assert conflict.status_code == 409
    assert "resolve the conflicts below, or refuse it" in page_text(conflict)
    assert settled.status_code == 302
    article.refresh_from_db()
    assert article.body == resolved


def test_a_resolved_text_is_ignored_when_the_proposal_applies_cleanly(
    client, erin, mo, article
) -> None:
    proposal = proposal_by(erin, article)
    client.force_login(mo)

    client.post(f"/editorial/proposals/{proposal.pk}/accept/", {"body": "Something else."})

    article.refresh_from_db()
    assert article.body == EARLY


def test_a_decided_proposal_is_decided_once(client, erin, mo, article) -> None:
    other_editor = make_user("ed@example.com", "Ed", role="moderator")
    proposal = proposal_by(erin, article)
    services.accept_proposal(proposal=proposal, editor=other_editor)
    client.force_login(mo)

    response = client.post(f"/editorial/proposals/{proposal.pk}/refuse/", {"note": "No."})

    assert response.status_code == 403
    assert "already been decided" in page_text(response)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED


def test_the_proposer_withdraws_a_waiting_proposal(client, erin, alice, article) -> None:
    proposal = proposal_by(erin, article)
    client.force_login(alice)
    refused = client.post(f"/editorial/proposals/{proposal.pk}/withdraw/")
    client.force_login(erin)

    client.post(f"/editorial/proposals/{proposal.pk}/withdraw/")

    assert refused.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN


def test_a_trusted_expert_publishes_without_a_second_look(erin, root, article) -> None:
    TrustedExpert.objects.create(user=erin, marked_by=root)

    proposal = proposal_by(erin, article)

    assert proposal.status == ProposalStatus.ACCEPTED
    article.refresh_from_db()
    assert article.body == EARLY
    assert proposal.revision.accepted_by is None


def test_a_minor_change_leaves_the_updated_date(erin, mo, article) -> None:
    updated = article.updated_at

    services.accept_proposal(proposal=proposal_by(erin, article, is_minor=True), editor=mo)

    article.refresh_from_db()
    assert article.updated_at == updated


def test_a_substantive_change_moves_the_updated_date(erin, mo, article) -> None:
    before = timezone.now() - dt.timedelta(seconds=1)

    services.accept_proposal(proposal=proposal_by(erin, article), editor=mo)

    article.refresh_from_db()
    assert article.updated_at > before


def test_the_desk_lists_waiting_proposals_oldest_first(
    client, erin, alice, mo, article, insomnia
) -> None:
    first = proposal_by(erin, article)
    base = services.base_revision_for(insomnia.topic)
    second = services.propose_edit(
        topic=insomnia.topic, proposer=alice, body="Better.", reason="Shorter", base=base
    )
    client.force_login(mo)

    text = page_text(client.get("/editorial/"))

    assert "Proposals waiting for review (2)" in text
    assert text.index("Magnesium and sleep") < text.index("Insomnia")
    assert "Member suggestion" in text
    client.force_login(alice)
    mine = page_text(client.get("/editorial/"))
    assert "Proposals waiting for review" not in mine
    assert "1 waiting" in mine
    assert first.pk != second.pk


def test_the_desk_shows_an_expert_their_drafts_and_their_proposals_outcomes(
    client, erin, mo, article, insomnia
) -> None:
    ArticleFactory(title="Valerian, a draft", author=erin, status=ArticleStatus.DRAFT)
    services.accept_proposal(proposal=proposal_by(erin, article), editor=mo)
    base = services.base_revision_for(insomnia.topic)
    refused = services.propose_edit(
        topic=insomnia.topic, proposer=erin, body="Hard to sleep.", reason="Plainer", base=base
    )
    services.refuse_proposal(proposal=refused, editor=mo, note="The old words are clearer.")
    client.force_login(erin)

    text = page_text(client.get("/editorial/"))

    assert "Your articles" in text
    assert "Valerian, a draft : Draft" in text
    assert "0 waiting · 1 accepted · 1 refused" in text
    assert "Magnesium and sleep : Accepted" in text
    assert "Insomnia : Refused" in text
    assert "Proposals waiting for review" not in text


@pytest.mark.parametrize("path", ["/editorial/", "/articles/magnesium-and-sleep/suggest/"])
def test_editorial_pages_need_a_member(client, article, path) -> None:
    assert client.get(path).status_code == 403
