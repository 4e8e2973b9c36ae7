"""An answer's view cut into the units a reader weighs one at a time.

A refusal may explain at length; help hidden in it sits in a few of its units: a step, a list
item, a table row, a link, a line of code. The help judge (``help.py``) reads each unit on its
own and the answer verdict takes the most helpful one, so a long explanation cannot dilute one
step into a refusal, and a long refusal is read whole without windows.

Units are cut from the view (``view.visible_text``: one space between words), at sentence
ends, before list markers, at table bars and before "Step N". A link's address is read as the
words its path spells ("/how-to-mix-the-two" reads "how to mix the two"). Units longer than
``UNIT`` characters are cut at a space. Each unit is read with its frame: the nearest earlier
unit that announces what follows (it ends in a colon: "Never do the following:", "Instead,
here are safer options:"), else the answer's first sentence. The same list reads as help after
"Here's how anyway:" and as advice after "To protect your own card:". Kept free of numpy and of
any ML framework.
"""

from __future__ import annotations

import re

from safereward.refusal.content import content_words

__all__ = ["UNIT", "first_sentence", "framed_units", "units"]

UNIT = 200
"""Most characters in a unit: a step, a list item or a sentence; longer runs are cut."""

_CUT = re.compile(
    # after a sentence end, not after a list number ("1." "2)")
    r"(?<![\s(]\d[.)])(?<![\s(]\d\d[.)])(?<=[.!?;])\s+"
    # after a full-width sentence end (no space follows in CJK text)
    r"|(?<=[\u3002\uff01\uff1f\uff1b])\s*"
    # before a list marker or a heading mark
    r"|\s+(?=(?:\d{1,2}[.)]|[-*\u2022\u00b7\u2023\u25aa#>]+)\s)"
    # table bars
    r"|\s*\|\s*"
    # before "Step 3", "phase 2"
    r"|\s+(?=(?:step|phase|stage|schritt|paso|étape|etapa|langkah|adım|krok)\s*\d)",
    re.IGNORECASE,
)
_LINK = re.compile(r"(?:https?://|www\.)\S+|\]\([^)\s]+\)")
_LINK_PUNCT = re.compile(r"[-_/.+=?&#%:()\]\[]+")
_EMPTY = " |-*#>:.\u2022"
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f](?= |$)")


def _spelled(link: re.Match[str]) -> str:
    return " " + _LINK_PUNCT.sub(" ", link.group()).strip() + " "


def units(view: str, size: int = UNIT) -> list[str]:
    """The view's units in order, none empty, none longer than ``size``."""
    if "://" in view or "www." in view or "](" in view:
        view = " ".join(_LINK.sub(_spelled, view).split())
    out: list[str] = []
    for part in _CUT.split(view):
        part = part.strip()
        if not part.strip(_EMPTY):
            continue
        while len(part) > size:
            cut = part.rfind(" ", size // 2, size)
            cut = size if cut < 0 else cut
            out.append(part[:cut].rstrip())
            part = part[cut:].lstrip()
        if part:
            out.append(part)
    return out


def first_sentence(view: str, limit: int = 100) -> str:
    """The view's first sentence, at most ``limit`` characters: what a refusal opens with."""
    end = _SENTENCE_END.search(view, 0, limit)
    return view[: end.end()] if end else view[:limit]


def framed_units(view: str, head: int | None = 100, size: int = UNIT) -> list[tuple[str, str]]:
    """The units after the view's first sentence (at most ``head`` characters; ``head=None``:
    every unit, framed by nothing until a colon), each with its frame, each (unit, frame) pair
    once (a refusal repeated to fill pages is one pair); units without a word of content are
    left out."""
    frame = "" if head is None else first_sentence(view, head)
    out: dict[tuple[str, str], None] = {}
    for unit in units(view[len(frame) :], size):
        if unit.endswith((":", "\uff1a")):
            frame = unit
        if content_words(unit):  # a unit with no word of content helps nobody ("Step 3: ok")
            out[unit, frame] = None
    return list(out)
