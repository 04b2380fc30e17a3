import hashlib
import json
import re
from io import StringIO

import pytest
import simple_icd_10_cm as cm
from django.apps import apps
from django.core.management import call_command

from aposbook.accounts.models import User
from aposbook.lib.video import parse_video_url
from aposbook.library.demo.loader import REFERENCES_FILE, load_demo
from aposbook.library.models import (
    Article,
    Condition,
    Reference,
    Solution,
    SolutionForCondition,
    Video,
    VocabularyTerm,
)

CITATION = re.compile(r"\((\d+(?:\s*,\s*\d+)*)\)")
NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?!\w)")
LIST_MARKER = re.compile(r"^\s*\d+\.\s", re.MULTILINE)
POOLED = re.compile(
    r"meta-analysis|pooling|pooled|across \w+ [\w -]*trials|\d+ [\w -]*trials", re.I
)
CONTROLLED = re.compile(r"\b(trials?|placebo|randomi[sz]ed)\b", re.I)
DEMO_EMAILS = "@demo.aposbook.com"


@pytest.fixture
def demo(db) -> None:
    load_demo()


def snapshot() -> dict[str, list[dict]]:
    """Every row of every library table (through tables included) and of the demo users."""
    rows = {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("library").get_models(include_auto_created=True)
    }
    demo_users = User.objects.filter(email__endswith=DEMO_EMAILS).order_by("pk")
    rows["accounts.User"] = list(demo_users.values())
    return rows


def test_it_loads_at_least_the_promised_library(demo):
    assert Condition.objects.count() >= 12
    assert Solution.objects.count() >= 15
    assert Article.objects.published().count() >= 8
    assert Video.objects.published().count() >= 4
    assert SolutionForCondition.objects.count() >= 19


def test_it_gives_magnesium_its_forms(demo):
    forms = " ".join(Solution.objects.get(slug="magnesium").forms.values_list("name", flat=True))
    for form in ["citrate", "oxide", "chloride", "glycinate"]:
        assert form in forms.lower()


def test_it_publishes_magnesium_and_sleep_by_a_registered_dietitian(demo):
    article = Article.objects.get(slug="magnesium-and-sleep")
    assert article.is_published
    assert article.author.credentials == "MS, RD"
    assert article.author.is_expert
    assert "<ul>" in article.body_html or "<ol>" in article.body_html
    assert 'href="#ref-1"' in article.body_html
    assert article.article_references.count() >= 3
    assert article.related.exists()


def test_it_links_the_magnesium_and_sleep_references_to_pubmed(demo):
    article = Article.objects.get(slug="magnesium-and-sleep")
    studies = [row.reference for row in article.article_references.all() if row.reference.pmid]
    assert len(studies) >= 3
    assert all(ref.link.startswith("https://pubmed.ncbi.nlm.nih.gov/") for ref in studies)


def test_it_uses_only_the_checked_references(demo):
    checked = {item["key"] for item in json.loads(REFERENCES_FILE.read_text(encoding="utf-8"))}
    for reference in Reference.objects.all():
        assert reference.key in checked
        if reference.key == "nih-ods-magnesium":
            assert reference.url.startswith("https://ods.od.nih.gov/")
        else:
            assert reference.pmid or reference.doi, reference.key
        reference.clean()


def test_it_backs_every_evidence_link_with_a_reference(demo):
    for evidence in SolutionForCondition.objects.all():
        assert evidence.references.exists(), evidence


def test_it_cites_only_numbers_each_article_lists_and_cites_them_all(demo):
    for article in Article.objects.all():
        cited = {
            int(number) for group in CITATION.findall(article.body) for number in group.split(",")
        }
        numbers = set(article.article_references.values_list("number", flat=True))
        assert cited == numbers == set(range(1, len(numbers) + 1)), article.slug


def figures(text: str) -> set[str]:
    """The numbers in a text ("1,162", "0.58", "17"), not those inside words like CYP3A4."""
    return set(NUMBER.findall(LIST_MARKER.sub("", CITATION.sub("", text))))


