"""Discussions: threads on topics, replies, quoting, editing, pagination and counters."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aposbook.discussions.models import POSTS_PER_PAGE, Follow, Post, Thread
from aposbook.discussions.services import delete_post
from aposbook.lib.pagecache import LIBRARY, MEMBERS
from aposbook.lib.pagecache import changed as pages_changed
from tests.factories import (
    AnswerFactory,
    ArticleFactory,
    ConditionFactory,
    PostFactory,
    QuestionFactory,
    SolutionFactory,
    ThreadFactory,
)
from tests.fixtures import make_user
from tests.helpers import field_error, input_value, page_text, textarea_value
from tests.keyset import page_link

pytestmark = pytest.mark.django_db

EDIT_TOO_LATE = "You can edit a post only within 24 hours of posting it."
ALREADY_POSTED = "You have already posted this."


REPLY = "It helped me fall asleep a little faster after two weeks."


# Starting a thread


def test_it_starts_a_thread_on_a_topic_and_follows_it(client, alice, insomnia):
    client.force_login(alice)

    response = client.post(
        "/topics/condition/insomnia/discussions/new/",
        {"title": "Waking up at 4 am every night", "body": "Has anyone found what helps?"},
    )

    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/discussions/{thread.pk}/"
    assert (thread.topic, thread.author, thread.reply_count) == (insomnia.topic, alice, 0)
    assert thread.posts.get().body == "Has anyone found what helps?"
    assert Follow.objects.filter(user=alice, thread=thread).exists()
    page = page_text(client.get(f"/discussions/{thread.pk}/"))
    assert "Waking up at 4 am every night" in page
    assert "Has anyone found what helps?" in page


def test_it_shows_the_new_thread_form_to_members(client, alice, insomnia):
    client.force_login(alice)
    response = client.get("/topics/condition/insomnia/discussions/new/")

    assert response.status_code == 200
    assert "Start a discussion about Insomnia" in page_text(response)


@pytest.mark.parametrize("kind", ["solution", "article"])
def test_it_starts_threads_on_solutions_and_articles(client, alice, kind):
    topic = (SolutionFactory() if kind == "solution" else ArticleFactory()).topic
    client.force_login(alice)

    response = client.post(
        f"/topics/{kind}/{topic.slug}/discussions/new/",
        {"title": "A question about this page", "body": "What does everyone think of it?"},
    )

    assert response.status_code == 302
    assert Thread.objects.get().topic == topic


def test_it_knows_no_unknown_topic_kind_or_slug(client, alice, insomnia):
    client.force_login(alice)

    assert client.get("/topics/video/insomnia/discussions/").status_code == 404
    assert client.get("/topics/condition/nope/discussions/").status_code == 404
    assert client.get("/topics/condition/nope/discussions/new/").status_code == 404


def test_it_hides_a_draft_articles_discussions(client, alice):
    draft = ArticleFactory(status="draft", published_at=None)

    assert client.get(f"/topics/article/{draft.slug}/discussions/").status_code == 404


def test_it_hides_what_was_said_about_an_article_taken_back_to_draft(client, alice, bob):
    article = ArticleFactory()
    thread = ThreadFactory(topic=article.topic, author=bob)
    post = PostFactory(thread=thread, author=alice)
    question = QuestionFactory(topic=article.topic, author=alice)
    answer = AnswerFactory(question=question, author=bob)
    article.status = "draft"
    article.save()
    Follow.objects.filter(user=alice).delete()
    client.force_login(alice)

    for method, url, data in [
        ("get", f"/discussions/{thread.pk}/", {}),
        ("post", f"/discussions/{thread.pk}/reply/", {"body": REPLY}),
        ("post", f"/discussions/{thread.pk}/follow/", {}),
        ("post", f"/posts/{post.pk}/edit/", {"body": REPLY}),
        ("get", f"/questions/{question.pk}/", {}),
        ("post", f"/questions/{question.pk}/answer/", {"body": REPLY}),
        ("post", f"/answers/{answer.pk}/edit/", {"body": REPLY}),
        ("post", f"/answers/{answer.pk}/vote/", {}),
        ("post", f"/answers/{answer.pk}/accept/", {}),
    ]:
        assert getattr(client, method)(url, data).status_code == 404, url

    assert not Post.objects.filter(body=REPLY).exists()
    assert not Follow.objects.filter(user=alice).exists()
    question.refresh_from_db()
    assert (question.answer_count, question.accepted_answer) == (1, None)
    answer.refresh_from_db()
    assert answer.vote_count == 0
    staff = make_user("staff@example.com", "Staff", is_staff=True)
    client.force_login(staff)
    assert client.get(f"/discussions/{thread.pk}/").status_code == 200


# Replying and quoting


def test_it_posts_a_reply_and_updates_the_threads_figures(client, alice, thread):
    before = Thread.objects.get(pk=thread.pk).last_activity_at
    client.force_login(alice)

    response = client.post(f"/discussions/{thread.pk}/reply/", {"body": REPLY})

    post = Post.objects.get(body=REPLY)
    assert response.status_code == 302
    assert response["Location"] == f"/discussions/{thread.pk}/?last=1#post-{post.pk}"
    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert thread.last_activity_at == post.created_at > before
    assert Follow.objects.filter(user=alice, thread=thread).exists()
    page = page_text(client.get(f"/discussions/{thread.pk}/"))
    assert REPLY in page
    assert "1 reply" in page


def test_it_renders_markdown_in_replies(client, alice, thread):
    client.force_login(alice)
    client.post(
        f"/discussions/{thread.pk}/reply/",
        {"body": "It **really** helped.\n\n- first week: nothing\n- second week: better"},
    )

    html = Post.objects.latest("pk").body_html
    assert "<strong>really</strong>" in html
    assert "<li>second week: better</li>" in html


def test_it_sends_links_in_replies_through_the_leaving_page(client, alice, thread):
    client.force_login(alice)
    client.post(
        f"/discussions/{thread.pk}/reply/",
        {"body": "See [this trial](https://pubmed.ncbi.nlm.nih.gov/23853635/) for details."},
    )

    html = client.get(f"/discussions/{thread.pk}/").content.decode()
    assert 'href="/leave/?to=https' in html
    assert 'href="https://pubmed' not in html


def test_it_prefills_the_reply_with_a_quote(client, alice, thread):
    opening = thread.posts.get()
    client.force_login(alice)

    start = client.get(f"/discussions/{thread.pk}/reply/?quote={opening.pk}")
    assert start.status_code == 302
    assert start["Location"] == f"/discussions/{thread.pk}/?last=1&quote={opening.pk}#reply"
    response = client.get(start["Location"])

    assert textarea_value(response, "body") == (
        "> I started taking magnesium at night. Anyone else?\n\n"
    )
    assert input_value(response, "quoted_post") == str(opening.pk)


def test_it_records_the_quoted_post(client, alice, thread):
    opening = thread.posts.get()
    client.force_login(alice)

    client.post(
        f"/discussions/{thread.pk}/reply/",
        {"body": f"> I started taking magnesium at night.\n\n{REPLY}", "quoted_post": opening.pk},
    )

    post = Post.objects.get(body__endswith=REPLY)
    assert post.quoted_post == opening
    assert "<blockquote>" in post.body_html
    assert "Replying to a post by Bob" in page_text(client.get(f"/discussions/{thread.pk}/"))


def test_it_ignores_a_quote_from_another_thread(client, alice, thread):
    other = ThreadFactory().posts.get()
    client.force_login(alice)

    prefilled = client.get(f"/discussions/{thread.pk}/?quote={other.pk}")
    posted = client.post(
        f"/discussions/{thread.pk}/reply/", {"body": REPLY, "quoted_post": other.pk}
    )

    assert textarea_value(prefilled, "body") == ""
    assert posted.status_code == 400
    assert "The post you quoted is no longer in this discussion." in page_text(posted)
    assert not Post.objects.filter(body=REPLY).exists()


def test_it_refuses_replies_in_a_locked_thread(client, alice, thread):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)

    client.force_login(alice)
    response = client.post(f"/discussions/{thread.pk}/reply/", {"body": REPLY})

    assert response.status_code == 400
    assert "This discussion is locked" in page_text(response)
    assert Thread.objects.get(pk=thread.pk).reply_count == 0


# Editing


def test_it_lets_the_author_edit_a_post_within_24_hours(client, alice, thread):
    post = PostFactory(thread=thread, author=alice, body=REPLY)
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - dt.timedelta(hours=23))
    client.force_login(alice)

    form = client.get(f"/posts/{post.pk}/edit/")
    response = client.post(f"/posts/{post.pk}/edit/", {"body": "Edited: it helped after a week."})

    assert textarea_value(form, "body") == REPLY
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Edited: it helped after a week."
    assert "Edited: it helped after a week." in post.body_html
    assert post.edited_at is not None
    page = page_text(client.get(f"/discussions/{thread.pk}/"))
    assert "edited" in page.split("Edited: it helped")[0]


def test_it_refuses_edits_after_24_hours(client, alice, thread):
    post = PostFactory(thread=thread, author=alice, body=REPLY)
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - dt.timedelta(hours=24))
    client.force_login(alice)

    shown = client.get(f"/posts/{post.pk}/edit/")
    posted = client.post(f"/posts/{post.pk}/edit/", {"body": "Too late to change this now."})

    for response in (shown, posted):
        assert response.status_code == 403
        assert EDIT_TOO_LATE in page_text(response)
    post.refresh_from_db()
    assert (post.body, post.edited_at) == (REPLY, None)


def test_it_refuses_edits_after_24_hours_by_the_clock(client, alice, thread, monkeypatch):
    post = PostFactory(thread=thread, author=alice, body=REPLY)
    later = timezone.now() + dt.timedelta(hours=24, seconds=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)

    client.force_login(alice)
    response = client.post(f"/posts/{post.pk}/edit/", {"body": "Too late to change this now."})

    assert EDIT_TOO_LATE in page_text(response)
    assert Post.objects.get(pk=post.pk).body == REPLY


def test_it_offers_edit_links_only_on_the_readers_recent_posts(client, alice, bob, thread):
    mine = PostFactory(thread=thread, author=alice)
    old = PostFactory(thread=thread, author=alice)
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))

    client.force_login(alice)
    html = client.get(f"/discussions/{thread.pk}/").content.decode()

    assert f'href="/posts/{mine.pk}/edit/"' in html
    assert f'href="/posts/{old.pk}/edit/"' not in html
    assert f'href="/posts/{thread.posts.first().pk}/edit/"' not in html


# Pagination


def test_it_pages_a_thread_20_posts_at_a_time(client, thread):
    replies = [PostFactory(thread=thread) for _ in range(20)]

    first = client.get(f"/discussions/{thread.pk}/")
    second = client.get(f"/discussions/{thread.pk}/?{page_link(first, 'next')}")

    assert "Later posts" in page_text(first) and "Earlier posts" not in page_text(first)
    assert replies[18].body in page_text(first) and replies[19].body not in page_text(first)
    assert replies[19].body in page_text(second) and replies[0].body not in page_text(second)
    assert "Earlier posts" in page_text(second) and "Later posts" not in page_text(second)


def test_it_sends_a_reply_on_a_later_page_to_that_page(client, alice, thread):
    for _ in range(20):
        PostFactory(thread=thread)

    client.force_login(alice)
    response = client.post(f"/discussions/{thread.pk}/reply/", {"body": REPLY})

    post = Post.objects.get(body=REPLY)
    assert response["Location"] == f"/discussions/{thread.pk}/?last=1#post-{post.pk}"
    # The last page, which ends at the reply, with the 19 posts before it; the post's
    # lasting address shows the same page.
    for address in (response["Location"], client.get(f"/posts/{post.pk}/")["Location"]):
        landing = client.get(address)
        assert REPLY in page_text(landing) and "Later posts" not in page_text(landing)
        assert "Earlier posts" in page_text(landing)
        assert landing.content.decode().count('<article class="post"') == POSTS_PER_PAGE


# Counters


def test_it_keeps_reply_counts_right_after_replies_and_deletions(thread):
    replies = [PostFactory(thread=thread) for _ in range(3)]
    assert Thread.objects.get(pk=thread.pk).reply_count == 3

    delete_post(post=replies[1])

    assert Thread.objects.get(pk=thread.pk).reply_count == 2
    assert thread.posts.count() == 3


def test_it_deletes_the_whole_thread_with_its_opening_post(thread):
    PostFactory(thread=thread)

    delete_post(post=thread.posts.first())

    assert not Thread.objects.exists()
    assert not Post.objects.exists()


def test_it_lists_a_topics_threads_by_latest_activity(client, insomnia):
    quiet = ThreadFactory(topic=insomnia.topic, title="A quiet discussion here")
    busy = ThreadFactory(topic=insomnia.topic, title="A busy discussion here")
    Thread.objects.filter(pk=quiet.pk).update(
        last_activity_at=timezone.now() - dt.timedelta(days=3)
    )
    PostFactory(thread=busy)
    PostFactory(thread=busy)

    page = page_text(client.get("/topics/condition/insomnia/discussions/"))

    assert page.index("A busy discussion here") < page.index("A quiet discussion here")
    assert "2 replies" in page
    assert "0 replies" in page


# Bad input: a clear message next to the field, the input kept, nothing stored


GOOD_TITLE = "Magnesium glycinate or citrate?"
GOOD_BODY = "Which form worked better for your sleep?"


@pytest.mark.parametrize(
    ("title", "body", "field", "message"),
    [
        ("", GOOD_BODY, "title", "Please write your title."),
        ("Help?", GOOD_BODY, "title", "Your title is too short"),
        ("x " * 80, GOOD_BODY, "title", "Your title is too long"),
        ("<b>Bold title</b> for all", GOOD_BODY, "title", "plain text, without HTML tags"),
        ("<script>alert(1)</script>", GOOD_BODY, "title", "Please remove the HTML tags"),
        (GOOD_TITLE, "", "body", "Please write your message."),
        (GOOD_TITLE, "Hi", "body", "Your message is too short"),
        (GOOD_TITLE, "word " * 2001, "body", "Your message is too long"),
        (GOOD_TITLE, "<script>alert(1)</script> hello", "body", "Please remove the HTML tags"),
        (GOOD_TITLE, "[click](javascript:alert(1)) now", "body", "Please remove the HTML tags"),
        (GOOD_TITLE, "a" * 10_000, "body", "Please break up very long words"),
        (GOOD_TITLE, "😀 " * 40, "body", "Please write in words"),
    ],
    ids=[
        "no-title",
        "short-title",
        "long-title",
        "tag-title",
        "script-title",
        "no-body",
        "short-body",
        "long-body",
        "script-body",
        "js-link-body",
        "long-word-body",
        "emoji-body",
    ],
)
def test_it_refuses_a_bad_thread_and_keeps_the_input(
    client, alice, insomnia, title, body, field, message
):
    client.force_login(alice)
    response = client.post(
        "/topics/condition/insomnia/discussions/new/", {"title": title, "body": body}
    )

    assert response.status_code == 400
    assert message in field_error(response, field)
    assert input_value(response, "title") == title
    assert textarea_value(response, "body") == body
    assert not Thread.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Please write your reply."),
        ("   \n  ", "Please write your reply."),
        ("Thanks", "Your reply is too short"),
        ("word " * 2001, "Your reply is too long"),
        ("<script>alert('x')</script> nice", "Please remove the HTML tags"),
        ('<img src=x onerror="alert(1)"> nice', "Please remove the HTML tags"),
        ("[a link](javascript:alert(1)) please", "Please remove the HTML tags"),
        ("z" * 10_000, "Please break up very long words"),
        ("🎉 " * 50, "Please write in words"),
    ],
    ids=["empty", "blank", "short", "long", "script", "img", "js-link", "long-word", "emoji"],
)
def test_it_refuses_a_bad_reply_and_keeps_the_input(client, alice, thread, body, message):
    client.force_login(alice)
    response = client.post(f"/discussions/{thread.pk}/reply/", {"body": body})

    assert response.status_code == 400
    assert message in field_error(response, "body")
    assert textarea_value(response, "body") == body
    thread.refresh_from_db()
    assert (thread.reply_count, thread.posts.count()) == (0, 1)


def test_it_refuses_the_same_reply_twice_within_a_minute(client, alice, thread):
    client.force_login(alice)
    client.post(f"/discussions/{thread.pk}/reply/", {"body": REPLY})

    again = client.post(f"/discussions/{thread.pk}/reply/", {"body": REPLY})

    assert again.status_code == 400
    assert field_error(again, "body") == ALREADY_POSTED
    assert Thread.objects.get(pk=thread.pk).reply_count == 1


def test_it_takes_the_same_reply_again_after_a_minute_for_a_moderator(client, alice, thread):
    client.force_login(alice)
    client.post(f"/discussions/{thread.pk}/reply/", {"body": REPLY})
    Post.objects.filter(body=REPLY).update(created_at=timezone.now() - dt.timedelta(minutes=2))

    again = client.post(f"/discussions/{thread.pk}/reply/", {"body": REPLY})

    assert again.status_code == 302
    copy = Post.objects.filter(body=REPLY).latest("pk")
    assert (copy.visibility, copy.moderation_reason) == ("held", "Same text posted elsewhere")
    assert Thread.objects.get(pk=thread.pk).reply_count == 1


def test_it_refuses_the_same_thread_twice_within_a_minute(client, alice, insomnia):
    client.force_login(alice)
    data = {"title": GOOD_TITLE, "body": GOOD_BODY}
    client.post("/topics/condition/insomnia/discussions/new/", data)

    again = client.post("/topics/condition/insomnia/discussions/new/", data)

    assert field_error(again, "title") == ALREADY_POSTED
    assert Thread.objects.count() == 1


def test_it_keeps_a_post_unchanged_when_an_edit_is_bad(client, alice, thread):
    post = PostFactory(thread=thread, author=alice, body=REPLY)

    client.force_login(alice)
    response = client.post(f"/posts/{post.pk}/edit/", {"body": "<script>alert(1)</script> edited"})

    assert response.status_code == 400
    assert "Please remove the HTML tags" in field_error(response, "body")
    assert textarea_value(response, "body") == "<script>alert(1)</script> edited"
    post.refresh_from_db()
    assert (post.body, post.edited_at) == (REPLY, None)


# XSS: whatever gets stored is shown as text


XSS_TITLE = "Is \"><svg onload=alert(1)> safe? & 'x'"


def test_it_escapes_titles_on_every_page_that_shows_them(client, alice, insomnia):
    thread = ThreadFactory(topic=insomnia.topic, title=XSS_TITLE)

    for url in (
        f"/discussions/{thread.pk}/",
        "/topics/condition/insomnia/discussions/",
        "/conditions/insomnia/",
    ):
        html = client.get(url).content.decode()
        assert "<svg onload" not in html, url
        assert "&lt;svg onload=alert(1)&gt;" in html, url


def test_it_strips_raw_html_from_stored_markdown(thread):
    post = PostFactory(
        thread=thread,
        body="Hello <script>alert(1)</script> [x](javascript:alert(1)) <a onclick=x>y</a>",
    )

    assert "<script" not in post.body_html
    assert 'href="javascript' not in post.body_html
    assert "<a onclick" not in post.body_html


# Topic pages


@pytest.mark.parametrize("kind", ["condition", "solution", "article"])
def test_it_shows_the_latest_threads_on_topic_pages(client, kind):
    owner = {"condition": ConditionFactory, "solution": SolutionFactory}.get(kind, ArticleFactory)()
    for number in range(7):
        ThreadFactory(topic=owner.topic, title=f"Discussion {number} about this topic")
    PostFactory(thread=Thread.objects.get(title="Discussion 6 about this topic"))

    page = page_text(client.get(owner.get_absolute_url()))

    assert "Discussion 6 about this topic 1 reply" in page
    assert "Discussion 2 about this topic" in page
    assert "Discussion 1 about this topic" not in page
    assert "Start a discussion" in page
    assert f"All discussions about {owner.topic.title}" in page


def test_it_invites_the_first_discussion_on_a_quiet_topic(client, insomnia):
    page = page_text(client.get("/conditions/insomnia/"))

    assert "No one has started a discussion about Insomnia yet." in page
    assert "Start a discussion" in page


# Queries


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("as_member", [False, True])
def test_it_keeps_thread_page_queries_flat(client, alice, bob, thread, as_member):
    if as_member:
        client.force_login(alice)
    url = f"/discussions/{thread.pk}/"
    counts = []
    for _ in range(2):
        for _ in range(12):
            quoted = PostFactory(thread=thread, author=make_user_for_thread())
            PostFactory(thread=thread, author=bob, quoted_post=quoted)
        counts.append(_count_queries(client, url))

    # The thread and the page of posts with their authors and quotes (paged by key: no
    # count); a member adds the session, the account, their standing (2) and whether they
    # follow.
    assert counts == [7, 7] if as_member else counts == [2, 2]


def make_user_for_thread():
    make_user_for_thread.count = getattr(make_user_for_thread, "count", 0) + 1
    return make_user(f"writer-{make_user_for_thread.count}@example.com", "A writer")


def test_it_keeps_the_thread_list_queries_flat(client, insomnia):
    counts = []
    for size in (3, 30):
        for _ in range(size):
            ThreadFactory(topic=insomnia.topic)
        counts.append(_count_queries(client, "/topics/condition/insomnia/discussions/"))

    # The topic and one page of threads: paged by key, no COUNT(*) (see test_thread_paging).
    assert counts == [2, 2]


# The whole page (the library's own queries, and for a solution its review figures and the
# members' rating in its schema.org data); the community adds two: the latest threads and
# the unanswered questions.
TOPIC_PAGE_BUDGETS = {"condition": 8, "solution": 10, "article": 6}


@pytest.mark.parametrize("kind", ["condition", "solution", "article"])
def test_it_keeps_topic_page_queries_flat_as_threads_and_questions_grow(
    client, kind, django_assert_max_num_queries
):
    owner = {"condition": ConditionFactory, "solution": SolutionFactory}.get(kind, ArticleFactory)()
    counts = []
    for size in (2, 12):
        for _ in range(size):
            thread = ThreadFactory(topic=owner.topic)
            PostFactory(thread=thread)
            QuestionFactory(topic=owner.topic)
            AnswerFactory(question=QuestionFactory(topic=owner.topic))
        pages_changed(LIBRARY, MEMBERS)  # every shared part built again: a build's cost
        with django_assert_max_num_queries(TOPIC_PAGE_BUDGETS[kind]) as queries:
            assert client.get(owner.get_absolute_url()).status_code == 200
        counts.append(len(queries.captured_queries))
        community = [
            query["sql"]
            for query in queries.captured_queries
            if '"community_thread"' in query["sql"] or '"community_question"' in query["sql"]
        ]
        assert len(community) == 2

    assert counts[0] == counts[1]
