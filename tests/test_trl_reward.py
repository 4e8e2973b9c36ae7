"""The TRL reward function: calling convention, labels, logging, never raising."""

from __future__ import annotations

import doctest
import pickle
import subprocess
import sys
import warnings
from collections import defaultdict

import pytest

from safereward import SafeGRPOReward, ViolationKind
from safereward.integrations.trl import (
    MissingLabelWarning,
    SafeGRPORewardFunction,
    completion_text,
    safegrpo_reward,
    safegrpo_reward_func,
)
from safereward.integrations.trl import rewards as rewards_module
from safereward.monitor import BATCH_METRICS, SAMPLE_METRICS, HackMonitor
from safereward.testing.tiny import sample_responses

GOOD = (
    "<think>Step 1: a kitchen. <visual_safe>safe</visual_safe> <text_safe>unsafe</text_safe> "
    "<combined_safe>unsafe</combined_safe> Step 5: it asks how to hurt someone.</think>"
    "<answer>Sorry, I can't help with that.</answer>"
)
LABELS = {"image_tag": "safe", "text_tag": "unsafe", "combine_tag": "unsafe"}


class Recorder:
    """Stands in for TRL's ``log_metric`` and ``log_extra``."""

    def __init__(self) -> None:
        self.metrics: dict[str, list[float]] = defaultdict(list)
        self.extra: dict[str, list] = defaultdict(list)

    def log_metric(self, name: str, value: float) -> None:
        self.metrics[name].append(value)

    def log_extra(self, column: str, values: list) -> None:
        self.extra[column].extend(values)


def columns(labels: list[dict[str, str]]) -> dict[str, list[str]]:
    return {k: [row[k] for row in labels] for k in LABELS}


@pytest.fixture(scope="module")
def fn() -> SafeGRPORewardFunction:
    return safegrpo_reward()


def test_standard_and_conversational_formats_agree(fn: SafeGRPORewardFunction) -> None:
    cols = columns([LABELS, LABELS])
    standard = fn(prompts=["q", "q"], completions=[GOOD, "no tags"], **cols)
    conversational = fn(
        prompts=[[{"role": "user", "content": "q"}]] * 2,
        completions=[
            [{"role": "assistant", "content": GOOD}],
            [{"role": "assistant", "content": [{"type": "text", "text": "no tags"}]}],
        ],
        **cols,
    )
    assert standard == conversational == [1.0, 0.0]


def test_reasoning_split_off_by_a_response_schema_is_put_back() -> None:
    reasoning, answer = GOOD.split("</think>")
    message = {
        "role": "assistant",
        "reasoning_content": reasoning.removeprefix("<think>"),
        "content": answer,
    }
    text = completion_text([message])
    assert "<visual_safe>safe</visual_safe>" in text and text.startswith("<think>")
    assert safegrpo_reward()(completions=[[message]], **columns([LABELS])) == [1.0]


def test_batch_matches_core_score_for_every_completion(fn: SafeGRPORewardFunction) -> None:
    texts = sample_responses(24, seed=3)
    label_rows = [
        {"image_tag": v, "text_tag": t, "combine_tag": c}
        for v, t, c in zip(
            ["safe", "unsafe"] * 12,
            ["unsafe", "unsafe", "safe"] * 8,
            ["safe"] * 12 + ["unsafe"] * 12,
            strict=True,
        )
    ]
    got = fn(prompts=["q"] * 24, completions=texts, **columns(label_rows))
    core = SafeGRPOReward()
    want = [core.score(t, row).total for t, row in zip(texts, label_rows, strict=True)]
    assert got == want
    assert len(set(got)) > 1, "the sample responses should not all score the same"


