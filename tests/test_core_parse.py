"""The parser: a corpus of real-looking outputs, then properties over generated ones."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from safereward import SAFEGRPO, ParsedOutput, Safety, ViolationKind, parse
from safereward.grammar import acceptor_for, grammar_text, shipped_grammar
from safereward.parse import MAX_VIOLATIONS, parser_for
from safereward.scan import scanner_for
from safereward.testing import MUTATIONS, malformed, render, tag_soup, well_formed

CORPUS = Path(__file__).parent / "corpus"
VALID = sorted((CORPUS / "valid").glob("*.txt"))
INVALID = sorted((CORPUS / "invalid").glob("*.txt"))
EXPECTED = json.loads((CORPUS / "invalid" / "expected.json").read_text())


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_corpus_parses_clean(path: Path) -> None:
    result = parse(path.read_text())
    assert result.ok, result.violations
    assert result.visual in (Safety.SAFE, Safety.UNSAFE)
    assert result.answer and result.answer.strip()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_corpus_reports_its_kind(path: Path) -> None:
    result = parse(path.read_text())
    kinds = [v.kind.value for v in result.violations]
    assert path.stem.split("--")[0] in kinds
    assert [[v.kind.value, v.offset] for v in result.violations] == EXPECTED[path.name]


def test_corpus_covers_every_violation_kind_but_grammar() -> None:
    covered = {p.stem.split("--")[0] for p in INVALID}
    expected = {k.value for k in ViolationKind} - {"grammar", "duplicate_block"}
    assert expected <= covered


def test_typed_fields_and_spans() -> None:
    text = (
        "Step 1: a bridge.<visual_safe> Unsafe </visual_safe><text_safe>safe</text_safe>"
        "<combined_safe>unsafe</combined_safe></think>\n<answer>No.</answer>"
    )
    result = parse(text)
    assert result.ok
    assert (result.visual, result.text, result.combined) == (
        Safety.UNSAFE,
        Safety.SAFE,
        Safety.UNSAFE,
    )
    assert result.answer == "No."
    assert result.reasoning.startswith("Step 1: a bridge.")
    visual = result.tags["visual_safe"][0]
    assert text[visual.span.start : visual.span.end] == "<visual_safe> Unsafe </visual_safe>"
    assert visual.raw == " Unsafe " and visual.block == "think"
    with pytest.raises(ValidationError):
        result.text_length = 3  # type: ignore[misc]


def test_parsed_output_pickles_and_dumps_with_its_block_text() -> None:
    import pickle

    text = (CORPUS / "valid" / sorted(p.name for p in VALID)[0]).read_text()
    result = parse(text)
    again = pickle.loads(pickle.dumps(result))
    assert again == result and again.blocks == result.blocks and again.answer == result.answer
    dumped = result.model_dump(mode="json")
    assert dumped["blocks"]["answer"] == result.answer
    start, end = dumped["content_spans"]["answer"]
    assert text[start:end] == result.answer


def test_shipped_grammar_is_the_derived_one() -> None:
    assert shipped_grammar() == grammar_text(SAFEGRPO)


def test_violation_offsets_point_into_the_text() -> None:
    text = "<think><visual_safe>safe</visual_safe></think><answer>x</answer> tail"
    for v in parse(text).violations:
        assert 0 <= v.offset <= len(text)
    tail = next(v for v in parse(text).violations if v.kind is ViolationKind.TEXT_AFTER_ANSWER)
    assert text[tail.offset :] == "tail"


@given(well_formed())
def test_well_formed_outputs_parse_clean(draft) -> None:
    assert parse(render(draft)).ok


@given(well_formed())
def test_direct_read_equals_full_explanation(draft) -> None:
    """The one-scan path for well-formed responses gives what the validator path gives."""
    text = render(draft)
    parser = parser_for(SAFEGRPO)
    assert parser(text) == parser.slow(text, parser.scanner.markers(text))


@pytest.mark.parametrize("kind", list(MUTATIONS), ids=lambda k: k.value)
@settings(max_examples=40)
@given(draft=well_formed(), choice=st.integers(0, 7))
def test_split_path_falls_back_on_every_violation(kind: ViolationKind, draft, choice) -> None:
    """Responses broken in a way that keeps the well-formed marker sequence (a bad value, text
    between or after blocks) must get the validator's explanation, not pass."""
    broken = MUTATIONS[kind](SAFEGRPO, draft, choice)
    assume(broken is not None)
    text = render(broken)
    parser = parser_for(SAFEGRPO)
    assert parser(text) == parser.slow(text, parser.scanner.markers(text))


