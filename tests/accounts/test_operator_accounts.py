"""Accounts the operator makes on the command line log in at once: `create_moderator`, and
`createsuperuser` too."""

from dataclasses import dataclass, field
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from aposbook.accounts.models import Role, User
from tests.fixtures import PASSWORD
from tests.helpers import log_in, page_text

pytestmark = pytest.mark.django_db

NEW_MODERATOR = "nora@example.com"
TOO_COMMON = "password"


class Terminal(StringIO):
    """Standard input as it is when a person runs the command in a terminal."""

    def isatty(self) -> bool:
        return True


class NoTerminal(StringIO):
    """Standard input of a script, a pipe or cron."""

    def isatty(self) -> bool:
        return False


@dataclass
class Typing:
    """What the operator types at the password prompts, one answer per prompt."""

    answers: list[str] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)

    def getpass(self, prompt: str = "Password: ") -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0)


@pytest.fixture
def typed(monkeypatch) -> Typing:
    typing = Typing()
    monkeypatch.setattr("getpass.getpass", typing.getpass)
    return typing


def create_moderator(*args: str, stdin: StringIO | None = None) -> str:
    out = StringIO()
    call_command(
        "create_moderator", *args, stdin=stdin or Terminal(), stdout=out, stderr=StringIO()
    )
    return out.getvalue()


def test_it_creates_a_moderator_who_logs_in_and_opens_the_moderation_pages(
    client, monkeypatch
) -> None:
    monkeypatch.setenv("MODERATOR_PASSWORD", PASSWORD)

    output = create_moderator(NEW_MODERATOR, "--name", "Nora", stdin=NoTerminal())

    assert "Created the moderator nora@example.com" in output
    assert "http://127.0.0.1:8000/accounts/login/" in output
    assert log_in(client, NEW_MODERATOR)["Location"] == "/"
    response = client.get("/moderation/")
    assert response.status_code == 200
    assert "Moderation" in page_text(response)
    nora = User.objects.get(email=NEW_MODERATOR)
    assert (nora.role, nora.display_name, nora.is_staff) == (Role.MODERATOR, "Nora", False)


def test_it_gives_the_moderator_a_confirmed_primary_address(monkeypatch) -> None:
    monkeypatch.setenv("MODERATOR_PASSWORD", PASSWORD)

    create_moderator("Nora@Example.com")

    address = EmailAddress.objects.get(user__email=NEW_MODERATOR)
    assert (address.email, address.verified, address.primary) == (NEW_MODERATOR, True, True)


def test_it_asks_for_the_password_in_a_terminal(client, typed) -> None:
    typed.answers.extend([PASSWORD, PASSWORD])

    create_moderator(NEW_MODERATOR)

    assert typed.prompts == ["Password: ", "Password (again): "]
    assert log_in(client, NEW_MODERATOR)["Location"] == "/"


def test_it_asks_again_when_the_two_passwords_differ(typed) -> None:
    typed.answers.extend([PASSWORD, "a different one", PASSWORD, PASSWORD])
    errors = StringIO()

    call_command(
        "create_moderator", NEW_MODERATOR, stdin=Terminal(), stdout=StringIO(), stderr=errors
    )

    assert "The two passwords differ. Please try again." in errors.getvalue()
    assert User.objects.get(email=NEW_MODERATOR).check_password(PASSWORD)


def test_it_asks_again_for_a_weak_password_and_says_why(typed) -> None:
    typed.answers.extend([TOO_COMMON, TOO_COMMON, PASSWORD, PASSWORD])
    errors = StringIO()

    call_command(
        "create_moderator", NEW_MODERATOR, stdin=Terminal(), stdout=StringIO(), stderr=errors
    )

    assert "This password is too common." in errors.getvalue()
    assert User.objects.get(email=NEW_MODERATOR).check_password(PASSWORD)


def test_it_gives_up_after_three_refused_passwords(typed) -> None:
    typed.answers.extend([TOO_COMMON] * 6)

    with pytest.raises(CommandError, match="No account was created"):
        create_moderator(NEW_MODERATOR)

    assert not User.objects.filter(email=NEW_MODERATOR).exists()


