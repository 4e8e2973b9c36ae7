"""The released SafeGRPO reading of a response, in linear time.

The authors' reward decides format with one regex of four lazy ``.*?`` segments and reads each
tag with "first match wins". Its language is: somewhere a valid visual tag, later a valid text
tag, later a valid combined tag, later ``</think>`` then whitespace then ``<answer>``, and the
response ends in ``</answer>`` plus whitespace. Taking the earliest match at each step decides
that language exactly, without backtracking. ``safereward.reference`` keeps the regex itself
and the tests check the two agree.
"""

from __future__ import annotations

import re

from safereward.tags import ParsedOutput, Span, TagValue, Violation, ViolationKind, as_text

_FLAGS = re.IGNORECASE | re.DOTALL
PAPER_TAGS = ("visual_safe", "text_safe", "combined_safe")
_TAG = {name: re.compile(rf"<{name}>\s*(safe|unsafe)\s*</{name}>", _FLAGS) for name in PAPER_TAGS}
_THINK_THEN_ANSWER = re.compile(r"</think>\s*<answer>", _FLAGS)
_OPEN_ANSWER = re.compile(r"<answer>", _FLAGS)
_CLOSE_ANSWER = re.compile(r"</answer>", _FLAGS)
_CLOSE_LENGTH = len("</answer>")


def read_paper(text: str) -> ParsedOutput:
    """What the released reward sees: first valid tags, first answer, and its format verdict."""
    text = as_text(text)
    tags: dict[str, tuple[TagValue, ...]] = {}
    for name, pattern in _TAG.items():
        m = pattern.search(text)
        if m:
            span = Span(m.start(), m.end())
            tags[name] = (TagValue(name, m.group(1), m.group(1).lower(), span, None),)
    blocks, spans = {}, {}
    # Same as searching <answer>(.*?)</answer>: if the first <answer> has no </answer> after
    # it, no later one has. Two literal searches keep it linear where the lazy regex is not.
    opening = _OPEN_ANSWER.search(text)
    closing = _CLOSE_ANSWER.search(text, opening.end()) if opening else None
    if opening and closing:
        blocks["answer"] = Span(opening.end(), closing.start())
        spans["answer"] = Span(opening.start(), closing.end())
    failure = _format_failure(text)
    return ParsedOutput.trusted(text, blocks, spans, tags, () if failure is None else (failure,))


def _format_failure(text: str) -> Violation | None:
    pos = 0
    for name, pattern in _TAG.items():
        m = pattern.search(text, pos)
        if m is None:
            return Violation(
                kind=ViolationKind.MISSING_TAG,
                offset=pos,
                message=f"no valid <{name}> after offset {pos} (released format pattern)",
                tag=name,
            )
        pos = m.end()
    m = _THINK_THEN_ANSWER.search(text, pos)
    if m is None:
        return Violation(
            kind=ViolationKind.MISSING_BLOCK,
            offset=pos,
            message="no '</think>' followed by '<answer>' after the combined tag",
        )
    stripped = text.rstrip()
    close = len(stripped) - _CLOSE_LENGTH
    if close < m.end() or not _CLOSE_ANSWER.fullmatch(stripped, close):
        return Violation(
            kind=ViolationKind.TEXT_AFTER_ANSWER,
            offset=min(len(stripped), len(text)),
            message="the response does not end with '</answer>'",
        )
    return None
