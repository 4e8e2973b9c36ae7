"""What runs in a scoring worker: one reward per process, items in, plain dicts out.

Module-level state so a process pool builds the reward once (in its initializer) instead of
pickling it with every job. Results are plain dicts: cheap to send back, ready for JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from safereward.chat import recover_response
from safereward.isolation import score_isolated
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
    results, _ = score_isolated(reward, responses, labels, asked)
    hacks = _MONITOR.sample_logs(results, asked)
    return [
        _item(res, method, flags)
        for res, method, flags in zip(results, methods, hacks, strict=True)
    ]


def serve_lane(conn: Any, config: Mapping[str, Any]) -> None:
    """A worker process's life: build the reward, say ``ready`` (or why not), then score the
    jobs that come down the pipe until it closes or sends None. The server kills the process
    when a job passes its deadline, so nothing here needs a clock."""
    try:
        init_worker(config)
    except BaseException as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply: tuple[str, Any] = ("ok", score_items(*job))
        except Exception as exc:
            reply = ("error", repr(exc))
        conn.send(reply)


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
