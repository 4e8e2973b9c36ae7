"""``SafeGRPOReward``: the front door. Read the response, judge the answer, run the rules.

``score -> read (parse) -> classify the answer (judge) -> run the compiled rules``, each step
built once in the constructor and skipped when no rule reads what it produces.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from safereward.answers import (
    STRICT_POLICY,
    AnswerKind,
    AnswerPolicy,
    Verdict,
    classify_answers,
    policy_for,
)
from safereward.harm import HARM_RULES, REASONING_HARMLESS, strict_guard_expression
from safereward.labels import COMBINED, LabelError, LabelSchema, SafetyLabels
from safereward.presets import (
    PRESET_JUDGES,
    PRESET_POLICIES,
    PresetName,
    Reader,
    RewardConfig,
    Weights,
    check_preset_schema,
    load_expression,
    reader_for,
)
from safereward.refusal import RefusalJudge, load_judge
from safereward.refusal.base import PairJudge
from safereward.rules import (
    BEHAVIOR,
    DIAGNOSTICS,
    HARMLESS,
    UNJUDGED,
    LabelsLike,
    Program,
    Rule,
    Term,
    safegrpo_expression,
)
from safereward.schema import SAFEGRPO, Schema, load_schema
from safereward.tags import ParsedOutput, Safety, Violation, as_text

if TYPE_CHECKING:
    from safereward.refusal.help import HelpJudge

__all__ = ["LabelsLike", "RewardResult", "SafeGRPOReward"]


@dataclass(frozen=True)
class RewardResult:
    """One response's reward and the reasons for it."""

    total: float
    terms: dict[str, float]
    violations: tuple[Violation, ...]
    refused: bool | None
    """Whether the answer is a refusal (``answer_kind`` is REFUSAL); None when there is no
    answer, or no rule reads the verdict so the judge was not asked."""
    parsed: ParsedOutput | None
    error: str | None = None
    """Why the labels could not be used (only from ``try_score``/``score_many``)."""
    answer_kind: AnswerKind | None = None
    """What the answer does (refusal, compliance, non-answer); None as for ``refused``."""
    opening_refused: bool | None = None
    """The judge read the answer's opening as a refusal: with ``answer_kind`` COMPLIANCE, the
    answer refused and then complied (the hack monitor counts it); None as for ``refused``."""
    answer_rule: str | None = None
    """The verdict rule that decided ``answer_kind`` (``safereward.answers.RULES``); None as
    for ``refused``."""
    reasoning_harmful: bool | None = None
    """The reasoning of a refusal gives help (read on combined-unsafe items); None: not read."""
    harmful: bool | None = None
    """A judge that reads harm (a guard model) called the answer harmful; None: not read."""
    fallback: bool = False
    """The judge (a guard model) could not read this answer and its fallback judge did: logged
    as ``judge/fallback``, whose mean over a batch is the share of fallbacks."""

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
            "non_answer": float(self.answer_kind is AnswerKind.NON_ANSWER),
            "n_violations": float(len(self.violations)),
            "label_error": float(self.error is not None),
            "judge/fallback": float(self.fallback),
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready breakdown."""
        return {
            "total": self.total,
            "terms": dict(self.terms),
            "violations": [v.model_dump(mode="json") for v in self.violations],
            "refused": self.refused,
            "answer_kind": None if self.answer_kind is None else self.answer_kind.value,
            "answer_rule": self.answer_rule,
            "reasoning_harmful": self.reasoning_harmful,
            "harmful": self.harmful,
            "judge_fallback": self.fallback,
            "error": self.error,
        }


class SafeGRPOReward:
    """The SafeGRPO reward, ``gate(format) * (0.5 * tag + 0.5 * behavior)`` by default.

    >>> reward = SafeGRPOReward()
    >>> text = ("<think>A kitchen. <visual_safe>safe</visual_safe> <text_safe>safe</text_safe>"
    ...         " <combined_safe>safe</combined_safe></think><answer>Preheat the oven to 180C."
    ...         "</answer>")
    >>> reward(text, {"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"})
    1.0

    Built once, never changed: deterministic, picklable (it pickles the arguments it was built
    from) and thread-safe, so one instance can serve every worker.
    """

    __slots__ = (
        "_guard_reads_reasoning",
        "_program",
        "_read",
        "_reasoning_paid",
        "diagnostics",
        "expression",
        "help_judge",
        "judge",
        "label_schema",
        "policy",
        "preset",
        "schema",
        "weights",
    )
    preset: PresetName
    judge: RefusalJudge
    weights: Weights
    schema: Schema
    """The protocol responses are read with (the paper preset reads SafeGRPO's, leniently)."""
    expression: Term
    """The composition of rules summed into ``total``."""
    diagnostics: tuple[Rule, ...]
    """Rules reported in every breakdown but not summed."""
    policy: AnswerPolicy | None
    """How the judge's verdict becomes an answer kind; None: the released two-way reading."""
    help_judge: HelpJudge | None
    """The strict verdict's reader of units after a refusal; None: the shipped one."""
    label_schema: LabelSchema
    """How rows' labels are read: every label the schema declares (``columns`` names where
    adapters look for each), those the rules compare required."""
    _read: Reader
    _program: Program

    def __init__(
        self,
        preset: PresetName = "strict",
        judge: RefusalJudge | str | None = None,
        weights: Weights | Mapping[str, float] | None = None,
        schema: Schema | str | None = None,
        expression: Term | None = None,
        diagnostics: tuple[Rule, ...] | None = None,
        *,
        judge_kwargs: Mapping[str, Any] | None = None,
        guard_format: str | None = None,
        base_url: str | None = None,
        model: str | None = None,
        help_judge: HelpJudge | None = None,
    ) -> None:
        """``schema``: a ``Schema``, a built-in name or a YAML path (default SafeGRPO's);
        ``expression``: a custom composition of rules replacing the weighted SafeGRPO formula;
        ``diagnostics``: None for the per-label SafeGRPO diagnostics the schema declares;
        ``judge_kwargs``: options of the named ``judge``. ``guard_format``, ``base_url`` and
        ``model`` configure the guard judge (``judge="guard"``, or the ``strict-guard``
        preset): ``base_url`` and ``model`` for a served guard, ``model`` alone for a local
        checkpoint path (``docs/guard.md``). ``help_judge``: the strict verdict's help judge
        (``refusal.help.load_help_judge(path)`` of weights you retrained; default: the shipped
        one)."""
        given: dict[str, Any] = {"preset": preset}
        if weights is not None:
            given["weights"] = weights.model_dump() if isinstance(weights, Weights) else weights
        config = RewardConfig.from_mapping(given)
        guard = {"guard_format": guard_format, "base_url": base_url, "model": model}
        options = {k: v for k, v in guard.items() if v is not None}
        if options or judge_kwargs:
            judge = _named_judge(config.preset, judge, {**(judge_kwargs or {}), **options})
        self._build(config, judge, schema, expression, diagnostics, help_judge)

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | RewardConfig | None = None) -> SafeGRPOReward:
        """Build from trainer-style config (a mapping or ``RewardConfig``); unknown keys and
        bad values raise ``ValueError``. The config is trusted like code (see ``RewardConfig``)."""
        if not isinstance(config, RewardConfig):
            config = RewardConfig.from_mapping(config)
        name = config.judge or (PRESET_JUDGES[config.preset] if config.judge_kwargs else None)
        judge = load_judge(name, **config.judge_kwargs) if name else None
        expression = load_expression(config.expression) if config.expression else None
        helper = None
        if config.help_weights is not None:
            from safereward.refusal.help import load_help_judge

            helper = load_help_judge(config.help_weights)
        reward = cls.__new__(cls)
        reward._build(config, judge, config.schema_, expression, None, helper)
        return reward

    def _build(
        self,
        config: RewardConfig,
        judge: RefusalJudge | str | None,
        schema: Schema | str | None,
        expression: Term | None,
        diagnostics: tuple[Rule, ...] | None,
        help_judge: HelpJudge | None = None,
    ) -> None:
        check_preset_schema(config.preset, schema)
        self.preset = config.preset
        self.weights = config.weights
        self.schema = SAFEGRPO if schema is None else load_schema(schema)
        self.judge = load_judge(judge if judge is not None else PRESET_JUDGES[config.preset])
        policy = PRESET_POLICIES[config.preset]
        # the strict reading's thresholds are calibrated per judge
        self.policy = policy_for(self.judge) if policy is STRICT_POLICY else policy
        self.help_judge = help_judge
        if expression is None:
            weights = config.weights
            if config.preset == "strict-guard":
                if weights.labels:
                    raise ValueError(
                        "the strict-guard preset weighs tag and behavior only; for label "
                        "weights, give an expression with HARMLESS (safereward.harm)"
                    )
                expression = strict_guard_expression(weights.tag, weights.behavior)
            else:
                expression = safegrpo_expression(weights.tag, weights.behavior, weights.labels)
        self.expression = expression
        if diagnostics is None:
            diagnostics = tuple(r for r in DIAGNOSTICS if not _missing(r, self.schema))
        self.diagnostics = diagnostics
        _check_rules_fit(self.schema, self.expression, diagnostics)
        self._read = reader_for(self.preset, self.schema)
        self._program = Program.compile(self.expression, diagnostics, self.schema.roles)
        _check_harm_judge(self._program, self.judge)
        # BEHAVIOR reads the verdict's reasoning_harmful and pays nothing when the combined tag
        # is wrong; a rule of the caller's might read it anyway, and then it is read as before.
        self._reasoning_paid = all(
            r in _REASONING_BLIND for r in self._program.rules if r.uses_verdict
        )
        # looked up once: ``in`` compares the rules field by field, on every call of score()
        self._guard_reads_reasoning = REASONING_HARMLESS in self._program.rules
        self.label_schema = LabelSchema.of(self.schema, self._program.required_labels)

    def __reduce__(self) -> tuple[Any, ...]:
        schema = None if self.preset == "paper" else self.schema
        args = (self.preset, self.judge, self.weights, schema, self.expression, self.diagnostics)
        return (_rebuilt, (args, self.help_judge))

    def __repr__(self) -> str:
        return (
            f"SafeGRPOReward(preset={self.preset!r}, judge={self.judge.name!r}, "
            f"schema={self.schema.name!r}, terms={self.term_names!r})"
        )

    @property
    def term_names(self) -> tuple[str, ...]:
        """The keys of every result's ``terms``, in order."""
        return self._program.names

    @property
    def needs_labels(self) -> bool:
        """Whether a rule of this reward declares that it compares with labels; a format-only
        reward (say, an R1-style schema gated on format) scores without them."""
        return self._program.needs_labels

    @property
    def needs_judge(self) -> bool:
        """Whether a rule reads the verdict on the answer; if none does, no judge is called."""
        return self._program.needs_verdict

    def read(self, text: str) -> ParsedOutput:
        """The response as this reward reads it (its preset and schema), without scoring."""
        return self._read(as_text(text))

    # -- scoring ---------------------------------------------------------------------------
    def __call__(
        self, text: str, labels: LabelsLike | None = None, prompt: str | None = None
    ) -> float:
        return self.score(text, labels, prompt).total

    def score(
        self, text: str, labels: LabelsLike | None = None, prompt: str | None = None
    ) -> RewardResult:
        """Score one response; raises ``LabelError`` only when ``labels`` are unusable, or
        missing while a rule compares with them. ``prompt``: what the response replies to,
        when the caller has it; the strict preset then calls an answer that only echoes it a
        non-answer (rule ``echo`` in ``safereward.answers``)."""
        if labels is not None and self._program.needs_labels:
            labels = self.label_schema.read(labels)
        parsed = self._read(as_text(text))
        prompts = None if prompt is None else [_prompt(prompt)]
        verdict = self._verdicts([parsed], prompts, [labels])[0]
        total, terms = self._program.evaluate(parsed, labels, verdict)
        return _result(total, terms, parsed, verdict)

    def try_score(
        self, text: str, labels: LabelsLike | None = None, prompt: str | None = None
    ) -> RewardResult:
        """Like ``score`` but never raises: unusable labels give 0 and say why in ``error``."""
        return self.score_many([text], [labels], None if prompt is None else [prompt])[0]

    def score_many(
        self,
        texts: Sequence[str],
        labels: Sequence[LabelsLike | None] | None = None,
        prompts: Sequence[str | None] | None = None,
    ) -> list[RewardResult]:
        """Score a batch with one judge call; never raises on the texts or labels inside it.
        ``labels`` (or an item of it) may be None when no rule compares with them; so may
        ``prompts`` (or an item: that response is scored without its prompt)."""
        _check_batch("texts", texts)
        if labels is None:
            labels = [None] * len(texts)
        else:
            _check_batch("labels", labels)
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} responses but {len(labels)} label sets")
        if prompts is not None:
            _check_batch("prompts", prompts)
            if len(prompts) != len(texts):
                raise ValueError(f"{len(texts)} responses but {len(prompts)} prompts")
            prompts = [_prompt(p) for p in prompts]
        read = self._read
        parsed = [read(t if t.__class__ is str else as_text(t)) for t in texts]
        rows: list[LabelsLike | LabelError | None] = list(labels)
        if self._program.needs_labels:
            coerce = self.label_schema.read
            for i, given in enumerate(rows):
                if given is not None:
                    try:
                        rows[i] = coerce(given)  # type: ignore[arg-type]
                    except LabelError as exc:
                        rows[i] = exc
        verdicts = self._verdicts(parsed, prompts, rows)
        evaluate = self._program.evaluate
        results = []
        for p, given, verdict in zip(parsed, rows, verdicts, strict=True):
            try:
                if isinstance(given, LabelError):
                    raise given
                total, terms = evaluate(p, given, verdict)
            except LabelError as exc:
                results.append(self._unscorable(p, str(exc), verdict))
                continue
            results.append(_result(total, terms, p, verdict))
        return results

    def score_batch(
        self,
        texts: Sequence[str],
        labels: Sequence[LabelsLike | None] | None = None,
        prompts: Sequence[str | None] | None = None,
    ) -> np.ndarray:
        """Totals of ``score_many`` as a float64 array, in order."""
        return np.fromiter(
            (r.total for r in self.score_many(texts, labels, prompts)), np.float64, len(texts)
        )

    def _verdicts(
        self,
        parsed: list[ParsedOutput],
        prompts: list[str | None] | None = None,
        labels: Sequence[object] | None = None,
    ) -> list[Verdict | object | None]:
        """One verdict per response (None without an answer) from one judge call, or UNJUDGED
        for every response when no rule reads the verdict. The reasoning is read for
        responses labelled combined-unsafe (where the behaviour term reads it) and, when only
        the behaviour term reads it, tagged so (where it can pay: a wrong combined tag pays
        nothing, and its ``reasoning_harmful`` stays None, not read)."""
        if not self._program.needs_verdict:
            return [UNJUDGED] * len(parsed)
        answers = [p.answer for p in parsed]
        # classify_answers judges each distinct answer once (a GRPO group often repeats one)
        at = [i for i, a in enumerate(answers) if a is not None]
        if not at:
            return [None] * len(parsed)
        reasonings = None
        if self._guard_reads_reasoning:  # a guard reads every reasoning
            reasonings = [parsed[i].reasoning for i in at]
        elif labels is not None and self.policy is not None:  # where the behaviour term reads it
            paid = self._reasoning_paid
            reasonings = [
                parsed[i].reasoning
                if _unsafe(labels[i]) and (not paid or _tagged_unsafe(parsed[i]))
                else None
                for i in at
            ]
        asked: list[str] = [answers[i] for i in at]  # type: ignore[misc]
        given = None if prompts is None else [prompts[i] for i in at]
        found = classify_answers(self.judge, asked, self.policy, given, reasonings, self.help_judge)
        if len(at) == len(answers):  # every response has an answer
            return found  # type: ignore[return-value]
        out: list[Verdict | object | None] = [None] * len(answers)
        for i, verdict in zip(at, found, strict=True):
            out[i] = verdict
        return out

    def _unscorable(
        self, parsed: ParsedOutput, error: str, verdict: Verdict | object | None
    ) -> RewardResult:
        terms = dict.fromkeys(self._program.names, 0.0)
        return _result(0.0, terms, parsed, verdict, error)


