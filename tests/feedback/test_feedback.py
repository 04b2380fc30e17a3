""" "Was this page helpful?": the box on topic pages, its limits, and the editors' pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory

from aposbook.accounts.models import Role
from aposbook.feedback.models import Feedback
from aposbook.lib.ratelimit import sender_key
from aposbook.moderation.models import Suspension
from tests.factories import ArticleFactory, ConditionFactory, FeedbackFactory, SolutionFactory
from tests.fixtures import make_user
from tests.helpers import field_error, page_text, textarea_value

pytestmark = pytest.mark.django_db

THANKS = (
    "Success! Thank you for your feedback. Your contribution can make a difference. "
    "Together we can help each other."
)
RATE_LIMITED = "You have sent a lot of feedback in a short time. Please try again later."
EDITORS_ONLY = "This page is for health experts and moderators."
LOG_IN_GATE = "Please log in to use this feature"
SEND = "/topics/condition/insomnia/feedback/send/"


@pytest.fixture(autouse=True)
def empty_cache():
    """The rate limit lives in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("kind", ["condition", "solution", "article"])
def test_it_asks_whether_every_topic_page_was_helpful(client, kind):
    owner = {"condition": ConditionFactory, "solution": SolutionFactory}.get(kind, ArticleFactory)()

    html = client.get(owner.get_absolute_url()).content.decode()

    assert "Was this page helpful?" in page_text(client.get(owner.get_absolute_url()))
    assert f'action="/topics/{kind}/{owner.slug}/feedback/send/"' in html
    assert 'name="helpful" value="yes"' in html and 'name="helpful" value="no"' in html


def test_it_takes_anonymous_feedback_and_thanks_on_the_page(client, insomnia):
    response = client.post(SEND, {"helpful": "no", "comment": "Nothing about shift work."})

    assert response.status_code == 302
    assert response["Location"] == "/conditions/insomnia/#feedback-box"
    feedback = Feedback.objects.get()
    assert (feedback.topic, feedback.helpful, feedback.user) == (insomnia.topic, False, None)
    assert feedback.comment == "Nothing about shift work."
    assert THANKS in page_text(client.get(response["Location"]))


def test_it_swaps_the_box_for_the_thanks_with_htmx(client, insomnia):
    response = client.post(SEND, {"helpful": "yes"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert page_text(response) == THANKS
    assert Feedback.objects.get().helpful is True


def test_it_records_who_sent_feedback_when_logged_in(client, alice, insomnia):
    client.force_login(alice)
    client.post(SEND, {"helpful": "yes"})

    assert Feedback.objects.get().user == alice


def test_it_takes_feedback_from_a_suspended_member_as_anonymous(client, alice, insomnia):
    Suspension.objects.create(user=alice, reason="Spam links in reviews.")
    client.force_login(alice)
    response = client.post(SEND, {"helpful": "yes", "comment": "Clear enough."})

    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.user, feedback.comment) == (None, "Clear enough.")
    assert THANKS in page_text(client.get(response["Location"]))


def test_it_takes_feedback_from_an_unverified_member_as_anonymous(client, insomnia):
    newcomer = make_user("new@example.com", "New", verified=False)
    client.force_login(newcomer)
    client.post(SEND, {"helpful": "no"})

    assert Feedback.objects.get().user is None


def test_it_stores_nothing_from_a_bot_but_says_thanks(client, insomnia):
    response = client.post(
        SEND, {"helpful": "yes", "comment": "Great pills here", "website": "http://spam.example"}
    )

    assert response.status_code == 302
    assert THANKS in page_text(client.get(response["Location"]))
    assert not Feedback.objects.exists()


def test_it_limits_anonymous_feedback_per_address(client, insomnia):
    for _ in range(10):
        assert client.post(SEND, {"helpful": "yes"}).status_code == 302

    response = client.post(SEND, {"helpful": "no", "comment": "One more comment"})

    assert response.status_code == 400
    assert RATE_LIMITED in page_text(response)
    assert textarea_value(response, "comment") == "One more comment"
    assert Feedback.objects.count() == 10
    other_address = client.post(SEND, {"helpful": "yes"}, REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 302


def test_it_limits_each_visitor_behind_the_proxy_by_their_own_address(client, insomnia, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(10):
        client.post(SEND, {"helpful": "yes"}, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)

    # The same visitor can't get round the limit by writing another address in front...
    spoofed = client.post(
        SEND, {"helpful": "yes"}, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7", **proxy
    )
    # ...and another visitor, through the same proxy, is not held back by the first.
    other = client.post(SEND, {"helpful": "yes"}, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)

    assert spoofed.status_code == 400
    assert RATE_LIMITED in page_text(spoofed)
    assert other.status_code == 302
    assert Feedback.objects.count() == 11


def test_it_shows_the_rate_limit_inside_the_box_with_htmx(client, insomnia):
    for _ in range(10):
        client.post(SEND, {"helpful": "yes"})

    response = client.post(SEND, {"helpful": "yes"}, HTTP_HX_REQUEST="true")

    assert RATE_LIMITED in page_text(response)
    assert 'id="feedback-box"' in response.content.decode()


def test_it_keeps_no_ip_address(client, insomnia):
    client.post(SEND, {"helpful": "yes"}, REMOTE_ADDR="203.0.113.77")

    assert "203.0.113.77" not in str(list(Feedback.objects.values()))
    request = RequestFactory().post(SEND, REMOTE_ADDR="203.0.113.77")
    request.user = AnonymousUser()
    key = sender_key(request, "feedback")
    assert "203.0.113.77" not in key
    assert cache.get(key) == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"comment": "It was useful"}, "helpful", "Please choose Yes or No."),
        ({"helpful": "maybe"}, "helpful", "Please choose Yes or No."),
        ({"helpful": "no", "comment": "<script>alert(1)</script>"}, "comment", "Please remove"),
        ({"helpful": "no", "comment": "a" * 2001}, "comment", "Your comment is too long"),
        ({"helpful": "no", "comment": "ok"}, "comment", "Your comment is too short"),
        ({"helpful": "no", "comment": "q" * 500}, "comment", "Please break up very long words"),
    ],
    ids=["no-answer", "bad-answer", "script", "long", "short", "long-word"],
)
def test_it_refuses_bad_feedback_and_keeps_the_input(client, insomnia, data, field, message):
    response = client.post(SEND, data)

    assert response.status_code == 400
    if field == "helpful":
        assert message in page_text(response)
    else:
        assert message in field_error(response, field, prefix="feedback_")
    assert textarea_value(response, "comment") == data.get("comment", "")
    assert not Feedback.objects.exists()


