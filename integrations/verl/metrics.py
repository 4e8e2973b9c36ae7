"""The reward's per-sample fields in verl 0.9.1's training step metrics.

verl logs what a reward returns beside its score (the terms, the hack monitor's ``hacks/*``
flags, ``failed``, ``timeout``, a judge's ``judge/fallback``) in validation metrics and rollout
dumps, not in the metrics of a training step (upstream: verl issue #4545). Its v1 trainer (the
default, ``trainer.use_v1=true``) takes a custom replay buffer by path, and merges the metrics
the buffer's ``sample`` returns into the step's; this module is such a buffer. It samples
exactly as verl's own, then reads the sampled trajectories' reward extra info from the
TransferQueue and adds the mean of every numeric key as ``safegrpo/<key>``::

    trainer.v1.sampler.custom_sampler.path=pkg://safereward.integrations.verl.metrics
    trainer.v1.sampler.custom_sampler.name=replay_buffer
    +trainer.v1.sampler.sampler_kwargs.metric_prefix=safegrpo   # optional

Every key the reward returns is carried, so a field a future judge adds appears without more
work; text fields (``error``) are left to the rollout dumps. verl hands a custom buffer no
DAPO settings, so ``algorithm.filter_groups`` is refused here rather than silently dropped.
The deprecated v0 trainer (``trainer.use_v1=false``) has no such hook.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping
from numbers import Real
from typing import Any

import transfer_queue as tq
from verl.trainer.ppo.v1.replay_buffer import ReplayBuffer, ReplayBufferAsync

__all__ = [
    "DEFAULT_PREFIX",
    "SafeGRPOReplayBuffer",
    "SafeGRPOReplayBufferAsync",
    "mean_reward_fields",
    "replay_buffer",
]

logger = logging.getLogger(__name__)

DEFAULT_PREFIX = "safegrpo"
"""Metric names are ``<prefix>/<key>``: the TRL adapter's default name, so both read alike."""


def mean_reward_fields(
    extra_fields: Iterable[Any], prefix: str = DEFAULT_PREFIX
) -> dict[str, float]:
    """The mean of each numeric ``reward_extra_info`` key over trajectories' ``extra_fields``
    (as verl's agent loop stores them); a key averages over the trajectories that have it."""
    sums: dict[str, float] = {}
    counts: dict[str, int] = {}
    for fields in extra_fields:
        info = fields.get("reward_extra_info") if isinstance(fields, Mapping) else None
        if not isinstance(info, Mapping):
            continue
        for key, value in info.items():
            if isinstance(value, Real) and math.isfinite(value):
                sums[key] = sums.get(key, 0.0) + float(value)
                counts[key] = counts.get(key, 0) + 1
    return {f"{prefix}/{key}": sums[key] / counts[key] for key in sums}


class _RewardFieldMetrics:
    """Mixin for verl's replay buffers: ``sample`` as verl's, plus the reward's means."""

    sampler_kwargs: Any

    def sample(self, global_steps: int, partition_id: str, batch_size: int) -> tuple[Any, dict]:
        batch, metrics = super().sample(global_steps, partition_id, batch_size)  # type: ignore[misc]
        if partition_id != "train":  # validation reads the same fields itself
            return batch, metrics
        try:
            keys = [k for k, tag in zip(batch.keys, batch.tags, strict=True) if not _padding(tag)]
            if keys:
                data = tq.kv_batch_get(
                    keys=keys, partition_id=batch.partition_id, select_fields=["extra_fields"]
                )
                metrics.update(mean_reward_fields(list(data["extra_fields"]), self._prefix()))
        except Exception:  # a metric must never stop a step
            logger.warning("safereward: no reward metrics for this step", exc_info=True)
        return batch, metrics

    def _prefix(self) -> str:
        kwargs = self.sampler_kwargs or {}
        return str(kwargs.get("metric_prefix", DEFAULT_PREFIX))


class SafeGRPOReplayBuffer(_RewardFieldMetrics, ReplayBuffer):
    """verl's sync-mode replay buffer, with the reward's means in the step metrics."""


class SafeGRPOReplayBufferAsync(_RewardFieldMetrics, ReplayBufferAsync):
    """verl's async-mode replay buffer, with the reward's means in the step metrics."""


def replay_buffer(**kwargs: Any) -> ReplayBuffer:
    """The buffer for the trainer's mode (``custom_sampler.name=replay_buffer``), built with
    the arguments verl gives a custom buffer. Raises ``ValueError`` when the run asks for DAPO
    group filtering, which verl does not pass to a custom buffer."""
    _refuse_group_filtering(kwargs.get("refill_fn"))
    if kwargs.get("trainer_mode") == "sync":
        return SafeGRPOReplayBuffer(**kwargs)
    return SafeGRPOReplayBufferAsync(**kwargs)


def _refuse_group_filtering(refill_fn: Any) -> None:
    """verl passes a custom buffer no ``filter_groups`` settings; the trainer whose method
    ``refill_fn`` is holds the config that would have asked for them."""
    config = getattr(getattr(refill_fn, "__self__", None), "config", None)
    try:
        groups = config.algorithm.get("filter_groups") if config is not None else None
        enabled = bool(groups is not None and groups.get("enable", False))
    except Exception:  # a config of another shape: nothing to check
        return
    if enabled:
        raise ValueError(
            "safereward's metrics replay buffer cannot honour algorithm.filter_groups (verl "
            "hands a custom trainer.v1.sampler.custom_sampler no DAPO settings); unset "
            "trainer.v1.sampler.custom_sampler or algorithm.filter_groups.enable"
        )


def _padding(tag: Mapping[str, Any]) -> bool:
    return bool(tag.get("is_padding", False)) if isinstance(tag, Mapping) else False
