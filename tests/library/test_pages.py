import datetime as dt
import re

import pytest
from django.utils import timezone

from aposbook.library.models import ArticleStatus, EvidenceGrade, SolutionForm
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    EvidenceFactory,
    ReferenceFactory,
    SolutionFactory,
    UserFactory,
    VideoFactory,
    cite,
)
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

DISCLAIMER = "It is not medical advice"


@pytest.fixture
def insomnia():
    return ConditionFactory(
        name="Insomnia",
        slug="insomnia",
        summary="Trouble falling or staying asleep.",
        synonyms="Sleeplessness",
        icd10_codes="G47.0, F51.0x",
        featured=True,
    )


@pytest.fixture
def magnesium():
    solution = SolutionFactory(
        name="Magnesium",
        slug="magnesium",
        summary="A mineral the body needs for hundreds of reactions.",
        dosage="Adults often take **200–400 mg** a day.",
        side_effects="Diarrhoea at high doses.",
        interactions="Take it apart from some antibiotics.",
        avoid_if="People with kidney disease, unless a doctor advises it.",
        featured=True,
    )
    for position, name in enumerate(["Citrate", "Oxide", "Chloride", "Glycinate"]):
        SolutionForm.objects.create(solution=solution, name=name, position=position)
    return solution


@pytest.fixture
def erin_writer():
    return UserFactory(display_name="Erin Hale", credentials="MS, RD")


def test_it_ranks_solutions_on_a_condition_page_by_evidence(client, insomnia, magnesium):
    cbt = SolutionFactory(name="CBT for insomnia", slug="cbt-i", kind="practice")
    EvidenceFactory(solution=magnesium, condition=insomnia, grade=EvidenceGrade.C)
    EvidenceFactory(solution=cbt, condition=insomnia, grade=EvidenceGrade.A)

    page = client.get("/conditions/insomnia/").content.decode()

    assert page.index("CBT for insomnia") < page.index(">Magnesium<")
    assert "Consistent results from several well-designed randomised controlled" in page
    assert 'href="/solutions/magnesium/"' in page


