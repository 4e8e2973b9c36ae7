"""One compiled scan that turns a response into markers (block and tag boundaries).

Everything that is not a marker is text, so arbitrary ``<``, ``>``, HTML and code pass
through untouched. The pattern is a literal ``<`` followed by an alternation of fixed names:
no nested quantifier, hence linear time on every input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from safereward.schema import Schema


class Marker(NamedTuple):
    name: str
    """Canonical tag or block name as the schema spells it."""
    is_block: bool
    close: bool
    start: int
    end: int


@dataclass(frozen=True)
class Scanner:
    """Finds every marker of a schema in one pass."""

    pattern: re.Pattern[str]
    names: tuple[str, ...]
    """Name of each capture group after the first (the slash)."""
    blocks: frozenset[str]

    def markers(self, text: str) -> list[Marker]:
        names, blocks = self.names, self.blocks
        out = []
        for m in self.pattern.finditer(text):
            # The matching group's index names the marker: no case folding of the matched text,
            # which Unicode case-insensitive matching would make ambiguous (e.g. U+017F).
            name = names[m.lastindex - 2]  # type: ignore[operator]
            out.append(Marker(name, name in blocks, m.group(1) == "/", m.start(), m.end()))
        return out


@lru_cache(maxsize=64)
def scanner_for(schema: Schema) -> Scanner:
    blocks = [b.name for b in schema.blocks]
    names = blocks + list(schema.tag_names)
    # Longest first so that a name that prefixes another cannot shadow it.
    ordered = tuple(sorted(names, key=len, reverse=True))
    alternation = "|".join(f"({re.escape(n)})" for n in ordered)
    flags = 0 if schema.case_sensitive else re.IGNORECASE
    return Scanner(
        pattern=re.compile(f"<(/?)(?:{alternation})>", flags),
        names=ordered,
        blocks=frozenset(blocks),
    )
