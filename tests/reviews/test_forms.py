"""Bad input in the review form: a clear message next to the field, the input kept, nothing
stored changed; and what members write is shown escaped or sanitised."""

import re
from html import escape

import pytest

from aposbook.library.models import SolutionForm
from aposbook.reviews.models import Review, ReviewStats
from tests.factories import EvidenceFactory, ReviewFactory, SolutionFactory
from tests.helpers import page_text
from tests.reviews.test_reviews import STORY, review_data

pytestmark = pytest.mark.django_db

MARKUP = "Please remove the HTML tags or script links: write plain text or Markdown."
LONG_WORD = "Please break up very long words: no word may be longer than 60 characters."
FLOOD = "Please write in words: your text is mostly emoji or repeated characters."
LONG_STORY = "word " * 1001  # 5,004 characters once stripped
HUGE_WORD = "a" * 10_000


@pytest.fixture
def magnesium(insomnia):
    solution = SolutionFactory(name="Magnesium", slug="magnesium")
    SolutionForm.objects.create(solution=solution, name="Citrate")
    EvidenceFactory(solution=solution, condition=insomnia)
    return solution


BAD_INPUT = [
    ("story", "", "Please write your story."),
    ("story", "   ", "Please write your story."),
    (
        "story",
        "Too short.",
        "Your story is too short: please write at least 50 characters (you wrote 10).",
    ),
    (
        "story",
        LONG_STORY,
        "Your story is too long: please keep it under 5,000 characters (you wrote 5,004).",
    ),
    (
        "story",
        HUGE_WORD,
        "Your story is too long: please keep it under 5,000 characters (you wrote 10,000).",
    ),
    ("story", f"{STORY} {'b' * 100}", LONG_WORD),
    ("story", f"{STORY} <script>alert('x')</script>", MARKUP),
    ("story", f"{STORY} [more](javascript:alert(1))", MARKUP),
    ("story", "😀" * 60, FLOOD),
    ("story", f"{STORY} {'!' * 40}", FLOOD),
    ("side_effects_text", "", "Please describe the side effects you had."),
    ("side_effects_text", "<iframe src=x></iframe> cramps", MARKUP),
    ("side_effects_text", HUGE_WORD, "Your description is too long"),
    ("dose", "<script>alert(1)</script>", MARKUP),
    ("dose", "javascript:alert(1)", MARKUP),
    ("dose", "b" * 100, LONG_WORD),
    ("dose", "x " * 70, "Your dose is too long: please keep it under 120 characters"),
    ("effectiveness", "11", "Please rate how well it worked, from 1 to 10."),
    ("effectiveness", "", "Please rate how well it worked, from 1 to 10."),
    ("side_effects", "", "Please say whether you had side effects."),
    ("duration", "", "Please say how long you took it."),
    ("duration", "forever", "Please choose one of the periods in the list."),
    ("recommends", "", "Please say whether you would recommend it."),
    ("condition", "scurvy", "Please choose one of the conditions in the list."),
]


def field_error(response, field: str) -> str:
    """The error shown next to `field`, as the reader sees it."""
    html = response.content.decode()
    match = re.search(rf'<p class="error" id="id_{field}_error">(.*?)</p>', html, flags=re.S)
    return " ".join(match.group(1).split()) if match else ""