def test_it_shows_a_condition_s_codes_synonyms_related_and_disclaimer(client, insomnia):
    anxiety = ConditionFactory(name="Anxiety", slug="anxiety")
    insomnia.related.add(anxiety)

    response = client.get("/conditions/insomnia/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Insomnia</h1>" in page
    assert "G47.0, F51.0x" in page
    assert "Sleeplessness" in page
    assert 'href="/conditions/anxiety/"' in page
    assert DISCLAIMER in page
    assert 'aria-label="Breadcrumb"' in page
    assert "<title>Insomnia: natural solutions and evidence · Aposbook</title>" in page


def test_it_returns_404_for_an_unknown_condition(client):
    assert client.get("/conditions/no-such-thing/").status_code == 404


def test_it_shows_a_solution_s_forms_dosage_safety_and_uses(client, insomnia, magnesium):
    reference = ReferenceFactory(key="abbasi-2012", pmid="23853635")
    evidence = EvidenceFactory(solution=magnesium, condition=insomnia, grade=EvidenceGrade.C)
    evidence.references.add(reference)

    page = client.get("/solutions/magnesium/").content.decode()

    for form in ["Citrate", "Oxide", "Chloride", "Glycinate"]:
        assert f"<dt>{form}</dt>" in page
    assert "<strong>200–400 mg</strong>" in page
    assert "Diarrhoea at high doses." in page
    assert "Take it apart from some antibiotics." in page
    assert "People with kidney disease" in page
    assert 'href="/conditions/insomnia/"' in page
    assert "Small, short or uncontrolled studies" in page
    assert "/leave/?to=https%3A%2F%2Fpubmed.ncbi.nlm.nih.gov%2F23853635%2F" in page


def test_it_shows_the_article_byline_in_the_agreed_format(client, erin_writer):
    ArticleFactory(
        slug="magnesium-and-sleep",
        author=erin_writer,
        published_at=dt.datetime(2016, 3, 1, tzinfo=dt.UTC),
        updated_at=dt.datetime(2017, 4, 30, 12, tzinfo=dt.UTC),
    )

    response = client.get("/articles/magnesium-and-sleep/")

    assert "Written by Erin Hale, MS, RD · Updated on 30 April 2017" in page_text(response)
    assert '<time datetime="2017-04-30T12:00:00+00:00">30 April 2017</time>' in (
        response.content.decode()
    )


def test_the_byline_links_to_the_author_s_profile_which_shows_the_credentials(client, erin_writer):
    ArticleFactory(slug="magnesium-and-sleep", title="Magnesium and sleep", author=erin_writer)
    profile = f'<a href="/members/{erin_writer.pk}/">Erin Hale, MS, RD</a>'

    article = client.get("/articles/magnesium-and-sleep/").content.decode()
    card = client.get("/library/").content.decode()

    assert f"Written by {profile}" in article
    assert f"By {profile}" in card
    page = client.get(f"/members/{erin_writer.pk}/").content.decode()
    assert "<dt>Credentials</dt><dd>MS, RD</dd>" in page
    assert 'Erin Hale <span class="badge badge-expert">Health expert</span>' in page


@pytest.mark.parametrize(
    "change",
    [{"is_active": False}, {"is_active": False, "deleted_at": timezone.now()}],
    ids=["no live account", "deleted"],
)
def test_the_byline_names_without_a_link_an_author_who_has_no_profile(client, erin_writer, change):
    reviewer = UserFactory(display_name="Sam Ortiz", credentials="MD", is_active=False)
    ArticleFactory(slug="magnesium-and-sleep", author=erin_writer, reviewer=reviewer)
    type(erin_writer).objects.filter(pk=erin_writer.pk).update(**change)

    response = client.get("/articles/magnesium-and-sleep/")

    html = response.content.decode()
    assert f'href="/members/{erin_writer.pk}/"' not in html
    assert f'href="/members/{reviewer.pk}/"' not in html
    assert "Medically reviewed by Sam Ortiz, MD" in page_text(response)
    assert client.get(f"/members/{erin_writer.pk}/").status_code == 404


def test_it_links_citations_to_the_numbered_reference_list(client, erin_writer):
    article = ArticleFactory(
        slug="magnesium-and-sleep",
        author=erin_writer,
        body="## What trials found\n\n- Sleep came sooner (1, 2, 3).\n- Fewer awakenings (2).",
    )
    cite(article, *ReferenceFactory.create_batch(3))

    page = client.get("/articles/magnesium-and-sleep/").content.decode()

    for number in (1, 2, 3):
        assert f'href="#ref-{number}"' in page
        assert f'id="ref-{number}"' in page
    assert "<ul>" in page
    assert 'href="#what-trials-found"' in page  # the table of contents
    assert "/leave/?to=https%3A%2F%2Fpubmed.ncbi.nlm.nih.gov%2F" in page


def test_it_links_each_reference_back_to_the_places_that_cite_it(client, erin_writer):
    article = ArticleFactory(
        slug="magnesium-and-sleep",
        author=erin_writer,
        body="Sleep came sooner (1, 2).\n\nFewer awakenings (2).",
    )
    cite(article, *ReferenceFactory.create_batch(3))

    page = client.get("/articles/magnesium-and-sleep/").content.decode()

    references = page[page.index('id="references"') :]
    items = dict(re.findall(r'<li id="(ref-\d)"[^>]*>(.*?)</li>', references, re.S))
    back_links = {
        ref: re.findall(r'<a href="#([^"]+)" aria-label="([^"]+)"', html)
        for ref, html in items.items()
    }
    assert back_links == {
        "ref-1": [("cite-ref-1-1", "Back to citation 1 of reference 1")],
        "ref-2": [
            ("cite-ref-2-1", "Back to citation 1 of reference 2"),
            ("cite-ref-2-2", "Back to citation 2 of reference 2"),
        ],
        "ref-3": [],  # listed, never cited in the text
    }
    for cite_id in ("cite-ref-1-1", "cite-ref-2-1", "cite-ref-2-2"):
        assert page.count(f'id="{cite_id}"') == 1


@pytest.mark.parametrize(
    ("make", "url"),
    [
        (
            lambda body: ConditionFactory(name="Insomnia", slug="insomnia", body=body),
            "/conditions/insomnia/",
        ),
        (
            lambda body: SolutionFactory(name="Insomnia", slug="insomnia", body=body),
            "/solutions/insomnia/",
        ),
        (
            lambda body: ArticleFactory(title="Insomnia", slug="insomnia", body=body),
            "/articles/insomnia/",
        ),
    ],
    ids=["condition", "solution", "article"],
)
def test_it_shows_the_title_once_and_no_comments_in_a_body(client, make, url):
    make("<!-- Note to self: check the figures. -->\n# Insomnia\n\nTrouble sleeping (1).")

    response = client.get(url)

    page = response.content.decode()
    assert "<h1>Insomnia</h1>" in page
    assert not re.search(r"<h[2-6][^>]*>Insomnia</h", page)
    assert "Trouble sleeping" in page
    assert "Note to self" not in page and "&lt;!--" not in page


def test_it_keeps_every_id_on_an_article_page_unique(client, erin_writer, magnesium):
    # Headings named like the page's own sections must not take their ids.
    headings = ["References", "Related", "Videos", "Main", "TOC title", "Feedback box"]
    article = ArticleFactory(
        slug="magnesium-and-sleep",
        author=erin_writer,
        body="\n\n".join(f"## {heading}\n\nText (1)." for heading in headings),
    )
    cite(article, ReferenceFactory())
    article.topics.add(magnesium.topic)
    article.related.add(ArticleFactory())
    VideoFactory().topics.add(magnesium.topic)

    page = client.get("/articles/magnesium-and-sleep/").content.decode()

    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert 'href="#references">References</a>' in page


def test_it_shows_related_articles_reviewer_and_videos_of_the_topics(
    client, erin_writer, magnesium
):
    reviewer = UserFactory(display_name="Sam Ortiz", credentials="MD")
    article = ArticleFactory(slug="magnesium-and-sleep", author=erin_writer, reviewer=reviewer)
    article.topics.add(magnesium.topic)
    related = ArticleFactory(title="CBT-I explained", slug="cbt-i-explained")
    article.related.add(related)
    video = VideoFactory(title="How magnesium works")
    video.topics.add(magnesium.topic)

    response = client.get("/articles/magnesium-and-sleep/")
    page = response.content.decode()

    assert "Medically reviewed by Sam Ortiz, MD" in page_text(response)
    assert 'href="/articles/cbt-i-explained/"' in page
    assert 'href="/videos/' in page and "How magnesium works" in page
    assert 'href="/solutions/magnesium/"' in page


def test_it_hides_draft_and_future_articles_from_visitors(client):
    ArticleFactory(slug="draft", status=ArticleStatus.DRAFT)
    ArticleFactory(slug="future", published_at=timezone.now() + dt.timedelta(days=3))

    assert client.get("/articles/draft/").status_code == 404
    assert client.get("/articles/future/").status_code == 404


def test_it_lets_staff_preview_a_draft(client):
    ArticleFactory(slug="draft", status=ArticleStatus.DRAFT)
    client.force_login(UserFactory(is_staff=True))

    response = client.get("/articles/draft/")

    assert response.status_code == 200
    assert "Draft: only staff can see this article." in response.content.decode()


def test_it_embeds_a_video_in_privacy_enhanced_mode(client, insomnia):
    video = VideoFactory(slug="sleep-hygiene", url="https://youtu.be/dQw4w9WgXcQ", creator="NHS")
    video.topics.add(insomnia.topic)

    page = client.get("/videos/sleep-hygiene/").content.decode()

    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page
    assert "Video by NHS" in page
    assert 'href="/conditions/insomnia/"' in page


def test_it_lists_conditions_from_a_to_z(client, insomnia):
    ConditionFactory(name="Anxiety", slug="anxiety")

    page = client.get("/conditions/").content.decode()

    assert page.index('id="letter-A"') < page.index('id="letter-I"')
    assert 'href="/conditions/insomnia/"' in page


def test_it_groups_solutions_by_kind(client, magnesium):
    SolutionFactory(name="Yoga", slug="yoga", kind="practice")

    page = client.get("/solutions/").content.decode()

    assert "Supplements</h2>" in page and "Practices</h2>" in page


def test_it_filters_the_library_by_topic_and_type(client, insomnia, magnesium):
    about_sleep = ArticleFactory(title="Sleeping better")
    about_sleep.topics.add(insomnia.topic)
    ArticleFactory(title="Magnesium forms").topics.add(magnesium.topic)
    VideoFactory(title="Sleep video").topics.add(insomnia.topic)

    page = client.get("/library/?topic=insomnia").content.decode()
    assert "Sleeping better" in page and "Sleep video" in page
    assert "Magnesium forms" not in page
    assert "<h1>Library: Insomnia</h1>" in page

    page = client.get("/library/?topic=insomnia&type=video").content.decode()
    assert "Sleep video" in page and "Sleeping better" not in page


def test_it_offers_topics_by_their_plain_names_with_slugs_as_values(client, insomnia, magnesium):
    response = client.get("/library/?topic=magnesium")

    html = response.content.decode()
    assert '<label for="id_topic">Topic</label>' in html
    assert '<label for="id_type">Show</label>' in html
    assert re.search(
        r'<optgroup label="Conditions">\s*<option value="insomnia">Insomnia</option>', html
    )
    assert re.search(
        r'<optgroup label="Natural solutions">\s*'
        r'<option value="magnesium" selected>Magnesium</option>',
        html,
    )
    assert "(condition)" not in html and "(natural solution)" not in html


def test_it_keeps_the_topic_s_slug_in_the_links_to_one_kind(client, insomnia):
    for _ in range(21):
        ArticleFactory().topics.add(insomnia.topic)
        VideoFactory().topics.add(insomnia.topic)

    page = client.get("/library/?topic=insomnia").content.decode()

    assert '<a href="?topic=insomnia&amp;type=article">All articles</a>' in page
    assert '<a href="?topic=insomnia&amp;type=video">All videos</a>' in page
    page = client.get("/library/?topic=insomnia&type=article").content.decode()
    assert 'href="?topic=insomnia&amp;type=article&amp;cursor=' in page


def test_it_tells_a_condition_from_a_solution_with_the_same_slug(client):
    condition = ConditionFactory(name="Ginger allergy", slug="ginger")
    solution = SolutionFactory(name="Ginger", slug="ginger")
    ArticleFactory(title="Allergic to ginger").topics.add(condition.topic)
    ArticleFactory(title="Ginger for nausea").topics.add(solution.topic)

    page = client.get("/library/?topic=solution:ginger").content.decode()

    assert '<option value="condition:ginger">Ginger allergy</option>' in page
    assert "Ginger for nausea" in page and "Allergic to ginger" not in page


@pytest.mark.parametrize(
    "query", ["?topic=999999&type=podcast", "?topic={old_id}", "?topic=no-such-topic"]
)
def test_it_ignores_an_invalid_or_old_library_filter_with_a_message(client, insomnia, query):
    ArticleFactory(title="Sleeping better")

    response = client.get(f"/library/{query.format(old_id=insomnia.topic.pk)}")

    assert response.status_code == 200
    page = response.content.decode()
    assert "This filter is not valid any more; showing everything." in page
    assert "Sleeping better" in page


def test_it_shows_featured_content_and_latest_articles_on_the_home_page(
    client, insomnia, magnesium
):
    ArticleFactory(title="Magnesium and sleep")

    page = client.get("/").content.decode()

    assert 'href="/conditions/insomnia/"' in page
    assert 'href="/solutions/magnesium/"' in page
    assert "Magnesium and sleep" in page
    assert "Search a health condition" in page
    assert DISCLAIMER in page


def shown_dates(html: str) -> list[tuple[str, dt.date]]:
    """Each article card's title and the "Updated on" date it shows, in page order (other
    cards, such as featured conditions, show no date and are left out)."""
    cards = re.findall(r'<li class="card">\s*<h3><a [^>]*>(.*?)</a></h3>(.*?)</li>', html, re.S)
    dates = []
    for title, rest in cards:
        text = re.sub(r"<[^>]+>", " ", rest)
        match = re.search(r"Updated on\s+(\w+ \d{1,2}, \d{4}|\d{1,2} \w+ \d{4})", text)
        if not match:
            continue
        for pattern in ("%B %d, %Y", "%d %B %Y"):
            try:
                dates.append((title, dt.datetime.strptime(match.group(1), pattern).date()))
                break
            except ValueError:
                continue
    return dates


@pytest.mark.parametrize("url", ["/", "/library/", "/conditions/insomnia/"])
def test_it_sorts_articles_by_the_date_their_cards_show(client, insomnia, url):
    now = timezone.now()
    for title, published, updated in [
        ("Published long ago, updated yesterday", 300, 1),
        ("Published last week", 7, 7),
        ("Published a month ago", 30, 30),
        ("Updated before it was published", 3, 40),
    ]:
        article = ArticleFactory(
            title=title,
            published_at=now - dt.timedelta(days=published),
            updated_at=now - dt.timedelta(days=updated),
        )
        article.topics.add(insomnia.topic)

    cards = shown_dates(client.get(url).content.decode())

    assert [title for title, _ in cards] == [
        "Published long ago, updated yesterday",
        "Updated before it was published",
        "Published last week",
        "Published a month ago",
    ]
    dates = [date for _, date in cards]
    assert dates == sorted(dates, reverse=True)


def _grow_library(count: int, condition, solution) -> None:
    """Add `count` of everything a topic page lists, all attached to the same topics."""
    for _ in range(count):
        EvidenceFactory(condition=condition).references.add(ReferenceFactory())
        EvidenceFactory(solution=solution).references.add(ReferenceFactory())
        article = ArticleFactory()
        article.topics.add(condition.topic, solution.topic)
        cite(article, ReferenceFactory())
        VideoFactory().topics.add(condition.topic, solution.topic)
        condition.related.add(ConditionFactory())


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/", 3),
        ("/conditions/", 1),
        ("/conditions/insomnia/", 6 + 2 + 1),  # threads, unanswered questions; review figures
        ("/solutions/", 1),
        # threads, questions; review figures, top reviews, members' rating for search engines
        ("/solutions/magnesium/", 6 + 2 + 3),
        ("/library/", 5),
        ("/library/?type=article", 3),
        ("/library/?topic=insomnia&type=video", 3),
        ("/articles/{article}/", 5 + 2),  # +2: latest threads, unanswered questions
        ("/videos/{video}/", 3),
    ],
)
def test_it_keeps_page_queries_flat_as_content_grows(
    client, django_assert_max_num_queries, insomnia, magnesium, url, budget
):
    for size in (2, 12):
        _grow_library(size, insomnia, magnesium)
        article = ArticleFactory()
        article.topics.add(insomnia.topic, magnesium.topic)
        cite(article, *ReferenceFactory.create_batch(size))
        article.related.add(*ArticleFactory.create_batch(size))
        video = VideoFactory()
        video.topics.add(insomnia.topic, magnesium.topic)

        with django_assert_max_num_queries(budget):
            page = url.format(article=article.slug, video=video.slug)
            response = client.get(page)
        assert response.status_code == 200
