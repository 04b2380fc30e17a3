import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from aposbook.library.models import Condition, VocabularyTerm

OOPS = "Oops! Condition name you have entered is invalid."


@pytest.fixture
def vocabulary(db) -> None:
    call_command("import_icd10", only="G47,F51,G43,F41", no_progress=True, stdout=StringIO())


@pytest.fixture
def insomnia(db) -> Condition:
    return Condition.objects.create(
        name="Insomnia",
        slug="insomnia",
        summary="Trouble falling or staying asleep.",
        synonyms="Sleeplessness",
        icd10_codes="G47.0, F51.0x",
    )


@pytest.fixture
def conditions(vocabulary, insomnia) -> list[Condition]:
    migraine = Condition.objects.create(
        name="Migraine",
        slug="migraine",
        summary="Recurring headaches, often with nausea.",
        icd10_codes="G43.9",
    )
    anxiety = Condition.objects.create(
        name="Anxiety",
        slug="anxiety",
        summary="Worry that is hard to control.",
        synonyms="Generalised anxiety disorder",
        icd10_codes="F41.1",
    )
    return [insomnia, migraine, anxiety]


def did_you_mean(html: str) -> list[str]:
    """The addresses of the "Did you mean" links, in order."""
    section = re.search(r'aria-labelledby="did-you-mean-heading">(.*?)</section>', html, re.S)
    return re.findall(r'<li><a href="([^"]+)"', section[1]) if section else []


def closest(html: str) -> list[str]:
    section = re.search(r'aria-labelledby="closest-heading">(.*?)</section>', html, re.S)
    return re.findall(r'<li><a href="([^"]+)"', section[1]) if section else []


@pytest.mark.parametrize(
    "query",
    ["Insomnia", "insomnia", "  INSOMNIA ", "Sleeplessness", "sleeplessness"],
)
def test_it_sends_a_name_or_synonym_straight_to_the_condition(
    client: Client, conditions, query: str
) -> None:
    response = client.get("/search/", {"q": query})

    assert response.status_code == 302
    assert response["Location"] == "/conditions/insomnia/"


@pytest.mark.parametrize(
    "query", ["G47.0", "g47.0", "G470", "G47 0", "G47.00", "g47.09", "F51.0x", "F51.0", "F51.01"]
)
def test_it_sends_a_code_or_a_code_under_it_straight_to_the_condition(
    client: Client, conditions, query: str
) -> None:
    response = client.get("/search/", {"q": query})

    assert response.status_code == 302
    assert response["Location"] == "/conditions/insomnia/"


@pytest.mark.parametrize("query", ["Insomnia NOS", "Primary insomnia", "insomnia, unspecified"])
def test_it_sends_an_icd_term_under_a_condition_code_to_that_condition(
    client: Client, conditions, query: str
) -> None:
    response = client.get("/search/", {"q": query})

    assert response["Location"] == "/conditions/insomnia/"


def test_it_works_with_an_empty_database(client: Client, db) -> None:
    assert OOPS in client.get("/search/", {"q": "xyzzy"}).content.decode()
    # Our everyday names ship with the code, so they are known before any import.
    assert "(ICD-10-CM G47.0)" in client.get("/search/", {"q": "insomnia"}).content.decode()
    assert client.get("/search/suggest/", {"q": "insomnia"}).status_code == 200


def test_it_works_without_the_vocabulary_imported(client: Client, insomnia) -> None:
    assert client.get("/search/", {"q": "G47.00"})["Location"] == "/conditions/insomnia/"
    assert client.get("/search/", {"q": "can't sleep"})["Location"] == "/conditions/insomnia/"
    assert OOPS in client.get("/search/", {"q": "Migraine with aura"}).content.decode()


@pytest.mark.parametrize("query", ["Migraine with aura", "migraine with aura", "G43.1", "g431"])
def test_it_says_a_recognised_condition_has_no_page_yet(
    client: Client, conditions, query: str
) -> None:
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "“Migraine with aura” is a recognised condition (ICD-10-CM G43.1), "
        "but we do not have a page about it yet." in html
    )
    assert closest(html) == ["/conditions/migraine/"]
    assert OOPS not in html


def test_it_offers_conditions_in_the_same_category_first_then_by_name(
    client: Client, conditions
) -> None:
    Condition.objects.create(name="Panic attacks", slug="panic-attacks", summary="Sudden fear.")

    response = client.get("/search/", {"q": "Panic disorder"})

    html = response.content.decode()
    assert "“Panic disorder [episodic paroxysmal anxiety]” is a recognised condition" in html
    assert "(ICD-10-CM F41.0)" in html
    assert closest(html) == ["/conditions/anxiety/", "/conditions/panic-attacks/"]


def test_it_offers_the_closest_condition_for_a_recognised_code(client: Client, conditions) -> None:
    response = client.get("/search/", {"q": "Sleep apnea"})

    html = response.content.decode()
    assert "“Sleep apnea” is a recognised condition (ICD-10-CM G47.3)" in html
    assert closest(html) == ["/conditions/insomnia/"]
    assert "Trouble falling or staying asleep." in html


