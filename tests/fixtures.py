"""The people every test can call on: alice the member, bob another member,
erin the expert, mo the moderator, and root, who runs the admin; and the condition most
tests talk about, insomnia, with bob's thread about it (a module may define its own
`insomnia`: `thread` then uses that one)."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from aposbook.accounts.models import Role, User

PASSWORD = "correct horse battery staple"


def make_user(email: str, name: str, *, verified: bool = True, **fields: object) -> User:
    """A member in good standing: an account whose email address is confirmed."""
    user = User.objects.create_user(email=email, password=PASSWORD, display_name=name, **fields)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def establish(user: User) -> User:
    """Make `user` an established member (not `is_new_member`): an account a month old
    whose review has been up for a week."""
    from tests.factories import ReviewFactory, SolutionFactory

    user.date_joined = timezone.now() - dt.timedelta(days=30)
    user.save(update_fields=["date_joined"])
    a_week_ago = timezone.now() - dt.timedelta(days=7)
    ReviewFactory(author=user, solution=SolutionFactory(), created_at=a_week_ago)
    return user


@pytest.fixture
def alice(db) -> User:
    return make_user("alice@example.com", "Alice")


@pytest.fixture
def bob(db) -> User:
    return make_user("bob@example.com", "Bob")


@pytest.fixture
def erin(db) -> User:
    return make_user("erin@example.com", "Erin Hale", role=Role.EXPERT, credentials="MS, RD")


@pytest.fixture
def mo(db) -> User:
    return make_user("mo@example.com", "Mo", role=Role.MODERATOR)


@pytest.fixture
def root(db) -> User:
    return make_user("root@example.com", "Root", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client: Client, root: User) -> Client:
    """The test client logged in as root (in place of pytest-django's own `admin_client`)."""
    client.force_login(root)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Argon2 is slow by design; tests need hashing to work, not to resist attackers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Rate limits and cooldowns live in the cache; each test starts with none."""
    cache.clear()


@pytest.fixture
def insomnia(db):
    from tests.factories import ConditionFactory

    return ConditionFactory(name="Insomnia", slug="insomnia")


@pytest.fixture
def thread(insomnia, bob):
    from tests.factories import ThreadFactory

    return ThreadFactory(
        topic=insomnia.topic,
        author=bob,
        title="Magnesium before bed: worth it?",
        body="I started taking magnesium at night. Anyone else?",
    )
