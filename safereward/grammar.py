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

from lark import Lark
from lark.parsers.lalr_analysis import Shift

from safereward.scan import Marker
from safereward.schema import SAFEGRPO, BlockSpec, Schema, TagSpec

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
    """Runs the LALR(1) table Lark builds from the grammar over the scanner's token types.

    Lark's own ``parse`` builds a tree we never read and costs ~100 us per response; driving
    its parse table directly decides the same language in a few microseconds.
    """

    grammar: str
    actions: dict[int, dict[str, tuple[bool, object]]]
    start: int
    end: int

    @classmethod
    def from_grammar(cls, grammar: str) -> Acceptor:
        lark = Lark(grammar, parser="lalr", start="start")
        table = lark.parser.parser.parser.parse_table
        actions = {
            state: {
                str(sym): (True, arg)
                if act is Shift
                else (False, (str(arg.origin.name), len(arg.expansion)))
                for sym, (act, arg) in row.items()
            }
            for state, row in table.states.items()
        }
        return cls(grammar, actions, table.start_states["start"], table.end_states["start"])

    def check(self, text: str, markers: list[Marker]) -> GrammarError | None:
        """None when ``text`` is in the language, else where and why it is not."""
        actions, stack = self.actions, [self.start]
        for sym, offset in _symbols(text, markers):
            while True:
                action = actions[stack[-1]].get(sym)
                if action is None:
                    return self._error(stack[-1], sym, offset)
                shift, arg = action
                if shift:
                    stack.append(arg)  # type: ignore[arg-type]
                    break
                origin, size = arg  # type: ignore[misc]
                if size:
                    del stack[-size:]
                stack.append(actions[stack[-1]][origin][1])  # type: ignore[arg-type]
                if sym == _END and stack[-1] == self.end:
                    return None
        return None  # pragma: no cover - $END always ends in accept or error

    def _error(self, state: int, sym: str, offset: int) -> GrammarError:
        expected = ", ".join(sorted(s for s in self.actions[state] if s.isupper())) or "nothing"
        what = "end of response" if sym == _END else sym
        return GrammarError(offset, f"unexpected {what}; expected {expected}")


def _symbols(text: str, markers: list[Marker]) -> list[tuple[str, int]]:
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


_ACCEPTORS: dict[int, tuple[Schema, Acceptor]] = {}


def acceptor_for(schema: Schema) -> Acceptor:
    """The schema's acceptor, cached by identity; SafeGRPO's comes from the shipped file."""
    entry = _ACCEPTORS.get(id(schema))
    if entry is None or entry[0] is not schema:
        grammar = shipped_grammar() if schema == SAFEGRPO else grammar_text(schema)
        entry = _ACCEPTORS[id(schema)] = (schema, Acceptor.from_grammar(grammar))
    return entry[1]


def shipped_grammar() -> str:
    """The reviewed SafeGRPO grammar, as kept in ``safereward/safegrpo.lark``."""
    return (Path(__file__).parent / "safegrpo.lark").read_text(encoding="utf-8")
