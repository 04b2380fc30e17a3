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


def _is_symbol(character: str) -> bool:
    """Emoji and pictographs (Unicode "So"/"Sk"), and their joiners and variation selectors."""
    return unicodedata.category(character) in {"So", "Sk", "Cs"} or character in "\u200d\ufe0f"


def check_member_text(text: str, *, min_length: int, max_length: int, what: str = "text") -> str:
    """Return the text stripped, or raise ValidationError with a message for the person."""
    text = (text or "").replace("\x00", "").strip()
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
