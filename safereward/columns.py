"""Finding the response, prompt, label and group columns of a rollout file or dataset.

Rollouts come from many writers (verl dumps, TRL logs, our own data prep, spreadsheets), so the
usual names are tried in order; a flag overrides each. Labels are the ones the reward's schema
declares, each found under its own name (SafeGRPO's also under their short names) or inside one
struct/JSON column. A column missing from the whole source is a ``ColumnError`` (fix the flag);
a bad value in one row is a ``FieldError`` naming that column, which callers report as a bad row.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from safereward.chat import prompt_text
from safereward.labels import (
    LABEL_FIELDS,
    LABEL_NAME,
    LabelError,
    LabelSchema,
    SafetyLabels,
    label_schema,
    shown_value,
)
from safereward.schema import SAFEGRPO, SAFETY_LABELS

RESPONSE_COLUMNS = ("response", "completion", "output", "solution_str", "responses", "completions")
LABEL_COLUMN_SETS = (tuple(SAFETY_LABELS), LABEL_FIELDS)
"""SafeGRPO's three label columns, by their dataset names or their short names."""
STRUCT_COLUMNS = ("extra_info", "reward_model", "labels", "gts", "ground_truth")
"""Columns holding every label at once: a struct/dict, or a JSON object string."""
PROMPT_COLUMNS = ("prompt", "prompt_text", "question", "input")
"""Columns holding what a response replies to (text, or chat messages whose last user turn is
read); verl dumps keep it in ``input``."""
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
    """Where a row's labels are: one column per label, or one struct/JSON column holding them
    all; read as ``schema`` declares them (its required labels must be there)."""

    columns: tuple[str, ...]
    """The columns read: one struct column, or each label's own."""
    labels: tuple[str, ...] = ()
    """The label each of ``columns`` holds; empty for a struct column."""
    schema: LabelSchema = field(default_factory=lambda: label_schema(SAFEGRPO))

    @property
    def combined(self) -> bool:
        return not self.labels

    def extract(self, record: Mapping[str, Any]) -> SafetyLabels:
        """The row's labels; raises ``FieldError`` naming the first bad column."""
        if self.combined:
            return _from_struct(self.columns[0], record, self.schema)
        values = {}
        for label, column in zip(self.labels, self.columns, strict=True):
            raw = record.get(column)
            if raw is None:
                if label in self.schema.required:
                    raise FieldError(column, "missing")
                continue
            try:
                values[label] = self.schema.value(label, raw)
            except LabelError as exc:
                raise FieldError(column, str(exc)) from None
        try:
            return self.schema.read(values)
        except LabelError as exc:  # a required label with no column of its own
            raise FieldError(self.columns[0], str(exc)) from None


