"""Condition look-up: our conditions' names, synonyms and codes, our solutions' names, our
curated everyday names (library/data/everyday_names.tsv) and the ICD-10-CM vocabulary.

Exact and prefix matches come from an in-process index (sorted keys searched with bisect);
typos are corrected word by word against the vocabulary's distinct words, after which the
same fast look-ups run again. Correcting each word against the ~11,600 distinct words
takes under a millisecond, where fuzzy matching over all 110,000 terms would take 15 ms
or more; the README's "Performance" section has the measured timings.

The index is built from the database and rebuilt whenever a cheap signature of the three
tables changes, read with one query per request, so a process sees an import or an edit
made by any other process, and each test sees its own database.
"""

from __future__ import annotations

import heapq
import re
import threading
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urlencode

from django.db import connection
from django.urls import reverse
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from aposbook.library.models import Condition, ConditionTerm, Solution, VocabularyTerm
from aposbook.library.vocabulary import (
    EverydayName,
    american_spelling,
    compact_code,
    dotted_code,
    everyday_key,
    everyday_names,
    normalise,
    parse_code,
    singular,
)

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
SUGGESTION_LIMIT = 8
DID_YOU_MEAN_LIMIT = 5
CLOSEST_LIMIT = 5
SAME_WORDS_ROWS = 20
TELLING_WORD_ROWS = 1000  # of the ~125,000 keys; "pain" is in 398, "disorder" in 1,713
# Words that say little about which condition is meant; a match need not contain them.
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "by",
        "due",
        "for",
        "from",
        "in",
        "into",
        "nos",
        "of",
        "on",
        "or",
        "other",
        "the",
        "to",
        "type",
        "unspecified",
        "with",
        "without",
    }
)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CODE_PREFIX = re.compile(r"[a-z][0-9][0-9a-z]{0,5}")
PARENTHESES = re.compile(r"\(([^)]*)\)")
# What makes a term longer than its plain name: "(primary)", "[episodic…]", ", unspecified", "NOS".
QUALIFIERS = re.compile(r"\([^)]*\)|\[[^\]]*\]|,\s*unspecified$|\bNOS\b")


@dataclass(frozen=True)
class ConditionHit:
    id: int
    name: str
    url: str
    summary: str
    codes: tuple[str, ...]  # compact, without the trailing "x": "F51.0x" is "F510"


@dataclass(frozen=True)
class SolutionHit:
    name: str
    url: str


@dataclass(frozen=True)
class Recognised:
    """A term of the ICD-10-CM vocabulary, or one of our everyday names, that no condition
    page covers yet."""

    term: str
    code: str  # as people write it: "G43.1", or a range of categories: "E08–E13"


@dataclass(frozen=True)
class Suggestion:
    label: str
    url: str
    detail: str = ""
    has_page: bool = False


@dataclass
class SearchResult:
    query: str
    condition: ConditionHit | None = None
    solution: SolutionHit | None = None
    recognised: Recognised | None = None
    closest: list[ConditionHit] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def page_url(self) -> str:
        """The address of the page the query names, if it names one of ours."""
        found = self.condition or self.solution
        return found.url if found else ""


