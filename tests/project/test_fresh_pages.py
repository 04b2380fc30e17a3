"""After each write made through the site, the visitors' pages that show what it changed are
fresh at once: a member's review, vote, thread, reply, question and answer, an editor's
publishing, a moderator's decision, a change in the admin, a member's new name or deleted
account. Each write runs inside `pages_fresh_after(...)` (tests/helpers.py), which stores
the pages first and checks afterwards that visitors get the page the site builds now.

How the stored pages work: aposbook/lib/pagecache.py and tests/lib/test_pagecache.py."""

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from aposbook.accounts.moderated import hold
from aposbook.editorial import services as editorial
from aposbook.lib.stored_pages import SOURCE_HEADER
from aposbook.library.models import ArticleStatus, Condition, EvidenceGrade, Solution, Video
from aposbook.moderation.models import ExpertApplication
from aposbook.moderation.reports import report_item
from tests.factories import (
    AnswerFactory,
    ArticleFactory,
    ConditionFactory,
    EvidenceFactory,
    PostFactory,
    QuestionFactory,
    ReviewFactory,
    SolutionFactory,
    ThreadFactory,
    VideoFactory,
)
from tests.fixtures import PASSWORD, make_user
from tests.helpers import log_in, page_text, pages_fresh_after
from tests.project.attack_world import post_forms
from tests.reviews.test_reviews import STORY, review_data

pytestmark = pytest.mark.django_db

HOME = "/"
LIBRARY = "/library/"
CONDITIONS = "/conditions/"
CONDITION = "/conditions/insomnia/"
SOLUTION = "/solutions/magnesium/"
REVIEWS = "/solutions/magnesium/reviews/"
THREADS = "/topics/condition/insomnia/discussions/"
QUESTIONS = "/topics/condition/insomnia/questions/"


FreshAfter = Callable[..., AbstractContextManager[None]]


# A member's page carries their form token, masked afresh for each response.
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def members_page(reader: Client, url: str) -> bytes:
    return TOKEN.sub(b"", reader.get(url).content)


@pytest.fixture
def fresh_after(django_capture_on_commit_callbacks) -> FreshAfter:
    """`pages_fresh_after`, with what the write leaves for after its commit run as the site
    runs it (the test's transaction never commits); and a member who reads the same pages
    (built for them from the parts every reader shares, lib/shared_parts.py) gets them
    fresh too."""

    @contextmanager
    def check(*urls: str) -> Iterator[None]:
        reader = Client()
        reader.force_login(make_user("rita@example.com", "Rita"))
        for url in urls:
            members_page(reader, url)  # the shared parts are stored
        with (
            pages_fresh_after(*urls),
            django_capture_on_commit_callbacks(execute=True),
        ):
            yield
        for url in urls:
            served = members_page(reader, url)
            with override_settings(PAGE_CACHE_ENABLED=False):
                built = members_page(reader, url)
            assert served == built, f"{url}: members still get old parts of the page"

    return check


@pytest.fixture
def insomnia() -> Condition:
    return ConditionFactory(name="Insomnia", slug="insomnia", featured=True)


@pytest.fixture
def magnesium(insomnia) -> Solution:
    solution = SolutionFactory(name="Magnesium", slug="magnesium")
    EvidenceFactory(solution=solution, condition=insomnia, grade=EvidenceGrade.B)
    return solution


def visitor_text(url: str) -> str:
    return page_text(Client().get(url))


# --- Reviews ---------------------------------------------------------------------------------


@pytest.fixture
def reviewed(magnesium, insomnia, bob):
    """Bob's review of magnesium for insomnia, already on the pages."""
    return ReviewFactory(
        author=bob, solution=magnesium, condition=insomnia, story="Bob's story: it helped a bit."
    )


def test_a_new_review_refreshes_its_solution_its_reviews_and_its_condition_s_figures(
    client, alice, magnesium, fresh_after
):
    client.force_login(alice)

    with fresh_after(SOLUTION, REVIEWS, CONDITION):
        response = client.post("/solutions/magnesium/reviews/new/", review_data())

    assert response.status_code == 302
    assert STORY in visitor_text(REVIEWS)


