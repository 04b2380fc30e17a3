"""The admin's log-in is the site's log-in, with its limits."""

import pytest
from django.test import Client

from tests.fixtures import PASSWORD
from tests.helpers import log_in, page_text

pytestmark = pytest.mark.django_db


def test_it_sends_visitors_to_the_sites_log_in(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_the_admin_log_in_form_cannot_be_used_to_guess_passwords(client: Client, root) -> None:
    for _ in range(15):
        client.post("/admin/login/", {"username": root.email, "password": "wrong"})

    response = client.post("/admin/login/", {"username": root.email, "password": PASSWORD})

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_an_account_locked_by_wrong_passwords_stays_out_of_the_admin(client: Client, root):
    for _ in range(15):
        log_in(client, root.email, password="wrong")

    assert "Too many wrong passwords for this account" in page_text(log_in(client, root.email))
    client.post("/admin/login/", {"username": root.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_staff_reach_the_admin_after_the_sites_log_in(client: Client, root) -> None:
    response = log_in(client, root.email, next="/admin/")

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_member_who_is_not_staff_is_refused(client: Client, alice) -> None:
    client.force_login(alice)

    assert client.get("/admin/login/").status_code == 403
