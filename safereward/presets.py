"""Presets: how a response is read and judged, as plain frozen config.

``strict`` parses with a schema (SafeGRPO's by default) and judges behaviour with the default
refusal judge. ``paper`` reads like the released code (first tag wins, lenient format) and
judges with its nine keywords, reproducing its numbers exactly.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from safereward.paper import read_paper
from safereward.parse import parse
from safereward.rules import Term
from safereward.schema import SAFEGRPO, Schema, load_schema
from safereward.tags import ParsedOutput

PresetName = Literal["strict", "paper"]


@dataclass(frozen=True)
class SchemaReader:
    """Reads a response by parsing it with ``schema``."""

    schema: Schema = SAFEGRPO

    def __call__(self, text: str) -> ParsedOutput:
        return parse(text, self.schema)


@dataclass(frozen=True)
class PaperReader:
    """Reads a response the way the released reward does."""

    def __call__(self, text: str) -> ParsedOutput:
        return read_paper(text)


class Weights(BaseModel):
    """Weights of the tag and behaviour terms inside the format gate; they sum to 1."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tag: float = Field(0.5, ge=0.0, le=1.0)
    behavior: float = Field(0.5, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _sum_to_one(self) -> Weights:
        total = self.tag + self.behavior
        if not math.isclose(total, 1.0, abs_tol=1e-9):
            raise ValueError(f"weights must sum to 1 so the reward stays in [0, 1]; got {total}")
        return self


class RewardConfig(BaseModel):
    """Everything that configures a ``SafeGRPOReward``, as trainers pass it (dict, YAML, kwargs)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    preset: PresetName = "strict"
    judge: str | None = None
    """Judge name; None means the preset's own (default judge for strict, keywords for paper)."""
    judge_kwargs: dict[str, Any] = Field(default_factory=dict)
    weights: Weights = Weights()
    schema_: str | None = Field(None, alias="schema")
    """A built-in schema name or a YAML path (strict preset only); None: SafeGRPO's."""
    expression: str | None = None
    """``"package.module:name"`` of a reward expression (a ``Term``) that replaces the weighted
    SafeGRPO formula, so trainer configs can carry custom rules."""

    @field_validator("schema_")
    @classmethod
    def _schema_loads(cls, value: str | None) -> str | None:
        if value is not None:
            load_schema(value)  # a SchemaError (a ValueError) names what is wrong
        return value

    @field_validator("expression")
    @classmethod
    def _expression_imports(cls, value: str | None) -> str | None:
        if value is not None:
            load_expression(value)
        return value

    @model_validator(mode="after")
    def _paper_reads_one_format(self) -> RewardConfig:
        if self.preset == "paper" and self.schema_ is not None:
            raise ValueError("the paper preset reads the released format; it takes no schema")
        return self

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> RewardConfig:
        """Validate trainer-style config; flat ``tag_weight``/``behavior_weight`` are accepted."""
        raw = dict(data or {})
        flat = {k: raw.pop(k) for k in ("tag_weight", "behavior_weight") if k in raw}
        if flat:
            weights = dict(raw.get("weights") or {})
            weights.update({k.removesuffix("_weight"): v for k, v in flat.items()})
            raw["weights"] = weights
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'config'}: {e['msg']} (got {e.get('input')!r})"
                for e in exc.errors()
            )
            raise ValueError(f"invalid safereward config: {problems}") from None


def load_expression(path: str) -> Term:
    """The reward expression at ``"package.module:name"``; ``ValueError`` says what is wrong."""
    module, _, name = path.partition(":")
    if not module or not name:
        raise ValueError(f"expression {path!r} is not of the form 'package.module:name'")
    try:
        found = getattr(importlib.import_module(module), name)
    except ImportError as exc:
        raise ValueError(f"expression {path!r}: cannot import {module!r}: {exc}") from None
    except AttributeError:
        raise ValueError(f"expression {path!r}: {module!r} has no {name!r}") from None
    if not isinstance(found, Term):
        kind = type(found).__name__
        raise ValueError(f"expression {path!r} is a {kind}, not a reward expression (Term)")
    return found


PRESET_JUDGES: dict[str, str | None] = {"strict": None, "paper": "keywords-paper"}
"""A preset's judge when the config names none (None: the library default)."""


def reader_for(preset: str, schema: Schema | None = None) -> SchemaReader | PaperReader:
    if preset == "paper":
        if schema is not None:
            raise ValueError("the paper preset reads the released format; it takes no schema")
        return PaperReader()
    return SchemaReader(schema or SAFEGRPO)
