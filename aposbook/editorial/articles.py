"""The pages of article writing and medical review: write and edit a draft, the article's
own desk page (its state, preview, citation check and the moves the reader may make), the
moves themselves, recording a page's medical review, and the article lists of the desk."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from aposbook.accounts.gate import AuthenticatedRequest, member_feature, not_allowed
from aposbook.accounts.models import User
from aposbook.library.access import access_topic
from aposbook.library.models import Article, ArticleReference, ArticleStatus, Topic

from . import publishing, workflow
from .article_forms import ArticleForm, MedicalReviewForm, SendBackForm, reference_lines

DESK_LIST_SIZE = 50
NOT_YOURS_TO_SEE = "Only the author and the editors see a draft."
WRITERS_SEE = "Only health experts and editors follow articles through review."
NOT_YOURS_TO_EDIT = (
    "Only the author edits an article, and only while it is a draft: withdraw it from review "
    "first. A published article changes through “Suggest an edit”."
)
EDITORS_RECORD_REVIEWS = "Only editors (moderators and staff) record a page's medical review."


def _get_article(request: AuthenticatedRequest, article_id: int) -> Article | HttpResponse:
    """The article if the reader may see its desk page, else the "not allowed" page."""
    article = get_object_or_404(
        Article.objects.select_related("author", "reviewer", "topic", "topic__reviewed_by"),
        pk=article_id,
    )
    if not workflow.may_see(article, request.user):
        draft = article.status == ArticleStatus.DRAFT
        return not_allowed(request, NOT_YOURS_TO_SEE if draft else WRITERS_SEE)
    return article


def _writer_refusal(request: AuthenticatedRequest) -> HttpResponse | None:
    if workflow.may_write(request.user):
        return None
    return not_allowed(request, workflow.WRITERS_ONLY, for_editors=True)


def _render_form(
    request: AuthenticatedRequest, form: ArticleForm, article: Article | None
) -> HttpResponse:
    context = {"form": form, "article": article}
    return render(
        request, "editorial/articles/form.html", context, status=400 if form.errors else 200
    )


@member_feature
def new_article(request: AuthenticatedRequest) -> HttpResponse:
    if refusal := _writer_refusal(request):
        return refusal
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        article = publishing.save_draft(author=request.user, draft=form.draft())
        messages.success(request, "Your draft is saved. Check it below, then submit it for review.")
        return redirect("editorial:article", article_id=article.pk)
    return _render_form(request, form, None)


@member_feature
def edit_article(request: AuthenticatedRequest, article_id: int) -> HttpResponse:
    article = _get_article(request, article_id)
    if isinstance(article, HttpResponse):
        return article
    if not workflow.may_edit(article, request.user):
        return not_allowed(request, NOT_YOURS_TO_EDIT)
    if request.method == "POST":
        form = ArticleForm(request.POST, article=article)
        if form.is_valid():
            publishing.save_draft(author=request.user, draft=form.draft(), article=article)
            messages.success(request, "Your changes are saved.")
            return redirect("editorial:article", article_id=article.pk)
    else:
        initial = {
            "title": article.title,
            "summary": article.summary,
            "body": article.body,
            "topics": list(article.topics.all()),
            "related": list(article.related.all()),
            "references": reference_lines(article),
        }
        form = ArticleForm(initial=initial, article=article)
    return _render_form(request, form, article)


def _render_article(
    request: AuthenticatedRequest,
    article: Article,
    *,
    send_back_form: SendBackForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    references = list(ArticleReference.objects.filter(article=article).select_related("reference"))
    context = {
        "article": article,
        "references": references,
        "topics": list(article.topics.all()),
        "check": publishing.check_citations(article, references),
        "moves": workflow.allowed_moves(article, request.user),
        "can_edit": workflow.may_edit(article, request.user),
        "send_back_form": send_back_form or SendBackForm(),
        "error": error,
    }
    return render(request, "editorial/articles/article.html", context, status=status)


@member_feature
def article_page(request: AuthenticatedRequest, article_id: int) -> HttpResponse:
    article = _get_article(request, article_id)
    if isinstance(article, HttpResponse):
        return article
    return _render_article(request, article)


@require_POST
@member_feature
def move_article(request: AuthenticatedRequest, article_id: int, move: str) -> HttpResponse:
    if move not in workflow.MOVES:
        raise Http404("No such move.")
    article = _get_article(request, article_id)
    if isinstance(article, HttpResponse):
        return article
    if refusal := workflow.refusal(article, move, request.user):
        return not_allowed(request, refusal)
    note = ""
    if workflow.MOVES[move].needs_note:
        form = SendBackForm(request.POST)
        if not form.is_valid():
            return _render_article(request, article, send_back_form=form, status=400)
        note = form.cleaned_data["note"]
    try:
        publishing.move_article(article=article, move=move, user=request.user, note=note)
    except publishing.MoveRefused as refused:
        return _render_article(request, article, error=str(refused), status=400)
    messages.success(request, f"The article is {workflow.MOVES[move].done}.")
    if move in ("publish", "republish"):
        return redirect(article)
    if move == "send-back":
        # A draft again: the author's and the editors' to see, so the reviewer goes back to
        # the desk.
        return redirect("editorial:desk")
    return redirect("editorial:article", article_id=article.pk)


# --- A page's medical review -----------------------------------------------------------------


@member_feature
def record_review(request: AuthenticatedRequest, kind: str, slug: str) -> HttpResponse:
    """Editors record the medical review of a condition, a solution or a published article."""
    topic = access_topic(request.user, kind, slug)
    if not request.user.can_publish():
        return not_allowed(request, EDITORS_RECORD_REVIEWS)
    owner = topic.owner()
    author = owner.author if isinstance(owner, Article) else None
    form = MedicalReviewForm(request.POST or None, editor=request.user, author=author)
    if request.method == "POST" and form.is_valid():
        reviewer: User = form.cleaned_data["reviewer"]
        publishing.record_medical_review(topic=topic, reviewer=reviewer)
        messages.success(request, f"The medical review by {reviewer.byline} is recorded.")
        return redirect(topic.get_absolute_url())
    context = {"topic": topic, "form": form, "interval_days": settings.MEDICAL_REVIEW_INTERVAL_DAYS}
    status = 400 if form.errors else 200
    return render(request, "editorial/articles/record_review.html", context, status=status)


# --- The desk's article lists ----------------------------------------------------------------


def desk_context(user: User) -> dict[str, object]:
    """What the desk shows about articles: for writers their own and the articles waiting
    for a second expert; for editors the queues and the overdue reviews, with counts."""
    if not workflow.may_write(user):
        return {}
    articles = Article.objects.select_related("author", "reviewer").defer(
        "body", "body_html", "toc"
    )
    waiting = articles.filter(status__in=[ArticleStatus.SUBMITTED]).exclude(author=user)
    context: dict[str, object] = {
        "is_writer": True,
        "my_articles": list(articles.filter(author=user).order_by("-updated_at")[:DESK_LIST_SIZE]),
        "to_review": list(waiting.order_by("submitted_at", "pk")[:DESK_LIST_SIZE]),
        "my_reviews": list(
            articles.filter(status=ArticleStatus.IN_REVIEW, reviewer=user).order_by("submitted_at")
        ),
    }
    if user.can_publish():
        context["article_counts"] = Article.objects.aggregate(
            submitted=Count("pk", filter=Q(status=ArticleStatus.SUBMITTED)),
            in_review=Count("pk", filter=Q(status=ArticleStatus.IN_REVIEW)),
            approved=Count("pk", filter=Q(status=ArticleStatus.APPROVED)),
        )
        in_progress = [ArticleStatus.SUBMITTED, ArticleStatus.IN_REVIEW, ArticleStatus.APPROVED]
        context["in_progress"] = list(
            articles.filter(status__in=in_progress).order_by("submitted_at", "pk")[:DESK_LIST_SIZE]
        )
        overdue = Topic.objects.review_overdue().select_related("reviewed_by")
        context["overdue"] = list(
            overdue.order_by(F("reviewed_at").asc(nulls_first=True), "kind", "title")[
                :DESK_LIST_SIZE
            ]
        )
        context["overdue_count"] = overdue.count()
    return context
