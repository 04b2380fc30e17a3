"""Every email Aposbook sends: one function per email, each a template triple
(`templates/emails/<name>-subject.txt`, `-body.txt`, `-body.html`), delivered in the
background once the transaction that caused it has committed.

Tests that assert on `mail.outbox` wrap the request in
`django_capture_on_commit_callbacks(execute=True)`, as the email leaves only after commit.
"""

from typing import TypedDict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task


def email_context(**context: object) -> dict[str, object]:
    """What every email template may use about the site, with `context` on top."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_DOMAIN": settings.SITE_DOMAIN,
        "SITE_URL": settings.SITE_URL,
        "SUPPORT_EMAIL": settings.SUPPORT_EMAIL,
        **context,
    }


def make_message(
    *,
    subject: str,
    text: str,
    html: str,
    to: list[str],
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """One email from our address, with its HTML part if there is one."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or None,
        headers=headers or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


class RenderedEmail(TypedDict):
    """An email's three parts, named as `make_message` and `queue_email` take them."""

    subject: str
    text: str
    html: str


def render_email(name: str, context: dict[str, object]) -> RenderedEmail:
    """Subject, text and HTML of `templates/emails/<name>-*`, with the site's context."""
    context = email_context(**context)
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
    return {
        "subject": f"[{settings.SITE_NAME}] {subject}",
        "text": render_to_string(f"emails/{name}-body.txt", context),
        "html": render_to_string(f"emails/{name}-body.html", context),
    }


@task()
def deliver_email(
    *, subject: str, text: str, html: str, to: list[str], reply_to: list[str] | None = None
) -> None:
    """Send one email through Django's email backend (runs on the task worker)."""
    make_message(subject=subject, text=text, html=html, to=to, reply_to=reply_to).send()


def queue_email(
    *, subject: str, text: str, html: str, to: list[str], reply_to: list[str] | None = None
) -> None:
    """Hand an already rendered email to the background worker after the commit."""
    transaction.on_commit(
        lambda: deliver_email.enqueue(
            subject=subject, text=text, html=html, to=to, reply_to=reply_to
        )
    )


def send_templated(
    name: str, *, to: list[str], context: dict[str, object], reply_to: list[str] | None = None
) -> None:
    """Render the email `name` now and send it in the background after the commit."""
    queue_email(**render_email(name, context), to=to, reply_to=reply_to)