def test_an_edited_review_refreshes_its_pages(client, bob, reviewed, fresh_after):
    client.force_login(bob)

    with fresh_after(SOLUTION, REVIEWS, CONDITION):
        response = client.post(
            f"/reviews/{reviewed.pk}/edit/", review_data(effectiveness="3", story=STORY)
        )

    assert response.status_code == 302
    assert STORY in visitor_text(REVIEWS)


def test_a_deleted_review_leaves_its_pages(client, bob, reviewed, fresh_after):
    client.force_login(bob)

    with fresh_after(SOLUTION, REVIEWS, CONDITION):
        response = client.post(f"/reviews/{reviewed.pk}/delete/")

    assert response.status_code == 302
    assert "Bob's story" not in visitor_text(REVIEWS)


def test_a_helpful_vote_refreshes_the_review_s_counts(client, alice, reviewed, fresh_after):
    client.force_login(alice)

    with fresh_after(SOLUTION, REVIEWS):
        response = client.post(f"/reviews/{reviewed.pk}/vote/", {"helpful": "yes"})

    assert response.status_code == 302


# --- Discussions -----------------------------------------------------------------------------


def test_a_new_thread_shows_on_its_topic_and_in_its_list(client, alice, insomnia, fresh_after):
    client.force_login(alice)

    with fresh_after(CONDITION, THREADS):
        response = client.post(
            "/topics/condition/insomnia/discussions/new/",
            {"title": "Waking up at 4 am every night", "body": "Has anyone found what helps?"},
        )

    assert response.status_code == 302
    assert "Waking up at 4 am every night" in visitor_text(THREADS)


def test_a_reply_refreshes_its_thread_and_the_counts_of_the_lists(
    client, alice, thread, fresh_after
):
    client.force_login(alice)
    reply = "It helped me fall asleep a little faster after two weeks."

    with fresh_after(f"/discussions/{thread.pk}/", THREADS, CONDITION):
        response = client.post(f"/discussions/{thread.pk}/reply/", {"body": reply})

    assert response.status_code == 302
    assert reply in visitor_text(f"/discussions/{thread.pk}/")
    assert "1 reply" in visitor_text(THREADS)


def test_an_edited_post_refreshes_its_thread(client, alice, thread, fresh_after):
    post = PostFactory(thread=thread, author=alice, body="It helped after a month.")
    client.force_login(alice)

    with fresh_after(f"/discussions/{thread.pk}/"):
        response = client.post(f"/posts/{post.pk}/edit/", {"body": "Edited: after a week."})

    assert response.status_code == 302
    assert "Edited: after a week." in visitor_text(f"/discussions/{thread.pk}/")


def test_a_thread_locked_in_the_admin_says_so(admin_client, thread, fresh_after):
    change = reverse("admin:discussions_thread_change", args=[thread.pk])

    with fresh_after(f"/discussions/{thread.pk}/"):
        response = admin_save(admin_client, change, is_locked="on")

    assert response.status_code == 302
    assert "Locked" in visitor_text(f"/discussions/{thread.pk}/")


# --- Questions -------------------------------------------------------------------------------


@pytest.fixture
def question(insomnia, alice):
    return QuestionFactory(
        topic=insomnia.topic, author=alice, title="Which magnesium form is best for sleep?"
    )


ANSWER = "Magnesium glycinate helped me; take it an hour before bed."


def test_a_new_question_shows_on_its_topic_and_in_its_list(client, alice, insomnia, fresh_after):
    client.force_login(alice)

    with fresh_after(CONDITION, QUESTIONS):
        response = client.post(
            "/topics/condition/insomnia/questions/new/",
            {"title": "Does valerian help with waking at night?", "body": ""},
        )

    assert response.status_code == 302
    assert "Does valerian help with waking at night?" in visitor_text(CONDITION)


def test_an_answer_refreshes_its_question_and_the_lists(client, bob, question, fresh_after):
    client.force_login(bob)

    with fresh_after(f"/questions/{question.pk}/", QUESTIONS, CONDITION):
        response = client.post(f"/questions/{question.pk}/answer/", {"body": ANSWER})

    assert response.status_code == 302
    assert ANSWER in visitor_text(f"/questions/{question.pk}/")
    assert "1 answer" in visitor_text(QUESTIONS)
    # Answered: no longer among the questions waiting on the topic page.
    assert question.title not in visitor_text(CONDITION)