@dataclass(frozen=True)
class ColumnPlan:
    """Which columns a scoring run reads."""

    response: str
    labels: LabelSource
    group: str | None = None
    step: str | None = None
    """For verl dumps: rollouts of the same prompt form a group only within one step."""
    prompt: str | None = None
    """What each response replies to: the strict reward calls an answer that only echoes it a
    non-answer."""

    @property
    def needed(self) -> list[str]:
        cols = [self.response, *self.labels.columns, self.group, self.step, self.prompt]
        return list(dict.fromkeys(c for c in cols if c))

    def response_of(self, record: Mapping[str, Any]) -> str:
        return _text(self.response, record)

    def prompt_of(self, record: Mapping[str, Any]) -> str | None:
        """The row's prompt text; None when there is no prompt column or the row leaves it
        empty (that response is scored without its prompt)."""
        if self.prompt is None or record.get(self.prompt) is None:
            return None
        value = record[self.prompt]
        text = prompt_text(value)
        if text is None:
            raise FieldError(
                self.prompt, f"expected text or chat messages, got {type(value).__name__}"
            )
        return text or None

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
    available: Sequence[str],
    sample: Mapping[str, Any] | None,
    given: Sequence[str] | None = None,
    schema: LabelSchema | None = None,
) -> LabelSource:
    """Pick the label columns for ``schema``'s labels (SafeGRPO's by default). ``given`` is 1
    column (struct/JSON) or 3 (visual, text, combined); any other label the schema declares is
    read from the column of its own name."""
    schema = schema or label_schema(SAFEGRPO)
    others = [label for label in schema.columns if label not in SAFETY_LABELS]
    found = tuple(label for label in others if label in available)
    if given:
        if len(given) not in (1, 3):
            raise ColumnError(
                "--label-cols takes 1 column (struct or JSON) or 3 (visual, text, combined); "
                f"got {len(given)}"
            )
        _require(available, given, "label")
        if len(given) == 1:
            return LabelSource(tuple(given), schema=schema)
        return LabelSource((*given, *found), (*SAFETY_LABELS, *found), schema)
    for names in LABEL_COLUMN_SETS:
        if all(n in available for n in names):
            return LabelSource((*names, *found), (*SAFETY_LABELS, *found), schema)
    for name in STRUCT_COLUMNS:
        if name in available and (sample is None or _holds_labels(sample.get(name), schema)):
            return LabelSource((name,), schema=schema)
    if found and not schema.required & set(SAFETY_LABELS):
        return LabelSource(found, found, schema)  # a protocol without SafeGRPO's verdicts
    also = f", plus {'/'.join(others)}" if others else ""
    raise ColumnError(
        "no label columns found: expected image_tag/text_tag/combine_tag or visual/text/combined"
        f"{also}, or a struct/JSON column ({', '.join(STRUCT_COLUMNS)}) holding them; columns "
        f"are {list(available)}; name them with --label-cols"
    )


def plan_prompt(available: Sequence[str], given: str | None = None) -> str | None:
    """The prompt column: ``given``, else the first of ``PROMPT_COLUMNS`` the source has."""
    if given:
        _require(available, [given], "prompt")
        return given
    return next((c for c in PROMPT_COLUMNS if c in available), None)


def plan_columns(
    available: Sequence[str],
    sample: Mapping[str, Any] | None = None,
    *,
    response: str | None = None,
    labels: Sequence[str] | None = None,
    group: str | None = None,
    prompt: str | None = None,
    label_schema: LabelSchema | None = None,
) -> ColumnPlan:
    """Pick the columns for scoring (labels as ``label_schema`` declares them: a reward's);
    raises ``ColumnError`` naming what is missing."""
    if response:
        _require(available, [response], "response")
    else:
        response = next((c for c in RESPONSE_COLUMNS if c in available), None)
        if response is None:
            raise ColumnError(
                f"no response column found: expected one of {list(RESPONSE_COLUMNS)}; columns "
                f"are {list(available)}; name it with --response-col"
            )
    source = plan_labels(available, sample, labels, label_schema)
    is_dump = all(c in available for c in VERL_DUMP_COLUMNS)
    if group:
        _require(available, [group], "group")
    elif is_dump:
        group = "input"
    step = "step" if is_dump and group == "input" and "step" in available else None
    return ColumnPlan(response, source, group, step, plan_prompt(available, prompt))


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


def _holds_labels(value: Any, schema: LabelSchema) -> bool:
    value = _decode(value)
    if isinstance(value, Mapping) and "ground_truth" in value:
        value = _decode(value["ground_truth"])
    return isinstance(value, Mapping) and _direct_labels(value, schema)


def _from_struct(column: str, record: Mapping[str, Any], schema: LabelSchema) -> SafetyLabels:
    if column not in record or record[column] is None:
        raise FieldError(column, "missing")
    value = _decode(record[column])
    if isinstance(value, Mapping) and "ground_truth" in value and not _direct_labels(value, schema):
        value = _decode(value["ground_truth"])
    if value is _TOO_DEEP:
        raise FieldError(column, "labels are not a JSON object: nested too deeply to read")
    if not isinstance(value, Mapping):
        raise FieldError(
            column, f"expected a struct or JSON object of labels, got {shown_value(value)}"
        )
    try:
        return schema.read(value)
    except LabelError as exc:
        raise FieldError(column, str(exc)) from None


def _direct_labels(value: Mapping[str, Any], schema: LabelSchema) -> bool:
    return any(k in value for k in (*LABEL_NAME, *schema.columns))
