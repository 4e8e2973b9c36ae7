"""One compiled scan that turns a response into markers (block and tag boundaries).

The pattern ``<``, an optional ``/``, an ASCII name and ``>`` has no nested quantifier, so the
scan is linear on every input; names the schema does not know (``<div>``, ``<b>``) are text.
Everything that is not a marker is text, so arbitrary ``<``, ``>``, HTML and code pass through.
Case-insensitivity is ASCII-only: Unicode case folding would let look-alikes such as U+017F
(long s) or U+212A (Kelvin sign) spell a tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from safereward.schema import Schema

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

    lookup: dict[str, str]
    """Name as written (lower-cased unless case-sensitive) -> canonical name."""
    blocks: frozenset[str]
    case_sensitive: bool

    @classmethod
    def build(cls, schema: Schema) -> Scanner:
        names = [b.name for b in schema.blocks] + list(schema.tag_names)
        fold = (lambda n: n) if schema.case_sensitive else str.lower
        return cls(
            lookup={fold(n): n for n in names},
            blocks=frozenset(b.name for b in schema.blocks),
            case_sensitive=schema.case_sensitive,
        )

    def markers(self, text: str) -> list[Marker]:
        lookup, blocks, exact = self.lookup, self.blocks, self.case_sensitive
        out = []
        new = tuple.__new__
        for m in MARKER_PATTERN.finditer(text):
            slash, written = m.groups()
            name = lookup.get(written if exact else written.lower())
            if name is not None:
                start, end = m.span()
                out.append(new(Marker, (name, name in blocks, slash == "/", start, end)))
        return out


_SCANNERS: dict[int, tuple[Schema, Scanner]] = {}


def scanner_for(schema: Schema) -> Scanner:
    """The schema's scanner, cached by identity (hashing a schema costs more than a scan)."""
    entry = _SCANNERS.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = _SCANNERS[id(schema)] = (schema, Scanner.build(schema))
    return entry[1]