def test_it_refuses_get_on_the_feedback_address(client, insomnia):
    assert client.get(SEND).status_code == 405
    assert not Feedback.objects.exists()


# The editors' pages


@pytest.mark.parametrize("editor", ["erin", "mo"])
def test_it_shows_a_pages_feedback_with_its_counts_to_editors(client, insomnia, editor, request):
    FeedbackFactory(topic=insomnia.topic, helpful=True)
    FeedbackFactory(topic=insomnia.topic, helpful=False, comment="Say more about <b>CBT</b>.")
    FeedbackFactory(topic=insomnia.topic, helpful=False)
    FeedbackFactory(helpful=True, comment="About another page")

    client.force_login(request.getfixturevalue(editor))
    response = client.get("/topics/condition/insomnia/feedback/")

    page = page_text(response)
    assert response.status_code == 200
    assert "1 helpful · 2 not helpful" in page
    assert "Say more about <b>CBT</b>." in page
    assert "About another page" not in page


def test_it_shows_staff_all_recent_feedback(client, insomnia):
    staff = make_user("staff@example.com", "Staff", is_staff=True)
    FeedbackFactory(topic=insomnia.topic, helpful=False, comment="Needs dosage for children")
    FeedbackFactory(helpful=True)

    client.force_login(staff)
    page = page_text(client.get("/feedback/"))

    assert "On every page: 1 helpful · 1 not helpful" in page
    assert "Needs dosage for children" in page
    assert "Insomnia 0 1" in page


@pytest.mark.parametrize("url", ["/feedback/", "/topics/condition/insomnia/feedback/"])
def test_it_refuses_the_feedback_pages_to_members(client, alice, insomnia, url):
    FeedbackFactory(topic=insomnia.topic, comment="A private comment")

    client.force_login(alice)
    response = client.get(url)

    assert response.status_code == 403
    assert EDITORS_ONLY in page_text(response)
    assert "A private comment" not in page_text(response)


@pytest.mark.parametrize("url", ["/feedback/", "/topics/condition/insomnia/feedback/"])
def test_it_sends_visitors_to_the_log_in_gate(client, insomnia, url):
    response = client.get(url)

    assert response.status_code == 403
    assert LOG_IN_GATE in page_text(response)


def test_it_refuses_the_feedback_pages_to_a_suspended_or_unverified_expert(client, insomnia):
    suspended = make_user("sam@example.com", "Sam", role=Role.EXPERT)
    Suspension.objects.create(user=suspended, reason="Spam links in reviews.")
    unverified = make_user("una@example.com", "Una", role=Role.EXPERT, verified=False)

    for expert in (suspended, unverified):
        client.force_login(expert)
        response = client.get("/feedback/")
        assert response.status_code == 403
        assert "Needs" not in page_text(response)


def test_it_keeps_the_feedback_page_queries_flat(
    client, mo, insomnia, django_assert_max_num_queries
):
    client.force_login(mo)
    counts = []
    for size in (2, 20):
        for number in range(size):
            FeedbackFactory(topic=insomnia.topic, helpful=bool(number % 2), user=mo)
        FeedbackFactory(helpful=False)
        for url in ("/feedback/", "/topics/condition/insomnia/feedback/"):
            # The session, the account, its standing (2); the page's topic or summary, the
            # tally, a count and a page of rows.
            with django_assert_max_num_queries(8) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries.captured_queries))

    assert counts[:2] == counts[2:]