def test_an_edited_question_refreshes_its_page_and_the_lists(client, alice, question, fresh_after):
    client.force_login(alice)

    with fresh_after(f"/questions/{question.pk}/", QUESTIONS, CONDITION):
        response = client.post(
            f"/questions/{question.pk}/edit/",
            {"title": "Which form of magnesium helps sleep most?", "body": "Citrate or not?"},
        )

    assert response.status_code == 302
    assert "Which form of magnesium helps sleep most?" in visitor_text(CONDITION)


def test_an_edited_answer_refreshes_its_question(client, bob, question, fresh_after):
    answer = AnswerFactory(question=question, author=bob, body=ANSWER)
    client.force_login(bob)

    with fresh_after(f"/questions/{question.pk}/"):
        response = client.post(f"/answers/{answer.pk}/edit/", {"body": f"{ANSWER} Edited."})

    assert response.status_code == 302
    assert f"{ANSWER} Edited." in visitor_text(f"/questions/{question.pk}/")


def test_a_vote_refreshes_the_answer_s_count(client, alice, bob, question, fresh_after):
    answer = AnswerFactory(question=question, author=bob, body=ANSWER)
    client.force_login(make_user("carol@example.com", "Carol"))

    with fresh_after(f"/questions/{question.pk}/"):
        response = client.post(f"/answers/{answer.pk}/vote/")

    assert response.status_code == 302


def test_accepting_an_answer_refreshes_the_question_and_its_list(
    client, alice, bob, question, fresh_after
):
    answer = AnswerFactory(question=question, author=bob, body=ANSWER)
    client.force_login(alice)

    with fresh_after(f"/questions/{question.pk}/", QUESTIONS):
        response = client.post(f"/answers/{answer.pk}/accept/")

    assert response.status_code == 302
    assert "answered" in visitor_text(QUESTIONS)


# --- Editorial -------------------------------------------------------------------------------


def test_an_accepted_proposal_shows_its_text_on_the_topic_page(
    client, erin, mo, insomnia, fresh_after
):
    base = editorial.base_revision_for(insomnia.topic)
    proposal = editorial.propose_edit(
        topic=insomnia.topic,
        proposer=erin,
        body=f"{insomnia.body}\n\nA regular bedtime helps most adults.",
        reason="A practical tip",
        base=base,
    )
    client.force_login(mo)

    with fresh_after(CONDITION):
        response = client.post(f"/editorial/proposals/{proposal.pk}/accept/")

    assert response.status_code == 302
    assert "A regular bedtime helps most adults." in visitor_text(CONDITION)


def test_restoring_an_old_revision_shows_its_text_again(client, erin, mo, insomnia, fresh_after):
    base = editorial.base_revision_for(insomnia.topic)
    proposal = editorial.propose_edit(
        topic=insomnia.topic, proposer=erin, body="A newer text.", reason="Shorter", base=base
    )
    editorial.accept_proposal(proposal=proposal, editor=mo)
    client.force_login(mo)

    with fresh_after(CONDITION):
        response = client.post(f"{CONDITION}history/1/restore/", {"reason": "The old was right."})

    assert response.status_code == 302
    assert "A newer text." not in visitor_text(CONDITION)


def test_a_published_article_appears_on_the_library_the_home_page_and_its_topics(
    client, erin, mo, magnesium, insomnia, fresh_after
):
    article = ArticleFactory(
        title="Magnesium for better sleep",
        author=erin,
        reviewer=make_user("sam@example.com", "Sam Ortiz", role="expert", credentials="MD"),
        status=ArticleStatus.APPROVED,
        published_at=None,
    )
    article.topics.add(insomnia.topic, magnesium.topic)
    assert Client().get(article.get_absolute_url()).status_code == 404
    client.force_login(mo)

    with fresh_after(LIBRARY, HOME, CONDITION, SOLUTION):
        response = client.post(f"/editorial/articles/{article.pk}/publish/")

    assert response.status_code == 302
    assert "Magnesium for better sleep" in visitor_text(article.get_absolute_url())
    assert "Magnesium for better sleep" in visitor_text(LIBRARY)


