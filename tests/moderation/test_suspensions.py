"""Suspensions: moderators suspend and lift, the member is told, the audit log keeps it,
and a suspension with an end date lifts itself."""

import re
from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from aposbook.accounts.models import Role, User
from aposbook.moderation.forms import end_of_day
from aposbook.moderation.models import AuditAction, AuditEntry, Suspension
from aposbook.moderation.services import lift_suspension, suspend_member
from tests.fixtures import make_user
from tests.helpers import SUSPENSION_MESSAGE, page_text

pytestmark = pytest.mark.django_db

REASON = "Told another member to stop taking her insulin."


@pytest.fixture
def staff(db) -> User:
    user = make_user("sam@example.com", "Sam", role=Role.STAFF)
    return user


def in_days(days: int) -> datetime:
    return timezone.now() + timedelta(days=days)


def listed_emails(response) -> list[str]:
    """The email addresses in the moderators' list of members, in order."""
    return re.findall(r'<span class="small">([^<]+@example\.com)</span>', response.content.decode())


def suspend_form(client, member: User, **data: str):
    return client.post(f"/moderation/members/{member.pk}/suspend/", {"reason": REASON, **data})


# The service


def test_it_suspends_with_reason_end_date_author_and_time(alice, mo) -> None:
    until = in_days(7)

    suspension = suspend_member(member=alice, reason=REASON, by=mo, until=until)

    assert suspension.reason == REASON
    assert suspension.ends_at == until
    assert suspension.created_by == mo
    assert timezone.now() - suspension.created_at < timedelta(seconds=5)
    alice = User.objects.get(pk=alice.pk)
    assert alice.refusal() == "suspended"
    assert not alice.can_post()


def test_it_records_each_suspension_in_the_audit_log(alice, mo) -> None:
    suspend_member(member=alice, reason=REASON, by=mo)

    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_user) == (mo, AuditAction.SUSPEND, alice)
    assert entry.detail == f"Without an end date. Reason: {REASON}"


def test_it_emails_the_member_the_reason_and_end_date(
    alice, mo, django_capture_on_commit_callbacks
) -> None:
    until = datetime(2099, 3, 31, 23, 59, tzinfo=UTC)

    with django_capture_on_commit_callbacks(execute=True):
        suspend_member(member=alice, reason=REASON, by=mo, until=until)

    [email] = mail.outbox
    assert email.to == ["alice@example.com"]
    assert email.subject == "[Aposbook] Your account has been suspended"
    assert REASON in email.body
    assert "The suspension ends on 31 March 2099, 23:59 UTC." in email.body
    assert "http://127.0.0.1:8000/code-of-conduct/" in email.body
    assert "http://127.0.0.1:8000/contact/?subject=appeal" in email.body
    assert REASON in email.alternatives[0][0]