def assert_kept(response, data: dict[str, str], field: str) -> None:
    """What the member typed comes back in the form, escaped."""
    html = response.content.decode()
    for name in ["story", "side_effects_text", "dose"]:
        if data[name].strip():
            assert escape(data[name], quote=False) in html or escape(data[name]) in html, name
    if field != "effectiveness":
        assert re.search(rf'value="{data["effectiveness"]}"[^>]*checked', html)


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT)
def test_a_new_review_with_bad_input_is_refused_and_kept(
    client, alice, magnesium, field, value, message
) -> None:
    client.force_login(alice)
    data = review_data(**{field: value})

    response = client.post("/solutions/magnesium/reviews/new/", data)

    assert response.status_code == 200
    assert message in field_error(response, field)
    assert "Please check the fields marked below: nothing has been saved yet." in page_text(
        response
    )
    assert_kept(response, data, field)
    assert not Review.objects.exists()
    assert not ReviewStats.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    # An edit keeps the review's condition: the form has no condition field.
    [case for case in BAD_INPUT if case[0] != "condition"],
)
def test_an_edit_with_bad_input_changes_nothing(
    client, alice, magnesium, insomnia, field, value, message
) -> None:
    review = ReviewFactory(author=alice, solution=magnesium, condition=insomnia, story=STORY)
    stored = Review.objects.values().get(pk=review.pk)
    figures = ReviewStats.objects.values().get()
    client.force_login(alice)
    data = review_data(**{field: value})

    response = client.post(f"/reviews/{review.pk}/edit/", data)

    assert response.status_code == 200
    assert message in field_error(response, field)
    assert_kept(response, data, field)
    assert Review.objects.values().get(pk=review.pk) == stored
    assert ReviewStats.objects.values().get() == figures


def test_a_form_of_another_solution_is_refused(client, alice, magnesium) -> None:
    other = SolutionFactory()
    capsule = SolutionForm.objects.create(solution=other, name="Capsule")
    client.force_login(alice)

    response = client.post(
        "/solutions/magnesium/reviews/new/", review_data(solution_form=str(capsule.pk))
    )

    assert "Please choose one of the forms in the list." in field_error(response, "solution_form")
    assert not Review.objects.exists()


def test_side_effect_text_is_dropped_when_there_were_none(client, alice, magnesium) -> None:
    client.force_login(alice)

    client.post(
        "/solutions/magnesium/reviews/new/",
        review_data(side_effects="none", side_effects_text="Something I typed first."),
    )

    assert Review.objects.get().side_effects_text == ""


def test_a_refused_script_comes_back_escaped(client, alice, magnesium) -> None:
    client.force_login(alice)
    story = f"{STORY} <script>alert('story')</script>"

    response = client.post("/solutions/magnesium/reviews/new/", review_data(story=story))

    html = response.content.decode()
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&#x27;story&#x27;)&lt;/script&gt;" in html


XSS = {
    "story": f'{STORY} <b onmouseover="alert(1)">bold</b> <details open ontoggle=alert(2)>',
    "side_effects_text": '"><b onmouseover=alert(3)>cramps</b>',
    "dose": "<b onmouseover=alert(4)>200 mg</b>",
}


def test_what_members_write_is_shown_escaped(client, alice, magnesium) -> None:
    client.force_login(alice)
    client.post("/solutions/magnesium/reviews/new/", review_data(**XSS))
    client.logout()

    for url in ["/solutions/magnesium/reviews/", "/solutions/magnesium/"]:
        html = client.get(url).content.decode()
        assert "onmouseover" in html  # shown as text…
        assert "<b onmouseover" not in html  # …never as markup
        assert "<details open" not in html and "ontoggle=alert(2)&gt;" in html
        assert '&lt;b onmouseover="alert(1)"&gt;bold&lt;/b&gt;' in html  # text, in a <p>
        assert "&quot;&gt;&lt;b onmouseover=alert(3)&gt;cramps&lt;/b&gt;" in html
        assert "&lt;b onmouseover=alert(4)&gt;200 mg&lt;/b&gt;" in html


def test_links_in_a_story_go_through_the_leaving_page(client, alice, magnesium) -> None:
    client.force_login(alice)

    client.post(
        "/solutions/magnesium/reviews/new/",
        review_data(story=f"{STORY} I read [this trial](https://example.org/trial) first."),
    )

    story_html = Review.objects.get().story_html
    assert 'href="/leave/?' in story_html
    assert 'rel="nofollow ugc noopener"' in story_html
    assert 'href="https://example.org' not in story_html


def test_the_edit_form_of_an_xss_review_is_escaped(client, alice, magnesium) -> None:
    client.force_login(alice)
    client.post("/solutions/magnesium/reviews/new/", review_data(**XSS))
    review = Review.objects.get()

    html = client.get(f"/reviews/{review.pk}/edit/").content.decode()

    assert "<b onmouseover" not in html
    assert "&lt;b onmouseover=alert(4)&gt;200 mg&lt;/b&gt;" in html
