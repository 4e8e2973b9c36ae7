"""Finding the response, label and group columns of a rollout file or dataset.

Rollouts come from many writers (verl dumps, TRL logs, our own data prep, spreadsheets), so the
usual names are tried in order; a flag overrides each. A column missing from the whole source is
a ``ColumnError`` (fix the flag); a bad value in one row is a ``FieldError`` naming that column,
which callers report as a bad row.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from safereward.labels import (
    DATASET_NAMES,
    LABEL_FIELDS,
    LabelError,
    SafetyLabels,
    shown_value,
)

RESPONSE_COLUMNS = ("response", "completion", "output", "solution_str", "responses", "completions")
LABEL_COLUMN_SETS = (
    tuple(DATASET_NAMES[f] for f in LABEL_FIELDS),  # image_tag, text_tag, combine_tag
    LABEL_FIELDS,  # visual, text, combined
)
STRUCT_COLUMNS = ("extra_info", "reward_model", "labels", "gts", "ground_truth")
"""Columns holding all three labels at once: a struct/dict, or a JSON object string."""
VERL_DUMP_COLUMNS = ("input", "output", "gts")


class ColumnError(ValueError):
    """A column the source does not have (or none of the usual names); names what was found."""


class FieldError(ValueError):
    """One row's value of ``column`` is unusable."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"column {column!r}: {message}")
        self.column = column
        self.message = message


@dataclass(frozen=True)
class LabelSource:
    """Where a row's labels are: three columns (visual, text, combined) or one combined column."""

    columns: tuple[str, ...]

    @property
    def combined(self) -> bool:
        return len(self.columns) == 1

    def extract(self, record: Mapping[str, Any]) -> SafetyLabels:
        """The row's labels; raises ``FieldError`` naming the first bad column."""
        if self.combined:
            return _from_struct(self.columns[0], record)
        values = {}
        for name, column in zip(LABEL_FIELDS, self.columns, strict=True):
            if column not in record or record[column] is None:
                raise FieldError(column, "missing")
            value = record[column]
            norm = value.strip().lower() if isinstance(value, str) else value
            if norm not in ("safe", "unsafe"):
                raise FieldError(
                    column, f"invalid value {value!r:.60}: expected 'safe' or 'unsafe'"
                )
            values[name] = norm
        return SafetyLabels(**values)


@dataclass(frozen=True)
class ColumnPlan:
    """Which columns a scoring run reads."""

    response: str
    labels: LabelSource
    group: str | None = None
    step: str | None = None
    """For verl dumps: rollouts of the same prompt form a group only within one step."""

    @property
    def needed(self) -> list[str]:
        cols = [self.response, *self.labels.columns, self.group, self.step]
        return list(dict.fromkeys(c for c in cols if c))

    def response_of(self, record: Mapping[str, Any]) -> str:
        return _text(self.response, record)

    def group_of(self, record: Mapping[str, Any]) -> Any:
        if self.group is None:
            return None
        if record.get(self.group) is None:
            raise FieldError(self.group, "missing group value")
        value = record[self.group]
        if self.step is not None and record.get(self.step) is not None:
            return f"{record[self.step]}|{value}"
        return value


def plan_labels(
    available: Sequence[str], sample: Mapping[str, Any] | None, given: Sequence[str] | None = None
) -> LabelSource:
    """Pick the label columns; ``given`` is 1 column (struct/JSON) or 3 (visual, text, combined)."""
    if given:
        if len(given) not in (1, 3):
            raise ColumnError(
                "--label-cols takes 1 column (struct or JSON) or 3 (visual, text, combined); "
                f"got {len(given)}"
            )
        _require(available, given, "label")
        return LabelSource(tuple(given))
    for names in LABEL_COLUMN_SETS:
        if all(n in available for n in names):
            return LabelSource(tuple(names))
    for name in STRUCT_COLUMNS:
        if name in available and (sample is None or _holds_labels(sample.get(name))):
            return LabelSource((name,))
    raise ColumnError(
        "no label columns found: expected image_tag/text_tag/combine_tag, visual/text/combined, or "
        f"a struct/JSON column ({', '.join(STRUCT_COLUMNS)}) holding them; columns are "
        f"{list(available)}; name them with --label-cols"
    )


def plan_columns(
    available: Sequence[str],
    sample: Mapping[str, Any] | None = None,
    *,
    response: str | None = None,
    labels: Sequence[str] | None = None,
    group: str | None = None,
) -> ColumnPlan:
    """Pick the columns for scoring; raises ``ColumnError`` naming what is missing."""
    if response:
        _require(available, [response], "response")
    else:
        response = next((c for c in RESPONSE_COLUMNS if c in available), None)
        if response is None:
            raise ColumnError(
                f"no response column found: expected one of {list(RESPONSE_COLUMNS)}; columns "
                f"are {list(available)}; name it with --response-col"
            )
    source = plan_labels(available, sample, labels)
    is_dump = all(c in available for c in VERL_DUMP_COLUMNS)
    if group:
        _require(available, [group], "group")
    elif is_dump:
        group = "input"
    step = "step" if is_dump and group == "input" and "step" in available else None
    return ColumnPlan(response, source, group, step)


def _require(available: Sequence[str], names: Sequence[str], what: str) -> None:
    missing = [n for n in names if n not in available]
    if missing:
        raise ColumnError(f"{what} column {missing[0]!r} not found; columns are {list(available)}")


def _text(column: str, record: Mapping[str, Any]) -> str:
    if column not in record or record[column] is None:
        raise FieldError(column, "missing")
    value = record[column]
    if isinstance(value, str):
        return value
    # Conversational completions (TRL): a list of messages; the response is the last one.
    if isinstance(value, list) and value and isinstance(value[-1], Mapping):
        content = value[-1].get("content")
        if isinstance(content, str):
            return content
    raise FieldError(column, f"expected a string, got {type(value).__name__}")


class _TooDeep:
    """A JSON string nested past the parser's recursion limit: one bad row, not a crash."""


_TOO_DEEP = _TooDeep()


def _decode(value: Any) -> Any:
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
        except RecursionError:
            return _TOO_DEEP
    return value


def _holds_labels(value: Any) -> bool:
    value = _decode(value)
    if isinstance(value, Mapping) and "ground_truth" in value:
        value = _decode(value["ground_truth"])
    return isinstance(value, Mapping) and any(
        k in value for k in (*LABEL_FIELDS, *DATASET_NAMES.values())
    )


def _from_struct(column: str, record: Mapping[str, Any]) -> SafetyLabels:
    if column not in record or record[column] is None:
        raise FieldError(column, "missing")
    value = _decode(record[column])
    if isinstance(value, Mapping) and "ground_truth" in value and not _direct_labels(value):
        value = _decode(value["ground_truth"])
    if value is _TOO_DEEP:
        raise FieldError(column, "labels are not a JSON object: nested too deeply to read")
    if not isinstance(value, Mapping):
        raise FieldError(
            column, f"expected a struct or JSON object of labels, got {shown_value(value)}"
        )
    try:
        return SafetyLabels.coerce(value)
    except LabelError as exc:
        raise FieldError(column, str(exc)) from None


def _direct_labels(value: Mapping[str, Any]) -> bool:
    return any(k in value for k in (*LABEL_FIELDS, *DATASET_NAMES.values()))
