"""People's words find their condition: everyday names, abbreviations, British spellings,
phrases, and solutions by name."""

import re
import warnings
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from aposbook.library.demo.conditions import CONDITIONS
from aposbook.library.demo.solutions import SOLUTIONS
from aposbook.library.management.commands.import_icd10 import load_icd10, read_icd10_terms
from aposbook.library.models import Condition
from aposbook.library.vocabulary import (
    EVERYDAY_NAMES_FILE,
    everyday_key,
    everyday_names,
    normalise,
)
from aposbook.search.lookup import Index, find_condition
from tests.factories import SolutionFactory

OOPS = "Oops! Condition name you have entered is invalid."

# What people type for conditions, as a new user would: written apart from the curated list,
# so many reach it only through a spelling, a plural or a missing apostrophe, and many are
# recognised by the ICD-10-CM vocabulary or our pages alone.
EVERYDAY_TERMS = [
    "heart attack", "high blood pressure", "flu", "acid reflux", "diabetes", "menopause",
    "kidney stones", "UTI", "ADHD", "COPD", "hair loss", "pink eye", "shingles",
    "high cholesterol", "diarrhoea", "can't sleep", "cant sleep", "can’t sleep",
    "trouble sleeping", "insomnia", "migraines", "headaches", "IBS", "PMS", "PMT",
    "anaemia", "haemorrhoids", "piles", "coeliac disease", "gastro-oesophageal reflux",
    "oesophagitis", "leukaemia", "tumour", "brain tumour", "oedema", "dyspnoea",
    "Crohns disease", "crohns", "Alzheimers", "Parkinsons disease", "Bells palsy",
    "athletes foot", "Downs syndrome", "Tourettes syndrome", "Aspergers",
    "asthma", "eczema", "psoriasis", "gout", "acne", "rosacea", "glaucoma", "cataracts",
    "tinnitus", "vertigo", "sciatica", "fibromyalgia", "osteoporosis", "arthritis",
    "rheumatoid arthritis", "lupus", "epilepsy", "dementia", "autism", "anxiety",
    "depression", "panic attacks", "bipolar disorder", "OCD", "PTSD", "anorexia",
    "stroke", "angina", "heart failure", "atrial fibrillation", "varicose veins", "DVT",
    "low blood pressure", "anemia", "hypothyroidism", "underactive thyroid",
    "overactive thyroid", "PCOS", "endometriosis", "period pains", "heavy periods",
    "hot flushes", "hot flashes", "morning sickness", "thrush", "cystitis",
    "bladder infection", "kidney infection", "incontinence", "enlarged prostate",
    "erectile dysfunction", "gallstones", "appendicitis", "constipation", "indigestion",
    "heartburn", "stomach ache", "tummy bug", "food poisoning", "bloating", "nausea",
    "common cold", "a cold", "sore throat", "tonsillitis", "hay fever", "sinusitis",
    "bronchitis", "pneumonia", "chest infection", "whooping cough", "covid", "long covid",
    "sleep apnoea", "snoring", "restless legs", "chronic fatigue syndrome", "tiredness",
    "back pain", "lower back pain", "neck pain", "slipped disc", "frozen shoulder",
    "tennis elbow", "carpal tunnel", "bunions", "plantar fasciitis", "joint pain",
    "chickenpox", "chicken pox", "measles", "mumps", "cold sores", "warts", "verrucas",
    "hives", "dandruff", "head lice", "scabies", "ringworm", "impetigo", "cellulitis",
    "sunburn", "dry skin", "itchy skin", "ear infections", "earwax", "glue ear",
    "conjunctivitis", "stye", "short sighted", "dry eyes", "toothache", "mouth ulcers",
    "gum disease", "bad breath", "motion sickness", "travel sickness", "dizziness",
    "fainting", "concussion", "nosebleeds", "hiccups", "fever", "dehydration",
    "obesity", "overweight", "lactose intolerance", "gluten intolerance",
    "type 2 diabetes", "type 1 diabetes", "prediabetes", "gestational diabetes",
    "breast cancer", "prostate cancer", "bowel cancer", "skin cancer", "leukemia",
    "glandular fever", "Lyme disease", "HIV", "chlamydia", "gonorrhoea", "sepsis",
    "hepatitis C", "fatty liver", "cirrhosis", "kidney failure", "chronic kidney disease",
    "colour blindness", "lazy eye", "squint", "hearing loss", "nappy rash", "colic",
    "teething", "croup", "scarlet fever", "hand foot and mouth", "threadworms",
    "stress", "burnout", "low mood", "seasonal affective disorder", "memory loss",
]  # fmt: skip
NOT_CONDITIONS = [
    "xyzzy", "banana", "car insurance", "football", "hello", "weather tomorrow", "pizza",
    "London", "laptop", "1234", "asdf", "how to cook rice", "music", "holiday",
]  # fmt: skip


