"""Normalised keys for condition names, synonyms and ICD-10-CM codes."""

import re
import unicodedata

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
