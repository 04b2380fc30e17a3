"""Following threads and topics, the reply emails, and unsubscribing without logging in."""

import datetime as dt

import pytest
from django.core import mail, signing
from django.utils import timezone

from aposbook.accounts.moderated import hold, set_visibility
from aposbook.discussions.models import Follow, ThreadNotice, unsubscribe_token
from aposbook.discussions.services import add_reply
from aposbook.lib.visibility import Visibility
from aposbook.moderation.models import Suspension
from tests.factories import ThreadFactory
from tests.fixtures import establish, make_user
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

REPLY = "It helped me fall asleep a little faster after two weeks."


@pytest.fixture
def thread(insomnia, bob):
    """Bob's thread: Bob follows it, as every author follows their thread."""
    return ThreadFactory(topic=insomnia.topic, author=bob, title="Magnesium before bed: worth it?")


def reply(client, thread, body: str, capture) -> None:
    with capture(execute=True):
        response = client.post(f"/discussions/{thread.pk}/reply/", {"body": body})
    assert response.status_code == 302, page_text(response)


def unsubscribe_path(message) -> str:
    """The /unsubscribe/<token>/ address an email carries, without the site's address."""
    header = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = header.removeprefix("http://127.0.0.1:8000")
    assert path in message.body
    return path


# Following


def test_it_follows_and_unfollows_a_thread(client, alice, thread):
    client.force_login(alice)

    followed = client.post(f"/discussions/{thread.pk}/follow/")
    assert followed.status_code == 302
    assert Follow.objects.filter(user=alice, thread=thread).exists()
    assert "Stop following" in page_text(client.get(f"/discussions/{thread.pk}/"))

    client.post(f"/discussions/{thread.pk}/unfollow/")
    assert not Follow.objects.filter(user=alice, thread=thread).exists()
    assert "Follow this discussion" in page_text(client.get(f"/discussions/{thread.pk}/"))


def test_it_follows_a_thread_only_once(client, alice, thread):
    client.force_login(alice)
    client.post(f"/discussions/{thread.pk}/follow/")
    client.post(f"/discussions/{thread.pk}/follow/")

    assert Follow.objects.filter(user=alice, thread=thread).count() == 1


def test_it_follows_and_unfollows_a_topic(client, alice, insomnia):
    client.force_login(alice)

    client.post("/topics/condition/insomnia/follow/")
    assert Follow.objects.filter(user=alice, topic=insomnia.topic).exists()
    assert "Stop following Insomnia" in page_text(
        client.get("/topics/condition/insomnia/discussions/")
    )

    client.post("/topics/condition/insomnia/unfollow/")
    assert not Follow.objects.filter(user=alice, topic=insomnia.topic).exists()


def test_it_lets_a_suspended_member_stop_following(client, alice, thread):
    Follow.objects.create(user=alice, thread=thread)
    Suspension.objects.create(user=alice, reason="Rude replies.")

    client.force_login(alice)
    client.post(f"/discussions/{thread.pk}/unfollow/")

    assert not Follow.objects.filter(user=alice).exists()


# Stopping from the list in the settings


def test_it_stops_a_follow_from_the_settings_and_goes_back_there(client, alice, bob, thread):
    follow = Follow.objects.create(user=alice, thread=thread)
    Follow.objects.create(user=bob, topic=thread.topic)
    client.force_login(alice)

    response = client.post(f"/follows/{follow.pk}/stop/", follow=True)

    assert response.redirect_chain == [("/accounts/settings/#follows", 302)]
    text = page_text(response)
    assert "You no longer follow “Magnesium before bed: worth it?”." in text
    assert "You do not follow any discussion yet." in text
    assert not Follow.objects.filter(user=alice).exists()
    assert Follow.objects.filter(user=bob).count() == 2  # his thread and the topic


