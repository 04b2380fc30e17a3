"""The moderation-state foundation: holding, hiding and showing any reportable item, what
each reader sees, and the stored figures following what is shown."""

import pytest

from aposbook.accounts.moderated import get_item, hold, reportable_kinds, set_visibility
from aposbook.discussions.models import Thread
from aposbook.lib.visibility import Visibility, spans
from aposbook.questions.models import Question
from aposbook.reviews.models import ReviewStats
from aposbook.reviews.services import delete_review, recompute_review_stats
from tests.factories import (
    AnswerFactory,
    PostFactory,
    QuestionFactory,
    ReviewFactory,
    SolutionFactory,
    ThreadFactory,
)
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

REMOVED = "Removed by a moderator."


def stats(review) -> ReviewStats:
    return ReviewStats.objects.get(solution=review.solution, condition=None)


def test_it_registers_every_reportable_kind() -> None:
    assert set(reportable_kinds()) == {
        "review",
        "post",
        "question",
        "answer",
        "proposal",
        "profile",
    }


def test_it_keeps_a_held_review_out_of_the_figures_and_back_in_when_shown() -> None:
    solution = SolutionFactory()
    kept = ReviewFactory(solution=solution, effectiveness=8)
    held = ReviewFactory(solution=solution, effectiveness=2)

    hold(held, reason="possible unsafe advice", matches=[(0, 6)])

    row = stats(kept)
    assert (row.review_count, row.effectiveness_sum, row.rated_2) == (1, 8, 0)
    held.refresh_from_db()
    assert held.visibility == Visibility.HELD
    assert held.moderation_reason == "possible unsafe advice"
    assert spans(held.moderation_matches) == [(0, 6)]

    set_visibility(held, Visibility.SHOWN)
    row = stats(kept)
    assert (row.review_count, row.effectiveness_sum, row.rated_2) == (2, 10, 1)


def test_it_counts_a_change_between_held_and_hidden_once() -> None:
    review = ReviewFactory(effectiveness=5)
    hold(review, reason="three reports")
    set_visibility(review, Visibility.HIDDEN, reason="spam")
    set_visibility(review, Visibility.HIDDEN, reason="spam")
    assert stats(review).review_count == 0
    set_visibility(review, Visibility.SHOWN)
    set_visibility(review, Visibility.SHOWN)
    assert stats(review).review_count == 1


def test_holding_a_hidden_item_leaves_it_hidden() -> None:
    review = ReviewFactory()
    set_visibility(review, Visibility.HIDDEN, reason="spam")
    hold(review, reason="same text posted elsewhere")
    review.refresh_from_db()
    assert review.visibility == Visibility.HIDDEN


def test_deleting_a_hidden_review_leaves_the_figures_alone() -> None:
    solution = SolutionFactory()
    ReviewFactory(solution=solution)
    hidden = ReviewFactory(solution=solution)
    set_visibility(hidden, Visibility.HIDDEN, reason="spam")
    delete_review(review=hidden)
    assert ReviewStats.objects.get(solution=solution, condition=None).review_count == 1


def test_recounting_the_figures_counts_only_shown_reviews() -> None:
    solution = SolutionFactory()
    ReviewFactory(solution=solution)
    hold(ReviewFactory(solution=solution), reason="first link")
    recompute_review_stats(solution=solution)
    assert ReviewStats.objects.get(solution=solution, condition=None).review_count == 1


def test_reply_and_answer_counts_follow_what_is_shown() -> None:
    reply = PostFactory()
    answer = AnswerFactory()
    hold(reply, reason="first link")
    hold(answer, reason="first link")
    assert Thread.objects.get(pk=reply.thread_id).reply_count == 0
    assert Question.objects.get(pk=answer.question_id).answer_count == 0
    set_visibility(reply, Visibility.SHOWN)
    set_visibility(answer, Visibility.SHOWN)
    assert Thread.objects.get(pk=reply.thread_id).reply_count == 1
    assert Question.objects.get(pk=answer.question_id).answer_count == 1


