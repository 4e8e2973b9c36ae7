"""Typed results of parsing a step-guided response.

These are the boundary types users see: immutable, comparable, serialisable. The parser
builds them once per response; nothing downstream mutates them.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, PrivateAttr, computed_field

from safereward.schema import SAFEGRPO, SAFETY_LABELS, Roles


def as_text(value: Any) -> str:
    """Whatever a trainer hands over, as the text to judge: bytes decoded, None empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return "" if value is None else str(value)


class Safety(str, Enum):
    """A safety verdict, as a tag value or a dataset label."""

    SAFE = "safe"
    UNSAFE = "unsafe"


class ViolationKind(str, Enum):
    """Why a response fails the format gate. Stable strings: they appear in logs and reports."""

    MISSING_TAG = "missing_tag"
    DUPLICATE_TAG = "duplicate_tag"
    OUT_OF_ORDER = "out_of_order"
    TAG_OUTSIDE_REASONING = "tag_outside_reasoning"
    TAG_IN_ANSWER = "tag_in_answer"
    INVALID_VALUE = "invalid_value"
    UNCLOSED_BLOCK = "unclosed_block"
    UNCLOSED_TAG = "unclosed_tag"
    STRAY_CLOSE = "stray_close"
    MISSING_BLOCK = "missing_block"
    DUPLICATE_BLOCK = "duplicate_block"
    MULTIPLE_ANSWERS = "multiple_answers"
    EMPTY_ANSWER = "empty_answer"
    TEXT_OUTSIDE_BLOCKS = "text_outside_blocks"
    TEXT_AFTER_ANSWER = "text_after_answer"
    GRAMMAR = "grammar"
    TOO_MANY = "too_many_violations"


class Violation(BaseModel):
    """One reason the format gate failed, anchored at a character offset of the response."""

    model_config = ConfigDict(frozen=True)

    kind: ViolationKind
    offset: int
    message: str
    tag: str | None = None

    def __str__(self) -> str:
        return f"{self.kind.value} at {self.offset}: {self.message}"


class Span(NamedTuple):
    """Half-open character range ``[start, end)`` in the original response."""

    start: int
    end: int


class TagValue(NamedTuple):
    """One occurrence of a tag: its raw text, normalised value and where it sits.

    A named tuple rather than a model: a parse makes several, and the parser is a hot path.
    """

    name: str
    raw: str
    value: str | None
    """The normalised value (stripped, lower-cased); None when it is not an allowed value."""
    span: Span
    block: str | None
    """The block the tag sits in (e.g. ``think``), None when outside every block."""


class ParsedOutput(BaseModel):
    """A response as the schema sees it.

    ``blocks`` maps a block name to the text inside it (first occurrence) and ``tags`` maps a
    tag name to every occurrence in order, so that lenient readers ("first tag wins") and strict
    readers ("exactly once") work from the same parse. ``answer``, ``reasoning`` and the
    per-label verdicts are found through the schema's roles and labels, not its names.
    """

    model_config = ConfigDict(frozen=True)

    text_length: int
    content_spans: dict[str, Span]
    """Where each block's text lies (first occurrence), between its markers."""
    block_spans: dict[str, Span]
    tags: dict[str, tuple[TagValue, ...]]
    violations: tuple[Violation, ...]
    _text: str = PrivateAttr(default="")
    _roles: Roles = PrivateAttr(default=SAFEGRPO.roles)

    @classmethod
    def trusted(
        cls,
        text: str,
        content_spans: dict[str, Span],
        block_spans: dict[str, Span],
        tags: dict[str, tuple[TagValue, ...]],
        violations: tuple[Violation, ...],
        roles: Roles = SAFEGRPO.roles,
    ) -> ParsedOutput:
        """Build without validation, for the parser's own well-typed values.

        Validating a parse re-checks every nested tuple and costs more than the parse itself.
        The response text is kept privately so that ``blocks`` can be sliced on demand; it
        travels with pickling, and ``model_dump`` includes the sliced ``blocks``.
        """
        self = _new(cls)
        fields = {
            "text_length": len(text),
            "content_spans": content_spans,
            "block_spans": block_spans,
            "tags": tags,
            "violations": violations,
        }
        object.__setattr__(self, "__dict__", fields)
        _set_fields_set(self, _ALL_FIELDS)
        _set_extra(self, None)
        _set_private(self, {"_text": text, "_roles": roles})
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def blocks(self) -> dict[str, str]:
        """Each block's text, sliced on demand: copying a long reasoning on every parse would
        cost more than finding it."""
        text = self._private["_text"]
        return {name: text[start:end] for name, (start, end) in self.content_spans.items()}

    @property
    def _private(self) -> dict[str, Any]:
        # Read private attributes from pydantic's own dict: its ``__getattr__`` route costs
        # microseconds per access, more than a rule, and rules read them for every response.
        return self.__pydantic_private__  # type: ignore[return-value]

    def _block(self, name: str | None) -> str | None:
        span = self.content_spans.get(name) if name is not None else None
        return None if span is None else self._private["_text"][span[0] : span[1]]

    @property
    def ok(self) -> bool:
        return not self.violations

    def value(self, tag: str) -> str | None:
        """Normalised value of the first occurrence of ``tag`` (None if absent or invalid)."""
        found = self.tags.get(tag)
        return found[0].value if found else None

    def safety(self, tag: str) -> Safety | None:
        value = self.value(tag)
        return Safety(value) if value in ("safe", "unsafe") else None

    def label_value(self, label: str) -> str | None:
        """Normalised value of the tag that declares ``label``; None when none does."""
        tag = self._private["_roles"].labels.get(label)
        if tag is None:
            return None
        found = self.tags.get(tag)
        return found[0].value if found else None

    def predicted(self, label: str) -> Safety | None:
        """The verdict of the tag that declares ``label`` (one of ``SAFETY_LABELS``); None when
        no tag declares it or its value is not a verdict."""
        tag = self._private["_roles"].labels.get(label)
        return None if tag is None else self.safety(tag)

    @property
    def reasoning(self) -> str | None:
        """The text of the block with ``role: reasoning``."""
        return self._block(self._private["_roles"].reasoning)

    @property
    def answer(self) -> str | None:
        """The text of the block with ``role: answer``."""
        private = self.__pydantic_private__  # read once per response by the reward: inlined
        span = self.content_spans.get(private["_roles"].answer)  # type: ignore[index]
        return None if span is None else private["_text"][span[0] : span[1]]  # type: ignore[index]

    @property
    def visual(self) -> Safety | None:
        return self.predicted(_VISUAL)

    @property
    def text(self) -> Safety | None:
        return self.predicted(_TEXT)

    @property
    def combined(self) -> Safety | None:
        return self.predicted(_COMBINED)


_VISUAL, _TEXT, _COMBINED = SAFETY_LABELS


_new = object.__new__  # BaseModel has no __new__ of its own
# Slots pydantic's own construction fills besides __dict__, set through their descriptors:
# cheaper than object.__setattr__, which looks each name up first.
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
_ALL_FIELDS = set(ParsedOutput.model_fields)
"""Shared by every trusted ParsedOutput: frozen models never add to it, and pydantic copies it
before ``model_copy(update=...)`` does."""
