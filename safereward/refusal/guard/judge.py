"""``GuardJudge``: a guard model reading (prompt, answer) pairs, with a fallback for each pair
it cannot read.

The judge asks its backend once per distinct (prompt, answer) pair of a batch (a GRPO group
often repeats one), parses each reply with its format and returns ``PairReadings``: P(refusal)
(0 or 1 from the guard's verdict), P(harmful) and, per pair, whether the fallback judge read
it instead. A pair falls back when its reply is missing (timeout, refused connection, HTTP
error, the batch deadline) or does not parse; the fallback judge (``lexical`` by default) then
gives its refusal reading and harm is not read (NaN). Nothing is hidden: the first failure in
a process is logged as a warning with its reason, every failure is counted by kind in
``failures``, and the reward marks each such answer (``judge/fallback`` in every adapter's log).
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from safereward.refusal.base import BatchFromScores, PairReadings, RefusalJudge, as_answers
from safereward.refusal.guard.backends import (
    Failure,
    GuardBackend,
    GuardEndpointError,
    GuardRequest,
    LocalBackend,
    ServedBackend,
)
from safereward.refusal.guard.formats import GuardFormat, GuardReading, get_format
from safereward.refusal.view import blank, judge_text, visible_text

logger = logging.getLogger("safereward.guard")

__all__ = ["GuardJudge", "load_guard_judge"]

_SERVED_OPTIONS = ("api_key_env", "concurrency", "timeout_s", "retries", "backoff_s", "deadline_s")
_LOCAL_OPTIONS = ("device", "dtype", "batch_size")


class GuardJudge(BatchFromScores):
    """A guard model as a refusal and harm judge (a ``PairJudge`` and a ``RefusalJudge``).

    ``guard_format``: a built-in name (``wildguard``, ``llama-guard-3``, ``llama-guard-4``,
    ``qwen3guard``, ``qwen3guard-loose``), a registered one, a YAML path or a ``GuardFormat``.
    Where it runs: ``base_url`` and ``model`` (the served model's name) for an
    OpenAI-compatible endpoint, with ``api_key_env``, ``concurrency`` (64), ``timeout_s`` (30),
    ``retries`` (2), ``backoff_s`` (0.5), ``deadline_s`` (120), ``extra_body``; or ``model`` a
    local checkpoint path without ``base_url``, with ``device``, ``dtype`` and ``batch_size``
    (16); or ``backend`` an object of your own. ``fallback``: the judge for pairs the guard
    cannot read (and, for formats without a refusal field, the refusal reader).
    ``max_answer_chars`` / ``max_prompt_chars`` bound what is sent (the visible text's start).
    """

    name = "guard"

    def __init__(
        self,
        guard_format: str | Path | GuardFormat = "wildguard",
        *,
        model: str | Path | None = None,
        base_url: str | None = None,
        backend: GuardBackend | None = None,
        fallback: str | RefusalJudge = "lexical",
        max_new_tokens: int | None = None,
        max_answer_chars: int = 4000,
        max_prompt_chars: int = 2000,
        threshold: float = 0.5,
        extra_body: dict[str, Any] | None = None,
        **options: Any,
    ) -> None:
        self.format = get_format(guard_format)
        unknown = sorted(set(options) - set(_SERVED_OPTIONS) - set(_LOCAL_OPTIONS))
        if unknown:
            known = ", ".join((*_SERVED_OPTIONS, *_LOCAL_OPTIONS))
            raise ValueError(f"unknown guard judge options {unknown}; known: {known}")
        self.backend = _backend(model, base_url, backend, extra_body, options)
        self.fallback = _fallback(fallback)
        if max_new_tokens is not None and max_new_tokens < 1:
            raise ValueError("max_new_tokens must be >= 1")
        if max_answer_chars < 1 or max_prompt_chars < 1:
            raise ValueError("max_answer_chars and max_prompt_chars must be >= 1")
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"threshold must lie strictly between 0 and 1, got {threshold!r}")
        self.max_new_tokens = int(max_new_tokens or self.format.max_new_tokens)
        self.max_answer_chars = int(max_answer_chars)
        self.max_prompt_chars = int(max_prompt_chars)
        self.threshold = float(threshold)
        self.failures: Counter[str] = Counter()
        """Pairs that fell back in this process, by failure kind."""
        self.pairs_read = 0
        """Distinct pairs sent to the guard in this process."""
        self._lock = threading.Lock()
        self._told = False

    def __repr__(self) -> str:
        return (
            f"GuardJudge(format={self.format.name!r}, backend={self.backend!r}, "
            f"fallback={self.fallback.name!r})"
        )

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_lock"] = None
        state["failures"] = Counter()
        state["pairs_read"] = 0
        state["_told"] = False
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def check(self) -> None:
        """Ask the guard about one harmless pair now, so a server that cannot work as
        configured stops a program at its start (``safereward serve``, OpenRLHF's reward file)
        rather than at its first batch: ``GuardEndpointError`` when it cannot be reached,
        refuses the request or does not answer; an answer that does not parse is fine here."""
        probe = self.format.messages("Hello.", "Hello! How can I help you today?", 0)
        reply = self.backend.generate([GuardRequest(probe)], 1, self.format.generation_prompt)
        if isinstance(reply[0], Failure):
            raise GuardEndpointError(f"the guard did not answer a test request ({reply[0]})")

    # -- PairJudge ---------------------------------------------------------------------------
    def read_pairs(
        self,
        answers: Sequence[str],
        prompts: Sequence[str | None],
        images: Sequence[Sequence[Any] | None] | None = None,
    ) -> PairReadings:
        """Read each (prompt, answer) pair; never raises on a batch, except
        ``GuardEndpointError`` for an endpoint that has never answered (a bad config).
        ``images``: per pair, the images the prompt showed (sent where format and backend
        take images; identical pairs are read once only without images)."""
        items = as_answers(answers)
        n = len(items)
        if len(prompts) != n or (images is not None and len(images) != n):
            raise ValueError(f"{n} answers but {len(prompts)} prompts (or images)")
        refusal = np.full(n, np.nan)
        harmful = np.full(n, np.nan)
        fell = np.zeros(n, dtype=bool)
        if n == 0:
            return PairReadings(refusal, harmful, fell)
        send_images = self.format.takes_images and getattr(self.backend, "takes_images", False)
        keys: list[Any] = []
        requests: dict[Any, GuardRequest] = {}
        for i, (answer, prompt) in enumerate(zip(items, prompts, strict=True)):
            shown = tuple(images[i] or ()) if images is not None and send_images else ()
            key = (self._clip_prompt(prompt), self._clip_answer(answer), tuple(map(id, shown)))
            keys.append(key)
            if key not in requests:
                requests[key] = GuardRequest(
                    self.format.messages(key[0], key[1], len(shown)), shown
                )
        replies = self._generate(list(requests.values()))
        read = dict(zip(requests, (self._read(r) for r in replies), strict=True))
        failed: list[int] = []
        for i, key in enumerate(keys):
            got = read[key]
            if isinstance(got, Failure):
                failed.append(i)
                continue
            if got.refusal is not None:
                refusal[i] = float(got.refusal)
            if got.harmful is not None:
                harmful[i] = float(got.harmful)
        if failed:
            fell[failed] = True
            refusal[failed] = self.fallback.scores([items[i] for i in failed])
            self._report([r for r in read.values() if isinstance(r, Failure)], len(failed), n)
        with self._lock:
            self.pairs_read += len(requests)
        return PairReadings(refusal, harmful, fell)

    # -- RefusalJudge ------------------------------------------------------------------------
    def scores(self, answers: Sequence[object] | str) -> np.ndarray:
        """P(refusal) of answers read without their prompts (the guard reads an empty
        request); where the format has no refusal field, the fallback judge's reading."""
        items = as_answers(answers)
        if not items:
            return np.zeros(0, dtype=np.float64)
        texts = [judge_text(a) for a in items]
        readings = self.read_pairs(texts, [None] * len(texts))
        out = readings.refusal.copy()
        unread = np.flatnonzero(np.isnan(out))
        if unread.size:
            out[unread] = self.fallback.scores([texts[i] for i in unread])
        out[blank(items)] = 0.0
        return out

    # -- internals ---------------------------------------------------------------------------
    def _clip_prompt(self, prompt: str | None) -> str:
        if not isinstance(prompt, str):
            return ""
        return visible_text(prompt)[: self.max_prompt_chars]

    def _clip_answer(self, answer: object) -> str:
        return visible_text(judge_text(answer))[: self.max_answer_chars]

    def _generate(self, requests: list[GuardRequest]) -> list[str | Failure]:
        try:
            replies = self.backend.generate(
                requests, self.max_new_tokens, self.format.generation_prompt
            )
        except GuardEndpointError:
            raise
        except Exception as exc:  # a backend bug must not stop training: every pair falls back
            logger.exception("guard backend failed on a batch of %d", len(requests))
            return [Failure("error", repr(exc)[:200])] * len(requests)
        if len(replies) != len(requests):
            return [Failure("error", "backend returned the wrong number of replies")] * len(
                requests
            )
        return replies

    def _read(self, reply: str | Failure) -> GuardReading | Failure:
        if isinstance(reply, Failure):
            return reply
        try:
            reading = self.format.parse(reply)
        except Exception as exc:
            shown = reply.strip().replace("\n", "\\n")[:120]
            return Failure("unparseable", f"{exc} (reply {shown!r})")
        if not isinstance(reading, GuardReading):
            return Failure("unparseable", f"parser returned {type(reading).__name__}")
        if reading.harmful is None and reading.refusal is None:
            return Failure("unparseable", "the reply says neither harm nor refusal")
        return reading

    def _report(self, failures: list[Failure], fell: int, n: int) -> None:
        with self._lock:
            self.failures.update(f.kind for f in failures)
            first = not self._told
            self._told = True
        if first:
            logger.warning(
                "guard judge (%s, %r): %d of %d answers read by the fallback judge %r; first "
                "failure: %s. Later failures are not logged one by one: they are counted in "
                "judge/fallback (per answer) and GuardJudge.failures (by kind).",
                self.format.name,
                self.backend,
                fell,
                n,
                self.fallback.name,
                failures[0],
            )


def _backend(
    model: str | Path | None,
    base_url: str | None,
    backend: GuardBackend | None,
    extra_body: dict[str, Any] | None,
    options: dict[str, Any],
) -> GuardBackend:
    served = {k: v for k, v in options.items() if k in _SERVED_OPTIONS}
    local = {k: v for k, v in options.items() if k in _LOCAL_OPTIONS}
    if backend is not None:
        if model is not None or base_url is not None or options:
            raise ValueError("give backend= alone, or model=/base_url= and their options")
        if not isinstance(backend, GuardBackend):
            raise TypeError("backend must have generate(requests, max_new_tokens, ...)")
        return backend
    if base_url is not None:
        if local:
            raise ValueError(
                f"{', '.join(sorted(local))} configure a local guard (model=PATH without "
                "base_url); a served guard runs on its server"
            )
        if not isinstance(model, str) or not model:
            raise ValueError("a served guard needs model= (the name the server serves it under)")
        return ServedBackend(base_url, model, extra_body=extra_body, **served)
    if served or extra_body:
        named = sorted([*served, *(["extra_body"] if extra_body else [])])
        raise ValueError(f"{', '.join(named)} configure a served guard: give base_url= too")
    if model is None:
        raise ValueError(
            "the guard judge needs base_url= and model= (a served guard, OpenAI-compatible) "
            "or model=PATH (a local checkpoint)"
        )
    return LocalBackend(model, **local)


def _fallback(fallback: str | RefusalJudge) -> RefusalJudge:
    from safereward.refusal import load_judge

    if fallback == "guard":
        raise ValueError("a guard judge's fallback must be another judge (e.g. lexical)")
    judge = load_judge(fallback)
    if hasattr(judge, "read_pairs"):
        raise ValueError("a guard judge's fallback must read answers alone (e.g. lexical)")
    return judge


def load_guard_judge(**kwargs: Any) -> GuardJudge:
    """``load_judge("guard", ...)``."""
    return GuardJudge(**kwargs)