def clean_query(raw: str) -> str:
    """The user's text without control characters or runs of spaces, cut to 200 characters."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", raw).split())[:MAX_QUERY_LENGTH]


def search_url(term: str) -> str:
    return f"{reverse('search:search')}?{urlencode({'q': term})}"


def content_words(words: Iterable[str]) -> set[str]:
    words = set(words)
    return (words - STOPWORDS) or words


class Index:
    """Everything a look-up needs, held in memory and never changed once built."""

    def __init__(
        self,
        conditions: Iterable[tuple[int, str, str, str, str]],
        condition_terms: Iterable[tuple[int, str, str]],
        vocabulary: Iterable[tuple[str, str, str, str]],
        solutions: Iterable[tuple[int, str, str]] = (),
        everyday: Iterable[EverydayName] = (),
    ) -> None:
        self.conditions: dict[int, ConditionHit] = {}
        self.condition_by_code: dict[str, int] = {}
        for pk, name, slug, summary, codes in conditions:
            hit = ConditionHit(
                id=pk,
                name=name,
                url=reverse("library:condition", args=[slug]),
                summary=summary,
                codes=tuple(
                    compact_code(code.strip().rstrip("xX"))
                    for code in codes.split(",")
                    if code.strip()
                ),
            )
            self.conditions[pk] = hit
            for code in hit.codes:
                self.condition_by_code.setdefault(code, pk)

        # Names and synonyms; codes are matched through `condition_by_code` instead.
        names = {normalise(hit.name): pk for pk, hit in self.conditions.items()}
        self.condition_by_key: dict[str, int] = dict(names)
        keys: list[tuple[str, int, str]] = []
        for pk, term, key in condition_terms:
            condition = self.conditions.get(pk)
            if condition is None or compact_code(term.rstrip("xX")) in condition.codes:
                continue
            self.condition_by_key.setdefault(key, pk)
            self.condition_by_key.setdefault(everyday_key(term), pk)
            keys.append((key, pk, term))
        self.condition_keys = sorted(keys)
        self.add_solutions(solutions)
        self.add_everyday_names(everyday)

        # Each term under its own key and, if different, under its plain name without
        # qualifiers, so that "panic disorder" finds "Panic disorder [episodic paroxysmal
        # anxiety]". Sorted so that a term's own key comes before another's plain name.
        rows = []
        for code, term, key, source in vocabulary:
            rows.append((key, 0, source, code, term))
            plain = normalise(QUALIFIERS.sub(" ", term))
            if plain and plain != key:
                rows.append((plain, 1, source, code, term))
        rows.sort()
        self.keys = [row[0] for row in rows]
        self.terms = [row[4] for row in rows]
        self.codes = [row[3] for row in rows]
        # Each code's description row, by dotted code as stored: "G47" < "G47.0" < "G47.00" <
        # "G47.1" sorts as the tree does. Two arrays take less memory than a dict.
        described = sorted(
            (code, row)
            for row, (_, plain, source, code, _) in enumerate(rows)
            if source == VocabularyTerm.Source.DESCRIPTION and not plain
        )
        self.sorted_codes = [code for code, _ in described]
        self.description_rows = array("I", (row for _, row in described))

        # Each word's rows, shortest term first, so the first matches are the plainest.
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for row in sorted(range(len(rows)), key=lambda row: len(self.terms[row])):
            for word in set(self.keys[row].split()):
                postings[word].append(row)
        self.postings = {word: array("I", found) for word, found in postings.items()}
        counts = Counter({word: len(found) for word, found in postings.items()})
        for key, _, _ in self.condition_keys:
            for word in key.split():
                counts[word] += 1000  # our own conditions' words win ties
        for key in [*self.everyday_keys, *(key for key, _ in self.solution_keys)]:
            for word in key.split():
                counts[word] += 100  # then the words of everyday names and solutions
        self.word_counts = counts
        self.words = sorted(counts)

    def add_solutions(self, solutions: Iterable[tuple[int, str, str]]) -> None:
        """Each solution under its name, its name without what is in brackets, and what is in
        brackets: "Turmeric (curcumin)" is found as "turmeric" and "curcumin" too; and each of
        those without spaces, so "CBT-I" is found as "cbti" as well as "cbt i"."""
        self.solutions: dict[int, SolutionHit] = {}
        self.solution_by_key: dict[str, int] = {}
        for pk, name, slug in solutions:
            self.solutions[pk] = SolutionHit(
                name=name, url=reverse("library:solution", args=[slug])
            )
            names = [name, PARENTHESES.sub(" ", name), *PARENTHESES.findall(name)]
            for key in filter(None, map(everyday_key, names)):
                self.solution_by_key.setdefault(key, pk)
                self.solution_by_key.setdefault(key.replace(" ", ""), pk)
        self.solution_keys = sorted(self.solution_by_key.items())

    def add_everyday_names(self, everyday: Iterable[EverydayName]) -> None:
        """Our curated everyday names, sorted by key for prefix look-ups."""
        by_key: dict[str, EverydayName] = {}
        for name in everyday:
            by_key.setdefault(everyday_key(name.name), name)
        self.everyday_by_key = by_key
        self.everyday_keys = sorted(by_key)

    # -- conditions ---------------------------------------------------------------------

    def condition_for_code(self, code: str) -> ConditionHit | None:
        """The condition with the most specific code at or above `code` (compact)."""
        for length in range(len(code), 2, -1):
            pk = self.condition_by_code.get(code[:length])
            if pk is not None:
                return self.conditions[pk]
        return None

    def conditions_matching(self, words: list[str], *, last_is_prefix: bool) -> list[Suggestion]:
        """Conditions whose name or a synonym starts with, or contains, all the words."""
        phrase = " ".join(words)
        wanted = content_words(words[:-1] if last_is_prefix else words)
        ranked: dict[int, tuple[int, int, str]] = {}
        for key, pk, term in self.condition_keys:
            key_words = key.split()
            if key == phrase:
                rank = 0
            elif key.startswith(phrase):
                rank = 1
            elif wanted <= set(key_words) and (
                not last_is_prefix or any(word.startswith(words[-1]) for word in key_words)
            ):
                rank = 2
            else:
                continue
            candidate = (rank, len(key), term)
            if pk not in ranked or candidate < ranked[pk]:
                ranked[pk] = candidate
        order = sorted(ranked.items(), key=lambda item: (item[1], self.conditions[item[0]].name))
        return [self.condition_suggestion(pk, term) for pk, (_, _, term) in order]

    def condition_suggestion(self, pk: int, term: str = "") -> Suggestion:
        hit = self.conditions[pk]
        detail = term if term and normalise(term) != normalise(hit.name) else ""
        return Suggestion(label=hit.name, url=hit.url, detail=detail, has_page=True)

    def closest_conditions(
        self, code: str, key: str, *, within: tuple[str, str] | None = None
    ) -> list[ConditionHit]:
        """The conditions we cover that are nearest to a vocabulary term: in the same ICD-10-CM
        category (or range of categories, `within`) first (the longer the shared code, the
        closer), then those whose name the term contains, then those sharing a telling word
        with it, then similar names."""
        ranked: dict[int, tuple[int, int]] = {}

        def offer(pk: int, rank: tuple[int, int]) -> None:
            ranked[pk] = max(ranked.get(pk, rank), rank)

        for condition_code, pk in self.condition_by_code.items():
            length = shared_length(condition_code, code)
            if within and within[0] <= condition_code[:3] <= within[1]:
                length = max(length, 3)
            if length >= 3:
                offer(pk, (3, length))
        term_words = content_words(key.split())
        telling = {word for word in term_words if self.is_telling(word)}
        for condition_key, pk, _ in self.condition_keys:
            condition_words = content_words(condition_key.split())
            if condition_words <= term_words:
                offer(pk, (2, len(condition_words)))
            elif shared := condition_words & telling:
                offer(pk, (1, len(shared)))
        choices = {position: item[0] for position, item in enumerate(self.condition_keys)}
        for _, score, position in process.extract(
            key, choices, scorer=fuzz.token_set_ratio, score_cutoff=80, limit=CLOSEST_LIMIT
        ):
            offer(self.condition_keys[position][1], (0, int(score)))
        order = sorted(
            ranked, key=lambda pk: (tuple(-n for n in ranked[pk]), self.conditions[pk].name)
        )
        return [self.conditions[pk] for pk in order[:CLOSEST_LIMIT]]

    # -- everyday names and solutions -----------------------------------------------------

    def variants(self, query: str) -> list[str]:
        """The keys to look `query` up under, in order: as typed, without apostrophes, with
        British spellings the American way, then each of those with a singular last word."""
        keys = [normalise(query), everyday_key(query)]
        keys.append(" ".join(map(self.spelled, keys[-1].split())))
        keys += [singular(key) for key in keys]
        return list(dict.fromkeys(key for key in keys if key))

    def spelled(self, word: str) -> str:
        """A word in its American spelling, when the vocabulary knows that one. (A British
        spelling may be known too, from one of our synonyms: "diarrhoea".)"""
        american = american_spelling(word)
        return american if american in self.word_counts else word

    def everyday_condition(self, name: EverydayName) -> ConditionHit | None:
        """Our condition whose codes cover an everyday name's code (never for a range)."""
        return None if name.code_range else self.condition_for_code(compact_code(name.code))

    def everyday_with_prefix(self, prefix: str, *, limit: int) -> list[EverydayName]:
        """Everyday names whose key starts with `prefix`, one per code, shortest first."""
        start = bisect_left(self.everyday_keys, prefix)
        end = bisect_left(self.everyday_keys, prefix + "\U0010ffff", lo=start)
        found: dict[str, EverydayName] = {}
        for key in sorted(self.everyday_keys[start:end], key=len):
            name = self.everyday_by_key[key]
            found.setdefault(name.code, name)
        return list(found.values())[:limit]

    def everyday_suggestion(self, name: EverydayName) -> Suggestion:
        condition = self.everyday_condition(name)
        if condition:
            return self.condition_suggestion(condition.id, name.name)
        return Suggestion(
            label=name.name, url=search_url(name.name), detail=f"ICD-10-CM {name.display_code}"
        )

    def solutions_with_prefix(self, prefix: str, *, limit: int) -> list[Suggestion]:
        start = bisect_left(self.solution_keys, (prefix,))
        found: dict[int, Suggestion] = {}
        for key, pk in self.solution_keys[start:]:
            if not key.startswith(prefix) or len(found) >= limit:
                break
            hit = self.solutions[pk]
            found.setdefault(
                pk,
                Suggestion(label=hit.name, url=hit.url, detail="Natural solution", has_page=True),
            )
        return list(found.values())

    def is_telling(self, word: str) -> bool:
        """Whether a word narrows things down: "panic" does, "disorder" and "left" do not."""
        return len(self.postings.get(word, ())) < TELLING_WORD_ROWS

    # -- vocabulary ---------------------------------------------------------------------

    def rows_with_key(self, key: str) -> list[int]:
        start = bisect_left(self.keys, key)
        end = start
        while end < len(self.keys) and self.keys[end] == key:
            end += 1
        return list(range(start, end))

    def rows_with_prefix(self, prefix: str, *, limit: int) -> list[int]:
        """The `limit` shortest rows whose key starts with `prefix`, shortest first."""
        start = bisect_left(self.keys, prefix)
        end = bisect_left(self.keys, prefix + "\U0010ffff", lo=start)
        return heapq.nsmallest(limit, range(start, end), key=lambda row: len(self.terms[row]))

    def words_with_prefix(self, prefix: str, *, limit: int = 50) -> list[str]:
        start = bisect_left(self.words, prefix)
        found = []
        for word in self.words[start : start + limit]:
            if not word.startswith(prefix):
                break
            found.append(word)
        return found

    def rows_with_words(self, words: list[str], *, last_is_prefix: bool) -> Iterator[int]:
        """Rows containing every word (the last may be a word's beginning), shortest first."""
        complete = content_words(words[:-1] if last_is_prefix else words)
        if any(word not in self.postings for word in complete):
            return
        if complete:
            rarest = min(complete, key=lambda word: len(self.postings[word]))
            candidates: Iterable[int] = self.postings[rarest]
        elif last_is_prefix:
            expansions = self.words_with_prefix(words[-1])
            candidates = heapq.merge(
                *(self.postings[word] for word in expansions if word in self.postings),
                key=lambda row: (len(self.terms[row]), row),
            )
        else:
            return
        prefix = words[-1] if last_is_prefix else ""
        for row in candidates:
            key_words = self.keys[row].split()
            if complete.issubset(key_words) and (
                not prefix or any(word.startswith(prefix) for word in key_words)
            ):
                yield row

    def row_with_same_words(self, words: list[str]) -> int | None:
        """The shortest term with the same telling words in any order: "knee pain" is
        "Pain in knee". Only the shortest few candidates are read: an exact match of the
        words is among the shortest terms that contain them all."""
        wanted = content_words(words)
        for row in take(self.rows_with_words(words, last_is_prefix=False), SAME_WORDS_ROWS):
            if content_words(QUALIFIERS.sub(" ", self.keys[row]).split()) == wanted:
                return row
        return None

    def row_for_code(self, code: str) -> int | None:
        """The description row of a code (compact), if the vocabulary has it."""
        code = dotted_code(code)
        position = bisect_left(self.sorted_codes, code)
        if position < len(self.sorted_codes) and self.sorted_codes[position] == code:
            return self.description_rows[position]
        return None

    def code_rows(self, prefix: str, *, limit: int) -> list[int]:
        """Description rows of the codes that start with `prefix` (compact), in code order."""
        prefix = dotted_code(prefix)
        start = bisect_left(self.sorted_codes, prefix)
        rows = []
        for position in range(start, min(start + limit, len(self.sorted_codes))):
            if not self.sorted_codes[position].startswith(prefix):
                break
            rows.append(self.description_rows[position])
        return rows

    def vocabulary_suggestion(self, row: int) -> Suggestion:
        term = self.terms[row]
        return Suggestion(label=term, url=search_url(term), detail=f"ICD-10-CM {self.codes[row]}")

    # -- typos --------------------------------------------------------------------------

    def correct(self, word: str) -> str | None:
        """The vocabulary word `word` most likely means, or None when nothing is close."""
        if word in self.word_counts:
            return word
        if not 3 <= len(word) <= 30:
            return None
        # Similar enough, and a few typing slips away: one per four letters, a swap counting one.
        slips = max(1, len(word) // 4)
        matches = [
            (score, self.word_counts[found], found)
            for found, score, _ in process.extract(
                word, self.words, scorer=fuzz.ratio, score_cutoff=75, limit=10
            )
            if OSA.distance(word, found, score_cutoff=slips) <= slips
        ]
        return max(matches)[2] if matches else None


def shared_length(a: str, b: str) -> int:
    """How many leading characters two strings share."""
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


# -- the index, per process -------------------------------------------------------------

_lock = threading.Lock()
_cached: tuple[tuple, Index] | None = None


def signature() -> tuple:
    """A cheap fingerprint of the vocabulary tables, read in one query.

    Terms, conditions and solutions are added and removed (counts and the highest id move:
    ids are never reused) or a condition or solution is edited (its `updated_at` moves).
    Vocabulary rows are updated in place only when their code gains or loses children, which
    adds or removes rows as well.
    """
    quote = connection.ops.quote_name
    parts = []
    for model in (VocabularyTerm, ConditionTerm, Condition, Solution):
        table = quote(model._meta.db_table)
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX(id) FROM {table})"]
    for model in (Condition, Solution):
        parts.append(f"(SELECT MAX(updated_at) FROM {quote(model._meta.db_table)})")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")
        return (connection.alias, connection.settings_dict["NAME"], *cursor.fetchone())


