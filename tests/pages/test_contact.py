"""The "Contact us" form: open to everyone, stored and emailed to support, protected from
bots by a honeypot and a rate limit."""

import pytest
from django.core import mail
from django.test import RequestFactory

from aposbook.lib.ratelimit import sender_key
from aposbook.moderation.models import Suspension
from aposbook.pages.forms import ContactForm
from aposbook.pages.models import ContactMessage
from tests.helpers import SUSPENSION_MESSAGE, page_text

pytestmark = pytest.mark.django_db

THANKS = "Thank you. Your message has been sent; we answer within two working days."
RATE_LIMITED = "You have sent several messages in a short time. Please wait an hour and try again."
MESSAGE = {
    "name": "Jo Reader",
    "email": "jo@example.org",
    "subject": "correction",
    "message": "The magnesium page gives 4,000 mg as a daily dose; I think it is 400 mg.",
    "website": "",
}


def send(client, **changes: str):
    return client.post("/contact/", {**MESSAGE, **changes})


def test_it_shows_the_form_to_everyone(client, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(0):
        response = client.get("/contact/")

    assert response.status_code == 200
    text = page_text(response)
    assert "Contact us" in text
    for label in ["Your name", "Your email address", "Subject", "Message"]:
        assert label in text
    html = response.content.decode()
    assert '<option value="appeal">Appeal a suspension</option>' in html
    assert '<option value="correction">Report an error in our content</option>' in html
    assert '<option value="question" selected>' in html


def test_it_preselects_the_appeal_subject(client) -> None:
    response = client.get("/contact/?subject=appeal")

    assert '<option value="appeal" selected>Appeal a suspension</option>' in (
        response.content.decode()
    )


def test_it_ignores_an_unknown_subject_in_the_link(client) -> None:
    response = client.get("/contact/?subject=<script>")

    assert '<option value="question" selected>' in response.content.decode()


def test_it_prefills_a_members_name_and_email(client, erin) -> None:
    client.force_login(erin)

    html = client.get("/contact/").content.decode()

    assert 'value="Erin Hale"' in html
    assert 'value="erin@example.com"' in html


def test_it_stores_and_emails_the_message(client, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client)

    assert response.status_code == 302
    assert response["Location"] == "/contact/sent/"
    stored = ContactMessage.objects.get()
    assert (stored.name, stored.email, stored.subject) == (
        "Jo Reader",
        "jo@example.org",
        "correction",
    )
    assert stored.message == MESSAGE["message"]
    assert stored.user is None
    assert stored.handled_at is None
    [email] = mail.outbox
    assert email.to == ["support@aposbook.com"]
    assert email.reply_to == ["jo@example.org"]
    assert email.subject == "[Aposbook] Report an error in our content, from Jo Reader"
    assert MESSAGE["message"] in email.body
    assert "From: Jo Reader <jo@example.org>" in email.body
    assert f"/admin/pages/contactmessage/{stored.pk}/change/" in email.body


def test_a_name_stays_on_one_line_in_the_email(client, django_capture_on_commit_callbacks):
    forged = "Jo\r\nMember: mo@example.com (account 1)\nBcc: all@example.com"

    with django_capture_on_commit_callbacks(execute=True):
        send(client, name=forged)

    one_line = "Jo Member: mo@example.com (account 1) Bcc: all@example.com"
    assert ContactMessage.objects.get().name == one_line
    [email] = mail.outbox
    assert email.subject == f"[Aposbook] Report an error in our content, from {one_line}"
    assert f"From: {one_line} <jo@example.org>" in email.body
    assert "\nMember:" not in email.body
    assert email.bcc == []


def test_it_thanks_the_sender(client) -> None:
    response = client.post("/contact/", MESSAGE, follow=True)

    assert THANKS in page_text(response)


def test_it_links_the_message_to_the_member_who_sent_it(client, alice) -> None:
    client.force_login(alice)

    send(client, name="Alice", email="alice@example.com")

    assert ContactMessage.objects.get().user == alice


def test_a_suspended_member_can_appeal(client, alice, mo, django_capture_on_commit_callbacks):
    Suspension.objects.create(user=alice, reason="Spam", created_by=mo)
    client.force_login(alice)
    assert SUSPENSION_MESSAGE in page_text(client.get("/experts/apply/"))

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, subject="appeal", message="I did not post that link, please check.")

    assert response.status_code == 302
    appeal = ContactMessage.objects.get()
    assert (appeal.subject, appeal.user) == ("appeal", alice)
    assert mail.outbox[0].subject == "[Aposbook] Appeal a suspension, from Jo Reader"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Please tell us your name."),
        ({"email": ""}, "Please give your email address so that we can answer."),
        ({"email": "jo@"}, "Please enter a valid email address, such as name@example.com."),
        ({"message": ""}, "Please write your message."),
        ({"message": "Help me"}, "Please write at least 10 characters (you wrote 7)."),
        ({"message": "x" * 5001}, "Please keep your message under 5000 characters (it has 5001)."),
        ({"subject": "billing"}, "Please choose one of the subjects."),
    ],
)
def test_it_explains_what_is_wrong_and_keeps_the_input(client, changes, message) -> None:
    response = send(client, **changes)

    assert response.status_code == 400
    assert message in page_text(response)
    html = response.content.decode()
    for field in {"name", "email", "message"} - set(changes):
        assert MESSAGE[field].replace("'", "&#x27;") in html
    assert not ContactMessage.objects.exists()


