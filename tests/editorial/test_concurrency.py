"""Two editors accepting the same proposal at the same moment: one wins, the other is told.
Needs PostgreSQL, where the two requests really run at once (SQLite runs one writer at a
time; the suite skips this there, with the reason)."""

import pytest

from aposbook.editorial import services
from aposbook.editorial.models import ProposalStatus, Revision
from tests.factories import ArticleFactory
from tests.fixtures import make_user
from tests.helpers import run_together

pytestmark = [pytest.mark.postgres]


def test_two_editors_accept_one_proposal_at_once(transactional_db) -> None:
    author = make_user("nora@example.com", "Nora", role="expert", credentials="PharmD")
    article = ArticleFactory(author=author, body="Take it in the evening.")
    erin = make_user("erin@example.com", "Erin", role="expert", credentials="MS, RD")
    editors = [make_user(f"ed{n}@example.com", f"Ed {n}", role="moderator") for n in range(2)]
    base = services.base_revision_for(article.topic)
    proposal = services.propose_edit(
        topic=article.topic, proposer=erin, body="Take it at night.", reason="Clearer", base=base
    )
    outcomes: list[str] = []

    def accept_as(editor) -> None:
        try:
            services.accept_proposal(proposal=proposal, editor=editor)
        except services.AlreadyDecided:
            outcomes.append("told")
        else:
            outcomes.append("won")

    run_together([lambda editor=editor: accept_as(editor) for editor in editors])

    assert sorted(outcomes) == ["told", "won"]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert list(Revision.objects.filter(topic=article.topic).values_list("number", flat=True)) == [
        2,
        1,
    ]


def test_two_proposals_accepted_at_once_get_consecutive_revisions(transactional_db) -> None:
    article = ArticleFactory(body="One. Two. Three.")
    writers = [make_user(f"w{n}@example.com", f"W {n}", role="expert") for n in range(2)]
    editors = [make_user(f"ed{n}@example.com", f"Ed {n}", role="moderator") for n in range(2)]
    base = services.base_revision_for(article.topic)
    proposals = [
        services.propose_edit(
            topic=article.topic, proposer=writer, body=body, reason="Edit", base=base
        )
        for writer, body in zip(writers, ["Uno. Two. Three.", "One. Two. Tres."], strict=True)
    ]

    run_together(
        [
            lambda p=proposal, e=editor: services.accept_proposal(proposal=p, editor=e)
            for proposal, editor in zip(proposals, editors, strict=True)
        ]
    )

    article.refresh_from_db()
    assert article.body == "Uno. Two. Tres."  # the second merged with the first
    assert list(Revision.objects.filter(topic=article.topic).values_list("number", flat=True)) == [
        3,
        2,
        1,
    ]
