"""Dataset labels for one prompt: the three safety verdicts a response is scored against."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator

from safereward.tags import Safety

LABEL_FIELDS = ("visual", "text", "combined")
DATASET_NAMES = {"visual": "image_tag", "text": "text_tag", "combined": "combine_tag"}


class LabelError(ValueError):
    """Labels that cannot be used; the message names the field and the bad value."""


class SafetyLabels(BaseModel):
    """Ground truth for one prompt.

    Accepts the SafeTag-VL-3K names (``image_tag``, ``text_tag``, ``combine_tag``) and the
    short names (``visual``, ``text``, ``combined``); values are case- and
    whitespace-insensitive. Loud on anything else: this runs at data-preparation time.
    """

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    visual: Safety = Field(validation_alias=AliasChoices("visual", "image_tag", "visual_safe"))
    text: Safety = Field(validation_alias=AliasChoices("text", "text_tag", "text_safe"))
    combined: Safety = Field(
        validation_alias=AliasChoices("combined", "combine_tag", "combined_tag", "combined_safe")
    )

    @field_validator("visual", "text", "combined", mode="before")
    @classmethod
    def _normalise(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.strip().lower()
        return value

    @classmethod
    def coerce(cls, labels: SafetyLabels | Mapping[str, Any] | str) -> SafetyLabels:
        """Build labels from a mapping, a JSON object string or labels; raise ``LabelError``."""
        if isinstance(labels, SafetyLabels):
            return labels
        if isinstance(labels, (str, bytes)):
            try:
                labels = json.loads(labels)
            except ValueError as exc:
                raise LabelError(f"labels are not a JSON object: {exc}") from None
        if not isinstance(labels, Mapping):
            raise LabelError(f"labels must be a mapping, got {type(labels).__name__}")
        try:
            return cls.model_validate(dict(labels))
        except ValidationError as exc:
            raise LabelError(_describe(exc, labels)) from None

    def as_dataset_row(self) -> dict[str, str]:
        """The SafeTag-VL-3K column names and values."""
        return {DATASET_NAMES[f]: getattr(self, f).value for f in LABEL_FIELDS}


def _describe(exc: ValidationError, given: Mapping[str, Any]) -> str:
    parts = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "labels"
        if err["type"] == "missing":
            aliases = {"visual": "image_tag", "text": "text_tag", "combined": "combine_tag"}
            name = aliases.get(field, field)
            parts.append(f"missing label {field!r} (column {name!r} or {field!r})")
        else:
            parts.append(
                f"label {field!r} has invalid value {err.get('input')!r}: "
                "expected 'safe' or 'unsafe'"
            )
    return "; ".join(parts) + f" (given keys: {sorted(map(str, given))})"