def test_holding_an_opening_post_leaves_the_reply_count_alone() -> None:
    thread = ThreadFactory()
    PostFactory(thread=thread)
    hold(thread.posts.order_by("created_at", "pk").first(), reason="first link")
    assert Thread.objects.get(pk=thread.pk).reply_count == 1


def test_each_kind_gives_the_queue_the_members_words() -> None:
    post = PostFactory(body="Lavender helped me.")
    answer = AnswerFactory(body="Ask your pharmacist.")
    question = QuestionFactory(title="Is zinc safe?", body="I am pregnant.")
    review = ReviewFactory(story="It helped after a week.")

    assert post.moderated_text() == "Lavender helped me."
    assert answer.moderated_text() == "Ask your pharmacist."
    assert question.moderated_text() == "Is zinc safe?\n\nI am pregnant."
    assert "It helped after a week." in review.moderated_text()


def test_get_item_finds_an_item_by_kind_and_id() -> None:
    review = ReviewFactory()
    assert get_item("review", review.pk) == review
    assert get_item("review", review.pk + 1000) is None
    assert get_item("nonsense", review.pk) is None


def test_spans_ignore_malformed_data() -> None:
    assert spans([[3, 5], [1, 2], "x", [4, 2], [1], [-1, 3]]) == [(1, 2), (3, 5)]
    assert spans("nope") == []


# --- What each reader sees ---------------------------------------------------------------


def test_a_held_review_shows_only_to_its_author(client, bob) -> None:
    review = ReviewFactory(story="A story only its author sees for now.")
    hold(review, reason="possible unsafe advice")
    url = f"/solutions/{review.solution.slug}/reviews/"

    assert "A story only its author sees" not in page_text(client.get(url))
    client.force_login(bob)
    assert "A story only its author sees" not in page_text(client.get(url))
    client.force_login(review.author)
    text = page_text(client.get(url))
    assert "A story only its author sees" in text
    assert "it is waiting for a moderator. Reason: possible unsafe advice" in text


def test_a_hidden_review_shows_others_that_a_moderator_removed_it(client, bob) -> None:
    review = ReviewFactory(story="Buy cheap pills at my shop.")
    set_visibility(review, Visibility.HIDDEN, reason="Advertising is not allowed.")
    url = f"/solutions/{review.solution.slug}/reviews/"

    client.force_login(bob)
    text = page_text(client.get(url))
    assert REMOVED in text and "cheap pills" not in text
    client.force_login(review.author)
    text = page_text(client.get(url))
    assert "A moderator removed this." in text
    assert "Reason: Advertising is not allowed." in text


def test_the_solution_page_shows_only_shown_reviews(client) -> None:
    review = ReviewFactory(story="Held back for now by a check.")
    hold(review, reason="first link")
    assert "Held back for now" not in page_text(client.get(f"/solutions/{review.solution.slug}/"))


def test_posts_held_and_hidden_in_a_thread(client, bob) -> None:
    thread = ThreadFactory()
    held = PostFactory(thread=thread, body="Waiting reply text.")
    hidden = PostFactory(thread=thread, body="Rude reply text.")
    hold(held, reason="first link")
    set_visibility(hidden, Visibility.HIDDEN, reason="Harassment.")
    url = f"/discussions/{thread.pk}/"

    client.force_login(bob)
    text = page_text(client.get(url))
    assert "Waiting reply text." not in text
    assert "Rude reply text." not in text and REMOVED in text
    client.force_login(held.author)
    assert "Waiting reply text." in page_text(client.get(url))
    client.force_login(hidden.author)
    text = page_text(client.get(url))
    assert "Rude reply text." in text and "Reason: Harassment." in text


def test_a_thread_whose_opening_post_is_held_is_listed_only_for_its_author(client, bob) -> None:
    thread = ThreadFactory(title="A thread held back")
    hold(thread.posts.first(), reason="first link")
    url = f"/topics/condition/{thread.topic.slug}/discussions/"

    client.force_login(bob)
    response = client.get(url)
    assert response.status_code == 200
    assert "A thread held back" not in page_text(response)
    client.force_login(thread.author)
    assert "A thread held back" in page_text(client.get(url))


