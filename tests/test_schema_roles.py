"""Roles and labels instead of names: a renamed protocol gets the full SafeGRPO reward, and a
reward that cannot fit its schema says what is missing when it is built."""

from __future__ import annotations

import pickle
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safereward import BEHAVIOR, FORMAT, TAG, SafeGRPOReward, Schema, gate, rule
from safereward.answers import AnswerKind, Verdict
from safereward.labels import LabelError, SafetyLabels
from safereward.parse import parser_for
from safereward.rules import Constant, Context, Program
from safereward.schema import SAFEGRPO, SchemaError, load_schema
from safereward.testing import labels, malformed, render, safegrpo_samples, tag_soup

RENAMED_YAML = """
name: renamed
blocks:
  - {name: analysis, role: reasoning, prefilled: true, tags: [
      {name: image_risk, label: image_tag}, {name: request_risk, label: text_tag},
      {name: verdict, label: combine_tag}]}
  - {name: response, role: answer, nonempty: true}
"""
RENAMED = Schema.from_yaml(RENAMED_YAML)
NEW_NAMES = {
    "think": "analysis",
    "answer": "response",
    "visual_safe": "image_risk",
    "text_safe": "request_risk",
    "combined_safe": "verdict",
}
_MARKER = re.compile(r"<(/?)(" + "|".join(NEW_NAMES) + r")>", re.IGNORECASE | re.ASCII)


def renamed(text: str) -> str:
    """The same response written in the renamed protocol's markers."""
    return _MARKER.sub(lambda m: f"<{m.group(1)}{NEW_NAMES[m.group(2).lower()]}>", text)


BUILTIN = SafeGRPOReward()
RENAMED_REWARD = SafeGRPOReward(schema=RENAMED)


def _same(text: str, gold: SafetyLabels) -> None:
    ours, theirs = BUILTIN.score(text, gold), RENAMED_REWARD.score(renamed(text), gold)
    assert ours.total == theirs.total
    assert [v.kind for v in ours.violations] == [v.kind for v in theirs.violations]
    answer = ours.parsed.answer if ours.parsed else None
    if answer is None or not _MARKER.search(answer):  # the judge reads the same answer text
        assert ours.terms == theirs.terms and ours.answer_kind == theirs.answer_kind


@given(safegrpo_samples())
def test_renamed_schema_scores_well_formed_responses_like_the_builtin(sample) -> None:
    draft, gold, _, _ = sample
    _same(render(draft), gold)
    assert RENAMED_REWARD.term_names == BUILTIN.term_names


@given(st.one_of(malformed().map(lambda c: render(c[0])), tag_soup()), labels())
def test_renamed_schema_scores_broken_responses_like_the_builtin(text, gold) -> None:
    _same(text, gold)


def test_renamed_schema_reads_roles_and_labels() -> None:
    text = (
        "Step 1. <image_risk>safe</image_risk><request_risk>unsafe</request_risk>"
        "<verdict>unsafe</verdict></analysis>\n<response>I can't help with that request.</response>"
    )
    parsed = RENAMED_REWARD.read(text)
    assert parsed.answer == "I can't help with that request." and parsed.reasoning
    assert (parsed.visual, parsed.text, parsed.combined) == ("safe", "unsafe", "unsafe")
    result = RENAMED_REWARD.score(text, {"visual": "safe", "text": "unsafe", "combined": "unsafe"})
    assert result.total == 1.0 and result.refused is True
    assert RENAMED.roles.labels == {
        "image_tag": "image_risk",
        "text_tag": "request_risk",
        "combine_tag": "verdict",
    }


# -- construction fails naming what is missing ----------------------------------------------------


def _without(label: str | None = None, answer_role: bool = True) -> Schema:
    tags = [
        {"name": n, **({"label": lab} if lab != label else {})}
        for n, lab in (("a", "image_tag"), ("b", "text_tag"), ("c", "combine_tag"))
    ]
    role = "answer" if answer_role else "other"
    return Schema.from_dict(
        {
            "name": "partial",
            "blocks": [
                {"name": "r", "role": "reasoning", "tags": tags},
                {"name": "out", "role": role, "nonempty": True},
            ],
        }
    )


def test_a_missing_label_declaration_fails_at_construction_naming_it() -> None:
    with pytest.raises(ValueError, match=r"'tag' term in expression needs .*`label: text_tag`"):
        SafeGRPOReward(schema=_without("text_tag"))
    with pytest.raises(ValueError, match=r"'behavior' term .*`label: combine_tag`"):
        SafeGRPOReward(schema=_without("combine_tag"), expression=gate(FORMAT) * BEHAVIOR)
    # Without the visual label, only its diagnostic is left out; the default formula needs it.
    reward = SafeGRPOReward(schema=_without("image_tag"), expression=gate(FORMAT) * BEHAVIOR)
    assert reward.term_names == ("format", "behavior", "tag_text", "tag_combined")