def test_it_says_when_a_suspension_has_no_end_date(
    alice, mo, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        suspend_member(member=alice, reason=REASON, by=mo)

    assert "The suspension has no end date." in mail.outbox[0].body


def test_it_replaces_the_suspension_in_force(alice, mo) -> None:
    first = suspend_member(member=alice, reason="First", by=mo)

    second = suspend_member(member=alice, reason="Second", by=mo, until=in_days(3))

    first.refresh_from_db()
    assert first.lifted_at is not None
    assert first.lifted_by == mo
    assert list(Suspension.objects.in_force()) == [second]


def test_it_refuses_an_end_date_in_the_past(alice, mo) -> None:
    with pytest.raises(ValidationError, match="The end date must be in the future"):
        suspend_member(member=alice, reason=REASON, by=mo, until=in_days(-1))

    assert not Suspension.objects.exists()


def test_it_lifts_a_suspension_and_records_it(
    alice, mo, django_capture_on_commit_callbacks
) -> None:
    suspension = suspend_member(member=alice, reason=REASON, by=mo)

    with django_capture_on_commit_callbacks(execute=True):
        assert lift_suspension(member=alice, by=mo) == 1

    suspension.refresh_from_db()
    assert suspension.lifted_by == mo
    assert not suspension.is_in_force()
    assert User.objects.get(pk=alice.pk).can_post()
    assert AuditEntry.objects.filter(action=AuditAction.UNSUSPEND, target_user=alice).exists()
    assert mail.outbox[-1].subject == "[Aposbook] Your suspension has been lifted"


def test_it_lifts_nothing_when_the_member_is_not_suspended(alice, mo) -> None:
    assert lift_suspension(member=alice, by=mo) == 0
    assert not AuditEntry.objects.exists()


def test_a_suspension_with_an_end_date_lifts_itself(client, alice, mo) -> None:
    Suspension.objects.create(
        user=alice, reason=REASON, created_by=mo, created_at=in_days(-10), ends_at=in_days(-1)
    )
    client.force_login(alice)

    response = client.get("/experts/apply/")

    assert response.status_code == 200
    assert "Send my application" in page_text(response)
    assert User.objects.get(pk=alice.pk).can_post()


def test_a_suspension_in_force_stops_member_features(client, alice, mo) -> None:
    suspend_member(member=alice, reason=REASON, by=mo, until=in_days(1))
    client.force_login(alice)

    response = client.post("/experts/apply/", {"profession": "Dietitian"})

    assert response.status_code == 403
    assert SUSPENSION_MESSAGE in page_text(response)
    html = response.content.decode()
    assert 'href="/code-of-conduct/"' in html
    assert 'href="/contact/?subject=appeal"' in html
    assert 'href="mailto:support@aposbook.com"' in html


# What the suspended member reads on the site


def test_the_banner_says_why_and_until_when(client, alice, mo, django_assert_max_num_queries):
    ends = timezone.now().date() + timedelta(days=3)
    suspend_member(member=alice, reason=REASON, by=mo, until=end_of_day(ends))
    client.force_login(alice)

    # The banner costs no query of its own: `active_suspension` is read once per request.
    with django_assert_max_num_queries(4):  # session, user, suspension, follows
        response = client.get("/accounts/settings/")

    text = page_text(response)
    assert SUSPENSION_MESSAGE in text
    assert f"Reason: {REASON}" in text
    assert f"Your account is suspended until {ends.day} {ends:%B %Y}." in text
    assert f'<time datetime="{ends:%Y-%m-%d}T23:59:59+00:00">' in response.content.decode()


def test_the_banner_names_the_end_of_the_agreed_day(client, alice, mo) -> None:
    suspend_member(member=alice, reason=REASON, by=mo, until=end_of_day(date(2099, 12, 1)))
    client.force_login(alice)

    text = page_text(client.get("/"))

    assert "Your account is suspended until 1 December 2099." in text


def test_the_banner_says_when_a_suspension_has_no_end_date(client, alice, mo) -> None:
    suspend_member(member=alice, reason="Spam links\nin three reviews.", by=mo)
    client.force_login(alice)

    response = client.get("/")

    text = page_text(response)
    assert "Your account is suspended with no end date." in text
    assert "Spam links<br>in three reviews." in response.content.decode()


def test_the_gate_says_why_and_until_when_once(client, alice, mo) -> None:
    suspend_member(member=alice, reason=REASON, by=mo, until=end_of_day(date(2099, 12, 1)))
    client.force_login(alice)

    response = client.post("/experts/apply/", {"profession": "Dietitian"})

    assert response.status_code == 403
    text = page_text(response)
    assert text.count(SUSPENSION_MESSAGE) == 1
    assert text.count(f"Reason: {REASON}") == 1
    assert text.count("Your account is suspended until 1 December 2099.") == 1
    html = response.content.decode()
    assert html.count('role="alert"') == 1
    # Under the page's heading, where the gate says what happened.
    assert html.index("Your account is suspended</h1>") < html.index("Reason:")


def test_other_members_never_see_a_suspension_banner(client, alice, bob, mo) -> None:
    suspend_member(member=alice, reason=REASON, by=mo)
    client.force_login(bob)

    assert REASON not in page_text(client.get("/"))


# Who may suspend whom


@pytest.mark.parametrize(
    ("actor_role", "target_role", "allowed"),
    [
        (Role.MODERATOR, Role.MEMBER, True),
        (Role.MODERATOR, Role.EXPERT, True),
        (Role.MODERATOR, Role.MODERATOR, False),
        (Role.MODERATOR, Role.STAFF, False),
        (Role.STAFF, Role.MODERATOR, True),
        (Role.STAFF, Role.STAFF, True),
        (Role.MEMBER, Role.MEMBER, False),
        (Role.EXPERT, Role.MEMBER, False),
    ],
)
def test_it_decides_who_may_suspend_whom(db, actor_role, target_role, allowed) -> None:
    actor = make_user("actor@example.com", "Actor", role=actor_role)
    target = make_user("target@example.com", "Target", role=target_role)

    assert actor.can_suspend(target) is allowed


def test_nobody_may_suspend_themself(staff) -> None:
    assert not staff.can_suspend(staff)


def test_only_a_superuser_may_suspend_a_superuser(staff) -> None:
    # createsuperuser's accounts have a confirmed address, so root may moderate.
    root = User.objects.create_superuser("root@example.com", "pw-for-tests-only")

    assert not staff.can_suspend(root)
    assert root.can_suspend(staff)


def test_a_suspended_moderator_may_not_suspend(alice, bob, mo, staff) -> None:
    suspend_member(member=mo, reason=REASON, by=staff)
    mo = User.objects.get(pk=mo.pk)

    assert not mo.can_suspend(alice)


# The suspend page


def test_it_shows_the_suspend_form(client, alice, mo, django_assert_max_num_queries):
    client.force_login(mo)

    # One query more than the form alone: the member's record of decisions.
    with django_assert_max_num_queries(7):
        response = client.get(f"/moderation/members/{alice.pk}/suspend/")

    assert response.status_code == 200
    text = page_text(response)
    assert "Suspend Alice" in text
    assert "alice@example.com" in text
    assert "End date (optional)" in text
    assert not Suspension.objects.exists()


def test_it_suspends_from_the_form(client, alice, mo) -> None:
    client.force_login(mo)

    response = suspend_form(client, alice, until="2099-01-31")

    assert response.status_code == 302
    assert response["Location"] == "/moderation/suspensions/"
    suspension = Suspension.objects.get(user=alice)
    assert suspension.created_by == mo
    assert suspension.reason == REASON
    assert suspension.ends_at == datetime.combine(date(2099, 1, 31), time.max, tzinfo=UTC)
    text = page_text(client.get(response["Location"]))
    assert "Alice (alice@example.com) has been suspended." in text


def test_it_suspends_without_an_end_date(client, alice, mo) -> None:
    client.force_login(mo)

    suspend_form(client, alice, until="")

    assert Suspension.objects.get(user=alice).ends_at is None


def test_it_refuses_an_end_date_in_the_past_and_keeps_the_input(client, alice, mo):
    client.force_login(mo)

    response = suspend_form(client, alice, until="2020-01-31")

    assert response.status_code == 400
    assert "The end date must be in the future." in page_text(response)
    html = response.content.decode()
    assert REASON in html
    assert 'value="2020-01-31"' in html
    assert not Suspension.objects.exists()


def test_it_asks_for_a_reason(client, alice, mo) -> None:
    client.force_login(mo)

    response = suspend_form(client, alice, reason="   ", until="2099-01-31")

    assert response.status_code == 400
    assert "Please give the reason; the member will read it." in page_text(response)
    assert 'value="2099-01-31"' in response.content.decode()
    assert not Suspension.objects.exists()


def test_it_refuses_an_end_date_that_is_not_a_date(client, alice, mo) -> None:
    client.force_login(mo)

    response = suspend_form(client, alice, until="next week")

    assert "Enter a date such as 2030-01-31." in page_text(response)
    assert not Suspension.objects.exists()


def test_the_suspend_page_warns_when_the_member_is_already_suspended(client, alice, mo):
    suspend_member(member=alice, reason=REASON, by=mo)
    client.force_login(mo)

    response = client.get(f"/moderation/members/{alice.pk}/suspend/")

    assert "Alice is already suspended without an end date." in page_text(response)


def test_it_refuses_to_let_a_moderator_suspend_themself(client, mo) -> None:
    client.force_login(mo)

    response = suspend_form(client, mo)

    assert response.status_code == 403
    assert "You can't suspend yourself." in page_text(response)
    assert not Suspension.objects.exists()


def test_it_refuses_to_let_a_moderator_suspend_another_moderator(client, mo) -> None:
    other = make_user("max@example.com", "Max", role=Role.MODERATOR)
    client.force_login(mo)

    response = suspend_form(client, other)

    assert response.status_code == 403
    assert "Only staff can suspend a moderator or a member of staff." in page_text(response)
    assert not Suspension.objects.exists()


def test_it_lets_staff_suspend_a_moderator(client, mo, staff) -> None:
    client.force_login(staff)

    response = suspend_form(client, mo)

    assert response.status_code == 302
    assert Suspension.objects.get().user == mo


def test_it_refuses_a_member_on_the_suspend_page(client, alice, bob) -> None:
    client.force_login(bob)

    response = suspend_form(client, alice)

    assert response.status_code == 403
    assert "This page is for moderators" in page_text(response)
    assert not Suspension.objects.exists()


def test_it_answers_404_for_an_unknown_member(client, mo) -> None:
    client.force_login(mo)

    assert client.get("/moderation/members/999999/suspend/").status_code == 404


# Lifting from the page


def test_it_lifts_a_suspension_from_the_page(client, alice, mo) -> None:
    suspend_member(member=alice, reason=REASON, by=mo)
    client.force_login(mo)

    response = client.post(f"/moderation/members/{alice.pk}/unsuspend/", follow=True)

    assert "The suspension of Alice has been lifted." in page_text(response)
    assert not Suspension.objects.in_force().exists()


def test_it_says_when_there_is_nothing_to_lift(client, alice, mo) -> None:
    client.force_login(mo)

    response = client.post(f"/moderation/members/{alice.pk}/unsuspend/", follow=True)

    assert "Alice is not suspended." in page_text(response)


def test_unsuspend_refuses_get(client, alice, mo) -> None:
    suspend_member(member=alice, reason=REASON, by=mo)
    client.force_login(mo)

    response = client.get(f"/moderation/members/{alice.pk}/unsuspend/")

    assert response.status_code == 405
    assert Suspension.objects.in_force().exists()


def test_unsuspend_refuses_a_member(client, alice, bob, mo) -> None:
    suspend_member(member=alice, reason=REASON, by=mo)
    client.force_login(bob)

    response = client.post(f"/moderation/members/{alice.pk}/unsuspend/")

    assert response.status_code == 403
    assert Suspension.objects.in_force().exists()


def test_unsuspend_refuses_a_moderator_lifting_another_moderators_suspension(
    client, mo, staff
) -> None:
    other = make_user("max@example.com", "Max", role=Role.MODERATOR)
    suspend_member(member=other, reason=REASON, by=staff)
    client.force_login(mo)

    response = client.post(f"/moderation/members/{other.pk}/unsuspend/")

    assert response.status_code == 403
    assert Suspension.objects.in_force().exists()


def test_suspend_get_changes_nothing(client, alice, mo) -> None:
    client.force_login(mo)

    client.get(f"/moderation/members/{alice.pk}/suspend/", {"reason": REASON})

    assert not Suspension.objects.exists()


# Lists


def test_it_lists_suspensions_in_force_and_history(
    client, alice, bob, erin, mo, django_assert_max_num_queries
) -> None:
    suspend_member(member=alice, reason="Insulin advice", by=mo, until=in_days(5))
    suspend_member(member=bob, reason="Selling supplements", by=mo)
    lift_suspension(member=bob, by=mo)
    Suspension.objects.create(
        user=erin, reason="Undisclosed sponsor", created_at=in_days(-9), ends_at=in_days(-2)
    )
    client.force_login(mo)

    with django_assert_max_num_queries(7):
        response = client.get("/moderation/suspensions/")

    assert response.status_code == 200
    text = page_text(response)
    in_force, history = text.split("History", 1)
    assert "Insulin advice" in in_force
    assert "Selling supplements" in history
    assert "Undisclosed sponsor" in history
    assert "Ended by itself" in history
    assert "Lift the suspension of alice@example.com" in in_force


def test_the_dashboard_shows_applications_suspensions_and_decisions(
    client, alice, bob, mo, django_assert_max_num_queries
) -> None:
    suspend_member(member=alice, reason="Insulin advice", by=mo)
    bob.expert_applications.create(
        profession="Dietitian", credentials="RD", registry_url="https://example.org/rd/1"
    )
    call_command("suspend", "bob@example.com", "--reason", "Spam", stdout=StringIO())
    client.force_login(mo)

    with django_assert_max_num_queries(7):
        response = client.get("/moderation/")

    assert response.status_code == 200
    text = page_text(response)
    assert "1 application waiting for a decision" in text
    assert "Insulin advice" in text
    assert "Mo Suspended a member alice@example.com" in text
    assert "command line Suspended a member bob@example.com" in text


def test_it_finds_members_to_suspend(client, alice, bob, mo, django_assert_max_num_queries):
    suspend_member(member=alice, reason=REASON, by=mo)
    client.force_login(mo)

    # Session, user, verified address, suspension, the count and the page of members.
    with django_assert_max_num_queries(6):
        response = client.get("/moderation/members/", {"q": "example.com"})

    text = page_text(response)
    assert "Lift the suspension of alice@example.com" in text
    assert "Suspend bob@example.com" in text
    assert f'href="/moderation/members/{mo.pk}/suspend/"' in response.content.decode()


@pytest.mark.parametrize("extra", [3, 60])
def test_it_lists_every_member_newest_first_before_any_search(
    client, alice, mo, extra, django_assert_max_num_queries
) -> None:
    joined = timezone.now() - timedelta(days=400)
    for n in range(extra):
        make_user(f"member{n}@example.com", f"Member {n}", date_joined=joined + timedelta(days=n))
    suspend_member(member=alice, reason=REASON, by=mo)
    User.objects.filter(pk=alice.pk).update(date_joined=joined - timedelta(days=1))
    client.force_login(mo)

    with django_assert_max_num_queries(6):
        response = client.get("/moderation/members/")

    assert response.status_code == 200
    text = page_text(response)
    total = extra + 2
    assert f"{total} members, newest first." in text
    html = response.content.decode()
    shown = listed_emails(response)
    assert shown[:2] == ["mo@example.com", f"member{extra - 1}@example.com"]
    assert len(shown) == min(total, 50)
    assert ("alice@example.com" in shown) is (total <= 50)
    assert ('rel="next"' in html) is (total > 50)
    assert 'href="/moderation/members/?q=' not in html  # no search to carry over


def test_the_second_page_of_members_ends_with_the_oldest(client, alice, mo) -> None:
    joined = timezone.now() - timedelta(days=400)
    for n in range(55):
        make_user(f"member{n}@example.com", f"Member {n}", date_joined=joined + timedelta(days=n))
    User.objects.filter(pk=alice.pk).update(date_joined=joined - timedelta(days=1))
    client.force_login(mo)

    response = client.get("/moderation/members/", {"page": 2})

    assert "Page 2 of 2" in page_text(response)
    shown = listed_emails(response)
    assert shown == [f"member{n}@example.com" for n in range(5, -1, -1)] + ["alice@example.com"]


def test_a_search_keeps_its_words_across_pages(client, mo) -> None:
    for n in range(55):
        make_user(f"sleeper{n}@example.com", f"Sleeper {n}")
    client.force_login(mo)

    response = client.get("/moderation/members/", {"q": "sleeper"})

    text = page_text(response)
    assert "55 members match “sleeper”, newest first." in text
    assert "mo@example.com" not in text
    assert 'href="?q=sleeper&amp;page=2"' in response.content.decode()
    assert "Show every member" in text


def test_the_members_page_refuses_members(client, alice) -> None:
    client.force_login(alice)

    response = client.get("/moderation/members/")

    assert response.status_code == 403
    assert "This page is for moderators" in page_text(response)
    assert "alice@example.com" not in response.content.decode()


def test_it_says_when_no_member_matches(client, mo) -> None:
    client.force_login(mo)

    response = client.get("/moderation/members/", {"q": "nobody-here"})

    assert "No member matches “nobody-here”." in page_text(response)


# The commands


def test_the_command_suspends_until_the_end_of_a_day(
    alice, django_capture_on_commit_callbacks
) -> None:
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "suspend", "Alice@Example.com", "--reason", REASON, "--until", "2099-06-30", stdout=out
        )

    suspension = Suspension.objects.get(user=alice)
    assert suspension.ends_at == datetime(2099, 6, 30, 23, 59, 59, 999999, tzinfo=UTC)
    assert suspension.created_by is None
    assert out.getvalue().strip() == (
        "Suspended alice@example.com until the end of 2099-06-30 (UTC)."
    )
    entry = AuditEntry.objects.get()
    assert entry.actor is None
    assert entry.actor_name == "command line"
    assert mail.outbox[0].to == ["alice@example.com"]


