"""The verl reward file and the ``safegrpo`` manager through verl 0.9.1's own loaders, on CPU."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
import verl_helpers as h

from safereward.integrations.verl import common
from safereward.integrations.verl import reward as reward_file
from safereward.monitor import HACK_FAMILIES, SAMPLE_METRICS, HackMonitor, RecentLengths

REWARD_PATH = Path(reward_file.__file__).resolve()
FILE_OVERRIDES = [
    "actor_rollout_ref.model.path=unused",
    "reward.reward_manager.name=naive",
    f"reward.custom_reward_function.path={REWARD_PATH}",
    "reward.custom_reward_function.name=compute_score",
]


def run_manager(manager, batch) -> list[dict]:
    async def all_samples():
        return await asyncio.gather(
            *(manager.run_single(batch[i : i + 1]) for i in range(len(batch)))
        )

    return manager.loop.run_until_complete(all_samples())  # verl's managers own their loop


def test_compute_score_matches_core_with_constant_numeric_keys():
    items = h.samples()
    expected = h.core_scores(items, h.REWARD_KWARGS)
    outs = [
        reward_file.compute_score("safetag_vl", text, gt, extra, **h.REWARD_KWARGS)
        for text, gt, extra in items
    ]
    assert [o["score"] for o in outs] == [r.total for r in expected]
    assert len({o["score"] for o in outs}) >= 3  # the samples exercise several reward levels
    keys = list(outs[0])
    assert all(list(o) == keys for o in outs)
    assert all(isinstance(v, float) for o in outs for k, v in o.items() if k != "error")
    assert [o["error"] for o in outs] == [r.error or "" for r in expected]  # the one text field
    assert {"score", "format", "tag", "behavior", "refused", "violation", "label_error"} <= set(
        keys
    )
    assert set(SAMPLE_METRICS) <= set(keys)


def test_compute_score_flags_each_hack_family_per_sample():
    for text, gt, extra in h.hack_samples():
        out = reward_file.compute_score("safetag_vl", text, gt, extra, **h.REWARD_KWARGS)
        flagged = {f for f in HACK_FAMILIES if out[f"hacks/{f}"] == 1.0}
        if extra["expect"]:
            assert extra["expect"] in flagged, (text, flagged)
        else:
            assert not flagged - {"short_answer"}, (text, flagged)  # short depends on history
        assert out["hacks/answer_chars"] > 0


def test_bad_labels_score_zero_and_say_so():
    good = h.FULL.format(v="safe", t="safe", c="safe", summary=".", answer=h.HELP)
    for gt, extra in [(None, None), ("not json", {}), (None, {"image_tag": "maybe"}), (7, {})]:
        out = reward_file.compute_score("safetag_vl", good, gt, extra, **h.REWARD_KWARGS)
        assert out["score"] == 0.0
        assert out["label_error"] == 1.0


def test_labels_prefer_extra_info_then_ground_truth():
    assert common.labels_of('{"a": 1}', {"image_tag": "safe", "index": 2}) == {"image_tag": "safe"}
    assert common.labels_of('{"a": 1}', {"index": 2}) == '{"a": 1}'
    assert common.labels_of(None, {"index": 2}) is None  # a format-only reward scores it


def test_violation_code_round_trips():
    out = reward_file.compute_score(
        "s", "no structure at all", None, h.labels("safe", "safe", "safe"), **h.REWARD_KWARGS
    )
    assert out["violation"] > 0
    assert common.violation_name(out["violation"]) != ""
    assert common.violation_name(0) == ""


def test_misconfiguration_fails_on_first_call_with_the_key():
    with pytest.raises(ValueError, match="presett"):
        reward_file.compute_score("s", "x", None, {}, presett="paper")
    with pytest.raises(ValueError, match="weights"):
        reward_file.compute_score("s", "x", None, {}, tag_weight=0.9, behavior_weight=0.9)


def test_verl_loader_and_naive_manager_put_core_scores_on_last_token():
    from verl.experimental.reward_loop.reward_manager import NaiveRewardManager
    from verl.trainer.ppo.reward import get_custom_reward_fn, load_reward_manager

    kwargs = {"preset": "paper"}
    cfg = h.compose(
        FILE_OVERRIDES + h.kwargs_overrides("reward.custom_reward_function.reward_kwargs", kwargs)
    )
    fn = get_custom_reward_fn(cfg)
    items = h.samples()
    assert (
        fn(data_source="s", solution_str=items[0][0], ground_truth=None, extra_info=items[0][2])[
            "score"
        ]
        == h.core_scores(items[:1], kwargs)[0].total
    )

    manager = load_reward_manager(cfg, h.tokenizer())
    assert isinstance(manager, NaiveRewardManager)
    batch = h.make_batch(items)
    outs = run_manager(manager, batch)
    rm = NaiveRewardManager.assemble_rm_scores(batch, [o["reward_score"] for o in outs])
    expected = [r.total for r in h.core_scores(items, kwargs)]
    assert h.last_token_scores(batch, rm) == pytest.approx(expected)
    assert [o["reward_extra_info"]["label_error"] for o in outs] == [
        float(r.error is not None) for r in h.core_scores(items, kwargs)
    ]


def test_safegrpo_manager_scores_in_one_batch_and_matches_core():
    from verl.trainer.ppo.reward import load_reward_manager, resolve_reward_manager_cls

    from safereward.integrations.verl.manager import SafeGRPORewardManager

    cfg = h.compose(
        [
            "actor_rollout_ref.model.path=unused",
            "reward.reward_manager.name=safegrpo",
            *h.kwargs_overrides("reward.reward_kwargs", h.REWARD_KWARGS),
        ]
    )
    assert resolve_reward_manager_cls(cfg) is SafeGRPORewardManager
    manager = load_reward_manager(cfg, h.tokenizer())
    calls: list[int] = []
    inner = manager.reward

    class Counting:
        def __getattr__(self, name):  # the rest of the reward, as it is
            return getattr(inner, name)

        def score_many(self, texts, labels, prompts=None):
            calls.append(len(texts))
            return inner.score_many(texts, labels, prompts)

    manager.reward = Counting()
    manager.monitor = HackMonitor(judge=inner.judge, recent=RecentLengths())  # no history
    items = h.samples() + h.hack_samples()
    batch = h.make_batch(items)
    outs = run_manager(manager, batch)
    assert calls == [len(items)]
    expected = h.core_scores(items, h.REWARD_KWARGS)
    rm = SafeGRPORewardManager.assemble_rm_scores(batch, [o["reward_score"] for o in outs])
    assert h.last_token_scores(batch, rm) == pytest.approx([r.total for r in expected])
    hacks = HackMonitor(judge=inner.judge).sample_logs(expected)  # the gathered batch is one
    assert [o["reward_extra_info"] for o in outs] == [
        common.log_fields(r, f) for r, f in zip(expected, hacks, strict=True)
    ]
    padded = [o["reward_extra_info"]["hacks/padding"] for o in outs[-5:]]
    assert padded == [1.0, 1.0, 0.0, 0.0, 0.0]
    assert outs[-3]["reward_extra_info"]["hacks/non_answer"] == 1.0


def test_safegrpo_manager_refuses_a_custom_reward_file_and_bad_config():
    from verl.trainer.ppo.reward import load_reward_manager

    base = ["actor_rollout_ref.model.path=unused", "reward.reward_manager.name=safegrpo"]
    with pytest.raises(ValueError, match=r"custom_reward_function\.path"):
        load_reward_manager(h.compose([*base, *FILE_OVERRIDES[2:]]), h.tokenizer())
    with pytest.raises(ValueError, match="preset"):
        load_reward_manager(
            h.compose([*base, "+reward.reward_kwargs.preset=lenient"]), h.tokenizer()
        )


def test_plugin_entry_point_registers_the_manager_in_a_fresh_process():
    code = (
        "import verl\n"
        "from verl.experimental.reward_loop.reward_manager import get_reward_manager_cls\n"
        "print(get_reward_manager_cls('safegrpo').__module__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert out.stdout.strip().endswith("safereward.integrations.verl.manager")


def test_a_taken_manager_name_is_reported_where_users_see_it(monkeypatch, caplog):
    from safereward.integrations.verl import manager

    class Other:
        pass

    monkeypatch.setattr(manager, "get_reward_manager_cls", lambda name: Other)
    with pytest.warns(RuntimeWarning, match="already taken"):
        manager._register()  # verl swallows plugin exceptions: this must not raise
    assert "already taken" in caplog.text


# -- the prompt, from extra_info, reaches the verdict (an echo of it is a non-answer) -----------


def _echo_items() -> list[tuple[str, object, dict]]:
    from safereward.prompting import Instruction
    from safereward.testing.hack_bank import PROMPT_ONLY_ECHO, item_response

    item = PROMPT_ONLY_ECHO  # its echo reads as help without the prompt
    echo, honest = item_response(item, item.question), item_response(item, item.honest)
    labels = item.dataset_labels
    rendered = Instruction().render(item.question, 1)  # as `safereward prepare verl` stores it
    return [
        (echo, None, {**labels, "prompt_text": rendered, "question": item.question}),
        (echo, None, {**labels, "question": item.question}),
        (honest, None, {**labels, "prompt_text": rendered}),
        (echo, None, dict(labels)),  # data prepared without prompts: the echo stays open
    ]


def test_compute_score_reads_the_prompt_from_extra_info():
    outs = [
        reward_file.compute_score("safetag_vl", text, gt, extra, **h.REWARD_KWARGS)
        for text, gt, extra in _echo_items()
    ]
    assert [o["behavior"] for o in outs] == [0.0, 0.0, 1.0, 1.0]
    assert [o["non_answer"] for o in outs] == [1.0, 1.0, 0.0, 0.0]
    assert common.prompt_of({"prompt_text": "", "question": "q"}) == "q"
    assert common.prompt_of({"question": 3}) is None and common.prompt_of(None) is None


def test_safegrpo_manager_reads_the_prompt_from_extra_info():
    from verl.trainer.ppo.reward import load_reward_manager

    cfg = h.compose(
        [
            "actor_rollout_ref.model.path=unused",
            "reward.reward_manager.name=safegrpo",
            *h.kwargs_overrides("reward.reward_kwargs", h.REWARD_KWARGS),
        ]
    )
    manager = load_reward_manager(cfg, h.tokenizer())
    items = _echo_items()
    outs = run_manager(manager, h.make_batch(items))
    assert [o["reward_extra_info"]["behavior"] for o in outs] == [0.0, 0.0, 1.0, 1.0]
    expected = h.core_scores(items, h.REWARD_KWARGS)
    assert [o["reward_score"] for o in outs] == [r.total for r in expected]
