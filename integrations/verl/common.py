"""What the verl reward file and the verl reward manager share: config, labels, logged fields.

No verl import, so the reward file stays loadable (and testable) on its own.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any

from safereward import RewardResult, SafeGRPOReward, ViolationKind
from safereward.labels import LABEL_FIELDS
from safereward.monitor import HackMonitor, RecentLengths

VERL_CALL_KEYS = frozenset({"reward_router_address", "reward_model_tokenizer"})
"""Keyword arguments verl itself adds to a reward call; they are not reward config."""

LABEL_KEYS = ("image_tag", "text_tag", "combine_tag", *LABEL_FIELDS)

PROMPT_KEYS = ("prompt_text", "question")
"""``extra_info`` keys holding what a response replies to (``safereward prepare verl`` writes
both), the first one present is used; without them an echo of the prompt reads as help."""

VIOLATION_CODES: dict[str, int] = {kind.value: i + 1 for i, kind in enumerate(ViolationKind)}
"""``violation`` field value per kind; 0 means no violation. Numeric, because verl stacks the
extra fields into arrays and averages them in validation metrics."""

_rewards: dict[str, SafeGRPOReward] = {}
_monitors: dict[int, HackMonitor] = {}
_lock = threading.Lock()


def plain(value: Any) -> Any:
    """Hydra's DictConfig/ListConfig (or any mapping/sequence) as plain dicts and lists."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ListConfig":
        return [plain(v) for v in value]
    return value


def reward_config(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The reward's own config from verl's keyword arguments (verl's extras dropped)."""
    return {k: plain(v) for k, v in kwargs.items() if k not in VERL_CALL_KEYS}


def cached_reward(config: Mapping[str, Any], where: str) -> SafeGRPOReward:
    """One ``SafeGRPOReward`` per distinct config and process; bad config -> clear ValueError."""
    key = json.dumps(config, sort_keys=True, default=repr)
    reward = _rewards.get(key)
    if reward is not None:
        return reward
    with _lock:
        if key not in _rewards:
            try:
                _rewards[key] = SafeGRPOReward.from_config(config)
            except (ValueError, TypeError, ImportError) as exc:
                raise ValueError(
                    f"safereward: bad reward config {dict(config)!r} (set with {where}): {exc}"
                ) from exc
        return _rewards[key]


def monitor_for(reward: SafeGRPOReward) -> HackMonitor:
    """One hack monitor per cached reward and process. verl hands a reward one sample (or a few
    gathered ones) at a time, so ``short_answer`` compares an answer with the process's recent
    answers (``RecentLengths``) rather than with a batch it never sees."""
    monitor = _monitors.get(id(reward))
    if monitor is None:
        with _lock:
            monitor = _monitors.setdefault(
                id(reward), HackMonitor.for_reward(reward, recent=RecentLengths())
            )
    return monitor


def labels_of(ground_truth: Any, extra_info: Any) -> Any:
    """The sample's labels: ``extra_info`` label columns if present, else ``ground_truth``.

    Returned unvalidated; the reward's ``score_many``/``try_score`` turns bad labels into a 0
    with the reason, never an exception.
    """
    if isinstance(extra_info, Mapping):
        found = {k: extra_info[k] for k in LABEL_KEYS if extra_info.get(k) is not None}
        if found:
            return found
    if isinstance(ground_truth, Mapping):
        return plain(ground_truth)
    if isinstance(ground_truth, bytes):
        return ground_truth.decode("utf-8", errors="replace")
    return ground_truth  # None when the sample has no labels: fine for a format-only reward


def prompt_of(extra_info: Any) -> str | None:
    """The sample's prompt text from ``extra_info`` (``PROMPT_KEYS``), None when it has none."""
    if isinstance(extra_info, Mapping):
        for key in PROMPT_KEYS:
            value = extra_info.get(key)
            if isinstance(value, str) and value:
                return value
    return None


def log_fields(result: RewardResult, hacks: Mapping[str, float]) -> dict[str, float]:
    """The numeric per-sample fields verl logs; the same keys for every sample. ``hacks`` is the
    sample's ``HackMonitor.sample_logs`` entry: 0/1 flags, so verl's mean over a batch (its
    validation metrics) is the share of rollouts in each hack family."""
    fields = dict(result.log_fields())
    fields["violation"] = float(VIOLATION_CODES.get(result.first_violation, 0))
    fields.update(hacks)
    return fields


def violation_name(code: float) -> str:
    """Decode a ``violation`` field value (``""`` for none)."""
    names = {v: k for k, v in VIOLATION_CODES.items()}
    return names.get(int(code), "")
