"""``SafeGRPOReward``: the front door. Read the response, judge the answer, evaluate the rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from safereward.labels import LabelError, SafetyLabels
from safereward.presets import (
    PRESET_JUDGES,
    RewardConfig,
    Weights,
    load_expression,
    reader_for,
)
from safereward.refusal import RefusalJudge, load_judge
from safereward.rules import DIAGNOSTICS, Context, Rule, Term, safegrpo_expression
from safereward.schema import SAFEGRPO, Schema, load_schema
from safereward.tags import ParsedOutput, Violation, as_text

LabelsLike = SafetyLabels | Mapping[str, Any] | str


@dataclass(frozen=True)
class RewardResult:
    """One response's reward and the reasons for it."""

    total: float
    terms: dict[str, float]
    violations: tuple[Violation, ...]
    refused: bool | None
    parsed: ParsedOutput | None
    error: str | None = None
    """Why the labels could not be used (only from ``try_score``/``score_many``)."""

    @property
    def format_ok(self) -> bool:
        return not self.violations and self.error is None

    @property
    def first_violation(self) -> str:
        return self.violations[0].kind.value if self.violations else ""

    def log_fields(self) -> dict[str, float]:
        """Numeric fields with the same keys for every sample of a reward, for trainer logs."""
        return {
            "score": self.total,
            **self.terms,
            "refused": -1.0 if self.refused is None else float(self.refused),
            "n_violations": float(len(self.violations)),
            "label_error": float(self.error is not None),
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready breakdown."""
        return {
            "total": self.total,
            "terms": dict(self.terms),
            "violations": [v.model_dump(mode="json") for v in self.violations],
            "refused": self.refused,
            "error": self.error,
        }


@dataclass(frozen=True)
class SafeGRPOReward:
    """The SafeGRPO reward, ``gate(format) * (0.5 * tag + 0.5 * behavior)`` by default.

    >>> reward = SafeGRPOReward()
    >>> text = ("<think>A kitchen. <visual_safe>safe</visual_safe> <text_safe>safe</text_safe>"
    ...         " <combined_safe>safe</combined_safe></think><answer>Preheat to 180C.</answer>")
    >>> reward(text, {"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"})
    1.0

    Immutable, deterministic, picklable and thread-safe: one instance can serve every worker.
    """

    preset: str = "strict"
    judge: RefusalJudge | str | None = None
    weights: Weights | Mapping[str, float] | None = None
    schema: Schema | str | None = None
    """The protocol to parse with: a ``Schema``, a built-in name or a YAML path (default
    SafeGRPO's)."""
    expression: Term | None = None
    """A custom composition of rules; it replaces the weighted SafeGRPO formula."""
    diagnostics: tuple[Rule, ...] | None = None
    """Rules reported in every breakdown but not summed; None: the per-label SafeGRPO
    diagnostics whose tags the schema has."""
    _names: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        given = {"preset": self.preset, "weights": _weights_dict(self.weights)}
        if isinstance(self.judge, str):
            given["judge"] = self.judge
        config = RewardConfig.from_mapping({k: v for k, v in given.items() if v is not None})
        set_ = object.__setattr__
        set_(self, "weights", config.weights)
        if self.schema is not None:
            set_(self, "schema", load_schema(self.schema))
        reader = reader_for(config.preset, self.schema)  # type: ignore[arg-type]
        set_(self, "_reader", reader)
        judge = self.judge if self.judge is not None else PRESET_JUDGES[config.preset]
        set_(self, "judge", load_judge(judge))
        if self.expression is None:
            set_(
                self, "expression", safegrpo_expression(config.weights.tag, config.weights.behavior)
            )
        schema = self.schema if isinstance(self.schema, Schema) else SAFEGRPO
        if self.diagnostics is None:
            set_(self, "diagnostics", tuple(r for r in DIAGNOSTICS if _fits(r, schema)))
        _check_rules_fit(schema, self.expression, self.diagnostics)  # type: ignore[arg-type]
        rules = [*self.expression.rules(), *self.diagnostics]  # type: ignore[union-attr,misc]
        set_(self, "_names", tuple(dict.fromkeys(r.name for r in rules)))
        set_(self, "_needs_labels", any(r.uses_labels for r in rules))

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | RewardConfig | None = None) -> SafeGRPOReward:
        """Build from trainer-style config; unknown keys and bad values raise ``ValueError``."""
        if not isinstance(config, RewardConfig):
            config = RewardConfig.from_mapping(config)
        judge = load_judge(config.judge, **config.judge_kwargs) if config.judge else None
        expression = load_expression(config.expression) if config.expression else None
        return cls(
            preset=config.preset,
            judge=judge,
            weights=config.weights,
            schema=config.schema_,
            expression=expression,
        )

    @property
    def term_names(self) -> tuple[str, ...]:
        """The keys of every result's ``terms``, in order."""
        return self._names

    # -- scoring ---------------------------------------------------------------------------
    @property
    def needs_labels(self) -> bool:
        """Whether a rule of this reward declares that it compares with labels; a format-only
        reward (say, an R1-style schema gated on format) scores without them."""
        return self._needs_labels  # type: ignore[attr-defined,no-any-return]

    def __call__(self, text: str, labels: LabelsLike | None = None) -> float:
        return self.score(text, labels).total

    def score(self, text: str, labels: LabelsLike | None = None) -> RewardResult:
        """Score one response; raises ``LabelError`` only when ``labels`` are unusable, or
        missing while a rule compares with them."""
        gold = None if labels is None else SafetyLabels.coerce(labels)
        parsed = self._reader(as_text(text))  # type: ignore[attr-defined]
        refused = None
        if parsed.answer is not None:
            refused = bool(self.judge.is_refusal(parsed.answer))  # type: ignore[union-attr]
        return self._evaluate(parsed, gold, refused)

    def try_score(self, text: str, labels: LabelsLike | None = None) -> RewardResult:
        """Like ``score`` but never raises: unusable labels give 0 and say why in ``error``."""
        return self.score_many([text], [labels])[0]

    def score_many(
        self, texts: Sequence[str], labels: Sequence[LabelsLike | None] | None = None
    ) -> list[RewardResult]:
        """Score a batch with one judge call; never raises on texts or labels. ``labels`` (or
        an item of it) may be None when no rule compares with them."""
        if labels is None:
            labels = [None] * len(texts)
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} responses but {len(labels)} label sets")
        parsed = [self._reader(as_text(t)) for t in texts]  # type: ignore[attr-defined]
        gold: list[SafetyLabels | str | None] = []
        for item in labels:
            try:
                gold.append(None if item is None else SafetyLabels.coerce(item))
            except LabelError as exc:
                gold.append(str(exc))
        asked = [i for i, p in enumerate(parsed) if p.answer is not None]
        verdicts: dict[int, bool] = {}
        if asked:
            flags = self.judge.predict([parsed[i].answer for i in asked])  # type: ignore[union-attr]
            verdicts = {i: bool(f) for i, f in zip(asked, flags, strict=True)}
        results = []
        for i, p in enumerate(parsed):
            g = gold[i]
            if isinstance(g, str):
                results.append(self._unscorable(p, g, verdicts.get(i)))
                continue
            try:
                results.append(self._evaluate(p, g, verdicts.get(i)))
            except LabelError as exc:
                results.append(self._unscorable(p, str(exc), verdicts.get(i)))
        return results

    def score_batch(
        self, texts: Sequence[str], labels: Sequence[LabelsLike | None] | None = None
    ) -> np.ndarray:
        """Totals of ``score_many`` as a float64 array, in order."""
        return np.fromiter(
            (r.total for r in self.score_many(texts, labels)), np.float64, len(texts)
        )

    def _evaluate(
        self, parsed: ParsedOutput, gold: SafetyLabels | None, refused: bool | None
    ) -> RewardResult:
        ctx = Context(parsed, gold, refused)
        terms: dict[str, float] = {}
        total = self.expression.evaluate(ctx, terms)  # type: ignore[union-attr]
        for diagnostic in self.diagnostics:
            diagnostic.evaluate(ctx, terms)
        return RewardResult(
            total=float(total),
            terms={name: terms[name] for name in self._names},
            violations=parsed.violations,
            refused=refused,
            parsed=parsed,
        )

    def _unscorable(self, parsed: ParsedOutput, error: str, refused: bool | None) -> RewardResult:
        return RewardResult(
            total=0.0,
            terms=dict.fromkeys(self._names, 0.0),
            violations=parsed.violations,
            refused=refused,
            parsed=parsed,
            error=error,
        )


def _fits(r: Rule, schema: Schema) -> bool:
    return set(r.reads) <= set(schema.tag_names)


def _check_rules_fit(schema: Schema, expression: Term, diagnostics: tuple[Rule, ...]) -> None:
    """A term on a schema without the tags it reads would score 0 forever; say so up front."""
    for where, rules in (("expression", expression.rules()), ("diagnostics", diagnostics)):
        for r in rules:
            missing = [f"<{t}>" for t in r.reads if t not in schema.tag_names]
            if missing:
                raise ValueError(
                    f"the {r.name!r} term in {where} reads {', '.join(missing)}, which schema "
                    f"{schema.name!r} does not have; pass {where}= built from rules for this "
                    "schema (e.g. expression=gate(FORMAT) * my_rule)"
                )


def _weights_dict(weights: Weights | Mapping[str, float] | None) -> dict[str, float] | None:
    if weights is None:
        return None
    if isinstance(weights, Weights):
        return weights.model_dump()
    return dict(weights)