def test_the_command_suspends_without_an_end_date(alice) -> None:
    out = StringIO()

    call_command("suspend", "alice@example.com", "--reason", REASON, stdout=out)

    assert Suspension.objects.get(user=alice).ends_at is None
    assert "without an end date" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody@example.com", "--reason", REASON], "no account with the email address"),
        (["alice@example.com", "--reason", REASON, "--until", "31/12/2099"], "YYYY-MM-DD"),
        (["alice@example.com", "--reason", REASON, "--until", "2001-01-01"], "in the future"),
        (["alice@example.com", "--reason", "  "], "Please give a reason"),
    ],
)
def test_the_command_explains_what_is_wrong(alice, args, message) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("suspend", *args)

    assert not Suspension.objects.exists()


def test_the_unsuspend_command_lifts_the_suspension(alice, mo) -> None:
    suspend_member(member=alice, reason=REASON, by=mo)
    out = StringIO()

    call_command("unsuspend", "alice@example.com", stdout=out)

    assert not Suspension.objects.in_force().exists()
    assert out.getvalue().strip() == "Lifted the suspension of alice@example.com."
    entry = AuditEntry.objects.get(action=AuditAction.UNSUSPEND)
    assert entry.actor is None


def test_the_unsuspend_command_says_when_there_is_nothing_to_lift(alice) -> None:
    out = StringIO()

    call_command("unsuspend", "alice@example.com", stdout=out)

    assert "alice@example.com is not suspended: nothing to lift." in out.getvalue()


def test_the_unsuspend_command_refuses_an_unknown_email(db) -> None:
    with pytest.raises(CommandError, match="no account with the email address"):
        call_command("unsuspend", "nobody@example.com")
