"""The reward's fields in verl's training step metrics, through verl 0.9.1's own v1 trainer.

verl builds the replay buffer from the config (``trainer.v1.sampler.custom_sampler``), its
``step`` samples trajectories from a real TransferQueue on a local Ray and merges the metrics;
only what needs a GPU (rollout, log-probs, the actor update) is stood in for. The trajectories
carry the reward extra info the ``safegrpo`` manager returns, as verl's agent loop stores it.
"""

from __future__ import annotations

import asyncio
import uuid
from types import SimpleNamespace
from typing import Any

import pytest
import verl_helpers as h

from safereward.monitor import HACK_METRICS

N = 4
"""Rollouts per prompt."""
SAMPLER = [
    "trainer.v1.sampler.custom_sampler.path=pkg://safereward.integrations.verl.metrics",
    "trainer.v1.sampler.custom_sampler.name=replay_buffer",
]
BASE = [
    "actor_rollout_ref.model.path=unused",
    "algorithm.adv_estimator=grpo",
    "data.train_batch_size=2",
    f"actor_rollout_ref.rollout.n={N}",
    "reward.reward_manager.name=safegrpo",
    "+reward.reward_kwargs.preset=strict",
    "+reward.reward_kwargs.judge=keywords-paper",
    "transfer_queue.backend.SimpleStorage.num_data_storage_units=1",  # fits a 2-core machine
]


@pytest.fixture(scope="module")
def transfer_queue():
    import ray
    import transfer_queue as tq

    ray.init(num_cpus=4, include_dashboard=False, log_to_driver=False, configure_logging=False)
    tq.init(h.compose(BASE).transfer_queue)
    yield tq
    tq.close()
    ray.shutdown()


def reward_extra_infos(cfg: Any) -> list[dict[str, Any]]:
    """What the ``safegrpo`` manager returns for 2 prompts x N rollouts, hacks among them."""
    from verl.trainer.ppo.reward import load_reward_manager

    manager = load_reward_manager(cfg, h.tokenizer())
    batch = h.make_batch(h.samples()[:4] + h.hack_samples()[:4])

    async def all_samples() -> list[dict]:
        return await asyncio.gather(
            *(manager.run_single(batch[i : i + 1]) for i in range(len(batch)))
        )

    return [out["reward_extra_info"] for out in manager.loop.run_until_complete(all_samples())]


class Rollout:
    """Stands in for verl's agent loop: writes each prompt's N trajectories to the
    TransferQueue as ``AgentLoopWorkerTQ`` does (``extra_fields.reward_extra_info``), then
    marks the prompt finished."""

    def __init__(self, tq: Any, infos: list[dict[str, Any]]) -> None:
        self.tq, self.infos = tq, infos

    def generate_sequences(self, batch: Any) -> None:
        from verl.utils.tensordict_utils import list_of_dict_to_tensordict

        for p, uid in enumerate(list(batch["uid"])):
            keys = [f"{uid}_{s}_0" for s in range(N)]
            fields = [
                {"extra_fields": {"reward_extra_info": self.infos[p * N + s]}} for s in range(N)
            ]
            tags = [
                {
                    "status": "success",
                    "global_steps": 1,
                    "min_global_steps": 1,
                    "max_global_steps": 1,
                }
            ] * N
            self.tq.kv_batch_put(
                keys=keys,
                partition_id="train",
                fields=list_of_dict_to_tensordict(fields),
                tags=tags,
            )
            self.tq.kv_put(key=uid, partition_id="train", tag={"status": "finished"})


def gpu_free(trainer: Any, tq: Any, infos: list[dict[str, Any]]) -> Any:
    """The trainer with its GPU stages as pass-throughs and the rollout stood in for."""
    from verl.utils.tensordict_utils import list_of_dict_to_tensordict

    trainer.global_steps = 1
    trainer.curr_step_profile = False
    trainer.agent_loop_manager = Rollout(tq, infos)
    trainer.checkpoint_manager = SimpleNamespace(sleep_replicas=lambda: None)
    trainer.reward_loop_manager = SimpleNamespace(reward_loop_worker_handles=[object()])
    trainer._next_train_batch = lambda num_prompts=None: list_of_dict_to_tensordict(
        [{"uid": uuid.uuid4().hex} for _ in range(2)]
    )
    for stage in (
        "_balance_batch",
        "_compute_old_log_prob",
        "_compute_ref_log_prob",
        "_compute_values",
        "_compute_advantage",
        "_update_critic",
        "_update_actor",
    ):
        setattr(trainer, stage, lambda batch, metrics=None: batch)
    return trainer


