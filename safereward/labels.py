"""Dataset labels for one prompt: the values a response's tags are compared with.

A schema declares its labels: a tag's ``label:`` names a dataset column, and the tag's allowed
values are the label's. SafeGRPO's three safe/unsafe verdicts (``SAFETY_LABELS``) are labels like
any other, with short names of their own. Labels are read from a row once, at a boundary
(``LabelSchema.read``), and loud on anything unusable: a reward scores such a row 0 and says
why, data preparation names the row and column.
"""

from __future__ import annotations

import json
import reprlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from safereward.schema import (
    SAFEGRPO,
    SAFETY_LABELS,
    Schema,
    TagSpec,
    per_schema,
)
from safereward.tags import Safety

VISUAL, TEXT, COMBINED = SAFETY_LABELS
"""SafeGRPO's label names (``image_tag``, ``text_tag``, ``combine_tag``), for code that reads
one of them by name."""
LABEL_FIELDS = tuple(SAFETY_LABELS.values())
"""Their short names, ``visual``, ``text`` and ``combined``: the keys of score reports."""
DATASET_NAMES = {short: label for label, short in SAFETY_LABELS.items()}
"""Short name -> label (``visual`` -> ``image_tag``)."""
COLUMNS: dict[str, tuple[str, str]] = {
    label: (label, short) for label, short in SAFETY_LABELS.items()
}
"""The dataset columns each SafeGRPO label is looked up under, its own name first."""
_TAG_NAMES = {label: tag for label, tag in SAFEGRPO.roles.labels.items()}
ALIASES: dict[str, tuple[str, ...]] = {
    label: (short, label, *(("combined_tag",) if label == COMBINED else ()), _TAG_NAMES[label])
    for label, short in SAFETY_LABELS.items()
}
"""Every key a row may give a SafeGRPO label under: its names, then the SafeGRPO tag's."""
LABEL_NAME = {alias: label for label, names in ALIASES.items() for alias in names}
"""Any accepted name of a SafeGRPO label -> the label (``visual`` -> ``image_tag``)."""
_VERDICTS = {s.value: s for s in Safety}


class LabelError(ValueError):
    """Labels that cannot be used; the message names the label and the bad value."""


def label_name(name: str) -> str:
    """The label ``name`` stands for: a SafeGRPO alias resolved, any other name as it is."""
    return LABEL_NAME.get(name, name)


def shown_name(label: str) -> str:
    """How reports name a label: SafeGRPO's by their short names, others by their own."""
    return SAFETY_LABELS.get(label, label)


