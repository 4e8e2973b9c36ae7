"""One compiled scan that turns a response into markers (block and tag boundaries).

The pattern ``<``, an optional ``/``, an ASCII name and ``>`` has no nested quantifier, so the
scan is linear on every input; names the schema does not know (``<div>``, ``<b>``) are text.
Everything that is not a marker is text, so arbitrary ``<``, ``>``, HTML and code pass through.
Case-insensitivity is ASCII-only: Unicode case folding would let look-alikes such as U+017F
(long s) or U+212A (Kelvin sign) spell a tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from safereward.schema import Schema, per_schema

MARKER_PATTERN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9_]*)>")


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

    table: dict[str, tuple[str, bool, bool]]
    """Marker as written (lower-cased unless case-sensitive) -> (name, is_block, close)."""
    case_sensitive: bool
    split_pattern: re.Pattern[str]
    """Only the schema's markers, for ``re.split``: the pieces alternate text and a marker's
    name as written. Unknown tags such as ``<br>`` stay text, so they do not spoil the one-pass
    read of an otherwise well-formed response."""

    @classmethod
    def build(cls, schema: Schema) -> Scanner:
        blocks = {b.name for b in schema.blocks}
        table = {}
        for name in [*blocks, *schema.tag_names]:
            for close in (False, True):
                written = f"<{'/' if close else ''}{name}>"
                key = written if schema.case_sensitive else written.lower()
                table[key] = (name, name in blocks, close)
        names = sorted({name for name, _, _ in table.values()}, key=len, reverse=True)
        flags = 0 if schema.case_sensitive else re.IGNORECASE | re.ASCII
        alternatives = "|".join(map(re.escape, names))
        split_pattern = re.compile(f"<(/?(?:{alternatives}))>", flags)
        return cls(table=table, case_sensitive=schema.case_sensitive, split_pattern=split_pattern)

    def iter_markers(self, text: str) -> Iterator[Marker]:
        """Markers in order, found as they are asked for: a reader that has seen enough stops
        the scan, which bounds the cost of a megabyte of repeated tags."""
        table, exact = self.table, self.case_sensitive
        new = tuple.__new__  # NamedTuple's own __new__ is a Python function: 3x slower
        for m in MARKER_PATTERN.finditer(text):
            written = m.group()
            info = table.get(written)
            if info is None:
                if exact:
                    continue
                info = table.get(written.lower())
                if info is None:
                    continue
            yield new(Marker, info + m.span())

    def markers(self, text: str) -> list[Marker]:
        return list(self.iter_markers(text))


@per_schema
def scanner_for(schema: Schema) -> Scanner:
    """The schema's scanner, built once."""
    return Scanner.build(schema)
