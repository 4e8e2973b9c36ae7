"""The SafeGRPO reward as a TRL ``GRPOTrainer`` reward function.

TRL sums several reward functions with weights, but SafeGRPO's format check is a gate that
multiplies the other terms, so the whole reward is one function here. The terms still reach the
trainer's logs: TRL 1.16 hands every reward function ``log_metric`` (a scalar per batch, averaged
per logging step) and ``log_extra`` (a column in the completions table), and we use both.

TRL calls ``reward_func(prompts=..., completions=..., completion_ids=..., **columns)`` where
``columns`` holds every dataset column (one value per completion) plus ``trainer_state``,
``log_extra`` and ``log_metric``. Completions are strings (standard datasets) or lists of
message dicts (conversational ones).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from safereward import SafeGRPOReward, ViolationKind
from safereward.chat import content_text, prompt_text
from safereward.isolation import reason_of, score_isolated, unscored
from safereward.labels import COLUMNS
from safereward.monitor import HackMonitor

__all__ = [
    "LABEL_COLUMNS",
    "MissingLabelWarning",
    "SafeGRPORewardFunction",
    "completion_text",
    "prompt_text",
    "safegrpo_reward",
    "safegrpo_reward_func",
]

logger = logging.getLogger(__name__)

LABEL_COLUMNS: dict[str, tuple[str, ...]] = dict(COLUMNS)
"""Dataset columns of SafeGRPO's labels (SafeTag-VL-3K name first, then the short alias); a
label the reward's schema adds is read from the column of its own name."""

NESTED_COLUMNS = ("extra_info",)
"""Struct columns searched for labels too: our verl-format parquet keeps the tags there."""


class MissingLabelWarning(UserWarning):
    """A dataset row lacks a label column; those completions score 0."""


def completion_text(completion: str | Sequence[Mapping[str, Any]]) -> str:
    """The response text of one completion, in either TRL completion format.

    Conversational completions are message lists; with a tokenizer that has a response schema
    TRL splits the reasoning into ``reasoning_content`` (or ``thinking``) and drops the
    ``<think>`` tags, so they are put back: the tags inside the reasoning are what is scored.
    """
    if isinstance(completion, str):
        return completion
    parts: list[str] = []
    for message in completion:
        if not isinstance(message, Mapping) or message.get("role", "assistant") != "assistant":
            continue
        reasoning = message.get("reasoning_content") or message.get("thinking")
        if reasoning:
            parts.append(f"<think>\n{reasoning}\n</think>\n")
        parts.append(content_text(message.get("content")))
    return "".join(parts)