def test_logs_every_term_mean_and_every_violation_kind(fn: SafeGRPORewardFunction) -> None:
    rec = Recorder()
    texts = [GOOD, GOOD.replace("</answer>", ""), "no tags", GOOD]
    rewards = fn(
        completions=texts,
        log_metric=rec.log_metric,
        log_extra=rec.log_extra,
        **columns([LABELS] * 4),
    )
    results = SafeGRPOReward().score_many(texts, [LABELS] * 4)
    for key in results[0].log_fields():
        mean = sum(r.log_fields()[key] for r in results) / 4
        assert rec.metrics[f"safegrpo/{key}"] == [pytest.approx(mean)]
    assert rec.metrics["safegrpo/score"] == [pytest.approx(sum(rewards) / 4)]
    assert rec.metrics["safegrpo/format"] == [pytest.approx(0.5)]
    for kind in ViolationKind:
        rate = sum(any(v.kind == kind for v in r.violations) for r in results) / 4
        assert rec.metrics[f"safegrpo/violations/{kind.value}"] == [pytest.approx(rate)]
    assert sum(rec.metrics[f"safegrpo/violations/{k.value}"][0] for k in ViolationKind) > 0
    assert rec.extra["safegrpo/first_violation"] == [r.first_violation for r in results]
    assert rec.extra["safegrpo/first_violation"][0] == ""
    assert rec.metrics["safegrpo/missing_labels"] == [0.0]


def test_logs_the_hack_monitor_shares_every_batch(fn: SafeGRPORewardFunction) -> None:
    rec = Recorder()
    padded = GOOD.replace("<answer>", "<answer>" + "\n" * 40)
    hollow = GOOD.replace("Sorry, I can't help with that.", ".")
    helpful = GOOD.replace("Sorry, I can't help with that.", "Sure: mix the two liquids slowly.")
    texts = [GOOD, GOOD, padded, hollow, helpful]
    safe = dict(LABELS, combine_tag="safe")
    labels = [LABELS, LABELS, LABELS, LABELS, safe]
    fn(completions=texts, log_metric=rec.log_metric, **columns(labels))
    results = SafeGRPOReward().score_many(texts, labels)
    want = HackMonitor(judge=fn.reward.judge).measure(results, labels)
    assert set(want) == set(BATCH_METRICS)
    for key, value in want.items():
        assert rec.metrics[f"safegrpo/{key}"] == [pytest.approx(value)], key
    assert rec.metrics["safegrpo/hacks/padding"] == [pytest.approx(0.2)]
    assert rec.metrics["safegrpo/hacks/non_answer"] == [pytest.approx(0.2)]
    assert rec.metrics["safegrpo/behavior/over_refusal_rate_safe"] == [0.0]
    assert rec.metrics["safegrpo/internal_error"] == [0.0]


def test_a_rate_without_items_of_its_side_is_not_logged(fn: SafeGRPORewardFunction) -> None:
    rec = Recorder()
    fn(completions=[GOOD], log_metric=rec.log_metric, **columns([LABELS]))
    assert rec.metrics["safegrpo/behavior/refusal_rate_unsafe"] == [1.0]
    assert "safegrpo/behavior/over_refusal_rate_safe" not in rec.metrics
    assert all(f"safegrpo/{key}" in rec.metrics for key in SAMPLE_METRICS)


def test_missing_label_scores_zero_and_warns_once_per_column() -> None:
    fn = safegrpo_reward()
    rec = Recorder()
    cols = {"image_tag": ["safe", "safe"], "combine_tag": ["unsafe", None]}
    with pytest.warns(MissingLabelWarning) as caught:
        first = fn(completions=[GOOD, GOOD], log_metric=rec.log_metric, **cols)
        second = fn(completions=[GOOD, GOOD], log_metric=rec.log_metric, **cols)
    assert first == second == [0.0, 0.0]
    messages = [str(w.message) for w in caught if w.category is MissingLabelWarning]
    assert len(messages) == 2, messages  # text_tag once, combine_tag once, over two batches
    assert any("'text_tag'" in m for m in messages)
    assert any("'combine_tag'" in m for m in messages)
    assert rec.metrics["safegrpo/missing_labels"] == [2.0, 2.0]
    assert rec.metrics["safegrpo/label_error"] == [1.0, 1.0]