def build_index() -> Index:
    return Index(
        conditions=Condition.objects.values_list("id", "name", "slug", "summary", "icd10_codes"),
        condition_terms=ConditionTerm.objects.values_list("condition_id", "term", "key"),
        vocabulary=VocabularyTerm.objects.values_list("code", "term", "key", "source").iterator(
            chunk_size=10_000
        ),
        solutions=Solution.objects.values_list("id", "name", "slug"),
        everyday=everyday_names(),
    )


def current_index() -> Index:
    """The index for the database as it is now: one query when unchanged, five when not."""
    global _cached
    current = signature()
    cached = _cached
    if cached is None or cached[0] != current:
        with _lock:
            cached = _cached
            if cached is None or cached[0] != current:
                cached = _cached = (current, build_index())
    return cached[1]


# -- what the views call ----------------------------------------------------------------


def find_condition(query: str, *, index: Index | None = None) -> SearchResult:
    """Resolve what someone typed: a condition or solution to go to, a condition we know
    without a page, or suggestions for what they may have meant."""
    result = SearchResult(query=clean_query(query))
    key = normalise(result.query)
    if not key:
        return result
    index = index or current_index()

    code = parse_code(result.query)
    if code:
        candidates = [code]
        if code.endswith("X") and len(code.rstrip("X")) >= 3:
            candidates.append(code.rstrip("X"))  # "F51.0x" stands for the whole category
        for candidate in candidates:
            result.condition = index.condition_for_code(candidate)
            if result.condition:
                return result
            row = index.row_for_code(candidate)
            if row is not None:
                return recognise(result, index, row)

    variants = index.variants(result.query)
    for variant in variants:
        if find_exactly(result, index, variant):
            return result
    for variant in variants:
        row = index.row_with_same_words(variant.split()[:MAX_WORDS])
        if row is not None:
            result.condition = index.condition_for_code(compact_code(index.codes[row]))
            if not result.condition:
                recognise(result, index, row)
            return result

    result.suggestions = did_you_mean(index, key)
    return result


