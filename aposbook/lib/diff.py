"""Word-level differences between two texts, and three-way merges.

Texts are compared as tokens: runs of word characters, runs of white space, and single
punctuation marks, so a diff marks whole words and a merge can take two editors' changes to
different sentences of the same paragraph. Joining the tokens gives the text back exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)

Kind = Literal["equal", "insert", "delete"]


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


@dataclass(frozen=True)
class Piece:
    """A run of text that both versions share (`equal`), or that one of them adds
    (`insert`) or removes (`delete`)."""

    kind: Kind
    text: str


Opcode = tuple[str, int, int, int, int]

# Below this many tokens a run is compared token by token; above it, paragraph by paragraph
# and then sentence by sentence first. SequenceMatcher's time grows with the square of the
# length when tokens repeat (every space is the same token), so a 5,000-word text compared
# in one go takes minutes; compared by paragraphs first it takes milliseconds.
SMALL_RUN = 300
# A changed run still this long after splitting (one enormous paragraph without sentences)
# is shown as replaced whole, rather than let one page take minutes.
LARGEST_RUN = 3000


def _opcodes(before: list[str], after: list[str]) -> list[Opcode]:
    """Opcodes from `before` to `after`, with the white space between two changes folded
    into one change: "in the evening" → "after dinner" is one replacement, not three that
    happen to keep the spaces."""
    folded: list[Opcode] = []
    for opcode in _joined_opcodes(_segmented(before, after, [_lines, _sentences])):
        operation, _, i2, _, j2 = opcode
        if operation != "equal" and len(folded) >= 2:
            gap, change = folded[-1], folded[-2]
            if gap[0] == "equal" and change[0] != "equal" and _blank(before[gap[1] : gap[2]]):
                folded[-2:] = [("replace", change[1], i2, change[3], j2)]
                continue
        folded.append(opcode)
    return folded


Splitter = Callable[[list[str]], list[list[str]]]


def _segmented(before: list[str], after: list[str], splitters: list[Splitter]) -> list[Opcode]:
    if len(before) <= SMALL_RUN and len(after) <= SMALL_RUN:
        matcher = SequenceMatcher(None, before, after, autojunk=False)
        return list(matcher.get_opcodes())
    if not splitters:
        if len(before) > LARGEST_RUN or len(after) > LARGEST_RUN:
            return [("replace", 0, len(before), 0, len(after))]
        return list(SequenceMatcher(None, before, after, autojunk=False).get_opcodes())
    split, finer = splitters[0], splitters[1:]
    segments_before, segments_after = split(before), split(after)
    starts_before, starts_after = _starts(segments_before), _starts(segments_after)
    matcher = SequenceMatcher(
        None,
        ["".join(segment) for segment in segments_before],
        ["".join(segment) for segment in segments_after],
        autojunk=False,
    )
    opcodes: list[Opcode] = []
    for operation, s1, s2, t1, t2 in matcher.get_opcodes():
        i1, i2 = starts_before[s1], starts_before[s2]
        j1, j2 = starts_after[t1], starts_after[t2]
        if operation == "equal":
            opcodes.append(("equal", i1, i2, j1, j2))
            continue
        for op, a1, a2, b1, b2 in _segmented(before[i1:i2], after[j1:j2], finer):
            opcodes.append((op, a1 + i1, a2 + i1, b1 + j1, b2 + j1))
    return opcodes


def _starts(segments: list[list[str]]) -> list[int]:
    """Where each segment starts in the token list, and where the last one ends."""
    starts = [0]
    for segment in segments:
        starts.append(starts[-1] + len(segment))
    return starts


def _split_after(token_list: list[str], ends: Callable[[str], bool]) -> list[list[str]]:
    segments: list[list[str]] = [[]]
    for token in token_list:
        segments[-1].append(token)
        if ends(token):
            segments.append([])
    return [segment for segment in segments if segment]


def _lines(token_list: list[str]) -> list[list[str]]:
    return _split_after(token_list, lambda token: "\n" in token)


def _sentences(token_list: list[str]) -> list[list[str]]:
    return _split_after(token_list, lambda token: token in {".", "!", "?", ";", ":"})


def _joined_opcodes(opcodes: list[Opcode]) -> list[Opcode]:
    """Neighbouring opcodes of the same sort joined: equal with equal, changes into one."""
    joined: list[Opcode] = []
    for operation, i1, i2, j1, j2 in opcodes:
        if i1 == i2 and j1 == j2:
            continue
        changed = operation != "equal"
        if joined and (joined[-1][0] != "equal") == changed:
            previous = joined[-1]
            kind = "replace" if changed and previous[0] != operation else previous[0]
            joined[-1] = (kind, previous[1], i2, previous[3], j2)
        else:
            joined.append((operation, i1, i2, j1, j2))
    return joined


def _blank(run: list[str]) -> bool:
    return all(token.isspace() for token in run)


def word_diff(old: str, new: str) -> list[Piece]:
    """How to go from `old` to `new`, word by word; a replaced word is its deletion followed
    by its insertion."""
    before, after = tokens(old), tokens(new)
    pieces: list[Piece] = []
    for operation, i1, i2, j1, j2 in _opcodes(before, after):
        if operation == "equal":
            _append(pieces, "equal", "".join(before[i1:i2]))
            continue
        if operation in ("delete", "replace"):
            _append(pieces, "delete", "".join(before[i1:i2]))
        if operation in ("insert", "replace"):
            _append(pieces, "insert", "".join(after[j1:j2]))
    return pieces


def _append(pieces: list[Piece], kind: Kind, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Piece(kind, pieces[-1].text + text)
    else:
        pieces.append(Piece(kind, text))


def diff_counts(pieces: list[Piece]) -> tuple[int, int]:
    """How many words a diff inserts and deletes."""
    inserted = sum(len(re.findall(r"\w+", p.text)) for p in pieces if p.kind == "insert")
    deleted = sum(len(re.findall(r"\w+", p.text)) for p in pieces if p.kind == "delete")
    return inserted, deleted


# --- Three-way merge ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hunk:
    """One side's change to the base: tokens start:end of the base become `replacement`."""

    start: int
    end: int
    replacement: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    """Both sides changed the same part of the base, differently."""

    base: str
    ours: str
    theirs: str


