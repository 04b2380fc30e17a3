"""Account settings, the data export and public profiles."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from aposbook.accounts.models import User
from aposbook.discussions.models import Follow
from aposbook.library.models import ArticleStatus
from aposbook.moderation.models import ExpertApplication, Suspension
from tests.factories import (
    AnswerFactory,
    ArticleFactory,
    ConditionFactory,
    FeedbackFactory,
    PostFactory,
    QuestionFactory,
    ReviewFactory,
    ThreadFactory,
)
from tests.fixtures import make_user
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def test_the_settings_page_shows_the_account(client, alice, django_assert_max_num_queries):
    client.force_login(alice)

    # Session, user, suspension banner, and what the member follows.
    with django_assert_max_num_queries(4):
        response = client.get("/accounts/settings/")

    page = response.content.decode()
    assert "alice@example.com" in page
    assert 'value="Alice"' in page
    assert '<label for="id_display_name">Display name' in page
    assert 'href="/accounts/settings/export/">Download my data' in page
    assert 'href="/accounts/delete/">Delete my account' in page
    assert 'href="/accounts/password/change/">Change my password' in page


def test_it_refuses_visitors(client):
    response = client.get("/accounts/settings/")

    assert response.status_code == 403
    assert "Please log in to use this feature" in response.content.decode()


def test_it_saves_the_display_name(client, alice):
    client.force_login(alice)

    response = client.post(
        "/accounts/settings/", {"display_name": "  Alice   Martin "}, follow=True
    )

    alice.refresh_from_db()
    assert alice.display_name == "Alice Martin"
    assert "Your display name has been saved." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "This field is required."),
        ("deleted member", "Please choose another name."),
        ("\u200b\u202e\u2060", "Please write the name other members will see."),
    ],
)
def test_it_refuses_a_display_name(client, alice, name, error):
    client.force_login(alice)

    response = client.post("/accounts/settings/", {"display_name": name})

    assert error in response.content.decode()
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_it_stores_the_name_without_invisible_or_reordering_characters(client, alice):
    client.force_login(alice)

    client.post("/accounts/settings/", {"display_name": "\u202eecilA\u200b Martin\ufeff"})

    alice.refresh_from_db()
    assert alice.display_name == "ecilA Martin"


LOOKS_LIKE_AN_EXPERT = "This name looks like the name of one of our health experts or moderators."


@pytest.mark.parametrize("name", ["Erin Hale", "Dr \u0415rin Ha1e", "erin\u200bhale", "M\u043e"])
def test_it_refuses_a_name_that_passes_for_a_vouched_member_s(client, alice, erin, mo, name):
    client.force_login(alice)

    response = client.post("/accounts/settings/", {"display_name": name})

    assert response.status_code == 200
    assert LOOKS_LIKE_AN_EXPERT in page_text(response)
    assert f'value="{name}"' in response.content.decode()  # what was typed stays
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_an_expert_may_keep_their_own_name(client, erin):
    client.force_login(erin)

    client.post("/accounts/settings/", {"display_name": "Dr Erin Hale"})

    erin.refresh_from_db()
    assert erin.display_name == "Dr Erin Hale"


def test_it_refuses_get_for_saving(client, alice):
    client.force_login(alice)

    client.get("/accounts/settings/", {"display_name": "Someone else"})

    alice.refresh_from_db()
    assert alice.display_name == "Alice"


# Email preferences


def test_the_settings_offer_reply_emails_on_or_off_and_nothing_that_does_nothing(client, alice):
    client.force_login(alice)

    response = client.get("/accounts/settings/")

    html = response.content.decode()
    label = "Email me when someone replies in a discussion I follow"
    assert f'<label for="id_reply_emails">{label}</label>' in html
    assert re.search(r'<input type="checkbox" name="reply_emails"[^>]* checked>', html)
    assert "digest" not in page_text(response).lower()


def test_it_turns_reply_emails_off_and_on(client, alice):
    client.force_login(alice)

    response = client.post("/accounts/settings/emails/", {}, follow=True)

    assert response.redirect_chain == [("/accounts/settings/#email-preferences", 302)]
    assert "Your email preferences have been saved." in page_text(response)
    assert not User.objects.get(pk=alice.pk).reply_emails
    assert not re.search(r'name="reply_emails"[^>]* checked', response.content.decode())

    client.post("/accounts/settings/emails/", {"reply_emails": "on"})

    assert User.objects.get(pk=alice.pk).reply_emails


def test_email_preferences_refuse_get(client, alice):
    client.force_login(alice)

    assert client.get("/accounts/settings/emails/").status_code == 405
    assert User.objects.get(pk=alice.pk).reply_emails


def test_email_preferences_refuse_visitors(client, alice):
    response = client.post("/accounts/settings/emails/", {})

    assert response.status_code == 403
    assert User.objects.get(pk=alice.pk).reply_emails


def test_email_preferences_change_only_the_member_s_own(client, alice, bob):
    client.force_login(alice)

    client.post("/accounts/settings/emails/", {})

    assert User.objects.get(pk=bob.pk).reply_emails
    assert not User.objects.get(pk=alice.pk).reply_emails


# What the member follows


@pytest.mark.parametrize("count", [1, 8])
def test_the_settings_list_what_the_member_follows_in_one_query(
    client, alice, bob, count, django_assert_max_num_queries
):
    insomnia = ConditionFactory(name="Insomnia", slug="insomnia")
    Follow.objects.create(user=alice, topic=insomnia.topic)
    for n in range(count):
        thread = ThreadFactory(topic=insomnia.topic, author=bob, title=f"Waking at three, {n}")
        Follow.objects.create(user=alice, thread=thread)
    ThreadFactory(topic=insomnia.topic, author=bob, title="Bob's other thread")
    client.force_login(alice)

    with django_assert_max_num_queries(4):
        response = client.get("/accounts/settings/")

    text = page_text(response)
    html = response.content.decode()
    assert "Discussions and topics you follow" in text
    assert html.count('">Waking at three, ') == count
    assert "Bob's other thread" not in text
    assert f"Waking at three, {count - 1} · a discussion about Insomnia" in text
    assert "Insomnia · every discussion about this topic" in text
    assert f'href="{thread.get_absolute_url()}"' in html
    assert 'href="/topics/condition/insomnia/discussions/"' in html
    assert html.count('action="/follows/') == count + 1
    assert "Stop following “Waking at three, 0”" in text


# Becoming an expert


def test_the_settings_show_a_member_how_to_become_an_expert(client, alice):
    client.force_login(alice)

    html = client.get("/accounts/settings/").content.decode()

    assert 'href="/experts/apply/">Apply to be a health expert</a>' in html


def test_the_settings_tell_an_expert_they_are_one(client, erin):
    client.force_login(erin)

    text = page_text(client.get("/accounts/settings/"))

    assert "You are shown as a health expert, with the credentials MS, RD." in text
    assert "Apply to be a health expert" not in text


def test_a_member_s_own_profile_shows_how_to_become_an_expert(client, alice, bob):
    link = 'href="/experts/apply/">Apply to be a health expert</a>'

    client.force_login(alice)
    assert link in client.get(f"/members/{alice.pk}/").content.decode()
    assert link not in client.get(f"/members/{bob.pk}/").content.decode()


def test_an_expert_profile_explains_what_an_expert_is(client, erin):
    html = client.get(f"/members/{erin.pk}/").content.decode()

    assert 'href="/experts/apply/">How to become a health expert</a>' in html
    assert "<dt>Credentials</dt><dd>MS, RD</dd>" in html


# The data export


def test_the_export_downloads_everything_as_json(client, alice, mo, django_assert_max_num_queries):
    Suspension.objects.create(user=alice, reason="Spam in reviews", created_by=mo)
    ExpertApplication.objects.create(
        user=alice,
        profession="Registered dietitian",
        credentials="RD",
        registry_url="https://registry.example.org/alice",
    )
    client.force_login(alice)

    # One query a section, each app's part registered from its apps.py.
    with django_assert_max_num_queries(17):
        response = client.get("/accounts/settings/export/")

    assert response["Content-Type"] == "application/json"
    assert (
        response["Content-Disposition"] == f'attachment; filename="aposbook-data-{alice.pk}.json"'
    )
    data = json.loads(response.content)
    assert set(data) == {
        "profile",
        "email_addresses",
        "suspensions",
        "expert_applications",
        "contact_messages",
        "reviews",
        "review_votes",
        "discussions_started",
        "posts",
        "questions",
        "answers",
        "answer_votes",
        "follows",
        "page_feedback",
        "edit_proposals",
        "reports",
    }
    assert data["profile"]["email"] == "alice@example.com"
    assert data["profile"]["display_name"] == "Alice"
    assert data["profile"]["reply_emails"] is True
    assert data["email_addresses"] == [
        {"email": "alice@example.com", "verified": True, "primary": True}
    ]
    assert data["suspensions"][0]["reason"] == "Spam in reviews"
    assert data["expert_applications"][0]["profession"] == "Registered dietitian"
    assert "mo@example.com" not in response.content.decode()


def test_the_export_includes_what_the_member_wrote(client, alice, bob):
    review = ReviewFactory(author=alice, story="Glycinate at night helped me sleep within weeks.")
    thread = ThreadFactory(author=alice, title="Waking at three every night")
    PostFactory(thread=thread, author=alice, body="Same here, a fixed wake-up time helped.")
    question = QuestionFactory(author=alice, title="Magnesium with blood pressure tablets?")
    AnswerFactory(question=question, author=bob, body="Ask your pharmacist about timing.")
    FeedbackFactory(user=alice, helpful=True, comment="Clear and useful page.")
    client.force_login(alice)

    data = json.loads(client.get("/accounts/settings/export/").content)

    assert data["reviews"][0]["story"] == review.story
    assert data["discussions_started"][0]["title"] == "Waking at three every night"
    assert [post["body"] for post in data["posts"]][-1] == "Same here, a fixed wake-up time helped."
    assert data["questions"][0]["title"] == "Magnesium with blood pressure tablets?"
    assert data["answers"] == []  # bob's answer is bob's data
    assert data["follows"][0]["discussion"] == "Waking at three every night"
    assert data["page_feedback"][0]["comment"] == "Clear and useful page."


def test_the_export_is_never_cached(client, alice):
    client.force_login(alice)

    response = client.get("/accounts/settings/export/")

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_export_refuses_visitors(client):
    assert client.get("/accounts/settings/export/").status_code == 403


def test_a_profile_shows_the_member(client, alice, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):  # the member, and four kinds of contribution
        response = client.get(f"/members/{alice.pk}/")

    page = response.content.decode()
    assert "<h1" in page and ">Alice</h1>" in page
    assert "<dd>Member</dd>" in page
    joined = timezone.localtime(alice.date_joined)
    assert f'<dd><time datetime="{joined:%Y-%m}">{joined:%B %Y}</time></dd>' in page
    assert "alice@example.com" not in page
    assert "Health expert" not in page


@pytest.mark.parametrize("count", [1, 8])
def test_a_profile_lists_the_latest_contributions_in_flat_queries(
    client, alice, bob, count, django_assert_max_num_queries
):
    for n in range(count):
        ReviewFactory(author=alice)
        thread = ThreadFactory(author=alice, title=f"Waking at three, night {n}")
        question = QuestionFactory(author=bob, title=f"Does magnesium help, case {n}?")
        AnswerFactory(question=question, author=alice, body=f"It helped me a little ({n}).")
        QuestionFactory(author=alice, title=f"Is valerian safe with tea, case {n}?")

    with django_assert_max_num_queries(5):
        page = client.get(f"/members/{alice.pk}/").content.decode()

    assert "Latest reviews" in page and "Latest answers" in page
    assert f'href="{thread.get_absolute_url()}"' in page
    assert page.count("Waking at three, night") == min(count, 5)


def test_a_profile_offers_moderators_to_suspend_the_member(client, alice, bob, mo):
    link = f'href="/moderation/members/{alice.pk}/suspend/">Suspend this member'

    client.force_login(mo)
    assert link in client.get(f"/members/{alice.pk}/").content.decode()

    client.force_login(bob)
    assert link not in client.get(f"/members/{alice.pk}/").content.decode()
    assert "Suspend this member" not in client.get(f"/members/{mo.pk}/").content.decode()


def test_a_new_member_s_profile_says_they_have_not_written_yet(client, alice):
    page = client.get(f"/members/{alice.pk}/").content.decode()

    assert "Alice has not written anything in the community yet." in page


def test_an_expert_profile_shows_the_badge_and_credentials(client, erin):
    page = client.get(f"/members/{erin.pk}/").content.decode()

    assert (
        'Erin Hale <span class="badge badge-expert">Health expert</span> '
        '<span class="credentials">MS, RD</span>' in page
    )


@pytest.mark.parametrize(
    "change",
    [
        {"is_active": False},
        {"is_active": False, "deleted_at": timezone.now()},
        {"is_active": False, "deleted_at": timezone.now(), "purged_at": timezone.now()},
    ],
    ids=["deactivated", "deleted", "purged"],
)
def test_a_profile_is_gone_for_an_account_that_is_not_live(client, alice, change):
    User.objects.filter(pk=alice.pk).update(**change)

    assert client.get(f"/members/{alice.pk}/").status_code == 404


def test_an_unknown_member_is_not_found(client, db):
    assert client.get("/members/999999/").status_code == 404


def test_a_profile_lists_nothing_on_an_article_the_reader_may_not_open(client, alice, bob, mo):
    """Discussions, questions and answers on a draft article answer "not found" to members:
    the profile does not list them either (staff, who may preview drafts, still see them)."""
    draft = ArticleFactory(title="Sleep and caffeine", status=ArticleStatus.DRAFT)
    thread = ThreadFactory(author=alice, topic=draft.topic, title="Coffee after noon")
    question = QuestionFactory(author=alice, topic=draft.topic, title="Is decaf enough?")
    on_draft = QuestionFactory(author=bob, topic=draft.topic, title="Green tea in the evening?")
    AnswerFactory(question=on_draft, author=alice, body="It kept me awake past midnight.")
    staff = make_user("staff@example.com", "Sam", role="staff", is_staff=True)

    for reader in [None, bob, mo]:
        if reader:
            client.force_login(reader)
        assert client.get(thread.get_absolute_url()).status_code == 404
        assert client.get(question.get_absolute_url()).status_code == 404
        page = page_text(client.get(f"/members/{alice.pk}/"))
        assert "Coffee after noon" not in page and "Is decaf enough?" not in page
        assert "Green tea in the evening?" not in page
        assert "Alice has not written anything in the community yet." in page

    client.force_login(staff)
    page = page_text(client.get(f"/members/{alice.pk}/"))
    assert "Coffee after noon" in page and "Is decaf enough?" in page
    assert "Green tea in the evening?" in page


def test_an_unverified_account_has_no_profile_but_for_its_owner_and_moderators(client, bob, mo):
    newcomer = make_user("new@example.com", "Dr Real Name", verified=False)
    ThreadFactory(author=newcomer, title="Visit my shop for cures")

    assert client.get(f"/members/{newcomer.pk}/").status_code == 404
    client.force_login(bob)
    assert client.get(f"/members/{newcomer.pk}/").status_code == 404

    for viewer in [newcomer, mo]:
        client.force_login(viewer)
        response = client.get(f"/members/{newcomer.pk}/")
        assert response.status_code == 200
        assert "Dr Real Name" in page_text(response)

    EmailAddress.objects.filter(user=newcomer).update(verified=True)
    client.logout()
    assert client.get(f"/members/{newcomer.pk}/").status_code == 200