def find_exactly(result: SearchResult, index: Index, key: str) -> bool:
    """Whether `key` is exactly something we know, filling in `result` if so.

    Our pages first (a condition's name or synonym, a solution's name, an ICD-10-CM term
    under a condition's codes), then our everyday names, whose broad meaning ("diabetes":
    E08–E13) wins over narrower ICD-10-CM terms, then the ICD-10-CM vocabulary.
    """
    pk = index.condition_by_key.get(key)
    if pk is not None:
        result.condition = index.conditions[pk]
        return True
    pk = index.solution_by_key.get(key, index.solution_by_key.get(key.replace(" ", "")))
    if pk is not None:
        result.solution = index.solutions[pk]
        return True

    rows = index.rows_with_key(key)
    for row in rows:
        result.condition = index.condition_for_code(compact_code(index.codes[row]))
        if result.condition:
            return True
    everyday = index.everyday_by_key.get(key)
    if everyday and rows and index.codes[rows[0]] == everyday.code:
        everyday = None  # the same meaning: ICD-10-CM's own wording says more
    if everyday:
        result.condition = index.everyday_condition(everyday)
        if not result.condition:
            recognise_everyday(result, index, everyday)
        return True
    if rows:
        recognise(result, index, rows[0])
        return True
    return False


def recognise(result: SearchResult, index: Index, row: int) -> SearchResult:
    result.recognised = Recognised(term=index.terms[row], code=index.codes[row])
    result.closest = index.closest_conditions(compact_code(index.codes[row]), index.keys[row])
    return result


