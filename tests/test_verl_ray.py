"""verl's ``RewardLoopManager`` on a local 2-CPU Ray: its workers find safereward themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
import verl_helpers as h

from safereward.integrations.verl import common
from safereward.integrations.verl import reward as reward_file
from safereward.monitor import RolloutFlags


@pytest.fixture(scope="module")
def local_ray():
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def tokenizer_dir(tmp_path_factory) -> Path:
    return h.save_tokenizer(tmp_path_factory.mktemp("tok"))


def run_loop(ray, overrides: list[str]):
    from verl.experimental.reward_loop import RewardLoopManager

    manager = RewardLoopManager(h.compose(overrides))
    try:
        items = h.samples()[:5]  # 5 rows over 2 workers: verl pads and trims the chunks
        batch = h.make_batch(items)
        return items, batch, manager.compute_rm_score(batch)
    finally:
        for worker in manager.reward_loop_workers:
            ray.kill(worker)


def test_reward_loop_manager_with_safegrpo_manager(local_ray, tokenizer_dir):
    items, batch, out = run_loop(
        local_ray,
        [
            f"actor_rollout_ref.model.path={tokenizer_dir}",
            "reward.num_workers=2",
            "reward.reward_manager.name=safegrpo",
            *h.kwargs_overrides("reward.reward_kwargs", h.REWARD_KWARGS),
        ],
    )
    expected = h.core_scores(items, h.REWARD_KWARGS)
    assert h.last_token_scores(batch, out.batch["rm_scores"]) == pytest.approx(
        [r.total for r in expected]
    )
    keys = out.meta_info["reward_extra_keys"]
    assert keys == list(common.log_fields(expected[0], RolloutFlags().as_log()))
    assert list(out.non_tensor_batch["label_error"]) == [
        float(r.error is not None) for r in expected
    ]


def test_reward_loop_manager_with_reward_file(local_ray, tokenizer_dir):
    kwargs = {"preset": "paper"}
    items, batch, out = run_loop(
        local_ray,
        [
            f"actor_rollout_ref.model.path={tokenizer_dir}",
            "reward.num_workers=1",
            f"reward.custom_reward_function.path={Path(reward_file.__file__).resolve()}",
            "reward.custom_reward_function.name=compute_score",
            *h.kwargs_overrides("reward.custom_reward_function.reward_kwargs", kwargs),
        ],
    )
    expected = [r.total for r in h.core_scores(items, kwargs)]
    assert h.last_token_scores(batch, out.batch["rm_scores"]) == pytest.approx(expected)
    assert list(out.non_tensor_batch["score"]) == pytest.approx(expected)