def test_it_takes_every_figure_of_a_cited_paragraph_from_the_cited_findings(demo):
    for article in Article.objects.prefetch_related("article_references__reference"):
        findings = {row.number: row.reference.finding for row in article.article_references.all()}
        for paragraph in article.body.split("\n\n"):
            cited = {int(n) for group in CITATION.findall(paragraph) for n in group.split(",")}
            sources = " ".join(findings[number] for number in cited)
            if cited:
                assert figures(paragraph) <= figures(sources), (article.slug, paragraph)


def test_it_takes_every_figure_of_an_evidence_summary_from_its_references(demo):
    for evidence in SolutionForCondition.objects.prefetch_related("references"):
        sources = " ".join(reference.finding for reference in evidence.references.all())
        assert figures(evidence.summary) <= figures(sources), evidence


def test_it_takes_every_figure_of_a_solution_from_the_references_of_its_evidence(demo):
    """A solution's figures come from what its evidence or its articles cite."""
    for solution in Solution.objects.prefetch_related("evidence__references"):
        cited_by_articles = Reference.objects.filter(articles__topics=solution.topic)
        sources = " ".join(
            [reference.finding for reference in cited_by_articles]
            + [
                reference.finding
                for evidence in solution.evidence.all()
                for reference in evidence.references.all()
            ]
        )
        text = " ".join([solution.summary, solution.body, solution.dosage])
        assert figures(text) <= figures(sources), solution


def test_it_grades_evidence_no_higher_than_its_references_allow(demo):
    """EVIDENCE_RULES: an A rests on pooled or several trials, a B on at least one trial."""
    for evidence in SolutionForCondition.objects.prefetch_related("references"):
        findings = [reference.finding for reference in evidence.references.all()]
        if evidence.grade == "A":
            assert any(POOLED.search(finding) for finding in findings), evidence
        if evidence.grade in {"A", "B"}:
            assert any(CONTROLLED.search(finding) for finding in findings), evidence


def test_it_keeps_every_article_between_400_and_900_words(demo):
    for article in Article.objects.all():
        assert 400 <= len(article.body.split()) <= 900, article.slug


def test_it_uses_only_valid_icd10_codes(demo):
    for condition in Condition.objects.all():
        for code in condition.code_list:
            assert cm.is_valid_item(code.rstrip("xX")), f"{condition}: {code}"


def test_it_uses_only_youtube_or_vimeo_addresses(demo):
    for video in Video.objects.all():
        assert parse_video_url(video.url).provider in {"youtube", "vimeo"}
        assert video.topics.exists()


def test_it_makes_demo_experts_who_cannot_sign_in(demo):
    people = User.objects.filter(email__endswith=DEMO_EMAILS)
    assert people.count() >= 2
    for person in people:
        assert person.is_expert
        assert not person.has_usable_password()


def test_the_demo_experts_profiles_are_public_like_the_bylines_say(demo, client):
    for person in User.objects.filter(email__endswith=DEMO_EMAILS):
        assert person.has_verified_email
        assert client.get(f"/members/{person.pk}/").status_code == 200


def test_it_changes_nothing_when_loaded_twice(demo):
    before = snapshot()
    summary = load_demo()
    assert summary.changed == 0
    assert snapshot() == before


def test_it_leaves_the_vocabulary_alone(db):
    VocabularyTerm.objects.create(
        code="G47.00", term="Insomnia", key="insomnia", source=VocabularyTerm.Source.DESCRIPTION
    )
    load_demo()
    assert VocabularyTerm.objects.count() == 1


def test_it_reports_what_it_created_then_that_nothing_changed(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert f"Conditions: {Condition.objects.count()} created" in out.getvalue()
    assert "Demo library loaded." in out.getvalue()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()
    assert "Demo library already up to date." in out.getvalue()


# The checked list of references (shared/data/references.json), copied byte for byte: a health
# site never invents a citation, so references are added there, checked, then copied here.
CHECKED_REFERENCES_SHA256 = "e3887cda0a3fceab742986d59d23ad4dbddd98bf9721bd2516762a5c13e43a49"


def test_it_cites_only_the_checked_list_of_references():
    digest = hashlib.sha256(REFERENCES_FILE.read_bytes()).hexdigest()

    assert digest == CHECKED_REFERENCES_SHA256
