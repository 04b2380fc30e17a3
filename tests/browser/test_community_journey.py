"""Members' ways through the community in a real browser: a review of magnesium for insomnia
that another member finds helpful, a discussion with a reply, a question with an accepted
answer, and a visitor's "Was this page helpful?" with and without JavaScript. Each member
has a browser context of their own; every page on the way is checked with axe-core by the
`accessibility` fixture (see conftest.py), and pages that htmx changed are checked again."""

import re
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Locator, Page, Response, expect

from aposbook.accounts.models import User
from aposbook.discussions.models import Thread
from aposbook.feedback.models import Feedback
from aposbook.library.models import Condition, Solution, Topic
from aposbook.questions.models import Answer, Question
from aposbook.reviews.models import Review, ReviewVote
from tests.browser.conftest import Accessibility
from tests.browser.pages import account_nav, log_in, main, url
from tests.factories import QuestionFactory, ReviewFactory
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

STORY = (
    "I took magnesium glycinate an hour before bed for six weeks. I fell asleep sooner on "
    "most nights and woke less often, though the first week upset my stomach a little."
)
THREAD_TITLE = "Waking at 3 a.m. every night"
THREAD_BODY = "Does anyone else wake up at 3 a.m. and lie awake for an hour? What helped you?"
REPLY = "Yes! A fixed wake-up time and no screens after ten helped me most within two weeks."
QUESTION_TITLE = "Can I take magnesium with my blood pressure tablets?"
QUESTION_DETAILS = "I take amlodipine in the morning and would take magnesium at night."
FIRST_ANSWER = "I have done this for a year without any trouble, but ask your doctor first."
MORE_DETAILS = "I also take a calcium supplement with breakfast."
EXPERT_ANSWER = (
    "Amlodipine and magnesium are usually fine together, but magnesium can lower blood "
    "pressure a little too: check your readings for the first weeks and tell your doctor."
)
FEEDBACK_THANKS = (
    "Success! Thank you for your feedback. Your contribution can make a difference. "
    "Together we can help each other."
)


@pytest.fixture
def demo_library(transactional_db: None) -> None:
    """The demo content, as `make run` loads it: insomnia, magnesium and their evidence."""
    call_command("load_demo", stdout=StringIO())


def region(page: Page, name: str) -> Locator:
    return page.get_by_role("region", name=name, exact=True)


def log_in_as(page: Page, user: User) -> None:
    """Log in through the header's "Log in" link, which comes back to the page it was on."""
    back_to = page.url
    log_in(page, email=user.email, password=PASSWORD)
    expect(account_nav(page).get_by_role("link", name=user.display_name)).to_be_visible()
    expect(page).to_have_url(back_to)


def member_page(new_page: Callable[..., Page], user: User, path: str) -> Page:
    """A browser of the member's own, logged in on `path`."""
    page = new_page()
    page.goto(path)
    log_in_as(page, user)
    return page


def figure(figures: Locator, term: str) -> Locator:
    """The value shown beside `term` in a list of members' figures."""
    return figures.locator(f'dt:text-is("{term}") + dd')


def chart_description(subject: str, ratings: dict[int, int]) -> str:
    """The text alternative of a ratings chart: every score from 1 to 10 with its count."""
    counts = ", ".join(
        f"{score}: {ratings.get(score, 0)} review{'' if ratings.get(score, 0) == 1 else 's'}"
        for score in range(1, 11)
    )
    return f"Ratings of {subject} from 1 (did nothing) to 10 (worked very well). {counts}."


def expect_one_rating_of_8(figures: Locator, subject: str) -> None:
    """One review, rated 8: the figures, the chart and its text alternative say so."""
    expect(figure(figures, "Members' reviews")).to_have_text("1")
    expect(figure(figures, "Average effectiveness")).to_have_text("8.0/10")
    expect(figure(figures, "Had side effects")).to_have_text("100%")
    expect(figure(figures, "Would recommend it")).to_have_text("100%")
    description = chart_description(subject, {8: 1})
    chart = figures.get_by_role("img", name=description, exact=True)
    expect(chart).to_be_visible()
    expect(chart.locator("title")).to_have_text(description)
    expect(chart.locator("rect.chart-bar")).to_have_count(10)
    expect(chart.locator("text.chart-count")).to_have_text(
        ["", "", "", "", "", "", "", "1", "", ""]
    )
    table = figures.get_by_role("table", name=f"Number of reviews of {subject} for each rating")
    expect(table.get_by_role("row", name="8 1", exact=True)).to_have_count(1)


