"""Reward terms as small composable rules, and their compilation into one flat evaluation.

A rule maps a ``Context`` (the parsed response, the labels and the verdict on the answer) to a
score in [0, 1]. Rules combine with ``+``, ``*`` and scalars into an expression; a reward
compiles it once (``Program``) so that each rule runs at most once per response, in order, and
the total is plain arithmetic over their values. When every rule is one of the library's own
(format, tag, behaviour, ``tag_match``), which depend only on a response's summary (format
verdict, compared tag values and labels, answer verdict), they run once per distinct summary.
Every named rule is reported, which is how a reward explains itself. Rules say what they read
(schema tags, labels, the answer verdict), so a reward checks its schema once and skips the
judge and the labels when no rule reads them. Rules are frozen dataclasses
around module-level functions, so rewards pickle into Ray and process pools.
"""

from __future__ import annotations

import importlib
import math
import sys
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from safereward.answers import AnswerKind, Verdict
from safereward.labels import COMBINED, TEXT, VISUAL, LabelError, SafetyLabels, label_name
from safereward.schema import SAFEGRPO, SAFETY_LABELS, Roles
from safereward.tags import ParsedOutput, Safety

LabelsLike = SafetyLabels | Mapping[str, Any] | str


class _Unjudged:
    """The reward did not ask the judge: no rule said it reads the verdict."""


UNJUDGED = _Unjudged()


class Context:
    """Everything a rule may look at for one response. Built once per response; what it
    derives (labels from the row, each prediction's correctness) is computed on first use and
    shared by every rule."""

    __slots__ = ("_correct", "_given", "_labels", "_verdict", "parsed")

    def __init__(
        self,
        parsed: ParsedOutput,
        given: LabelsLike | None = None,
        verdict: Verdict | _Unjudged | None = UNJUDGED,
    ) -> None:
        self.parsed = parsed
        self._given = given
        self._labels: SafetyLabels | None = given if isinstance(given, SafetyLabels) else None
        self._verdict = verdict
        self._correct: dict[str, bool] = {}

    @property
    def given(self) -> SafetyLabels | None:
        """The labels, when the caller gave any (a format-only reward needs none)."""
        return None if self._given is None else self.labels

    @property
    def labels(self) -> SafetyLabels:
        """The labels; ``LabelError`` when none were given or they are unusable."""
        labels = self._labels
        if labels is None:
            if self._given is None:
                raise _NoLabels
            labels = self._labels = SafetyLabels.coerce(self._given)
        return labels

    @property
    def verdict(self) -> Verdict | None:
        """The verdict on the answer (``safereward.answers``); None when there is no answer."""
        verdict = self._verdict
        if isinstance(verdict, _Unjudged):
            raise _NotJudged
        return verdict

    @property
    def answer_kind(self) -> AnswerKind | None:
        verdict = self.verdict
        return None if verdict is None else verdict.kind

    @property
    def refused(self) -> bool | None:
        """Whether the answer is a refusal; None when there is no answer to judge."""
        verdict = self.verdict
        return None if verdict is None else verdict.kind is AnswerKind.REFUSAL

    @property
    def format_ok(self) -> bool:
        return self.parsed.ok

    def value(self, tag: str) -> str | None:
        """Normalised value of the first occurrence of ``tag`` (any schema)."""
        return self.parsed.value(tag)

    def predicted(self, label: str) -> Safety | None:
        """The response's verdict for a SafeGRPO label (``image_tag`` or ``visual``, ``text_tag``
        or ``text``, ``combine_tag`` or ``combined``), read from the tag that declares it."""
        return self.parsed.predicted(label_name(label))

    def correct(self, label: str) -> bool:
        """Whether the value of the tag declaring ``label`` (any declared label, or a SafeGRPO
        alias) equals the row's; computed once (a reward computes those its rules compare before
        running them). ``LabelError`` when the row does not give the label."""
        hit = self._correct.get(label)
        if hit is None:
            name = label_name(label)
            gold = self.labels.get(name)
            if gold is None:
                raise LabelError(f"missing label {name!r}, which a rule compares")
            found = self.parsed.label_value(name)
            hit = self._correct[name] = self._correct[label] = found == gold
        return hit


class _NoLabels(Exception):
    """Raised by ``Context.labels`` when none were given; ``Rule`` names itself in the error."""


class _NotJudged(Exception):
    """Raised by ``Context.verdict`` when no rule declared that it reads the verdict."""


class _OutOfRange(Exception):
    """A rule's value outside [0, 1]."""


