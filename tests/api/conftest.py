"""A small library for the API tests: insomnia, magnesium and valerian, with evidence,
an article, a video and members' reviews."""

import pytest

from aposbook.library.models import EvidenceGrade, SolutionForm, SolutionKind
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    EvidenceFactory,
    ReferenceFactory,
    ReviewFactory,
    SolutionFactory,
    VideoFactory,
    cite,
)


@pytest.fixture
def insomnia():
    return ConditionFactory(
        name="Insomnia",
        slug="insomnia",
        summary="Trouble falling or staying asleep.",
        synonyms="Sleeplessness\nTrouble sleeping",
        icd10_codes="G47.0, F51.0x",
    )


@pytest.fixture
def magnesium():
    solution = SolutionFactory(
        name="Magnesium",
        slug="magnesium",
        dosage="200–400 mg a day.",
        side_effects="Loose stools at high doses.",
    )
    SolutionForm.objects.create(solution=solution, name="Magnesium glycinate", position=1)
    SolutionForm.objects.create(solution=solution, name="Magnesium citrate", position=2)
    return solution


@pytest.fixture
def valerian():
    return SolutionFactory(name="Valerian", slug="valerian", kind=SolutionKind.HERB)


@pytest.fixture
def library(insomnia, magnesium, valerian, erin):
    """Evidence for both solutions, a cited article about insomnia, a video, and reviews."""
    reference = ReferenceFactory(key="abbasi-2012", title="Magnesium for elderly insomnia")
    magnesium_evidence = EvidenceFactory(
        solution=magnesium, condition=insomnia, grade=EvidenceGrade.C
    )
    magnesium_evidence.references.add(reference)
    EvidenceFactory(solution=valerian, condition=insomnia, grade=EvidenceGrade.B)
    article = ArticleFactory(
        title="Magnesium and sleep",
        slug="magnesium-and-sleep",
        author=erin,
        body="## What the trials found\n\nA small trial found some benefit (1).",
    )
    cite(article, reference)
    article.topics.add(insomnia.topic, magnesium.topic)
    VideoFactory(title="Sleep hygiene", slug="sleep-hygiene").topics.add(insomnia.topic)
    return {"article": article, "evidence": magnesium_evidence, "reference": reference}


@pytest.fixture
def reviews(magnesium, insomnia, alice, bob):
    ReviewFactory(author=alice, solution=magnesium, condition=insomnia, effectiveness=8)
    ReviewFactory(
        author=bob,
        solution=magnesium,
        condition=insomnia,
        effectiveness=5,
        recommends=False,
        side_effects="mild",
        side_effects_text="A mild stomach ache.",
    )
    ReviewFactory(author=alice, solution=magnesium, condition=None, effectiveness=6)
