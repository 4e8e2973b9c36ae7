"""An answer's view cut into the units a reader weighs one at a time.

A refusal may explain at length; help hidden in it sits in a few of its units: a step, a list
item, a table row, a link, a line of code. The help judge (``help.py``) reads each unit on its
own and the answer verdict takes the most helpful one, so a long explanation cannot dilute one
step into a refusal, and a long refusal is read whole without windows.

Units are cut from the view (``view.visible_text``: one space between words), at sentence
ends, before list markers, at table bars and before "Step N". A link's address is read as the
words its path spells ("/how-to-mix-the-two" reads "how to mix the two"). A run longer than
``UNIT`` characters is read in windows that overlap by half, cut at spaces, so no scrap of a
cut is read without its context. Each unit is read with its frame: the nearest earlier
unit that announces what follows (it ends in a colon: "Never do the following:", "Instead,
here are safer options:"). The same list reads as help after "Here's how anyway:" and as
advice after "To protect your own card:". The refusal an answer opens with frames nothing: an
honest refusal and a refusal that goes on to help open alike. Kept free of numpy and of
any ML framework.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from safereward.refusal.content import can_help

__all__ = [
    "UNIT",
    "first_clauses",
    "first_sentence",
    "first_units",
    "framed_units",
    "units",
    "worth_reading",
]

UNIT = 200
"""Most characters in a unit: a step, a list item or a sentence; longer runs are cut."""

# A view has single spaces only (``visible_text``). Units are cut in passes of ``str`` methods
# (a C scan, ~1 ns a character), each pass run only where its cue occurs; a regex scan costs
# ~10 ns a character in Python's engine, and one regex of every cut ~45. A cue is looked for
# only where its first character occurs (a memchr scan, ~0.1 ns a character): a scan for a
# pair ending in a space stops at every space.
_ENDS = (". ", "! ", "? ", "; ")
_RARE_ENDS = _ENDS[1:]
_WIDE_ENDS = ("\u3002", "\uff0e", "\uff01", "\uff1f", "\uff1b")
_LIST = re.compile(r" (?=(?:\d{1,2}\)|[-*\u2022\u00b7\u2023\u25aa#>]+) )")
_LIST_CUES = (") ", "- ", "* ", "# ", "> ")
_BULLETS = ("\u2022", "\u00b7", "\u2023", "\u25aa")
_STEP_WORDS = ("step",)
"""Words before a step number that open a unit where no punctuation does ("Step 1 do X Step 2
do Y"); other languages' step words follow a sentence end in practice, which cuts anyway."""
_LIST_NUMBER = re.compile(r"\(?\d{1,2}[.)]")
"""A list item's number: "1.", "12)", "(3)"."""
_CUT = "\x00"
_LINK = re.compile(r"(?:https?://|www\.)\S+|\]\([^)\s]+\)")
_LINK_PUNCT = re.compile(r"[-_/.+=?&#%:()\]\[]+")
_EMPTY = " |-*#>:.\u2022"
_SENTENCE_END = re.compile(r"[.!?\u3002\uff0e\uff01\uff1f](?= |$)")
_COLONS = (":", "\uff1a")
_CLAUSE = re.compile(r"(?<=[,:;]) |(?<=[\uff0c\uff1a\uff1b\u3001])")
"""Where a clause ends inside a sentence: after a comma, colon or semicolon and a space, or
after their CJK forms."""
_READ_AHEAD = 4
"""``first_units`` reads ``_READ_AHEAD * size`` characters of the view, then four times more
while its first units are not all found."""


def _spelled(link: re.Match[str]) -> str:
    return " " + _LINK_PUNCT.sub(" ", link.group()).strip() + " "


def _has(text: str, cue: str) -> bool:
    """``cue in text`` for a cue whose first character is rare in prose (a bracket, a hyphen,
    a list marker): a memchr scan for that character and a look at each place it occurs,
    where a scan for the pair stops at every space."""
    first = cue[0]
    at = text.find(first)
    while at >= 0:
        if text.startswith(cue, at):
            return True
        at = text.find(first, at + 1)
    return False


def _has_link(view: str) -> bool:
    return ("/" in view and "://" in view) or ("]" in view and "](" in view) or "www." in view


def _sentences(view: str) -> list[str]:
    """The view cut after sentence ends; a list number ("1.", "(2)") opens the unit after it."""
    # No cut creates or removes another: each consumes the space after its own end character.
    marked = view.replace(". ", "." + _CUT)
    for end in _RARE_ENDS:
        if end[0] in marked:
            marked = marked.replace(end, end[0] + _CUT)
    if not view.isascii():
        for end in _WIDE_ENDS:
            if end in marked:
                marked = marked.replace(end, end + _CUT)
    pieces = [piece.strip() for piece in marked.split(_CUT)]
    if not any([piece[-2:-1].isdigit() for piece in pieces[:-1]]):  # no list number to move
        return [piece for piece in pieces if piece]
    out: list[str] = []
    glue = ""
    last = len(pieces) - 1
    for k, piece in enumerate(pieces):
        piece = glue + piece
        glue = ""
        if k < last and piece[-2:-1].isdigit():  # "... 1." may be a list number
            head, _, number = piece.rpartition(" ")
            if _LIST_NUMBER.fullmatch(number):
                glue = number + " "
                piece = head
        if piece:
            out.append(piece)
    return out


def units(view: str, size: int = UNIT) -> list[str]:
    """The view's units in order, none empty, none longer than ``size``."""
    if _has_link(view):
        view = " ".join(_LINK.sub(_spelled, view).split())
    return _units(view, _sentences(view), size)


def _units(view: str, parts: list[str], size: int) -> list[str]:
    """``parts`` (sentences of ``view``) cut at table bars, list markers and steps, stripped,
    those without a character of text left out, long ones cut at a space. What ``view`` holds
    only decides which cuts are looked for: each is made within a part."""
    if "|" in view:
        parts = [p for part in parts for p in part.split("|")]
    cues = [c for c in _LIST_CUES if c[0] in view and _has(view, c)]
    if ") " in cues and not _numbered(view):  # "(see above) ..." numbers no list item
        cues.remove(") ")
    if not view.isascii():
        cues += [c for c in _BULLETS if c in view]
    if cues:
        parts = [
            p
            for part in parts
            for p in (_LIST.split(part) if any(c in part for c in cues) else (part,))
        ]
    low = view.lower()
    words = [w for w in _STEP_WORDS if w in low]
    if words:  # one C scan per word; most views hold none
        parts = [p for part in parts for p in _before_steps(part, words)]
    out = [part for part in map(str.strip, parts) if part.strip(_EMPTY)]
    if not out or max(map(len, out)) <= size:
        return out
    return [w for part in out for w in (_windows(part, size) if len(part) > size else (part,))]


def _windows(part: str, size: int) -> list[str]:
    """A run longer than ``size`` (a sentence without an end, a code block, a JSON blob) as
    windows of at most ``size`` characters, each overlapping the next by half: the run is cut
    into halves at spaces and each window is two neighbouring halves. Cut end to end, a run
    leaves a last piece of a word or two ("aligns", "World War II.") that a reader of units
    weighs without the sentence it ends; in windows no piece is read alone, and a step that
    straddles a cut is read whole in the window that spans it."""
    half = max((size - 1) // 2, 2)
    spans: list[tuple[int, int]] = []
    start, end = 0, len(part)
    while end - start > half:
        cut = part.rfind(" ", start + half // 2, start + half)
        cut = start + half if cut < 0 else cut
        spans.append((start, cut))
        start = cut + 1 if part[cut] == " " else cut
    spans.append((start, end))
    windows = (part[a:d].strip() for (a, _), (_, d) in pairwise(spans))
    return [w for w in windows if w]


def _numbered(view: str) -> bool:
    """Whether some ") " in the view follows a digit, as a list number's does ("2) "): the
    only way ``_LIST`` cuts at a ") "."""
    at = view.find(") ", 1)
    while at > 0:
        if view[at - 1].isdigit():  # str.isdigit holds for every digit \d matches
            return True
        at = view.find(") ", at + 2)
    return False


def first_units(view: str, count: int, size: int = UNIT) -> list[str]:
    """``units(view, size)[:count]``, reading no more of a long view than they need: the units
    of every sentence of a prefix but its last (which the prefix may cut short) are the
    view's."""
    if count <= 0:
        return []
    reach = _READ_AHEAD * size
    if reach < len(view) and not _has_link(view):  # a link rewrites the view: read it whole
        while reach < len(view):
            prefix = view[:reach]
            pieces = _sentences(prefix)
            if len(pieces) > count:
                found = _units(prefix, pieces[:-1], size)
                if len(found) >= count:
                    return found[:count]
            reach *= 4
    return units(view, size)[:count]


def _before_steps(part: str, words: list[str]) -> list[str]:
    """``part`` cut before each "Step 3" it holds."""
    low = part.lower()
    cuts = []
    for word in words:
        at = low.find(word, 1)
        while at > 0:
            end = at + len(word)
            if low[at - 1] == " " and low[end : end + 2].lstrip()[:1].isdigit():
                cuts.append(at - 1)
            at = low.find(word, end)
    if not cuts:
        return [part]
    pieces, start = [], 0
    for cut in sorted(cuts):
        pieces.append(part[start:cut])
        start = cut + 1
    pieces.append(part[start:])
    return pieces


def first_sentence(view: str, limit: int = 100) -> str:
    """The view's first sentence, at most ``limit`` characters: what a refusal opens with.

    A longer sentence ends at its last clause mark within the limit (else its last space), so
    what follows starts with a clause or a word: cut mid-word, "..., and you're asking how to
    pa|ck the powder into the pipe." leaves "ck the powder into the pipe.", a step."""
    end = _SENTENCE_END.search(view, 0, limit)
    if end:
        return view[: end.end()]
    if len(view) <= limit:
        return view
    head = view[:limit]
    cut = max((m.start() for m in _CLAUSE.finditer(head)), default=0)
    if cut > 1:  # the mark is at cut - 1: one that opens the view ends no clause
        return head[:cut]
    cut = head.rfind(" ")
    return head[:cut] if cut > 0 else head


def first_clauses(unit: str, count: int) -> list[str]:
    """The first ``count`` clauses of a unit (``_CLAUSE``), or none when it is one clause."""
    pieces = _CLAUSE.split(unit, maxsplit=count)
    return pieces[:count] if len(pieces) > 1 else []


_SHORT = 32
"""Characters up to which a unit must show a word of content to be read at all."""


def worth_reading(unit: str, readable: Callable[[str], bool] = can_help) -> bool:
    """Whether the help judge reads ``unit``: a long one always; one of ``_SHORT`` characters or
    fewer only when ``readable`` (by default, when it says enough to help, ``content.can_help``:
    "Step 3: ok", "0A" and a bare "No." carry too few n-grams, and the judge would read them by
    its prior). Its training keeps every unit with a word of content, labelled by its answer."""
    return len(unit) > _SHORT or readable(unit)


def framed_units(
    view: str,
    head: int | None = 100,
    size: int = UNIT,
    readable: Callable[[str], bool] = can_help,
) -> list[tuple[str, str]]:
    """The units after the view's first sentence (at most ``head`` characters; ``head=None``:
    every unit; the rest of a longer first sentence, when under ``head // 2`` characters, is
    read with the words before it), each with its frame (the last unit before it that ends in
    a colon, else nothing), each (unit, frame) pair once (a refusal repeated to fill pages is
    one pair); units that are not ``worth_reading`` are left out."""
    first = "" if head is None else first_sentence(view, head)
    rest = view[len(first) :] if first else view
    if first and rest and _SENTENCE_END.search(first) is None:
        # the first sentence runs past ``head``: a short rest of it is read with the words
        # before it, as a window is (``_windows``), not as a fragment on its own
        end = _SENTENCE_END.search(view, len(first))
        stop = end.end() if end else len(view)
        if stop - len(first) < head // 2:
            start = view.rfind(" ", 0, max(stop - head // 2, 0)) + 1
            # but not back past a semicolon, where units are cut anyway: the words between it
            # and the rest would be a fragment on their own ("sin pagar; eso es robo.")
            for mark in ("; ", "\uff1b"):
                at = view.rfind(mark, start, len(first) + 1)
                start = start if at < 0 else at + len(mark)
            rest = view[start:]
    found = units(rest, size)
    # a unit with no word of content helps nobody ("Step 3: ok", "0A"); long ones always have one
    if ":" not in rest and "\uff1a" not in rest:  # no unit ends in a colon: nothing frames
        return [(u, "") for u in dict.fromkeys(found) if worth_reading(u, readable)]
    frame = ""  # the refusal a unit follows frames nothing: refusals and attacks share it
    out: dict[tuple[str, str], None] = {}
    for unit in found:
        if unit.endswith(_COLONS):
            frame = unit
        if worth_reading(unit, readable):
            out[unit, frame] = None
    return list(out)