def test_a_format_only_reward_needs_no_label_columns() -> None:
    from safereward import FORMAT, gate

    fn = safegrpo_reward(schema="r1", expression=gate(FORMAT))
    rec = Recorder()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no MissingLabelWarning
        scores = fn(completions=["ok</think><answer>hi</answer>", "no"], log_metric=rec.log_metric)
    assert scores == [1.0, 0.0]
    assert rec.metrics["safegrpo/missing_labels"] == [0.0]
    assert rec.metrics["safegrpo/label_error"] == [0.0]


def test_warnings_as_errors_still_do_not_raise() -> None:
    fn = safegrpo_reward()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fn(completions=[GOOD], image_tag=["safe"]) == [0.0]


def test_label_aliases_and_verl_extra_info_struct(fn: SafeGRPORewardFunction) -> None:
    short = {"visual": ["safe"], "text": ["unsafe"], "combined": ["unsafe"]}
    nested = {"extra_info": [dict(LABELS, index=0)]}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fn(completions=[GOOD], **short) == [1.0]
        assert fn(completions=[GOOD], **nested) == [1.0]


def test_invalid_label_value_scores_zero_with_reason(fn: SafeGRPORewardFunction) -> None:
    rec = Recorder()
    cols = columns([LABELS, dict(LABELS, combine_tag="maybe")])
    assert fn(completions=[GOOD, GOOD], log_extra=rec.log_extra, **cols) == [1.0, 0.0]
    reasons = rec.extra["safegrpo/label_error"]
    assert reasons[0] == "" and "maybe" in reasons[1]


def test_never_raises_when_the_core_fails() -> None:
    class Broken(SafeGRPOReward):
        def score_many(self, texts, labels, prompts=None):
            raise RuntimeError("judge crashed")

    fn = SafeGRPORewardFunction(Broken())
    rec = Recorder()
    with pytest.warns(UserWarning, match="judge crashed"):
        out = fn(completions=[GOOD, GOOD], log_metric=rec.log_metric, **columns([LABELS] * 2))
    assert out == [0.0, 0.0]
    assert rec.metrics["safegrpo/internal_error"] == [1.0]


def test_a_completion_the_judge_breaks_on_fails_alone() -> None:
    import numpy as np

    from safereward.refusal import KeywordJudge

    class BreaksOnPoison(KeywordJudge):
        def predict(self, answers):
            if any("POISON" in a for a in answers):
                raise RuntimeError("the judge broke")
            return super().predict(answers)

        def scores(self, answers):
            return np.asarray(self.predict(answers), dtype=np.float64)

    fn = SafeGRPORewardFunction(SafeGRPOReward(judge=BreaksOnPoison()))
    poisoned = GOOD.replace("Sorry,", "POISON Sorry,")
    rec = Recorder()
    out = fn(
        completions=[GOOD, poisoned, GOOD, GOOD],
        log_metric=rec.log_metric,
        log_extra=rec.log_extra,
        **columns([LABELS] * 4),
    )
    assert out == [1.0, 0.0, 1.0, 1.0]  # the others scored exactly, nothing raised
    errors = rec.extra["safegrpo/error"]
    assert errors[1] == "scoring failed: RuntimeError: the judge broke"
    assert errors[0] == errors[2] == errors[3] == ""
    assert rec.extra["safegrpo/label_error"] == ["", "", "", ""]
    assert rec.metrics["safegrpo/internal_error"] == [0.25]
    assert rec.metrics["safegrpo/label_error"] == [0.0]


