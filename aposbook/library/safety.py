"""Unsafe-advice checks: what a member is about to post, read against the library's data.

Four kinds of advice can hurt a reader who follows it: stopping or changing a prescribed
medicine, a dose above what the solution's own limits allow, a solution combined with a
medicine its page lists as an interaction, and a promise of a cure. The words for the first
and last are `SafetyRule` rows; doses and interactions come from `DoseLimit` and
`Interaction`, so staff change what is checked in the admin, not here.

The checks work sentence by sentence and stay quiet when the sentence itself is careful
("don't stop your insulin", "ask your pharmacist", "it did not cure me"): a false alarm
teaches writers to click past the notice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch

from aposbook.lib.pagecache import LIBRARY, current_versions

from .models import DoseLimit, DoseUnit, Interaction, Medicine, SafetyRule, Solution

DOSE, INTERACTION = "dose", "interaction"
STOP_MEDICINE, CURE = SafetyRule.Kind.STOP_MEDICINE.value, SafetyRule.Kind.CURE.value
DOSE_TITLE, INTERACTION_TITLE = "A dose above the library's limit", "A medicine that interacts"

# A full stop ends a sentence unless it sits inside a number (0.2 g).
SENTENCE_END = re.compile(r"(?:(?<!\d)\.|\.(?!\d)|[!?;\n])+")
CLAUSE_START = re.compile(r".*(?:,|\bbut\b|\bso\b|:)", re.IGNORECASE | re.DOTALL)
NEGATION = re.compile(
    r"\b(?:not|never|no|nor|without|avoid|rather than|cannot)\b|n't\b|\bdont\b", re.IGNORECASE
)
# A health professional in the sentence means the change is supervised…
PROFESSIONAL = re.compile(
    r"\b(?:doctors?|gps?|pharmacists?|prescribers?|consultants?|specialists?|nurses?|"
    r"psychiatrists?|endocrinologists?|cardiologists?|midwi(?:fe|ves)|physicians?|"
    r"prescribed|prescription from)\b",
    re.IGNORECASE,
)
# …unless the writer waves that advice away.
DISMISSAL = re.compile(
    r"\b(?:forget|ignore|whatever|don'?t listen|never listen|big pharma|without telling|"
    r"behind (?:their|your|his|her) back|doctors? (?:don'?t|never) (?:know|tell|want))\b",
    re.IGNORECASE,
)
CAUTION = re.compile(
    r"\b(?:apart|separate\w*|spac\w*|hours?|ask\w*|check\w*|careful\w*|caution\w*|"
    r"interact\w*|warn\w*|risk\w*|danger\w*|unsafe|harm\w*|stopped|stop)\b",
    re.IGNORECASE,
)
COMBINATION = re.compile(
    r"\b(?:with|alongside|along|together|plus|and|combin\w*|mix\w*|while|on top of|as well)\b",
    re.IGNORECASE,
)
HOPE = re.compile(
    r"\b(?:hop\w*|wish\w*|looking for|search\w*|research\w*|is there|if only|until|want\w*|"
    r"claim\w*|promis\w*|sell\w*|beware|scam\w*|supposed|so-called)\b",
    re.IGNORECASE,
)

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000, "half": 0.5,
}  # fmt: skip
WORD_NUMBER = r"(?:(?:{0})(?:[\s-]+(?:and[\s-]+)?(?:{0}))*)".format("|".join(NUMBER_WORDS))
UNITS = {
    DoseUnit.MG: r"mg|milligrams?|milligrammes?|mgs",
    DoseUnit.G: r"g|grams?|grammes?|gm|gr",
    DoseUnit.MCG: r"mcg|µg|μg|ug|micrograms?",
    DoseUnit.IU: r"iu|i\.u\.|international[\s-]+units?",
}
AMOUNT = re.compile(
    rf"(?<![\w.,])(?P<number>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{WORD_NUMBER})\s*"
    rf"(?:{'|'.join(f'(?P<{unit.lower()}>{words})' for unit, words in UNITS.items())})(?!\w)",
    re.IGNORECASE,
)
TIMES_A_DAY = re.compile(
    r"\b(?P<times>twice|two times|three times|thrice|four times|(?P<n>\d) times)\s+"
    r"(?:a|per|each|every)\s+day\b",
    re.IGNORECASE,
)
A_WEEK = re.compile(r"\b(?:a|per|each|every)\s+week\b|\bweekly\b", re.IGNORECASE)
TIMES = {"twice": 2, "two times": 2, "three times": 3, "thrice": 3, "four times": 4}


@dataclass(frozen=True)
class Match:
    """One piece of possibly unsafe advice: where it is, which check found it, and what to
    tell the writer about it."""

    start: int
    end: int
    kind: str
    words: str
    message: str
    title: str  # what kind of advice, for the writer: "Stopping a medicine"


def check_text(text: str, *, topic_id: int | None = None) -> list[Match]:
    """Every possibly unsafe piece of advice in `text`, in reading order. `topic_id` is what
    the text is about; when that is a solution, a dose or medicine without a solution's name
    is read as being about it."""
    if not text.strip():
        return []
    return current_library().check(normalise_quotes(text), topic_id=topic_id)


# The rules as this process last loaded them, with the library's version at the time.
_loaded: tuple[str, Library] | None = None


def current_library() -> Library:
    """The rules, kept in this process until the library changes: every library table says
    when it changes (its `library` version, lib/pagecache.py), and reading every solution
    with its forms, limits and interactions was most of the time a review or reply took."""
    global _loaded
    version = current_versions([LIBRARY])[LIBRARY]  # read before the rows it stands for
    if _loaded is None or _loaded[0] != version:
        _loaded = (version, Library.load())
    return _loaded[1]


def normalise_quotes(text: str) -> str:
    # Same length as the original, so the spans found point into what the member wrote.
    return text.replace("\u2019", "'").replace("\u2018", "'")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for end in SENTENCE_END.finditer(text):
        if text[start : end.start()].strip():
            yield start, end.end()
        start = end.end()
    if text[start:].strip():
        yield start, len(text)


def terms_pattern(terms: list[str]) -> str:
    """One alternation of `terms`, longest first, each with an optional plural ending."""
    words = sorted({re.escape(term) for term in terms if term}, key=len, reverse=True)
    return r"\b(?:" + "|".join(words) + r")(?:e?s)?\b" if words else r"(?!x)x"


def solution_terms(solution: Solution) -> list[str]:
    """The names members use for a solution: its name, the name in brackets after it, the
    first word of a two-word name, and the names of its forms."""
    terms: list[str] = []
    for name in [solution.name, *(form.name for form in solution.forms.all())]:
        base, _, bracketed = name.lower().partition("(")
        base, bracketed = base.strip(), bracketed.strip(" )")
        terms.append(base)
        if bracketed and "preparation" not in bracketed:
            terms.append(bracketed)
    first = solution.name.lower().split()[0]
    if len(solution.name.split()) > 1 and first not in {"vitamin", "st", "cognitive"}:
        terms.append(first)
    vitamins = [term.replace("vitamin ", "vit ") for term in terms if term.startswith("vitamin ")]
    generic = {"tea", "extract", "capsules", "lozenges", "digital", "face-to-face"}
    return [term for term in terms + vitamins if term not in generic and " or " not in term]


def parse_number(text: str) -> float:
    """2,000 → 2000; "five hundred" → 500; "half a" → 0.5."""
    if text[0].isdigit():
        return float(text.replace(",", ""))
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", text.lower()):
        value = NUMBER_WORDS.get(word)
        if value is None:
            continue
        if value in (100, 1000):
            current = (current or 1) * value
            if value == 1000:
                total, current = total + current, 0.0
        elif value == 0.5:
            current = (current or 1) * 0.5 if current else 0.5
        elif word in ("a", "an") and current == 0.5:
            continue
        else:
            current += value
    return total + current


def is_careful(text: str, start: int, sentence_start: int) -> bool:
    """Is the clause before `start` negated ("don't", "not instead of", "no cure")?"""
    before = text[sentence_start:start]
    clause = CLAUSE_START.sub("", before) if CLAUSE_START.match(before) else before
    return bool(NEGATION.search(clause))


def is_supervised(sentence: str) -> bool:
    return bool(PROFESSIONAL.search(sentence)) and not DISMISSAL.search(sentence)


class Library:
    """The rules, medicines, limits and interactions, read in one go for one check."""

    def __init__(
        self, rules: list[SafetyRule], medicines: list[Medicine], solutions: list[Solution]
    ):
        self.rules, self.medicines, self.solutions = rules, medicines, solutions

    @classmethod
    def load(cls) -> Library:
        solutions = Solution.objects.prefetch_related(
            "forms",
            Prefetch("dose_limits", DoseLimit.objects.select_related("reference")),
            Prefetch("medicine_interactions", Interaction.objects.select_related("medicine")),
        ).only("id", "name", "topic_id")
        return cls(
            list(SafetyRule.objects.filter(active=True)),
            list(Medicine.objects.all()),
            list(solutions),
        )

    @cached_property
    def medicine_pattern(self) -> str:
        return terms_pattern([term for medicine in self.medicines for term in medicine.term_list])

    @cached_property
    def compiled_rules(self) -> list[tuple[SafetyRule, re.Pattern[str]]]:
        compiled = []
        for rule in self.rules:
            for pattern in rule.pattern_list:
                source = pattern.replace("{medicine}", f"(?:{self.medicine_pattern})")
                try:
                    compiled.append((rule, re.compile(source, re.IGNORECASE)))
                except re.error:
                    continue  # SafetyRule.clean() refuses these; one bad row must not break posting
        return compiled

    @cached_property
    def solution_patterns(self) -> list[tuple[Solution, re.Pattern[str]]]:
        return [
            (solution, re.compile(terms_pattern(solution_terms(solution)), re.IGNORECASE))
            for solution in self.solutions
        ]

    def check(self, text: str, *, topic_id: int | None) -> list[Match]:
        topic_solution = next((s for s in self.solutions if s.topic_id == topic_id), None)
        found: list[Match] = []
        for start, end in sentences(text):
            found += self.check_rules(text, start, end)
            mentions = self.mentions(text, start, end)
            found += self.check_doses(text, start, end, mentions, topic_solution)
            found += self.check_interactions(text, start, end, mentions, topic_solution)
        return sorted(found, key=lambda match: (match.start, match.end))

    def mentions(self, text: str, start: int, end: int) -> list[tuple[Solution, int, int]]:
        return [
            (solution, found.start(), found.end())
            for solution, pattern in self.solution_patterns
            for found in pattern.finditer(text, start, end)
        ]

    def check_rules(self, text: str, start: int, end: int) -> list[Match]:
        sentence = text[start:end]
        found: dict[tuple[int, str], Match] = {}
        for rule, pattern in self.compiled_rules:
            for hit in pattern.finditer(text, start, end):
                if is_careful(text, hit.start(), start):
                    continue
                if rule.kind == STOP_MEDICINE and is_supervised(sentence):
                    continue
                if rule.kind == CURE and (sentence.rstrip().endswith("?") or HOPE.search(sentence)):
                    continue
                key = (hit.start(), rule.kind)
                found.setdefault(
                    key, Match(hit.start(), hit.end(), rule.kind, hit[0], rule.message, rule.name)
                )
        return list(found.values())

    def check_doses(
        self,
        text: str,
        start: int,
        end: int,
        mentions: list[tuple[Solution, int, int]],
        topic_solution: Solution | None,
    ) -> list[Match]:
        sentence = text[start:end]
        if is_supervised(sentence):
            return []
        found = []
        for amount in AMOUNT.finditer(text, start, end):
            solution = nearest(mentions, amount.start()) or topic_solution
            if solution is None or is_careful(text, amount.start(), start):
                continue
            unit = next(unit for unit in UNITS if amount[unit.lower()])
            daily = parse_number(amount["number"]) * times_a_day(sentence)
            exceeded = [
                limit
                for limit in solution.dose_limits.all()
                if (value := limit.in_unit(unit)) is not None and daily > value
            ]
            if exceeded:
                limit = min(exceeded, key=lambda limit: limit.in_unit(unit) or 0)
                found.append(dose_match(amount, solution, limit))
        return found

    def check_interactions(
        self,
        text: str,
        start: int,
        end: int,
        mentions: list[tuple[Solution, int, int]],
        topic_solution: Solution | None,
    ) -> list[Match]:
        sentence = text[start:end]
        if NEGATION.search(sentence) or CAUTION.search(sentence) or is_supervised(sentence):
            return []
        if not mentions:
            if topic_solution is None or not COMBINATION.search(sentence):
                return []
            mentions = [(topic_solution, start, start)]
        found = []
        for solution, named_at, named_end in mentions:
            for interaction in solution.medicine_interactions.all():
                pattern = terms_pattern(interaction.medicine.term_list)
                hit = re.compile(pattern, re.IGNORECASE).search(text, start, end)
                if hit is None:
                    continue
                if named_at == named_end:
                    named_at, named_end = hit.start(), hit.end()
                span = (min(named_at, hit.start()), max(named_end, hit.end()))
                found.append(interaction_match(text, span, solution, interaction))
        return found


def nearest(mentions: list[tuple[Solution, int, int]], at: int) -> Solution | None:
    if not mentions:
        return None
    return min(mentions, key=lambda mention: min(abs(mention[1] - at), abs(mention[2] - at)))[0]


def times_a_day(sentence: str) -> float:
    if found := TIMES_A_DAY.search(sentence):
        return float(found["n"]) if found["n"] else TIMES[found["times"].lower()]
    return 1 / 7 if A_WEEK.search(sentence) else 1


def dose_match(amount: re.Match[str], solution: Solution, limit: DoseLimit) -> Match:
    source = limit.reference.citation.split("(")[0].strip()
    year = f" {limit.reference.year}" if limit.reference.year else ""
    message = (
        f"This is more than {limit.describe()}, {limit.get_kind_display()} for "
        f"{solution.name.lower()} (source: {source}{year}). Readers may copy a dose they read "
        "here, and larger amounts are more likely to cause harm: please check the figure, "
        "or suggest following the product label or a health professional's advice."
    )
    return Match(amount.start(), amount.end(), DOSE, amount[0], message, DOSE_TITLE)


def interaction_match(
    text: str, span: tuple[int, int], solution: Solution, interaction: Interaction
) -> Match:
    message = (
        f"Our page on {solution.name.lower()} lists {interaction.medicine.name} as an "
        f"interaction: {interaction.why} Someone taking both could be harmed, so please "
        "suggest they check with a pharmacist or doctor first."
    )
    words = text[span[0] : span[1]]
    return Match(span[0], span[1], INTERACTION, words, message, INTERACTION_TITLE)