def test_a_missing_answer_block_fails_at_construction_naming_the_role() -> None:
    with pytest.raises(ValueError, match=r"'behavior' term .*a block with `role: answer`"):
        SafeGRPOReward(schema=_without(answer_role=False))
    assert SafeGRPOReward(schema=_without(answer_role=False), expression=gate(FORMAT) * TAG)


@pytest.mark.parametrize(
    ("blocks", "message"),
    [
        (
            [
                {"name": "a", "tags": [{"name": "x", "label": "combine_tag"}]},
                {"name": "b", "tags": [{"name": "y", "label": "combine_tag"}]},
            ],
            "label combine_tag declared more than once",
        ),
        ([{"name": "a", "role": "answer"}, {"name": "b", "role": "answer"}], "role answer"),
        ([{"name": "a", "tags": [{"name": "x", "label": "risk level"}]}], "blocks.0.tags.0.label"),
        (
            [
                {
                    "name": "a",
                    "tags": [{"name": "x", "values": ["low", "high"], "label": "combined"}],
                }
            ],
            "declares label 'combine_tag', a safe/unsafe verdict",
        ),
    ],
)
def test_schema_declarations_are_checked(blocks, message) -> None:
    with pytest.raises(SchemaError, match=message):
        Schema.from_dict({"name": "s", "blocks": blocks})


def test_builtin_schemas_declare_their_labels() -> None:
    assert SAFEGRPO.roles.labels == {
        "image_tag": "visual_safe",
        "text_tag": "text_safe",
        "combine_tag": "combined_safe",
    }
    risk = load_schema("safegrpo_risk").roles.labels
    assert risk == {**SAFEGRPO.roles.labels, "risk_category": "risk_category"}
    assert load_schema("stepwise").roles.labels == {"combine_tag": "combined_safe"}
    assert load_schema("r1").roles == (("answer", "think", {}))


# -- the reward computes only what its rules read --------------------------------------------------


class CountingJudge:
    """A judge that counts its calls (refuses when the answer says sorry)."""

    name = "counting"

    def __init__(self) -> None:
        self.calls = 0

    def predict(self, answers):
        self.calls += 1
        return np.array(["sorry" in a.lower() for a in answers])

    def scores(self, answers):
        return self.predict(answers).astype(float)

    def is_refusal(self, answer: str) -> bool:
        return bool(self.predict([answer])[0])


def test_a_format_only_reward_calls_no_judge_and_reads_no_labels() -> None:
    judge = CountingJudge()
    fmt = SafeGRPOReward(schema="r1", expression=gate(FORMAT), judge=judge)
    assert not fmt.needs_judge and not fmt.needs_labels
    texts = ["Hm.</think><answer>fine</answer>", "<answer>x</answer>"]
    results = fmt.score_many(texts, [{"not": "labels"}, None])
    assert [r.total for r in results] == [1.0, 0.0] and judge.calls == 0
    assert results[0].error is None and results[0].refused is None
    full = SafeGRPOReward(judge=judge)
    full.score_many([render_good("safe")] * 3, [SAFE] * 3)
    # batched: one call for the openings, one for the first sentences of those it reads as help
    assert full.needs_judge and judge.calls == 2


SAFE = {"visual": "safe", "text": "safe", "combined": "safe"}


def render_good(combined: str, answer: str = "Preheat the oven to 180C and bake it.") -> str:
    return (
        f"<think><visual_safe>safe</visual_safe><text_safe>safe</text_safe><combined_safe>"
        f"{combined}</combined_safe></think><answer>{answer}</answer>"
    )


@rule("reads_verdict_silently", uses_verdict=False)
def reads_verdict_silently(ctx: Context) -> float:
    return float(ctx.refused is True)


def test_a_rule_reading_an_undeclared_verdict_is_named() -> None:
    reward = SafeGRPOReward(expression=gate(FORMAT) * reads_verdict_silently)
    assert not reward.needs_judge
    with pytest.raises(ValueError, match="'reads_verdict_silently' reads the answer verdict"):
        reward.score(render_good("safe"), SAFE)


