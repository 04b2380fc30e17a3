"""Import or update the ICD-10-CM vocabulary from the simple-icd-10-cm package, offline."""

from __future__ import annotations

import importlib.metadata
import re
import sys
import time
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import NamedTuple, cast

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Q
from tqdm import tqdm

from aposbook.lib.pagecache import LIBRARY, changed
from aposbook.library.models import VocabularyTerm
from aposbook.library.vocabulary import compact_code, dotted_code, normalise

BATCH_SIZE = 2000
# The stubs allow a field without max_length; `term` is a CharField, which always has one.
TERM_MAX_LENGTH = cast(int, VocabularyTerm._meta.get_field("term").max_length)
EDITION = re.compile(
    r"(January|February|March|April|May|June|July|August|September|October|"
    r"November|December)-(?:\d{1,2}-)?(\d{4})"
)

Identity = tuple[str, str, str]  # (code, source, term), unique in the table


class Values(NamedTuple):
    key: str
    is_leaf: bool


@dataclass
class Summary:
    added: int = 0
    updated: int = 0
    removed: int = 0
    total: int = 0


def load_icd10() -> ModuleType:
    """The simple-icd-10-cm module, which reads its data files when first imported."""
    with warnings.catch_warnings():
        # It reads them with importlib.resources calls that Python 3.11 deprecates.
        warnings.simplefilter("ignore", DeprecationWarning)
        from simple_icd_10_cm import simple_icd_10_cm
    return simple_icd_10_cm


def icd10_edition() -> str:
    """The edition of the code set the package ships, e.g. "April 2026"."""
    cm = load_icd10()
    # The package names its data files after the edition and offers no public accessor.
    data_file = getattr(cm, "_classification_data_package_file_name", "")
    match = EDITION.search(data_file)
    return f"{match[1]} {match[2]}" if match else "unknown"


def read_icd10_terms(
    prefixes: list[str], *, progress: bool = False
) -> Iterator[tuple[Identity, Values]]:
    """Every code's description and inclusion terms, for the codes under `prefixes` (all if empty).

    Chapters and blocks ("A00-A09") are left out: they group codes, nobody types them, and
    their titles carry the range. A few inclusion "terms" are long explanatory notes that
    do not fit the column; they are not names anyone searches for, so they are skipped.
    """
    cm = load_icd10()
    codes = [
        code
        for code in cm.get_all_codes(True)
        if not cm.is_chapter_or_block(code)
        and (not prefixes or compact_code(code).startswith(tuple(prefixes)))
    ]
    for code in tqdm(codes, desc="Reading ICD-10-CM", unit=" codes", disable=not progress):
        is_leaf = cm.is_leaf(code)
        terms = [(VocabularyTerm.Source.DESCRIPTION, cm.get_description(code))]
        terms += [(VocabularyTerm.Source.INCLUSION, term) for term in cm.get_inclusion_term(code)]
        for source, term in terms:
            term = term.strip()
            if term and len(term) <= TERM_MAX_LENGTH:
                yield (code, source.value, term), Values(normalise(term)[:TERM_MAX_LENGTH], is_leaf)


def in_scope(prefixes: list[str]) -> Q:
    """The rows an import limited to `prefixes` owns (and so may update or remove)."""
    scope = Q()
    for prefix in prefixes:
        scope |= Q(code__startswith=dotted_code(prefix))
    return scope


def chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def sync_vocabulary(
    wanted: dict[Identity, Values], *, prefixes: list[str], progress: bool = False
) -> Summary:
    """Make the vocabulary rows under `prefixes` equal `wanted`: add, update and remove."""
    existing = VocabularyTerm.objects.filter(in_scope(prefixes)).values_list(
        "id", "code", "source", "term", "key", "is_leaf"
    )
    to_update: list[VocabularyTerm] = []
    to_remove: list[int] = []
    seen: set[Identity] = set()
    for pk, code, source, term, key, is_leaf in existing.iterator(chunk_size=BATCH_SIZE):
        identity = (code, source, term)
        values = wanted.get(identity)
        if values is None:
            to_remove.append(pk)
        elif values != (key, is_leaf):
            to_update.append(VocabularyTerm(id=pk, key=values.key, is_leaf=values.is_leaf))
        seen.add(identity)
    to_add = [
        VocabularyTerm(code=code, source=source, term=term, key=values.key, is_leaf=values.is_leaf)
        for (code, source, term), values in wanted.items()
        if (code, source, term) not in seen
    ]

    work = len(to_remove) + len(to_update) + len(to_add)
    with tqdm(total=work, desc="Writing", unit=" terms", disable=not progress or not work) as bar:
        for batch in chunks(to_remove, 500):
            VocabularyTerm.objects.filter(id__in=batch).delete()
            bar.update(len(batch))
        for batch in chunks(to_update, BATCH_SIZE):
            VocabularyTerm.objects.bulk_update(batch, ["key", "is_leaf"])
            bar.update(len(batch))
        for batch in chunks(to_add, BATCH_SIZE):
            VocabularyTerm.objects.bulk_create(batch)
            bar.update(len(batch))
    if work:
        changed(LIBRARY)  # Bulk writes send no signal; search suggestions show the vocabulary.
    return Summary(
        added=len(to_add), updated=len(to_update), removed=len(to_remove), total=len(wanted)
    )


class Command(BaseCommand):
    help = (
        "Import the ICD-10-CM code descriptions and inclusion terms into the search vocabulary, "
        "or bring them up to date (adds new terms, updates changed ones, removes the rest)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only",
            default="",
            help='Comma-separated code prefixes to limit the import to, e.g. "G47,F51,G43".',
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the vocabulary already has terms.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars.")

    def handle(
        self, *args: object, only: str, if_empty: bool, no_progress: bool, **options: object
    ) -> None:
        if if_empty and VocabularyTerm.objects.exists():
            self.stdout.write("The ICD-10-CM vocabulary is already imported; nothing to do.")
            return

        started = time.monotonic()
        prefixes = sorted({compact_code(prefix) for prefix in only.split(",") if prefix.strip()})
        progress = not no_progress and sys.stderr.isatty()
        wanted = dict(read_icd10_terms(prefixes, progress=progress))
        summary = sync_vocabulary(wanted, prefixes=prefixes, progress=progress)

        package = importlib.metadata.version("simple-icd-10-cm")
        scope = f" under {', '.join(prefixes)}" if prefixes else ""
        self.stdout.write(
            f"ICD-10-CM {icd10_edition()} edition (simple-icd-10-cm {package}){scope}: "
            f"{summary.added:,} added, {summary.updated:,} updated, {summary.removed:,} removed, "
            f"{summary.total:,} terms in total ({time.monotonic() - started:.1f} s)."
        )