def recognise_everyday(result: SearchResult, index: Index, name: EverydayName) -> None:
    result.recognised = Recognised(term=name.name, code=name.display_code)
    within = name.code_range
    code = within[0] if within else compact_code(name.code)
    result.closest = index.closest_conditions(code, normalise(name.name), within=within)


def did_you_mean(index: Index, key: str) -> list[Suggestion]:
    """Up to five things the user may have meant: our conditions first, then ICD-10-CM terms."""
    words = [index.correct(word) for word in key.split()[:MAX_WORDS]]
    corrected = [word for word in words if word]
    suggestions: list[Suggestion] = []
    if corrected:
        suggestions += index.conditions_matching(corrected, last_is_prefix=False)
    names = {position: item[0] for position, item in enumerate(index.condition_keys)}
    for _, _, position in process.extract(
        key, names, scorer=fuzz.ratio, score_cutoff=75, limit=DID_YOU_MEAN_LIMIT
    ):
        _, pk, term = index.condition_keys[position]
        suggestions.append(index.condition_suggestion(pk, term))
    if corrected:
        phrase = " ".join(corrected)
        suggestions += [
            index.everyday_suggestion(name)
            for name in index.everyday_with_prefix(phrase, limit=DID_YOU_MEAN_LIMIT)
        ]
        rows = [
            *index.rows_with_key(phrase),
            *index.rows_with_prefix(phrase, limit=DID_YOU_MEAN_LIMIT * 4),
            *take(index.rows_with_words(corrected, last_is_prefix=False), DID_YOU_MEAN_LIMIT * 4),
        ]
        suggestions += vocabulary_suggestions(index, rows, taken=suggestions)
    return unique(suggestions)[:DID_YOU_MEAN_LIMIT]