class Term:
    """A node of a reward expression."""

    def evaluate(self, ctx: Context, terms: dict[str, float]) -> float:  # pragma: no cover
        raise NotImplementedError

    def rules(self) -> tuple[Rule, ...]:
        """The rules below this node, in evaluation order, each once."""
        raise NotImplementedError  # pragma: no cover

    def __add__(self, other: Term | float) -> Term:
        return Sum((self, _term(other)))

    def __radd__(self, other: Term | float) -> Term:
        return Sum((_term(other), self))

    def __mul__(self, other: Term | float) -> Term:
        if isinstance(other, (int, float)):
            return Scaled(float(other), self)
        return Product((self, other))

    def __rmul__(self, other: Term | float) -> Term:
        if isinstance(other, (int, float)):
            return Scaled(float(other), self)
        return Product((other, self))


def _term(x: Term | float) -> Term:
    return x if isinstance(x, Term) else Constant(float(x))


@dataclass(frozen=True)
class Rule(Term):
    """A named scoring function; its value is recorded under ``name``."""

    name: str
    fn: Callable[[Context], float]
    reads: tuple[str, ...] = ()
    """Schema tags the rule reads by name; a reward checks its schema has them."""
    uses_labels: bool = False
    """Whether the rule compares with the labels, so a reward knows to ask for them. A rule that
    reads ``ctx.labels`` without saying so still fails cleanly when none are given."""
    labels: tuple[str, ...] = ()
    """Labels (``image_tag``, ``risk_category``, any a schema declares) whose declared tags the
    rule compares with them; a reward checks its schema declares them, and rows must give them."""
    uses_verdict: bool = True
    """Whether the rule reads the verdict on the answer. A reward whose rules all say False
    never calls its judge (reading ``ctx.verdict`` then fails, naming the rule)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", tuple(map(label_name, self.labels)))

    @property
    def needs_labels(self) -> bool:
        return self.uses_labels or bool(self.labels)

    @property
    def summarised(self) -> bool:
        """Whether the value is known to depend on nothing but a response's summary (format
        verdict, the values of the tags declaring its ``labels``, the labels, the answer
        verdict): true of the library's own rules only, so no user rule can be cached wrongly."""
        return self.fn in _SUMMARY_RULES or isinstance(self.fn, _Match)

    def score(self, ctx: Context) -> float:
        """The rule's value on ``ctx``, checked to lie in [0, 1]."""
        try:
            value = float(self.fn(ctx))
            if not 0.0 <= value <= 1.0:  # also false for NaN
                raise _OutOfRange(value)
        except (_NoLabels, _NotJudged, _OutOfRange) as exc:
            raise self.error(exc) from None
        return value

    def error(self, exc: Exception) -> Exception:
        """What a failure inside this rule means, said with the rule's name."""
        if isinstance(exc, _NoLabels):
            return LabelError(
                f"rule {self.name!r} compares the response with labels, and none were given"
            )
        if isinstance(exc, _NotJudged):
            return ValueError(
                f"rule {self.name!r} reads the answer verdict but says uses_verdict=False, so "
                "the reward did not call its judge; declare uses_verdict=True"
            )
        return ValueError(
            f"rule {self.name!r} returned {exc.args[0]!r}; rules return a score in [0, 1]"
        )

    def evaluate(self, ctx: Context, terms: dict[str, float]) -> float:
        value = terms[self.name] = self.score(ctx)
        return value

    def rules(self) -> tuple[Rule, ...]:
        return (self,)

    def __reduce__(self) -> tuple[Any, ...]:
        # ``@rule`` rebinds the function's module-level name to the Rule, so the function no
        # longer pickles by reference; the Rule does instead.
        module = getattr(self.fn, "__module__", None)
        qualname = getattr(self.fn, "__qualname__", "")
        if module and getattr(sys.modules.get(module), qualname, None) is self:
            return (_module_attribute, (module, qualname))
        fields = (self.name, self.fn, self.reads, self.uses_labels, self.labels, self.uses_verdict)
        return (Rule, fields)


def _module_attribute(module: str, name: str) -> Any:
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class Constant(Term):
    value: float

    def evaluate(self, ctx: Context, terms: dict[str, float]) -> float:
        return self.value

    def rules(self) -> tuple[Rule, ...]:
        return ()


@dataclass(frozen=True)
class Scaled(Term):
    weight: float
    term: Term

    def evaluate(self, ctx: Context, terms: dict[str, float]) -> float:
        return self.weight * self.term.evaluate(ctx, terms)

    def rules(self) -> tuple[Rule, ...]:
        return self.term.rules()


