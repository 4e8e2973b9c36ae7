"""Dataset labels for one prompt: the three safety verdicts a response is scored against."""

from __future__ import annotations

import json
import reprlib
from collections.abc import Mapping
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

from safereward.tags import Safety

LABEL_FIELDS = ("visual", "text", "combined")
DATASET_NAMES = {"visual": "image_tag", "text": "text_tag", "combined": "combine_tag"}
ALIASES = {
    "visual": ("visual", "image_tag", "visual_safe"),
    "text": ("text", "text_tag", "text_safe"),
    "combined": ("combined", "combine_tag", "combined_tag", "combined_safe"),
}
"""Every column name a row may give each label under; the first is the field's own."""
LABEL_FIELD = {alias: field for field, names in ALIASES.items() for alias in names}
"""Any accepted name of a label -> its field (``image_tag`` -> ``visual``)."""
_VERDICTS = {s.value: s for s in Safety}


class LabelError(ValueError):
    """Labels that cannot be used; the message names the field and the bad value."""


class SafetyLabels(BaseModel):
    """Ground truth for one prompt.

    Accepts the SafeTag-VL-3K names (``image_tag``, ``text_tag``, ``combine_tag``) and the
    short names (``visual``, ``text``, ``combined``); values are case- and
    whitespace-insensitive. Loud on anything else, including two names of one label that
    disagree: this runs at data-preparation time.
    """

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    visual: Safety = Field(validation_alias=AliasChoices(*ALIASES["visual"]))
    text: Safety = Field(validation_alias=AliasChoices(*ALIASES["text"]))
    combined: Safety = Field(validation_alias=AliasChoices(*ALIASES["combined"]))

    @field_validator("visual", "text", "combined", mode="before")
    @classmethod
    def _normalise(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.strip().lower()
        return value

    @classmethod
    def coerce(cls, labels: SafetyLabels | Mapping[str, Any] | str) -> SafetyLabels:
        """Build labels from a mapping, a JSON object string or labels; raise ``LabelError``.

        Checked by hand rather than by pydantic: it runs once per scored response, and it must
        see every alias a row gives to catch two that disagree."""
        if labels.__class__ is not dict:  # a plain dict is the usual row: skip the ABC check
            if isinstance(labels, SafetyLabels):
                return labels
            if isinstance(labels, (str, bytes)):
                try:
                    labels = json.loads(labels)
                except ValueError as exc:
                    raise LabelError(f"labels are not a JSON object: {exc}") from None
                except RecursionError:  # a hostile label must not abort a training step
                    raise LabelError(
                        "labels are not a JSON object: nested too deeply to read"
                    ) from None
            if not isinstance(labels, Mapping):
                raise LabelError(f"labels must be a mapping, got {type(labels).__name__}")
        if len(labels) == 3:  # the usual row: one name per label, no other key
            for a, b, c in _CANONICAL:
                try:
                    return _INTERNED[
                        _VERDICTS[labels[a]], _VERDICTS[labels[b]], _VERDICTS[labels[c]]
                    ]
                except (KeyError, TypeError):  # another spelling, or a bad value: said below
                    pass
        values: dict[str, Safety] = {}
        problems: list[str] = []
        for field, names in ALIASES.items():
            given = [(name, labels[name]) for name in names if name in labels]
            if len(given) == 1:  # the usual row: one name per label, a valid value
                value = _verdict(given[0][1])
                if value is not None:
                    values[field] = value
                    continue
            if not given:
                problems.append(
                    f"missing label {field!r} (column {DATASET_NAMES[field]!r} or {field!r})"
                )
                continue
            read = [(name, raw, _verdict(raw)) for name, raw in given]
            bad = [
                f"label {n!r} has invalid value {shown_value(raw)}"
                for n, raw, v in read
                if v is None
            ]
            if bad:
                problems.extend(f"{b}: expected 'safe' or 'unsafe'" for b in bad)
                continue
            (first, raw, value), *others = read
            for name, other_raw, other in others:
                if other is not value:
                    problems.append(
                        f"label columns {first!r} ({shown_value(raw)}) and {name!r} "
                        f"({shown_value(other_raw)}) disagree on {field!r}"
                    )
            values[field] = value  # type: ignore[assignment]
        if problems:
            raise LabelError("; ".join(problems) + f" (given keys: {_keys(labels)})")
        return _INTERNED[values["visual"], values["text"], values["combined"]]

    def as_dataset_row(self) -> dict[str, str]:
        """The SafeTag-VL-3K column names and values."""
        return {DATASET_NAMES[f]: getattr(self, f).value for f in LABEL_FIELDS}


_CANONICAL = (tuple(DATASET_NAMES.values()), LABEL_FIELDS)
_INTERNED = {
    (v, t, c): SafetyLabels(visual=v, text=t, combined=c)
    for v in Safety
    for t in Safety
    for c in Safety
}
"""The eight possible label sets, built once: ``coerce`` runs once per scored response, and
labels are frozen, so every row can share them."""


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