def demo_index() -> Index:
    """The index a site with the demo library and the whole ICD-10-CM vocabulary holds,
    built without a database: the recognition rate does not depend on one."""
    conditions, terms = [], []
    for pk, condition in enumerate(CONDITIONS, start=1):
        conditions.append(
            (
                pk,
                condition["name"],
                condition["slug"],
                condition["summary"],
                condition["icd10_codes"],
            )
        )
        for term in [condition["name"], *condition["synonyms"]]:
            terms.append((pk, term, normalise(term)))
    vocabulary = [
        (code, term, values.key, source) for (code, source, term), values in read_icd10_terms([])
    ]
    solutions = [(pk, item["name"], item["slug"]) for pk, item in enumerate(SOLUTIONS, start=1)]
    return Index(conditions, terms, vocabulary, solutions=solutions, everyday=everyday_names())


@pytest.fixture(scope="module")
def full_index() -> Index:
    return demo_index()


def recognised(index: Index, term: str) -> bool:
    result = find_condition(term, index=index)
    return bool(result.page_url or result.recognised)


def test_it_recognises_at_least_95_percent_of_everyday_condition_names(full_index) -> None:
    assert len(EVERYDAY_TERMS) >= 100
    missed = [term for term in EVERYDAY_TERMS if not recognised(full_index, term)]

    rate = 1 - len(missed) / len(EVERYDAY_TERMS)
    print(f"\nEveryday condition names recognised: {rate:.1%} of {len(EVERYDAY_TERMS)}")
    assert rate >= 0.95, f"not recognised: {missed}"


@pytest.mark.parametrize("query", NOT_CONDITIONS)
def test_it_still_calls_what_is_not_a_condition_invalid(full_index, query: str) -> None:
    result = find_condition(query, index=full_index)

    assert not result.page_url
    assert not result.recognised


def test_the_broad_term_wins_over_narrower_ones(full_index) -> None:
    result = find_condition("diabetes", index=full_index)

    assert result.recognised.term == "Diabetes"
    assert result.recognised.code == "E08–E13"


def test_a_name_we_cover_goes_straight_to_our_page(full_index) -> None:
    assert find_condition("trouble sleeping", index=full_index).page_url == "/conditions/insomnia/"
    assert find_condition("can't sleep", index=full_index).page_url == "/conditions/insomnia/"
    assert find_condition("Lumbago", index=full_index).page_url == "/conditions/low-back-pain/"
    assert (
        find_condition("IBS", index=full_index).page_url == "/conditions/irritable-bowel-syndrome/"
    )


@pytest.mark.parametrize(
    ("query", "address"),
    [
        ("melatonin", "/solutions/melatonin/"),
        ("Valerian", "/solutions/valerian/"),
        ("CBT-I", "/solutions/cbt-i/"),
        ("cbti", "/solutions/cbt-i/"),
        ("Cognitive behavioural therapy for insomnia", "/solutions/cbt-i/"),
        ("curcumin", "/solutions/turmeric/"),
        ("fish oil", "/solutions/omega-3/"),
        ("St Johns wort", "/solutions/st-johns-wort/"),
    ],
)
def test_it_sends_a_solution_by_name_to_its_page(full_index, query: str, address: str) -> None:
    assert find_condition(query, index=full_index).page_url == address


# -- the curated list ----------------------------------------------------------------------