@dataclass(frozen=True)
class Merge:
    """The result of merging: the pieces in order, plain text or conflicts."""

    pieces: tuple[str | Conflict, ...]

    @property
    def conflicts(self) -> list[Conflict]:
        return [piece for piece in self.pieces if isinstance(piece, Conflict)]

    @property
    def is_clean(self) -> bool:
        return not self.conflicts

    def text(self, *, prefer: Literal["ours", "theirs"] = "ours") -> str:
        """The merged text; each conflict resolved with one side's version."""
        return "".join(
            getattr(piece, prefer) if isinstance(piece, Conflict) else piece
            for piece in self.pieces
        )


def _hunks(base: list[str], other: list[str]) -> list[_Hunk]:
    return [
        _Hunk(i1, i2, tuple(other[j1:j2]))
        for operation, i1, i2, j1, j2 in _opcodes(base, other)
        if operation != "equal"
    ]


def _touch(a: _Hunk, b: _Hunk) -> bool:
    """Whether two changes concern the same place of the base. Two insertions at one point,
    or an insertion at the edge of a replaced run, are the same place too: their order
    would be a guess."""
    if a.start == a.end or b.start == b.end:
        return a.start <= b.end and b.start <= a.end
    return a.start < b.end and b.start < a.end


def merge3(base: str, ours: str, theirs: str) -> Merge:
    """Merge two texts that both started from `base`: changes in different places are all
    kept; changes to the same place are a conflict unless both made the same change."""
    base_tokens = tokens(base)
    changes = [(hunk, "ours") for hunk in _hunks(base_tokens, tokens(ours))]
    changes += [(hunk, "theirs") for hunk in _hunks(base_tokens, tokens(theirs))]
    changes.sort(key=lambda change: (change[0].start, change[0].end))

    pieces: list[str | Conflict] = []
    position = 0
    index = 0
    while index < len(changes):
        group = [changes[index]]
        start, end = changes[index][0].start, changes[index][0].end
        index += 1
        # Gather every change that touches the group, on either side.
        while index < len(changes) and any(_touch(changes[index][0], h) for h, _ in group):
            group.append(changes[index])
            end = max(end, changes[index][0].end)
            index += 1
        pieces.append("".join(base_tokens[position:start]))
        pieces.append(_resolve(base_tokens, start, end, group))
        position = end
    pieces.append("".join(base_tokens[position:]))
    return Merge(tuple(_joined(pieces)))


def _side_text(base_tokens: list[str], start: int, end: int, hunks: list[_Hunk]) -> str:
    """One side's version of base[start:end], with its changes applied."""
    out: list[str] = []
    position = start
    for hunk in sorted(hunks, key=lambda h: (h.start, h.end)):
        out.extend(base_tokens[position : hunk.start])
        out.extend(hunk.replacement)
        position = hunk.end
    out.extend(base_tokens[position:end])
    return "".join(out)


def _resolve(
    base_tokens: list[str], start: int, end: int, group: list[tuple[_Hunk, str]]
) -> str | Conflict:
    ours = [hunk for hunk, side in group if side == "ours"]
    theirs = [hunk for hunk, side in group if side == "theirs"]
    ours_text = _side_text(base_tokens, start, end, ours)
    theirs_text = _side_text(base_tokens, start, end, theirs)
    if not ours or not theirs or ours_text == theirs_text:
        # Only one side changed this place, or both made the same change.
        return ours_text if ours else theirs_text
    return Conflict(base="".join(base_tokens[start:end]), ours=ours_text, theirs=theirs_text)


def _joined(pieces: list[str | Conflict]) -> list[str | Conflict]:
    """Adjacent plain pieces joined, empty ones dropped."""
    out: list[str | Conflict] = []
    for piece in pieces:
        if isinstance(piece, str):
            if not piece:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += piece
                continue
        out.append(piece)
    return out