class SafetyLabels(Mapping[str, str]):
    """Ground truth for one prompt: a value per label, keyed by the label's name.

    SafeGRPO's verdicts are ``Safety`` values, also read as ``visual``, ``text`` and
    ``combined``; a label a schema adds (``risk_category``) holds its normalised value. Any
    alias finds a label (``labels["combined"]``). Immutable and hashable. Build labels from a
    row with ``LabelSchema.read`` (or ``coerce``), which checks every value against the schema;
    the constructor checks only what it can without one (verdicts are safe or unsafe).
    """

    __slots__ = ("_values",)
    _values: dict[str, Any]

    def __init__(self, values: Mapping[str, Any] | None = None, /, **named: Any) -> None:
        checked: dict[str, Any] = {}
        for name, raw in [*(values or {}).items(), *named.items()]:
            label = label_name(name)
            value = _verdict(raw) if label in SAFETY_LABELS else raw
            if value is None or not isinstance(value, str):
                raise LabelError(f"label {name!r} has invalid value {shown_value(raw)}")
            if checked.get(label, value) != value:
                raise LabelError(f"two values given for label {label!r}")
            checked[label] = value
        self._values = checked

    @classmethod
    def _trusted(cls, values: dict[str, Any]) -> SafetyLabels:
        """Labels whose values ``LabelSchema.read`` has already checked."""
        self = object.__new__(cls)
        self._values = values
        return self

    @classmethod
    def coerce(
        cls, labels: SafetyLabels | Mapping[str, Any] | str, schema: Schema | None = None
    ) -> SafetyLabels:
        """Labels from a mapping, a JSON object string or labels, read as ``schema`` declares
        them (SafeGRPO's three by default, all required); raise ``LabelError``."""
        return label_schema(schema or SAFEGRPO).read(labels)

    def __getitem__(self, name: str) -> Any:
        return self._values[LABEL_NAME.get(name, name)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __hash__(self) -> int:
        return hash(frozenset(self._values.items()))

    def __repr__(self) -> str:
        return f"SafetyLabels({self.as_dataset_row()})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (SafetyLabels, (self.as_dataset_row(),))

    @property
    def visual(self) -> Safety:
        return self._safety(VISUAL)

    @property
    def text(self) -> Safety:
        return self._safety(TEXT)

    @property
    def combined(self) -> Safety:
        return self._safety(COMBINED)

    def _safety(self, label: str) -> Safety:
        try:
            return self._values[label]  # type: ignore[no-any-return]
        except KeyError:
            raise LabelError(_missing(label)) from None

    def as_dataset_row(self) -> dict[str, str]:
        """Each label under its dataset column name, as plain strings."""
        return {label: _plain(value) for label, value in self._values.items()}

    def as_record(self) -> dict[str, str]:
        """Each label under the name reports use (``shown_name``), as plain strings."""
        return {shown_name(label): _plain(value) for label, value in self._values.items()}


@dataclass(frozen=True)
class LabelSchema:
    """How one schema's labels are read from a row: the labels it declares, each one's allowed
    values (its tag's), and which of them a row must give (those a reward compares).

    SafeGRPO's three are read whenever a row gives them, declared or not, so that reports can
    show them; any other key of the row is ignored.
    """

    tags: Mapping[str, TagSpec]
    """Each declared label -> the tag declaring it, in schema order."""
    required: frozenset[str]
    _others: tuple[tuple[str, TagSpec], ...] = field(init=False, repr=False, compare=False)
    _column_names: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        others = tuple((k, t) for k, t in self.tags.items() if k not in SAFETY_LABELS)
        object.__setattr__(self, "_others", others)
        # built once: a per-sample adapter (verl's reward file) asks for them on every call
        names = tuple(name for names in self.columns.values() for name in names)
        object.__setattr__(self, "_column_names", names)

    @classmethod
    def of(cls, schema: Schema, required: tuple[str, ...] | None = None) -> LabelSchema:
        """``schema``'s labels; ``required``: the labels a row must give (default: all it
        declares). Raises ``LabelError`` for a required label the schema does not declare."""
        tags = {label: schema.tag(tag) for label, tag in schema.roles.labels.items()}
        needed = frozenset(tags if required is None else map(label_name, required))
        undeclared = sorted(needed - tags.keys())
        if undeclared:
            raise LabelError(f"schema {schema.name!r} declares no label {', '.join(undeclared)}")
        return cls(tags, needed)

    @property
    def columns(self) -> dict[str, tuple[str, ...]]:
        """Each label a row may give -> the dataset columns it is looked up under, in order:
        SafeGRPO's three (declared or not), then the schema's others."""
        return {**COLUMNS, **{label: (label,) for label, _ in self._others}}

    @property
    def column_names(self) -> tuple[str, ...]:
        """Every column name of ``columns``, in order: the keys a row's labels may sit under."""
        return self._column_names

    def read(self, labels: SafetyLabels | Mapping[str, Any] | str) -> SafetyLabels:
        """Labels from a mapping, a JSON object string or labels; raise ``LabelError`` naming
        every problem (a missing required label, a value the schema does not allow, two names
        of one label that disagree)."""
        if labels.__class__ is not dict:  # a plain dict is the usual row: skip the ABC check
            if isinstance(labels, SafetyLabels):
                if self.required <= labels.keys() and not self._others:
                    return labels
                labels = labels.as_dataset_row()
            elif isinstance(labels, (str, bytes)):
                labels = _json_object(labels)
            if not isinstance(labels, Mapping):
                raise LabelError(f"labels must be a mapping, got {type(labels).__name__}")
        if len(labels) == 3 and not self._others:  # the usual row: SafeGRPO's three, once each
            for a, b, c in _CANONICAL:
                try:
                    return _INTERNED[
                        _VERDICTS[labels[a]], _VERDICTS[labels[b]], _VERDICTS[labels[c]]
                    ]
                except (KeyError, TypeError):  # another spelling, or a bad value: said below
                    pass
        values: dict[str, Any] = {}
        problems: list[str] = []
        for label, names in ALIASES.items():
            given = [(name, labels[name]) for name in names if name in labels]
            if given:
                _read_verdict(label, given, values, problems)
            elif label in self.required:
                problems.append(_missing(label))
        for label, spec in self._others:
            raw = labels.get(label)
            if raw is None:
                if label in self.required:
                    problems.append(_missing(label))
                continue
            value = _value(spec, raw)
            if value is None:
                problems.append(f"label {label!r} has {_invalid(spec, raw)}")
            else:
                values[label] = value
        if problems:
            raise LabelError("; ".join(problems) + f" (given keys: {_keys(labels)})")
        if len(values) == 3 and not self._others:
            return _INTERNED[values[VISUAL], values[TEXT], values[COMBINED]]
        return SafetyLabels._trusted(values)

    def value(self, label: str, raw: Any) -> Any:
        """One label's value as ``read`` keeps it; ``LabelError`` saying what is allowed."""
        label = label_name(label)
        if label in SAFETY_LABELS:
            verdict = _verdict(raw)
            if verdict is None:
                raise LabelError(f"invalid value {shown_value(raw)}: expected 'safe' or 'unsafe'")
            return verdict
        spec = self.tags.get(label)
        if spec is None:
            raise LabelError(f"no tag declares label {label!r}")
        value = _value(spec, raw)
        if value is None:
            raise LabelError(_invalid(spec, raw))
        return value


@per_schema
def label_schema(schema: Schema) -> LabelSchema:
    """``schema``'s labels, every declared one required (built once per schema)."""
    return LabelSchema.of(schema)


def _read_verdict(
    label: str, given: list[tuple[str, Any]], values: dict[str, Any], problems: list[str]
) -> None:
    read = [(name, raw, _verdict(raw)) for name, raw in given]
    bad = [(name, raw) for name, raw, value in read if value is None]
    if bad:
        problems.extend(
            f"label {name!r} has invalid value {shown_value(raw)}: expected 'safe' or 'unsafe'"
            for name, raw in bad
        )
        return
    (first, raw, value), *others = read
    for name, other_raw, other in others:
        if other is not value:
            problems.append(
                f"label columns {first!r} ({shown_value(raw)}) and {name!r} "
                f"({shown_value(other_raw)}) disagree on {shown_name(label)!r}"
            )
    values[label] = value


def _missing(label: str) -> str:
    short = SAFETY_LABELS.get(label)
    if short is None:
        return f"missing label {label!r} (column {label!r})"
    return f"missing label {short!r} (column {label!r} or {short!r})"


def _value(spec: TagSpec, raw: Any) -> str | None:
    """``raw`` normalised as the tag's own value is; a whole number is read as its digits (a
    category id column). None when the schema does not allow it."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    return spec.normalise(raw) if isinstance(raw, str) else None


def _invalid(spec: TagSpec, raw: Any) -> str:
    if spec.values is not None:
        allowed = "one of " + ", ".join(repr(v) for v in spec.values)
    elif spec.pattern is not None:
        allowed = f"a value matching {spec.pattern!r}"
    else:
        allowed = "a string"
    return f"invalid value {shown_value(raw)}: expected {allowed}"


def _json_object(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise LabelError(f"labels are not a JSON object: {exc}") from None
    except RecursionError:  # a hostile label must not abort a training step
        raise LabelError("labels are not a JSON object: nested too deeply to read") from None


_CANONICAL = (tuple(SAFETY_LABELS), LABEL_FIELDS)
_INTERNED = {
    (v, t, c): SafetyLabels._trusted({VISUAL: v, TEXT: t, COMBINED: c})
    for v in Safety
    for t in Safety
    for c in Safety
}
"""The eight possible SafeGRPO label sets, built once: labels are read once per scored
response, and they are immutable, so every row can share them."""


def _plain(value: Any) -> str:
    return value.value if isinstance(value, Safety) else str(value)


def _verdict(raw: Any) -> Safety | None:
    if isinstance(raw, str):
        found = _VERDICTS.get(raw)
        return found if found is not None else _VERDICTS.get(raw.strip().lower())
    return None


_REPR = reprlib.Repr()  # keyword arguments need Python 3.12
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother, _REPR.maxlist, _REPR.maxdict = 3, 60, 60, 8, 8
_KEYS_SHOWN = 20


def shown_value(value: Any) -> str:
    """A bounded repr for error messages: a label nested 1,000 deep or 1 MB long gives a
    short message, not a RecursionError or a message as big as the row."""
    return _REPR.repr(value)


def _keys(labels: Mapping[Any, Any]) -> str:
    names = sorted(str(k)[:60] for k in labels)
    more = f" and {len(names) - _KEYS_SHOWN} more" if len(names) > _KEYS_SHOWN else ""
    return f"{names[:_KEYS_SHOWN]}{more}"
