"""Declarative description of a step-guided output protocol.

A schema names the blocks a response must contain (``<think>``, ``<answer>``), the tags inside
each, their order, cardinality and allowed values. The scanner, the Lark grammar, the validator
and the hypothesis strategies are all derived from it, so a new protocol needs no new parser.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

NAME_PATTERN = r"[A-Za-z][A-Za-z0-9_]*"
Cardinality = Literal["one", "optional", "many"]
Role = Literal["reasoning", "answer", "other"]


class TagSpec(BaseModel):
    """A leaf tag such as ``<visual_safe>unsafe</visual_safe>``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=f"^{NAME_PATTERN}$")
    values: tuple[str, ...] | None = ("safe", "unsafe")
    """Allowed values after stripping and lower-casing; None with ``pattern`` or for free text."""
    pattern: str | None = None
    """A regular expression the stripped value must match in full (instead of ``values``)."""
    cardinality: Cardinality = "one"

    @field_validator("values")
    @classmethod
    def _lower(cls, values: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if values is None:
            return None
        if not values:
            raise ValueError("values must not be empty; use null for free text")
        return tuple(v.strip().lower() for v in values)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                regex.compile(pattern)
            except regex.error as exc:
                raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from None
        return pattern

    @model_validator(mode="after")
    def _one_constraint(self) -> TagSpec:
        if (
            self.pattern is not None
            and self.values is not None
            and "values" in self.model_fields_set
        ):
            raise ValueError(f"tag {self.name!r}: give either values or pattern, not both")
        return self

    def normalise(self, raw: str) -> str | None:
        """The canonical value of ``raw``, or None when it is not allowed."""
        value = raw.strip()
        if self.pattern is not None:
            return value if _compiled(self.pattern).fullmatch(value) else None
        value = value.lower()
        if self.values is None:
            return value
        return value if value in self.values else None


def _compiled(pattern: str) -> regex.Pattern[str]:
    cached = _PATTERNS.get(pattern)
    if cached is None:
        cached = _PATTERNS[pattern] = regex.compile(pattern)
    return cached


_PATTERNS: dict[str, regex.Pattern[str]] = {}


class BlockSpec(BaseModel):
    """A top-level block such as ``<think>...</think>`` and the tags it must hold."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=f"^{NAME_PATTERN}$")
    role: Role = "other"
    tags: tuple[TagSpec, ...] = ()
    ordered: bool = True
    prefilled: bool = False
    """The opening tag may be missing because the chat template already emitted it."""
    nonempty: bool = False
    """The block's text must contain more than whitespace."""


class Schema(BaseModel):
    """The whole protocol: blocks in order, each exactly once, whitespace between them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    blocks: tuple[BlockSpec, ...]
    case_sensitive: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Schema:
        if not self.blocks:
            raise ValueError("a schema needs at least one block")
        names = [b.name.lower() for b in self.blocks] + [
            t.name.lower() for b in self.blocks for t in b.tags
        ]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"schema {self.name!r}: names used twice: {', '.join(dupes)}")
        if any(b.prefilled for b in self.blocks[1:]):
            raise ValueError("only the first block can be prefilled by the chat template")
        return self

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Schema:
        return cls.model_validate(dict(data))

    @classmethod
    def from_yaml(cls, source: str | Path) -> Schema:
        """Load from a YAML file path or a YAML string."""
        import yaml

        text = Path(source).read_text() if _looks_like_path(source) else str(source)
        return cls.from_dict(yaml.safe_load(text))

    def tag(self, name: str) -> TagSpec:
        for block in self.blocks:
            for spec in block.tags:
                if spec.name == name:
                    return spec
        raise KeyError(f"schema {self.name!r} has no tag {name!r}")

    def block_of(self, tag: str) -> BlockSpec:
        for block in self.blocks:
            if any(t.name == tag for t in block.tags):
                return block
        raise KeyError(f"schema {self.name!r} has no tag {tag!r}")

    @property
    def tag_names(self) -> tuple[str, ...]:
        return tuple(t.name for b in self.blocks for t in b.tags)


def _looks_like_path(source: str | Path) -> bool:
    if isinstance(source, Path):
        return True
    return "\n" not in source and source.endswith((".yaml", ".yml")) and Path(source).exists()


SAFEGRPO = Schema(
    name="safegrpo",
    blocks=(
        BlockSpec(
            name="think",
            role="reasoning",
            prefilled=True,
            tags=(
                TagSpec(name="visual_safe"),
                TagSpec(name="text_safe"),
                TagSpec(name="combined_safe"),
            ),
        ),
        BlockSpec(name="answer", role="answer", nonempty=True),
    ),
)
"""The SafeGRPO protocol: three verdicts in order inside the reasoning, then one answer."""
