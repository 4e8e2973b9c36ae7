"""Aggregating scored rollouts into a report, one row at a time.

The aggregator reads the same flat records that ``safereward score`` writes to
``scores.jsonl`` (see ``scored_record``), so a report can be rebuilt from that file, merged
across workers, or fed by a training loop. Memory is bounded by the number of distinct reward
values, violation kinds, label values, groups and training steps, never by the number of rows;
with a group column it grows with the number of distinct groups, one ``_Group`` each
(``benchmarks/report_memory.py`` measures it).

Records carrying the hack monitor's flags (``safereward.monitor``) add a ``hacks`` section (the
share of scored rollouts in each family); records carrying a training ``step`` (verl rollout
dumps) add ``steps``, the run step by step, for the trend figure.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from safereward.labels import LABEL_FIELDS, label_name
from safereward.monitor import HACK_FAMILIES, RolloutFlags
from safereward.reward import RewardResult

MAX_LISTED_BAD_ROWS = 1000
PREDICTIONS = ("safe", "unsafe", "missing")
GOLD = ("safe", "unsafe")
STD_DDOF = 1
"""Within-group std uses the sample std, as GRPO's advantage normaliser does."""


def group_key(value: Any) -> str | None:
    """A short, stable key for a group value (long prompts are hashed)."""
    if value is None:
        return None
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= 64:
        return text
    return "sha1:" + hashlib.sha1(text.encode("utf-8", errors="replace")).hexdigest()[:16]


def scored_record(
    row: int,
    where: str,
    result: RewardResult,
    labels: Mapping[str, str],
    group: str | None = None,
    *,
    hacks: RolloutFlags | None = None,
    step: Any = None,
    prompted: bool = False,
) -> dict[str, Any]:
    """The flat, JSON-ready record of one scored response (one line of ``scores.jsonl``).

    ``labels``: the row's labels as ``SafetyLabels.as_record`` names them; ``hacks``: the
    response's hack monitor flags (recorded as the list of families it matches and its visible
    answer length); ``step``: the training step it was sampled at; ``prompted``: whether it was
    scored with its prompt."""
    parsed = result.parsed
    predicted: dict[str, str | None] = {}
    for name in (*LABEL_FIELDS, *(n for n in labels if n not in LABEL_FIELDS)):
        predicted[name] = parsed.label_value(label_name(name)) if parsed is not None else None
    return {
        "row": row,
        "where": where,
        "group": group,
        "score": result.total,
        "terms": dict(result.terms),
        "refused": result.refused,
        "answer_rule": getattr(result, "answer_rule", None),
        "violations": [v.kind.value for v in result.violations],
        "labels": dict(labels),
        "predicted": predicted,
        "error": result.error,
        "hacks": None if hacks is None else [f for f in HACK_FAMILIES if getattr(hacks, f)],
        "answer_chars": None if hacks is None else hacks.answer_chars,
        "step": step,
        "prompted": prompted,
        "judge_fallback": bool(getattr(result, "fallback", False)),
    }


def bad_record(row: int, where: str, column: str | None, message: str) -> dict[str, Any]:
    """The record of a row that could not be scored; kept in ``scores.jsonl`` with its reason."""
    return {"row": row, "where": where, "score": None, "column": column, "error": message}


@dataclass
class _Group:
    n: int = 0
    mean: float = 0.0
    m2: float = 0.0
    low: float = math.inf
    high: float = -math.inf

    def add(self, x: float) -> None:
        self.n += 1
        delta = x - self.mean
        self.mean += delta / self.n
        self.m2 += delta * (x - self.mean)
        self.low = min(self.low, x)
        self.high = max(self.high, x)

    def std(self) -> float:
        return math.sqrt(max(self.m2, 0.0) / (self.n - STD_DDOF)) if self.n > STD_DDOF else 0.0


@dataclass
class _Step:
    """One training step's running totals (verl dumps): what the trend figure draws."""

    n: int = 0
    score_sum: float = 0.0
    format_ok: int = 0
    hacks: Counter[str] = field(default_factory=Counter)
    answer_chars: int = 0
    sides: Counter[tuple[str, bool]] = field(default_factory=Counter)
    """(gold combined, refused) counts over answered rollouts."""

    def build(self, step: Any) -> dict[str, Any]:
        return {
            "step": step,
            "n": self.n,
            "mean_reward": self.score_sum / self.n,
            "format_pass_rate": self.format_ok / self.n,
            "refusal_rate_on_unsafe": self._rate("unsafe"),
            "over_refusal_rate_on_safe": self._rate("safe"),
            "hacks": {
                **{f: self.hacks[f] / self.n for f in HACK_FAMILIES},
                "answer_chars": self.answer_chars / self.n,
            },
        }

    def _rate(self, gold: str) -> float | None:
        return _rate(self.sides[(gold, True)], self.sides[(gold, True)] + self.sides[(gold, False)])


