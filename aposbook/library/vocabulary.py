"""Normalised keys for condition names, synonyms and ICD-10-CM codes, and our everyday names."""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

NON_WORD = re.compile(r"[^a-z0-9]+")
CODE = re.compile(r"[a-z][0-9][0-9a-z]{1,5}")  # "g47", "g4700", "t360x1a"


def normalise(text: str) -> str:
    """Fold case, accents and punctuation so that "Migraine," and "migraine" share a key.

    A code such as "G47.0" becomes "g47 0", the same key however it is typed.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return NON_WORD.sub(" ", folded.lower()).strip()


def compact_code(code: str) -> str:
    """An ICD-10-CM code without its dot, in capitals: "g47.00" becomes "G4700"."""
    return code.replace(".", "").strip().upper()


def dotted_code(code: str) -> str:
    """An ICD-10-CM code as people write it, with a dot after the category: "G4700" → "G47.00"."""
    code = compact_code(code)
    return f"{code[:3]}.{code[3:]}" if len(code) > 3 else code


def parse_code(text: str) -> str | None:
    """The compact code that `text` spells if it looks like an ICD-10-CM code, else None.

    Lenient about case, dots and spaces: "G47.0", "g47.0", "G470" and "g47 0" all give
    "G470". Whether the code exists is for the caller to check.
    """
    compact = normalise(text).replace(" ", "")
    return compact.upper() if CODE.fullmatch(compact) else None


# -- everyday names -------------------------------------------------------------------------

EVERYDAY_NAMES_FILE = Path(__file__).resolve().parent / "data" / "everyday_names.tsv"
APOSTROPHES = re.compile(r"['’`´]")
# British spellings that ICD-10-CM (an American code set) writes otherwise, as whole-word
# rewrites: "diarrhoea", "anaemia", "oesophagus", "tumour", "goitre", "hospitalised".
BRITISH_SPELLINGS = [
    (re.compile(r"ae"), "e"),
    (re.compile(r"oe"), "e"),
    (re.compile(r"our$"), "or"),
    (re.compile(r"([^aeiou])tre$"), r"\1ter"),
    (re.compile(r"is(e|ed|es|ing|ation)$"), r"iz\1"),
    (re.compile(r"yse$"), "yze"),
]


@dataclass(frozen=True)
class EverydayName:
    """A name people use for a condition, with the ICD-10-CM code or range it means."""

    name: str
    code: str  # "I21", or a range of categories such as "E08-E13"

    @property
    def code_range(self) -> tuple[str, str] | None:
        """The first and last category of a range ("E08", "E13"), or None for one code."""
        first, _, last = self.code.partition("-")
        return (compact_code(first), compact_code(last)) if last else None

    @property
    def display_code(self) -> str:
        """The code as people read it: "I21", or "E08–E13" with an en dash for a range."""
        return self.code.replace("-", "–")


def everyday_key(text: str) -> str:
    """The key of an everyday name: `normalise` without apostrophes, so that "Crohn's",
    "Crohns" and "Crohn’s" share one, and "can't sleep" matches "cant sleep"."""
    return normalise(APOSTROPHES.sub("", text))


def american_spelling(word: str) -> str:
    """`word` with British spellings rewritten the American way ICD-10-CM writes them."""
    for pattern, replacement in BRITISH_SPELLINGS:
        word = pattern.sub(replacement, word)
    return word


def singular(key: str) -> str:
    """The key with its last word made singular the regular way: "kidney stones" →
    "kidney stone", "allergies" → "allergy"; unchanged when it does not look plural."""
    head, _, last = key.rpartition(" ")
    if len(last) <= 3 or last.endswith(("ss", "us", "is")):
        return key
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith(("shes", "ches", "xes")):
        last = last[:-2]
    elif last.endswith("s"):
        last = last[:-1]
    return f"{head} {last}" if head else last


@cache
def everyday_names() -> tuple[EverydayName, ...]:
    """Our curated everyday names (data/everyday_names.tsv), read once per process."""
    names = []
    for line in EVERYDAY_NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, _, written = line.partition("\t")
        names += [EverydayName(name.strip(), code.strip()) for name in written.split(" | ")]
    return tuple(names)
