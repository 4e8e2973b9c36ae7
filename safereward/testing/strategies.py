"""Hypothesis strategies derived from a schema.

``well_formed(schema)`` draws responses the parser must accept; ``malformed(schema)`` draws a
response broken by one mutation together with the violation kind it must produce. With them a
new rule is property-tested against any protocol the day it is written.
"""

from __future__ import annotations

from hypothesis import strategies as st

from safereward.labels import SafetyLabels
from safereward.scan import scanner_for
from safereward.schema import SAFEGRPO, SAFETY_LABELS, BlockSpec, Schema, TagSpec
from safereward.tags import Safety, ViolationKind
from safereward.testing.drafts import MUTATIONS, Draft, Part, marker_strings

_SNIPPETS = (
    "a < b and c > d",
    "<b>bold</b>",
    "<div class='x'>",
    "if (x<y) { return; }",
    "<think",
    "</",
    "<answer ",
    "<visual_safe/>",
    "safe",
    "unsafe",
    "Step 2: the image shows a kitchen.",
    "\n\n",
    "émoji 🙂 中文",
)


@st.composite
def filler_text(draw: st.DrawFn, schema: Schema = SAFEGRPO, min_size: int = 0) -> str:
    """Free text with ``<``, ``>``, HTML and code in it, but no marker of ``schema``."""
    pieces = draw(
        st.lists(
            st.one_of(st.sampled_from(_SNIPPETS), st.text(max_size=12)),
            min_size=min_size,
            max_size=6,
        )
    )
    text = " ".join(pieces)
    scanner = scanner_for(schema)
    while scanner.markers(text):
        m = scanner.markers(text)[0]
        text = text[: m.start] + text[m.start + 1 :]
    return text


def _nonblank(schema: Schema) -> st.SearchStrategy[str]:
    return filler_text(schema, min_size=1).map(lambda t: t if t.strip() else t + "ok")


def tag_value(spec: TagSpec) -> st.SearchStrategy[str]:
    """A valid raw value: allowed value in any case with surrounding whitespace."""
    if spec.values is None:
        return st.from_regex(spec.pattern, fullmatch=True) if spec.pattern else st.text(max_size=8)
    pad = st.sampled_from(["", " ", "\n", "  "])
    return st.tuples(pad, st.sampled_from(spec.values), st.booleans(), pad).map(
        lambda t: f"{t[0]}{t[1].upper() if t[2] else t[1]}{t[3]}"
    )


@st.composite
def _block(draw: st.DrawFn, schema: Schema, block: BlockSpec, values: dict[str, str]) -> Draft:
    parts: list[Part] = [Part("text", value=draw(filler_text(schema)))]
    for spec in block.tags:
        count = {"one": 1, "optional": draw(st.integers(0, 1)), "many": draw(st.integers(1, 3))}[
            spec.cardinality
        ]
        for _ in range(count):
            value = values.get(spec.name) or draw(tag_value(spec))
            parts.append(Part("tag", spec.name, value))
            parts.append(Part("text", value=draw(filler_text(schema))))
    if not block.tags:
        text = draw(_nonblank(schema)) if block.nonempty else draw(filler_text(schema))
        parts = [Part("text", value=text)]
    return tuple(p for p in parts if p.kind != "text" or p.value)


@st.composite
def well_formed(
    draw: st.DrawFn,
    schema: Schema = SAFEGRPO,
    values: dict[str, str] | None = None,
    answer: st.SearchStrategy[str] | None = None,
) -> Draft:
    """A response the schema accepts; ``values`` pins tag values, ``answer`` the answer text."""
    values = values or {}
    ws = st.sampled_from(["", "\n", "\n\n", " "])
    draft: list[Part] = []
    for i, block in enumerate(schema.blocks):
        if i:
            draft.append(Part("text", value=draw(ws)))
        if not (i == 0 and block.prefilled and draw(st.booleans())):
            draft.append(Part("open", block.name))
        if block.role == "answer" and answer is not None and not block.tags:
            draft.append(Part("text", value=draw(answer)))
        else:
            draft.extend(draw(_block(schema, block, values)))
        draft.append(Part("close", block.name))
    draft.append(Part("text", value=draw(ws)))
    return tuple(p for p in draft if p.kind != "text" or p.value)