@dataclass(frozen=True)
class Sum(Term):
    parts: tuple[Term, ...]

    def evaluate(self, ctx: Context, terms: dict[str, float]) -> float:
        return sum(p.evaluate(ctx, terms) for p in self.parts)

    def rules(self) -> tuple[Rule, ...]:
        return _concat(self.parts)

    def __add__(self, other: Term | float) -> Term:
        return Sum((*self.parts, _term(other)))


@dataclass(frozen=True)
class Product(Term):
    """Every factor is evaluated (so every term is reported), then multiplied."""

    parts: tuple[Term, ...]

    def evaluate(self, ctx: Context, terms: dict[str, float]) -> float:
        values = [p.evaluate(ctx, terms) for p in self.parts]
        return math.prod(values)

    def rules(self) -> tuple[Rule, ...]:
        return _concat(self.parts)


@dataclass(frozen=True)
class Gate(Term):
    """1 when the inner term reaches ``threshold``, else 0: a hard requirement."""

    term: Term
    threshold: float = 1.0

    def evaluate(self, ctx: Context, terms: dict[str, float]) -> float:
        return 1.0 if self.term.evaluate(ctx, terms) >= self.threshold else 0.0

    def rules(self) -> tuple[Rule, ...]:
        return self.term.rules()


def _concat(parts: tuple[Term, ...]) -> tuple[Rule, ...]:
    seen: dict[Rule, None] = {}
    for part in parts:
        seen.update(dict.fromkeys(part.rules()))
    return tuple(seen)


def rule(
    name: str,
    reads: tuple[str, ...] = (),
    uses_labels: bool = False,
    *,
    labels: tuple[str, ...] = (),
    uses_verdict: bool = True,
) -> Callable[[Callable[[Context], float]], Rule]:
    """Decorator turning ``fn(ctx) -> float in [0, 1]`` into a composable ``Rule``.

    >>> @rule("answer_is_short", uses_verdict=False)
    ... def answer_is_short(ctx):
    ...     return float(len(ctx.parsed.answer or "") < 2000)
    """

    def wrap(fn: Callable[[Context], float]) -> Rule:
        return Rule(
            name, fn, reads, uses_labels=uses_labels, labels=labels, uses_verdict=uses_verdict
        )

    return wrap


def gate(term: Term, threshold: float = 1.0) -> Gate:
    return Gate(term, threshold)


# -- compilation -------------------------------------------------------------------------------

Total = Callable[[Sequence[float], Context], float]
Summary = Callable[[ParsedOutput, Any, Any], Hashable]

MEMO_SIZE = 4096
"""Distinct summaries a program remembers. The SafeGRPO rules see at most a few hundred (format
verdict x three tag values x eight label sets x answer verdicts; a compared label of ten values
multiplies that by about a hundred); past the cap a program still scores every response, it
only stops remembering."""


