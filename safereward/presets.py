"""Presets and configuration: how a response is read and judged, as plain frozen config.

``strict`` parses with a schema (SafeGRPO's by default) and reads the judge as a three-way
answer verdict (``safereward.answers``). ``paper`` reads like the released code (first tag
wins, lenient format) and judges with its nine keywords, two-way, reproducing its numbers
exactly. ``strict-guard`` is ``strict`` with a guard model as judge (``judge="guard"``, its
options in ``judge_kwargs``) and the harm terms in the expression (``safereward.harm``).
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from safereward.answers import STRICT_POLICY, AnswerPolicy
from safereward.paper import read_paper
from safereward.parse import parser_for
from safereward.rules import Term
from safereward.schema import SAFEGRPO, Schema, describe_errors, load_schema
from safereward.tags import ParsedOutput

PresetName = Literal["strict", "paper", "strict-guard"]
PRESETS: tuple[str, ...] = ("strict", "paper", "strict-guard")
Reader = Callable[[str], ParsedOutput]


class Weights(BaseModel):
    """Weights of the terms inside the format gate; they sum to 1.

    ``tag`` and ``behavior`` weigh SafeGRPO's terms; any other key names a label the schema
    declares and weighs ``tag_match(label)`` (1 when its tag states the row's value), so a
    config rewards a new labelled tag without code: ``{tag: 0.4, behavior: 0.4,
    risk_category: 0.2}``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    tag: float = Field(0.5, ge=0.0, le=1.0)
    behavior: float = Field(0.5, ge=0.0, le=1.0)
    labels: dict[str, Annotated[float, Field(ge=0.0, le=1.0)]] = Field(default_factory=dict)
    """Label -> weight of its ``tag_match`` term."""

    @model_validator(mode="before")
    @classmethod
    def _labels_by_name(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        own = {"tag", "behavior", "labels"}
        named = {str(k): v for k, v in data.items() if k not in own}
        if not named:
            return data
        return {
            **{k: v for k, v in data.items() if k in own},
            "labels": {**named, **dict(data.get("labels") or {})},
        }

    @model_validator(mode="after")
    def _sum_to_one(self) -> Weights:
        total = self.tag + self.behavior + sum(self.labels.values())
        if not math.isclose(total, 1.0, abs_tol=1e-9):
            raise ValueError(f"weights must sum to 1 so the reward stays in [0, 1]; got {total}")
        return self


class RewardConfig(BaseModel):
    """Everything that configures a ``SafeGRPOReward``, as trainers pass it (dict, YAML, kwargs).

    A config is trusted like code: ``expression`` names a module that is imported (running
    its top-level code) to find the rules. Load configs only from sources you would run.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    preset: PresetName = "strict"
    judge: str | None = None
    """Judge name; None means the preset's own (default judge for strict, keywords for paper)."""
    judge_kwargs: dict[str, Any] = Field(default_factory=dict)
    """Keyword arguments for the named ``judge`` (an error without one)."""
    weights: Weights = Weights()
    schema_: str | None = Field(None, alias="schema")
    """A built-in schema name or a YAML path (strict preset only); None: SafeGRPO's."""
    expression: str | None = None
    """``"package.module:name"`` of a reward expression (a ``Term``) that replaces the weighted
    SafeGRPO formula, so trainer configs can carry custom rules. Importing it runs the module."""
    help_weights: str | None = None
    """A help judge's weights file (``python -m safereward.refusal.training --judge help
    --out-dir DIR`` writes ``DIR/help_weights.npz``) for the strict verdict; None: the
    shipped one."""

    @field_validator("schema_", "expression", "help_weights")
    @classmethod
    def _loads(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Each key that names a file or module is loaded once here, so a bad one fails at the
        config with its own error (a ValueError: SchemaError, WeightsError, ...)."""
        if value is not None:
            _LOADERS[info.field_name](value)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> RewardConfig:
        check_preset_schema(self.preset, self.schema_)
        if self.judge_kwargs and self.judge is None and PRESET_JUDGES[self.preset] is None:
            raise ValueError(
                "judge_kwargs configure a named judge; give 'judge' too (e.g. judge: lexical)"
            )
        if self.help_weights is not None and PRESET_POLICIES[self.preset] is None:
            raise ValueError(
                f"help_weights configure the strict verdict's help judge; the {self.preset} "
                "preset reads answers the released way, with no help judge"
            )
        return self

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> RewardConfig:
        """Validate trainer-style config; flat ``tag_weight``/``behavior_weight`` are accepted.
        Raises ``ValueError`` naming each bad key."""
        if data is not None and not isinstance(data, Mapping):
            raise ValueError(
                "invalid safereward config: expected a mapping of settings (preset, judge, "
                f"schema, ...), got {type(data).__name__}"
            )
        raw = dict(data or {})
        flat = {k: raw.pop(k) for k in ("tag_weight", "behavior_weight") if k in raw}
        if flat:
            weights = dict(raw.get("weights") or {})
            weights.update({k.removesuffix("_weight"): v for k, v in flat.items()})
            raw["weights"] = weights
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            raise ValueError(f"invalid safereward config: {describe_errors(exc)}") from None


def check_preset_schema(preset: str, schema: Schema | str | None) -> None:
    """The paper preset reads the released format only."""
    if preset == "paper" and schema is not None:
        raise ValueError("the paper preset reads the released format; it takes no schema")


def load_expression(path: str) -> Term:
    """The reward expression at ``"package.module:name"``; ``ValueError`` says what is wrong.
    Imports the module: only name code you trust."""
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


def _load_help_judge(path: str) -> object:
    from safereward.refusal.help import load_help_judge  # numpy models: loaded when named

    return load_help_judge(path)


_LOADERS: dict[str, Callable[[str], object]] = {
    "schema_": load_schema,
    "expression": load_expression,
    "help_weights": _load_help_judge,
}
"""How ``RewardConfig`` checks each key that names a file or module: by loading it."""


PRESET_JUDGES: dict[str, str | None] = {
    "strict": None,
    "paper": "keywords-paper",
    "strict-guard": "guard",
}
"""A preset's judge when the config names none (None: the library default)."""
PRESET_POLICIES: dict[str, AnswerPolicy | None] = {
    "strict": STRICT_POLICY,
    "paper": None,
    "strict-guard": STRICT_POLICY,
}
"""How a preset reads the judge: strict's three-way verdict, or the released two-way one."""


def reader_for(preset: str, schema: Schema = SAFEGRPO) -> Reader:
    """How ``preset`` reads a response: the paper's lenient reading, or the schema's parser."""
    return read_paper if preset == "paper" else parser_for(schema)