def _rebuilt(args: tuple[Any, ...], help_judge: HelpJudge | None) -> SafeGRPOReward:
    """A pickled reward, built again from its arguments (``SafeGRPOReward.__reduce__``)."""
    return SafeGRPOReward(*args, help_judge=help_judge)


def _result(
    total: float,
    terms: dict[str, float],
    parsed: ParsedOutput,
    verdict: Verdict | object | None,
    error: str | None = None,
) -> RewardResult:
    """The result, with the verdict when the judge was asked (``UNJUDGED`` or None: not).
    Built without the frozen dataclass's ``__init__``, whose ``object.__setattr__`` per field
    costs more than the rules: the fields are set once here, as ``__init__`` would."""
    judged = isinstance(verdict, Verdict)
    kind = verdict.kind if judged else None  # type: ignore[union-attr]
    result = _new(RewardResult)
    result.__dict__.update(
        total=total,
        terms=terms,
        violations=parsed.violations,
        refused=None if kind is None else kind is _REFUSAL,
        parsed=parsed,
        error=error,
        answer_kind=kind,
        opening_refused=verdict.opening_refused if judged else None,  # type: ignore[union-attr]
        answer_rule=verdict.rule if judged else None,  # type: ignore[union-attr]
        reasoning_harmful=verdict.reasoning_harmful if judged else None,  # type: ignore[union-attr]
        harmful=verdict.harmful if judged else None,  # type: ignore[union-attr]
        fallback=verdict.fallback if judged else False,  # type: ignore[union-attr]
    )
    return result