def is_htmx(response: Response) -> bool:
    return response.request.header_value("hx-request") == "true"


def test_a_member_reviews_magnesium_for_insomnia_and_another_finds_it_helpful(
    new_page: Callable[..., Page],
    live_server: Any,
    demo_library: None,
    accessibility: Accessibility,
    alice: User,
    bob: User,
) -> None:
    page = member_page(new_page, alice, "/solutions/magnesium/")
    reviews = region(page, "Members' experience")
    expect(reviews).to_contain_text("No member has reviewed Magnesium yet.")
    insomnia = reviews.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Insomnia", exact=True)
    )
    insomnia.get_by_role("link", name="Write a review for insomnia").click()

    expect(page).to_have_url(
        url(live_server, "/solutions/magnesium/reviews/new/?condition=insomnia")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Review Magnesium")
    form = main(page)
    expect(form.get_by_label("What did you take it for?")).to_have_value("insomnia")
    form.get_by_role("group", name="How well did it work for you?").get_by_label(
        "8", exact=True
    ).check()
    form.get_by_role("group", name="Side effects").get_by_label("Mild", exact=True).check()
    form.get_by_label("What side effects did you have?").fill("A loose stomach in the first week.")
    form.get_by_label("Which form did you use?").select_option(label="Magnesium glycinate")
    form.get_by_label("Dose used").fill("200 mg at bedtime")
    form.get_by_label("How long did you take it?").select_option(label="1–3 months")
    form.get_by_role("group", name="Would you recommend it?").get_by_label(
        "Yes", exact=True
    ).check()
    form.get_by_label("Your story").fill(STORY)
    form.get_by_role("button", name="Publish your review").click()

    review = Review.objects.get()
    expect(page).to_have_url(
        url(live_server, f"/solutions/magnesium/reviews/?sort=newest#review-{review.pk}")
    )
    expect(page.get_by_role("status")).to_have_text("Thank you: your review is published.")
    card = main(page).get_by_role("article", name="8/10 for insomnia")
    expect(card).to_contain_text("Magnesium glycinate")
    expect(card).to_contain_text("200 mg at bedtime")
    expect(card).to_contain_text("1–3 months")
    expect(card).to_contain_text("Mild: A loose stomach in the first week.")
    expect(card.locator(".review-story")).to_have_text(STORY)
    assert (review.author, review.condition.slug, review.effectiveness) == (alice, "insomnia", 8)
    assert (review.solution_form.name, review.recommends) == ("Magnesium glycinate", True)

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Magnesium").click()
    expect(page).to_have_url(url(live_server, "/solutions/magnesium/"))
    # Over all conditions, then for insomnia beside its research grade.
    expect_one_rating_of_8(reviews.locator(".review-figures").first, "Magnesium")
    expect_one_rating_of_8(insomnia, "Magnesium for insomnia")
    expect(reviews.get_by_role("link", name="All 1 review of Magnesium")).to_be_visible()
    own_card = reviews.get_by_role("article", name="8/10 for insomnia")
    expect(own_card).to_contain_text("0 found your review helpful, 0 did not.")

    bobs_page = member_page(new_page, bob, "/solutions/magnesium/")
    bobs_card = region(bobs_page, "Members' experience").get_by_role(
        "article", name="8/10 for insomnia"
    )
    votes = bobs_card.get_by_role("group", name="Was this review helpful?")
    expect(votes.get_by_role("button", name="Helpful (0)", exact=True)).to_have_attribute(
        "aria-pressed", "false"
    )
    with bobs_page.expect_response(f"**/reviews/{review.pk}/vote/") as voting:
        votes.get_by_role("button", name="Helpful (0)", exact=True).click()

    assert is_htmx(voting.value), "the vote should go through htmx, not a form post"
    expect(votes.get_by_role("button", name="Helpful (1)", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(votes.get_by_role("button", name="Not helpful (0)")).to_have_attribute(
        "aria-pressed", "false"
    )
    expect(bobs_page).to_have_url(url(live_server, "/solutions/magnesium/"))
    accessibility.check(bobs_page)
    vote = ReviewVote.objects.get()
    assert (vote.review, vote.voter, vote.helpful) == (review, bob, True)
    review.refresh_from_db()
    assert (review.helpful_count, review.not_helpful_count) == (1, 0)

    page.reload()
    expect(own_card).to_contain_text("1 found your review helpful, 0 did not.")


def test_a_member_starts_a_discussion_on_insomnia_and_another_replies(
    new_page: Callable[..., Page],
    live_server: Any,
    demo_library: None,
    mailoutbox: list[mail.EmailMessage],
    alice: User,
    bob: User,
) -> None:
    page = member_page(new_page, alice, "/conditions/insomnia/")
    discussions = region(page, "Discussions")
    expect(discussions).to_contain_text("No one has started a discussion about Insomnia yet.")
    discussions.get_by_role("link", name="Start a discussion").click()

    expect(page).to_have_url(url(live_server, "/topics/condition/insomnia/discussions/new/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a discussion about Insomnia")
    main(page).get_by_label("Title").fill(THREAD_TITLE)
    main(page).get_by_label("Your message").fill(THREAD_BODY)
    main(page).get_by_role("button", name="Start the discussion").click()

    thread = Thread.objects.get()
    expect(page).to_have_url(url(live_server, f"/discussions/{thread.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(THREAD_TITLE)
    expect(main(page)).to_contain_text("Started by Alice · 0 replies")
    assert (thread.title, thread.author, thread.topic.slug) == (THREAD_TITLE, alice, "insomnia")

    bobs_page = member_page(new_page, bob, "/conditions/insomnia/")
    region(bobs_page, "Discussions").get_by_role("link", name=THREAD_TITLE).click()
    expect(bobs_page).to_have_url(url(live_server, f"/discussions/{thread.pk}/"))
    reply_box = region(bobs_page, "Reply")
    reply_box.get_by_label("Your reply").fill(REPLY)
    reply_box.get_by_role("button", name="Post your reply").click()

    reply = thread.posts.get(author=bob)
    expect(bobs_page).to_have_url(
        url(live_server, f"/discussions/{thread.pk}/?last=1#post-{reply.pk}")
    )
    posts = main(bobs_page).locator(".post-list").get_by_role("article")
    expect(posts).to_have_count(2)
    expect(posts.nth(0)).to_contain_text(THREAD_BODY)
    expect(posts.nth(1)).to_contain_text(REPLY)
    expect(posts.nth(1).get_by_role("link", name="Bob", exact=True)).to_be_visible()
    expect(main(bobs_page)).to_contain_text("Started by Alice · 1 reply ·")
    thread.refresh_from_db()
    assert thread.reply_count == 1
    # Alice follows the discussion she started and hears about the reply.
    assert [message.to for message in mailoutbox] == [["alice@example.com"]]

    bobs_page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Insomnia"
    ).click()
    expect(bobs_page).to_have_url(url(live_server, "/conditions/insomnia/"))
    row = region(bobs_page, "Discussions").get_by_role("listitem").filter(has_text=THREAD_TITLE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(re.compile(r"\b1 reply · last activity"))


def test_a_member_accepts_an_answer_which_then_comes_first(
    new_page: Callable[..., Page],
    live_server: Any,
    demo_library: None,
    mailoutbox: list[mail.EmailMessage],
    alice: User,
    bob: User,
    erin: User,
) -> None:
    page = member_page(new_page, alice, "/solutions/magnesium/")
    questions = region(page, "Questions waiting for an answer")
    expect(questions).to_contain_text("No question about Magnesium is waiting for an answer.")
    questions.get_by_role("link", name="Ask a question").click()

    expect(page).to_have_url(url(live_server, "/topics/solution/magnesium/questions/new/"))
    main(page).get_by_label("Your question").fill(QUESTION_TITLE)
    main(page).get_by_label("Details (optional)").fill(QUESTION_DETAILS)
    main(page).get_by_role("button", name="Ask the question").click()

    question = Question.objects.get()
    expect(page).to_have_url(url(live_server, f"/questions/{question.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION_TITLE)
    expect(main(page)).to_contain_text("No answers yet.")
    # The asker asks; others answer. She may still add details.
    expect(region(page, "Your answer")).to_have_count(0)
    expect(main(page).get_by_role("button", name="Post your answer")).to_have_count(0)
    expect(region(page, "Your question")).to_contain_text(
        "We email you when someone answers, at most once a day."
    )
    main(page).get_by_role("link", name="Edit your question").first.click()
    expect(page).to_have_url(url(live_server, f"/questions/{question.pk}/edit/"))
    expect(main(page).get_by_label("Your question")).to_have_value(QUESTION_TITLE)
    main(page).get_by_label("Details (optional)").fill(f"{QUESTION_DETAILS} {MORE_DETAILS}")
    main(page).get_by_role("button", name="Save").click()
    expect(page).to_have_url(url(live_server, f"/questions/{question.pk}/"))
    expect(main(page)).to_contain_text(MORE_DETAILS)
    expect(main(page).locator("header")).to_contain_text(
        re.compile(r"Asked by Alice\s+·[^·]+·\s+edited")
    )

    # Bob answers first, then Erin the expert: oldest first until the asker accepts one.
    for member, text in ((bob, FIRST_ANSWER), (erin, EXPERT_ANSWER)):
        answerer = member_page(new_page, member, "/solutions/magnesium/")
        region(answerer, "Questions waiting for an answer").get_by_role(
            "link", name="All questions about Magnesium"
        ).click()
        expect(answerer).to_have_url(url(live_server, "/topics/solution/magnesium/questions/"))
        main(answerer).get_by_role("link", name=QUESTION_TITLE).click()
        expect(answerer).to_have_url(url(live_server, f"/questions/{question.pk}/"))
        answer_box = region(answerer, "Your answer")
        answer_box.get_by_label("Your answer").fill(text)
        answer_box.get_by_role("button", name="Post your answer").click()
        posted = Answer.objects.get(author=member)
        expect(answerer).to_have_url(
            url(live_server, f"/questions/{question.pk}/#answer-{posted.pk}")
        )
        expect(main(answerer).locator(f"#answer-{posted.pk}")).to_contain_text(text)

    page.reload()
    answers = region(page, "2 answers").get_by_role("article")
    expect(answers).to_have_count(2)
    expect(answers.nth(0)).to_contain_text(FIRST_ANSWER)
    expect(answers.nth(1)).to_contain_text(EXPERT_ANSWER)
    expect(region(page, "2 answers")).not_to_contain_text("Accepted answer")
    answers.nth(1).get_by_role("button", name="Accept this answer").click()

    expert_answer = Answer.objects.get(author=erin)
    expect(page).to_have_url(
        url(live_server, f"/questions/{question.pk}/#answer-{expert_answer.pk}")
    )
    answers = region(page, "2 answers").get_by_role("article")
    expect(answers.nth(0)).to_contain_text(EXPERT_ANSWER)
    expect(answers.nth(0)).to_contain_text("✓ Accepted answer chosen by the member who asked")
    expect(answers.nth(0)).to_contain_text("Erin Hale Health expert MS, RD")
    expect(answers.nth(0).get_by_role("button", name="Withdraw acceptance")).to_be_visible()
    expect(answers.nth(1)).to_contain_text(FIRST_ANSWER)
    expect(answers.nth(1)).not_to_contain_text("Accepted answer")
    expect(answers.nth(1).get_by_role("button", name="Accept this answer")).to_be_visible()
    question.refresh_from_db()
    assert question.accepted_answer == expert_answer
    # Two answers the same day: one email to the asker, about the first.
    assert [message.to for message in mailoutbox] == [["alice@example.com"]]
    assert FIRST_ANSWER in mailoutbox[0].body


def test_an_asker_stops_the_answer_emails_from_the_email_without_logging_in(
    new_page: Callable[..., Page],
    live_server: Any,
    demo_library: None,
    mailoutbox: list[mail.EmailMessage],
    alice: User,
    bob: User,
) -> None:
    question = QuestionFactory(
        topic=Topic.objects.get(kind="solution", slug="magnesium"),
        author=alice,
        title=QUESTION_TITLE,
    )
    answerer = member_page(new_page, bob, f"/questions/{question.pk}/")
    region(answerer, "Your answer").get_by_label("Your answer").fill(FIRST_ANSWER)
    region(answerer, "Your answer").get_by_role("button", name="Post your answer").click()
    expect(main(answerer)).to_contain_text(FIRST_ANSWER)
    [email] = mailoutbox
    html = email.alternatives[0][0]
    stop = re.search(r'<a href="([^"]+)">Stop these emails</a>', html)
    assert stop, html

    page = new_page()  # the asker's mail program: no session on the site
    page.goto(stop.group(1).replace("http://127.0.0.1:8000", live_server.url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop these emails?")
    expect(main(page)).to_contain_text(f"new answers to your question “{QUESTION_TITLE}”")
    main(page).get_by_role("button", name="Stop the emails").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Done: no more emails about it")
    question.refresh_from_db()
    assert not question.answer_emails


def test_a_member_who_reviewed_a_pair_is_told_before_the_form(
    new_page: Callable[..., Page],
    live_server: Any,
    demo_library: None,
    alice: User,
) -> None:
    review = ReviewFactory(
        author=alice,
        solution=Solution.objects.get(slug="magnesium"),
        condition=Condition.objects.get(slug="insomnia"),
        story=STORY,
    )
    page = member_page(new_page, alice, "/solutions/magnesium/")
    insomnia = (
        region(page, "Members' experience")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("heading", name="Insomnia", exact=True))
    )
    insomnia.get_by_role("link", name="Write a review for insomnia").click()

    expect(page).to_have_url(
        url(live_server, "/solutions/magnesium/reviews/new/?condition=insomnia")
    )
    expect(main(page)).to_contain_text("You have already reviewed Magnesium for insomnia.")
    expect(main(page).get_by_label("Your story")).to_have_count(0)
    other = main(page).get_by_label("Review it for another condition")
    expect(other.locator("option", has_text="Insomnia")).to_have_count(0)
    main(page).get_by_role("link", name="Edit your review").click()

    expect(page).to_have_url(url(live_server, f"/reviews/{review.pk}/edit/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Edit your review of Magnesium for insomnia"
    )
    expect(main(page).get_by_label("Your story")).to_have_value(STORY)


def test_a_visitor_says_a_page_was_helpful_with_javascript(
    page: Page, live_server: Any, demo_library: None, accessibility: Accessibility
) -> None:
    page.goto("/conditions/insomnia/")
    box = region(page, "Was this page helpful?")
    box.get_by_label("Comment (optional)").fill("Clear and well sourced, thank you.")
    with page.expect_response("**/topics/condition/insomnia/feedback/send/") as sending:
        box.get_by_role("button", name="Yes", exact=True).click()

    assert is_htmx(sending.value), "the feedback should go through htmx, not a form post"
    thanks = main(page).get_by_role("status")
    expect(thanks).to_have_text(FEEDBACK_THANKS)
    expect(box).to_have_count(0)
    expect(page).to_have_url(url(live_server, "/conditions/insomnia/"))
    accessibility.check(page)
    feedback = Feedback.objects.get()
    assert (feedback.topic.slug, feedback.helpful, feedback.user) == ("insomnia", True, None)
    assert feedback.comment == "Clear and well sourced, thank you."


def test_a_visitor_says_a_page_was_helpful_without_javascript(
    new_page: Callable[..., Page], live_server: Any, demo_library: None
) -> None:
    page = new_page(javascript=False)
    page.goto("/articles/magnesium-and-sleep/")
    box = region(page, "Was this page helpful?")
    box.get_by_role("button", name="Yes", exact=True).click()

    expect(page).to_have_url(url(live_server, "/articles/magnesium-and-sleep/#feedback-box"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Magnesium and sleep: what the evidence says"
    )
    expect(page.get_by_role("status")).to_have_text(FEEDBACK_THANKS)
    feedback = Feedback.objects.get()
    assert (feedback.topic.slug, feedback.helpful, feedback.comment) == (
        "magnesium-and-sleep",
        True,
        "",
    )
    assert feedback.user is None