def test_it_stops_following_a_topic_from_the_settings(client, alice, insomnia):
    follow = Follow.objects.create(user=alice, topic=insomnia.topic)
    client.force_login(alice)

    response = client.post(f"/follows/{follow.pk}/stop/", follow=True)

    assert "You no longer follow Insomnia." in page_text(response)
    assert not Follow.objects.filter(user=alice).exists()


def test_stopping_a_follow_refuses_get(client, alice, thread):
    follow = Follow.objects.create(user=alice, thread=thread)
    client.force_login(alice)

    assert client.get(f"/follows/{follow.pk}/stop/").status_code == 405
    assert Follow.objects.filter(pk=follow.pk).exists()


def test_stopping_a_follow_refuses_the_wrong_user(client, alice, bob, thread):
    follow = Follow.objects.get(user=bob, thread=thread)
    client.force_login(alice)

    assert client.post(f"/follows/{follow.pk}/stop/").status_code == 404
    assert Follow.objects.filter(pk=follow.pk).exists()


def test_stopping_a_follow_refuses_visitors(client, bob, thread):
    follow = Follow.objects.get(user=bob, thread=thread)

    assert client.post(f"/follows/{follow.pk}/stop/").status_code == 403
    assert Follow.objects.filter(pk=follow.pk).exists()


def test_it_lets_a_suspended_member_stop_a_follow_from_the_settings(client, alice, thread):
    follow = Follow.objects.create(user=alice, thread=thread)
    Suspension.objects.create(user=alice, reason="Rude replies.")
    client.force_login(alice)

    client.post(f"/follows/{follow.pk}/stop/")

    assert not Follow.objects.filter(user=alice).exists()


# Emails


