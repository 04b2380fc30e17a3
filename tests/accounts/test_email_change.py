"""Changing the email address from the settings: a link goes to the new address, the old one
stays the login until the link is clicked, and nobody learns which addresses are registered."""

import re
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing

from aposbook.accounts.models import User
from aposbook.accounts.services import change_email
from tests.fixtures import PASSWORD, make_user
from tests.helpers import field_error, input_value, log_in, page_text

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/accounts/email/confirm/[^/\s]+/)")
LINK_SENT = (
    "We have sent a link to {}. Your email address changes when you click it; until then, "
    "keep logging in with alice@example.com."
)
# Four days on, past the three days a link works.
LATER = 4 * 24 * 3600


@pytest.fixture
def send(client, alice, django_capture_on_commit_callbacks):
    """Alice, logged in, asks for a link to a new address; returns the response."""
    client.force_login(alice)

    def ask(email: str, password: str = PASSWORD, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/accounts/email/", {"email": email, "password": password}, **kwargs)

    return ask


def change_link(message: mail.EmailMessage) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def confirm(client, link: str, capture_on_commit, **kwargs):
    with capture_on_commit(execute=True):
        return client.post(link, **kwargs)


def test_the_page_asks_for_the_new_address_and_the_password(
    client, alice, django_assert_max_num_queries
):
    client.force_login(alice)

    with django_assert_max_num_queries(3):  # session, user, suspension banner
        response = client.get("/accounts/email/")

    text = page_text(response)
    assert "Change your email address" in text
    assert "You log in with alice@example.com." in text
    html = response.content.decode()
    assert '<label for="id_email">New email address</label>' in html
    assert '<label for="id_password">Your password</label>' in html


def test_the_settings_link_to_it(client, alice):
    client.force_login(alice)

    html = client.get("/accounts/settings/").content.decode()

    assert 'href="/accounts/email/">Change my email address</a>' in html


def test_it_sends_a_link_to_the_new_address_and_says_so(client, alice, send):
    response = send("Alice.New@Example.org", follow=True)

    assert response.redirect_chain == [("/accounts/settings/", 302)]
    assert LINK_SENT.format("alice.new@example.org") in page_text(response)
    assert [message.to for message in mail.outbox] == [["alice.new@example.org"]]
    message = mail.outbox[0]
    assert message.subject == "[Aposbook] Confirm your new email address"
    assert "You asked to use alice.new@example.org as the email address" in message.body
    assert change_link(message) in message.alternatives[0][0]
    # Nothing changes before the click.
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert list(EmailAddress.objects.filter(user=alice).values_list("email", flat=True)) == [
        "alice@example.com"
    ]


def test_the_old_address_stays_the_login_until_the_link_is_clicked(client, alice, send):
    send("alice.new@example.org")
    client.logout()

    assert log_in(client, email="alice.new@example.org").status_code == 200
    assert log_in(client, email="alice@example.com")["Location"] == "/"


def test_the_new_address_cannot_reset_the_password_before_the_click(
    client, alice, send, django_capture_on_commit_callbacks
):
    send("alice.new@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "alice.new@example.org"})

    assert all("Choose a new password" not in message.subject for message in mail.outbox)


def test_the_link_asks_before_it_changes_anything(client, alice, send):
    send("alice.new@example.org")
    client.logout()

    response = client.get(change_link(mail.outbox[0]))

    assert response.status_code == 200
    text = page_text(response)
    assert "Confirm your new email address" in text
    assert "Please confirm that alice.new@example.org is your email address." in text
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_it_changes_the_address_when_the_link_is_confirmed(
    client, alice, send, django_capture_on_commit_callbacks
):
    send("alice.new@example.org")
    link = change_link(mail.outbox[0])
    client.logout()
    mail.outbox.clear()

    response = confirm(client, link, django_capture_on_commit_callbacks, follow=True)

    assert response.redirect_chain == [("/accounts/login/", 302)]
    assert "Your email address is now alice.new@example.org. Log in with it." in page_text(response)
    alice.refresh_from_db()
    assert alice.email == "alice.new@example.org"
    assert list(EmailAddress.objects.filter(user=alice).values("email", "verified", "primary")) == [
        {"email": "alice.new@example.org", "verified": True, "primary": True}
    ]
    # The old address is told, in case it was not the member.
    assert [message.to for message in mail.outbox] == [["alice@example.com"]]
    assert mail.outbox[0].subject == "[Aposbook] Your email address has been changed"
    assert "is now alice.new@example.org" in mail.outbox[0].body
    # The new address is the login, whatever its case; the old one no longer is.
    assert log_in(client, email="alice@example.com").status_code == 200
    assert log_in(client, email="Alice.New@Example.ORG")["Location"] == "/"


def test_confirming_while_logged_in_goes_back_to_the_settings(
    client, alice, send, django_capture_on_commit_callbacks
):
    send("alice.new@example.org")

    response = confirm(
        client, change_link(mail.outbox[0]), django_capture_on_commit_callbacks, follow=True
    )

    assert response.redirect_chain == [("/accounts/settings/", 302)]
    text = page_text(response)
    assert "Your email address is now alice.new@example.org." in text
    assert "Email address alice.new@example.org" in text


def test_a_link_works_once(client, alice, send, django_capture_on_commit_callbacks):
    send("alice.new@example.org")
    link = change_link(mail.outbox[0])
    confirm(client, link, django_capture_on_commit_callbacks)

    for response in (client.get(link), client.post(link)):
        assert response.status_code == 400
        assert "This link no longer works" in page_text(response)


def test_only_the_first_of_two_links_clicked_works(
    client, alice, send, django_capture_on_commit_callbacks
):
    send("first@example.org")
    send("second@example.org")
    first, second = (change_link(message) for message in mail.outbox[:2])

    confirm(client, second, django_capture_on_commit_callbacks)

    assert client.post(first).status_code == 400
    alice.refresh_from_db()
    assert alice.email == "second@example.org"


def test_a_link_expires_after_three_days(client, alice, send):
    send("alice.new@example.org")
    link = change_link(mail.outbox[0])
    now = signing.time.time()

    with mock.patch("django.core.signing.time.time", return_value=now + LATER):
        response = client.post(link)

    assert response.status_code == 400
    assert "Links work for 3 days, and only once." in page_text(response)
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_a_tampered_link_is_refused(client, alice, send):
    send("alice.new@example.org")
    link = change_link(mail.outbox[0])
    payload, rest = link.rsplit("/", 2)[1].split(":", 1)
    forged = signing.b64_encode(
        signing.b64_decode(payload.encode()).replace(b"alice.new", b"mallory")
    ).decode()

    response = client.post(f"/accounts/email/confirm/{forged}:{rest}/")

    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_a_link_changes_only_the_account_it_was_sent_for(
    client, alice, bob, send, django_capture_on_commit_callbacks
):
    send("alice.new@example.org")
    client.force_login(bob)

    confirm(client, change_link(mail.outbox[0]), django_capture_on_commit_callbacks)

    bob.refresh_from_db()
    alice.refresh_from_db()
    assert bob.email == "bob@example.com"
    assert alice.email == "alice.new@example.org"


def test_a_link_of_a_deleted_account_no_longer_works(client, alice, send):
    send("alice.new@example.org")
    User.objects.filter(pk=alice.pk).update(is_active=False)

    assert client.post(change_link(mail.outbox[0])).status_code == 400


def test_it_answers_the_same_for_an_address_another_account_uses(client, alice, bob, send):
    response = send("Bob@Example.com", follow=True)

    # The member reads exactly what a free address gets...
    assert LINK_SENT.format("bob@example.com") in page_text(response)
    # ...and the owner of the address is told, without a link and without who asked.
    assert [message.to for message in mail.outbox] == [["bob@example.com"]]
    message = mail.outbox[0]
    assert message.subject == "[Aposbook] This email address already has an account"
    assert "nothing has changed" in message.body
    assert "/accounts/email/confirm/" not in message.body
    assert "Alice" not in message.body
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_it_refuses_an_address_taken_after_the_link_was_sent(
    client, alice, send, django_capture_on_commit_callbacks
):
    send("nina@example.org")
    make_user("Nina@Example.org", "Nina")

    response = confirm(client, change_link(mail.outbox[0]), django_capture_on_commit_callbacks)

    assert response.status_code == 409
    assert "nina@example.org now belongs to another account" in page_text(response)
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert EmailAddress.objects.get(user=alice).email == "alice@example.com"


def test_it_refuses_a_wrong_password_and_keeps_the_address(client, alice, send):
    response = send("alice.new@example.org", password="not my password")

    assert response.status_code == 400
    assert field_error(response, "password") == "This password is not correct."
    assert input_value(response, "email") == "alice.new@example.org"
    assert mail.outbox == []


def test_it_refuses_the_current_address(client, alice, send):
    response = send("ALICE@example.com")

    assert field_error(response, "email") == "This is already your email address."
    assert mail.outbox == []


def test_it_refuses_what_is_not_an_email_address(client, alice, send):
    response = send("alice at example")

    assert field_error(response, "email") == "Enter a valid email address."
    assert input_value(response, "email") == "alice at example"


def test_it_waits_between_two_links_to_one_address(client, alice, send):
    send("alice.new@example.org")

    response = send("alice.new@example.org")

    assert "You can ask for a new link again in" in field_error(response, "email")
    assert len(mail.outbox) == 1


def test_it_limits_the_links_a_member_asks_for_in_a_day(client, alice, send):
    for n in range(5):
        send(f"alice{n}@example.org")

    response = send("alice5@example.org")

    assert field_error(response, "email") == (
        "You have asked for many links today. Please try again tomorrow."
    )
    assert len(mail.outbox) == 5


def test_it_refuses_get_for_sending(client, alice):
    client.force_login(alice)

    client.get("/accounts/email/", {"email": "alice.new@example.org", "password": PASSWORD})

    assert mail.outbox == []


def test_it_refuses_visitors(client, db):
    response = client.post("/accounts/email/", {"email": "x@example.org", "password": PASSWORD})

    assert response.status_code == 403
    assert "Please log in to use this feature" in page_text(response)
    assert mail.outbox == []


def test_the_database_keeps_logins_unique_when_two_accounts_race_for_an_address(alice):
    make_user("nina@example.org", "Nina")

    # As if the other account took the address between the check and the write.
    with mock.patch("aposbook.accounts.services.email_in_use", return_value=False):
        changed = change_email(user=alice, email="NINA@example.org")

    assert not changed
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert EmailAddress.objects.get(user=alice).email == "alice@example.com"
