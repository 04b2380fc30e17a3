"""The audit log on the moderators' pages (`/moderation/log/`): every decision, newest first,
filtered by action, moderator, member and item. Moderators who are not staff have no admin
to read it in; nobody changes it from the site."""

import pytest
from django.utils import timezone

from aposbook.accounts.models import Role, User
from aposbook.moderation.models import AuditAction, AuditEntry
from aposbook.moderation.services import suspend_member
from aposbook.moderation.views import AUDIT_PAGE_SIZE
from tests.fixtures import make_user
from tests.helpers import field_error, page_text

pytestmark = pytest.mark.django_db

LOG = "/moderation/log/"


@pytest.fixture
def entries(alice: User, bob: User, mo: User) -> dict[str, AuditEntry]:
    """A hold by the site, a hide by Mo and a suspension by Sam, about Alice and Bob."""
    sam = make_user("sam@example.com", "Sam", role=Role.MODERATOR)
    held = AuditEntry.objects.create(
        action=AuditAction.AUTO_HIDE,
        target_user=alice,
        item_kind="review",
        item_id=12,
        detail="Review: Magnesium. Reported by 3 established members.",
    )
    hidden = AuditEntry.objects.create(
        actor=mo,
        action=AuditAction.HIDE,
        target_user=alice,
        item_kind="review",
        item_id=12,
        detail="Review: Magnesium. Reason: advertising",
    )
    suspend_member(member=bob, reason="Spam in every thread", by=sam)
    suspended = AuditEntry.objects.get(action=AuditAction.SUSPEND)
    return {"held": held, "hidden": hidden, "suspended": suspended}


def rows(client, query: str = "") -> list[str]:
    """The log's rows, as "who: what (member)"."""
    response = client.get(f"{LOG}{query}")
    assert response.status_code == 200
    return [
        f"{entry.actor_name}: {entry.get_action_display()} ({entry.target_user.email})"
        for entry in response.context["page"].object_list
    ]


def test_it_lists_every_decision_newest_first(
    client, mo, entries, django_assert_max_num_queries
) -> None:
    client.force_login(mo)

    # Session, user, verified address, suspension, the count and the page of entries.
    with django_assert_max_num_queries(7):
        response = client.get(LOG)

    text = page_text(response)
    assert "3 entries, newest first." in text
    assert "Sam Suspended a member bob@example.com Without an end date. Reason: Spam" in text
    assert "Mo Hid an item alice@example.com Review: Magnesium. Reason: advertising" in text
    assert "automatic: several members reported it Held an item" in text
    assert rows(client) == [
        "Sam: Suspended a member (bob@example.com)",
        "Mo: Hid an item (alice@example.com)",
        "automatic: several members reported it: Held an item reported by several members "
        "(alice@example.com)",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?action=hide", ["Mo: Hid an item (alice@example.com)"]),
        ("?moderator=sam%40", ["Sam: Suspended a member (bob@example.com)"]),
        ("?moderator=mo", ["Mo: Hid an item (alice@example.com)"]),
        ("?member=BOB", ["Sam: Suspended a member (bob@example.com)"]),
        ("?member=alice&action=suspend", []),
    ],
    ids=["action", "moderator-email", "moderator-name", "member", "nothing"],
)
def test_it_filters_by_action_moderator_and_member(client, mo, entries, query, expected) -> None:
    client.force_login(mo)

    assert rows(client, query) == expected


def test_it_shows_every_decision_about_one_item(client, mo, entries) -> None:
    client.force_login(mo)

    response = client.get(LOG)
    # Each entry about an item links to the log of that item.
    assert 'href="/moderation/log/?item_kind=review&amp;item_id=12"' in response.content.decode()
    assert rows(client, "?item_kind=review&item_id=12") == [
        "Mo: Hid an item (alice@example.com)",
        "automatic: several members reported it: Held an item reported by several members "
        "(alice@example.com)",
    ]
    assert rows(client, "?item_kind=post") == []


def test_it_says_when_nothing_matches(client, mo, entries) -> None:
    client.force_login(mo)

    text = page_text(client.get(f"{LOG}?member=nobody"))

    assert "No entry matches these filters." in text
    assert "Show every entry" in text


def test_a_wrong_item_id_is_explained_and_kept(client, mo, entries) -> None:
    client.force_login(mo)

    response = client.get(f"{LOG}?item_id=twelve&member=alice")

    assert response.status_code == 400
    assert field_error(response, "item_id") == "Enter the number of the item, such as 12."
    assert 'value="twelve"' in response.content.decode()
    assert 'value="alice"' in response.content.decode()
    assert "Please correct the filter above." in page_text(response)


def test_it_pages_through_a_long_log_keeping_the_filters(client, mo, alice) -> None:
    now = timezone.now()
    AuditEntry.objects.bulk_create(
        AuditEntry(actor=mo, action=AuditAction.WARN, target_user=alice, created_at=now)
        for _ in range(AUDIT_PAGE_SIZE + 1)
    )
    client.force_login(mo)

    first = client.get(f"{LOG}?action=warn")
    second = client.get(f"{LOG}?action=warn&page=2")

    assert len(first.context["page"].object_list) == AUDIT_PAGE_SIZE
    assert 'href="?action=warn&amp;page=2"' in first.content.decode()
    assert len(second.context["page"].object_list) == 1


def test_the_overview_links_to_the_whole_log(client, mo, entries) -> None:
    client.force_login(mo)

    response = client.get("/moderation/")

    assert f'href="{LOG}"' in response.content.decode()
    assert "The whole audit log, with filters" in page_text(response)


def test_members_may_not_read_it(client, alice, entries) -> None:
    client.force_login(alice)

    response = client.get(LOG)

    assert response.status_code == 403
    assert "Spam in every thread" not in response.content.decode()
