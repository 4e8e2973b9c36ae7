"""Every built-in schema through the same parser: round trip, every violation kind, and the
validator and the LALR acceptor agreeing on tag soup."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import Lark

from safereward import ParsedOutput, Schema, ViolationKind, parse
from safereward.grammar import acceptor_for, grammar_text
from safereward.parse import LOOK_AHEAD, MAX_VIOLATIONS, parser_for
from safereward.scan import scanner_for
from safereward.schema import BUILTIN_SCHEMAS, load_schema
from safereward.testing import MUTATIONS, Draft, malformed, render, tag_soup, well_formed

K = ViolationKind
SCHEMAS = [load_schema(name) for name in BUILTIN_SCHEMAS]
ids = [s.name for s in SCHEMAS]
each_schema = pytest.mark.parametrize("schema", SCHEMAS, ids=ids)
quick = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])


def test_builtin_names_cover_the_issue_protocols() -> None:
    assert set(BUILTIN_SCHEMAS) == {"safegrpo", "r1", "safegrpo_risk", "stepwise"}
    r1, risk, steps = (load_schema(n) for n in ("r1", "safegrpo_risk", "stepwise"))
    assert r1.tag_names == () and r1.blocks[0].prefilled
    assert risk.tag_names[-1] == "risk_category" and "none" in risk.tag("risk_category").values
    assert steps.tag("step_verdict").cardinality == "many"


# -- round trip -------------------------------------------------------------------------------


def _block_content(draft: Draft, block: str) -> str:
    """The rendered text between a block's opening (or the start, if prefilled) and its close."""
    close = next(i for i, p in enumerate(draft) if p.kind == "close" and p.name == block)
    opening = next(
        (i for i, p in enumerate(draft[:close]) if p.kind == "open" and p.name == block), -1
    )
    return render(draft[opening + 1 : close])


@each_schema
def test_generated_outputs_round_trip(schema: Schema) -> None:
    @quick
    @given(well_formed(schema))
    def check(draft: Draft) -> None:
        text = render(draft)
        result = parse(text, schema)
        assert result.ok, result.violations
        for name in schema.tag_names:
            raws = [p.value for p in draft if p.kind == "tag" and p.name == name]
            found = result.tags.get(name, ())
            assert [t.raw for t in found] == raws
            assert [t.value for t in found] == [r.strip().lower() for r in raws]
            assert all(
                text[t.span.start : t.span.end] == f"<{name}>{t.raw}</{name}>" for t in found
            )
        for block in schema.blocks:
            assert result.blocks[block.name] == _block_content(draft, block.name)
        parser = parser_for(schema)
        assert parser(text) == parser.slow(text, parser.scanner.markers(text))

    check()


# -- violations -------------------------------------------------------------------------------


@each_schema
def test_random_mutations_are_reported(schema: Schema) -> None:
    @quick
    @given(malformed(schema))
    def check(case: tuple[Draft, ViolationKind]) -> None:
        draft, kind = case
        result = parse(render(draft), schema)
        assert kind in {v.kind for v in result.violations}, (render(draft), result.violations)

    check()


#: The kinds MUTATIONS can produce for each schema; r1 has no tags, and stepwise has only one
#: exactly-once tag, so swapping two is impossible (its ordering case is built by hand below).
APPLICABLE = {
    "safegrpo": set(MUTATIONS),
    "safegrpo_risk": set(MUTATIONS),
    "stepwise": set(MUTATIONS) - {K.OUT_OF_ORDER},
    "r1": {
        K.UNCLOSED_BLOCK,
        K.MULTIPLE_ANSWERS,
        K.EMPTY_ANSWER,
        K.TEXT_AFTER_ANSWER,
        K.TEXT_OUTSIDE_BLOCKS,
        K.MISSING_BLOCK,
    },
}


def _drafts(schema: Schema, n: int = 12) -> list[Draft]:
    found: list[Draft] = []

    @settings(max_examples=n, derandomize=True, database=None)
    @given(well_formed(schema))
    def collect(draft: Draft) -> None:
        found.append(draft)

    collect()
    return found


@each_schema
def test_every_applicable_mutation_produces_its_kind(schema: Schema) -> None:
    produced: set[ViolationKind] = set()
    for draft in _drafts(schema):
        for kind, mutate in MUTATIONS.items():
            for choice in range(4):
                broken = mutate(schema, draft, choice)
                if broken is None:
                    continue
                kinds = {v.kind for v in parse(render(broken), schema).violations}
                assert kind in kinds, (kind, render(broken), kinds)
                produced.add(kind)
    assert produced == APPLICABLE[schema.name]


@each_schema
def test_direct_reader_defers_to_the_validator_on_every_mutation(schema: Schema) -> None:
    """The one-split reader may give up, but whatever it returns is what the validator says,
    on valid drafts and on every mutation of them."""
    parser = parser_for(schema)
    for draft in _drafts(schema):
        cases = [draft] + [
            broken
            for mutate in MUTATIONS.values()
            for choice in range(4)
            if (broken := mutate(schema, draft, choice)) is not None
        ]
        for case in cases:
            text = render(case)
            assert parser(text) == parser.slow(text, parser.scanner.markers(text)), text


