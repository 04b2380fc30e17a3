"""Background work for the community: emails to the people who follow a discussion."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from aposbook.accounts.models import User
from aposbook.lib.emails import make_message, quote_writing, render_email
from aposbook.lib.notices import claim_notice

from .models import Follow, Post, ThreadNotice, unsubscribe_token


@task()
def notify_followers(*, post_id: int) -> int:
    """Email the followers of the post's thread and topic (never its author, never an account
    that may not post or turned reply emails off), at most once a day per thread each;
    returns how many emails left."""
    post = Post.objects.select_related("thread__topic", "author").filter(pk=post_id).first()
    if post is None or not post.is_shown:
        return 0  # Deleted, or held for a moderator: followers may not read it.
    thread = post.thread
    follows = Follow.objects.filter(Q(thread=thread) | Q(topic_id=thread.topic_id))
    if post.author_id is not None:
        follows = follows.exclude(user_id=post.author_id)
    reasons: dict[int, set[str]] = {}
    for user_id, thread_id in follows.values_list("user_id", "thread_id"):
        reasons.setdefault(user_id, set()).add("thread" if thread_id else "topic")

    sent = 0
    now = timezone.now()
    post_url = f"{settings.SITE_URL}{post.get_absolute_url()}"
    # Members who turned reply emails off in their settings keep their follows (the list in
    # their settings) but get no email.
    recipients = User.objects.filter(
        pk__in=reasons, is_active=True, deleted_at__isnull=True, reply_emails=True
    ).exclude(email="")
    for recipient in recipients:
        # Only to an address the member confirmed, and not while they are suspended: the
        # email invites a reply they could not post.
        if recipient.can_post() and claim_notice(
            ThreadNotice, user=recipient, thread=thread, now=now
        ):
            _send_reply_email(
                recipient=recipient, post=post, post_url=post_url, via=reasons[recipient.pk]
            )
            sent += 1
    return sent


def _send_reply_email(*, recipient: User, post: Post, post_url: str, via: set[str]) -> None:
    """The "reply" email: rendered and sent here, as this already runs in the background,
    with List-Unsubscribe headers so mail programs offer a one-click way out."""
    thread = post.thread
    token = unsubscribe_token(
        user_id=recipient.pk,
        thread_id=thread.pk if "thread" in via else None,
        topic_id=thread.topic_id if "topic" in via else None,
    )
    unsubscribe_url = f"{settings.SITE_URL}{reverse('discussions:unsubscribe', args=[token])}"
    message = make_message(
        **render_email(
            "reply",
            {
                "recipient": recipient,
                "post": post,
                "quoted": quote_writing(post.body_html),
                "thread": thread,
                "topic": thread.topic,
                "is_new_thread": post.created_at == thread.created_at,
                "via_topic": "thread" not in via,
                "post_url": post_url,
                "unsubscribe_url": unsubscribe_url,
            },
        ),
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
