"""Reports and the moderation queue: reporting any item, one report per member per item,
the rate limit, automatic holding, moderators' decisions and the audit log, the queue's
order and query count, who may do what, and the member's data."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from aposbook.accounts import registry
from aposbook.accounts.moderated import hold
from aposbook.lib.visibility import UNSAFE_ADVICE, Visibility
from aposbook.moderation.forms import REPORT_LIMIT, REPORT_RATE_LIMITED
from aposbook.moderation.models import AuditAction, AuditEntry, Report, ReportStatus
from aposbook.moderation.reports import (
    AUTO_HIDE_REASON,
    decide,
    moderation_queue,
    report_item,
    reporter_weight,
)
from aposbook.moderation.services import suspend_member
from aposbook.moderation.views import OWN_ITEM_REPORT, REPORTED
from aposbook.reviews.models import ReviewStats
from tests.factories import (
    AnswerFactory,
    PostFactory,
    QuestionFactory,
    ReviewFactory,
    ThreadFactory,
)
from tests.fixtures import make_user
from tests.helpers import field_error, page_text

pytestmark = pytest.mark.django_db

WEEK_AGO = dt.timedelta(days=8)


def established(n: int) -> list:
    joined = timezone.now() - WEEK_AGO
    return [make_user(f"old{i}@example.com", f"Old {i}", date_joined=joined) for i in range(n)]


def report_url(kind: str, pk: int) -> str:
    return f"/moderation/report/{kind}/{pk}/"


# --- Reporting -----------------------------------------------------------------------------


def test_it_sends_visitors_to_log_in_before_reporting(client) -> None:
    review = ReviewFactory()
    response = client.get(report_url("review", review.pk))
    assert response.status_code == 403
    assert "Log in" in page_text(response)
    assert not Report.objects.exists()


def test_a_member_reports_a_review(client, bob) -> None:
    review = ReviewFactory()
    client.force_login(bob)
    page = client.get(report_url("review", review.pk))
    assert "Report a review" in page_text(page)
    assert review.story[:30] in page_text(page)

    response = client.post(report_url("review", review.pk), {"reason": "spam"}, follow=True)

    assert REPORTED in page_text(response)
    report = Report.objects.get()
    assert (report.reporter, report.kind, report.object_id, report.reason) == (
        bob,
        "review",
        review.pk,
        "spam",
    )
    assert report.author == review.author and report.status == ReportStatus.OPEN


@pytest.mark.parametrize("kind", ["post", "question", "answer", "profile", "proposal"])
def test_every_kind_of_item_has_a_report_action(client, bob, kind, alice) -> None:
    item = {
        "post": lambda: PostFactory(),
        "question": lambda: QuestionFactory(),
        "answer": lambda: AnswerFactory(),
        "profile": lambda: alice,
        "proposal": lambda: _proposal(alice),
    }[kind]()
    client.force_login(bob)
    response = client.post(report_url(kind, item.pk), {"reason": "off_topic"})
    assert response.status_code == 302
    assert Report.objects.get().kind == kind


def _proposal(author):
    from aposbook.editorial.models import EditProposal, Revision

    topic = QuestionFactory().topic
    base = Revision.objects.create(topic=topic, number=1, body="Text.", reason="First text")
    return EditProposal.objects.create(
        topic=topic, base_revision=base, body="New text.", reason="Clearer", proposer=author
    )


def test_item_pages_show_the_report_link_to_others_only(client, bob) -> None:
    review = ReviewFactory()
    url = f"/solutions/{review.solution.slug}/reviews/"
    link = report_url("review", review.pk)
    assert link in client.get(url).content.decode()
    client.force_login(review.author)
    assert link not in client.get(url).content.decode()
    thread = ThreadFactory()
    client.force_login(bob)
    assert (
        report_url("post", thread.posts.get().pk)
        in client.get(f"/discussions/{thread.pk}/").content.decode()
    )


def test_reporting_again_updates_the_one_report(client, bob) -> None:
    review = ReviewFactory()
    client.force_login(bob)
    client.post(report_url("review", review.pk), {"reason": "spam"})
    client.post(report_url("review", review.pk), {"reason": "other", "details": "Fake story"})
    report = Report.objects.get()
    assert (report.reason, report.details) == ("other", "Fake story")
    assert "You reported it on" in page_text(client.get(report_url("review", review.pk)))


def test_other_needs_a_text_and_the_form_keeps_the_choice(client, bob) -> None:
    review = ReviewFactory()
    client.force_login(bob)
    response = client.post(report_url("review", review.pk), {"reason": "other", "details": " "})
    assert response.status_code == 400
    assert "Please say what is wrong" in field_error(response, "details")
    assert re.search(r'<input[^>]*value="other"[^>]*checked', response.content.decode())
    assert not Report.objects.exists()


def test_nobody_reports_their_own_item(client, alice) -> None:
    review = ReviewFactory(author=alice)
    client.force_login(alice)
    response = client.post(report_url("review", review.pk), {"reason": "spam"})
    assert response.status_code == 403
    assert OWN_ITEM_REPORT in page_text(response)
    assert not Report.objects.exists()


def test_unknown_kinds_missing_and_held_items_are_not_found(client, bob) -> None:
    review = ReviewFactory()
    client.force_login(bob)
    assert client.get(report_url("nonsense", review.pk)).status_code == 404
    assert client.get(report_url("review", review.pk + 99)).status_code == 404
    hold(review, reason="first link")
    assert client.get(report_url("review", review.pk)).status_code == 404


def test_reporting_is_rate_limited(client, bob) -> None:
    client.force_login(bob)
    reviews = [ReviewFactory() for _ in range(REPORT_LIMIT + 1)]
    for review in reviews[:REPORT_LIMIT]:
        assert client.post(report_url("review", review.pk), {"reason": "spam"}).status_code == 302
    response = client.post(report_url("review", reviews[-1].pk), {"reason": "spam"})
    assert response.status_code == 400
    assert REPORT_RATE_LIMITED in page_text(response)
    assert Report.objects.count() == REPORT_LIMIT


def test_a_suspended_member_cannot_report(client, bob, mo) -> None:
    review = ReviewFactory()
    suspend_member(member=bob, reason="Spam.", by=mo)
    client.force_login(bob)
    assert client.post(report_url("review", review.pk), {"reason": "spam"}).status_code == 403
    assert not Report.objects.exists()


# --- Automatic holding ---------------------------------------------------------------------


def test_three_established_members_hold_an_item_at_once(client) -> None:
    review = ReviewFactory(story="Buy my pills.")
    first, second, third = established(3)
    report_item(reporter=first, item=review, reason="spam")
    report_item(reporter=second, item=review, reason="spam")
    review.refresh_from_db()
    assert review.is_shown

    report_item(reporter=third, item=review, reason="harassment")

    review.refresh_from_db()
    assert review.visibility == Visibility.HELD
    assert review.moderation_reason == AUTO_HIDE_REASON
    assert ReviewStats.objects.get(solution=review.solution, condition=None).review_count == 0
    entry = AuditEntry.objects.get(action=AuditAction.AUTO_HIDE)
    assert (entry.item_kind, entry.item_id, entry.target_user) == (
        "review",
        review.pk,
        review.author,
    )
    assert "Buy my pills." not in page_text(
        client.get(f"/solutions/{review.solution.slug}/reviews/")
    )


def test_new_accounts_and_one_members_repeats_do_not_hold_an_item(alice, bob) -> None:
    review = ReviewFactory()
    old = established(1)[0]
    for reporter in [alice, bob, old]:  # alice and bob joined today
        report_item(reporter=reporter, item=review, reason="spam")
    report_item(reporter=old, item=review, reason="harassment")
    review.refresh_from_db()
    assert review.is_shown


def test_reporters_whose_reports_are_dismissed_count_for_less(mo) -> None:
    first, second, third = established(3)
    for _ in range(2):
        dismissed = ReviewFactory()
        report_item(reporter=third, item=dismissed, reason="spam")
        decide(moderator=mo, item=dismissed, decision="dismiss", reason="Not spam.")
    review = ReviewFactory()
    for reporter in [first, second, third]:
        report_item(reporter=reporter, item=review, reason="spam")
    review.refresh_from_db()
    assert review.is_shown
    assert reporter_weight(upheld=0, dismissed=2) < 1
    assert reporter_weight(upheld=0, dismissed=1) == 1


def test_a_decision_stands_against_later_reports_of_the_same_kind(mo) -> None:
    review = ReviewFactory()
    reporters = established(4)
    report_item(reporter=reporters[0], item=review, reason="spam")
    decide(moderator=mo, item=review, decision="dismiss", reason="An honest review.")
    for reporter in reporters[1:]:
        report_item(reporter=reporter, item=review, reason="spam")
    review.refresh_from_db()
    assert review.is_shown
    assert not Report.objects.open().exists()
    assert Report.objects.filter(status=ReportStatus.SETTLED).count() == 3
    assert moderation_queue() == []

    report_item(reporter=reporters[1], item=review, reason="harassment")
    assert [entry.item for entry in moderation_queue()] == [review]


# --- Decisions -----------------------------------------------------------------------------


def queue_post(client, item, kind: str, decision: str, reason: str = "Because."):
    prefix = f"{kind}-{item.pk}"
    return client.post(
        f"/moderation/queue/{kind}/{item.pk}/decide/",
        {f"{prefix}-decision": decision, f"{prefix}-reason": reason},
    )


def test_a_moderator_hides_an_item_from_the_queue(client, bob, mo) -> None:
    review = ReviewFactory(story="Cheap pills here.")
    report_item(reporter=bob, item=review, reason="spam")
    client.force_login(mo)
    assert "Cheap pills here." in page_text(client.get("/moderation/queue/"))

    response = queue_post(client, review, "review", "hide", "Advertising.")

    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.visibility, review.moderation_reason) == (Visibility.HIDDEN, "Advertising.")
    assert Report.objects.get().status == ReportStatus.UPHELD
    entry = AuditEntry.objects.get(action=AuditAction.HIDE)
    assert (entry.actor, entry.target_user, entry.item_kind, entry.item_id) == (
        mo,
        review.author,
        "review",
        review.pk,
    )
    assert entry.report_reasons == ["spam"] and "Advertising." in entry.detail
    assert "Nothing is waiting" in page_text(client.get("/moderation/queue/"))


def test_restoring_shows_a_hidden_item_and_dismisses_the_reports(client, bob, mo) -> None:
    review = ReviewFactory()
    report_item(reporter=bob, item=review, reason="spam")
    decide(moderator=mo, item=review, decision="hide", reason="Spam.")
    report_item(reporter=bob, item=review, reason="harassment")
    client.force_login(mo)
    queue_post(client, review, "review", "restore", "Harassment reports unfounded.")
    review.refresh_from_db()
    assert review.is_shown
    assert ReviewStats.objects.get(solution=review.solution, condition=None).review_count == 1
    assert AuditEntry.objects.filter(action=AuditAction.RESTORE).count() == 1


def test_dismissing_shows_a_held_item(client, mo) -> None:
    answer = AnswerFactory()
    hold(answer, reason="first link")
    client.force_login(mo)
    queue_post(client, answer, "answer", "dismiss", "A useful link.")
    answer.refresh_from_db()
    assert answer.is_shown
    assert answer.question.__class__.objects.get(pk=answer.question_id).answer_count == 1


def test_warning_emails_the_author_and_notes_it_on_their_record(
    client, bob, mo, django_capture_on_commit_callbacks
) -> None:
    post = PostFactory()
    report_item(reporter=bob, item=post, reason="harassment")
    client.force_login(mo)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        queue_post(client, post, "post", "warn", "Please keep it civil.")
    post.refresh_from_db()
    assert post.is_shown
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [post.author.email]
    assert "Please keep it civil." in message.body
    assert f"/posts/{post.pk}/" in message.body
    assert post.author.moderation_history.get().action == AuditAction.WARN


def test_a_decision_needs_a_reason_and_the_queue_keeps_the_choice(client, bob, mo) -> None:
    review = ReviewFactory()
    report_item(reporter=bob, item=review, reason="spam")
    client.force_login(mo)
    response = queue_post(client, review, "review", "hide", reason="")
    assert response.status_code == 400
    assert "Please give the reason." in page_text(response)
    review.refresh_from_db()
    assert review.is_shown and not AuditEntry.objects.exists()


def test_a_moderator_does_not_decide_about_their_own_writing(client, bob, mo) -> None:
    review = ReviewFactory(author=mo)
    report_item(reporter=bob, item=review, reason="spam")
    client.force_login(mo)
    response = queue_post(client, review, "review", "dismiss")
    assert response.status_code == 403
    assert Report.objects.get().status == ReportStatus.OPEN


def test_the_queue_links_to_suspending_the_author(client, bob, mo) -> None:
    review = ReviewFactory()
    report_item(reporter=bob, item=review, reason="spam")
    client.force_login(mo)
    assert (
        f"/moderation/members/{review.author.pk}/suspend/"
        in client.get("/moderation/queue/").content.decode()
    )


# --- The queue -----------------------------------------------------------------------------


def test_the_queue_puts_unsafe_advice_first_then_the_most_reported(bob, alice) -> None:
    few, many, unsafe, held_unsafe = (
        ReviewFactory(),
        ReviewFactory(),
        PostFactory(),
        AnswerFactory(),
    )
    report_item(reporter=bob, item=few, reason="spam")
    for reporter in [alice, bob]:
        report_item(reporter=reporter, item=many, reason="off_topic")
    report_item(reporter=bob, item=unsafe, reason="unsafe")
    hold(held_unsafe, reason=f"{UNSAFE_ADVICE}: stopping a prescribed medicine", matches=[(0, 6)])

    order = [entry.item for entry in moderation_queue()]

    assert set(order[:2]) == {unsafe, held_unsafe}
    assert order[2:] == [many, few]


def test_the_queue_shows_held_items_with_their_reason_and_matched_words(client, mo) -> None:
    answer = AnswerFactory(body="Just stop taking your insulin, it is poison.")
    hold(answer, reason=f"{UNSAFE_ADVICE}: stopping a prescribed medicine", matches=[(5, 29)])
    client.force_login(mo)
    response = client.get("/moderation/queue/")
    html = response.content.decode()
    assert "<mark>stop taking your insulin</mark>" in html
    assert "Held: Possible unsafe advice: stopping a prescribed medicine" in page_text(response)
    assert "Possible unsafe advice" in page_text(response)


def test_the_queue_escapes_the_members_words(client, mo) -> None:
    answer = AnswerFactory(body="<script>alert(1)</script> stop now")
    hold(answer, reason="x", matches=[(26, 30)])
    client.force_login(mo)
    html = client.get("/moderation/queue/").content.decode()
    assert "<script>alert(1)" not in html and "<mark>stop</mark>" in html


def test_the_queue_takes_a_fixed_number_of_queries(
    client, mo, django_assert_max_num_queries
) -> None:
    client.force_login(mo)
    counts = []
    for size in [1, 6]:
        for _ in range(size):
            reporter = make_user(f"r{timezone.now().timestamp()}@example.com", "R")
            report_item(reporter=reporter, item=ReviewFactory(), reason="spam")
            report_item(reporter=reporter, item=PostFactory(), reason="spam")
            hold(AnswerFactory(), reason="first link")
        with django_assert_max_num_queries(16) as queries:
            assert client.get("/moderation/queue/").status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


# --- Who may do what -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "queue_status", "decide_status"),
    [
        ("visitor", 403, 403),
        ("member", 403, 403),
        ("suspended", 403, 403),
        ("moderator", 200, 302),
        ("staff", 200, 302),
    ],
)
def test_only_moderators_and_staff_use_the_queue(
    client, bob, mo, root, who, queue_status, decide_status
) -> None:
    review = ReviewFactory()
    report_item(reporter=bob, item=review, reason="spam")
    people = {"member": bob, "moderator": mo, "staff": root}
    if who == "suspended":
        moderator = make_user("mo2@example.com", "Mo Two", role="moderator")
        suspend_member(member=moderator, reason="Abuse.", by=root)
        people["suspended"] = moderator
    if who in people:
        client.force_login(people[who])
    assert client.get("/moderation/queue/").status_code == queue_status
    assert queue_post(client, review, "review", "hide").status_code == decide_status
    review.refresh_from_db()
    assert review.is_hidden == (decide_status == 302)


def test_deciding_refuses_get(client, mo) -> None:
    review = ReviewFactory()
    client.force_login(mo)
    assert client.get(f"/moderation/queue/review/{review.pk}/decide/").status_code == 405


# --- The audit log in the admin ------------------------------------------------------------


def test_staff_filter_the_audit_log_and_nobody_edits_it(admin_client, bob, mo) -> None:
    hidden, warned = ReviewFactory(), PostFactory()
    report_item(reporter=bob, item=hidden, reason="spam")
    decide(moderator=mo, item=hidden, decision="hide", reason="Spam.")
    decide(moderator=mo, item=warned, decision="warn", reason="Be kind.")
    entry = AuditEntry.objects.get(action="hide")

    by_action = page_text(admin_client.get("/admin/moderation/auditentry/?action=warn"))
    assert "Be kind." in by_action and "Spam." not in by_action
    by_moderator = page_text(
        admin_client.get(f"/admin/moderation/auditentry/?actor__id__exact={mo.pk}")
    )
    assert "Be kind." in by_moderator and "Spam." in by_moderator
    by_member = page_text(
        admin_client.get(f"/admin/moderation/auditentry/?target_user__id__exact={hidden.author.pk}")
    )
    assert "Spam." in by_member and "Be kind." not in by_member
    by_item = page_text(
        admin_client.get(f"/admin/moderation/auditentry/?item_kind=review&q={hidden.pk}")
    )
    assert "Spam." in by_item and "Be kind." not in by_item
    assert (
        admin_client.post(
            f"/admin/moderation/auditentry/{entry.pk}/change/", {"detail": "x"}
        ).status_code
        == 403
    )
    assert (
        admin_client.post(
            f"/admin/moderation/auditentry/{entry.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    entry.refresh_from_db()
    assert "Spam." in entry.detail


# --- The member's data ---------------------------------------------------------------------


def test_a_members_reports_are_in_their_export_and_go_with_the_purge(bob) -> None:
    review = ReviewFactory()
    report_item(reporter=bob, item=review, reason="other", details="Looks copied")
    exported = registry.exported_sections(bob)["reports"]
    assert exported[0]["details"] == "Looks copied"
    assert exported[0]["item"] == f"review {review.pk}"
    registry.run_purge_steps(bob)
    assert not Report.objects.exists()


def test_a_warning_shows_on_the_members_record_when_suspending(client, bob, mo) -> None:
    post = PostFactory()
    decide(moderator=mo, item=post, decision="warn", reason="Please keep it civil.")
    client.force_login(mo)
    text = page_text(client.get(f"/moderation/members/{post.author.pk}/suspend/"))
    assert "Warned a member by Mo" in text
    assert "Please keep it civil." in text


def test_a_hidden_item_is_not_reported_again(client, bob, mo) -> None:
    review = ReviewFactory()
    decide(moderator=mo, item=review, decision="hide", reason="Spam.")
    client.force_login(bob)
    response = client.post(report_url("review", review.pk), {"reason": "spam"})
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_items_about_an_unpublished_article_are_not_found(client, bob) -> None:
    from tests.factories import ArticleFactory

    article = ArticleFactory(status="draft")
    thread = ThreadFactory(topic=article.topic)
    client.force_login(bob)
    assert client.get(report_url("post", thread.posts.get().pk)).status_code == 404
