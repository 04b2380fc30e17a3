"""Questions and answers: lists on topics, the question page, asking and editing, answering,
voting, accepting, and the asker's emails about answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from aposbook.accounts.gate import AuthenticatedRequest, member_feature, not_allowed, signed_in
from aposbook.accounts.limits import before_edit
from aposbook.lib.pagecache import LIBRARY, MEMBERS, item_tag, topic_tag
from aposbook.lib.paging import keyset_page
from aposbook.lib.security import csrf_token_for_members
from aposbook.lib.seo import json_ld
from aposbook.lib.stored_pages import depends_on, visitor_page
from aposbook.lib.visibility import listed_for, require_listed
from aposbook.library.access import access_topic, require_visible

from . import services
from .forms import AnswerEmailsForm, AnswerForm, QuestionForm
from .models import (
    NOT_THE_ASKER,
    NOT_THE_ASKERS_EMAILS,
    Answer,
    AnswerVote,
    Question,
    read_unsubscribe_token,
)
from .structured_data import question_data

QUESTIONS_PER_PAGE = 20
# Served by the indexes community_question_newest and, for the unanswered ones,
# community_question_unanswered; pk breaks ties.
QUESTION_ORDER = ("-created_at", "-pk")
ANSWERS_PER_PAGE = 20


@visitor_page(LIBRARY, MEMBERS)
def topic_questions(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    topic = access_topic(request.user, kind, slug)
    depends_on(request, topic_tag(topic.pk))
    questions = Question.objects.filter(listed_for(request.user), topic=topic).for_list()
    unanswered_only = request.GET.get("unanswered") == "1"
    if unanswered_only:
        questions = questions.unanswered()
    page = keyset_page(
        questions,
        name="topic_questions",
        order=QUESTION_ORDER,
        cursor=request.GET.get("cursor"),
        size=QUESTIONS_PER_PAGE,
    )
    context = {"topic": topic, "page": page, "unanswered_only": unanswered_only}
    return render(request, "questions/topic_questions.html", context)


@member_feature
def ask(request: AuthenticatedRequest, kind: str, slug: str) -> HttpResponse:
    topic = access_topic(request.user, kind, slug)
    form = QuestionForm(request.POST or None, topic=topic, author=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                question = services.ask_question(
                    topic=topic, author=request.user, **form.cleaned_data
                )
                form.hold_if_posted_anyway(question)
        except ValidationError as error:  # the same question, sent twice at once
            form.add_error("title", error)
        else:
            return redirect(question)
    status = 400 if form.errors else 200
    return render(request, "questions/ask.html", {"topic": topic, "form": form}, status=status)


def _get_question(request: HttpRequest, question_id: int) -> Question:
    question = get_object_or_404(Question.objects.select_related("topic", "author"), pk=question_id)
    require_visible(request.user, question.topic)
    require_listed(request.user, question)
    return question


def _get_answer(request: HttpRequest, answer_id: int) -> Answer:
    answer = get_object_or_404(Answer.objects.select_related("question__topic"), pk=answer_id)
    require_visible(request.user, answer.question.topic)
    return answer


def _structured_data(question: Question, page: Page) -> str:
    data = question_data(question, page)
    return json_ld(data) if data is not None else ""


def _render_question(
    request: HttpRequest, question: Question, *, form: AnswerForm | None = None, status: int = 200
) -> HttpResponse:
    answers = Answer.objects.for_question_page(question).filter(listed_for(request.user))
    page = Paginator(answers, ANSWERS_PER_PAGE).get_page(request.GET.get("page"))
    user = request.user
    member = user if user.is_authenticated and user.can_post() else None
    # The asker asks; the others answer.
    can_answer = member is not None and question.answer_refusal(member) is None
    voted: set[int] = set()
    if member is not None:
        voted = set(
            AnswerVote.objects.filter(user=member, answer__question=question).values_list(
                "answer_id", flat=True
            )
        )
    context = {
        "question": question,
        "topic": question.topic,
        "page": page,
        "form": form or (AnswerForm() if can_answer else None),
        "can_answer": can_answer,
        # Any account of the asker's may stop the emails; accepting needs good standing.
        "asked_by_reader": question.is_asked_by(user),
        "is_asker": member is not None and question.is_asked_by(member),
        "can_edit_question": member is not None and question.edit_refusal(member) is None,
        "voted": voted,
        "editable": {a.pk for a in page if member is not None and a.edit_refusal(user) is None},
        # Anyone but the author sees the button; the log-in gate answers non-members.
        "votable": {a.pk for a in page if a.vote_refusal(user) is None},
        "structured_data": _structured_data(question, page),
    }
    return render(request, "questions/question.html", context, status=status)


@visitor_page(LIBRARY, MEMBERS)
def question_detail(request: HttpRequest, question_id: int) -> HttpResponse:
    depends_on(request, item_tag("question", question_id))
    return _render_question(request, _get_question(request, question_id))


@csrf_token_for_members
@member_feature
def answer(request: AuthenticatedRequest, question_id: int) -> HttpResponse:
    """POST an answer; a GET (the "Answer" link, past the log-in gate) leads to the form."""
    question = _get_question(request, question_id)
    if refusal := question.answer_refusal(request.user):
        return not_allowed(request, refusal)
    if request.method != "POST":
        return redirect(f"{question.get_absolute_url()}#answer")
    form = AnswerForm(request.POST, question=question, author=request.user)
    if form.is_valid():
        try:
            with transaction.atomic():
                new_answer = services.add_answer(
                    question=question, author=request.user, body=form.cleaned_data["body"]
                )
                form.hold_if_posted_anyway(new_answer)
        except ValidationError as error:  # the same answer, sent twice at once
            form.add_error("body", error)
        else:
            return redirect(new_answer)
    return _render_question(request, question, form=form, status=400)


@require_http_methods(["GET", "POST"])
@member_feature
def edit_question(request: AuthenticatedRequest, question_id: int) -> HttpResponse:
    """The asker fixes or completes the question within 24 hours of asking it."""
    question = _get_question(request, question_id)
    if refusal := question.edit_refusal(request.user):
        return not_allowed(request, refusal)
    form = QuestionForm(
        request.POST or None, topic=question.topic, author=request.user, question=question
    )
    if request.method == "POST" and form.is_valid():
        before = before_edit(request.user, question.moderated_text())
        with transaction.atomic():
            question.edit(title=form.cleaned_data["title"], body=form.cleaned_data["body"])
            form.hold_edit(question, before=before)
        return redirect(question)
    context = {"question": question, "topic": question.topic, "form": form}
    status = 400 if form.errors else 200
    return render(request, "questions/edit_question.html", context, status=status)


@csrf_token_for_members
@require_POST
@signed_in
def answer_emails(request: AuthenticatedRequest, question_id: int) -> HttpResponse:
    """The asker starts or stops the emails about new answers. Open to every account of
    theirs, suspended ones too: anyone may stop emails."""
    question = _get_question(request, question_id)
    if not question.is_asked_by(request.user):
        return not_allowed(request, NOT_THE_ASKERS_EMAILS)
    form = AnswerEmailsForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors["send"]))
    elif form.cleaned_data["send"]:
        services.set_answer_emails(question=question, send=True)
        messages.success(request, "We will email you when someone answers, at most once a day.")
    else:
        services.set_answer_emails(question=question, send=False)
        messages.success(request, "We will not email you about new answers to this question.")
    return redirect(f"{question.get_absolute_url()}#answer")


# Mail programs unsubscribe with a bare POST (RFC 8058); the signed token is the credential.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link scanners fetch links); only POST unsubscribes."""
    target = read_unsubscribe_token(token)
    if target is None:
        return render(request, "questions/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        services.unsubscribe(user_id=target["user"], question_id=target["question"])
        return render(request, "questions/unsubscribe_done.html")
    question = Question.objects.filter(pk=target["question"], author_id=target["user"]).first()
    return render(request, "questions/unsubscribe.html", {"token": token, "question": question})


@member_feature
def edit_answer(request: AuthenticatedRequest, answer_id: int) -> HttpResponse:
    answer = _get_answer(request, answer_id)
    if refusal := answer.edit_refusal(request.user):
        return not_allowed(request, refusal)
    form = AnswerForm(request.POST or None, author=request.user, initial={"body": answer.body})
    if request.method == "POST" and form.is_valid():
        before = before_edit(request.user, answer.moderated_text())
        with transaction.atomic():
            answer.edit(body=form.cleaned_data["body"])
            form.hold_edit(answer, before=before)
        return redirect(answer)
    context = {"answer": answer, "question": answer.question, "form": form}
    status = 400 if form.errors else 200
    return render(request, "questions/edit_answer.html", context, status=status)


@csrf_token_for_members
@require_POST
@member_feature
def vote(request: AuthenticatedRequest, answer_id: int) -> HttpResponse:
    """Vote an answer up, or take the vote back. htmx swaps the button; without JavaScript
    the question page comes back."""
    answer = _get_answer(request, answer_id)
    if refusal := answer.vote_refusal(request.user):
        return not_allowed(request, refusal)
    voted = services.toggle_vote(answer=answer, user=request.user)
    if request.headers.get("HX-Request"):
        context = {"answer": answer, "is_voted": voted, "can_vote": True}
        return render(request, "questions/includes/question_vote.html", context)
    return redirect(answer)


@csrf_token_for_members
@require_POST
@member_feature
def accept(request: AuthenticatedRequest, answer_id: int) -> HttpResponse:
    """The asker accepts an answer (shown first from then on), changes their mind, or
    withdraws the acceptance by accepting the same answer again."""
    answer = _get_answer(request, answer_id)
    if not answer.question.is_asked_by(request.user):
        return not_allowed(request, NOT_THE_ASKER)
    services.toggle_accept(answer=answer)
    return redirect(answer)