def test_an_archived_article_leaves_its_pages(client, erin, mo, insomnia, fresh_after):
    article = ArticleFactory(title="Magnesium for better sleep", author=erin)
    article.topics.add(insomnia.topic)
    client.force_login(mo)

    with fresh_after(LIBRARY, HOME, CONDITION):
        response = client.post(f"/editorial/articles/{article.pk}/archive/")

    assert response.status_code == 302
    assert Client().get(article.get_absolute_url()).status_code == 404
    assert "Magnesium for better sleep" not in visitor_text(LIBRARY)


def test_a_published_video_appears_on_its_topics_pages(
    client, erin, mo, magnesium, insomnia, fresh_after
):
    client.force_login(erin)
    client.post(
        "/editorial/videos/new/",
        {
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "title": "How sleep works",
            "creator": "A sleep clinic",
            "creator_url": "",
            "description": "A clear ten-minute explanation of sleep stages and habits.",
            "topics": [str(insomnia.topic.pk), str(magnesium.topic.pk)],
        },
    )
    video = Video.objects.get()
    client.force_login(mo)

    with fresh_after(CONDITION, SOLUTION, LIBRARY):
        response = client.post(f"/editorial/videos/{video.pk}/publish/")

    assert response.status_code == 302
    assert "How sleep works" in visitor_text(video.get_absolute_url())


def test_a_recorded_medical_review_shows_on_the_page(client, erin, mo, insomnia, fresh_after):
    client.force_login(mo)

    with fresh_after(CONDITION):
        response = client.post(f"{CONDITION}medical-review/", {"reviewer": str(erin.pk)})

    assert response.status_code == 302
    assert "Medically reviewed on" in visitor_text(CONDITION)


def test_a_medical_review_of_an_article_names_its_reviewer_in_the_byline(
    client, erin, mo, fresh_after
):
    article = ArticleFactory(title="Magnesium and sleep", slug="magnesium-and-sleep")
    client.force_login(mo)

    with fresh_after(article.get_absolute_url()):
        response = client.post(
            f"{article.get_absolute_url()}medical-review/", {"reviewer": erin.pk}
        )

    assert response.status_code == 302
    assert "Medically reviewed by Erin Hale" in visitor_text(article.get_absolute_url())


# --- Moderation ------------------------------------------------------------------------------


def decide(client: Client, kind: str, item, decision: str) -> None:
    prefix = f"{kind}-{item.pk}"
    response = client.post(
        f"/moderation/queue/{kind}/{item.pk}/decide/",
        {f"{prefix}-decision": decision, f"{prefix}-reason": "Because."},
    )
    assert response.status_code == 302


def test_a_hidden_review_leaves_its_pages(client, alice, mo, reviewed, fresh_after):
    report_item(reporter=alice, item=reviewed, reason="spam")
    client.force_login(mo)

    with fresh_after(SOLUTION, REVIEWS, CONDITION):
        decide(client, "review", reviewed, "hide")

    assert "Bob's story" not in visitor_text(REVIEWS)


def test_a_hidden_post_leaves_its_thread(client, alice, bob, mo, thread, fresh_after):
    post = PostFactory(thread=thread, author=alice, body="Buy cheap pills at my shop.")
    report_item(reporter=bob, item=post, reason="spam")
    client.force_login(mo)

    with fresh_after(f"/discussions/{thread.pk}/", THREADS):
        decide(client, "post", post, "hide")

    assert "Buy cheap pills" not in visitor_text(f"/discussions/{thread.pk}/")
    assert "0 replies" in visitor_text(THREADS)


def test_a_hidden_answer_leaves_its_question(client, alice, bob, mo, question, fresh_after):
    answer = AnswerFactory(question=question, author=bob, body="Buy cheap pills at my shop.")
    report_item(reporter=alice, item=answer, reason="spam")
    client.force_login(mo)

    with fresh_after(f"/questions/{question.pk}/", QUESTIONS, CONDITION):
        decide(client, "answer", answer, "hide")

    assert "Buy cheap pills" not in visitor_text(f"/questions/{question.pk}/")
    assert question.title in visitor_text(CONDITION)  # waiting for an answer again


def test_a_held_review_let_through_appears_on_its_pages(
    client, bob, mo, magnesium, insomnia, fresh_after
):
    review = ReviewFactory(author=bob, solution=magnesium, condition=insomnia, story=STORY)
    hold(review, reason="first link")
    client.force_login(mo)

    with fresh_after(SOLUTION, REVIEWS, CONDITION):
        decide(client, "review", review, "dismiss")

    assert STORY in visitor_text(REVIEWS)


