"""``parse``: a response in, a typed ``ParsedOutput`` with every format violation out.

A response whose markers follow the schema's well-formed sequence, with only whitespace between
blocks, is read directly from its markers (``safereward.direct``: found '<' by '<', else from
one split): that is most of training and costs little more than finding the markers.
Anything else goes through two independent judges of structure: the validator below, which
explains failures as typed violations, and the LALR acceptor derived from the schema's Lark
grammar. A response passes only if both agree; a rejection the validator cannot explain still
surfaces (kind ``grammar``), so neither can let a bad response through alone.

Which reader decides what: the Lark grammar (``grammar.py``) defines the protocol; the direct
readers only accept what it accepts, and give up on anything else; the validator names what is
wrong. Property tests hold the three equal (``test_schema_protocols``, ``test_core_parse``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

from safereward.direct import ShapeReader, StepReader, direct_reader
from safereward.grammar import Acceptor, acceptor_for, first_text, has_text
from safereward.scan import Marker, Scanner, scanner_for
from safereward.schema import SAFEGRPO, BlockSpec, Roles, Schema, TagSpec, per_schema
from safereward.tags import ParsedOutput, Span, TagValue, Violation, ViolationKind, as_text

K = ViolationKind
MAX_VIOLATIONS = 50
"""After this many, the walk stops and says so: the verdict is settled, and listing one
violation per marker of a megabyte of repeated tags would cost more than scoring a batch."""


def parse(text: str, schema: Schema = SAFEGRPO) -> ParsedOutput:
    """Parse ``text`` under ``schema``; never raises on any string."""
    return parser_for(schema)(text)


@dataclass(frozen=True)
class Parser:
    """Everything derived from one schema that a parse needs, built once."""

    schema: Schema
    scanner: Scanner
    acceptor: Acceptor
    direct: ShapeReader | StepReader | None
    """Reads well-formed responses in one split; None (or its None) sends one to ``slow``."""
    block_index: dict[str, int]
    tag_home: dict[str, tuple[BlockSpec, int, TagSpec]]
    roles: Roles

    @classmethod
    def build(cls, schema: Schema) -> Parser:
        scanner = scanner_for(schema)
        return cls(
            schema=schema,
            scanner=scanner,
            acceptor=acceptor_for(schema),
            direct=direct_reader(schema, scanner.split_pattern),
            block_index={b.name: i for i, b in enumerate(schema.blocks)},
            tag_home={t.name: (b, i, t) for b in schema.blocks for i, t in enumerate(b.tags)},
            roles=schema.roles,
        )

    def __call__(self, text: str) -> ParsedOutput:
        if text.__class__ is not str:
            text = as_text(text)
        if self.direct is not None:
            read = self.direct(text)
            if read is not None:
                return read
        return self.slow(text, self.scanner.iter_markers(text))

    def slow(self, text: str, markers: Iterable[Marker]) -> ParsedOutput:
        """Validator, then acceptor: the full explanation of any response."""
        walk = _Walk(text, self)
        walk.run(iter(markers))
        violations = walk.violations
        if not violations:
            # The walk found nothing wrong, so it read every marker.
            error = self.acceptor.check(text, walk.consumed)
            if error is not None:
                violations.append(
                    Violation(kind=K.GRAMMAR, offset=error.offset, message=error.message)
                )
        violations.sort(key=lambda v: v.offset)
        tags = {name: tuple(found) for name, found in walk.tags.items()}
        return ParsedOutput.trusted(
            text, walk.content, walk.block_spans, tags, tuple(violations), self.roles
        )


@per_schema
def parser_for(schema: Schema) -> Parser:
    """The schema's parser, built once."""
    return Parser.build(schema)


class _Stop(Exception):
    """Raised inside the walk once MAX_VIOLATIONS is reached."""


@dataclass
class _Open:
    spec: BlockSpec
    start: int
    content_start: int
    tag_counts: dict[str, int] = field(default_factory=dict)
    last_index: int = -1


