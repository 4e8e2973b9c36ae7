"""Direct reads: a well-formed response read from one ``re.split``, with no explanation.

Most responses in training are well formed, and reading those costs little more than finding
the markers. Both readers here answer either the final ``ParsedOutput`` or None ("something is
off"), and on None the parser explains the response with its validator instead. So a reader may
give up on anything unusual; it must never accept what the validator would reject, and the
tests hold the two equal on generated responses, valid and broken.

``re.split`` over the schema's own markers returns pieces that alternate text and marker:
marker ``i`` is ``pieces[2i + 1]``, the text before it ``pieces[2i]``, and it starts at
``sums[2i] + 2i`` where ``sums`` are the running lengths of the pieces (each earlier marker
also had its two brackets split off). A fixed shape is first looked for with ``str.find``
(``ShapeReader``), which finds the same markers when no other ``<`` is in the response.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from re import Pattern
from typing import Any

from safereward.grammar import has_text
from safereward.schema import BlockSpec, Roles, Schema, TagSpec
from safereward.tags import ParsedOutput, Span, TagValue

_UNSEEN = object()
_VALUE_CACHE = 256
_new = tuple.__new__  # NamedTuple's own __new__ is a Python function: 3x slower


@dataclass(frozen=True)
class Slot:
    """One tag of the schema as the readers need it."""

    spec: TagSpec
    name: str
    block: str
    closing: str
    """The closing marker as split writes it."""
    values: dict[str, str | None] = field(default_factory=dict)
    """Raw value -> normalised, for the few spellings a policy writes."""

    def read(self, pieces: list[str], sums: list[int], j: int) -> TagValue | None:
        """The tag whose opening marker follows piece ``j`` (its value is piece ``j + 2``), or
        None when the value is not allowed."""
        raw = pieces[j + 2]
        value = self.values.get(raw, _UNSEEN)
        if value is _UNSEEN:
            value = self.learn(raw)
        if value is None:
            return None
        span = _new(Span, (sums[j] + j, sums[j + 3] + j + 4))
        return _new(TagValue, (self.name, raw, value, span, self.block))  # type: ignore[no-any-return]

    def learn(self, raw: str) -> str | None:
        value = self.spec.normalise(raw)
        if len(self.values) < _VALUE_CACHE:
            self.values[raw] = value
        return value


def _slot(block: BlockSpec, tag: TagSpec) -> Slot:
    return Slot(tag, tag.name, block.name, f"/{tag.name}")


def direct_reader(schema: Schema, split: Pattern[str]) -> ShapeReader | StepReader | None:
    """The fastest reader the schema allows: a fixed shape when every tag appears exactly once,
    a step automaton when some are optional or repeated, none when a block is unordered."""
    if not all(b.ordered for b in schema.blocks):
        return None
    if all(t.cardinality == "one" for b in schema.blocks for t in b.tags):
        return ShapeReader.build(schema, split)
    return StepReader.build(schema, split)


# -- every tag exactly once: a dictionary of shapes ---------------------------------------------
@dataclass(frozen=True)
class _Shape:
    """One well-formed marker sequence, with what to check and read by marker index."""

    markers: tuple[str, ...]
    """Each marker as the schema spells it, brackets included."""
    blank: tuple[int, ...]
    """Markers that only whitespace may precede (written block openings); ``len(markers)``:
    only whitespace may follow the last."""
    tags: tuple[tuple[Slot, int], ...]
    """Each tag and its opening marker."""
    blocks: tuple[tuple[str, bool, int, int], ...]
    """(name, nonempty, opening marker or -1 when it is pre-filled, closing marker)."""


@dataclass(frozen=True)
class ShapeReader:
    """Looks the marker sequence up among the schema's few well-formed ones.

    First, each ``<`` of the response is found in turn (``str.find``, a ``memchr``): when the
    i-th opens a shape's i-th marker exactly as spelled and none is left over, no other ``<``
    can start any other marker, so the split would find exactly these. Else one
    ``re.split`` (upper-case markers, ``a < b`` in the text, a broken response)."""

    split: Pattern[str]
    shapes: dict[tuple[str, ...], _Shape]
    """Marker names as split writes them -> the shape."""
    found: tuple[Callable[[str], Any], ...]
    """Per shape, longest first: its reading from found markers (``_found_reader``)."""
    longest: int
    roles: Roles

    @classmethod
    def build(cls, schema: Schema, split: Pattern[str]) -> ShapeReader:
        shapes = {}
        for prefilled in (False, True) if schema.blocks[0].prefilled else (False,):
            written: list[str] = []
            blank, tags, blocks = [], [], []
            for number, block in enumerate(schema.blocks):
                opening = -1
                if not (number == 0 and prefilled):
                    opening = len(written)
                    blank.append(opening)
                    written.append(block.name)
                for tag in block.tags:
                    tags.append((_slot(block, tag), len(written)))
                    written += [tag.name, f"/{tag.name}"]
                blocks.append((block.name, block.nonempty, opening, len(written)))
                written.append(f"/{block.name}")
            blank.append(len(written))
            markers = tuple(f"<{name}>" for name in written)
            shapes[tuple(written)] = _Shape(markers, tuple(blank), tuple(tags), tuple(blocks))
        by_length = sorted(shapes.values(), key=lambda x: -len(x.markers))
        found = tuple(_found_reader(shape, schema.roles) for shape in by_length)
        return cls(split, shapes, found, max(map(len, shapes)), schema.roles)

    def __call__(self, text: str) -> ParsedOutput | None:
        for read in self.found:
            parsed = read(text)
            if parsed is not _NOT_FOUND:
                return parsed  # type: ignore[no-any-return]
        return self.by_split(text)

    def by_split(self, text: str) -> ParsedOutput | None:
        """The same reading from one ``re.split``, for any response."""
        # Stopped just past the longest well-formed sequence: a megabyte of repeated tags
        # costs no more than a normal response.
        pieces = self.split.split(text, self.longest + 1)
        shape = self.shapes.get(tuple(pieces[1::2]))
        if shape is None:
            return None
        # Marker i starts at sums[2i] + 2i: each earlier marker lost its brackets to the split.
        sums = list(accumulate(map(len, pieces)))
        n = len(shape.markers)
        starts = [sums[2 * i] + 2 * i for i in range(n)]
        ends = [sums[2 * i + 1] + 2 * i + 2 for i in range(n)]
        return self._read(text, shape, starts, ends)

    def _read(
        self, text: str, shape: _Shape, starts: list[int], ends: list[int]
    ) -> ParsedOutput | None:
        """The response, from where each marker of ``shape`` starts and ends."""
        for i in shape.blank:
            a = ends[i - 1] if i else 0
            b = starts[i] if i < len(starts) else len(text)
            if a < b and not text[a:b].isspace():
                return None
        tags: dict[str, tuple[TagValue, ...]] = {}
        for slot, i in shape.tags:  # Slot.read, inlined: three calls per response
            raw = text[ends[i] : starts[i + 1]]
            value = slot.values.get(raw, _UNSEEN)
            if value is _UNSEEN:
                value = slot.learn(raw)
            if value is None:
                return None
            span = _new(Span, (starts[i], ends[i + 1]))
            tags[slot.name] = (_new(TagValue, (slot.name, raw, value, span, slot.block)),)
        content_spans: dict[str, Span] = {}
        block_spans: dict[str, Span] = {}
        for name, nonempty, i, k in shape.blocks:
            start, content = (starts[i], ends[i]) if i >= 0 else (0, 0)
            end = starts[k]
            if nonempty and not has_text(text, content, end):
                return None
            content_spans[name] = _new(Span, (content, end))
            block_spans[name] = _new(Span, (start, ends[k]))
        return ParsedOutput.trusted(text, content_spans, block_spans, tags, (), self.roles)


_NOT_FOUND = object()


def _found_reader(shape: _Shape, roles: Roles) -> Callable[[str], Any]:
    """``ShapeReader._read`` of ``shape`` from markers found '<' by '<', as one generated
    function (as attrs and dataclasses generate their methods): unrolled, it runs about a
    third fewer bytecodes than the loops, and it decides most of training. It answers
    ``_NOT_FOUND`` when the '<' of the response are not exactly the shape's markers."""
    markers = shape.markers
    n = len(markers)
    size = [len(m) for m in markers]
    lines = ["def read(text):", "    find = text.find", "    written = text.startswith"]
    for i, marker in enumerate(markers):
        after = "" if i == 0 else f", a{i - 1} + 1"
        lines.append(f"    a{i} = find('<'{after})")
        # At -1 (no '<' left) startswith looks at the last character: never a marker.
        lines.append(f"    if not written({marker!r}, a{i}): return NOT_FOUND")
    lines.append(f"    if find('<', a{n - 1} + 1) >= 0: return NOT_FOUND")

    def end(i: int) -> str:
        return f"a{i} + {size[i]}"

    for i in shape.blank:
        a = end(i - 1) if i else "0"
        b = f"a{i}" if i < n else "len(text)"
        lines.append(f"    if {a} < {b} and not text[{a}:{b}].isspace(): return None")
    tags = []
    for k, (slot, i) in enumerate(shape.tags):
        lines += [
            f"    raw{k} = text[{end(i)}:a{i + 1}]",
            f"    v{k} = values{k}.get(raw{k}, UNSEEN)",
            f"    if v{k} is UNSEEN: v{k} = learn{k}(raw{k})",
            f"    if v{k} is None: return None",
        ]
        span = f"new(Span, (a{i}, {end(i + 1)}))"
        value = f"({slot.name!r}, raw{k}, v{k}, {span}, {slot.block!r})"
        tags.append(f"{slot.name!r}: (new(TagValue, {value}),)")
    content, spans = [], []
    for name, nonempty, i, k in shape.blocks:
        start, inside = (f"a{i}", end(i)) if i >= 0 else ("0", "0")
        if nonempty:
            lines.append(f"    if not has_text(text, {inside}, a{k}): return None")
        content.append(f"{name!r}: new(Span, ({inside}, a{k}))")
        spans.append(f"{name!r}: new(Span, ({start}, {end(k)}))")
    lines.append(
        f"    return trusted(text, {{{', '.join(content)}}}, {{{', '.join(spans)}}}, "
        f"{{{', '.join(tags)}}}, (), roles)"
    )
    names: dict[str, Any] = {
        "NOT_FOUND": _NOT_FOUND,
        "UNSEEN": _UNSEEN,
        "new": _new,
        "Span": Span,
        "TagValue": TagValue,
        "trusted": ParsedOutput.trusted,
        "has_text": has_text,
        "roles": roles,
    }
    for k, (slot, _) in enumerate(shape.tags):
        names[f"values{k}"], names[f"learn{k}"] = slot.values, slot.learn
    source = "\n".join(lines)
    exec(source, names)
    read = names["read"]
    read.__doc__ = source  # what runs, for whoever debugs it
    return read  # type: ignore[no-any-return]


