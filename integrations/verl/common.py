"""What the verl reward file and the verl reward manager share: config, labels, logged fields.

No verl import, so the reward file stays loadable (and testable) on its own.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
import threading
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

from safereward import RewardResult, SafeGRPOReward, ViolationKind
from safereward.isolation import score_isolated, unscored
from safereward.labels import DATASET_NAMES, LABEL_FIELDS
from safereward.monitor import HackMonitor, RecentLengths

logger = logging.getLogger("safereward.verl")

VERL_CALL_KEYS = frozenset({"reward_router_address", "reward_model_tokenizer"})
"""Keyword arguments verl itself adds to a reward call; they are not reward config."""

LABEL_KEYS = (*DATASET_NAMES.values(), *LABEL_FIELDS)

PROMPT_KEYS = ("prompt_text", "question")
"""``extra_info`` keys holding what a response replies to (``safereward prepare verl`` writes
both), the first one present is used; without them an echo of the prompt reads as help."""

VIOLATION_CODES: dict[str, int] = {kind.value: i + 1 for i, kind in enumerate(ViolationKind)}
"""``violation`` field value per kind; 0 means no violation. Numeric, because verl stacks the
extra fields into arrays and averages them in validation metrics."""

ERROR = "error"
"""Extra-info key: why the sample scored 0 without being read (its labels, a failure, the
timeout); ``""`` when it was scored. The only text field: verl skips text in its averages and
writes it to rollout dumps, where the reason belongs."""
FAILED = "failed"
"""Extra-info key: 1 when the reward failed on the sample (it scores 0; ``error`` says why)."""
TIMEOUT = "timeout"
"""Extra-info key: 1 when the manager's ``reward.timeout`` cut the sample (the name verl's
``limit`` manager uses)."""

OLD_KEYS = {
    "reward_model.reward_manager": "reward.reward_manager.name",
    "custom_reward_function": "reward.custom_reward_function (path, name, reward_kwargs)",
}
"""Keys of the SafeGRPO release's script that verl 0.9.1 accepts and ignores -> their keys now."""

_rewards: dict[Any, SafeGRPOReward] = {}
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
    """One ``SafeGRPOReward`` per distinct config and process; bad config -> clear ValueError.

    Called once per sample: a config of plain values is looked up by its items, and only one
    with nested values (weights, judge options) is serialised to find its reward."""
    try:
        key: Any = frozenset(config.items())
    except TypeError:  # unhashable values
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


def labels_of(ground_truth: Any, extra_info: Any, keys: Iterable[str] = LABEL_KEYS) -> Any:
    """The sample's labels: ``extra_info``'s label keys if present, else ``ground_truth``.
    ``keys``: the reward's (``reward.label_schema.column_names``: SafeGRPO's three and any
    label its schema adds).

    Returned unvalidated; the reward's ``score_many``/``try_score`` turns bad labels into a 0
    with the reason, never an exception.
    """
    if isinstance(extra_info, Mapping):
        found = {k: extra_info[k] for k in keys if extra_info.get(k) is not None}
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


def log_fields(
    result: RewardResult,
    hacks: Mapping[str, float],
    *,
    failed: bool = False,
    timed_out: bool = False,
) -> dict[str, Any]:
    """The per-sample fields verl logs; the same keys for every sample. ``hacks`` is the
    sample's ``HackMonitor.sample_logs`` entry: 0/1 flags, so verl's mean over a batch is the
    share of rollouts in each hack family. Every field is a float but ``error`` (text)."""
    fields: dict[str, Any] = dict(result.log_fields())
    fields["violation"] = float(VIOLATION_CODES.get(result.first_violation, 0))
    fields.update(hacks)
    if failed or timed_out:
        fields["label_error"] = 0.0  # the labels were never read
    fields[FAILED] = float(failed or timed_out)
    fields[TIMEOUT] = float(timed_out)
    fields[ERROR] = result.error or ""
    return fields


def score_samples(
    reward: SafeGRPOReward,
    monitor: HackMonitor,
    texts: list[Any],
    labels: list[Any],
    prompts: list[str | None],
) -> list[tuple[float, dict[str, Any]]]:
    """Score and flag a batch, never raising: (score, extra info) per sample. A batch that
    fails is scored again sample by sample; a sample that still fails scores 0 with
    ``failed`` set and the reason in ``error``."""
    results, failed = score_isolated(reward, texts, labels, prompts)
    hacks = monitor.sample_logs(results, prompts)
    return [
        (r.total, log_fields(r, h, failed=f))
        for r, h, f in zip(results, hacks, failed, strict=True)
    ]


def failed_sample(
    reward: SafeGRPOReward, monitor: HackMonitor, reason: str, *, timed_out: bool = False
) -> dict[str, Any]:
    """The extra info of a sample scored 0 without being read (same keys as any other)."""
    result = unscored(reward, reason)
    hacks = monitor.sample_logs([result])[0]
    return log_fields(result, hacks, failed=not timed_out, timed_out=timed_out)


_warned_old_keys: set[str] = set()


def warn_old_keys(given: Iterable[str], where: str) -> list[str]:
    """Warn once per process for each ``OLD_KEYS`` key in ``given`` (dotted config keys), naming
    the key that replaced it; returns the old keys found. verl 0.9.1 reads neither, so a run
    configured with them trains with another reward, or with this one's defaults."""
    found = []
    for key in given:
        bare = key.lstrip("+~")
        for old, new in OLD_KEYS.items():
            if bare == old or bare.startswith(old + "."):
                found.append(old)
                if old in _warned_old_keys:
                    continue
                _warned_old_keys.add(old)
                message = (
                    f"safereward: {where} sets {bare!r}, a key of the SafeGRPO release's script "
                    f"that verl 0.9.1 ignores; use {new} instead"
                )
                logger.warning(message)
                with contextlib.suppress(Warning):  # never stop a run under -W error
                    warnings.warn(message, UserWarning, stacklevel=3)
    return found


def old_keys_in_config(config: Any) -> list[str]:
    """The ``OLD_KEYS`` a composed verl config holds a value for (verl keeps them as nulls)."""
    found = []
    legacy = _get(config, "reward_model")
    if _get(legacy, "reward_manager") is not None:
        found.append("reward_model.reward_manager")
    custom = _get(config, "custom_reward_function")
    if isinstance(custom, Mapping) and any(v is not None for v in custom.values()):
        found.extend(f"custom_reward_function.{k}" for k, v in custom.items() if v is not None)
    return found


def overrides_in_argv(argv: Iterable[str] | None = None) -> list[str]:
    """The keys the command line's Hydra overrides set (``key=value``, ``+key=value``)."""
    args = sys.argv[1:] if argv is None else argv
    return [a.split("=", 1)[0] for a in args if "=" in a and not a.startswith("-")]


def _get(config: Any, key: str) -> Any:
    if config is None:
        return None
    try:
        return config.get(key)
    except Exception:  # an OmegaConf node that is not a mapping
        return None


def violation_name(code: float) -> str:
    """Decode a ``violation`` field value (``""`` for none)."""
    names = {v: k for k, v in VIOLATION_CODES.items()}
    return names.get(int(code), "")