@dataclass
class _Walk:
    """A single left-to-right pass over the markers that records structure and violations."""

    text: str
    parser: Parser
    violations: list[Violation] = field(default_factory=list)
    content: dict[str, Span] = field(default_factory=dict)
    block_spans: dict[str, Span] = field(default_factory=dict)
    tags: dict[str, list[TagValue]] = field(default_factory=dict)
    consumed: list[Marker] = field(default_factory=list)

    def run(self, markers: Iterator[Marker]) -> None:
        try:
            self._run(markers)
        except _Stop:
            return

    def _run(self, stream: Iterator[Marker]) -> None:
        schema, text = self.parser.schema, self.text
        self.seen: dict[str, int] = {}
        self.furthest = -1
        self.block: _Open | None = None
        self.tag: tuple[TagSpec, int, int] | None = None
        self.pos = 0
        first = schema.blocks[0]
        markers: Iterable[Marker] = stream
        if first.prefilled:
            ahead, prefilled = _look_ahead(first.name, stream)
            markers = chain(ahead, stream)
            if prefilled:
                self.block = self._enter(first, 0, 0)
        consumed = self.consumed
        for m in markers:
            consumed.append(m)
            self._gap(m.start)
            if self.tag is not None:
                spec, start, content = self.tag
                if not m.is_block and m.name == spec.name and m.close:
                    self._record_tag(spec, start, content, m.start, m.end)
                    self.tag = None
                    self.pos = m.end
                    continue
                self._add(K.UNCLOSED_TAG, start, f"<{spec.name}> is not closed", spec.name)
                self._record_tag(spec, start, content, m.start, m.start)
                self.tag = None
            if m.is_block:
                self._block_marker(m)
            else:
                self._tag_marker(m)
            self.pos = m.end
        self._gap(len(text))
        if self.tag is not None:
            spec, start, content = self.tag
            self._add(K.UNCLOSED_TAG, start, f"<{spec.name}> is not closed", spec.name)
            self._record_tag(spec, start, content, len(text), len(text))
        if self.block is not None:
            opened = self.block
            self._add(K.UNCLOSED_BLOCK, opened.start, f"<{opened.spec.name}> is not closed")
            self._leave(len(text), len(text))
        for block in schema.blocks:
            if block.name not in self.seen:
                self._add(K.MISSING_BLOCK, len(text), f"no <{block.name}> block")
                for tag in block.tags:
                    if tag.cardinality != "optional" and tag.name not in self.tags:
                        self._add(K.MISSING_TAG, len(text), f"no <{tag.name}> tag", tag.name)

    # -- text between markers -------------------------------------------------------------
    def _gap(self, end: int) -> None:
        if self.block is not None or self.tag is not None or end <= self.pos:
            return
        if has_text(self.text, self.pos, end):
            where = first_text(self.text, self.pos, end)
            last = self.parser.schema.blocks[-1].name
            if last in self.seen:
                self._add(K.TEXT_AFTER_ANSWER, where, f"text after </{last}>")
            else:
                self._add(K.TEXT_OUTSIDE_BLOCKS, where, "text outside every block")

    # -- blocks -----------------------------------------------------------------------------
    def _block_marker(self, m: Marker) -> None:
        spec = self.parser.schema.blocks[self.parser.block_index[m.name]]
        if m.close:
            if self.block is not None and self.block.spec.name == m.name:
                self._leave(m.start, m.end)
            else:
                self._add(K.STRAY_CLOSE, m.start, f"</{m.name}> closes nothing")
            return
        if self.block is not None:
            opened = self.block
            self._add(
                K.UNCLOSED_BLOCK,
                opened.start,
                f"<{opened.spec.name}> is not closed before <{m.name}>",
            )
            self._leave(m.start, m.start)
        self.block = self._enter(spec, m.start, m.end)

    def _enter(self, spec: BlockSpec, start: int, content_start: int) -> _Open:
        count = self.seen[spec.name] = self.seen.get(spec.name, 0) + 1
        index = self.parser.block_index[spec.name]
        if count > 1:
            kind = K.MULTIPLE_ANSWERS if spec.role == "answer" else K.DUPLICATE_BLOCK
            self._add(kind, start, f"<{spec.name}> appears more than once")
        elif index < self.furthest:
            after = self.parser.schema.blocks[self.furthest].name
            self._add(K.OUT_OF_ORDER, start, f"<{spec.name}> comes after <{after}>")
        self.furthest = max(self.furthest, index)
        return _Open(spec, start, content_start)

    def _leave(self, content_end: int, end: int) -> None:
        opened = self.block
        assert opened is not None
        self.block = None
        spec = opened.spec
        if spec.name not in self.content:
            self.content[spec.name] = Span(opened.content_start, content_end)
            self.block_spans[spec.name] = Span(opened.start, end)
        if spec.nonempty and not has_text(self.text, opened.content_start, content_end):
            kind = K.EMPTY_ANSWER if spec.role == "answer" else K.MISSING_BLOCK
            self._add(kind, opened.content_start, f"<{spec.name}> is empty")
        for tag in spec.tags:
            if tag.cardinality != "optional" and not opened.tag_counts.get(tag.name):
                self._add(K.MISSING_TAG, content_end, f"no <{tag.name}> in <{spec.name}>", tag.name)

    # -- tags -------------------------------------------------------------------------------
    def _tag_marker(self, m: Marker) -> None:
        home, index, spec = self.parser.tag_home[m.name]
        if m.close:
            self._add(K.STRAY_CLOSE, m.start, f"</{m.name}> closes nothing", m.name)
            return
        opened = self.block
        if opened is None:
            self._add(K.TAG_OUTSIDE_REASONING, m.start, f"<{m.name}> outside <{home.name}>", m.name)
        elif opened.spec.name != home.name:
            kind = K.TAG_IN_ANSWER if opened.spec.role == "answer" else K.TAG_OUTSIDE_REASONING
            self._add(kind, m.start, f"<{m.name}> inside <{opened.spec.name}>", m.name)
        else:
            count = opened.tag_counts[m.name] = opened.tag_counts.get(m.name, 0) + 1
            if count > 1 and spec.cardinality != "many":
                self._add(K.DUPLICATE_TAG, m.start, f"<{m.name}> appears more than once", m.name)
            elif home.ordered and index < opened.last_index:
                after = home.tags[opened.last_index].name
                self._add(K.OUT_OF_ORDER, m.start, f"<{m.name}> comes after <{after}>", m.name)
            opened.last_index = max(opened.last_index, index)
        self.tag = (spec, m.start, m.end)

    def _record_tag(
        self, spec: TagSpec, start: int, content: int, end: int, close_end: int
    ) -> None:
        raw = self.text[content:end]
        value = spec.normalise(raw)
        if value is None:
            shown = raw.strip()[:40]
            self._add(K.INVALID_VALUE, content, f"<{spec.name}> has value {shown!r}", spec.name)
        where = self.block.spec.name if self.block is not None else None
        found = TagValue(spec.name, raw, value, Span(start, close_end), where)
        self.tags.setdefault(spec.name, []).append(found)

    def _add(self, kind: ViolationKind, offset: int, message: str, tag: str | None = None) -> None:
        if len(self.violations) >= MAX_VIOLATIONS:
            self.violations.append(
                Violation(
                    kind=K.TOO_MANY,
                    offset=offset,
                    message=f"stopped after {MAX_VIOLATIONS} violations; the rest are not listed",
                )
            )
            raise _Stop
        self.violations.append(Violation(kind=kind, offset=offset, message=message, tag=tag))


LOOK_AHEAD = 1000
"""Markers read in search of the first block's opening or close before assuming the chat
template emitted the opening. Only an invalid response has this many markers before an opening,
so the cap changes no verdict, and it keeps a megabyte of other blocks from being read twice."""


def _look_ahead(first: str, stream: Iterator[Marker]) -> tuple[list[Marker], bool]:
    """Read up to the first marker of the first block, and say whether the chat template emitted
    its opening (its close, or nothing, comes first). Returns what was read, to be replayed."""
    ahead = []
    for m in islice(stream, LOOK_AHEAD):
        ahead.append(m)
        if m.is_block and m.name == first:
            return ahead, m.close
    return ahead, True
