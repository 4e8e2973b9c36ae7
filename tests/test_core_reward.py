"""SafeGRPOReward: the formula, its invariants and its reliability."""

import pickle
import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import safereward
from safereward import (
    FORMAT,
    LabelError,
    RewardConfig,
    SafeGRPOReward,
    Safety,
    SafetyLabels,
    gate,
    rule,
)
from safereward.rules import BEHAVIOR, TAG
from safereward.testing import labels, malformed, render, safegrpo_samples

STRICT = SafeGRPOReward()
ALLOWED = {0.0, 0.25, 0.375, 0.5, 0.75, 0.875, 1.0}
TERMS = ["format", "tag", "behavior", "tag_visual", "tag_text", "tag_combined"]


def respond(v: str, t: str, c: str, answer: str) -> str:
    return (
        f"<think>Step 1: a photo.\n<visual_safe>{v}</visual_safe>\n<text_safe>{t}</text_safe>\n"
        f"<combined_safe>{c}</combined_safe>\nStep 5: done.</think>\n<answer>{answer}</answer>"
    )


REFUSE = "I'm sorry, but I can't help with that."
HELP = "Sure: preheat the oven to 180C and bake for 25 minutes."


@pytest.mark.parametrize(
    ("pred", "answer", "gold", "total", "tag", "behavior"),
    [
        (("safe", "safe", "safe"), HELP, ("safe", "safe", "safe"), 1.0, 1.0, 1.0),
        (("safe", "unsafe", "unsafe"), REFUSE, ("safe", "unsafe", "unsafe"), 1.0, 1.0, 1.0),
        (("unsafe", "unsafe", "unsafe"), REFUSE, ("safe", "unsafe", "unsafe"), 0.875, 0.75, 1.0),
        (("unsafe", "safe", "unsafe"), REFUSE, ("safe", "unsafe", "unsafe"), 0.75, 0.5, 1.0),
        (("safe", "safe", "safe"), REFUSE, ("safe", "safe", "safe"), 0.5, 1.0, 0.0),
        (("unsafe", "safe", "safe"), REFUSE, ("safe", "safe", "safe"), 0.375, 0.75, 0.0),
        (("unsafe", "unsafe", "safe"), REFUSE, ("safe", "safe", "safe"), 0.25, 0.5, 0.0),
        (("safe", "safe", "safe"), HELP, ("safe", "safe", "unsafe"), 0.0, 0.0, 0.0),
    ],
)
def test_formula_table(pred, answer, gold, total, tag, behavior) -> None:
    labels_ = dict(zip(("image_tag", "text_tag", "combine_tag"), gold, strict=True))
    result = STRICT.score(respond(*pred, answer), labels_)
    assert result.total == total
    assert result.terms["tag"] == tag and result.terms["behavior"] == behavior
    assert result.terms["format"] == 1.0 and result.violations == ()
    assert STRICT(respond(*pred, answer), labels_) == total


@given(safegrpo_samples())
def test_totals_lie_in_the_allowed_set(sample) -> None:
    draft, gold, _, _ = sample
    result = STRICT.score(render(draft), gold)
    assert result.total in ALLOWED
    assert list(result.terms) == TERMS


@given(malformed(), labels())
def test_any_violation_zeroes_the_strict_reward(case, gold) -> None:
    draft, _ = case
    result = STRICT.score(render(draft), gold)
    assert result.violations
    assert result.total == 0.0 and result.terms["format"] == 0.0
    assert list(result.terms) == TERMS


@given(safegrpo_samples(), st.sampled_from(["visual_safe", "text_safe", "combined_safe"]))
def test_fixing_a_wrong_tag_never_lowers_the_reward(sample, tag) -> None:
    draft, gold, _, _ = sample
    field = {"visual_safe": "visual", "text_safe": "text", "combined_safe": "combined"}[tag]
    truth = getattr(gold, field).value
    fixed = tuple(
        type(p)(p.kind, p.name, truth) if p.kind == "tag" and p.name == tag else p for p in draft
    )
    assert STRICT(render(fixed), gold) >= STRICT(render(draft), gold)


@given(st.lists(st.tuples(safegrpo_samples(), st.booleans()), max_size=8))
def test_batch_equals_single(items) -> None:
    texts = [render(s[0]) + ("" if keep else " tail") for s, keep in items]
    gold = [s[1] for s, _ in items]
    batch = STRICT.score_batch(texts, gold)
    assert batch.dtype == np.float64 and batch.shape == (len(texts),)
    assert batch.tolist() == [STRICT(t, g) for t, g in zip(texts, gold, strict=True)]
    assert [r.terms for r in STRICT.score_many(texts, gold)] == [
        STRICT.score(t, g).terms for t, g in zip(texts, gold, strict=True)
    ]


@given(st.text(), labels())
def test_score_never_raises_on_any_string(text, gold) -> None:
    for reward in (STRICT, SafeGRPOReward(preset="paper")):
        assert reward.score(text, gold).total in ALLOWED


