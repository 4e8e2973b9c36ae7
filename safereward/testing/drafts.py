"""Responses as editable structure, and the edits that break them.

A ``Draft`` is a sequence of parts (text, block markers, whole tags) that renders to a response.
Each mutation makes one kind of format error on purpose and names the violation the parser
must then report, so every violation kind is exercised for any schema.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from safereward.schema import Schema
from safereward.tags import ViolationKind

K = ViolationKind


@dataclass(frozen=True)
class Part:
    kind: Literal["text", "open", "close", "tag"]
    name: str = ""
    value: str = ""

    def render(self) -> str:
        if self.kind == "text":
            return self.value
        if self.kind == "open":
            return f"<{self.name}>"
        if self.kind == "close":
            return f"</{self.name}>"
        return f"<{self.name}>{self.value}</{self.name}>"


Draft = tuple[Part, ...]


def marker_strings(schema: Schema) -> tuple[str, ...]:
    """Every opening and closing marker of the schema, as written in a response."""
    names = [b.name for b in schema.blocks] + list(schema.tag_names)
    return tuple(f"<{'/' if close else ''}{n}>" for n in names for close in (False, True))


def render(draft: Draft) -> str:
    return "".join(p.render() for p in draft)


def _index(draft: Draft, kind: str, name: str) -> int | None:
    for i, p in enumerate(draft):
        if p.kind == kind and p.name == name:
            return i
    return None


def _tags_of(schema: Schema, draft: Draft, cardinality: tuple[str, ...]) -> list[int]:
    wanted = {t.name for b in schema.blocks for t in b.tags if t.cardinality in cardinality}
    return [i for i, p in enumerate(draft) if p.kind == "tag" and p.name in wanted]


def _block_with_role(schema: Schema, role: str) -> str | None:
    return next((b.name for b in schema.blocks if b.role == role), None)


Mutation = Callable[[Schema, Draft, int], Draft | None]
"""Given a schema, a well-formed draft and a choice index, a broken draft (or None: not
applicable to this draft)."""


def drop_required_tag(schema: Schema, draft: Draft, k: int) -> Draft | None:
    picks = _tags_of(schema, draft, ("one",))
    if not picks:
        return None
    i = picks[k % len(picks)]
    return draft[:i] + draft[i + 1 :]


def duplicate_tag(schema: Schema, draft: Draft, k: int) -> Draft | None:
    picks = _tags_of(schema, draft, ("one", "optional"))
    if not picks:
        return None
    i = picks[k % len(picks)]
    return draft[: i + 1] + (Part("text", value=" "), draft[i]) + draft[i + 1 :]


def swap_tags(schema: Schema, draft: Draft, k: int) -> Draft | None:
    for block in schema.blocks:
        names = [t.name for t in block.tags if t.cardinality == "one"]
        if block.ordered and len(names) >= 2:
            j = k % (len(names) - 1)
            a, b = _index(draft, "tag", names[j]), _index(draft, "tag", names[j + 1])
            if a is None or b is None:
                continue
            out = list(draft)
            out[a], out[b] = draft[b], draft[a]
            return tuple(out)
    return None


def invalid_value(schema: Schema, draft: Draft, k: int) -> Draft | None:
    picks = [
        i
        for i in _tags_of(schema, draft, ("one", "optional", "many"))
        if schema.tag(draft[i].name).values is not None or schema.tag(draft[i].name).pattern
    ]
    if not picks:
        return None
    i = picks[k % len(picks)]
    return draft[:i] + (replace(draft[i], value=" maybe-not "),) + draft[i + 1 :]


def _tag_part(schema: Schema, k: int) -> Part | None:
    specs = [t for b in schema.blocks for t in b.tags]
    if not specs:
        return None
    spec = specs[k % len(specs)]
    value = spec.values[0] if spec.values else "x"
    return Part("tag", spec.name, value)


def tag_between_blocks(schema: Schema, draft: Draft, k: int) -> Draft | None:
    tag = _tag_part(schema, k)
    if tag is None or len(schema.blocks) < 2:
        return None
    i = _index(draft, "open", schema.blocks[1].name)
    return None if i is None else draft[:i] + (tag,) + draft[i:]


def tag_in_answer(schema: Schema, draft: Draft, k: int) -> Draft | None:
    answer = _block_with_role(schema, "answer")
    tag = _tag_part(schema, k)
    if answer is None or tag is None or schema.block_of(tag.name).name == answer:
        return None
    i = _index(draft, "close", answer)
    return None if i is None else draft[:i] + (tag,) + draft[i:]


def drop_last_close(schema: Schema, draft: Draft, k: int) -> Draft | None:
    i = _index(draft, "close", schema.blocks[-1].name)
    return None if i is None else draft[:i] + draft[i + 1 :]


def second_answer(schema: Schema, draft: Draft, k: int) -> Draft | None:
    answer = _block_with_role(schema, "answer")
    if answer is None:
        return None
    return draft + (Part("open", answer), Part("text", value="again"), Part("close", answer))


def empty_answer(schema: Schema, draft: Draft, k: int) -> Draft | None:
    block = next(
        (b for b in schema.blocks if b.role == "answer" and b.nonempty and not b.tags), None
    )
    if block is None:
        return None
    i, j = _index(draft, "open", block.name), _index(draft, "close", block.name)
    if i is None or j is None:
        return None
    return draft[: i + 1] + (Part("text", value=" \n" * (k % 3)),) + draft[j:]


def text_after(schema: Schema, draft: Draft, k: int) -> Draft | None:
    return draft + (Part("text", value="\ntrailing words"),)


def text_between(schema: Schema, draft: Draft, k: int) -> Draft | None:
    if len(schema.blocks) < 2:
        return None
    i = _index(draft, "open", schema.blocks[1].name)
    return None if i is None else draft[:i] + (Part("text", value="\nstray words\n"),) + draft[i:]


def unclose_tag(schema: Schema, draft: Draft, k: int) -> Draft | None:
    picks = _tags_of(schema, draft, ("one", "optional", "many"))
    if not picks:
        return None
    i = picks[k % len(picks)]
    part = draft[i]
    broken = (Part("open", part.name), Part("text", value=part.value or "x"))
    return draft[:i] + broken + draft[i + 1 :]


def stray_close(schema: Schema, draft: Draft, k: int) -> Draft | None:
    specs = [t.name for b in schema.blocks for t in b.tags]
    if not specs:
        return None
    first = schema.blocks[0].name
    i = _index(draft, "close", first)
    return None if i is None else draft[:i] + (Part("close", specs[k % len(specs)]),) + draft[i:]


def drop_block(schema: Schema, draft: Draft, k: int) -> Draft | None:
    if len(schema.blocks) < 2:
        return None
    name = schema.blocks[-1].name
    i, j = _index(draft, "open", name), _index(draft, "close", name)
    if i is None or j is None:
        return None
    return draft[:i] + draft[j + 1 :]


MUTATIONS: dict[ViolationKind, Mutation] = {
    K.MISSING_TAG: drop_required_tag,
    K.DUPLICATE_TAG: duplicate_tag,
    K.OUT_OF_ORDER: swap_tags,
    K.INVALID_VALUE: invalid_value,
    K.TAG_OUTSIDE_REASONING: tag_between_blocks,
    K.TAG_IN_ANSWER: tag_in_answer,
    K.UNCLOSED_BLOCK: drop_last_close,
    K.MULTIPLE_ANSWERS: second_answer,
    K.EMPTY_ANSWER: empty_answer,
    K.TEXT_AFTER_ANSWER: text_after,
    K.TEXT_OUTSIDE_BLOCKS: text_between,
    K.UNCLOSED_TAG: unclose_tag,
    K.STRAY_CLOSE: stray_close,
    K.MISSING_BLOCK: drop_block,
}
"""One mutation per violation kind: apply it to a well-formed draft and the parser must report
that kind (``grammar`` is the cross-check's own kind and has no mutation)."""