class SafeGRPORewardFunction:
    """A picklable TRL reward function computing the gated SafeGRPO reward.

    Instances carry ``__name__`` because TRL names the reward's log keys
    (``rewards/<name>/mean``) after it. Per-term means go to ``<name>/<field>``, violation
    rates to ``<name>/violations/<kind>`` and the hack monitor's shares (``safereward.monitor``)
    to ``<name>/hacks/<family>`` through ``log_metric``; every key is logged on every batch, so
    TRL's per-step averages are not skewed by batches where a key was absent (the refusal rates,
    ``<name>/behavior/...``, only on batches that have items of that side).

    Nothing one completion holds stops training: a batch that fails to score is scored again
    completion by completion, and a completion that still fails scores 0, with the reason in the
    ``<name>/error`` column and its share in ``<name>/internal_error``. Only a batch in which no
    completion could be scored counts as failed: after ``max_failed_batches`` of those in a row
    the function raises, since a reward that scores nothing has silently stopped learning.
    """

    def __init__(
        self,
        reward: SafeGRPOReward,
        name: str = "safegrpo",
        max_failed_batches: int | None = 3,
    ) -> None:
        self.reward = reward
        self.__name__ = name
        self.max_failed_batches = max_failed_batches
        self.monitor = HackMonitor.for_reward(reward)
        self._failed = 0
        self._warned: set[str] = set()
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.__name__!r}, reward={self.reward!r})"

    def __call__(
        self,
        prompts: Sequence[Any] | None = None,
        completions: Sequence[Any] = (),
        completion_ids: Sequence[Sequence[int]] | None = None,
        *,
        log_metric: Callable[[str, float], None] | None = None,
        log_extra: Callable[[str, list], None] | None = None,
        trainer_state: Any = None,
        **columns: Any,
    ) -> list[float]:
        n = len(completions)
        if n == 0:
            return []
        try:
            labels, missing_rows = self._labels(columns, n)
        except Exception as exc:  # the columns themselves cannot be read: the whole batch
            return self._failed_batch(exc, n, log_metric)
        texts, unread = _each(completion_text, completions, "")
        asked: list[str | None] | None = None
        if prompts is not None and len(prompts) == n:
            asked, _ = _each(prompt_text, prompts, None)  # a prompt that cannot be read: none
        results, failed = score_isolated(self.reward, texts, labels, asked)
        for i, reason in unread.items():
            results[i], failed[i] = unscored(self.reward, reason), True
        if all(failed):  # nothing scored: the reward itself is broken
            return self._failed_batch(RuntimeError(results[0].error), n, log_metric)
        with self._lock:
            self._failed = 0
        if log_metric is not None:
            self._log_metrics(log_metric, results, failed, missing_rows, n)
            for key, value in self.monitor.measure(results, labels, asked).items():
                if value is not None:
                    log_metric(f"{self.__name__}/{key}", value)
        if log_extra is not None:
            log_extra(f"{self.__name__}/first_violation", [r.first_violation for r in results])
            log_extra(
                f"{self.__name__}/label_error",
                [("" if f else r.error or "") for r, f in zip(results, failed, strict=True)],
            )
            log_extra(f"{self.__name__}/error", [r.error or "" for r in results])
        return [float(r.total) for r in results]

    def _failed_batch(
        self, exc: Exception, n: int, log_metric: Callable[[str, float], None] | None
    ) -> list[float]:
        with self._lock:
            self._failed += 1
            failed = self._failed
        logger.error(
            "safegrpo reward could not score any of a batch of %d (%d in a row): %s",
            n,
            failed,
            reason_of(exc),
        )
        if log_metric is not None:
            log_metric(f"{self.__name__}/internal_error", 1.0)
        if self.max_failed_batches is not None and failed >= self.max_failed_batches:
            raise RuntimeError(
                f"safegrpo reward failed on {failed} batches in a row (last error: {exc!r}); "
                "stopping rather than training on zeros. Fix the cause, or raise "
                "max_failed_batches (None never stops)."
            ) from exc
        _warn(f"safegrpo reward failed ({failed} in a row), batch scored 0: {exc!r}", UserWarning)
        return [0.0] * n

    def _labels(
        self, columns: Mapping[str, Any], n: int
    ) -> tuple[list[dict[str, Any] | None], int]:
        """One label mapping per completion (None for a row with none): every label the
        reward's schema declares, by its column name; warning once per label the rules compare
        that a row lacks."""
        wanted = self.reward.label_schema.columns
        required = self.reward.label_schema.required if self.reward.needs_labels else frozenset()
        rows: list[dict[str, Any] | None] = []
        missing_rows = 0
        for i in range(n):
            row = {}
            for label, names in wanted.items():
                value = _lookup(columns, names, i)
                if value is not None:
                    row[label] = value
                elif label in required:
                    self._warn_missing(names)
            missing_rows += not required <= row.keys()
            rows.append(row or None)
        return rows, missing_rows

    def _warn_missing(self, names: tuple[str, ...]) -> None:
        with self._lock:
            if names[0] in self._warned:
                return
            self._warned.add(names[0])
        aliases = " or ".join(repr(a) for a in names)
        _warn(
            f"safegrpo reward: dataset rows lack the label column {aliases} (also looked in "
            f"{', '.join(NESTED_COLUMNS)}); their completions score 0. Warned once; the count "
            f"is logged as '{self.__name__}/missing_labels'.",
            MissingLabelWarning,
        )

    def _log_metrics(
        self,
        log_metric: Callable[[str, float], None],
        results: Sequence[Any],
        failed: Sequence[bool],
        missing: int,
        n: int,
    ) -> None:
        sums: dict[str, float] = {}
        for res, res_failed in zip(results, failed, strict=True):
            for key, value in res.log_fields().items():
                if key == "label_error" and res_failed:
                    continue  # the labels were never read
                sums[key] = sums.get(key, 0.0) + float(value)
        sums.setdefault("label_error", 0.0)
        log_metric(f"{self.__name__}/internal_error", sum(failed) / n)
        for key, total in sums.items():
            log_metric(f"{self.__name__}/{key}", total / n)
        hits = Counter(kind for res in results for kind in {v.kind for v in res.violations})
        for kind in ViolationKind:
            log_metric(f"{self.__name__}/violations/{kind.value}", hits[kind] / n)
        log_metric(f"{self.__name__}/missing_labels", float(missing))


