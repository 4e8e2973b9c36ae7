"""Declarative description of a step-guided output protocol.

A schema names the blocks a response must contain (``<think>``, ``<answer>``), the tags inside
each, their order, cardinality and allowed values. The scanner, the Lark grammar, the validator
and the hypothesis strategies are all derived from it, so a new protocol needs no new parser.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from importlib import resources
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar

import regex
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

NAME_PATTERN = r"[A-Za-z][A-Za-z0-9_]*"
Cardinality = Literal["one", "optional", "many"]
Role = Literal["reasoning", "answer", "other"]

SAFETY_LABELS: dict[str, str] = {
    "image_tag": "visual",
    "text_tag": "text",
    "combine_tag": "combined",
}
"""SafeGRPO's three labels, by their SafeTag-VL-3K column names, and the short name each also
goes by. Each is a safe/unsafe verdict, and the SafeGRPO rules (TAG, BEHAVIOR) compare them.
Every other module reads the names from here; any other label is whatever a schema declares."""
VERDICTS = ("safe", "unsafe")


class TagSpec(BaseModel):
    """A leaf tag such as ``<visual_safe>unsafe</visual_safe>``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=f"^{NAME_PATTERN}$")
    values: tuple[str, ...] | None = ("safe", "unsafe")
    """Allowed values after stripping and lower-casing; None with ``pattern`` or for free text."""
    pattern: str | None = None
    """A regular expression the stripped value must match in full (instead of ``values``)."""
    cardinality: Cardinality = "one"
    label: str | None = Field(None, pattern=f"^{NAME_PATTERN}$")
    """The dataset label (a column name) this tag's value is compared with; its allowed values
    are the tag's. Rules find tags through it, so a protocol may name its tags as it likes.
    SafeGRPO's three (``SAFETY_LABELS``, or their short names) are safe/unsafe verdicts."""

    @model_validator(mode="before")
    @classmethod
    def _pattern_replaces_values(cls, data: Any) -> Any:
        # A tag given only a pattern is not also restricted to the default safe/unsafe values.
        if isinstance(data, Mapping) and data.get("pattern") is not None and "values" not in data:
            return {**data, "values": None}
        return data

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

    @field_validator("label")
    @classmethod
    def _canonical_label(cls, label: str | None) -> str | None:
        # `label: combined` means SafeGRPO's combine_tag: one label, one name downstream.
        return _SHORT_TO_LABEL.get(label, label) if label is not None else None

    @model_validator(mode="after")
    def _one_constraint(self) -> TagSpec:
        if (
            self.pattern is not None
            and self.values is not None
            and "values" in self.model_fields_set
        ):
            raise ValueError(f"tag {self.name!r}: give either values or pattern, not both")
        if self.label in SAFETY_LABELS and not (
            self.values is not None and set(self.values) <= set(VERDICTS)
        ):
            raise ValueError(
                f"tag {self.name!r} declares label {self.label!r}, a safe/unsafe verdict; give "
                "it values [safe, unsafe] (or declare a label of another name)"
            )
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
_SHORT_TO_LABEL = {short: label for label, short in SAFETY_LABELS.items()}


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
            raise ValueError(f"names used twice: {', '.join(dupes)}")
        if any(b.prefilled for b in self.blocks[1:]):
            raise ValueError("only the first block can be prefilled by the chat template")
        for what, claimed in (
            ("role", [b.role for b in self.blocks if b.role != "other"]),
            ("label", [t.label for b in self.blocks for t in b.tags if t.label]),
        ):
            twice = sorted({c for c in claimed if claimed.count(c) > 1})
            if twice:
                raise ValueError(f"{what} {', '.join(twice)} declared more than once")
        return self

    @property
    def roles(self) -> Roles:
        """Which block plays which role and which tag carries which label."""
        return _roles(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Schema:
        """Validate a plain mapping; raises ``SchemaError`` naming each bad field."""
        if not isinstance(data, Mapping):
            raise SchemaError(f"a schema is a mapping with name and blocks, got {_kind(data)}")
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            raise SchemaError(_describe(exc, data.get("name"))) from None

    @classmethod
    def from_yaml(cls, source: str | Path) -> Schema:
        """Load from a YAML file path or a YAML string; raises ``SchemaError``."""
        import yaml

        try:
            text = Path(source).read_text() if _looks_like_path(source) else str(source)
            data = yaml.safe_load(text)
        except OSError as exc:
            raise SchemaError(f"cannot read schema file: {exc}") from None
        except yaml.YAMLError as exc:
            raise SchemaError(f"schema is not valid YAML: {_yaml_problem(exc)}") from None
        return cls.from_dict(data)

    @classmethod
    def builtin(cls, name: str) -> Schema:
        """A schema shipped with the library (see ``BUILTIN_SCHEMAS``), the same object each
        call so that the parser built for it is reused."""
        if name == "safegrpo":
            return SAFEGRPO
        if name not in BUILTIN_SCHEMAS:
            known = ", ".join(BUILTIN_SCHEMAS)
            raise SchemaError(f"no built-in schema {name!r}; built-in schemas: {known}")
        cached = _BUILTINS.get(name)
        if cached is None:
            text = resources.files("safereward").joinpath(f"data/schemas/{name}.yaml").read_text()
            cached = _BUILTINS[name] = cls.from_yaml(text)
        return cached

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

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label a tag declares, in schema order."""
        return tuple(self.roles.labels)


class Roles(NamedTuple):
    """What rules read, found through the schema's declarations instead of its names."""

    answer: str | None
    """The block with ``role: answer``."""
    reasoning: str | None
    """The block with ``role: reasoning``."""
    labels: Mapping[str, str]
    """Each declared label (``image_tag``, ``risk_category``, ...) -> the tag declaring it, in
    schema order."""


T = TypeVar("T")


def per_schema(build: Callable[[Schema], T]) -> Callable[[Schema], T]:
    """Cache what is compiled from a schema (scanner, grammar, parser, roles), by identity:
    hashing a schema costs more than a parse. Each entry holds its schema, so an id is never
    reused while cached; a race builds the same value twice, which is harmless."""
    cache: dict[int, tuple[Schema, T]] = {}

    @wraps(build)
    def get(schema: Schema) -> T:
        entry = cache.get(id(schema))
        if entry is None or entry[0] is not schema:
            entry = cache[id(schema)] = (schema, build(schema))
        return entry[1]

    return get


@per_schema
def _roles(schema: Schema) -> Roles:
    by_role = {b.role: b.name for b in schema.blocks}
    labels = {t.label: t.name for b in schema.blocks for t in b.tags if t.label}
    return Roles(by_role.get("answer"), by_role.get("reasoning"), labels)


class SchemaError(ValueError):
    """A schema that cannot be built or loaded; the message names the field and the reason."""


def load_schema(source: str | Path | Schema) -> Schema:
    """A schema by built-in name (``safegrpo``, ``r1``, ...) or from a YAML file path."""
    if isinstance(source, Schema):
        return source
    if isinstance(source, str) and source in BUILTIN_SCHEMAS:
        return Schema.builtin(source)
    path = Path(source)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise SchemaError(f"schema file {str(path)!r} does not exist or is not a file")
        try:
            return Schema.from_yaml(path)
        except SchemaError as exc:
            raise SchemaError(f"{path}: {exc}") from None
    known = ", ".join(BUILTIN_SCHEMAS)
    raise SchemaError(
        f"{str(source)!r} is neither a built-in schema ({known}) nor a YAML file path"
    )


def _describe(exc: ValidationError, name: Any) -> str:
    what = f"schema {name!r}" if isinstance(name, str) else "schema"
    return f"invalid {what}: " + describe_errors(exc)


def describe_errors(exc: ValidationError) -> str:
    """Each problem of a pydantic validation as ``where: why``, for config-boundary errors."""
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        message = str(err["msg"]).removeprefix("Value error, ")
        if not where:
            problems.append(message)
        elif err["type"] in ("value_error", "missing"):
            problems.append(f"{where}: {message}")
        else:
            problems.append(f"{where}: {message} (got {err.get('input')!r})")
    return "; ".join(problems)


def _yaml_problem(exc: Exception) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    return f"{problem} at line {mark.line + 1}, column {mark.column + 1}" if mark else problem


def _kind(data: Any) -> str:
    return "nothing" if data is None else type(data).__name__


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
            tags=tuple(
                TagSpec(name=name, label=label)
                for name, label in zip(
                    ("visual_safe", "text_safe", "combined_safe"), SAFETY_LABELS, strict=True
                )
            ),
        ),
        BlockSpec(name="answer", role="answer", nonempty=True),
    ),
)
"""The SafeGRPO protocol: three verdicts in order inside the reasoning, then one answer."""

BUILTIN_SCHEMAS = ("safegrpo", "r1", "safegrpo_risk", "stepwise")
"""Names ``Schema.builtin``/``load_schema`` accept; all but safegrpo are YAML files in
``safereward/data/schemas``."""
_BUILTINS: dict[str, Schema] = {}