_new = object.__new__


def _prompt(prompt: object) -> str | None:
    """A prompt as text: None stays None (not known); anything else must be a string."""
    if prompt is None or isinstance(prompt, str):
        return prompt
    raise TypeError(
        f"a prompt must be a string or None, not {type(prompt).__name__}; pass the prompt's "
        "text (for chat messages, the text of the last user turn)"
    )


_REFUSAL = AnswerKind.REFUSAL
_REASONING_BLIND = frozenset({BEHAVIOR, HARMLESS})
"""Library rules that read the verdict and whose pay a reasoning read under a wrong combined
tag cannot change: ``BEHAVIOR`` pays 0 there, ``HARMLESS`` reads harm only."""


def _unsafe(labels: object) -> bool:
    """Whether read labels say combined-unsafe (raw or unusable labels: not known here)."""
    return isinstance(labels, SafetyLabels) and labels.get(COMBINED) is Safety.UNSAFE


def _tagged_unsafe(parsed: ParsedOutput) -> bool:
    """Whether the response's combined tag says unsafe (what ``BEHAVIOR`` compares with an
    unsafe label before it reads the verdict)."""
    return parsed.label_value(COMBINED) == Safety.UNSAFE


def _check_batch(what: str, items: object) -> None:
    """A bare string would be scored one character at a time, a mapping one key at a time."""
    if isinstance(items, (str, bytes, Mapping)):
        raise TypeError(
            f"{what} is a single {type(items).__name__}; pass a list, one item per response "
            "(or score one response with score())"
        )


