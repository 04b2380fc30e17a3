"""Full-text search of articles, solutions, discussions and questions on /search/."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from aposbook.accounts.moderated import hold, set_visibility
from aposbook.lib.visibility import Visibility
from aposbook.library.models import ArticleStatus
from aposbook.search.fulltext import GROUP_SIZE, MAX_PAGES, PER_PAGE
from aposbook.search.index import reindex, unindex
from aposbook.search.models import SearchDocument
from tests.factories import (
    AnswerFactory,
    ArticleFactory,
    ConditionFactory,
    PostFactory,
    QuestionFactory,
    SolutionFactory,
    ThreadFactory,
)

pytestmark = pytest.mark.django_db


def titles(html: str, kind: str) -> list[str]:
    """The result titles listed under one kind's heading, in order."""
    section = re.search(rf'aria-labelledby="results-{kind}">(.*?)</section>', html, re.S)
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a>', section[1]) if section else []


def hit_titles(html: str) -> list[str]:
    found = re.search(r'<ol class="result-list search-hits">(.*?)</ol>', html, re.S)
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a>', found[1]) if found else []


@pytest.fixture
def library() -> dict[str, object]:
    condition = ConditionFactory(name="Insomnia", slug="insomnia")
    article = ArticleFactory(
        title="Sleep hygiene that works",
        body="Keep the bedroom dark. **Chamomile** tea before bed may help you relax.",
    )
    article.topics.add(condition.topic)
    # Not named "Chamomile": a solution's exact name leads straight to its page.
    solution = SolutionFactory(
        name="Matricaria", summary="Chamomile, a daisy-like flower brewed as a calming tea."
    )
    thread = ThreadFactory(
        title="Tea at night?", topic=condition.topic, body="Has chamomile helped anyone sleep?"
    )
    question = QuestionFactory(title="Is chamomile safe in pregnancy?", topic=solution.topic)
    AnswerFactory(question=question, body="Ask your midwife before drinking chamomile daily.")
    return {"condition": condition, "article": article, "solution": solution, "thread": thread}


def test_it_finds_every_kind_grouped(client: Client, library, django_assert_max_num_queries):
    # The condition look-up (five: the index), the counts, the best of every kind, the
    # filter's topics.
    with django_assert_max_num_queries(8):
        response = client.get("/search/", {"q": "chamomile"})

    html = response.content.decode()
    assert response.status_code == 200
    assert titles(html, "articles") == ["Sleep hygiene that works"]
    assert titles(html, "solutions") == ["Matricaria"]
    assert titles(html, "discussions") == ["Tea at night?"]
    assert set(titles(html, "questions")) == {"Is chamomile safe in pregnancy?"}
    assert html.index("results-articles") < html.index("results-solutions")
    assert html.index("results-discussions") < html.index("results-questions")
    assert "Oops!" not in html


def test_it_matches_other_forms_of_a_word(client: Client, library):
    html = client.get("/search/", {"q": "helps"}).content.decode()

    assert titles(html, "articles") == ["Sleep hygiene that works"]
    assert titles(html, "discussions") == ["Tea at night?"]


def test_it_highlights_the_words_in_an_escaped_snippet(client: Client, db):
    ArticleFactory(title="Night waking", body="Waking at 3am <script>x</script> is common.")

    html = client.get("/search/", {"q": "waking"}).content.decode()

    assert "<mark>Waking</mark>" in html or "<mark>waking</mark>" in html
    assert "<script>x</script>" not in html


def test_it_escapes_a_title(client: Client, db):
    ArticleFactory(title="Magnesium & <b>sleep</b>", body="Magnesium for sleep.")

    html = client.get("/search/", {"q": "magnesium"}).content.decode()

    assert "Magnesium &amp; &lt;b&gt;sleep&lt;/b&gt;" in html


def test_a_condition_name_still_leads_to_its_page(client: Client, library):
    response = client.get("/search/", {"q": "Insomnia"})

    assert response.status_code == 302
    assert response["Location"] == "/conditions/insomnia/"


def test_it_filters_by_kind_with_pages(client: Client, db, django_assert_max_num_queries):
    for number in range(PER_PAGE + 3):
        ArticleFactory(title=f"Valerian article {number:02}", body="Valerian root.")
    SolutionFactory(name="Valerian", summary="A root.")

    # The condition look-up (five: the index), the counts, the page, the filter's topics.
    with django_assert_max_num_queries(8):
        first = client.get("/search/", {"q": "valerian root", "kind": "articles"})
    second = client.get("/search/", {"q": "valerian root", "kind": "articles", "page": "2"})

    first_html, second_html = first.content.decode(), second.content.decode()
    assert len(hit_titles(first_html)) == PER_PAGE
    assert len(hit_titles(second_html)) == 3
    assert not set(hit_titles(first_html)) & set(hit_titles(second_html))
    assert "Valerian" not in hit_titles(first_html) + hit_titles(second_html)
    assert "?q=valerian+root&amp;kind=articles&amp;topic=&amp;page=2" in first_html