def test_a_held_thread_let_through_appears_on_its_topic(client, bob, mo, thread, fresh_after):
    opening = thread.posts.get()
    hold(opening, reason="first link")
    client.force_login(mo)

    with fresh_after(CONDITION, THREADS):
        decide(client, "post", opening, "dismiss")

    assert thread.title in visitor_text(THREADS)


def test_the_third_report_holds_a_review_and_its_pages_lose_it(client, reviewed, fresh_after):
    joined = timezone.now() - dt.timedelta(days=8)  # established members' reports count
    reporters = [make_user(f"old{i}@example.com", f"Old {i}", date_joined=joined) for i in range(3)]
    for reporter in reporters[:2]:
        client.force_login(reporter)
        client.post(f"/moderation/report/review/{reviewed.pk}/", {"reason": "spam"})
    reviewed.refresh_from_db()
    assert reviewed.is_shown
    client.force_login(reporters[2])

    with fresh_after(SOLUTION, REVIEWS, CONDITION):
        response = client.post(f"/moderation/report/review/{reviewed.pk}/", {"reason": "spam"})

    assert response.status_code == 302
    assert "Bob's story" not in visitor_text(REVIEWS)


# --- The library in the admin ----------------------------------------------------------------


def admin_save(client: Client, url: str, **changes: str):
    """Send an admin change form as the page shows it, with `changes`."""
    [form] = [f for f in post_forms(url, client.get(url).content.decode()) if f.action == url]
    return client.post(url, form.data(**changes))


def test_a_condition_renamed_in_the_admin_is_renamed_everywhere(
    admin_client, insomnia, magnesium, fresh_after
):
    change = reverse("admin:library_condition_change", args=[insomnia.pk])

    with fresh_after(CONDITION, CONDITIONS, HOME, SOLUTION, "/search/suggest/?q=insom"):
        response = admin_save(
            admin_client, change, name="Insomnia disorder", synonyms="Sleeplessness"
        )

    assert response.status_code == 302
    assert "Insomnia disorder" in visitor_text(HOME)
    assert "Insomnia disorder" in visitor_text("/search/suggest/?q=sleeplessn")


def test_an_evidence_row_edited_in_the_admin_changes_both_topic_pages(
    admin_client, insomnia, magnesium, fresh_after
):
    evidence = magnesium.evidence.get()
    change = reverse("admin:library_solutionforcondition_change", args=[evidence.pk])

    with fresh_after(CONDITION, SOLUTION):
        response = admin_save(
            admin_client, change, summary="Three trials found no benefit.", grade="D"
        )

    assert response.status_code == 302
    assert "Three trials found no benefit." in visitor_text(SOLUTION)


# --- Accounts --------------------------------------------------------------------------------


@pytest.fixture
def writing(alice, magnesium, insomnia, thread):
    """Something alice wrote on every kind of page: a review, a reply and an answer."""
    ReviewFactory(author=alice, solution=magnesium, condition=insomnia, story=STORY)
    PostFactory(thread=thread, author=alice, body="It helped me after a week.")
    answered = QuestionFactory(topic=insomnia.topic, title="Does magnesium help?")
    AnswerFactory(question=answered, author=alice, body=ANSWER)
    return [SOLUTION, REVIEWS, f"/discussions/{thread.pk}/", f"/questions/{answered.pk}/"]


def test_a_new_public_name_shows_beside_everything_the_member_wrote(
    client, alice, writing, fresh_after
):
    client.force_login(alice)

    with fresh_after(*writing):
        client.post("/accounts/settings/", {"display_name": "Alice Martin"})

    for url in writing:
        assert "Alice Martin" in visitor_text(url), url


def test_an_expert_s_new_name_shows_on_the_cards_of_their_articles(
    client, erin, insomnia, fresh_after
):
    article = ArticleFactory(title="Magnesium for better sleep", author=erin)
    article.topics.add(insomnia.topic)
    client.force_login(erin)

    with fresh_after(article.get_absolute_url(), LIBRARY, HOME, CONDITION):
        client.post("/accounts/settings/", {"display_name": "Dr Erin Hale"})

    assert "Dr Erin Hale" in visitor_text(LIBRARY)
    assert "Dr Erin Hale" in visitor_text(HOME)


