"""Background work for questions: the email that tells an asker their question has an answer."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from aposbook.accounts.models import User
from aposbook.lib.emails import make_message, quote_writing, render_email
from aposbook.lib.notices import claim_notice

from .models import Answer, QuestionNotice, unsubscribe_token

# However many answers come in, the asker hears about a question at most once in this time.


@task()
def notify_asker(*, answer_id: int) -> int:
    """Email the asker about a new answer: never the answerer, never an account that may
    not post, never once they stopped these emails, at most once a day per question.
    Returns how many emails left (0 or 1)."""
    answer = (
        Answer.objects.select_related("question__topic", "question__author", "author")
        .filter(pk=answer_id)
        .first()
    )
    if answer is None or not answer.is_shown:
        return 0  # Deleted, or held for a moderator: the asker may not read it.
    question, asker = answer.question, answer.question.author
    if asker is None or not question.answer_emails or asker.pk == answer.author_id:
        return 0
    # Only to an address the member confirmed, and not while they are suspended or deleted:
    # the email invites them back to a page where they could not act.
    if not asker.email or not asker.can_post():
        return 0
    if not claim_notice(QuestionNotice, user=asker, question=question, now=timezone.now()):
        return 0
    _send_answer_email(asker=asker, answer=answer)
    return 1


def _send_answer_email(*, asker: User, answer: Answer) -> None:
    """The "answer" email, rendered and sent here (this already runs in the background), with
    List-Unsubscribe headers so mail programs offer a one-click way out."""
    question = answer.question
    token = unsubscribe_token(user_id=asker.pk, question_id=question.pk)
    unsubscribe_url = f"{settings.SITE_URL}{reverse('questions:unsubscribe', args=[token])}"
    message = make_message(
        **render_email(
            "answer",
            {
                "recipient": asker,
                "answer": answer,
                "quoted": quote_writing(answer.body_html),
                "question": question,
                "topic": question.topic,
                "answer_url": f"{settings.SITE_URL}{answer.get_absolute_url()}",
                "unsubscribe_url": unsubscribe_url,
            },
        ),
        to=[asker.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
