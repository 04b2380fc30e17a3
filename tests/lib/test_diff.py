from aposbook.lib.diff import Conflict, Piece, diff_counts, merge3, tokens, word_diff

BASE = (
    "Magnesium may help some adults fall asleep.\n\n"
    "Take it in the evening.\n\n"
    "Ask your pharmacist about interactions."
)


def test_tokens_give_the_text_back_exactly() -> None:
    text = "Dose: 200–400 mg,\n\ttaken at night (1, 2)."
    assert "".join(tokens(text)) == text


def test_it_marks_a_replaced_word_as_deleted_then_inserted() -> None:
    pieces = word_diff("Magnesium may help sleep.", "Magnesium may improve sleep.")

    assert pieces == [
        Piece("equal", "Magnesium may "),
        Piece("delete", "help"),
        Piece("insert", "improve"),
        Piece("equal", " sleep."),
    ]


def test_either_text_can_be_rebuilt_from_the_diff() -> None:
    old, new = BASE, BASE.replace("evening", "early evening").replace("Ask", "Please ask")
    pieces = word_diff(old, new)

    assert "".join(p.text for p in pieces if p.kind != "insert") == old
    assert "".join(p.text for p in pieces if p.kind != "delete") == new
    assert diff_counts(pieces) == (3, 1)


def test_identical_texts_have_one_equal_piece() -> None:
    assert word_diff(BASE, BASE) == [Piece("equal", BASE)]


def test_changes_in_different_places_merge_by_themselves() -> None:
    ours = BASE.replace("some adults", "some older adults")
    theirs = BASE.replace("pharmacist", "doctor or pharmacist")

    merged = merge3(BASE, ours, theirs)

    assert merged.is_clean
    assert merged.text() == BASE.replace("some adults", "some older adults").replace(
        "pharmacist", "doctor or pharmacist"
    )


def test_changes_to_different_words_of_one_sentence_merge() -> None:
    merged = merge3(
        "Take it in the evening.", "Take it in the late evening.", "Take one in the evening."
    )

    assert merged.is_clean
    assert merged.text() == "Take one in the late evening."


def test_overlapping_changes_are_a_conflict() -> None:
    ours = BASE.replace("in the evening", "after dinner")
    theirs = BASE.replace("in the evening", "an hour before bed")

    merged = merge3(BASE, ours, theirs)

    assert not merged.is_clean
    [conflict] = merged.conflicts
    assert conflict == Conflict(
        base="in the evening", ours="after dinner", theirs="an hour before bed"
    )
    assert merged.text(prefer="ours") == ours
    assert merged.text(prefer="theirs") == theirs


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    both = BASE.replace("Take it", "Take magnesium")

    merged = merge3(BASE, both, both)

    assert merged.is_clean
    assert merged.text() == both


def test_two_insertions_at_the_same_place_are_a_conflict() -> None:
    merged = merge3("A B", "A x B", "A y B")

    assert [c.ours.strip() for c in merged.conflicts] == ["x"]
    assert [c.theirs.strip() for c in merged.conflicts] == ["y"]


def test_a_side_that_changed_nothing_takes_the_other() -> None:
    theirs = BASE + "\n\nA new paragraph."

    assert merge3(BASE, BASE, theirs).text() == theirs
    assert merge3(BASE, theirs, BASE).text() == theirs