def suggest(query: str) -> list[Suggestion]:
    """Suggestions as someone types: conditions we have pages for, then ICD-10-CM terms."""
    key = normalise(clean_query(query))
    if len(key) < 2:
        return []
    index = current_index()
    if CODE_PREFIX.fullmatch(key.replace(" ", "")):
        suggestions = suggest_codes(index, key.replace(" ", "").upper())
        if suggestions:
            return suggestions  # else not a code after all: "h1n1"

    words = key.split()[:MAX_WORDS]
    suggestions = suggest_words(index, words, everyday=everyday_key(clean_query(query)))
    if not suggestions and len(key) >= 4:
        corrected = [index.correct(word) or word for word in words]
        if corrected != words:
            suggestions = suggest_words(index, corrected, everyday=" ".join(corrected))
    return suggestions


def suggest_words(index: Index, words: list[str], *, everyday: str) -> list[Suggestion]:
    """Our conditions, then solutions and everyday names starting with `everyday` (the
    query's everyday key: "can't sl" is "cant sl"), then ICD-10-CM terms."""
    key = " ".join(words)
    suggestions = index.conditions_matching(words, last_is_prefix=True)[:5]
    suggestions += index.solutions_with_prefix(everyday, limit=3)
    suggestions += [
        index.everyday_suggestion(name)
        for name in index.everyday_with_prefix(everyday, limit=SUGGESTION_LIMIT)
    ]
    rows = [
        *index.rows_with_prefix(key, limit=SUGGESTION_LIMIT * 4),
        *take(index.rows_with_words(words, last_is_prefix=True), SUGGESTION_LIMIT * 4),
    ]
    suggestions += vocabulary_suggestions(index, rows, taken=suggestions)
    return unique(suggestions)[:SUGGESTION_LIMIT]


