"""Editorial workflows: recording revisions, proposing edits, accepting (with a three-way
merge when the page changed since) and refusing them, restoring an old revision.

Each write is one transaction that locks the topic row first, so revisions of one topic are
numbered one after another whatever runs at the same time, and a proposal is decided once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from aposbook.accounts.models import User
from aposbook.lib.diff import Merge, diff_counts, merge3, word_diff
from aposbook.lib.emails import send_templated
from aposbook.library.models import Article, Topic, Video, VideoStatus

from .models import ALREADY_DECIDED, EditProposal, ProposalStatus, Revision, TrustedExpert

CHANGED_OUTSIDE = "Changed outside the editorial desk."
FIRST_TEXT = "The text as it was when its history began."


class AlreadyDecided(Exception):
    """Another editor decided the proposal first."""


class NothingChanged(ValueError):
    """The proposed text is the text the page has now."""


@dataclass
class MergeConflict(Exception):
    """The page changed since the proposal was made, in the same places: an editor resolves
    the conflicts by hand, or refuses the proposal."""

    merge: Merge


def _lock(topic: Topic) -> Topic:
    return Topic.objects.select_for_update().get(pk=topic.pk)


def _latest(topic: Topic) -> Revision | None:
    return Revision.objects.filter(topic=topic).order_by("-number").first()


def _add_revision(
    *,
    topic: Topic,
    body: str,
    previous: Revision | None,
    author: User | None,
    reason: str,
    is_minor: bool = False,
    accepted_by: User | None = None,
    restored_from: Revision | None = None,
) -> Revision:
    added, removed = diff_counts(word_diff(previous.body if previous else "", body))
    return Revision.objects.create(
        topic=topic,
        number=(previous.number if previous else 0) + 1,
        body=body,
        author=author,
        accepted_by=accepted_by,
        reason=reason,
        is_minor=is_minor,
        restored_from=restored_from,
        words_added=added,
        words_removed=removed,
    )


def current_revision(topic: Topic) -> Revision:
    """The revision that holds the page's text now. A page that has no history yet, or whose
    text was changed outside the desk (the admin, a demo reload), gets a revision for its
    text first, so every proposal starts from a recorded text.

    Call inside a transaction that locked the topic (`_lock`)."""
    owner = topic.owner()
    latest = _latest(topic)
    if latest is not None and latest.body == owner.body:
        return latest
    author = owner.author if isinstance(owner, Article) and latest is None else None
    reason = FIRST_TEXT if latest is None else CHANGED_OUTSIDE
    return _add_revision(
        topic=topic, body=owner.body, previous=latest, author=author, reason=reason
    )


@transaction.atomic
def base_revision_for(topic: Topic) -> Revision:
    """The revision a new proposal for `topic` starts from."""
    return current_revision(_lock(topic))


@transaction.atomic
def propose_edit(
    *, topic: Topic, proposer: User, body: str, reason: str, base: Revision, is_minor: bool = False
) -> EditProposal:
    """Record a proposed text. Nothing on the page changes until an editor accepts it."""
    if body == base.body:
        raise NothingChanged("Your text is the same as the page's: change something first.")
    proposal = EditProposal.objects.create(
        topic=topic,
        base_revision=base,
        body=body,
        reason=reason,
        is_minor=is_minor,
        proposer=proposer,
        is_member_suggestion=not proposer.is_expert,
    )
    if TrustedExpert.publishes_directly(proposer):
        # Trusted experts publish without a second look; the history still names them.
        accept_proposal(proposal=proposal, editor=proposer, self_published=True)
        proposal.refresh_from_db()
    return proposal


def merged_text(proposal: EditProposal, current: Revision) -> Merge:
    """The proposal applied to the page as it is now: the proposed text itself if the page
    has not changed since, otherwise a three-way merge from the proposal's base."""
    if current.pk == proposal.base_revision_id:
        return Merge((proposal.body,))
    return merge3(proposal.base_revision.body, current.body, proposal.body)


@transaction.atomic
def accept_proposal(
    *,
    proposal: EditProposal,
    editor: User,
    resolved_text: str | None = None,
    self_published: bool = False,
) -> Revision:
    """Publish a proposal as the topic's next revision. When the page changed since the
    proposal was made, changes in different places merge by themselves; overlapping ones
    raise `MergeConflict` unless the editor's `resolved_text` settles them (it is used only
    then: a proposal that applies cleanly is published as its writer wrote it)."""
    topic = _lock(proposal.topic)
    proposal = (
        EditProposal.objects.select_for_update().select_related("base_revision").get(pk=proposal.pk)
    )
    if not proposal.is_pending:
        raise AlreadyDecided(ALREADY_DECIDED)
    current = current_revision(topic)
    merge = merged_text(proposal, current)
    if merge.is_clean:
        text = merge.text()
    elif resolved_text is not None:
        text = resolved_text
    else:
        raise MergeConflict(merge)
    revision = _add_revision(
        topic=topic,
        body=text,
        previous=current,
        author=proposal.proposer,
        accepted_by=None if self_published else editor,
        reason=proposal.reason,
        is_minor=proposal.is_minor,
    )
    topic.owner().replace_body(text, substantive=not proposal.is_minor)
    _decide(proposal, status=ProposalStatus.ACCEPTED, editor=editor, revision=revision)
    if not self_published:
        _tell_about_decision(proposal)
    return revision


