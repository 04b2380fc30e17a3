import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from aposbook.library.demo.loader import load_demo, read_references
from aposbook.library.demo.solutions import SOLUTIONS
from aposbook.library.models import DoseLimit, Medicine, SafetyRule, Solution
from aposbook.library.safety import CURE, DOSE, INTERACTION, STOP_MEDICINE, check_text, parse_number

SENTENCES = Path(__file__).with_name("unsafe_advice_sentences.json")


@pytest.fixture
def demo(db) -> None:
    load_demo()


def topic_id(slug: str | None) -> int | None:
    return Solution.objects.get(slug=slug).topic_id if slug else None


def test_it_finds_unsafe_advice_and_spares_its_look_alikes(demo, capsys) -> None:
    sentences = json.loads(SENTENCES.read_text())["sentences"]
    assert len(sentences) >= 60
    flagged = [bool(check_text(s["text"], topic_id=topic_id(s.get("topic")))) for s in sentences]
    unsafe = [f for f, s in zip(flagged, sentences, strict=True) if s["unsafe"]]
    safe = [f for f, s in zip(flagged, sentences, strict=True) if not s["unsafe"]]
    true_positives, false_alarms = sum(unsafe), sum(safe)
    recall = true_positives / len(unsafe)
    precision = true_positives / (true_positives + false_alarms)
    false_alarm_rate = false_alarms / len(safe)
    with capsys.disabled():
        print(
            f"\nUnsafe-advice checks on {len(sentences)} sentences: precision {precision:.2f}, "
            f"recall {recall:.2f}, false alarms {false_alarm_rate:.2f} "
            f"({false_alarms} of {len(safe)} safe sentences)"
        )
        for was_flagged, sentence in zip(flagged, sentences, strict=True):
            if was_flagged != sentence["unsafe"]:
                print("  missed:" if sentence["unsafe"] else "  false alarm:", sentence["text"])
    assert recall >= 0.9
    assert false_alarm_rate <= 0.1


def test_it_says_what_matched_where_and_why(demo) -> None:
    text = "Lovely shop. Stop taking your insulin, cinnamon does the same job."
    (match,) = check_text(text)
    assert match.kind == STOP_MEDICINE
    assert text[match.start : match.end] == match.words == "Stop taking your insulin"
    assert "talk to their doctor" in match.message


def test_it_measures_doses_against_the_solutions_own_limit(demo) -> None:
    (match,) = check_text("I take 2000mg of magnesium a day.")
    assert (match.kind, match.words) == (DOSE, "2000mg")
    assert "500 mg a day (magnesium from supplements)" in match.message
    assert "Abbasi" in match.message
    assert check_text("I take 500 mg of magnesium a day.") == []


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("two grams of ginger", True),
        ("1.5 g of ginger", True),
        ("900 mg of ginger", False),
        ("1,500 milligrams of ginger", True),
        ("300 mg of magnesium twice a day", True),
        ("2000 mg of magnesium a week", False),
        ("1000 mcg of riboflavin", False),
    ],
)
def test_it_reads_amounts_units_and_how_often(demo, text: str, flagged: bool) -> None:
    assert bool(check_text(f"I take {text}.")) is flagged


def test_it_reads_a_dose_without_a_name_as_about_the_page_it_is_posted_on(demo) -> None:
    assert check_text("I take 3 g a day.") == []
    (match,) = check_text("I take 3 g a day.", topic_id=topic_id("ginger"))
    assert match.kind == DOSE


def test_it_compares_international_units_only_with_international_units(demo) -> None:
    ginger = Solution.objects.get(slug="ginger")
    assert ginger.dose_limits.get().in_unit("IU") is None
    assert check_text("I take 5000 IU of ginger.") == []


def test_it_finds_a_solution_with_a_medicine_its_page_lists(demo) -> None:
    (match,) = check_text("I take St John's wort with my sertraline.")
    assert (match.kind, match.words) == (INTERACTION, "St John's wort with my sertraline")
    assert "serotonin syndrome" in match.message
    assert check_text("I take magnesium with my sertraline.") == []


def test_it_finds_promises_of_a_cure_but_not_their_denial(demo) -> None:
    (match,) = check_text("Peppermint oil cured my IBS.")
    assert (match.kind, match.words) == (CURE, "cured")
    assert check_text("Peppermint oil did not cure my IBS.") == []


def test_staff_rules_take_effect_without_a_release(demo) -> None:
    assert check_text("Leave your meds in the drawer and try reiki.") == []
    rule = SafetyRule.objects.create(
        kind=SafetyRule.Kind.STOP_MEDICINE,
        name="Drawer",
        patterns=r"\bleave\s+your\s+{medicine}\s+in\s+the\s+drawer",
        message="Please don't.",
    )
    (match,) = check_text("Leave your meds in the drawer and try reiki.")
    assert match.message == "Please don't."
    rule.active = False
    rule.save()  # as the admin saves it: the loaded rules are reloaded (library/safety.py)
    assert check_text("Leave your meds in the drawer and try reiki.") == []


def test_a_new_medicine_is_recognised_at_once(demo) -> None:
    assert check_text("Stop taking your tirzepatide.") == []
    Medicine.objects.create(name="weight-loss injections", terms="tirzepatide")
    assert check_text("Stop taking your tirzepatide.")


def test_a_rule_with_an_invalid_pattern_is_refused_and_skipped(demo) -> None:
    rule = SafetyRule(kind=SafetyRule.Kind.CURE, name="Broken", patterns="cure(", message="m")
    with pytest.raises(ValidationError, match="not a valid regular expression"):
        rule.full_clean()
    rule.save()
    assert check_text("It did not cure me but helped.") == []


def test_it_finds_nothing_in_an_empty_text(db) -> None:
    assert check_text("  ") == []


@pytest.mark.parametrize(
    ("words", "value"),
    [("2,000", 2000), ("0.2", 0.2), ("two", 2), ("five hundred", 500), ("two thousand", 2000),
     ("half a", 0.5), ("a", 1)],
)  # fmt: skip
def test_it_reads_numbers_in_figures_and_words(words: str, value: float) -> None:
    assert parse_number(words) == value


def test_every_demo_dose_limit_comes_from_its_reference_and_the_solution_page(demo) -> None:
    findings = {item["key"]: item["finding"] for item in read_references()}
    dosage = {item["slug"]: item["dosage"] for item in SOLUTIONS}
    limits = DoseLimit.objects.select_related("solution", "reference")
    assert limits.count() == sum(len(item.get("dose_limits", [])) for item in SOLUTIONS)
    for limit in limits:
        figure = f"{limit.amount.normalize():f} {limit.unit}"
        assert figure in dosage[limit.solution.slug]
        assert f"{limit.amount.normalize():f}" in findings[limit.reference.key]
        assert limit.solution.slug in dosage
