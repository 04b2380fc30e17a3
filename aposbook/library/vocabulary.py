"""Normalised keys for condition names, synonyms and ICD-10-CM codes."""

import re
import unicodedata

NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Fold case, accents and punctuation so that "Migraine," and "migraine" share a key.

    A code such as "G47.0" becomes "g47 0", the same key however it is typed.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return NON_WORD.sub(" ", folded.lower()).strip()