def test_a_thread_whose_opening_post_was_removed_loses_its_title_for_others(
    client, bob, mo
) -> None:
    thread = ThreadFactory(title="Cheap pills here")
    set_visibility(thread.posts.get(), Visibility.HIDDEN, reason="Spam")
    listing = f"/topics/condition/{thread.topic.slug}/discussions/"

    for reader in (None, bob, mo):
        if reader is not None:
            client.force_login(reader)
        assert "Cheap pills here" not in page_text(client.get(listing))
        page = client.get(f"/discussions/{thread.pk}/")
        assert "Cheap pills here" not in page.content.decode()
        assert Thread.REMOVED_TITLE in page_text(page)
    client.force_login(thread.author)
    assert "Cheap pills here" in page_text(client.get(f"/discussions/{thread.pk}/"))
    assert "Cheap pills here" in page_text(client.get(listing))


def test_a_thread_whose_opening_post_is_held_is_not_found_by_others(client, bob, mo) -> None:
    thread = ThreadFactory(title="A thread held back")
    hold(thread.posts.get(), reason="first link")

    client.force_login(bob)
    assert client.get(f"/discussions/{thread.pk}/").status_code == 404
    client.force_login(mo)
    assert client.get(f"/discussions/{thread.pk}/").status_code == 200
    client.force_login(thread.author)
    assert client.get(f"/discussions/{thread.pk}/").status_code == 200


def test_a_held_question_is_not_found_by_others(client, bob, mo) -> None:
    question = QuestionFactory(title="Held question title")
    hold(question, reason="first link")
    url = f"/questions/{question.pk}/"
    list_url = f"/topics/condition/{question.topic.slug}/questions/"

    assert client.get(url).status_code == 404
    response = client.get(list_url)
    assert response.status_code == 200
    assert "Held question title" not in page_text(response)
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(mo)
    assert client.get(url).status_code == 200
    client.force_login(question.author)
    assert "it is waiting for a moderator" in page_text(client.get(url))
    assert "Held question title" in page_text(client.get(list_url))


def test_a_hidden_question_and_answer_show_as_removed(client, bob) -> None:
    answer = AnswerFactory(body="An answer that got hidden.")
    question = answer.question
    set_visibility(question, Visibility.HIDDEN, reason="Off-topic.")
    set_visibility(answer, Visibility.HIDDEN, reason="Spam.")

    client.force_login(bob)
    text = page_text(client.get(f"/questions/{question.pk}/"))
    assert "A removed question" in text and question.title not in text
    assert "An answer that got hidden." not in text and REMOVED in text


def test_a_hidden_profile_shows_others_only_that_it_was_removed(client, alice, bob) -> None:
    alice.display_name = "Cheap Pills Online"
    alice.save()
    set_visibility(alice, Visibility.HIDDEN, reason="Advertising in the name.")

    client.force_login(bob)
    text = page_text(client.get(f"/members/{alice.pk}/"))
    assert "A removed profile" in text and "Cheap Pills" not in text
    client.force_login(alice)
    text = page_text(client.get(f"/members/{alice.pk}/"))
    assert "Cheap Pills Online" in text and "Reason: Advertising in the name." in text


def test_profiles_list_only_shown_contributions(client, alice) -> None:
    review = ReviewFactory(author=alice)
    QuestionFactory(author=alice, title="A held question on the profile")
    hold(Question.objects.get(author=alice), reason="first link")
    hold(review, reason="first link")
    text = page_text(client.get(f"/members/{alice.pk}/"))
    assert review.solution.name not in text
    assert "A held question on the profile" not in text


def test_a_hidden_questions_title_is_not_listed(client, bob) -> None:
    question = QuestionFactory(title="A hidden question title")
    set_visibility(question, Visibility.HIDDEN, reason="Spam.")
    client.force_login(bob)
    text = page_text(client.get(f"/topics/condition/{question.topic.slug}/questions/"))
    assert "A hidden question title" not in text and "A removed question" in text