def test_it_does_not_email_a_member_who_turned_reply_emails_off(
    client, alice, bob, thread, django_capture_on_commit_callbacks
):
    bob.reply_emails = False
    bob.save()
    reader = make_user("rita@example.com", "Rita")
    Follow.objects.create(user=reader, thread=thread)

    client.force_login(alice)
    reply(client, thread, REPLY, django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [["rita@example.com"]]
    # Bob still follows the thread: turning emails back on brings the next reply.
    assert Follow.objects.filter(user=bob, thread=thread).exists()
    assert not ThreadNotice.objects.filter(user=bob).exists()


def test_following_with_reply_emails_off_says_no_email_comes(client, alice, thread):
    alice.reply_emails = False
    alice.save()
    client.force_login(alice)

    response = client.post(f"/discussions/{thread.pk}/follow/", follow=True)

    text = page_text(response)
    assert "You follow this discussion. Reply emails are off in your account settings." in text
    assert "You get an email when someone replies" not in text
    assert 'href="/accounts/settings/#email-preferences">account settings</a>' in (
        response.content.decode()
    )


def test_it_emails_the_followers_of_a_thread_about_a_reply(
    client, alice, bob, thread, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    reply(client, thread, REPLY, django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [["bob@example.com"]]
    message = mail.outbox[0]
    assert message.subject == "[Aposbook] New reply in “Magnesium before bed: worth it?”"
    assert "Alice replied in “Magnesium before bed: worth it?”" in message.body
    assert REPLY in message.body
    assert f"http://127.0.0.1:8000/discussions/{thread.pk}/?cursor=" in message.body
    assert f"#post-{thread.posts.last().pk}" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert "Stop these emails" in html


def test_it_shows_the_reply_s_markdown_rendered_in_the_html_part_and_as_text_in_the_other(
    client, alice, bob, thread, django_capture_on_commit_callbacks
):
    body = (
        "> Magnesium before bed: worth it?\n\n"
        "It was for me, **after two weeks**. See [the trial](https://pubmed.ncbi.nlm.nih.gov/1/)."
    )
    establish(alice)  # a new member's first link would wait for a moderator, unsent
    client.force_login(alice)
    reply(client, thread, body, django_capture_on_commit_callbacks)

    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert "<blockquote>\n<p>Magnesium before bed: worth it?</p>\n</blockquote>" in html
    assert "<strong>after two weeks</strong>" in html
    assert "&gt;" not in html and "<br>" not in html and "**" not in html
    assert (
        'href="http://127.0.0.1:8000/leave/?to=https%3A%2F%2Fpubmed.ncbi.nlm.nih.gov%2F1%2F' in html
    )
    assert (
        "> Magnesium before bed: worth it?\n\nIt was for me, after two weeks. See the trial ("
        in (message.body)
    )
    assert "http://127.0.0.1:8000/leave/?to=https%3A%2F%2Fpubmed" in message.body
    assert "<" not in message.body.replace("<http", "")


def test_it_never_emails_the_author_of_the_reply(
    client, bob, thread, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    reply(client, thread, REPLY, django_capture_on_commit_callbacks)

    assert mail.outbox == []


def test_it_emails_a_follower_once_a_day_per_thread(
    client, alice, bob, thread, django_capture_on_commit_callbacks, monkeypatch
):
    client.force_login(alice)
    reply(client, thread, REPLY, django_capture_on_commit_callbacks)
    reply(
        client,
        thread,
        "A second thought: take it an hour before bed.",
        django_capture_on_commit_callbacks,
    )
    assert len(mail.outbox) == 1

    later = timezone.now() + dt.timedelta(hours=24, minutes=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    reply(client, thread, "A day later: still sleeping better.", django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2
    assert ThreadNotice.objects.get(user=bob, thread=thread).sent_at == later


def test_it_counts_the_day_per_thread(
    client, alice, bob, insomnia, django_capture_on_commit_callbacks
):
    first = ThreadFactory(topic=insomnia.topic, author=bob)
    second = ThreadFactory(topic=insomnia.topic, author=bob)
    client.force_login(alice)

    reply(client, first, REPLY, django_capture_on_commit_callbacks)
    reply(client, second, f"{REPLY} Really.", django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2


def test_it_emails_topic_followers_about_new_threads_and_replies(
    client, alice, bob, insomnia, django_capture_on_commit_callbacks
):
    Follow.objects.create(user=bob, topic=insomnia.topic)
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/topics/condition/insomnia/discussions/new/",
            {"title": "Waking up at 4 am every night", "body": "Has anyone found what helps?"},
        )

    assert [message.to for message in mail.outbox] == [["bob@example.com"]]
    assert mail.outbox[0].subject == (
        "[Aposbook] New discussion about Insomnia: Waking up at 4 am every night"
    )
    assert "follow discussions about Insomnia" in mail.outbox[0].body


def test_it_sends_one_email_to_a_member_who_follows_thread_and_topic(
    client, alice, bob, thread, django_capture_on_commit_callbacks
):
    Follow.objects.create(user=bob, topic=thread.topic)

    client.force_login(alice)
    reply(client, thread, REPLY, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1


def test_it_does_not_email_deleted_or_deactivated_members(
    client, alice, bob, thread, django_capture_on_commit_callbacks
):
    gone = make_user("gone@example.com", "Gone")
    Follow.objects.create(user=gone, thread=thread)
    gone.deleted_at = timezone.now()
    gone.save()
    bob.is_active = False
    bob.save()

    client.force_login(alice)
    reply(client, thread, REPLY, django_capture_on_commit_callbacks)

    assert mail.outbox == []


def test_it_does_not_email_suspended_or_unverified_members(
    client, alice, bob, thread, django_capture_on_commit_callbacks
):
    Suspension.objects.create(user=bob, reason="Spam links in replies.")
    unverified = make_user("una@example.com", "Una", verified=False)
    Follow.objects.create(user=unverified, thread=thread)
    reader = make_user("rita@example.com", "Rita")
    Follow.objects.create(user=reader, thread=thread)

    client.force_login(alice)
    reply(client, thread, REPLY, django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [["rita@example.com"]]
    # Not counted as emailed either: once the account may post again, the next reply reaches it.
    assert list(ThreadNotice.objects.values_list("user__email", flat=True)) == [reader.email]


# Unsubscribing


def test_it_asks_before_unsubscribing_and_changes_nothing_on_get(
    client, alice, bob, thread, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    reply(client, thread, REPLY, django_capture_on_commit_callbacks)
    path = unsubscribe_path(mail.outbox[0])
    client.logout()

    response = client.get(path)

    assert response.status_code == 200
    assert "Stop these emails?" in page_text(response)
    assert "Magnesium before bed: worth it?" in page_text(response)
    assert Follow.objects.filter(user=bob, thread=thread).exists()


def test_it_unsubscribes_on_post_without_logging_in(
    client, alice, bob, thread, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    reply(client, thread, REPLY, django_capture_on_commit_callbacks)
    path = unsubscribe_path(mail.outbox[0])
    client.logout()

    response = client.post(path)

    assert response.status_code == 200
    assert "You have unsubscribed" in page_text(response)
    assert not Follow.objects.filter(user=bob).exists()
    assert Follow.objects.filter(user=alice, thread=thread).exists()


def test_it_unsubscribes_with_a_one_click_post_without_a_csrf_token(client, bob, thread):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    token = unsubscribe_token(user_id=bob.pk, thread_id=thread.pk, topic_id=None)

    response = strict.post(f"/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not Follow.objects.filter(user=bob, thread=thread).exists()


def test_it_unsubscribes_from_the_topic_that_caused_the_email(client, alice, bob, insomnia):
    Follow.objects.create(user=bob, topic=insomnia.topic)
    other = make_user("olga@example.com", "Olga")
    Follow.objects.create(user=other, topic=insomnia.topic)
    token = unsubscribe_token(user_id=bob.pk, thread_id=None, topic_id=insomnia.topic.pk)

    client.post(f"/unsubscribe/{token}/")

    assert list(Follow.objects.values_list("user__email", flat=True)) == ["olga@example.com"]


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        signing.dumps({"user": 1, "thread": 1, "topic": None}, salt="another.salt"),
        signing.dumps({"user": 1, "thread": 1, "topic": None}, salt="aposbook.unsubscribe")[:-3]
        + "abc",
    ],
    ids=["garbage", "wrong-salt", "tampered"],
)
def test_it_refuses_a_forged_unsubscribe_link(client, bob, thread, token):
    Follow.objects.create(user=bob, topic=thread.topic)

    response = client.post(f"/unsubscribe/{token}/")

    assert response.status_code == 400
    assert "This link is not valid" in page_text(response)
    assert Follow.objects.filter(user=bob).count() == 2


def test_it_unsubscribes_only_with_get_or_post(client, bob, thread):
    token = unsubscribe_token(user_id=bob.pk, thread_id=thread.pk, topic_id=None)

    assert client.delete(f"/unsubscribe/{token}/").status_code == 405
    assert Follow.objects.filter(user=bob, thread=thread).exists()


def test_it_keeps_the_notice_day_after_unsubscribing_and_following_again(
    client, alice, bob, thread, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    reply(client, thread, REPLY, django_capture_on_commit_callbacks)
    Follow.objects.filter(user=bob).delete()
    Follow.objects.create(user=bob, thread=thread)

    reply(
        client, thread, "Another reply, still on the same day.", django_capture_on_commit_callbacks
    )

    assert len(mail.outbox) == 1


def test_it_emails_the_followers_when_a_moderator_lets_a_held_reply_through(
    alice, bob, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        held = add_reply(thread=thread, author=alice, body=REPLY)
        hold(held, reason="Same text posted elsewhere")
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        set_visibility(held, Visibility.SHOWN)
    with django_capture_on_commit_callbacks(execute=True):
        set_visibility(held, Visibility.HIDDEN, reason="Spam after all")
        set_visibility(held, Visibility.SHOWN)

    # Once, when it was let through; a later restore is not news.
    assert [message.to for message in mail.outbox] == [["bob@example.com"]]