@transaction.atomic
def refuse_proposal(*, proposal: EditProposal, editor: User, note: str) -> None:
    """Refuse a proposal, with a note the proposer reads."""
    note = note.strip()
    if not note:
        raise ValueError("Please say why; the proposer will read it.")
    _lock(proposal.topic)
    proposal = EditProposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_pending:
        raise AlreadyDecided(ALREADY_DECIDED)
    _decide(proposal, status=ProposalStatus.REFUSED, editor=editor, note=note)
    _tell_about_decision(proposal)


@transaction.atomic
def withdraw_proposal(*, proposal: EditProposal) -> bool:
    """The proposer takes back a proposal still waiting; False if it was decided first."""
    return bool(
        EditProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.PENDING).update(
            status=ProposalStatus.WITHDRAWN, decided_at=timezone.now()
        )
    )


def _decide(
    proposal: EditProposal,
    *,
    status: str,
    editor: User,
    revision: Revision | None = None,
    note: str = "",
) -> None:
    proposal.status = status
    proposal.decided_by = editor
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal.revision = revision
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "revision"])


@transaction.atomic
def restore_revision(*, revision: Revision, editor: User, reason: str) -> Revision:
    """Publish an old revision's text again, as a new revision: nothing is erased."""
    topic = _lock(revision.topic)
    current = current_revision(topic)
    restored = _add_revision(
        topic=topic,
        body=revision.body,
        previous=current,
        author=editor,
        accepted_by=editor,
        reason=reason.strip() or f"Restored revision {revision.number}.",
        restored_from=revision,
    )
    topic.owner().replace_body(revision.body, substantive=True)
    return restored


def _tell_about_decision(proposal: EditProposal) -> None:
    """Email the proposer the outcome, and an article's author too: their article changed, or
    an edit to it was refused (they may want to make it themselves)."""
    topic = proposal.topic
    page_url = f"{settings.SITE_URL}{topic.get_absolute_url()}"
    proposal_url = f"{settings.SITE_URL}{proposal.get_absolute_url()}"
    accepted = proposal.status == ProposalStatus.ACCEPTED
    proposer = proposal.proposer
    if proposer is not None and proposer.can_post():
        send_templated(
            "proposal-accepted" if accepted else "proposal-refused",
            to=[proposer.email],
            context={"proposal": proposal, "page_url": page_url, "proposal_url": proposal_url},
        )
    owner = topic.owner()
    if isinstance(owner, Article):
        author = owner.author
        if author.pk != (proposer.pk if proposer else None) and author.can_post():
            send_templated(
                "article-changed" if accepted else "article-edit-refused",
                to=[author.email],
                context={
                    "proposal": proposal,
                    "article": owner,
                    "page_url": page_url,
                    "proposal_url": proposal_url,
                },
            )


# --- The member's account (registered in apps.py) ------------------------------------------


def export_member_proposals(user: User) -> dict[str, list[dict[str, object]]]:
    """The edits the member proposed, oldest first, with their texts and outcomes."""
    proposals = EditProposal.objects.filter(proposer=user).select_related("topic")
    return {
        "edit_proposals": [
            {
                "page": proposal.topic.title,
                "reason": proposal.reason,
                "text": proposal.body,
                "status": proposal.get_status_display(),
                "created_at": proposal.created_at,
                "decided_at": proposal.decided_at,
                "decision_note": proposal.decision_note,
            }
            for proposal in proposals.order_by("created_at")
        ]
    }


# --- Videos ---------------------------------------------------------------------------------


def _unique_video_slug(title: str) -> str:
    base = slugify(title)[:180] or "video"
    slug, number = base, 2
    while Video.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def submit_video(*, video: Video, topics: list[Topic], submitter: User) -> Video:
    """Record a video an expert sends; it waits for an editor and shows nowhere until then."""
    video.slug = _unique_video_slug(video.title)
    video.status = VideoStatus.SUBMITTED
    video.submitted_by = submitter
    video.created_at = timezone.now()
    video.save()
    video.topics.set(topics)
    return video


@transaction.atomic
def decide_video(*, video: Video, editor: User, publish: bool, note: str = "") -> Video:
    """Publish a submitted video (it appears on its topics' pages at once) or refuse it with
    a note the submitter reads."""
    video = Video.objects.select_for_update().get(pk=video.pk)
    if video.status != VideoStatus.SUBMITTED:
        raise AlreadyDecided("This video has already been decided.")
    note = note.strip()
    if not publish and not note:
        raise ValueError("Please say why; the expert who sent it will read it.")
    video.status = VideoStatus.PUBLISHED if publish else VideoStatus.REFUSED
    video.published_at = timezone.now()
    video.decision_note = note
    video.save(update_fields=["status", "published_at", "decision_note"])
    submitter = video.submitted_by
    if submitter is not None and submitter.can_post():
        send_templated(
            "video-published" if publish else "video-refused",
            to=[submitter.email],
            context={
                "video": video,
                "submitter": submitter,
                "video_url": f"{settings.SITE_URL}{video.get_absolute_url()}",
            },
        )
    return video
