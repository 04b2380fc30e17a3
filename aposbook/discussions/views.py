"""Discussions: thread lists on topics, thread pages, replies, edits, follows and unsubscribing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from aposbook.accounts.gate import AuthenticatedRequest, member_feature, not_allowed, signed_in
from aposbook.accounts.limits import before_edit
from aposbook.lib.numbers import parse_id
from aposbook.lib.pagecache import LIBRARY, MEMBERS, item_tag, topic_tag
from aposbook.lib.paging import keyset_page
from aposbook.lib.security import csrf_token_for_members
from aposbook.lib.stored_pages import depends_on, visitor_page
from aposbook.lib.visibility import Visibility, listed_for
from aposbook.library.access import access_topic, require_visible
from aposbook.library.models import Topic

from . import services
from .feeds import thread_feed_url
from .forms import PostEditForm, ReplyForm, ThreadForm
from .models import (
    POST_ORDER,
    POST_PAGES,
    POSTS_PER_PAGE,
    Follow,
    Post,
    Thread,
    read_unsubscribe_token,
)

THREADS_PER_PAGE = 20
# Matches the index community_thread_topic_active (topic, -last_activity_at); pk breaks ties.
THREAD_ORDER = ("-last_activity_at", "-pk")
REPLY_EMAILS_OFF = "Reply emails are off in your account settings."


@visitor_page(LIBRARY, MEMBERS)
def topic_threads(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    topic = access_topic(request.user, kind, slug)
    depends_on(request, topic_tag(topic.pk))
    threads = Thread.objects.filter(topic=topic).listed_for(request.user).latest_activity()
    page = keyset_page(
        threads,
        name="topic_threads",
        order=THREAD_ORDER,
        cursor=request.GET.get("cursor"),
        size=THREADS_PER_PAGE,
    )
    following = (
        request.user.is_authenticated
        and Follow.objects.filter(user=request.user, topic=topic).exists()
    )
    context = {"topic": topic, "page": page, "following": following}
    return render(request, "discussions/topic_threads.html", context)


@member_feature
def new_thread(request: AuthenticatedRequest, kind: str, slug: str) -> HttpResponse:
    topic = access_topic(request.user, kind, slug)
    form = ThreadForm(request.POST or None, topic=topic, author=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                thread = services.start_thread(
                    topic=topic, author=request.user, **form.cleaned_data
                )
                form.hold_if_posted_anyway(thread.posts.get())
        except ValidationError as error:  # the same thread, sent twice at once
            form.add_error("title", error)
        else:
            return redirect(thread)
    context = {"topic": topic, "form": form}
    status = 400 if form.errors else 200
    return render(request, "discussions/new_thread.html", context, status=status)


def _render_thread(
    request: HttpRequest,
    thread: Thread,
    *,
    form: ReplyForm | None = None,
    last_page: bool = False,
    status: int = 200,
) -> HttpResponse:
    posts = Post.objects.filter(listed_for(request.user), thread=thread).for_thread_page()
    page = keyset_page(
        posts,
        name=POST_PAGES,
        order=POST_ORDER,
        cursor=None if last_page else request.GET.get("cursor"),
        size=POSTS_PER_PAGE,
        last=last_page or request.GET.get("last") == "1",
    )
    user = request.user
    replier = user if user.is_authenticated and user.can_post() else None
    can_reply = replier is not None
    if form is None and replier is not None:
        form = ReplyForm(thread=thread, author=replier, initial=_quote_initial(request, thread))
    context = {
        "thread": thread,
        "thread_title": thread.title_for(user),
        "topic": thread.topic,
        "page": page,
        "form": form,
        "can_reply": can_reply,
        "editable": {post.pk for post in page if can_reply and post.edit_refusal(user) is None},
        "following": user.is_authenticated
        and Follow.objects.filter(user=user, thread=thread).exists(),
        "feed_url": thread_feed_url(thread),
    }
    return render(request, "discussions/thread.html", context, status=status)


def _quote_initial(request: HttpRequest, thread: Thread) -> dict:
    """A "Quote" link starts the reply with the quoted post as a Markdown blockquote."""
    quote_id = parse_id(request.GET.get("quote"))
    if quote_id is None:
        return {}
    quoted = Post.objects.filter(thread=thread, pk=quote_id, visibility=Visibility.SHOWN).first()
    if quoted is None:
        return {}
    return {"body": quoted.quote_markdown(), "quoted_post": quoted.pk}


def _get_thread(request: HttpRequest, thread_id: int) -> Thread:
    threads = Thread.objects.select_related("topic", "author").with_opening_visibility()
    thread = get_object_or_404(threads, pk=thread_id)
    require_visible(request.user, thread.topic)
    if thread.is_held_from(request.user):
        raise Http404("Waiting for a moderator.")
    return thread


@visitor_page(LIBRARY, MEMBERS)
def thread_detail(request: HttpRequest, thread_id: int) -> HttpResponse:
    depends_on(request, item_tag("thread", thread_id))
    return _render_thread(request, _get_thread(request, thread_id))


@csrf_token_for_members
@member_feature
def reply(request: AuthenticatedRequest, thread_id: int) -> HttpResponse:
    """POST a reply. A GET (the "Reply" and "Quote" links, past the log-in gate) changes
    nothing: it leads to the reply form at the end of the thread."""
    thread = _get_thread(request, thread_id)
    if request.method != "POST":
        quote = parse_id(request.GET.get("quote"))
        query = "?last=1" + (f"&quote={quote}" if quote is not None else "")
        return redirect(f"{thread.get_absolute_url()}{query}#reply")
    form = ReplyForm(request.POST, thread=thread, author=request.user)
    if form.is_valid():
        try:
            with transaction.atomic():
                post = services.add_reply(thread=thread, author=request.user, **form.cleaned_data)
                form.hold_if_posted_anyway(post)
        except ValidationError as error:  # the same reply, sent twice at once
            form.add_error("body", error)
        else:
            # The newest post is on the last page: a plain address, not a signed one.
            return redirect(f"{thread.get_absolute_url()}?last=1#post-{post.pk}")
    return _render_thread(request, thread, form=form, last_page=True, status=400)


def post_link(request: HttpRequest, post_id: int) -> HttpResponse:
    """A lasting address for one post: the page of its thread that shows it."""
    return redirect(get_object_or_404(Post, pk=post_id).get_absolute_url())


@member_feature
def edit_post(request: AuthenticatedRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread__topic"), pk=post_id)
    require_visible(request.user, post.thread.topic)
    if refusal := post.edit_refusal(request.user):
        return not_allowed(request, refusal)
    form = PostEditForm(
        request.POST or None,
        author=request.user,
        initial={"body": post.body},
        topic_id=post.thread.topic_id,
    )
    if request.method == "POST" and form.is_valid():
        before = before_edit(request.user, post.moderated_text())
        with transaction.atomic():
            post.edit(body=form.cleaned_data["body"])
            form.hold_edit(post, before=before)
        return redirect(post.get_absolute_url())
    context = {"post": post, "thread": post.thread, "form": form}
    status = 400 if form.errors else 200
    return render(request, "discussions/edit_post.html", context, status=status)


@csrf_token_for_members
@require_POST
@member_feature
def follow_thread(request: AuthenticatedRequest, thread_id: int) -> HttpResponse:
    thread = _get_thread(request, thread_id)
    services.follow(user=request.user, thread=thread)
    messages.success(
        request,
        "You follow this discussion: we will email you about new replies."
        if request.user.reply_emails
        else f"You follow this discussion. {REPLY_EMAILS_OFF}",
    )
    return redirect(thread)


@csrf_token_for_members
@require_POST
@signed_in
def unfollow_thread(request: AuthenticatedRequest, thread_id: int) -> HttpResponse:
    """Open to every account, suspended ones too: anyone may stop emails."""
    thread = _get_thread(request, thread_id)
    services.unfollow(user=request.user, thread=thread)
    messages.success(request, "You no longer follow this discussion.")
    return redirect(thread)


@csrf_token_for_members
@require_POST
@member_feature
def follow_topic(request: AuthenticatedRequest, kind: str, slug: str) -> HttpResponse:
    topic = access_topic(request.user, kind, slug)
    services.follow(user=request.user, topic=topic)
    messages.success(
        request,
        f"You follow {topic.title}: we will email you about its discussions."
        if request.user.reply_emails
        else f"You follow {topic.title}. {REPLY_EMAILS_OFF}",
    )
    return redirect("discussions:topic_threads", kind=topic.kind, slug=topic.slug)


@csrf_token_for_members
@require_POST
@signed_in
def unfollow_topic(request: AuthenticatedRequest, kind: str, slug: str) -> HttpResponse:
    topic = access_topic(request.user, kind, slug)
    services.unfollow(user=request.user, topic=topic)
    messages.success(request, f"You no longer follow {topic.title}.")
    return redirect("discussions:topic_threads", kind=topic.kind, slug=topic.slug)


@require_POST
@signed_in
def stop_following(request: AuthenticatedRequest, follow_id: int) -> HttpResponse:
    """The "Stop following" button of the list in the member's settings, and back to that
    list. Another member's follow is not found."""
    follow = get_object_or_404(
        Follow.objects.select_related("thread", "topic"), pk=follow_id, user=request.user
    )
    services.unfollow(user=request.user, thread=follow.thread, topic=follow.topic)
    messages.success(request, f"You no longer follow {follow.described}.")
    return redirect(f"{reverse('accounts:settings')}#follows")


# Mail programs unsubscribe with a bare POST (RFC 8058); the signed token is the credential.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link scanners fetch links); only POST unsubscribes."""
    target = read_unsubscribe_token(token)
    if target is None:
        return render(request, "discussions/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        services.unsubscribe(
            user_id=target["user"], thread_id=target["thread"], topic_id=target["topic"]
        )
        return render(request, "discussions/unsubscribe_done.html")
    context = {
        "token": token,
        "thread": Thread.objects.filter(pk=target["thread"]).first() if target["thread"] else None,
        "topic": Topic.objects.filter(pk=target["topic"]).first() if target["topic"] else None,
    }
    return render(request, "discussions/unsubscribe.html", context)