@st.composite
def malformed(draw: st.DrawFn, schema: Schema = SAFEGRPO) -> tuple[Draft, ViolationKind]:
    """A response broken by one mutation, and the violation kind the parser must report."""
    draft = draw(well_formed(schema))
    kinds = list(MUTATIONS)
    start = draw(st.integers(0, len(kinds) - 1))
    choice = draw(st.integers(0, 7))
    for offset in range(len(kinds)):
        kind = kinds[(start + offset) % len(kinds)]
        broken = MUTATIONS[kind](schema, draft, choice)
        if broken is not None:
            return broken, kind
    raise AssertionError(f"no mutation applies to schema {schema.name!r}")  # pragma: no cover


def tag_soup(
    schema: Schema = SAFEGRPO, words: tuple[str, ...] = ("safe", "unsafe", "x", "sorry")
) -> st.SearchStrategy[str]:
    """Markers of ``schema`` (some upper-cased), fragments of markers and words, in any order:
    mostly malformed, sometimes well formed, the input on which parsers disagree if they can."""
    markers = marker_strings(schema)
    vocab = [*markers, *(m.upper() for m in markers[:4]), " ", "\n", "<", ">", "</", *words]
    pieces = st.one_of(st.sampled_from(vocab), st.text(max_size=4))
    return st.lists(pieces, max_size=40).map("".join)


safety = st.sampled_from(list(Safety))


@st.composite
def labels(draw: st.DrawFn, schema: Schema = SAFEGRPO) -> SafetyLabels:
    """A value for every label ``schema`` declares (SafeGRPO's three always), each one its tag
    allows."""
    values: dict[str, str] = {label: draw(safety) for label in SAFETY_LABELS}
    for label, tag in schema.roles.labels.items():
        if label not in SAFETY_LABELS:
            values[label] = draw(st.sampled_from(schema.tag(tag).values or ("x",)))
    return SafetyLabels(values)


_WORDS = st.from_regex(r"[a-z]{2,7}", fullmatch=True)


@st.composite
def labelled_schemas(draw: st.DrawFn, base: Schema = SAFEGRPO) -> Schema:
    """``base`` with one to three more tags in its reasoning block, each declaring a label of
    its own (``gold_<word>``) with two to four values: protocols a schema-derived reward must
    handle without code."""
    words = draw(st.lists(_WORDS, min_size=1, max_size=3, unique=True))
    added = tuple(
        TagSpec(
            name=f"x_{word}",
            label=f"gold_{word}",
            values=tuple(draw(st.lists(_WORDS, min_size=2, max_size=4, unique=True))),
        )
        for word in words
    )
    blocks = tuple(
        b.model_copy(update={"tags": (*b.tags, *added)}) if b.role == "reasoning" else b
        for b in base.blocks
    )
    return Schema(name=f"{base.name}_labelled", blocks=blocks, case_sensitive=base.case_sensitive)


REFUSALS = (
    "I'm sorry, but I can't help with that request.",
    "I cannot assist with this because it could cause harm.",
    "I won't provide instructions for that.",
)
COMPLIANCES = (
    "Sure. Preheat the oven to 180C and bake for 25 minutes.",
    "The picture shows a red bicycle leaning on a fence.",
    "Here are three tips: drink water, sleep well, and stretch.",
)


def answers(refuse: bool) -> st.SearchStrategy[str]:
    """Answers whose refusal status any reasonable judge agrees on."""
    return st.sampled_from(REFUSALS if refuse else COMPLIANCES)


@st.composite
def safegrpo_samples(draw: st.DrawFn) -> tuple[Draft, SafetyLabels, dict[str, Safety], bool]:
    """A well-formed SafeGRPO response, its labels, its stated verdicts and whether it refuses."""
    gold = draw(labels())
    predicted = {
        "visual_safe": draw(safety),
        "text_safe": draw(safety),
        "combined_safe": draw(safety),
    }
    refuse = draw(st.booleans())
    draft = draw(
        well_formed(
            SAFEGRPO,
            values={k: v.value for k, v in predicted.items()},
            answer=answers(refuse),
        )
    )
    return draft, gold, predicted, refuse
