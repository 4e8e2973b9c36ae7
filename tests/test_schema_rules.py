"""Custom rules over new tags, composed into rewards, for each non-SafeGRPO schema."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safereward import BEHAVIOR, FORMAT, TAG, Context, SafeGRPOReward, Safety, gate, rule
from safereward.labels import LabelError
from safereward.rules import TAG_COMBINED, TAG_VISUAL
from safereward.schema import load_schema
from safereward.testing import answers, labels, malformed, render, well_formed

RISK, STEPS, R1 = (load_schema(n) for n in ("safegrpo_risk", "stepwise", "r1"))
CATEGORIES = RISK.tag("risk_category").values
ROOT = Path(__file__).resolve().parents[1]


# -- safegrpo_risk ------------------------------------------------------------------------------


@rule("risk_consistent")
def risk_consistent(ctx: Context) -> float:
    return float((ctx.value("risk_category") == "none") == (ctx.value("combined_safe") == "safe"))


RISK_REWARD = SafeGRPOReward(
    schema=RISK, expression=gate(FORMAT) * gate(risk_consistent) * (0.5 * TAG + 0.5 * BEHAVIOR)
)
PLAIN_RISK = SafeGRPOReward(schema=RISK)


@given(
    labels(),
    st.tuples(*[st.sampled_from(list(Safety))] * 3),
    st.sampled_from(CATEGORIES),
    st.booleans(),
    st.data(),
)
def test_risk_rule_gates_the_safegrpo_formula(gold, verdicts, category, refuse, data) -> None:
    visual, text_verdict, combined = verdicts
    pinned = {
        "visual_safe": visual.value,
        "text_safe": text_verdict.value,
        "combined_safe": combined.value,
        "risk_category": category,
    }
    text = render(data.draw(well_formed(RISK, values=pinned, answer=answers(refuse))))
    result = RISK_REWARD.score(text, gold)
    consistent = (category == "none") == (combined is Safety.SAFE)
    assert result.terms["risk_consistent"] == float(consistent)
    assert result.total == (PLAIN_RISK.score(text, gold).total if consistent else 0.0)
    assert list(result.terms) == [
        "format",
        "risk_consistent",
        "tag",
        "behavior",
        "tag_visual",
        "tag_text",
        "tag_combined",
    ]


@given(malformed(RISK), labels())
def test_risk_reward_is_zero_on_any_format_violation(case, gold) -> None:
    draft, kind = case
    result = RISK_REWARD.score(render(draft), gold)
    assert result.total == 0.0 and result.terms["format"] == 0.0
    assert kind in {v.kind for v in result.violations}


def test_risk_reward_pickles_and_explains() -> None:
    text = (
        "<think><visual_safe>safe</visual_safe><text_safe>safe</text_safe>"
        "<combined_safe>safe</combined_safe><risk_category>privacy</risk_category></think>"
        "<answer>Here is a recipe for pancakes.</answer>"
    )
    gold = {"visual": "safe", "text": "safe", "combined": "safe"}
    result = RISK_REWARD.score(text, gold)
    assert (result.total, result.terms["risk_consistent"], result.terms["tag"]) == (0.0, 0.0, 1.0)
    clone = pickle.loads(pickle.dumps(RISK_REWARD))
    assert clone.score(text, gold).terms == result.terms
    fixed = text.replace("privacy", "none")
    assert clone.score(fixed, gold).total == 1.0


# -- stepwise --------------------------------------------------------------------------------


@rule("steps_agree")
def steps_agree(ctx: Context) -> float:
    """Combined is unsafe exactly when some step is unsafe."""
    steps = [t.value for t in ctx.parsed.tags.get("step_verdict", ())]
    return float(("unsafe" in steps) == (ctx.value("combined_safe") == "unsafe"))


STEP_REWARD = SafeGRPOReward(
    schema="stepwise",
    expression=gate(FORMAT) * gate(steps_agree) * (0.5 * TAG_COMBINED + 0.5 * BEHAVIOR),
)


@given(
    st.lists(st.sampled_from(["safe", "unsafe", " Unsafe\n"]), min_size=1, max_size=8),
    st.sampled_from(list(Safety)),
    labels(),
    st.booleans(),
    st.data(),
)
def test_step_rule_composes_into_a_reward(steps, combined, gold, refuse, data) -> None:
    body = "".join(f"Step {i}: <step_verdict>{v}</step_verdict>\n" for i, v in enumerate(steps))
    verdict = f"<combined_safe>{combined.value}</combined_safe>"
    text = f"{body}{verdict}</think>\n<answer>{data.draw(answers(refuse))}</answer>"
    result = STEP_REWARD.score(text, gold)
    assert result.violations == ()
    agree = any(s.strip().lower() == "unsafe" for s in steps) == (combined is Safety.UNSAFE)
    right = combined is gold.combined
    behaves = refuse == (gold.combined is Safety.UNSAFE)
    expected = 0.5 * right + 0.5 * (right and behaves) if agree else 0.0
    assert result.total == expected
    assert list(result.terms) == ["format", "steps_agree", "tag_combined", "behavior"]


def test_stepwise_reward_handles_thousands_of_steps() -> None:
    steps = "".join("<step_verdict>safe</step_verdict> ok. " for _ in range(5000))
    text = f"<think>{steps}<combined_safe>safe</combined_safe></think>"
    text += "<answer>Sure: the answer is 42.</answer>"
    result = STEP_REWARD.score(text, {"visual": "safe", "text": "safe", "combined": "safe"})
    assert result.total == 1.0
    assert len(result.parsed.tags["step_verdict"]) == 5000


# -- r1: no safety tags at all ------------------------------------------------------------------


@rule("brief")
def brief(ctx: Context) -> float:
    return float(len(ctx.parsed.answer or "") <= 200)


R1_REWARD = SafeGRPOReward(schema=R1, expression=gate(FORMAT) * (0.5 + 0.5 * brief))
ANY_LABELS = {"visual": "unsafe", "text": "safe", "combined": "safe"}


@given(well_formed(R1))
def test_r1_format_reward_on_well_formed(draft) -> None:
    result = R1_REWARD.score(render(draft), ANY_LABELS)
    assert result.terms["format"] == 1.0
    assert result.total == 0.5 + 0.5 * (len(result.parsed.answer) <= 200)
    assert list(result.terms) == ["format", "brief"]


@given(malformed(R1))
def test_r1_format_reward_on_malformed(case) -> None:
    draft, kind = case
    result = R1_REWARD.try_score(render(draft), ANY_LABELS)
    assert result.total == 0.0 and kind in {v.kind for v in result.violations}


@given(well_formed(R1))
def test_a_format_only_reward_needs_no_labels(draft) -> None:
    text = render(draft)
    assert not R1_REWARD.needs_labels
    assert R1_REWARD.score(text) == R1_REWARD.score(text, ANY_LABELS)
    assert R1_REWARD.score_many([text]) == [R1_REWARD.try_score(text, None)]


def test_missing_labels_fail_loudly_at_score_and_softly_in_batches() -> None:
    reward = SafeGRPOReward()
    text = "<think><visual_safe>safe</visual_safe><text_safe>safe</text_safe>"
    text += "<combined_safe>safe</combined_safe></think><answer>Preheat the oven to 180C.</answer>"
    assert reward.needs_labels
    with pytest.raises(LabelError, match="rule 'tag' compares the response with labels"):
        reward.score(text)
    safe = {"visual": "safe", "text": "safe", "combined": "safe"}
    missing, given = reward.score_many([text, text], [None, safe])
    assert missing.total == 0.0 and "none were given" in (missing.error or "")
    assert given.error is None and given.total == 1.0


@rule("sneaky")
def sneaky(ctx: Context) -> float:
    """Reads the labels without declaring ``uses_labels``."""
    return float(ctx.labels.combined is Safety.SAFE)


def test_an_undeclared_label_reader_still_fails_cleanly() -> None:
    reward = SafeGRPOReward(schema=R1, expression=gate(FORMAT) * sneaky)
    assert not reward.needs_labels
    result = reward.try_score("Hm.</think><answer>hi</answer>")
    assert result.total == 0.0 and result.error is not None and "'sneaky'" in result.error
    assert reward.score("Hm.</think><answer>hi</answer>", ANY_LABELS).total == 1.0
    declared = rule("declared", uses_labels=True)(lambda ctx: 1.0)
    assert pickle.loads(pickle.dumps(TAG)).uses_labels and declared.uses_labels


def test_config_carries_schema_and_expression() -> None:
    reward = SafeGRPOReward.from_config({"schema": "r1", "expression": f"{HERE}:R1_EXPRESSION"})
    assert reward.schema is R1 and reward.term_names == ("format", "brief")
    assert reward.score("Hm.</think><answer>short</answer>").total == 1.0
    for config, message in [
        ({"schema": "r2"}, "schema: .*neither a built-in schema"),
        ({"expression": HERE}, "not of the form 'package.module:name'"),
        ({"expression": f"{HERE}:nothing"}, "has no 'nothing'"),
        ({"expression": f"{HERE}:brief_limit"}, "is a int, not a reward"),
        ({"expression": "no_such_module:x"}, "cannot import 'no_such_module'"),
        ({"schema": "r1", "preset": "paper"}, "paper preset .* takes no schema"),
    ]:
        with pytest.raises(ValueError, match=message):
            SafeGRPOReward.from_config(config)


HERE = __name__
brief_limit = 200
R1_EXPRESSION = gate(FORMAT) * (0.5 + 0.5 * brief)


def test_safegrpo_terms_on_a_schema_without_their_tags_fail_at_construction() -> None:
    with pytest.raises(ValueError, match=r"'tag' term in expression needs .*`label: image_tag`"):
        SafeGRPOReward(schema="r1")
    with pytest.raises(ValueError, match=r"`label: image_tag`.*schema 'stepwise' does not have"):
        SafeGRPOReward(schema=STEPS)
    with pytest.raises(ValueError, match=r"'tag_visual' term in diagnostics"):
        SafeGRPOReward(schema=STEPS, expression=gate(FORMAT) * BEHAVIOR, diagnostics=(TAG_VISUAL,))
    with pytest.raises(ValueError, match=r"'behavior' term in expression needs .*combine_tag"):
        SafeGRPOReward(schema=R1, expression=gate(FORMAT) * BEHAVIOR)
    with pytest.raises(ValueError, match="neither a built-in schema"):
        SafeGRPOReward(schema="r2")


def test_default_diagnostics_follow_the_schema() -> None:
    assert R1_REWARD.diagnostics == ()
    assert STEP_REWARD.diagnostics == (TAG_COMBINED,)
    assert [r.name for r in PLAIN_RISK.diagnostics] == ["tag_visual", "tag_text", "tag_combined"]
    assert SafeGRPOReward().term_names == PLAIN_RISK.term_names
    assert SafeGRPOReward(schema="safegrpo").schema is load_schema("safegrpo")


# -- the schemas page's example ---------------------------------------------------------------


def test_readme_example_runs_and_explains() -> None:
    script = ROOT / "examples" / "risk_category.py"
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    lines = out.splitlines()
    assert lines[0].startswith(" drugs: total=1.00 ") and "'tag_risk_category': 1.0" in lines[0]
    assert lines[1].startswith(" fraud: total=0.80 ") and "'tag_risk_category': 0.0" in lines[1]
    assert lines[2].startswith("  none: total=0.00 ") and "'risk_consistent': 0.0" in lines[2]
    assert lines[3].startswith("gossip: total=0.00 ") and "'format': 0.0" in lines[3]
    assert "invalid_value" in lines[4] and "'gossip'" in lines[4]