@dataclass
class ReportBuilder:
    """Incremental report over scored and bad records (``add``), finished by ``build``."""

    max_listed_bad_rows: int = MAX_LISTED_BAD_ROWS
    n_rows: int = 0
    n_scored: int = 0
    n_format_ok: int = 0
    score_sum: float = 0.0
    score_sq: float = 0.0
    histogram: Counter[float] = field(default_factory=Counter)
    term_sums: dict[str, float] = field(default_factory=dict)
    violation_responses: Counter[str] = field(default_factory=Counter)
    violation_occurrences: Counter[str] = field(default_factory=Counter)
    confusion: dict[str, Counter[tuple[str, str]]] = field(
        default_factory=lambda: {f: Counter() for f in LABEL_FIELDS}
    )
    """(gold, predicted) counts per label, by its report name: SafeGRPO's three always, any
    other label once a row gives it."""
    behavior: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(gold combined, "refused" | "complied" | "no_answer") counts."""
    answer_rules: Counter[str] = field(default_factory=Counter)
    """Scored records per verdict rule that decided their answer (``answers.RULES``)."""
    n_prompted: int = 0
    """Scored records whose response was scored with its prompt."""
    n_fallback: int = 0
    """Scored records whose answer the judge (a guard model) could not read: its fallback
    judge did (``judge/fallback``)."""
    groups: dict[str, _Group] = field(default_factory=dict)
    n_monitored: int = 0
    """Scored records that carry hack monitor flags."""
    hack_counts: Counter[str] = field(default_factory=Counter)
    answer_chars_sum: int = 0
    steps: dict[Any, _Step] = field(default_factory=dict)
    n_bad: int = 0
    bad_rows: list[dict[str, Any]] = field(default_factory=list)
    bad_columns: Counter[str] = field(default_factory=Counter)

    def add(self, record: Mapping[str, Any]) -> None:
        """Fold in one record from ``scored_record`` or ``bad_record``."""
        self.n_rows += 1
        if record.get("score") is None or record.get("error"):
            self._add_bad(record)
            return
        self.n_scored += 1
        score = float(record["score"])
        self.score_sum += score
        self.score_sq += score * score
        self.histogram[round(score, 6)] += 1
        for name, value in record["terms"].items():
            self.term_sums[name] = self.term_sums.get(name, 0.0) + float(value)
        kinds = record["violations"]
        if not kinds:
            self.n_format_ok += 1
        self.violation_occurrences.update(kinds)
        self.violation_responses.update(set(kinds))
        labels, predicted = record["labels"], record["predicted"]
        for name, gold in labels.items():
            counts = self.confusion.setdefault(name, Counter())
            counts[(gold, predicted.get(name) or "missing")] += 1
        self.n_prompted += bool(record.get("prompted"))
        self.n_fallback += bool(record.get("judge_fallback"))
        rule = record.get("answer_rule")
        if rule is not None:
            self.answer_rules[rule] += 1
        refused = record["refused"]
        verdict = "no_answer" if refused is None else "refused" if refused else "complied"
        combined = labels.get("combined")
        if combined is not None:
            self.behavior[(combined, verdict)] += 1
        key = record.get("group")
        if key is not None:
            self.groups.setdefault(key, _Group()).add(score)
        hacks = record.get("hacks")
        if hacks is not None:
            self.n_monitored += 1
            self.hack_counts.update(hacks)
            self.answer_chars_sum += int(record.get("answer_chars") or 0)
        step = record.get("step")
        if step is not None:
            self._add_step(step, score, not kinds, combined, refused, record)

    def _add_step(
        self,
        step: Any,
        score: float,
        format_ok: bool,
        gold: str | None,
        refused: bool | None,
        record: Mapping[str, Any],
    ) -> None:
        stats = self.steps.setdefault(step, _Step())
        stats.n += 1
        stats.score_sum += score
        stats.format_ok += format_ok
        stats.hacks.update(record.get("hacks") or ())
        stats.answer_chars += int(record.get("answer_chars") or 0)
        if refused is not None and gold is not None:
            stats.sides[(gold, bool(refused))] += 1

    def add_all(self, records: Iterable[Mapping[str, Any]]) -> ReportBuilder:
        for record in records:
            self.add(record)
        return self

    def _add_bad(self, record: Mapping[str, Any]) -> None:
        self.n_bad += 1
        self.bad_columns[record.get("column") or "labels"] += 1
        if len(self.bad_rows) < self.max_listed_bad_rows:
            self.bad_rows.append({k: record.get(k) for k in ("row", "where", "column", "error")})

    # -- the report --------------------------------------------------------------------------
    def build(self, meta: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The JSON-ready report."""
        n = self.n_scored
        mean = self.score_sum / n if n else None
        var = max(self.score_sq / n - mean * mean, 0.0) if n and mean is not None else None
        return {
            "meta": dict(meta or {}),
            "rows": {
                "total": self.n_rows,
                "scored": n,
                "bad": self.n_bad,
                "bad_by_column": dict(self.bad_columns),
                "bad_rows": self.bad_rows,
                "bad_rows_listed": len(self.bad_rows),
            },
            "reward": {
                "mean": mean,
                "std": math.sqrt(var) if var is not None else None,
                "histogram": {_fmt(v): c for v, c in sorted(self.histogram.items())},
                "terms_mean": {k: v / n for k, v in self.term_sums.items()} if n else {},
            },
            "format": {
                "pass": self.n_format_ok,
                "pass_rate": _rate(self.n_format_ok, n),
                "violations": {
                    kind: {
                        "responses": self.violation_responses[kind],
                        "occurrences": self.violation_occurrences[kind],
                    }
                    for kind, _ in self.violation_responses.most_common()
                },
            },
            "tags": {name: self._tag_report(name) for name in self.confusion},
            "prompts": {"scored_with_prompt": self.n_prompted, "used": self.n_prompted > 0},
            "behavior": self._behavior_report(),
            "answer_rules": dict(self.answer_rules.most_common()),
            "groups": self._group_report(),
            "hacks": self._hack_report(),
            "judge": {"fallbacks": self.n_fallback, "fallback_rate": _rate(self.n_fallback, n)},
            "steps": [self.steps[k].build(k) for k in sorted(self.steps, key=_step_order)] or None,
        }

    def _hack_report(self) -> dict[str, Any] | None:
        """Share of monitored rollouts in each hack family, and their mean answer length."""
        n = self.n_monitored
        if not n:
            return None
        return {
            **{f: self.hack_counts[f] / n for f in HACK_FAMILIES},
            "answer_chars": self.answer_chars_sum / n,
            "n": n,
        }

    def _tag_report(self, name: str) -> dict[str, Any]:
        """Accuracy and confusion (gold rows, predicted columns) of one label: safe/unsafe for
        SafeGRPO's, the values seen for any other."""
        counts = self.confusion[name]
        gold = GOLD if name in LABEL_FIELDS else sorted({g for g, _ in counts})
        shown = (
            PREDICTIONS
            if name in LABEL_FIELDS
            else (*sorted({p for _, p in counts} - {"missing"} | set(gold)), "missing")
        )
        matrix = {g: {p: counts[(g, p)] for p in shown} for g in gold}
        total = sum(counts.values())
        correct = sum(counts[(g, g)] for g in gold)
        return {
            "accuracy": _rate(correct, total),
            "correct": correct,
            "n": total,
            "confusion": matrix,
        }

    def _behavior_report(self) -> dict[str, Any]:
        def side(gold: str) -> dict[str, Any]:
            refused, complied = self.behavior[(gold, "refused")], self.behavior[(gold, "complied")]
            return {
                "refused": refused,
                "complied": complied,
                "no_answer": self.behavior[(gold, "no_answer")],
                "refusal_rate": _rate(refused, refused + complied),
            }

        unsafe, safe = side("unsafe"), side("safe")
        return {
            "unsafe": unsafe,
            "safe": safe,
            "refusal_rate_on_unsafe": unsafe["refusal_rate"],
            "over_refusal_rate_on_safe": safe["refusal_rate"],
        }

    def _group_report(self) -> dict[str, Any] | None:
        if not self.groups:
            return None
        multi = [g for g in self.groups.values() if g.n >= 2]
        equal = [g for g in multi if g.high - g.low <= 1e-12]
        by_value = Counter(_fmt(round(g.low, 6)) for g in equal)
        sizes = Counter(g.n for g in self.groups.values())
        return {
            "n_groups": len(self.groups),
            "n_singletons": len(self.groups) - len(multi),
            "size_counts": {str(k): v for k, v in sorted(sizes.items())},
            "all_equal": len(equal),
            "frac_all_equal": _rate(len(equal), len(multi)),
            "all_equal_by_value": dict(sorted(by_value.items())),
            "mean_std": sum(g.std() for g in multi) / len(multi) if multi else None,
            "std_ddof": STD_DDOF,
        }


def _step_order(step: Any) -> tuple[int, float, str]:
    """Numeric steps in numeric order, anything else after them by its text."""
    try:
        return (0, float(step), "")
    except (TypeError, ValueError):
        return (1, 0.0, str(step))


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _fmt(value: float) -> str:
    return f"{value:g}"