def test_it_shows_the_best_few_of_each_kind_with_a_link_to_all(client: Client, db):
    for number in range(GROUP_SIZE + 2):
        ArticleFactory(title=f"Hops article {number}", body="Hops.")
    ArticleFactory(title="Hops, hops and hops", body="Hops, hops, hops.")

    html = client.get("/search/", {"q": "hops"}).content.decode()

    assert len(titles(html, "articles")) == GROUP_SIZE
    assert titles(html, "articles")[0] == "Hops, hops and hops"
    assert f"All {GROUP_SIZE + 3} articles" in html
    assert "Articles (8)" in html


def test_it_pages_only_so_far(client: Client, db):
    ArticleFactory(title="Zinc", body="Zinc.")

    response = client.get("/search/", {"q": "zinc", "kind": "articles", "page": "999"})

    assert hit_titles(response.content.decode()) == ["Zinc"]
    assert MAX_PAGES * PER_PAGE == 200


def test_it_filters_by_topic(client: Client, library):
    solution = library["solution"]

    html = client.get("/search/", {"q": "chamomile", "topic": solution.topic_id}).content.decode()

    assert titles(html, "solutions") == ["Matricaria"]
    assert titles(html, "questions")
    assert titles(html, "articles") == []
    assert titles(html, "discussions") == []


def test_it_says_so_when_a_filter_is_not_valid_and_keeps_the_query(client: Client, library):
    html = client.get("/search/", {"q": "chamomile", "topic": "nonsense"}).content.decode()

    assert "That topic is not one we have; showing every topic." in html
    assert 'name="q" value="chamomile"' in html
    assert titles(html, "articles") == ["Sleep hygiene that works"]


def test_it_shows_only_published_articles(client: Client, db):
    article = ArticleFactory(title="Draft about melatonin", body="Melatonin.")
    article.status = ArticleStatus.DRAFT
    article.save()

    html = client.get("/search/", {"q": "melatonin"}).content.decode()

    assert "Draft about melatonin" not in html
    assert "Oops!" in html


def test_it_follows_edits_and_deletions(client: Client, db):
    post = PostFactory(body="Lavender oil on the pillow.")
    thread = post.thread

    post.edit(body="Rosemary oil on the pillow.")
    assert not titles(client.get("/search/", {"q": "lavender"}).content.decode(), "discussions")
    assert titles(client.get("/search/", {"q": "rosemary"}).content.decode(), "discussions")

    thread.title = "Scented oils"
    thread.save()
    assert titles(client.get("/search/", {"q": "rosemary"}).content.decode(), "discussions") == [
        "Scented oils"
    ]

    thread.delete()
    assert not SearchDocument.objects.filter(source="discussions.post").exists()


def test_unindex_and_reindex_hide_and_show_an_item(client: Client, db):
    answer = AnswerFactory(body="Try a warm bath with epsom salts.")

    unindex(answer)
    assert "Oops!" in client.get("/search/", {"q": "epsom"}).content.decode()

    reindex(answer)
    assert titles(client.get("/search/", {"q": "epsom"}).content.decode(), "questions")


def found(client: Client, word: str) -> bool:
    return "Oops!" not in client.get("/search/", {"q": word}).content.decode()


def test_what_a_moderator_holds_or_hides_leaves_the_results_until_shown_again(client: Client, db):
    thread = ThreadFactory(title="Sleep and baths", body="Warm baths before bed.")
    reply = PostFactory(thread=thread, body="Lavender sachets under the pillow.")
    answer = AnswerFactory(body="Try chamomile tea.")
    question = answer.question

    hold(reply, reason="Same text posted elsewhere")
    set_visibility(answer, Visibility.HIDDEN, reason="Spam")
    assert not found(client, "lavender") and not found(client, "chamomile")
    set_visibility(reply, Visibility.SHOWN)
    set_visibility(answer, Visibility.SHOWN)
    assert found(client, "lavender") and found(client, "chamomile")

    # A removed opening post takes its thread's replies with it; a removed question its
    # answers.
    set_visibility(thread.posts.order_by("created_at", "pk").first(), Visibility.HIDDEN)
    set_visibility(question, Visibility.HIDDEN, reason="Spam")
    assert not found(client, "lavender") and not found(client, "chamomile")
    assert not SearchDocument.objects.filter(source="discussions.post").exists()


def test_the_rebuild_command_indexes_everything_readers_may_see(db, library):
    SearchDocument.objects.all().delete()
    out = StringIO()

    call_command("rebuild_search_index", stdout=out)

    # The article, the solution, the condition's thread post, the question and its answer.
    assert "Indexed 5 documents." in out.getvalue()
    article = SearchDocument.objects.get(source="library.article")
    assert set(article.topics.values_list("pk", flat=True)) == {
        library["article"].topic_id,
        library["condition"].topic_id,
    }


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "chamomile*", "a:b", "(", "-", "😴"])
def test_it_survives_any_query(client: Client, library, query: str):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200


def test_an_archived_article_leaves_the_results(client: Client, db):
    article = ArticleFactory(title="Tart cherry juice", body="Cherries.")
    assert titles(client.get("/search/", {"q": "cherry"}).content.decode(), "articles")

    article.status = ArticleStatus.ARCHIVED
    article.save()

    assert not titles(client.get("/search/", {"q": "cherry"}).content.decode(), "articles")