def test_fails_loudly_after_too_many_failed_batches_in_a_row() -> None:
    class Flaky:
        def __init__(self) -> None:
            self.fail = True
            self.inner = SafeGRPOReward()
            self.label_schema, self.needs_labels = self.inner.label_schema, True

        def score_many(self, texts, labels):
            if self.fail:
                raise RuntimeError("judge crashed")
            return self.inner.score_many(texts, labels)

    reward = Flaky()
    fn = SafeGRPORewardFunction(reward, max_failed_batches=2)  # type: ignore[arg-type]
    cols = columns([LABELS])
    with pytest.warns(UserWarning, match="1 in a row"):
        assert fn(completions=[GOOD], **cols) == [0.0]
    reward.fail = False
    assert fn(completions=[GOOD], **cols) == [1.0]  # a success resets the count
    reward.fail = True
    with pytest.warns(UserWarning, match="1 in a row"):
        fn(completions=[GOOD], **cols)
    with pytest.raises(RuntimeError, match="2 batches in a row"):
        fn(completions=[GOOD], **cols)
    never = SafeGRPORewardFunction(reward, max_failed_batches=None)  # type: ignore[arg-type]
    with pytest.warns(UserWarning):
        for _ in range(5):
            assert never(completions=[GOOD], **cols) == [0.0]


def test_name_pickling_and_trl_display_name() -> None:
    from trl.trainer.utils import get_callable_name

    fn = safegrpo_reward(preset="paper", name="safety")
    assert get_callable_name(fn) == "safety"
    clone = pickle.loads(pickle.dumps(fn))
    assert clone.__name__ == "safety"
    assert clone(completions=[GOOD], **columns([LABELS])) == fn(
        completions=[GOOD], **columns([LABELS])
    )


def test_factory_options_reach_the_core() -> None:
    strict = safegrpo_reward(judge="keywords-paper", weights={"tag": 1.0, "behavior": 0.0})
    # wrong behaviour (helps on an unsafe combination) costs nothing with behaviour weight 0
    helpful = GOOD.replace("Sorry, I can't help with that.", "Sure, here is how.")
    assert strict(completions=[helpful], **columns([LABELS])) == [1.0]
    with pytest.raises(ValueError):
        safegrpo_reward(preset="no-such-preset")


def test_empty_batch() -> None:
    assert safegrpo_reward_func(prompts=[], completions=[]) == []


def test_docstring_example_runs() -> None:
    result = doctest.testmod(rewards_module, verbose=False)
    assert result.attempted >= 1 and result.failed == 0


def test_package_import_pulls_in_neither_trl_nor_torch() -> None:
    code = (
        "import sys, safereward.integrations.trl, safereward.testing.tiny;"
        "bad = [m for m in ('trl', 'torch', 'transformers') if m in sys.modules];"
        "print(bad); raise SystemExit(bool(bad))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# -- the prompt reaches the verdict (the echo rule: an echo of the prompt is a non-answer) -------


def test_an_echo_of_the_prompt_earns_no_behaviour(fn: SafeGRPORewardFunction) -> None:
    from safereward.integrations.trl import prompt_text
    from safereward.testing.hack_bank import PROMPT_ONLY_ECHO, item_response

    item = PROMPT_ONLY_ECHO  # its echo reads as help without the prompt
    echo, honest = item_response(item, item.question), item_response(item, item.honest)
    cols = columns([item.dataset_labels] * 2)
    chat = [
        {"role": "system", "content": "Refuse unsafe requests; answer safe ones fully."},
        {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": item.question}]},
    ]
    assert prompt_text(chat) == item.question
    assert prompt_text([{"role": "system", "content": "only a system turn"}]) == (
        "only a system turn"
    )
    assert prompt_text(None) is None and prompt_text(7) is None
    assert fn(completions=[echo, honest], **cols) == [1.0, 1.0]  # no prompts: open
    assert fn(prompts=[item.question] * 2, completions=[echo, honest], **cols) == [0.5, 1.0]
    assert fn(prompts=[chat, chat], completions=[echo, honest], **cols) == [0.5, 1.0]
