"""The Lark grammar of a schema, and the LALR acceptor that decides the format gate.

The grammar is derived from the schema (``grammar_text``); the SafeGRPO one is also kept as
``safegrpo.lark`` so it can be read and reviewed, and a test keeps the two identical. The
scanner yields one symbol per marker and one per run of text, so the parser never sees raw
characters and parsing stays linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lark import Lark, Token
from lark.exceptions import UnexpectedToken

from safereward.scan import Marker
from safereward.schema import SAFEGRPO, BlockSpec, Schema, TagSpec, per_schema

TEXT, WS = "TEXT", "WS"


def terminal(name: str, close: bool) -> str:
    return f"{name.upper()}_{'CLOSE' if close else 'OPEN'}"


def grammar_text(schema: Schema) -> str:
    """Lark grammar accepting exactly the well-structured responses of ``schema``.

    Values, emptiness of tag contents and cardinality of unordered tags are checked by the
    validator; the grammar fixes nesting, order and what may stand between blocks.
    """
    first, rest = schema.blocks[0], schema.blocks[1:]
    tail = " ".join(f"{b.name} WS?" for b in rest)
    alternatives = [f"WS? {first.name} WS? {tail}".rstrip()]
    if first.prefilled:
        alternatives.append(f"{first.name}_prefilled WS? {tail}".rstrip())
    lines = [
        f"// Grammar of the {schema.name!r} protocol, derived by safereward.grammar.grammar_text.",
        "// Terminals come from safereward.scan: one per block/tag marker, TEXT and WS for the",
        "// runs of text between them (WS when the run is only whitespace).",
        "",
        "start: " + "\n     | ".join(a.replace("  ", " ") for a in alternatives),
        "",
    ]
    for block in schema.blocks:
        lines.extend(_block_rules(block))
    for block in schema.blocks:
        for tag in block.tags:
            lines.extend(_tag_rules(tag))
    lines.append("_text: TEXT | WS")
    lines.append("")
    terminals = [terminal(n, c) for n in _names(schema) for c in (False, True)]
    lines.append("%declare " + " ".join([*terminals, TEXT, WS]))
    return "\n".join(lines) + "\n"


def _names(schema: Schema) -> list[str]:
    return [b.name for b in schema.blocks] + list(schema.tag_names)


def _block_rules(block: BlockSpec) -> list[str]:
    body = f"{block.name}_body"
    rules = [f"{block.name}: {terminal(block.name, False)} {body} {terminal(block.name, True)}"]
    if block.prefilled:
        rules.append(f"{block.name}_prefilled: {body} {terminal(block.name, True)}")
    if not block.tags:
        rules.append(f"{body}: TEXT" if block.nonempty else f"{body}: _text?")
    elif block.ordered:
        items = " ".join(_cardinal(f"{t.name} _text?", t) for t in block.tags)
        rules.append(f"{body}: _text? {items}")
    else:
        choice = " | ".join(t.name for t in block.tags)
        rules.append(f"{body}: _text? ((({choice})) _text?)*")
    rules.append("")
    return rules


def _cardinal(item: str, tag: TagSpec) -> str:
    return {"one": f"({item})", "optional": f"({item})?", "many": f"({item})+"}[tag.cardinality]


def _tag_rules(tag: TagSpec) -> list[str]:
    return [f"{tag.name}: {terminal(tag.name, False)} _text? {terminal(tag.name, True)}", ""]


@dataclass(frozen=True)
class GrammarError:
    offset: int
    message: str


_END = "$END"


@dataclass(frozen=True)
class Acceptor:
    """Feeds the scanner's token types to the LALR(1) parser Lark builds from the grammar,
    through Lark's public interactive API.

    The parser sees one token per marker or run of text, never characters, so a check is
    linear. It runs only on responses the validator found nothing wrong with, which the direct
    readers did not take: rare in training, so its cost (tens of microseconds) does not show.
    """

    grammar: str
    lark: Lark

    @classmethod
    def from_grammar(cls, grammar: str) -> Acceptor:
        return cls(grammar, Lark(grammar, parser="lalr", lexer="basic", start="start"))

    def check(self, text: str, markers: list[Marker]) -> GrammarError | None:
        """None when ``text`` is in the language, else where and why it is not."""
        parser = self.lark.parse_interactive()
        for sym, offset in _symbols(text, markers):
            try:
                if sym == _END:
                    parser.feed_eof()
                else:
                    parser.feed_token(Token(sym, ""))
            except UnexpectedToken as exc:
                expected = ", ".join(sorted(s for s in exc.expected if s.isupper())) or "nothing"
                what = "end of response" if sym == _END else sym
                return GrammarError(offset, f"unexpected {what}; expected {expected}")
        return None


def _symbols(text: str, markers: list[Marker]) -> list[tuple[str, int]]:
    """Token types with their offsets, ending with Lark's end-of-input ``$END``."""
    out: list[tuple[str, int]] = []
    pos = 0
    for m in markers:
        if m.start > pos:
            out.append((TEXT if has_text(text, pos, m.start) else WS, pos))
        out.append((terminal(m.name, m.close), m.start))
        pos = m.end
    if pos < len(text):
        out.append((TEXT if has_text(text, pos, len(text)) else WS, pos))
    out.append((_END, len(text)))
    return out


_NON_SPACE = re.compile(r"\S")


def has_text(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a non-whitespace character, without copying it."""
    return _NON_SPACE.search(text, start, end) is not None


def first_text(text: str, start: int, end: int) -> int:
    """Offset of the first non-whitespace character in the range (``end`` if none)."""
    found = _NON_SPACE.search(text, start, end)
    return found.start() if found else end


@per_schema
def acceptor_for(schema: Schema) -> Acceptor:
    """The schema's acceptor; SafeGRPO's comes from the shipped, reviewed file."""
    return Acceptor.from_grammar(shipped_grammar() if schema == SAFEGRPO else grammar_text(schema))


def shipped_grammar() -> str:
    """The reviewed SafeGRPO grammar, as kept in ``safereward/safegrpo.lark``."""
    return (Path(__file__).parent / "safegrpo.lark").read_text(encoding="utf-8")