def test_every_everyday_name_means_a_code_of_the_icd10cm_edition_we_import() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        cm = load_icd10()
    names = everyday_names()

    assert len(names) >= 500
    invalid = {name.code for name in names if not all(map(cm.is_valid_item, name.code.split("-")))}
    assert not invalid


def test_no_everyday_name_means_two_things() -> None:
    meanings = defaultdict(set)
    for name in everyday_names():
        meanings[everyday_key(name.name)].add(name.code)

    assert {key: codes for key, codes in meanings.items() if len(codes) > 1} == {}


def test_the_list_has_british_and_american_spellings_and_abbreviations() -> None:
    text = EVERYDAY_NAMES_FILE.read_text(encoding="utf-8")

    for name in ["Haemorrhoids", "Hemorrhoids", "Goitre", "Goiter", "GORD", "GERD"]:
        assert re.search(rf"[\t|] ?{name}( \||$)", text, re.M), name
    for abbreviation in ["UTI", "IBS", "ADHD", "COPD", "PMS"]:
        assert re.search(rf"[\t|] ?{abbreviation}( \||$)", text, re.M), abbreviation


# -- through the pages, with the database --------------------------------------------------


@pytest.fixture
def diabetes_vocabulary(db) -> None:
    call_command(
        "import_icd10", only="E08,E09,E10,E11,E13,E23,R19,G47", no_progress=True, stdout=StringIO()
    )


def did_you_mean(html: str) -> list[str]:
    section = re.search(r'aria-labelledby="did-you-mean-heading">(.*?)</section>', html, re.S)
    return re.findall(r'<li><a href="([^"]+)"', section[1]) if section else []


def closest(html: str) -> list[str]:
    section = re.search(r'aria-labelledby="closest-heading">(.*?)</section>', html, re.S)
    return re.findall(r'<li><a href="([^"]+)"', section[1]) if section else []


def suggested(html: str) -> list[str]:
    return re.findall(r'<a role="option"[^>]* href="([^"]+)"', html)


def test_it_says_diabetes_is_the_diabetes_range_and_offers_our_page_first(
    client: Client, diabetes_vocabulary
) -> None:
    Condition.objects.create(
        name="Type 2 diabetes",
        slug="type-2-diabetes",
        summary="High blood sugar.",
        icd10_codes="E11",
    )
    Condition.objects.create(
        name="Thirst", slug="thirst", summary="Wanting to drink.", icd10_codes="R63.1"
    )

    html = client.get("/search/", {"q": "Diabetes"}).content.decode()

    assert (
        "“Diabetes” is a recognised condition (ICD-10-CM E08–E13), "
        "but we do not have a page about it yet." in html
    )
    assert closest(html)[0] == "/conditions/type-2-diabetes/"
    assert "Diabetes insipidus" not in html
    assert OOPS not in html


def test_it_suggests_the_broad_everyday_name_before_narrower_terms(
    client: Client, diabetes_vocabulary
) -> None:
    links = suggested(client.get("/search/suggest/", {"q": "diabe"}).content.decode())

    assert links[0] == "/search/?q=Diabetes"
    assert links.index("/search/?q=Diabetes") < links.index("/search/?q=Diabetes+insipidus")


def test_it_offers_the_broad_name_for_a_typo(client: Client, diabetes_vocabulary) -> None:
    html = client.get("/search/", {"q": "diabetis"}).content.decode()

    assert OOPS in html
    assert did_you_mean(html)[0] == "/search/?q=Diabetes"


def test_a_synonym_of_our_page_goes_straight_to_it(client: Client, diabetes_vocabulary) -> None:
    Condition.objects.create(
        name="Type 2 diabetes",
        slug="type-2-diabetes",
        summary="High blood sugar.",
        synonyms="Diabetes",
        icd10_codes="E11",
    )

    assert client.get("/search/", {"q": "diabetes"})["Location"] == "/conditions/type-2-diabetes/"