# -- optional and repeated tags: a step automaton ------------------------------------------------
_OPEN, _TAG, _CLOSE = 0, 1, 2


@dataclass(frozen=True)
class StepReader:
    """Walks the markers through a table built from the schema: state -> marker -> (next state,
    action). Inside a block the state is the last tag read, so order and cardinality are one
    dictionary lookup per marker."""

    split: Pattern[str]
    rows: tuple[dict[str, tuple[int, int, object]], ...]
    start: int
    prefilled: tuple[str, int] | None
    """(first block's name, the state just inside it) when its opening may be pre-filled."""
    accept: int
    roles: Roles

    @classmethod
    def build(cls, schema: Schema, split: Pattern[str]) -> StepReader:
        blocks = schema.blocks
        ids: dict[tuple[str, int, int], int] = {}

        def state(kind: str, b: int, k: int = -1) -> int:
            return ids.setdefault((kind, b, k), len(ids))

        outside = [state("out", b) for b in range(len(blocks) + 1)]
        rows: dict[int, dict[str, tuple[int, int, object]]] = {}
        for b, block in enumerate(blocks):
            rows.setdefault(outside[b], {})[block.name] = (state("in", b), _OPEN, block)
            tags = block.tags
            slots = [_slot(block, tag) for tag in tags]  # one value cache per tag
            for k in range(-1, len(tags)):
                row = rows.setdefault(state("in", b, k), {})
                for j, tag in enumerate(tags):
                    skipped = tags[k + 1 : j]
                    forward = j > k and all(t.cardinality == "optional" for t in skipped)
                    if forward or (j == k and tag.cardinality == "many"):
                        row[tag.name] = (state("in", b, j), _TAG, slots[j])
                if all(t.cardinality == "optional" for t in tags[k + 1 :]):
                    row[f"/{block.name}"] = (outside[b + 1], _CLOSE, block)
        table = tuple(rows.get(i, {}) for i in range(len(ids)))
        prefilled = (blocks[0].name, state("in", 0)) if blocks[0].prefilled else None
        return cls(split, table, outside[0], prefilled, outside[len(blocks)], schema.roles)

    def __call__(self, text: str) -> ParsedOutput | None:
        pieces = self.split.split(text)
        sums = list(accumulate(map(len, pieces)))
        count = len(pieces) // 2
        rows = self.rows
        state = self.start
        start = content = 0
        if self.prefilled is not None and (count == 0 or pieces[1] != self.prefilled[0]):
            state = self.prefilled[1]
        content_spans: dict[str, Span] = {}
        block_spans: dict[str, Span] = {}
        found: dict[str, list[TagValue]] = {}
        i = 0
        while i < count:
            j = 2 * i
            step = rows[state].get(pieces[j + 1])
            if step is None:
                return None
            state, action, what = step
            if action == _TAG:
                slot: Slot = what  # type: ignore[assignment]
                if i + 1 == count or pieces[j + 3] != slot.closing:
                    return None
                tag = slot.read(pieces, sums, j)
                if tag is None:
                    return None
                same = found.get(slot.name)
                if same is None:
                    found[slot.name] = [tag]
                else:
                    same.append(tag)
                i += 2
                continue
            if action == _OPEN:
                before = pieces[j]
                if before and not before.isspace():
                    return None
                start, content = sums[j] + j, sums[j + 1] + j + 2
            else:
                block: BlockSpec = what  # type: ignore[assignment]
                end = sums[j] + j
                if block.nonempty and not has_text(text, content, end):
                    return None
                content_spans[block.name] = _new(Span, (content, end))
                block_spans[block.name] = _new(Span, (start, sums[j + 1] + j + 2))
            i += 1
        after = pieces[-1]
        if state != self.accept or (after and not after.isspace()):
            return None
        tags = {name: tuple(values) for name, values in found.items()}
        return ParsedOutput.trusted(text, content_spans, block_spans, tags, (), self.roles)
