import pytest
from django.core.exceptions import ValidationError

from aposbook.lib.text_checks import check_member_text


def check(text: str) -> str:
    return check_member_text(text, min_length=10, max_length=200, what="story")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Please write your story."),
        ("   \n\t ", "Please write your story."),
        (
            "too short",
            "Your story is too short: please write at least 10 characters (you wrote 9).",
        ),
        ("x " * 150, "Your story is too long: please keep it under 200 characters"),
        ("Hello <script>alert(1)</script> there", "Please remove the HTML tags or script links"),
        ("Click [here](javascript:alert(1)) now", "Please remove the HTML tags or script links"),
        ("An <IMG SRC=x onerror=alert(1)> test", "Please remove the HTML tags or script links"),
        ("A " + "a" * 61 + " word", "no word may be longer than 60 characters"),
        ("Great " + "😀" * 40, "Please write in words"),
        ("Sooooooooooooooooooooooooooo good", "Please write in words"),
    ],
)
def test_it_refuses_bad_text_with_a_clear_message(text, message):
    with pytest.raises(ValidationError) as error:
        check(text)

    assert message in error.value.messages[0]


@pytest.mark.parametrize(
    "text",
    [
        "Magnesium glycinate helped me sleep 😊 after two weeks.",
        "See https://pubmed.ncbi.nlm.nih.gov/23853635/?utm_source=a-very-long-tracking-value-xyz",
        "I took 300 mg — at night, with food; no side effects.",
    ],
)
def test_it_accepts_ordinary_text(text):
    assert check(text) == text.strip()


def test_it_refuses_a_huge_word_dressed_up_as_a_link():
    huge = "https://" + "a" * 9_000

    with pytest.raises(ValidationError) as error:
        check_member_text(f"Look: {huge}", min_length=10, max_length=10_000)

    assert error.value.messages == [
        "Please shorten the link: no link may be longer than 500 characters."
    ]
    link = "https://example.com/" + "a" * 480
    assert check_member_text(link, min_length=10, max_length=10_000) == link


def test_it_strips_null_bytes_and_surrounding_space():
    assert check("  Slept better\x00 at last.  ") == "Slept better at last."
