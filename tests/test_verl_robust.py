"""Nothing raises out of the verl reward, nothing hangs it, and its failures are loud.

Hostile samples go through verl 0.9.1's own loader (``load_reward_manager``) and its reward
loop's calling convention; the judge that breaks is registered as a judge, as a user's would be.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import verl_helpers as h

from safereward.integrations.verl import common
from safereward.integrations.verl import reward as reward_file
from safereward.refusal import KeywordJudge

POISON = "POISON"
"""An answer holding this breaks the ``raises-on-poison`` judge (and only its batch)."""
STUCK = "STUCK"
"""An answer holding this blocks the ``hangs-on-stuck`` judge until ``RELEASE`` is set."""
RELEASE = threading.Event()
REWARD_PATH = Path(reward_file.__file__).resolve()


class RaisesOnPoison(KeywordJudge):
    def predict(self, answers: Sequence[str]) -> np.ndarray:
        if any(POISON in a for a in answers):
            raise RuntimeError("the judge broke on a poisoned answer")
        return super().predict(answers)

    def scores(self, answers: Sequence[str]) -> np.ndarray:
        return self.predict(answers).astype(np.float64)


class HangsOnStuck(KeywordJudge):
    def predict(self, answers: Sequence[str]) -> np.ndarray:
        if any(STUCK in a for a in answers):
            RELEASE.wait(60)  # released when the test ends, so no thread outlives it for long
        return super().predict(answers)

    def scores(self, answers: Sequence[str]) -> np.ndarray:
        return self.predict(answers).astype(np.float64)


@pytest.fixture(autouse=True)
def test_judges(monkeypatch):
    from safereward import refusal

    monkeypatch.setitem(refusal._REGISTRY, "raises-on-poison", lambda **_: RaisesOnPoison())
    monkeypatch.setitem(refusal._REGISTRY, "hangs-on-stuck", lambda **_: HangsOnStuck())
    RELEASE.clear()
    yield
    RELEASE.set()


def deep_list(depth: int) -> Any:
    value: Any = "safe"
    for _ in range(depth):
        value = [value]
    return value


def deep_dict(depth: int) -> Any:
    value: Any = "safe"
    for _ in range(depth):
        value = {"image_tag": value}
    return value


def hostile_items() -> list[tuple[str, Any, Any]]:
    """Good samples around a 1,000-deep JSON label, a 1,000-deep label struct, a poisoned
    answer; the good ones must score exactly as the core scores them alone."""
    good = h.samples()[:4]
    poisoned = h.FULL.format(v="safe", t="safe", c="safe", summary=".", answer=f"{POISON} {h.HELP}")
    safe = h.labels("safe", "safe", "safe")
    return [
        good[0],
        (good[0][0], "[" * 1000 + "]" * 1000, {}),
        good[1],
        (good[0][0], deep_dict(1000), {}),
        good[2],
        (poisoned, None, safe),
        good[3],
    ]


GOOD = [0, 2, 4, 6]


def manager_for(*overrides: str, judge: str) -> Any:
    from verl.trainer.ppo.reward import load_reward_manager

    cfg = h.compose(
        [
            "actor_rollout_ref.model.path=unused",
            "reward.reward_manager.name=safegrpo",
            "+reward.reward_kwargs.preset=strict",
            f"+reward.reward_kwargs.judge={judge}",
            *overrides,
        ]
    )
    return load_reward_manager(cfg, h.tokenizer())


def run_manager(manager: Any, batch: Any) -> list[dict]:
    import asyncio

    async def all_samples() -> list[dict]:
        return await asyncio.gather(
            *(manager.run_single(batch[i : i + 1]) for i in range(len(batch)))
        )

    return manager.loop.run_until_complete(all_samples())


def check_hostile(scores: list[float], infos: list[dict], items: list) -> None:
    expected = h.core_scores([items[i] for i in GOOD], {"preset": "strict"})
    assert [scores[i] for i in GOOD] == [r.total for r in expected]
    assert len({scores[i] for i in GOOD}) >= 2  # the good samples are not all zeros
    keys = list(infos[0])
    assert all(list(info) == keys for info in infos)
    assert [infos[i]["error"] for i in GOOD] == ["", "", "", ""]
    # the deep JSON label: a label error, read and named
    assert scores[1] == 0.0 and infos[1]["label_error"] == 1.0 and infos[1]["failed"] == 0.0
    assert "nested too deeply" in infos[1]["error"]
    # the deep struct and the poisoned answer: the reward failed on them alone
    for i, says in ((3, "RecursionError"), (5, "the judge broke")):
        assert scores[i] == 0.0 and infos[i]["failed"] == 1.0 and infos[i]["timeout"] == 0.0
        assert says in infos[i]["error"]


def test_safegrpo_manager_scores_every_other_sample_of_a_hostile_batch(caplog):
    manager = manager_for(judge="raises-on-poison")
    items = hostile_items()
    with caplog.at_level(logging.WARNING):
        outs = run_manager(manager, h.make_batch(items))
    check_hostile([o["reward_score"] for o in outs], [o["reward_extra_info"] for o in outs], items)
    assert "the judge broke" in caplog.text  # a failure is logged, not only zeroed


def test_reward_file_through_verls_naive_manager_scores_every_other_sample():
    from verl.trainer.ppo.reward import load_reward_manager

    cfg = h.compose(
        [
            "actor_rollout_ref.model.path=unused",
            "reward.reward_manager.name=naive",
            f"reward.custom_reward_function.path={REWARD_PATH}",
            "reward.custom_reward_function.name=compute_score",
            "+reward.custom_reward_function.reward_kwargs.preset=strict",
            "+reward.custom_reward_function.reward_kwargs.judge=raises-on-poison",
        ]
    )
    manager = load_reward_manager(cfg, h.tokenizer())
    items = hostile_items()
    outs = run_manager(manager, h.make_batch(items))
    check_hostile([o["reward_score"] for o in outs], [o["reward_extra_info"] for o in outs], items)


def test_a_failed_batch_is_scored_again_sample_by_sample():
    manager = manager_for("+reward.reward_kwargs.batch_wait_s=0.2", judge="raises-on-poison")
    calls: list[int] = []
    inner = manager.reward

    class Counting:
        def __getattr__(self, name):  # the rest of the reward, as it is
            return getattr(inner, name)

        def score_many(self, texts, labels, prompts=None):
            calls.append(len(texts))
            return inner.score_many(texts, labels, prompts)

    manager.reward = Counting()
    items = [h.samples()[0], hostile_items()[5], h.samples()[3]]
    outs = run_manager(manager, h.make_batch(items))
    assert calls == [3, 1, 1, 1]  # the gathered batch, then each sample alone
    assert [o["reward_extra_info"]["failed"] for o in outs] == [0.0, 1.0, 0.0]
    expected = h.core_scores([items[0], items[2]], {"preset": "strict"})
    assert [outs[0]["reward_score"], outs[2]["reward_score"]] == [r.total for r in expected]


# -- the timeout --------------------------------------------------------------------------------


def test_a_sample_past_the_timeout_scores_zero_and_the_others_are_scored(caplog):
    manager = manager_for("+reward.timeout=1", judge="hangs-on-stuck")
    stuck = h.FULL.format(v="safe", t="safe", c="safe", summary=".", answer=f"{STUCK} {h.HELP}")
    items = [h.samples()[0], (stuck, None, h.labels("safe", "safe", "safe")), h.samples()[3]]
    start = time.monotonic()
    with caplog.at_level(logging.WARNING):
        outs = run_manager(manager, h.make_batch(items))
    took = time.monotonic() - start
    assert took < 30  # two timeouts (the batch, then the sample alone), not the 60 s hang
    info = outs[1]["reward_extra_info"]
    assert outs[1]["reward_score"] == 0.0
    assert info["timeout"] == 1.0 and info["failed"] == 1.0
    assert "reward.timeout=1s" in info["error"]
    expected = h.core_scores([items[0], items[2]], {"preset": "strict"})
    assert [outs[0]["reward_score"], outs[2]["reward_score"]] == [r.total for r in expected]
    assert [outs[i]["reward_extra_info"]["timeout"] for i in (0, 2)] == [0.0, 0.0]
    assert "reward.timeout=1s" in caplog.text
    # the stuck thread was replaced: the manager still scores
    again = run_manager(manager, h.make_batch(h.samples()[:2]))
    assert [o["reward_score"] for o in again] == [
        r.total for r in h.core_scores(h.samples()[:2], {"preset": "strict"})
    ]


def test_timeout_defaults_to_verls_and_can_be_turned_off():
    assert manager_for(judge="keywords-paper").timeout_s == 300.0
    assert manager_for("+reward.timeout=null", judge="keywords-paper").timeout_s is None
    assert manager_for("+reward.timeout=2.5", judge="keywords-paper").timeout_s == 2.5


# -- loud failures ------------------------------------------------------------------------------


def test_a_manager_that_fails_to_load_is_a_warning_with_its_cause():
    # The manager's verl import is made to fail; verl itself only logs the plugin at DEBUG.
    code = (
        "import sys\n"
        "sys.modules['verl.experimental.reward_loop.reward_manager.registry'] = None\n"
        "import verl\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert "WARNING" in out.stderr
    assert "'safegrpo' reward manager could not be loaded (ModuleNotFoundError" in out.stderr
    assert "reward.reward_manager.source=importlib" in out.stderr


def test_the_importlib_fallback_the_warning_names_loads_the_manager():
    from verl.trainer.ppo.reward import resolve_reward_manager_cls

    from safereward.integrations.verl.manager import IMPORTLIB_OVERRIDES, SafeGRPORewardManager

    cfg = h.compose(["actor_rollout_ref.model.path=unused", *IMPORTLIB_OVERRIDES.split()])
    assert resolve_reward_manager_cls(cfg) is SafeGRPORewardManager


OLD = ["+reward_model.reward_manager=batch", "+custom_reward_function.reward_kwargs.preset=paper"]


def test_old_safegrpo_keys_in_the_config_warn_once_naming_the_new_keys(monkeypatch):
    monkeypatch.setattr(common, "_warned_old_keys", set())
    with pytest.warns(UserWarning) as caught:
        manager_for(*OLD, judge="keywords-paper")
        manager_for(*OLD, judge="keywords-paper")  # once per process
    messages = [str(w.message) for w in caught if "SafeGRPO release" in str(w.message)]
    assert len(messages) == 2
    assert "use reward.reward_manager.name instead" in messages[0]
    assert "'custom_reward_function.reward_kwargs'" in messages[1]
    assert "use reward.custom_reward_function" in messages[1]


def test_old_safegrpo_keys_on_the_command_line_warn_when_verl_loads():
    code = "import verl\n"
    new_keys = "reward.custom_reward_function.path=/x.py"
    out = subprocess.run(
        [sys.executable, "-c", code, *OLD, "custom_reward_function.path=/x.py", new_keys],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    lines = [
        line
        for line in out.stderr.splitlines()
        if line.startswith("WARNING") and "SafeGRPO release" in line
    ]
    assert len(lines) == 2  # one per old key, the repeated one warned once (and as a warning)
    assert "'reward_model.reward_manager'" in lines[0]
    assert "reward.reward_manager.name" in lines[0]
    quiet = subprocess.run(
        [sys.executable, "-c", code, new_keys],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert "SafeGRPO release" not in quiet.stderr


def test_old_keys_read_from_a_composed_config():
    cfg = h.compose(["actor_rollout_ref.model.path=unused", *OLD])
    assert common.old_keys_in_config(cfg) == [
        "reward_model.reward_manager",
        "custom_reward_function.reward_kwargs",
    ]
    assert common.old_keys_in_config(h.compose(["actor_rollout_ref.model.path=unused"])) == []
    assert json.dumps(common.OLD_KEYS)  # plain strings, quoted in the docs
