"""Scoring that never fails a whole batch for one item: what every trainer adapter calls.

A trainer aborts a step (verl) or loses a batch (TRL, OpenRLHF) when a reward raises, and one
item is enough to make ``score_many`` raise: a judge that breaks on one answer, a value no
reader expected. ``score_isolated`` scores the batch once; if that raises, it scores each item
alone, and an item that still fails gets ``unscored``: 0 for every term, with the reason. The
adapters log the reason beside the sample and count it, so a failure is seen, never silent.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from safereward.io import clip
from safereward.refusal.guard.backends import GuardEndpointError
from safereward.reward import LabelsLike, RewardResult, SafeGRPOReward

__all__ = ["FAILED", "reason_of", "score_isolated", "unscored"]

logger = logging.getLogger("safereward")

FAILED = "scoring failed: "
"""How every failure reason starts (``RewardResult.error`` of an ``unscored`` result)."""


def unscored(reward: SafeGRPOReward, reason: str) -> RewardResult:
    """A result for an item the reward could not score: total 0, every term 0, no reading of
    the response (so the hack monitor flags nothing), ``error`` saying why."""
    text = reason if reason.startswith(FAILED) else FAILED + reason
    return RewardResult(
        total=0.0,
        terms=dict.fromkeys(getattr(reward, "term_names", ()), 0.0),
        violations=(),
        refused=None,
        parsed=None,
        error=clip(text),
    )


def score_isolated(
    reward: SafeGRPOReward,
    texts: Sequence[Any],
    labels: Sequence[LabelsLike | None],
    prompts: Sequence[str | None] | None = None,
) -> tuple[list[RewardResult], list[bool]]:
    """``reward.score_many``, never raising: results in order, and which items failed.

    ``prompts`` all None is the same as no prompts. An item that fails alone is logged once per
    batch at WARNING with its reason; its result is ``unscored``.
    """
    n = len(texts)
    if prompts is not None and all(p is None for p in prompts):
        prompts = None
    try:
        results = _score_many(reward, texts, labels, prompts)
        if len(results) == n:
            return results, [False] * n
        raise RuntimeError(f"score_many returned {len(results)} results for {n} items")
    except GuardEndpointError:  # a guard endpoint that never answered: a bad config, which
        raise  # stops the run at its first batch like any other bad option
    except Exception as exc:
        if n == 1:
            failure = reason_of(exc)
            logger.warning("safereward: could not score an item (%s); it scores 0", failure)
            return [unscored(reward, failure)], [True]
        logger.warning(
            "safereward: a batch of %d failed (%s); scoring each item alone", n, reason_of(exc)
        )
    out: list[RewardResult] = []
    failed: list[bool] = []
    first: str | None = None
    for i in range(n):
        try:
            (result,) = _score_many(
                reward, [texts[i]], [labels[i]], None if prompts is None else [prompts[i]]
            )
        except Exception as exc:
            failure = reason_of(exc)
            first = first or failure
            out.append(unscored(reward, failure))
            failed.append(True)
            continue
        out.append(result)
        failed.append(False)
    if first is not None:
        logger.warning(
            "safereward: %d of %d items could not be scored and score 0; first: %s",
            sum(failed),
            n,
            first,
        )
    return out, failed


def _score_many(
    reward: SafeGRPOReward,
    texts: Sequence[Any],
    labels: Sequence[LabelsLike | None],
    prompts: Sequence[str | None] | None,
) -> list[RewardResult]:
    if prompts is None:  # rewards written before prompts existed take two arguments
        return reward.score_many(texts, labels)
    return reward.score_many(texts, labels, prompts)


def reason_of(exc: BaseException) -> str:
    """An exception as a one-line reason: its type and message, clipped."""
    return clip(f"{type(exc).__name__}: {exc}")
