"""The SafeGRPO reward as an OpenRLHF 0.11.2 ``reward_func`` file.

Give this file's path to ``--reward.remote_url``. OpenRLHF loads it by path in every rollout
worker and calls ``reward_func(queries, prompts, labels)`` once per rollout, where ``queries``
are the decoded prompt + response with special tokens kept: the response is cut out with
``safereward.chat.recover_response`` before scoring, and the query before it is the reward's
prompt (an answer that only echoes the prompt is a non-answer). OpenRLHF passes no keyword
arguments, so the reward is configured by environment variables (set them where the workers
run, e.g. in Ray's ``runtime_env``):

- ``SAFEREWARD_PRESET``: ``strict`` (default) or ``paper``;
- ``SAFEREWARD_JUDGE``: refusal judge name (default: the preset's own);
- ``SAFEREWARD_CONFIG``: a JSON object for ``SafeGRPOReward.from_config`` (judge_kwargs,
  weights, ...); the two variables above override its keys.

A bad configuration raises when the file is loaded, i.e. when training starts. After that the
function never raises: a sample with unusable labels scores 0 and counts in ``label_error``; a
batch the reward fails on is scored again sample by sample, and a sample that still fails
scores 0 and counts in ``internal_error``, its reason in the worker's log.
``extra_logs`` also carries the hack monitor's per-sample flags (``hacks/padding``, ...; see
``safereward.monitor``), which OpenRLHF averages into ``train/hacks/...`` shares.
Loaded by path, so absolute imports only.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping, Sequence
from typing import Any

from safereward import RewardResult, SafeGRPOReward
from safereward.chat import Recovery, TranscriptScore, score_transcripts
from safereward.isolation import reason_of, unscored
from safereward.monitor import HackMonitor, RecentLengths, RolloutFlags

logger = logging.getLogger("safereward.openrlhf")

MAX_WARNINGS = 5
"""Label problems are logged this many times per worker, then only counted (``label_error``)."""


def config_from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The reward config the environment asks for; raises ``ValueError`` naming the variable."""
    environ = os.environ if environ is None else environ
    config: dict[str, Any] = {}
    raw = environ.get("SAFEREWARD_CONFIG", "").strip()
    if raw:
        try:
            config = json.loads(raw)
        except ValueError as exc:
            raise ValueError(f"SAFEREWARD_CONFIG is not valid JSON: {exc}") from None
        if not isinstance(config, dict):
            raise ValueError("SAFEREWARD_CONFIG must be a JSON object")
    for key, variable in (("preset", "SAFEREWARD_PRESET"), ("judge", "SAFEREWARD_JUDGE")):
        value = environ.get(variable, "").strip()
        if value:
            config[key] = value
    return config


def make_reward_func(reward: SafeGRPOReward) -> Any:
    """A ``reward_func(queries, prompts, labels)`` scoring with ``reward``."""
    warned = 0
    keys = log_keys(reward)
    # one sample per call: short answers are judged against this worker's recent answers
    monitor = HackMonitor.for_reward(reward, recent=RecentLengths())

    def reward_func(
        queries: Sequence[str], prompts: Sequence[str], labels: Sequence[Any]
    ) -> dict[str, Any]:
        nonlocal warned
        try:
            queries, prompts, labels = list(queries), list(prompts or []), list(labels or [])
        except Exception as exc:  # not lists at all: nothing to line rewards up with
            logger.error("safereward: a reward call without a list of queries: %s", reason_of(exc))
            return _payload([], [], [], keys)
        n = len(queries)
        scored, failed = _score(reward, queries, _fit(prompts, n, ""), _fit(labels, n, None))
        for item, item_failed in zip(scored, failed, strict=True):
            if item.result.error and not item_failed and warned < MAX_WARNINGS:
                warned += 1
                logger.warning("safereward: unusable labels, reward 0: %s", item.result.error)
        asked = [item.recovery.prompt or None for item in scored]
        hacks = monitor.sample_logs([item.result for item in scored], asked)
        return _payload(scored, hacks, failed, keys)

    return reward_func


def log_keys(reward: SafeGRPOReward) -> list[str]:
    """The ``extra_logs`` keys every call returns (OpenRLHF stacks them across samples): those
    of a result with the reward's terms, without scoring anything."""
    blank = RewardResult(
        total=0.0,
        terms=dict.fromkeys(reward.term_names, 0.0),
        violations=(),
        refused=None,
        parsed=None,
    )
    fields = TranscriptScore(blank, Recovery("", "none")).log_fields()  # type: ignore[arg-type]
    return [*fields, *RolloutFlags().as_log(), "internal_error"]


def _fit(values: list[Any], n: int, filler: Any) -> list[Any]:
    """``values`` padded/cut to ``n`` items, so a short list cannot misalign the rewards."""
    return values[:n] + [filler] * (n - len(values))


def _score(
    reward: SafeGRPOReward, queries: list[Any], prompts: list[Any], labels: list[Any]
) -> tuple[list[TranscriptScore], list[bool]]:
    """Score the batch; if that raises, each sample alone; a sample that still fails scores 0
    (``internal_error`` 1, the reason logged: ``extra_logs`` carries numbers only)."""
    try:
        return score_transcripts(reward, queries, prompts, labels), [False] * len(queries)
    except Exception as exc:
        if len(queries) > 1:
            logger.warning(
                "safereward: a batch of %d failed (%s); scoring each sample alone",
                len(queries),
                reason_of(exc),
            )
    scored: list[TranscriptScore] = []
    failed: list[bool] = []
    for query, prompt, label in zip(queries, prompts, labels, strict=True):
        try:
            scored.extend(score_transcripts(reward, [query], [prompt], [label]))
            failed.append(False)
        except Exception as exc:  # a reward must not stop training; this sample scores 0
            logger.error("safereward: could not score a sample, reward 0: %s", reason_of(exc))
            scored.append(TranscriptScore(unscored(reward, reason_of(exc)), Recovery("", "none")))
            failed.append(True)
    return scored, failed


def _payload(
    scored: list[TranscriptScore],
    hacks: list[dict[str, float]],
    failed: list[bool],
    keys: list[str],
) -> dict[str, Any]:
    totals = [s.result.total for s in scored]
    logs = [
        {**s.log_fields(), **h, "internal_error": float(f)}
        | ({"label_error": 0.0} if f else {})  # the labels were never read
        for s, h, f in zip(scored, hacks, failed, strict=True)
    ]
    extra = {k: [log.get(k, 0.0) for log in logs] for k in keys}
    return {
        "rewards": _tensor(totals),
        "scores": _tensor(totals),
        "extra_logs": {k: _tensor(v) for k, v in extra.items()},
    }


def _tensor(values: list[float]) -> Any:
    """A float tensor, as OpenRLHF's own examples return (a list where torch is absent)."""
    try:
        import torch
    except ImportError:  # pragma: no cover - OpenRLHF always has torch
        return values
    return torch.tensor(values, dtype=torch.float32)


def _loaded() -> Any:
    """The reward the environment configures; a guard judge's server is asked once now, so a
    wrong URL or model stops the run when OpenRLHF loads this file."""
    reward = SafeGRPOReward.from_config(config_from_env())
    check = getattr(reward.judge, "check", None)
    if callable(check):
        check()
    return make_reward_func(reward)


reward_func = _loaded()