@pytest.mark.parametrize(
    ("typo", "address"),
    [
        ("insomina", "/conditions/insomnia/"),
        ("migrane", "/conditions/migraine/"),
        ("anxeity", "/conditions/anxiety/"),
        ("Insomnya", "/conditions/insomnia/"),
        ("sleeplesness", "/conditions/insomnia/"),
    ],
)
def test_it_suggests_the_condition_a_typo_means(
    client: Client, conditions, typo: str, address: str
) -> None:
    response = client.get("/search/", {"q": typo})

    assert response.status_code == 200
    html = response.content.decode()
    assert OOPS in html
    links = did_you_mean(html)
    assert links[0] == address
    assert len(links) <= 5


def test_it_suggests_icd_terms_without_a_page_after_our_conditions(
    client: Client, conditions
) -> None:
    response = client.get("/search/", {"q": "hypersomina"})

    links = did_you_mean(response.content.decode())
    assert links[0] == "/search/?q=Hypersomnia"


def test_it_corrects_each_word_of_a_longer_query(client: Client, conditions) -> None:
    response = client.get("/search/", {"q": "migrane withh aura"})

    assert "/search/?q=Migraine+with+aura" in did_you_mean(response.content.decode())


def test_it_says_an_unknown_name_is_invalid(client: Client, conditions) -> None:
    response = client.get("/search/", {"q": "xyzzy"})

    assert response.status_code == 200
    html = response.content.decode()
    assert OOPS in html
    assert len(did_you_mean(html)) <= 5
    assert "<title>Search results for “xyzzy” · Aposbook</title>" in html
    assert "<h1>Search results for “xyzzy”</h1>" in html
    assert '<li aria-current="page">Search</li>' in html
    assert 'href="/conditions/"' in html


