"""Reading numbers that come from the client."""


def parse_id(value: str | None) -> int | None:
    """A positive database id written in ASCII digits, or None for anything else.

    `str.isdigit()` accepts "²" and other digits that `int()` refuses; this never raises."""
    if not value or not value.isascii() or not value.isdecimal() or len(value) > 18:
        return None
    number = int(value)
    return number if number > 0 else None