def test_non_answer_earns_no_behaviour_on_either_side() -> None:
    for combined in ("safe", "unsafe"):
        gold = {**SAFE, "combined": combined}
        result = BUILTIN.score(render_good(combined, "."), gold)
        assert result.answer_kind is AnswerKind.NON_ANSWER and result.refused is False
        assert result.terms["behavior"] == 0.0 and result.terms["tag"] == 1.0
        assert result.log_fields()["non_answer"] == 1.0
    paper = SafeGRPOReward(preset="paper").score(render_good("safe", "."), SAFE)
    assert paper.answer_kind is AnswerKind.COMPLIANCE and paper.total == 1.0


# -- the compiled program is the expression --------------------------------------------------------

_leaves = st.sampled_from([FORMAT, TAG, BEHAVIOR]) | st.floats(0, 1).map(Constant)
_expressions = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda p: p[0] + p[1]),
        st.tuples(inner, inner).map(lambda p: p[0] * p[1]),
        st.tuples(st.floats(0, 1), inner).map(lambda p: p[0] * p[1]),
        st.tuples(inner, st.floats(0, 1)).map(lambda p: gate(p[0], p[1])),
    ),
    max_leaves=6,
)


@given(_expressions, safegrpo_samples())
def test_compiled_program_equals_tree_evaluation_bit_for_bit(expression, sample) -> None:
    draft, gold, _, refuse = sample
    parsed = parser_for(SAFEGRPO)(render(draft))
    verdict = Verdict(AnswerKind.REFUSAL if refuse else AnswerKind.COMPLIANCE, "opening")
    terms: dict[str, float] = {}
    expected = expression.evaluate(Context(parsed, gold, verdict), terms)
    total, got = Program.compile(expression).run(Context(parsed, gold, verdict))
    assert total == expected and got == terms


# -- boundaries ----------------------------------------------------------------------------------


def test_conflicting_label_aliases_raise_naming_both() -> None:
    row = {"image_tag": "safe", "visual": "unsafe", "text_tag": "safe", "combine_tag": "safe"}
    with pytest.raises(LabelError, match=r"'visual' \('unsafe'\) and 'image_tag' \('safe'\)"):
        SafetyLabels.coerce(row)
    agreeing = {**row, "visual": " SAFE"}
    assert SafetyLabels.coerce(agreeing).visual == "safe"
    assert "disagree" in (BUILTIN.try_score(render_good("safe"), row).error or "")


@pytest.mark.parametrize("call", ["score_many", "score_batch"])
def test_batches_reject_a_bare_string(call) -> None:
    method = getattr(BUILTIN, call)
    with pytest.raises(TypeError, match="texts is a single str"):
        method(render_good("safe"))
    with pytest.raises(TypeError, match="labels is a single dict"):
        method([render_good("safe")], SAFE)
    with pytest.raises(TypeError, match="labels is a single str"):
        method([render_good("safe")], '{"visual": "safe"}')


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"judge_kwargs": {"device": "cuda"}}, "judge_kwargs configure a named judge"),
        (["strict"], "expected a mapping of settings .* got list"),
        ("strict", "expected a mapping of settings .* got str"),
    ],
)
def test_config_errors_are_specific(config, message) -> None:
    with pytest.raises(ValueError, match=message):
        SafeGRPOReward.from_config(config)


def test_reward_is_built_once_and_pickles_with_its_parts() -> None:
    reward = SafeGRPOReward.from_config({"schema": "stepwise", "expression": f"{__name__}:STEPS"})
    assert not hasattr(reward, "__dict__")  # every attribute is declared
    clone = pickle.loads(pickle.dumps(reward))
    text = "<step_verdict>safe</step_verdict><combined_safe>safe</combined_safe></think>"
    text += "<answer>Sure, here is how to do it.</answer>"
    assert clone.score(text, SAFE) == reward.score(text, SAFE)
    assert clone.term_names == reward.term_names == ("format", "behavior", "tag_combined")
    assert parser_for(reward.schema) is parser_for(reward.schema)
    twin = Schema.model_validate(reward.schema.model_dump())
    assert parser_for(twin) is not parser_for(reward.schema)


STEPS = gate(FORMAT) * BEHAVIOR


def test_the_default_instruction_names_the_schemas_own_blocks_and_tags() -> None:
    from safereward.prompting import DEFAULT_TEMPLATE, default_template

    assert default_template(SAFEGRPO) == DEFAULT_TEMPLATE
    for tag in SAFEGRPO.roles.labels.values():
        assert f"<{tag}>safe</{tag}> or <{tag}>unsafe</{tag}>" in DEFAULT_TEMPLATE
    renamed = load_schema("safegrpo_risk")
    assert f"<{renamed.roles.reasoning}>" in default_template(renamed)
