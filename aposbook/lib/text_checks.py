"""Checks for what members write, shared by every community form.

Markdown is sanitised when rendered, so these checks are not the XSS defence: they tell a
person clearly why a text will not be posted, and keep floods and junk out of the pages.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

LONGEST_WORD = 60
# Links may be longer than words (they are exempt from that limit), but not without end:
# otherwise "https://" in front of a 10,000-character word would let it through.
LONGEST_LINK = 500
MARKUP = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style|svg|img|form)\b", re.IGNORECASE)
DANGEROUS_LINK = re.compile(r"(java|vb)script\s*:|data\s*:\s*text/html", re.IGNORECASE)
URL = re.compile(r"https?://\S+", re.IGNORECASE)
SAME_CHARACTER_RUN = re.compile(r"(.)\1{19,}", re.DOTALL)
# Embeddings, overrides and isolates reorder the text around them: "gpj.exe" shows as
# "exe.jpg", a name reads backwards. Nobody types them by hand; every member text loses them.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# In a name, also the marks that change nothing visible (left-to-right and right-to-left
# marks, zero-width spaces and joiners, the word joiner, the byte-order mark): two names that
# look the same must be the same text. Posts keep these: emoji and some scripts need joiners.
INVISIBLE_IN_NAMES = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u200b-\u200d\u2060\ufeff]")
# Letters that look like Latin ones (Cyrillic, Greek) and digits that pass for letters, as a
# reader sees them in a name. Applied after casefolding, so lower case is enough.
LOOKALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "і": "l", "ї": "l", "ј": "j", "к": "k",
        "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x",
        "ѕ": "s", "ԁ": "d", "ɡ": "g", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "l",
        "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "0": "o",
        "1": "l", "i": "l", "|": "l", "!": "l", "$": "s", "@": "a",
    }
)  # fmt: skip
# A title in front of a name copies the name all the same: "Dr Erin Hale" is "Erin Hale".
HONORIFICS = {"dr", "doctor", "prof", "professor", "mr", "mrs", "ms"}


def _is_symbol(character: str) -> bool:
    """Emoji and pictographs (Unicode "So"/"Sk"), and their joiners and variation selectors."""
    return unicodedata.category(character) in {"So", "Sk", "Cs"} or character in "\u200d\ufe0f"


def normalise_name(name: str) -> str:
    """A display name as it is stored: NFKC (so full-width and ligature letters become
    plain ones), without bidirectional or zero-width controls, spaces collapsed."""
    name = INVISIBLE_IN_NAMES.sub("", unicodedata.normalize("NFKC", name))
    return " ".join(name.split())


def _skeleton_word(word: str) -> str:
    without_marks = "".join(
        character
        for character in unicodedata.normalize("NFD", word)
        if not unicodedata.category(character).startswith("M")
    )
    plain = without_marks.translate(LOOKALIKES)
    return "".join(character for character in plain if character.isalnum()).replace("rn", "m")


def name_skeleton(name: str) -> str:
    """What a name looks like to a reader: two names with the same skeleton pass for each
    other. Case, accents, spaces, punctuation, a title in front and look-alike letters from
    other scripts ("Еrin" with a Cyrillic Е, "Er1n", "E r i n") make no difference."""
    folded = normalise_name(name).casefold()
    words = [skeleton for word in folded.split() if (skeleton := _skeleton_word(word))]
    if len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return "".join(words)


def check_member_text(text: str, *, min_length: int, max_length: int, what: str = "text") -> str:
    """Return the text stripped (and without bidirectional controls), or raise
    ValidationError with a message for the person."""
    text = BIDI_CONTROLS.sub("", (text or "").replace("\x00", "")).strip()
    if not text:
        raise ValidationError(f"Please write your {what}.", code="empty")
    if len(text) < min_length:
        raise ValidationError(
            f"Your {what} is too short: please write at least {min_length} characters "
            f"(you wrote {len(text)}).",
            code="too_short",
        )
    if len(text) > max_length:
        raise ValidationError(
            f"Your {what} is too long: please keep it under {max_length:,} characters "
            f"(you wrote {len(text):,}).",
            code="too_long",
        )
    if MARKUP.search(text) or DANGEROUS_LINK.search(text):
        raise ValidationError(
            "Please remove the HTML tags or script links: write plain text or Markdown.",
            code="markup",
        )
    if any(len(link) > LONGEST_LINK for link in URL.findall(text)):
        raise ValidationError(
            f"Please shorten the link: no link may be longer than {LONGEST_LINK} characters.",
            code="long_link",
        )
    without_links = URL.sub("", text)
    if any(len(word) > LONGEST_WORD for word in without_links.split()):
        raise ValidationError(
            f"Please break up very long words: no word may be longer than {LONGEST_WORD} "
            "characters.",
            code="long_word",
        )
    symbols = sum(1 for character in text if _is_symbol(character))
    if (symbols > 20 and symbols > len(text) / 4) or SAME_CHARACTER_RUN.search(without_links):
        raise ValidationError(
            "Please write in words: your text is mostly emoji or repeated characters.",
            code="flood",
        )
    return text