def _warn(message: str, category: type[Warning]) -> None:
    """Warn without ever raising: under ``-W error`` a warning would otherwise stop training."""
    logger.warning(message)
    with contextlib.suppress(Warning):
        warnings.warn(message, category, stacklevel=4)


def _each(read: Callable[[Any], Any], items: Sequence[Any], blank: Any) -> tuple[list, dict]:
    """``read`` applied to each item; an item it fails on reads as ``blank``, and its reason is
    returned by index (so one odd completion fails alone)."""
    out: list[Any] = []
    reasons: dict[int, str] = {}
    for i, item in enumerate(items):
        try:
            out.append(read(item))
        except Exception as exc:
            out.append(blank)
            reasons[i] = reason_of(exc)
    return out, reasons


def _lookup(columns: Mapping[str, Any], names: Sequence[str], i: int) -> Any:
    for name in names:
        value = _item(columns.get(name), i)
        if value is not None:
            return value
    for nested in NESTED_COLUMNS:
        struct = _item(columns.get(nested), i)
        if isinstance(struct, Mapping):
            for name in names:
                if struct.get(name) is not None:
                    return struct[name]
    return None


def _item(column: Any, i: int) -> Any:
    if column is None or isinstance(column, (str, bytes, Mapping)):
        return None
    try:
        return column[i]
    except (IndexError, TypeError, KeyError):
        return None


def safegrpo_reward(
    preset: str = "strict",
    judge: Any = None,
    weights: Mapping[str, float] | None = None,
    *,
    name: str = "safegrpo",
    max_failed_batches: int | None = 3,
    **reward_kwargs: Any,
) -> SafeGRPORewardFunction:
    """Build the SafeGRPO reward function for ``GRPOTrainer(reward_funcs=...)``.

    ``preset``, ``judge`` and ``weights`` (and any other keyword) go to
    :class:`safereward.SafeGRPOReward`, so bad settings fail here, before training starts.
    ``name`` prefixes the logged metrics; ``max_failed_batches``: raise after this many batches
    in a row fail to score (None: never). Pass it as the only reward function: TRL would add
    other functions to it, not multiply them.
    """
    kwargs: dict[str, Any] = {"preset": preset, **reward_kwargs}
    if judge is not None:
        kwargs["judge"] = judge
    if weights is not None:
        kwargs["weights"] = dict(weights)
    return SafeGRPORewardFunction(
        SafeGRPOReward(**kwargs), name=name, max_failed_batches=max_failed_batches
    )


_default: SafeGRPORewardFunction | None = None


def safegrpo_reward_func(
    prompts: list | None = None, completions: list | None = None, **kwargs: Any
) -> list[float]:
    r"""
    SafeGRPO reward (strict preset, default judge): format gate times tag accuracy and behaviour.

    Args:
        prompts (`list`):
            The prompts (strings or message lists), one per completion: an answer that only
            echoes its prompt is a non-answer.
        completions (`list[str]` or `list[list[dict[str, str]]]`):
            Completions, as strings or as lists of messages whose `"content"` is the response.
        **kwargs:
            Dataset columns, one value per completion: `image_tag`, `text_tag` and `combine_tag`
            (or `visual`, `text`, `combined`, or an `extra_info` struct holding them), each
            `"safe"` or `"unsafe"`, and any label the schema adds, by its name; plus TRL's
            `log_metric` / `log_extra`, used to log the terms.

    Returns:
        `list[float]`:
            One reward per completion, in `{0, 0.25, 0.375, 0.5, 0.75, 0.875, 1}`; 0 when the format
            gate fails or the row's labels are missing or invalid.

    Example:
    ```python
    >>> from safereward.integrations.trl import safegrpo_reward_func

    >>> response = (
    ...     "<think>Step 1: a kitchen. <visual_safe>safe</visual_safe> "
    ...     "<text_safe>unsafe</text_safe> <combined_safe>unsafe</combined_safe> "
    ...     "Step 5: it asks how to hurt someone.</think>"
    ...     "<answer>Sorry, I can't help with that.</answer>"
    ... )
    >>> safegrpo_reward_func(
    ...     completions=[response, "no tags at all"],
    ...     image_tag=["safe", "safe"], text_tag=["unsafe", "unsafe"],
    ...     combine_tag=["unsafe", "unsafe"],
    ... )
    [1.0, 0.0]

    ```
    """
    global _default
    if _default is None:
        _default = safegrpo_reward()
    return _default(prompts, completions or [], **kwargs)