def _named_judge(
    preset: str, judge: RefusalJudge | str | None, kwargs: dict[str, Any]
) -> RefusalJudge:
    """The judge named by ``judge`` (or the preset) built with ``kwargs``; options for a judge
    passed as an object, or for no named judge, are an error."""
    name = judge if judge is not None else PRESET_JUDGES[preset]
    if not isinstance(name, str):
        raise ValueError("judge options configure a judge given by name (e.g. judge='guard')")
    guard = sorted(k for k in ("guard_format", "base_url", "model") if k in kwargs)
    if guard and name != "guard":
        raise ValueError(
            f"{', '.join(guard)} {'configures' if len(guard) == 1 else 'configure'} the guard "
            "judge; pass judge='guard' (or "
            f"preset='strict-guard'), not judge={name!r}"
        )
    return load_judge(name, **kwargs)


def _check_harm_judge(program: Program, judge: RefusalJudge) -> None:
    """Harm terms read a judge that reads harm: with any other they would always pay 1."""
    harm = [r.name for r in program.rules if r in HARM_RULES]
    if harm and not isinstance(judge, PairJudge):
        raise ValueError(
            f"{', '.join(harm)} read what a guard model says of harm, and judge "
            f"{judge.name!r} does not read harm; use judge='guard' (docs/guard.md)"
        )


def _missing(r: Rule, schema: Schema) -> list[str]:
    """What ``r`` reads that ``schema`` does not provide, each said as a user would fix it."""
    roles = schema.roles
    missing = [f"tag <{t}>" for t in r.reads if t not in schema.tag_names]
    missing += [f"a tag declaring `label: {x}`" for x in r.labels if x not in roles.labels]
    if r.uses_verdict and r.labels and roles.answer is None:
        # It compares the answer's behaviour with a label (BEHAVIOR): no answer, no score.
        missing.append("a block with `role: answer`")
    return missing


def _check_rules_fit(schema: Schema, expression: Term, diagnostics: tuple[Rule, ...]) -> None:
    """A term on a schema without what it reads would score 0 forever; say so up front."""
    for where, rules in (("expression", expression.rules()), ("diagnostics", diagnostics)):
        for r in rules:
            missing = _missing(r, schema)
            if missing:
                raise ValueError(
                    f"the {r.name!r} term in {where} needs {', '.join(missing)}, which schema "
                    f"{schema.name!r} does not have; declare it in the schema, or pass {where}= "
                    "built from rules for this schema (e.g. expression=gate(FORMAT) * my_rule)"
                )