def test_it_refuses_a_weak_password_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("MODERATOR_PASSWORD", "12345678")

    with pytest.raises(CommandError) as refused:
        create_moderator(NEW_MODERATOR, stdin=NoTerminal())

    assert "MODERATOR_PASSWORD is not a safe password" in str(refused.value)
    assert "This password is too common." in str(refused.value)
    assert "This password is entirely numeric." in str(refused.value)
    assert not User.objects.filter(email=NEW_MODERATOR).exists()


def test_it_refuses_a_password_too_like_the_address(monkeypatch) -> None:
    monkeypatch.setenv("MODERATOR_PASSWORD", "nora@example.com")

    with pytest.raises(CommandError, match="too similar to the email address"):
        create_moderator(NEW_MODERATOR)


def test_it_says_where_to_put_the_password_when_there_is_no_terminal(monkeypatch) -> None:
    monkeypatch.delenv("MODERATOR_PASSWORD", raising=False)

    with pytest.raises(CommandError, match="no terminal to ask for the password in: set"):
        create_moderator(NEW_MODERATOR, stdin=NoTerminal())

    assert not User.objects.filter(email=NEW_MODERATOR).exists()


def test_it_refuses_an_address_that_is_not_one(monkeypatch) -> None:
    monkeypatch.setenv("MODERATOR_PASSWORD", PASSWORD)

    with pytest.raises(CommandError) as refused:
        create_moderator("nora.example.com")

    assert str(refused.value) == "'nora.example.com' is not an email address."

    assert not User.objects.exists()


def test_it_changes_nothing_when_a_member_has_the_address(alice, monkeypatch) -> None:
    monkeypatch.setenv("MODERATOR_PASSWORD", "another long passphrase")

    with pytest.raises(CommandError) as refused:
        create_moderator("ALICE@example.com")

    assert str(refused.value) == (
        "alice@example.com already has an account, which cannot moderate; nothing changed. "
        "Change it in the admin (/admin/accounts/user/), or choose another address."
    )
    alice.refresh_from_db()
    assert alice.role == Role.MEMBER
    assert alice.check_password(PASSWORD)


def test_it_changes_nothing_when_the_address_belongs_to_another_account(bob, monkeypatch):
    EmailAddress.objects.create(user=bob, email=NEW_MODERATOR, verified=True, primary=False)
    monkeypatch.setenv("MODERATOR_PASSWORD", PASSWORD)

    with pytest.raises(CommandError, match="is an address of another account; nothing changed"):
        create_moderator(NEW_MODERATOR)

    assert not User.objects.filter(email=NEW_MODERATOR).exists()


def test_running_it_again_changes_nothing(monkeypatch) -> None:
    monkeypatch.setenv("MODERATOR_PASSWORD", PASSWORD)
    create_moderator(NEW_MODERATOR)
    monkeypatch.setenv("MODERATOR_PASSWORD", "another long passphrase")

    output = create_moderator(NEW_MODERATOR)

    assert output == "nora@example.com already has an account that can moderate; no change.\n"
    assert User.objects.get(email=NEW_MODERATOR).check_password(PASSWORD)
    assert EmailAddress.objects.filter(email=NEW_MODERATOR).count() == 1


def test_it_creates_a_staff_member_with_the_admin(client, monkeypatch) -> None:
    monkeypatch.setenv("MODERATOR_PASSWORD", PASSWORD)

    output = create_moderator(NEW_MODERATOR, "--staff")

    assert "Created the staff member nora@example.com" in output
    nora = User.objects.get(email=NEW_MODERATOR)
    assert (nora.role, nora.is_staff, nora.is_superuser) == (Role.STAFF, True, True)
    log_in(client, NEW_MODERATOR)
    assert client.get("/moderation/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


def test_createsuperuser_makes_an_account_that_logs_in_and_moderates(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)

    call_command("createsuperuser", "--noinput", "--email", "root@example.com", stdout=StringIO())

    assert log_in(client, "root@example.com")["Location"] == "/"
    assert client.get("/moderation/").status_code == 200
    address = EmailAddress.objects.get(user__email="root@example.com")
    assert (address.verified, address.primary) == (True, True)
