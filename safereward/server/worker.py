"""What runs in a scoring worker: one reward per process, items in, plain dicts out.

Module-level state so a process pool builds the reward once (in its initializer) instead of
pickling it with every job. Results are plain dicts: cheap to send back, ready for JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from safereward.chat import recover_response
from safereward.monitor import HackMonitor, RecentLengths
from safereward.reward import RewardResult, SafeGRPOReward

_REWARD: SafeGRPOReward | None = None
_MONITOR = HackMonitor()


def init_worker(config: Mapping[str, Any]) -> None:
    """Build this process's reward (also used in-process for the thread mode), and its hack
    monitor: OpenRLHF sends one query per request, so ``short_answer`` compares an answer with
    the process's recent answers rather than with the (often tiny) job."""
    global _REWARD, _MONITOR
    _REWARD = SafeGRPOReward.from_config(dict(config))
    _MONITOR = HackMonitor.for_reward(_REWARD, recent=RecentLengths())


class Asked(NamedTuple):
    """An item's prompt when its text is the response itself (``/v1/score``), not a
    transcript to recover the response from (``/get_reward``)."""

    prompt: str


def ping() -> bool:
    """Warm-up job: the pool has started and its reward is built."""
    return _REWARD is not None


def score_items(
    texts: Sequence[str], prompts: Sequence[str | Asked | None], labels: Sequence[Any]
) -> list[dict[str, Any]]:
    """Score items in order; never raises. A ``None`` prompt means the text is the response,
    scored without a prompt; ``Asked(prompt)``, the response with its prompt (an echo of it is
    a non-answer). Otherwise the text is a transcript (OpenRLHF's query) and the response is
    recovered first; the query before it is the reward's prompt.
    """
    reward = _REWARD
    if reward is None:
        raise RuntimeError("scoring worker used before init_worker")
    responses: list[str] = []
    methods: list[str] = []
    asked: list[str | None] = []
    for text, prompt in zip(texts, prompts, strict=True):
        if prompt is None or isinstance(prompt, Asked):
            responses.append(text)
            methods.append("raw")
            asked.append(None if prompt is None else prompt.prompt or None)
        else:
            recovered = recover_response(text, prompt)
            responses.append(recovered.response)
            methods.append(recovered.method)
            asked.append(recovered.prompt or None)
    try:
        results = reward.score_many(responses, labels, asked)
    except Exception:  # a judge failing on the batch must not lose the other items
        results = [
            _score_alone(reward, r, lab, p)
            for r, lab, p in zip(responses, labels, asked, strict=True)
        ]
    hacks = _MONITOR.sample_logs(results)
    return [
        _item(res, method, flags)
        for res, method, flags in zip(results, methods, hacks, strict=True)
    ]


def _score_alone(
    reward: SafeGRPOReward, response: str, labels: Any, prompt: str | None = None
) -> RewardResult:
    try:
        return reward.try_score(response, labels, prompt)
    except Exception as exc:
        result = reward.try_score("", None)
        return RewardResult(
            total=0.0,
            terms=result.terms,
            violations=(),
            refused=None,
            parsed=None,
            error=f"internal error while scoring: {exc!r}",
        )


def _item(result: RewardResult, method: str, hacks: Mapping[str, float]) -> dict[str, Any]:
    fallback = method not in ("raw", "prefix", "prefix_pads")
    return {
        **result.to_dict(),
        "recovery": method,
        "log": {
            **result.log_fields(),
            "recovery_fallback": float(fallback),
            "recovery_failed": float(method == "none"),
            **hacks,
        },
    }
