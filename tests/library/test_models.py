import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from aposbook.lib.video import parse_video_url
from aposbook.library.models import (
    ConditionTerm,
    EvidenceGrade,
    SolutionForCondition,
    Topic,
    TopicKind,
    Video,
)
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    EvidenceFactory,
    ReferenceFactory,
    SolutionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_it_gives_every_condition_solution_and_article_a_topic():
    condition = ConditionFactory(name="Insomnia", slug="insomnia")
    solution = SolutionFactory(name="Magnesium", slug="magnesium")
    article = ArticleFactory(title="Magnesium and sleep", slug="magnesium-and-sleep")

    assert (condition.topic.kind, condition.topic.title) == (TopicKind.CONDITION, "Insomnia")
    assert (solution.topic.kind, solution.topic.slug) == (TopicKind.SOLUTION, "magnesium")
    assert article.topic.get_absolute_url() == "/articles/magnesium-and-sleep/"


def test_it_keeps_the_topic_in_step_when_a_condition_is_renamed():
    condition = ConditionFactory(name="Sleeplesness", slug="sleeplesness")

    condition.name, condition.slug = "Insomnia", "insomnia"
    condition.save()

    topic = Topic.objects.get(pk=condition.topic_id)
    assert (topic.title, topic.slug) == ("Insomnia", "insomnia")


def test_it_removes_the_topic_with_its_condition():
    condition = ConditionFactory()
    topic_id = condition.topic_id

    condition.delete()

    assert not Topic.objects.filter(pk=topic_id).exists()


def test_it_indexes_a_condition_s_name_synonyms_and_codes_for_search():
    condition = ConditionFactory(
        name="Insomnia", synonyms="Sleeplessness\n\nTrouble sleeping", icd10_codes="G47.0, F51.0x"
    )

    keys = set(ConditionTerm.objects.filter(condition=condition).values_list("key", flat=True))

    assert keys == {"insomnia", "sleeplessness", "trouble sleeping", "g47 0", "f51 0"}


def test_it_drops_search_terms_a_condition_no_longer_has():
    condition = ConditionFactory(name="Insomnia", synonyms="Sleeplessness")

    condition.synonyms = ""
    condition.save()

    assert not ConditionTerm.objects.filter(key="sleeplessness").exists()


def test_it_renders_condition_markdown_when_saved():
    condition = ConditionFactory(body="## Causes\n\n- **Stress**\n- Noise")

    assert "<strong>Stress</strong>" in condition.body_html
    assert "<ul>" in condition.body_html


def test_it_allows_one_evidence_row_per_solution_and_condition():
    evidence = EvidenceFactory()

    with pytest.raises(IntegrityError):
        SolutionForCondition.objects.create(
            solution=evidence.solution, condition=evidence.condition, grade="A", summary="Again."
        )


def test_it_refuses_an_evidence_grade_outside_a_to_d():
    with pytest.raises(IntegrityError):
        EvidenceFactory(grade="E")


def test_it_ranks_evidence_strongest_first():
    condition = ConditionFactory()
    for grade in ["C", "A", "D", "B"]:
        EvidenceFactory(condition=condition, grade=grade)

    grades = [
        row.grade for row in SolutionForCondition.objects.filter(condition=condition).ranked()
    ]

    assert grades == ["A", "B", "C", "D"]
    assert EvidenceGrade.A.label == "A — strong"


def test_it_formats_a_reference_and_prefers_pubmed_then_doi():
    reference = ReferenceFactory(
        authors="Abbasi B, Kimiagar M", year=2012, title="Magnesium and insomnia.", pmid="23853635"
    )
    doi_only = ReferenceFactory(pmid="", doi="10.1503/cmaj.111990")

    assert (
        reference.citation
        == "Abbasi B, Kimiagar M (2012) Magnesium and insomnia. Journal of Tests."
    )
    assert reference.link == "https://pubmed.ncbi.nlm.nih.gov/23853635/"
    assert doi_only.link == "https://doi.org/10.1503/cmaj.111990"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"pmid": "", "doi": "", "url": ""}, "__all__"),
        ({"pmid": "PMC123"}, "pmid"),
        ({"pmid": "", "doi": "doi:10.1/x"}, "doi"),
        ({"url": "https://pubmed.ncbi.nlm.nih.gov@evil.example/"}, "url"),
    ],
)
def test_it_refuses_a_reference_without_a_valid_identifier(fields, field):
    reference = ReferenceFactory.build(**fields)

    with pytest.raises(ValidationError) as error:
        reference.full_clean()

    assert field in error.value.message_dict


def test_it_shows_credentials_in_the_byline():
    assert UserFactory(display_name="Erin Hale", credentials="MS, RD").byline == "Erin Hale, MS, RD"
    assert UserFactory(display_name="Bob", credentials="").byline == "Bob"


@pytest.mark.parametrize(
    ("url", "provider", "video_id"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?t=10", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871", "vimeo", "76979871"),
    ],
)
def test_it_accepts_youtube_and_vimeo_addresses(url, provider, video_id):
    parsed = parse_video_url(url)

    assert (parsed.provider, parsed.video_id) == (provider, video_id)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://dailymotion.com/video/x7", "Only YouTube and Vimeo videos can be embedded."),
        ("https://www.youtube.com/watch?v=<script>", "This YouTube address does not name a video."),
        ("https://www.youtube.com/channel/abc", "This YouTube address does not name a video."),
        ("https://vimeo.com/channels/staffpicks", "This Vimeo address does not name a video."),
        ("javascript:alert(1)", "Enter a full video address starting with https://."),
        ("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "Only YouTube and Vimeo"),
        ("https://evil.example@www.youtube.com/watch?v=dQw4w9WgXcQ", "cannot contain a user"),
    ],
)
def test_it_refuses_other_video_addresses_with_a_clear_message(url, message):
    video = Video(title="T", slug="t", creator="C", url=url)

    with pytest.raises(ValidationError) as error:
        video.clean()

    assert message in error.value.message_dict["url"][0]


def test_it_refuses_a_creator_address_with_a_user_name():
    video = Video(
        title="T",
        slug="t",
        creator="C",
        creator_url="https://www.youtube.com@evil.example/",
        url="https://youtu.be/dQw4w9WgXcQ",
    )

    with pytest.raises(ValidationError) as error:
        video.clean()

    assert "creator_url" in error.value.message_dict


def test_it_embeds_youtube_without_cookies_and_vimeo_without_tracking():
    assert (
        parse_video_url("https://youtu.be/dQw4w9WgXcQ").embed_url
        == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    assert parse_video_url("https://vimeo.com/76979871").embed_url.endswith("?dnt=1")