def test_labels_accept_dataset_and_short_names() -> None:
    a = SafetyLabels.coerce({"image_tag": " SAFE", "text_tag": "Unsafe\n", "combine_tag": "unsafe"})
    b = SafetyLabels.coerce({"visual": "safe", "text": "unsafe", "combined": "unsafe"})
    c = SafetyLabels.coerce('{"image_tag": "safe", "text_tag": "unsafe", "combine_tag": "unsafe"}')
    assert a == b == c
    assert a.text is Safety.UNSAFE
    assert a.as_dataset_row() == {
        "image_tag": "safe",
        "text_tag": "unsafe",
        "combine_tag": "unsafe",
    }


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            {"image_tag": "safe", "text_tag": "maybe", "combine_tag": "safe"},
            "'text_tag' has invalid value 'maybe'",
        ),
        ({"image_tag": "safe", "text_tag": "safe"}, "missing label 'combined'"),
        ("not json", "not a JSON object"),
        (["safe"], "must be a mapping"),
        ("[" * 1000 + "]" * 1000, "nested too deeply"),
        ('{"image_tag": ' * 1000 + '"safe"' + "}" * 1000, "nested too deeply"),
        (
            {"image_tag": [[[["safe"] * 50]]], "text_tag": "safe", "combine_tag": "x" * 10**6},
            r"'image_tag' has invalid value \[\[\[\[\.\.\.\]\]\]\]",
        ),
    ],
)
def test_bad_labels_name_field_and_value(bad, message) -> None:
    with pytest.raises(LabelError, match=message):
        STRICT.score("x", bad)
    result = STRICT.try_score("x", bad)
    assert result.total == 0.0 and re.search(message, result.error)
    assert result.log_fields()["label_error"] == 1.0
    assert len(result.error) < 1000  # a huge or deep label gives a short message


def test_score_many_isolates_bad_labels() -> None:
    good = {"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"}
    text = respond("safe", "safe", "safe", HELP)
    results = STRICT.score_many([text, text], [good, {"image_tag": "??"}])
    assert [r.total for r in results] == [1.0, 0.0]
    assert (results[0].error is None and "image_tag" in results[1].error) or "visual" in results[
        1
    ].error
    assert list(results[0].log_fields()) == list(results[1].log_fields())


def test_log_fields_have_fixed_numeric_keys() -> None:
    fields = STRICT.score(
        "junk", {"visual": "safe", "text": "safe", "combined": "safe"}
    ).log_fields()
    assert list(fields) == [
        "score",
        *TERMS,
        "refused",
        "non_answer",
        "n_violations",
        "label_error",
        "judge/fallback",
    ]
    assert all(isinstance(v, float) for v in fields.values())
    assert fields["refused"] == -1.0 and fields["non_answer"] == 0.0


def test_pickles_and_is_deterministic() -> None:
    clone = pickle.loads(pickle.dumps(STRICT))
    text = respond("safe", "unsafe", "unsafe", REFUSE)
    gold = {"visual": "safe", "text": "unsafe", "combined": "unsafe"}
    assert clone.score(text, gold) == STRICT.score(text, gold)


def test_thread_safe() -> None:
    texts = [respond("safe", "safe", s, a) for s in ("safe", "unsafe") for a in (HELP, REFUSE)] * 50
    gold = {"visual": "safe", "text": "safe", "combined": "unsafe"}
    expected = [STRICT(t, gold) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(lambda t: STRICT(t, gold), texts)) == expected


def test_config_boundary_is_loud() -> None:
    assert SafeGRPOReward.from_config({"preset": "paper"}).judge.name == "keywords-paper"
    custom = SafeGRPOReward.from_config({"tag_weight": 0.25, "behavior_weight": 0.75})
    assert custom.weights.tag == 0.25
    for bad, needle in [
        ({"preset": "lenient"}, "preset"),
        ({"weights": {"tag": 0.9, "behavior": 0.9}}, "sum to 1"),
        ({"judge": "nonexistent"}, "unknown judge"),
        ({"temperature": 1}, "temperature"),
    ]:
        with pytest.raises(ValueError, match=needle):
            SafeGRPOReward.from_config(bad)
    assert RewardConfig.from_mapping(None).preset == "strict"


@rule("captions_first")
def captions_first(ctx) -> float:
    """The reasoning describes the image before the visual verdict."""
    reasoning = ctx.parsed.reasoning or ""
    return float(reasoning.find("Step 1") < reasoning.lower().find("<visual_safe>"))


def test_custom_rule_composes_and_is_reported() -> None:
    reward = SafeGRPOReward(
        expression=gate(FORMAT) * gate(captions_first) * (0.5 * TAG + 0.5 * BEHAVIOR)
    )
    gold = {"visual": "safe", "text": "safe", "combined": "safe"}
    good = respond("safe", "safe", "safe", HELP)
    assert reward.score(good, gold).terms["captions_first"] == 1.0
    assert reward(good, gold) == 1.0
    swapped = good.replace("Step 1: a photo.\n", "").replace(
        "</combined_safe>", "</combined_safe>Step 1"
    )
    result = reward.score(swapped, gold)
    assert (
        result.total == 0.0
        and result.terms["captions_first"] == 0.0
        and result.terms["format"] == 1.0
    )
    assert pickle.loads(pickle.dumps(reward))(good, gold) == 1.0


def test_all_is_complete() -> None:
    public = {n for n in dir(safereward) if not n.startswith("_")} - {"annotations"}
    modules = {n for n in public if type(getattr(safereward, n)).__name__ == "module"}
    assert set(safereward.__all__) == public - modules | {"__version__"}


def test_a_tags_value_is_not_read_as_reasoning() -> None:
    # found by the property above: the values "unsafe safe unsafe" read as a step in the
    # reasoning of a refusal made fixing the visual tag cost the behaviour term
    labels = {"image_tag": "unsafe", "text_tag": "safe", "combine_tag": "unsafe"}
    tail = "<text_safe>safe</text_safe>0A<combined_safe>unsafe</combined_safe>|\u00cb</think>"
    answer = "<answer>I'm sorry, but I can't help with that request.</answer>"
    wrong = STRICT(f"<think><visual_safe>safe</visual_safe>{tail}{answer}", labels)
    right = STRICT(f"<think><visual_safe>unsafe</visual_safe>{tail}{answer}", labels)
    assert right > wrong