def test_hack_shares_and_reward_terms_are_in_the_training_step_metrics(transfer_queue):
    from verl.trainer.ppo.v1 import get_trainer_cls

    from safereward.integrations.verl.metrics import SafeGRPOReplayBuffer

    cfg = h.compose([*BASE, *SAMPLER])
    trainer = get_trainer_cls(cfg.trainer.v1.trainer_mode)(cfg)
    assert isinstance(trainer.replay_buffer, SafeGRPOReplayBuffer)  # verl built ours
    infos = reward_extra_infos(cfg)
    metrics: dict[str, Any] = {}
    batch = gpu_free(trainer, transfer_queue, infos).step(metrics, {})
    transfer_queue.kv_clear(keys=batch.keys, partition_id="train")  # as verl's fit does
    assert len(batch.keys) == 2 * N
    numeric = [k for k, v in infos[0].items() if isinstance(v, float)]
    for key in numeric:  # every numeric field, the mean over the step's rollouts
        assert metrics[f"safegrpo/{key}"] == pytest.approx(
            sum(info[key] for info in infos) / len(infos)
        ), key
    for key in (*HACK_METRICS, "format", "tag", "behavior", "failed", "timeout", "score"):
        assert f"safegrpo/{key}" in metrics
    assert metrics["safegrpo/hacks/padding"] == pytest.approx(2 / 8)  # two padded rollouts
    assert "safegrpo/error" not in metrics  # text stays in the rollout dumps


def test_without_the_sampler_verl_logs_none_of_them(transfer_queue):
    from verl.trainer.ppo.v1 import get_trainer_cls

    cfg = h.compose(BASE)
    infos = reward_extra_infos(cfg)
    metrics: dict[str, Any] = {}
    trainer = get_trainer_cls("sync")(cfg)
    batch = gpu_free(trainer, transfer_queue, infos).step(metrics, {})
    transfer_queue.kv_clear(keys=batch.keys, partition_id="train")
    assert len(batch.keys) == 2 * N
    assert not [k for k in metrics if k.startswith("safegrpo/") or k.startswith("hacks/")]


def test_async_modes_get_the_async_buffer_and_a_prefix_can_be_set(transfer_queue):
    from verl.trainer.ppo.v1 import get_trainer_cls

    from safereward.integrations.verl.metrics import SafeGRPOReplayBufferAsync

    cfg = h.compose(
        [
            *BASE,
            *SAMPLER,
            "trainer.v1.trainer_mode=colocate_async",
            "+trainer.v1.sampler.sampler_kwargs.metric_prefix=reward",
        ]
    )
    trainer = get_trainer_cls("colocate_async")(cfg)
    assert isinstance(trainer.replay_buffer, SafeGRPOReplayBufferAsync)
    assert trainer.replay_buffer._prefix() == "reward"


def test_dapo_group_filtering_is_refused_not_dropped(transfer_queue):
    from verl.trainer.ppo.v1 import get_trainer_cls

    cfg = h.compose(
        [
            *BASE,
            *SAMPLER,
            "algorithm.filter_groups.enable=true",
            "algorithm.filter_groups.metric=score",
        ]
    )
    with pytest.raises(ValueError, match=r"cannot honour algorithm\.filter_groups"):
        get_trainer_cls("sync")(cfg)


def test_means_skip_text_and_count_each_key_where_present():
    from safereward.integrations.verl.metrics import mean_reward_fields

    fields = [
        {"reward_extra_info": {"a": 1.0, "error": "", "n": 2}},
        {"reward_extra_info": {"a": 0.0, "error": "boom", "b": float("nan")}},
        {"reward_extra_info": {"a": 0.5, "b": 1.0}},
        {"other": 1},
        None,
    ]
    assert mean_reward_fields(fields, "p") == {"p/a": 0.5, "p/n": 2.0, "p/b": 1.0}