JUNK = [
    ("", ""),
    ("   ", ""),
    ("qz;;vx!!" * 25, ("qz;;vx!!" * 25)[:200]),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("' OR 1=1; DROP TABLE x; --", "&#x27; OR 1=1; DROP TABLE x; --"),
    ('"><img src=x onerror=alert(1)>', "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
    ("😴🤯💤", "😴🤯💤"),
    ("ž" * 10_000, "ž" * 200),
    ("xy\x00zzy", "xy zzy"),
    ("\x00", ""),
    ("%00%27", "%00%27"),
]


@pytest.mark.parametrize(("query", "kept"), JUNK)
def test_it_answers_junk_with_the_invalid_message_and_keeps_the_input_escaped(
    client: Client, conditions, query: str, kept: str
) -> None:
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert OOPS in html
    assert f'id="page-search-q" type="text" name="q" value="{kept}"' in html
    assert 'id="header-search-q"' not in html  # one box on the search page, not two
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert VocabularyTerm.objects.exists()


def test_it_asks_for_a_name_when_the_box_was_empty(client: Client, conditions) -> None:
    html = client.get("/search/").content.decode()

    assert "Please enter a condition name." in html
    assert OOPS in html
    assert "<h1>Search a health condition</h1>" in html


def test_it_cuts_very_long_input_to_200_characters(client: Client, conditions) -> None:
    html = client.get("/search/", {"q": "insomnia " + "z" * 10_000}).content.decode()

    assert OOPS in html
    assert 'value="insomnia ' + "z" * 191 + '"' in html


def test_its_search_box_suggests_as_you_type_and_works_without_javascript(
    client: Client, conditions
) -> None:
    html = client.get("/search/", {"q": "xyzzy"}).content.decode()

    assert '<form class="search-box" role="search" action="/search/" method="get">' in html
    assert '<label for="page-search-q" class="visually-hidden">Search a health condition' in html
    assert 'data-hx-get="/search/suggest/"' in html
    assert 'data-hx-trigger="input changed delay:200ms, search"' in html
    assert 'data-hx-target="#page-search-suggestions"' in html
    assert (
        '<div id="page-search-suggestions" class="search-suggestions" aria-live="polite">' in html
    )


def suggested_links(html: str) -> list[str]:
    """The addresses of the suggestions, in order: each one an option of the list."""
    return re.findall(r'<a role="option"[^>]* href="([^"]+)"', html)


def test_it_marks_the_search_box_and_its_suggestions_for_assistive_technology(
    client: Client, conditions
) -> None:
    page = client.get("/search/", {"q": "xyzzy"}).content.decode()
    suggestions = client.get("/search/suggest/", {"q": "migr"}).content.decode()

    box = re.search(r'<input id="page-search-q"[^>]*>', page).group()
    for attribute in (
        'role="combobox"',
        'aria-autocomplete="list"',
        'aria-expanded="false"',
        'aria-controls="page-search-suggestions"',
    ):
        assert attribute in box
    assert '<div class="suggestion-list" role="listbox" aria-label="Suggestions for “migr”">' in (
        suggestions
    )
    options = re.findall(r'<a role="option" aria-selected="false" tabindex="-1" href=', suggestions)
    assert len(options) == len(suggested_links(suggestions)) > 1
    assert '<script src="/static/js/search-suggestions.js" defer></script>' in page
    assert "<script>" not in page


def test_it_suggests_conditions_then_icd_terms_as_you_type(client: Client, conditions) -> None:
    response = client.get("/search/suggest/", {"q": "migr"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    html = response.content.decode()
    links = suggested_links(html)
    assert links[0] == "/conditions/migraine/"
    assert "/search/?q=Migraine+with+aura" in links
    assert len(links) <= 8
    assert "suggestions for “migr”" in html
    assert "<html" not in html


def test_it_suggests_a_condition_once_for_all_the_terms_under_its_codes(
    client: Client, conditions
) -> None:
    html = client.get("/search/suggest/", {"q": "insom"}).content.decode()

    links = suggested_links(html)
    assert links == ["/conditions/insomnia/"]


def test_it_suggests_from_a_synonym_and_names_it(client: Client, conditions) -> None:
    html = client.get("/search/suggest/", {"q": "sleeple"}).content.decode()

    assert (
        'href="/conditions/insomnia/" class="has-page">Insomnia '
        '<span class="suggestion-detail">Sleeplessness</span></a>' in html
    )


def test_it_suggests_codes_as_you_type(client: Client, conditions) -> None:
    html = client.get("/search/suggest/", {"q": "G47.0"}).content.decode()

    links = suggested_links(html)
    assert links[0] == "/conditions/insomnia/"
    assert "G47.00 Insomnia, unspecified" in html


def test_it_suggests_despite_a_typo(client: Client, conditions) -> None:
    html = client.get("/search/suggest/", {"q": "migrane"}).content.decode()

    assert suggested_links(html)[0] == "/conditions/migraine/"


@pytest.mark.parametrize("query", ["", "i", "<script>", "xyzzy", "\x00", "z" * 10_000])
def test_its_suggestions_never_fail_and_stay_escaped(
    client: Client, conditions, query: str
) -> None:
    response = client.get("/search/suggest/", {"q": query})

    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_it_sees_new_conditions_and_codes_at_once(client: Client, conditions) -> None:
    assert client.get("/search/", {"q": "Sleep apnea"}).status_code == 200

    Condition.objects.create(
        name="Sleep apnoea", slug="sleep-apnoea", summary="Breathing stops.", icd10_codes="G47.3"
    )

    assert client.get("/search/", {"q": "Sleep apnea"})["Location"] == "/conditions/sleep-apnoea/"
    assert client.get("/search/", {"q": "G47.33"})["Location"] == "/conditions/sleep-apnoea/"


def test_it_sees_a_renamed_condition_at_once(client: Client, conditions) -> None:
    assert client.get("/search/", {"q": "insomnia"}).status_code == 302
    insomnia = conditions[0]
    insomnia.slug = "sleeplessness"
    insomnia.synonyms = "Wakefulness"
    insomnia.save()

    assert client.get("/search/", {"q": "insomnia"})["Location"] == "/conditions/sleeplessness/"
    assert client.get("/search/", {"q": "wakefulness"})["Location"] == "/conditions/sleeplessness/"
    insomnia.synonyms = ""
    insomnia.save()
    assert client.get("/search/", {"q": "wakefulness"}).status_code == 200


def test_it_sees_a_new_import_at_once(client: Client, conditions) -> None:
    assert OOPS in client.get("/search/", {"q": "Essential hypertension"}).content.decode()

    call_command("import_icd10", only="I10", no_progress=True, stdout=StringIO())

    html = client.get("/search/", {"q": "Essential hypertension"}).content.decode()
    assert "“Essential (primary) hypertension” is a recognised condition (ICD-10-CM I10)" in html


@pytest.mark.parametrize(
    "query", ["Insomnia", "G47.00", "Migraine with aura", "insomina", "xyzzy", ""]
)
def test_its_search_page_runs_a_fixed_number_of_queries(
    client: Client, conditions, django_assert_max_num_queries, query: str
) -> None:
    for number in range(10):
        Condition.objects.create(name=f"Condition {number}", slug=f"c-{number}", summary=".")

    # One signature query, four to build the index; then the full-text counts and the
    # filter's topics (tests/search/test_everything.py counts the full-text results).
    with django_assert_max_num_queries(7):
        client.get("/search/", {"q": query})
    with django_assert_max_num_queries(3):  # the index is built: the signature only
        client.get("/search/", {"q": query})


@pytest.mark.parametrize("query", ["ins", "G47", "migrane", ""])
def test_its_suggestions_run_a_fixed_number_of_queries(
    client: Client, conditions, django_assert_max_num_queries, query: str
) -> None:
    with django_assert_max_num_queries(5):
        client.get("/search/suggest/", {"q": query})
    with django_assert_max_num_queries(1):
        client.get("/search/suggest/", {"q": query})
