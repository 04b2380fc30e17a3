"""Five wrong passwords lock an account's password log-in for five minutes (allauth's
per-account limit, against guessing), but not its owner: the refusal names the two ways in
that still work, a code we email and a password reset, and both do work meanwhile."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from tests.fixtures import PASSWORD
from tests.helpers import log_in, page_text

pytestmark = pytest.mark.django_db

LOCKED = (
    "Too many wrong passwords for this account. You can still log in with a code we email "
    "you, or reset your password."
)


def lock(email: str) -> None:
    """Five wrong passwords, from another browser: someone guessing."""
    guesser = Client()
    for _ in range(5):
        log_in(guesser, email, password="wrong")


def test_the_refusal_names_both_ways_in(client, alice) -> None:
    lock(alice.email)

    response = log_in(client, alice.email)

    assert response.status_code == 200
    assert LOCKED in page_text(response)
    html = response.content.decode()
    assert 'href="/accounts/login/code/"' in html
    assert 'href="/accounts/password/reset/"' in html
    assert "_auth_user_id" not in client.session


def test_the_owner_logs_in_with_an_emailed_code_while_locked(
    client, alice, django_capture_on_commit_callbacks
) -> None:
    lock(alice.email)
    assert LOCKED in page_text(log_in(client, alice.email))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/code/", {"email": alice.email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/confirm/"
    [message] = mail.outbox
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.M)
    assert code, message.body
    assert "Enter this code" in client.get("/accounts/login/code/confirm/").content.decode()

    response = client.post("/accounts/login/code/confirm/", {"code": code.group(1)})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == alice.pk


def test_a_wrong_code_is_refused_and_keeps_the_owner_out(client, alice) -> None:
    client.post("/accounts/login/code/", {"email": alice.email})

    response = client.post("/accounts/login/code/confirm/", {"code": "WRONG1"})

    assert response.status_code == 200
    assert "Incorrect code." in page_text(response)
    assert "_auth_user_id" not in client.session


def test_the_owner_resets_the_password_while_locked(
    client, alice, django_capture_on_commit_callbacks
) -> None:
    lock(alice.email)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": alice.email})
    link = mail.outbox[0].body.split(settings.SITE_URL, 1)[1].split()[0]
    form_page = client.get(link, follow=True).redirect_chain[-1][0]
    new = "a new and long passphrase"

    client.post(form_page, {"password1": new, "password2": new})

    response = log_in(client, alice.email, password=new)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == alice.pk


def test_the_lock_still_refuses_the_right_password(client, alice) -> None:
    lock(alice.email)

    log_in(client, alice.email, password=PASSWORD)

    assert "_auth_user_id" not in client.session