def test_an_approved_expert_s_badge_shows_beside_their_writing(
    client, alice, mo, writing, fresh_after
):
    application = ExpertApplication.objects.create(
        user=alice,
        profession="Registered dietitian",
        credentials="MS, RD",
        registry_url="https://www.cdrnet.org/verify/123456",
        statement="Registration number 123456, hospital dietitian since 2015.",
    )
    client.force_login(mo)

    with fresh_after(*writing):
        response = client.post(f"/moderation/expert-applications/{application.pk}/approve/")

    assert response.status_code == 302
    assert "Health expert" in visitor_text(REVIEWS)


def test_a_deleted_account_s_writing_shows_as_a_deleted_member_s(
    client, alice, writing, fresh_after
):
    client.force_login(alice)

    with fresh_after(*writing):
        response = client.post("/accounts/delete/", {"password": PASSWORD})

    assert response["Location"] == "/"
    for url in writing:
        assert "deleted member" in visitor_text(url), url
        assert "Alice" not in visitor_text(url), url


def test_a_restored_account_s_writing_shows_its_name_again(client, alice, writing, fresh_after):
    client.force_login(alice)
    client.post("/accounts/delete/", {"password": PASSWORD})
    log_in(client)

    with fresh_after(*writing):
        response = client.post("/accounts/restore/")

    assert response.status_code == 302
    for url in writing:
        assert "Alice" in visitor_text(url), url


# --- Every visitor page ----------------------------------------------------------------------


def visitor_page_names(patterns: list, namespace: str = "") -> set[str]:
    """The names of the views the visitors' cache may store (`@visitor_page`)."""
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            names |= visitor_page_names(pattern.url_patterns, inner)
        elif getattr(pattern.callback, "visitor_page", False):
            names.add(namespace + pattern.name)
    return names


@pytest.fixture
def busy_pages(alice, bob, erin, insomnia, magnesium) -> dict[str, str]:
    """Each visitor page's address, with members' writing on it: reviews, a thread with
    replies, a question with answers (every vote and reply button a visitor sees)."""
    ReviewFactory(author=alice, solution=magnesium, condition=insomnia)
    ReviewFactory(author=bob, solution=magnesium)
    thread = ThreadFactory(topic=insomnia.topic, author=alice)
    PostFactory(thread=thread, author=bob)
    asked = QuestionFactory(topic=insomnia.topic, author=alice)
    AnswerFactory(question=asked, author=bob)
    QuestionFactory(topic=insomnia.topic, author=bob)  # one still waiting on the topic page
    article = ArticleFactory(author=erin)
    article.topics.add(insomnia.topic, magnesium.topic)
    ThreadFactory(topic=article.topic, author=bob)
    video = VideoFactory()
    video.topics.add(insomnia.topic)
    return {
        "pages:home": HOME,
        "pages:code_of_conduct": "/code-of-conduct/",
        "pages:privacy": "/privacy/",
        "pages:terms": "/terms/",
        "library:index": LIBRARY,
        "library:conditions": CONDITIONS,
        "library:condition": CONDITION,
        "library:solutions": "/solutions/",
        "library:solution": SOLUTION,
        "library:article": article.get_absolute_url(),
        "library:video": video.get_absolute_url(),
        "reviews:reviews": REVIEWS,
        "discussions:topic_threads": THREADS,
        "discussions:thread": thread.get_absolute_url(),
        "questions:topic_questions": QUESTIONS,
        "questions:question": asked.get_absolute_url(),
        "search:suggest": "/search/suggest/?q=insom",
    }


def test_every_visitor_page_is_stored_and_hands_a_visitor_no_cookie(busy_pages):
    assert set(busy_pages) == visitor_page_names(get_resolver().url_patterns)
    visitor = Client()
    for url in busy_pages.values():
        first, second = visitor.get(url), visitor.get(url)

        assert first.status_code == 200, url
        assert not first.cookies, f"{url} sets {list(first.cookies)}"
        assert b"csrfmiddlewaretoken" not in first.content, url
        assert (first[SOURCE_HEADER], second[SOURCE_HEADER]) == ("miss", "hit"), url