def test_violations_are_capped_and_say_so() -> None:
    result = parse("<think>" + "<visual_safe>safe</visual_safe>" * 1000)
    assert len(result.violations) == MAX_VIOLATIONS + 1
    assert result.violations[-1].kind is ViolationKind.TOO_MANY


@given(well_formed())
def test_parse_render_round_trip(draft) -> None:
    """Every tag and block the draft holds comes back out of the parse, in order."""
    text = render(draft)
    result = parse(text)
    for name in SAFEGRPO.tag_names:
        raws = [p.value for p in draft if p.kind == "tag" and p.name == name]
        assert [t.raw for t in result.tags[name]] == raws
        assert result.value(name) == raws[0].strip().lower()
    answer_at = next(i for i, p in enumerate(draft) if p.kind == "open" and p.name == "answer")
    assert result.answer == draft[answer_at + 1].render()


@given(malformed())
def test_each_mutation_is_reported(case) -> None:
    draft, kind = case
    result = parse(render(draft))
    assert not result.ok
    assert kind in {v.kind for v in result.violations}


def test_every_kind_has_a_mutation() -> None:
    unmutated = {ViolationKind.GRAMMAR, ViolationKind.DUPLICATE_BLOCK, ViolationKind.TOO_MANY}
    assert set(MUTATIONS) == set(ViolationKind) - unmutated


@given(st.one_of(tag_soup(), st.text()))
def test_never_raises_and_both_judges_of_structure_agree(text: str) -> None:
    """The validator finds a violation exactly when the grammar rejects the text."""
    result = parse(text)
    assert isinstance(result, ParsedOutput)
    grammar_ok = acceptor_for(SAFEGRPO).check(text, scanner_for(SAFEGRPO).markers(text)) is None
    structural = [v for v in result.violations if v.kind is not ViolationKind.INVALID_VALUE]
    assert grammar_ok == (not structural), result.violations
    assert all(v.kind is not ViolationKind.GRAMMAR for v in result.violations)


@pytest.mark.parametrize(
    "text",
    [
        "<visual_safe>" * 20000,
        "<" * 100000,
        "<think>" * 5000 + "</think>" * 5000,
        "<answer>" + "x" * 100000,
        "<think><visual_safe>safe</visual_safe>" * 3000,
        "\x00\ud7ff\U0010ffff" * 1000,
        "<viſual_safe>safe</VISUAL_SAFE>",
    ],
    ids=["open-tags", "angles", "nested-think", "unclosed-answer", "repeated", "junk", "fold"],
)
def test_adversarial_inputs_parse(text: str) -> None:
    result = parse(text)
    assert not result.ok
    assert result.text_length == len(text)


def test_non_string_input_is_read_as_text() -> None:
    assert parse(None).text_length == 0  # type: ignore[arg-type]
    assert not parse(12345).ok  # type: ignore[arg-type]


@settings(max_examples=60)
@given(draft=well_formed(), choice=st.integers(0, 7), kind=st.sampled_from(list(MUTATIONS)))
def test_found_markers_read_like_the_split(draft, choice, kind) -> None:
    """The ``str.find`` path of the shape reader (taken when the response has exactly a shape's
    number of '<') reads what the ``re.split`` path reads, well-formed or broken."""
    reader = parser_for(SAFEGRPO).direct
    for d in (draft, MUTATIONS[kind](SAFEGRPO, draft, choice) or draft):
        # Without the filler's other '<' (``a < b``, ``<div>``), most responses take the path.
        text = _NOT_A_MARKER.sub("", render(d))
        assert reader(text) == reader.by_split(text)
        upper = text.replace("<answer>", "<ANSWER>")  # the same count of '<', not found
        assert reader(upper) == reader.by_split(upper)


_NOT_A_MARKER = re.compile(r"<(?!/?(?:think|answer|visual_safe|text_safe|combined_safe)>)", re.I)