@pytest.mark.parametrize(
    "query", ["can't sleep", "CAN’T SLEEP", "cant sleep", "Trouble sleeping", "unable to sleep"]
)
def test_a_phrase_reaches_the_condition_it_means(client: Client, db, query: str) -> None:
    Condition.objects.create(
        name="Insomnia", slug="insomnia", summary="Poor sleep.", icd10_codes="G47.0, F51.0x"
    )

    assert client.get("/search/", {"q": query})["Location"] == "/conditions/insomnia/"


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("UTI", "“UTI” is a recognised condition (ICD-10-CM N39.0)"),
        ("adhd", "“ADHD” is a recognised condition (ICD-10-CM F90)"),
        ("COPD", "“COPD” is a recognised condition (ICD-10-CM J44.9)"),
        ("PMS", "“PMS” is a recognised condition (ICD-10-CM N94.3)"),
        ("heart attack", "“Heart attack” is a recognised condition (ICD-10-CM I21)"),
        ("Kidney stone", "“Kidney stone” is a recognised condition (ICD-10-CM N20.0)"),
        ("ear infections", "“Ear infection” is a recognised condition (ICD-10-CM H66.9)"),
        ("diarrhoea", "” is a recognised condition (ICD-10-CM R19.7)"),
    ],
)
def test_it_recognises_everyday_names_abbreviations_and_spellings(
    client: Client, diabetes_vocabulary, query: str, said: str
) -> None:
    html = client.get("/search/", {"q": query}).content.decode()

    assert said in html
    assert OOPS not in html


def test_it_offers_our_closest_condition_for_an_everyday_name(client: Client, db) -> None:
    Condition.objects.create(
        name="Insomnia", slug="insomnia", summary="Poor sleep.", icd10_codes="G47.0"
    )

    html = client.get("/search/", {"q": "jet lag"}).content.decode()

    assert "“Jet lag” is a recognised condition (ICD-10-CM G47.25)" in html
    assert closest(html) == ["/conditions/insomnia/"]


def test_it_sends_solutions_by_name_to_their_pages(client: Client, db) -> None:
    SolutionFactory(name="Melatonin", slug="melatonin")
    SolutionFactory(name="Cognitive behavioural therapy for insomnia (CBT-I)", slug="cbt-i")

    assert client.get("/search/", {"q": "Melatonin"})["Location"] == "/solutions/melatonin/"
    assert client.get("/search/", {"q": "CBT-I"})["Location"] == "/solutions/cbt-i/"
    assert client.get("/search/", {"q": "cbti"})["Location"] == "/solutions/cbt-i/"


def test_it_sees_a_new_solution_at_once(client: Client, db) -> None:
    assert OOPS in client.get("/search/", {"q": "Valerian"}).content.decode()

    SolutionFactory(name="Valerian", slug="valerian")

    assert client.get("/search/", {"q": "Valerian"})["Location"] == "/solutions/valerian/"


def test_it_suggests_solutions_and_everyday_names_as_you_type(client: Client, db) -> None:
    SolutionFactory(name="Melatonin", slug="melatonin")

    solutions = client.get("/search/suggest/", {"q": "melat"}).content.decode()
    names = client.get("/search/suggest/", {"q": "heart att"}).content.decode()

    assert suggested(solutions) == ["/solutions/melatonin/"]
    assert (
        'class="has-page">Melatonin <span class="suggestion-detail">Natural solution' in solutions
    )
    assert suggested(names) == ["/search/?q=Heart+attack"]
    assert 'Heart attack <span class="suggestion-detail">ICD-10-CM I21</span>' in names


def test_its_everyday_suggestion_leads_to_our_page_when_we_have_one(client: Client, db) -> None:
    Condition.objects.create(
        name="Insomnia", slug="insomnia", summary="Poor sleep.", icd10_codes="G47.0"
    )

    html = client.get("/search/suggest/", {"q": "can't sl"}).content.decode()

    assert suggested(html) == ["/conditions/insomnia/"]
    assert 'Insomnia <span class="suggestion-detail">Can&#x27;t sleep</span>' in html


def test_it_recognises_a_term_written_in_another_order(client: Client, db) -> None:
    call_command("import_icd10", only="M25", no_progress=True, stdout=StringIO())

    html = client.get("/search/", {"q": "knee pain"}).content.decode()

    assert "“Pain in knee” is a recognised condition (ICD-10-CM M25.56)" in html
    assert OOPS in client.get("/search/", {"q": "knee pain banana"}).content.decode()