def suggest_codes(index: Index, prefix: str) -> list[Suggestion]:
    """For a code being typed: the condition covering it or under it, then matching codes."""
    suggestions = []
    covering = index.condition_for_code(prefix)
    if covering:
        suggestions.append(index.condition_suggestion(covering.id))
    for code, pk in sorted(index.condition_by_code.items()):
        if code.startswith(prefix):
            suggestions.append(index.condition_suggestion(pk, dotted_code(code)))
    rows = index.code_rows(prefix, limit=SUGGESTION_LIMIT)
    suggestions += [
        Suggestion(
            label=f"{index.codes[row]} {index.terms[row]}",
            url=search_url(index.codes[row]),
            detail="ICD-10-CM",
        )
        for row in rows
    ]
    return unique(suggestions)[:SUGGESTION_LIMIT]


def vocabulary_suggestions(
    index: Index, rows: Iterable[int], *, taken: list[Suggestion]
) -> list[Suggestion]:
    """One suggestion per distinct term, leaving out terms that name a suggested condition.

    A term whose code falls under one of our conditions leads to that condition's page.
    """
    seen = {normalise(suggestion.label) for suggestion in taken}
    seen |= {normalise(suggestion.detail) for suggestion in taken if suggestion.detail}
    found = []
    for row in rows:
        key = normalise(index.terms[row])
        if key in seen:
            continue
        seen.add(key)
        covering = index.condition_for_code(compact_code(index.codes[row]))
        if covering:
            found.append(index.condition_suggestion(covering.id, index.terms[row]))
        else:
            found.append(index.vocabulary_suggestion(row))
    return found


def unique(suggestions: list[Suggestion]) -> list[Suggestion]:
    seen: set[str] = set()
    found = []
    for suggestion in suggestions:
        if suggestion.url not in seen:
            seen.add(suggestion.url)
            found.append(suggestion)
    return found


def take(rows: Iterator[int], limit: int) -> list[int]:
    return list(islice(rows, limit))