@each_schema
def test_direct_reader_agrees_on_tag_soup(schema: Schema) -> None:
    parser = parser_for(schema)

    @quick
    @given(tag_soup(schema))
    def check(text: str) -> None:
        assert parser(text) == parser.slow(text, parser.scanner.markers(text))

    check()


def test_look_ahead_cap_changes_no_verdict() -> None:
    """The validator stops looking for the first block after LOOK_AHEAD markers; a valid
    pre-filled response with more step tags than that still passes, and an invalid one with a
    late opening still fails, on the validator path and in the grammar."""
    steps = load_schema("stepwise")
    parser = parser_for(steps)
    body = "step <step_verdict>safe</step_verdict> " * (LOOK_AHEAD + 10)
    valid = body + "<combined_safe>safe</combined_safe></think><answer>ok</answer>"
    late = "<answer>x</answer>" * LOOK_AHEAD + "<think>" + valid
    for text, ok in ((valid, True), (late, False)):
        markers = parser.scanner.markers(text)
        assert parser.slow(text, markers).ok is ok
        assert (parser.acceptor.check(text, markers) is None) is ok


def _valid(schema: Schema) -> str:
    parts = []
    for block in schema.blocks:
        body = "".join(
            f"step <{t.name}>{(t.values or ('x',))[0]}</{t.name}> "
            for t in block.tags
            for _ in range(2 if t.cardinality == "many" else 1)
        )
        parts.append(f"<{block.name}>{body or 'words'}</{block.name}>")
    return "\n".join(parts)


@each_schema
def test_kinds_no_mutation_makes(schema: Schema) -> None:
    """Duplicate reasoning blocks and the violation cap, for every schema."""
    valid = _valid(schema)
    assert parse(valid, schema).ok
    first = schema.blocks[0].name
    head = valid[: valid.index(f"</{first}>") + len(f"</{first}>")]
    doubled = parse(head + valid, schema)
    assert K.DUPLICATE_BLOCK in {v.kind for v in doubled.violations}
    flood = parse(f"<{schema.blocks[-1].name}>" * (MAX_VIOLATIONS * 3), schema)
    assert len(flood.violations) == MAX_VIOLATIONS + 1
    assert flood.violations[-1].kind is K.TOO_MANY


def test_stepwise_specific_violations() -> None:
    steps = load_schema("stepwise")
    ok = (
        "Step 1 <step_verdict>safe</step_verdict> Step 2 <step_verdict>UNSAFE</step_verdict>"
        " <combined_safe>unsafe</combined_safe></think><answer>No.</answer>"
    )
    result = parse(ok, steps)
    assert result.ok
    assert [t.value for t in result.tags["step_verdict"]] == ["safe", "unsafe"]
    late = ok.replace("</think>", "<step_verdict>safe</step_verdict></think>")
    kinds = {v.kind for v in parse(late, steps).violations}
    assert K.OUT_OF_ORDER in kinds
    no_steps = "<think><combined_safe>safe</combined_safe></think><answer>Yes.</answer>"
    missing = parse(no_steps, steps).violations
    assert [(v.kind, v.tag) for v in missing] == [(K.MISSING_TAG, "step_verdict")]


def test_risk_category_value_must_be_in_the_enum() -> None:
    risk = load_schema("safegrpo_risk")
    text = (
        "<think><visual_safe>safe</visual_safe><text_safe>unsafe</text_safe>"
        "<combined_safe>unsafe</combined_safe><risk_category> Privacy </risk_category></think>"
        "<answer>I can't share someone's home address.</answer>"
    )
    assert parse(text, risk).value("risk_category") == "privacy"
    bad = parse(text.replace("Privacy", "gossip"), risk)
    assert [(v.kind, v.tag) for v in bad.violations] == [(K.INVALID_VALUE, "risk_category")]
    assert bad.value("risk_category") is None


# -- the two judges of structure agree ---------------------------------------------------------


_WORDS = ("safe", "unsafe", "none", "privacy", "x")


@each_schema
def test_validator_and_acceptor_agree_on_tag_soup(schema: Schema) -> None:
    acceptor, scanner = acceptor_for(schema), scanner_for(schema)

    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(tag_soup(schema, words=_WORDS), st.text()))
    def check(text: str) -> None:
        result = parse(text, schema)
        assert isinstance(result, ParsedOutput)
        grammar_ok = acceptor.check(text, scanner.markers(text)) is None
        structural = [v for v in result.violations if v.kind is not K.INVALID_VALUE]
        assert grammar_ok == (not structural), result.violations
        assert all(v.kind is not K.GRAMMAR for v in result.violations)

    check()


@each_schema
def test_derived_grammar_compiles_and_accepts_a_valid_response(schema: Schema) -> None:
    grammar = grammar_text(schema)
    Lark(grammar, parser="lalr", start="start")
    for spec in schema.blocks:
        assert f"{spec.name}:" in grammar
    for name in schema.tag_names:
        assert f"{name.upper()}_OPEN" in grammar
    text = _valid(schema)
    assert acceptor_for(schema).check(text, scanner_for(schema).markers(text)) is None