@dataclass(frozen=True)
class Program:
    """An expression and its diagnostics, compiled once per reward: each rule runs once per
    response, in order, and the total is arithmetic over their values (the same floating-point
    operations, in the same order, as ``Term.evaluate``).

    When every rule is ``summarised`` (the library's own are), a response is reduced to its
    summary (format verdict, the compared tags' values, the compared labels, the answer
    verdict), and the rules run once per distinct summary: GRPO scores thousands of responses
    that differ in their text but share one of a few hundred summaries."""

    rules: tuple[Rule, ...]
    keys: tuple[str, ...]
    """Each rule's name, in ``rules`` order."""
    names: tuple[str, ...]
    """The keys of ``terms``, in order (a name given to two rules is reported once)."""
    total: Total
    needs_labels: bool
    needs_verdict: bool
    compared: tuple[tuple[str, str], ...]
    """(label, tag declaring it) of each label a rule compares, computed once before the rules
    run; a reward's rows must give these labels."""
    summary: Summary | None = None
    """A response's summary, when every rule's value depends on nothing else; else None."""
    memo: dict[Hashable, tuple[float, dict[str, float]]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Summary -> (total, terms), filled as responses are scored (thread-safe: one dict
    operation each, and the value for a summary never changes)."""

    @classmethod
    def compile(
        cls, expression: Term, diagnostics: tuple[Rule, ...] = (), roles: Roles = SAFEGRPO.roles
    ) -> Program:
        rules = tuple(dict.fromkeys([*expression.rules(), *diagnostics]))
        index = {r: i for i, r in enumerate(rules)}
        read = dict.fromkeys(label for r in rules for label in r.labels)
        compared = tuple((label, roles.labels[label]) for label in read if label in roles.labels)
        total, opaque = _compile(expression, index)
        needs_labels = any(r.needs_labels for r in rules)
        needs_verdict = any(r.uses_verdict for r in rules)
        summarised = not opaque and all(r.summarised for r in rules)
        return cls(
            rules=rules,
            keys=tuple(r.name for r in rules),
            names=tuple(dict.fromkeys(r.name for r in rules)),
            total=total,
            needs_labels=needs_labels,
            needs_verdict=needs_verdict,
            compared=compared,
            summary=_summary(compared, needs_verdict) if summarised else None,
        )

    @property
    def required_labels(self) -> tuple[str, ...]:
        """The labels the rules compare: a row must give each."""
        return tuple(label for label, _ in self.compared)

    def evaluate(
        self, parsed: ParsedOutput, labels: Any, verdict: Verdict | _Unjudged | None
    ) -> tuple[float, dict[str, float]]:
        """``run`` on one response (``labels`` coerced, or None), from the memo when the
        rules allow it. Terms are a fresh dict each time: callers may keep or change them."""
        summary = self.summary
        if summary is None or (self.needs_labels and not isinstance(labels, SafetyLabels)):
            return self.run(Context(parsed, labels, verdict))
        key = summary(parsed, labels, verdict)
        hit = self.memo.get(key)
        if hit is not None:
            return hit[0], hit[1].copy()
        total, terms = self.run(Context(parsed, labels, verdict))
        if len(self.memo) < MEMO_SIZE:
            self.memo[key] = (total, terms.copy())
        return total, terms

    def run(self, ctx: Context) -> tuple[float, dict[str, float]]:
        """The total and every named term, every rule run."""
        if self.compared and ctx._given is not None:
            # Each prediction once, compared as strings (Safety is a str enum).
            gold = ctx.labels._values
            tags, hits = ctx.parsed.tags, ctx._correct
            for label, tag in self.compared:
                want = gold.get(label)
                if want is None:
                    raise LabelError(f"missing label {label!r}, which a rule compares")
                found = tags.get(tag)
                hits[label] = found is not None and found[0].value == want
        values: list[float] = []
        rule = None
        try:
            for rule in self.rules:
                value = rule.fn(ctx)
                if value.__class__ is not float:
                    value = float(value)
                if not 0.0 <= value <= 1.0:  # also false for NaN
                    raise _OutOfRange(value)
                values.append(value)
        except (_NoLabels, _NotJudged, _OutOfRange) as exc:
            raise rule.error(exc) from None  # type: ignore[union-attr]
        return self.total(values, ctx), dict(zip(self.keys, values, strict=True))


def _summary(compared: tuple[tuple[str, str], ...], verdict: bool) -> Summary:
    """A generated function of (parsed, labels, verdict) giving what ``summarised`` rules read:
    the format verdict, each compared tag's first value and label, the verdict."""
    lines = ["def summary(p, g, v):", "    t = p.tags"]
    parts = ["not p.violations"]
    for i, (_, tag) in enumerate(compared):
        lines.append(f"    f{i} = t.get({tag!r})")
        parts.append(f"f{i} and f{i}[0][2]")  # TagValue.value; None when the tag is absent
    if compared:
        lines.append("    d = g._values")
        parts += [f"d.get({label!r})" for label, _ in compared]
    if verdict:
        parts.append("v")
    lines.append(f"    return ({', '.join(parts)},)")
    names: dict[str, Any] = {"__builtins__": {}}
    exec("\n".join(lines), names)
    return names["summary"]  # type: ignore[no-any-return]


def _compile(expression: Term, index: dict[Rule, int]) -> tuple[Total, bool]:
    """The expression's arithmetic as one generated function of the rule values, as attrs and
    dataclasses generate their methods: a tree of closures costs a call per node. The code
    repeats ``Term.evaluate``'s operations (``sum`` starts from 0, ``math.prod`` from 1), so
    totals are bit-for-bit the same. Also says whether a term of the user's own class is
    evaluated as a tree (it may read anything, so no summary stands for it)."""
    others: list[Term] = []
    numbers: list[float] = []

    def number(x: float) -> str:
        if math.isfinite(x):
            return repr(float(x))  # repr round-trips a float exactly
        numbers.append(float(x))
        return f"k[{len(numbers) - 1}]"

    def source(term: Term) -> str:
        if isinstance(term, Rule):
            return f"v[{index[term]}]"
        if isinstance(term, Constant):
            return number(term.value)
        if isinstance(term, Scaled):
            return f"({number(term.weight)} * {source(term.term)})"
        if isinstance(term, Gate):
            return f"(1.0 if {source(term.term)} >= {number(term.threshold)} else 0.0)"
        if isinstance(term, Sum):
            return "(" + " + ".join(["0", *map(source, term.parts)]) + ")"
        if isinstance(term, Product):
            return "(" + " * ".join(["1", *map(source, term.parts)]) + ")"
        # A Term subclass of the user's own: evaluated as a tree (its rules already ran and
        # run again; rules are deterministic, so the value is the same).
        others.append(term)
        return f"others[{len(others) - 1}].evaluate(c, {{}})"

    body = source(expression)
    names = {"__builtins__": {}, "others": tuple(others), "k": tuple(numbers)}
    return eval(f"lambda v, c: {body}", names), bool(others)


# -- the SafeGRPO terms ------------------------------------------------------------------------


def _format(ctx: Context) -> float:
    return 1.0 if ctx.parsed.ok else 0.0


def _tag(ctx: Context) -> float:
    if not ctx.correct(COMBINED):
        return 0.0
    return 0.5 + 0.25 * ctx.correct(VISUAL) + 0.25 * ctx.correct(TEXT)


def _behavior(ctx: Context) -> float:
    if not ctx.correct("combined"):
        return 0.0
    verdict = ctx.verdict
    if verdict is None:
        return 0.0
    if ctx.labels.combined is Safety.UNSAFE:  # steps in the reasoning are steps given
        return 1.0 if verdict.kind is AnswerKind.REFUSAL and not verdict.reasoning_harmful else 0.0
    return 1.0 if verdict.kind is AnswerKind.COMPLIANCE else 0.0


def _harmless(ctx: Context) -> float:
    verdict = ctx.verdict
    return 0.0 if verdict is not None and verdict.harmful else 1.0


def _reasoning_harmless(ctx: Context) -> float:
    verdict = ctx.verdict
    return 0.0 if verdict is not None and verdict.reasoning_harmful else 1.0


@dataclass(frozen=True)
class _Match:
    """``tag_match``'s function: a value, so that two rules for one label are equal."""

    label: str

    def __call__(self, ctx: Context) -> float:
        return 1.0 if ctx.correct(self.label) else 0.0


@cache
def tag_match(label: str, name: str | None = None) -> Rule:
    """1 when the tag declaring ``label`` (any label a schema declares) states the row's value
    of it, else 0 (also when the tag is missing or its value not allowed). Reported as
    ``tag_<label>`` (``tag_visual`` for SafeGRPO's image_tag) unless ``name`` is given.

    >>> risk = tag_match("risk_category")
    >>> expression = gate(FORMAT) * (0.4 * TAG + 0.4 * BEHAVIOR + 0.2 * risk)
    """
    label = label_name(label)
    return Rule(
        name or f"tag_{SAFETY_LABELS.get(label, label)}",
        _Match(label),
        uses_labels=True,
        labels=(label,),
        uses_verdict=False,
    )


_ALL = tuple(SAFETY_LABELS)

FORMAT = Rule("format", _format, uses_verdict=False)
"""1 when the response has the protocol's structure (the preset decides how strictly)."""
TAG = Rule("tag", _tag, uses_labels=True, labels=_ALL, uses_verdict=False)
"""0 unless the combined verdict is right, then 0.5 + 0.25 per right visual/text verdict."""
BEHAVIOR = Rule("behavior", _behavior, uses_labels=True, labels=(COMBINED,))
"""1 when the combined verdict is right and the answer refuses when it is unsafe (with no help
in its reasoning either), complies when it is safe; a non-answer earns 0 on both sides."""
TAG_VISUAL, TAG_TEXT, TAG_COMBINED = DIAGNOSTICS = tuple(tag_match(label) for label in _ALL)
"""Reported in every breakdown, never part of the total."""
HARMLESS = Rule("harmless", _harmless)
"""0 when a guard model called the answer harmful, else 1 (``safereward.harm``)."""
REASONING_HARMLESS = Rule("reasoning_harmless", _reasoning_harmless)
"""0 when a guard model called the reasoning block harmful, else 1 (``safereward.harm``)."""
_SUMMARY_RULES = frozenset({_format, _tag, _behavior, _harmless, _reasoning_harmless})
"""Functions of the library's rules that read nothing but a response's summary (``Program``)."""


def safegrpo_expression(
    tag_weight: float = 0.5,
    behavior_weight: float = 0.5,
    labels: Mapping[str, float] | None = None,
) -> Term:
    """The paper's reward, ``gate(format) * (w_tag * tag + w_behavior * behavior)``, plus
    ``w * tag_match(label)`` inside the gate for each of ``labels`` (label -> weight): the
    weighted reward a config's ``weights`` describe."""
    inner = tag_weight * TAG + behavior_weight * BEHAVIOR
    for label, weight in (labels or {}).items():
        inner = inner + weight * tag_match(label)
    return gate(FORMAT) * inner