def test_it_accepts_exactly_5000_characters(client) -> None:
    send(client, message="x" * 5000)

    assert ContactMessage.objects.count() == 1


def test_it_hides_the_honeypot_from_people(client) -> None:
    html = client.get("/contact/").content.decode()

    assert '<div class="visually-hidden" aria-hidden="true">' in html
    assert 'name="website"' in html
    assert 'tabindex="-1"' in html


def test_it_pretends_to_accept_a_message_from_a_bot(
    client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/contact/", {**MESSAGE, "website": "http://spam.example"}, follow=True
        )

    assert THANKS in page_text(response)
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_it_limits_messages_from_one_address_and_keeps_the_input(client) -> None:
    for _ in range(5):
        assert send(client).status_code == 302

    response = send(client, message="A sixth message, sent too soon after the others.")

    assert response.status_code == 400
    assert RATE_LIMITED in page_text(response)
    assert "A sixth message, sent too soon after the others." in response.content.decode()
    assert ContactMessage.objects.count() == 5


def test_the_limit_is_per_address(client) -> None:
    for _ in range(5):
        send(client)

    response = client.post("/contact/", MESSAGE, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 302
    assert ContactMessage.objects.count() == 6


def test_behind_the_proxy_the_limit_is_per_client_and_cannot_be_dodged(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    def send_through_proxy(forwarded_for: str):
        return client.post(
            "/contact/", MESSAGE, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for
        )

    for _ in range(5):
        send_through_proxy("203.0.113.66")

    # An address the sender writes in front of the one the proxy saw is not believed.
    dodging = send_through_proxy("198.51.100.1, 203.0.113.66")
    neighbour = send_through_proxy("198.51.100.7")

    assert RATE_LIMITED in page_text(dodging)
    assert neighbour.status_code == 302
    assert ContactMessage.objects.count() == 6


def test_messages_sent_at_the_same_moment_cannot_all_slip_under_the_limit(client) -> None:
    for _ in range(4):
        send(client)
    data = {**MESSAGE, "message": "Two tabs, sent at the very same moment."}

    # The key the client's four messages counted against: a visitor at 127.0.0.1.
    key = sender_key(RequestFactory().post("/contact/"), "contact")
    first = ContactForm(data, rate_key=key)
    second = ContactForm(data, rate_key=key)

    assert first.is_valid()
    assert not second.is_valid()
    assert second.non_field_errors() == [RATE_LIMITED]


def test_invalid_attempts_do_not_count_against_the_limit(client) -> None:
    for _ in range(6):
        send(client, message="short")

    assert send(client).status_code == 302


def test_the_sent_page_is_not_indexed(client, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(0):
        response = client.get("/contact/sent/")

    assert THANKS in page_text(response)
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_the_form_only_stores_on_post(client) -> None:
    client.get("/contact/", MESSAGE)

    assert not ContactMessage.objects.exists()
