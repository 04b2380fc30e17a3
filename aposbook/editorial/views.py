"""The editorial desk's pages: suggest an edit, a proposal with its diff and decision, a
page's history and the comparison of two revisions, and the desk itself."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from aposbook.accounts.gate import AuthenticatedRequest, member_feature, not_allowed
from aposbook.lib.diff import merge3, word_diff
from aposbook.lib.numbers import parse_id
from aposbook.lib.paging import keyset_page
from aposbook.lib.visibility import require_listed
from aposbook.library.access import access_topic
from aposbook.library.models import Topic, TopicKind, Video, VideoStatus

from . import articles, services
from .article_forms import AddInformationForm
from .forms import (
    PreviewForm,
    ProposalForm,
    RefuseForm,
    ResolveForm,
    RestoreForm,
    VideoSubmissionForm,
)
from .models import EditProposal, ProposalStatus, Revision

HISTORY_PAGE_SIZE = 50
# Unique within a topic's history, and served by the index editorial_revision_history.
HISTORY_ORDER = ("-number",)
DESK_LIST_SIZE = 50
EDITORS_ONLY = "Only editors (moderators and staff) decide proposals and restore revisions."
WAITING_FOR_REVIEW = (
    "Thank you: your proposal is waiting for review. The page stays as it is until an editor "
    "accepts it; we will email you the outcome."
)


def _editor_refusal(request: AuthenticatedRequest) -> HttpResponse | None:
    if request.user.can_publish():
        return None
    return not_allowed(request, EDITORS_ONLY)


# --- Suggest an edit -------------------------------------------------------------------------


@member_feature
def suggest_edit(request: AuthenticatedRequest, kind: str, slug: str) -> HttpResponse:
    topic = access_topic(request.user, kind, slug)
    owner = topic.owner()
    revisions = Revision.objects.filter(topic=topic)
    if request.method == "POST" and "show_preview" in request.POST:
        # Without JavaScript, "Update the preview" posts the text to see it rendered: the
        # form comes back as typed, not yet checked.
        typed = {name: request.POST.get(name) for name in ("body", "reason", "is_minor", "base")}
        form = ProposalForm(initial=typed, topic_revisions=revisions)
    elif request.method == "POST":
        form = ProposalForm(request.POST, topic_revisions=revisions)
    else:
        # The form carries the revision it shows, the base of a later merge.
        base = services.base_revision_for(topic)
        form = ProposalForm(initial={"body": base.body, "base": base.pk}, topic_revisions=revisions)
    if form.is_bound and form.is_valid():
        try:
            proposal = services.propose_edit(
                topic=topic,
                proposer=request.user,
                body=form.cleaned_data["body"],
                reason=form.cleaned_data["reason"],
                base=form.cleaned_data["base"],
                is_minor=form.cleaned_data["is_minor"],
            )
        except services.NothingChanged as unchanged:
            form.add_error("body", str(unchanged))
        else:
            if proposal.status == ProposalStatus.ACCEPTED:
                messages.success(request, "Your change is published.")
                return redirect(topic.get_absolute_url())
            messages.success(request, WAITING_FOR_REVIEW)
            return redirect(proposal)
    preview = owner.render_body(form["body"].value() or "")
    context = {"topic": topic, "owner": owner, "form": form, "preview": preview}
    status = 400 if form.errors else 200
    return render(request, "editorial/suggest.html", context, status=status)


ONLY_EXPERTS_ADD = "Only health experts add information to the library's pages."


@member_feature
def add_information(request: AuthenticatedRequest, kind: str, slug: str) -> HttpResponse:
    """An expert adds a section, with its sources, to a condition's or a solution's page:
    a proposal like any other, which editors read as a diff and accept or refuse."""
    if kind not in (TopicKind.CONDITION, TopicKind.SOLUTION):
        raise Http404("Information is added to conditions and solutions.")
    topic = access_topic(request.user, kind, slug)
    if not request.user.can_contribute_media():
        return not_allowed(request, ONLY_EXPERTS_ADD, for_editors=True)
    form = AddInformationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        base = services.base_revision_for(topic)
        proposal = services.propose_edit(
            topic=topic,
            proposer=request.user,
            body=f"{base.body.rstrip()}\n\n{form.section()}".lstrip(),
            reason=f"Added a section: {form.cleaned_data['heading']}",
            base=base,
        )
        if proposal.status == ProposalStatus.ACCEPTED:
            messages.success(request, "Your section is published.")
            return redirect(topic.get_absolute_url())
        messages.success(request, WAITING_FOR_REVIEW)
        return redirect(proposal)
    status = 400 if form.errors else 200
    context = {"topic": topic, "form": form}
    return render(request, "editorial/add_information.html", context, status=status)


@require_POST
@member_feature
def preview(request: AuthenticatedRequest, kind: str, slug: str) -> HttpResponse:
    """The text rendered as the page would render it (htmx, as the writer types)."""
    topic = access_topic(request.user, kind, slug)
    form = PreviewForm(request.POST)
    text = form.cleaned_data["body"] if form.is_valid() else ""
    html = topic.owner().render_body(text)
    return render(request, "editorial/includes/preview.html", {"preview": html})


# --- A proposal ------------------------------------------------------------------------------


def _get_proposal(request: HttpRequest, proposal_id: int) -> EditProposal:
    proposal = get_object_or_404(
        EditProposal.objects.select_related("topic", "proposer", "decided_by", "base_revision"),
        pk=proposal_id,
    )
    if not proposal.topic.is_visible_to(request.user):
        raise Http404("No such proposal.")
    require_listed(request.user, proposal)
    return proposal


def _render_proposal(
    request: HttpRequest,
    proposal: EditProposal,
    *,
    refuse_form: RefuseForm | None = None,
    resolve_form: ResolveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_decide = (
        user.is_authenticated and user.can_publish() and proposal.decision_refusal(user) is None
    )
    merge = None
    if proposal.is_pending:
        # What accepting would do now: the page may have changed since the proposal.
        current = proposal.topic.owner().body
        if current != proposal.base_revision.body:
            merge = merge3(proposal.base_revision.body, current, proposal.body)
    if can_decide and merge is not None and not merge.is_clean and resolve_form is None:
        resolve_form = ResolveForm(initial={"body": merge.text(prefer="theirs")})
    context = {
        "proposal": proposal,
        "topic": proposal.topic,
        "diff": word_diff(proposal.base_revision.body, proposal.body),
        "merge": merge,
        "can_decide": can_decide,
        "refuse_form": refuse_form or RefuseForm(),
        "resolve_form": resolve_form,
        "is_proposer": user.is_authenticated and proposal.proposer_id == user.pk,
    }
    return render(request, "editorial/proposal.html", context, status=status)


def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _render_proposal(request, _get_proposal(request, proposal_id))


def _decidable(request: AuthenticatedRequest, proposal_id: int) -> EditProposal | HttpResponse:
    proposal = _get_proposal(request, proposal_id)
    if refusal := _editor_refusal(request):
        return refusal
    if reason := proposal.decision_refusal(request.user):
        return not_allowed(request, reason, back_url=proposal.get_absolute_url())
    return proposal


@require_POST
@member_feature
def accept(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    proposal = _decidable(request, proposal_id)
    if isinstance(proposal, HttpResponse):
        return proposal
    resolved_text = None
    if "body" in request.POST:
        resolve_form = ResolveForm(request.POST)
        if not resolve_form.is_valid():
            return _render_proposal(request, proposal, resolve_form=resolve_form, status=400)
        resolved_text = resolve_form.cleaned_data["body"].replace("\r\n", "\n")
    try:
        services.accept_proposal(
            proposal=proposal, editor=request.user, resolved_text=resolved_text
        )
    except services.AlreadyDecided as decided:
        return not_allowed(request, str(decided), back_url=proposal.get_absolute_url())
    except services.MergeConflict:
        messages.error(
            request,
            "The page changed in the same places since this proposal was made: resolve the "
            "conflicts below, or refuse it.",
        )
        return _render_proposal(request, proposal, status=409)
    messages.success(request, "The proposal is accepted and the page shows the new text.")
    return redirect(proposal.topic.get_absolute_url())


@require_POST
@member_feature
def refuse(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    proposal = _decidable(request, proposal_id)
    if isinstance(proposal, HttpResponse):
        return proposal
    form = RefuseForm(request.POST)
    if not form.is_valid():
        return _render_proposal(request, proposal, refuse_form=form, status=400)
    try:
        services.refuse_proposal(
            proposal=proposal, editor=request.user, note=form.cleaned_data["note"]
        )
    except services.AlreadyDecided as decided:
        return not_allowed(request, str(decided), back_url=proposal.get_absolute_url())
    messages.success(request, "The proposal is refused; the proposer will read your note.")
    return redirect("editorial:desk")


@require_POST
@member_feature
def withdraw(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    proposal = _get_proposal(request, proposal_id)
    if proposal.proposer_id != request.user.pk:
        return not_allowed(request, "Only the member who proposed it can withdraw it.")
    if services.withdraw_proposal(proposal=proposal):
        messages.success(request, "You withdrew your proposal.")
    else:
        messages.info(request, "An editor decided this proposal before you withdrew it.")
    return redirect(proposal)


# --- History ---------------------------------------------------------------------------------


def history(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    topic = access_topic(request.user, kind, slug)
    services.base_revision_for(topic)  # the page's current text is always the newest entry
    revisions = Revision.objects.filter(topic=topic).for_history()
    page = keyset_page(
        revisions,
        name="history",
        order=HISTORY_ORDER,
        cursor=request.GET.get("cursor"),
        size=HISTORY_PAGE_SIZE,
    )
    user = request.user
    context = {
        "topic": topic,
        "page": page,
        "can_restore": user.is_authenticated and user.can_publish(),
    }
    return render(request, "editorial/history.html", context)


def _get_revision(topic: Topic, number: int) -> Revision:
    return get_object_or_404(
        Revision.objects.select_related("author", "accepted_by"), topic=topic, number=number
    )


def revision_detail(request: HttpRequest, kind: str, slug: str, number: int) -> HttpResponse:
    topic = access_topic(request.user, kind, slug)
    return _revision_page(request, topic, _get_revision(topic, number), RestoreForm())


def _revision_page(
    request: HttpRequest, topic: Topic, revision: Revision, form: RestoreForm, status: int = 200
) -> HttpResponse:
    context = {
        "topic": topic,
        "revision": revision,
        "text_html": topic.owner().render_body(revision.body),
        "can_restore": request.user.is_authenticated and request.user.can_publish(),
        "restore_form": form,
    }
    return render(request, "editorial/revision.html", context, status=status)


def compare(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """The word-level diff between any two revisions (`?from=3&to=7`)."""
    topic = access_topic(request.user, kind, slug)
    numbers = [parse_id(request.GET.get(key)) for key in ("from", "to")]
    if None in numbers:
        raise Http404("Choose two revisions to compare.")
    older, newer = (_get_revision(topic, number) for number in sorted(n for n in numbers if n))
    context = {
        "topic": topic,
        "older": older,
        "newer": newer,
        "diff": word_diff(older.body, newer.body),
    }
    return render(request, "editorial/compare.html", context)


@require_POST
@member_feature
def restore(request: AuthenticatedRequest, kind: str, slug: str, number: int) -> HttpResponse:
    topic = access_topic(request.user, kind, slug)
    if refusal := _editor_refusal(request):
        return refusal
    revision = _get_revision(topic, number)
    form = RestoreForm(request.POST)
    if not form.is_valid():
        return _revision_page(request, topic, revision, form, status=400)
    reason = form.cleaned_data["reason"]
    restored = services.restore_revision(revision=revision, editor=request.user, reason=reason)
    messages.success(
        request, f"Revision {revision.number} is restored as revision {restored.number}."
    )
    return redirect("editorial:history", kind=kind, slug=slug)


# --- The desk --------------------------------------------------------------------------------


@member_feature
def desk(request: AuthenticatedRequest) -> HttpResponse:
    """For editors, the proposals waiting (oldest first); for everyone who proposes, their
    own proposals and what became of them."""
    user = request.user
    context: dict[str, object] = {
        "is_editor": user.can_publish(),
        "mine": list(EditProposal.objects.filter(proposer=user).for_list()[:DESK_LIST_SIZE]),
        "my_counts": EditProposal.objects.filter(proposer=user).aggregate(
            waiting=Count("pk", filter=Q(status=ProposalStatus.PENDING)),
            accepted=Count("pk", filter=Q(status=ProposalStatus.ACCEPTED)),
            refused=Count("pk", filter=Q(status=ProposalStatus.REFUSED)),
        ),
    }
    if user.can_contribute_media():
        context["my_videos"] = list(
            Video.objects.filter(submitted_by=user).order_by("-created_at")[:DESK_LIST_SIZE]
        )
    if user.can_publish():
        waiting = EditProposal.objects.pending().for_list().order_by("created_at", "pk")
        context["waiting"] = list(waiting[:DESK_LIST_SIZE])
        context["waiting_count"] = EditProposal.objects.pending().count()
        videos = Video.objects.submitted().select_related("submitted_by").order_by("created_at")
        context["videos_waiting"] = list(videos[:DESK_LIST_SIZE])
        context["videos_waiting_count"] = Video.objects.submitted().count()
    context |= articles.desk_context(user)
    return render(request, "editorial/desk.html", context)


# --- Videos ----------------------------------------------------------------------------------

ONLY_EXPERTS_SUBMIT = "Only health experts submit videos and articles to the library."
VIDEO_SENT = (
    "Thank you: your video is waiting for an editor. It appears on its topics' pages once an "
    "editor publishes it; we will email you the decision."
)


@member_feature
def submit_video(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.can_contribute_media():
        return not_allowed(request, ONLY_EXPERTS_SUBMIT, for_editors=True)
    form = VideoSubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        video = services.submit_video(
            video=form.save(commit=False),
            topics=list(form.cleaned_data["topics"]),
            submitter=request.user,
        )
        messages.success(request, VIDEO_SENT)
        return redirect("editorial:video", video_id=video.pk)
    status = 400 if form.errors else 200
    return render(request, "editorial/video_form.html", {"form": form}, status=status)


def _get_submitted_video(request: AuthenticatedRequest, video_id: int) -> Video:
    """A submitted video, for editors and for the expert who sent it."""
    video = get_object_or_404(Video.objects.select_related("submitted_by"), pk=video_id)
    if not (request.user.can_publish() or video.submitted_by_id == request.user.pk):
        raise Http404("No such video of yours.")
    return video


@member_feature
def video_submission(request: AuthenticatedRequest, video_id: int) -> HttpResponse:
    video = _get_submitted_video(request, video_id)
    context = {
        "video": video,
        "topics": list(video.topics.all()),
        "can_decide": request.user.can_publish() and video.status == VideoStatus.SUBMITTED,
        "refuse_form": RefuseForm(),
    }
    return render(request, "editorial/video.html", context)


@require_POST
@member_feature
def decide_video(request: AuthenticatedRequest, video_id: int, decision: str) -> HttpResponse:
    video = _get_submitted_video(request, video_id)
    if refusal := _editor_refusal(request):
        return refusal
    publish = decision == "publish"
    form = RefuseForm(request.POST)
    if not publish and not form.is_valid():
        context = {"video": video, "topics": list(video.topics.all()), "can_decide": True}
        return render(request, "editorial/video.html", context | {"refuse_form": form}, status=400)
    try:
        services.decide_video(
            video=video, editor=request.user, publish=publish, note=form.data.get("note", "")
        )
    except services.AlreadyDecided as decided:
        return not_allowed(request, str(decided))
    if publish:
        messages.success(request, "The video is published on its topics' pages.")
        return redirect(video)
    messages.success(request, "The video is refused; the expert will read your note.")
    return redirect("editorial:desk")
