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

from safereward.schema import SAFEGRPO
from safereward.tags import ParsedOutput, Span, TagValue, Violation, ViolationKind, as_text

_FLAGS = re.IGNORECASE | re.DOTALL
PAPER_TAGS = tuple(SAFEGRPO.roles.labels.values())
_TAG = {name: re.compile(rf"<{name}>\s*(safe|unsafe)\s*</{name}>", _FLAGS) for name in PAPER_TAGS}
_THINK_THEN_ANSWER = re.compile(r"</think>\s*<answer>", _FLAGS)
_OPEN_ANSWER = re.compile(r"<answer>", _FLAGS)
_CLOSE_ANSWER = re.compile(r"</answer>", _FLAGS)
_CLOSE_LENGTH = len("</answer>")
_NAMED = tuple(_TAG.items())
_new = tuple.__new__  # NamedTuple's own __new__ is a Python function: 3x slower


def read_paper(text: str) -> ParsedOutput:
    """What the released reward sees: first valid tags, first answer, and its format verdict."""
    if type(text) is not str:
        text = as_text(text)
    usual = _read_usual(text)
    return read_any(text) if usual is None else usual


# The usual response: each marker the reading looks at, once, in lower case, in order, with
# only whitespace between </think> and <answer> and after </answer>, and no other '<' but
# <think> before the last tag. Every released search then finds the one marker of its kind
# (any other spelling, upper case included, would be another '<'), so reading '<' by '<' finds
# what ``read_any`` finds, with ``str.find`` (a memchr) instead of six case-insensitive searches.
_TAG_STEPS = tuple((name, f"<{name}>", pattern) for name, pattern in _NAMED)
_LOWER = {"safe": "safe", "unsafe": "unsafe"}
"""The usual values, lower-cased without a new string each time."""


def _read_usual(text: str) -> ParsedOutput | None:
    """``read_any(text)`` for the usual response; None for any other."""
    find, written = text.find, text.startswith
    at = find("<")
    tags: dict[str, tuple[TagValue, ...]] = {}
    for name, opening, pattern in _TAG_STEPS:
        while not written(opening, at):  # at -1 it looks at the last character: no marker
            if at < 0 or not written("<think>", at):
                return None
            at = find("<", at + 1)
        m = pattern.match(text, at)
        if m is None:
            return None
        raw = m.group(1)
        span = m.span()
        value = _LOWER.get(raw) or raw.lower()
        tags[name] = (_new(TagValue, (name, raw, value, _new(Span, span), None)),)
        at = find("<", span[1])  # the closing marker was the match's last '<'
    # Then exactly </think>, whitespace, <answer>, </answer>, whitespace: <think> no more.
    think = at
    answer = find("<", think + 1)
    close = find("<", answer + 1)
    end = close + _CLOSE_LENGTH
    if (
        not written("</think>", think)
        or not written("<answer>", answer)
        or not written("</answer>", close)
        or find("<", close + 1) >= 0
        or (think + 8 < answer and not text[think + 8 : answer].isspace())
        or (end < len(text) and not text[end:].isspace())
    ):
        return None
    blocks = {"answer": _new(Span, (answer + 8, close))}
    spans = {"answer": _new(Span, (answer, end))}
    return ParsedOutput.trusted(text, blocks, spans, tags, ())


def read_any(text: str) -> ParsedOutput:
    """``read_paper`` for any text: the released searches, each kept linear."""
    tags: dict[str, tuple[TagValue, ...]] = {}
    pos, ok = 0, True
    for name, pattern in _NAMED:
        m = pattern.search(text)
        if m is None:
            ok = False
            continue
        raw = m.group(1)
        tags[name] = (_new(TagValue, (name, raw, raw.lower(), _new(Span, m.span()), None)),)
        if ok:
            # The format wants each tag's earliest match after the previous tag: the first
            # match of the whole text when it starts after it, else a later one.
            if m.start() < pos:
                m = pattern.search(text, pos)
                if m is None:
                    ok = False
                    continue
            pos = m.end()
    blocks: dict[str, Span] = {}
    spans: dict[str, Span] = {}
    # Same as searching <answer>(.*?)</answer>: if the first <answer> has no </answer> after
    # it, no later one has. Two literal searches keep it linear where the lazy regex is not.
    opening = _OPEN_ANSWER.search(text)
    closing = _CLOSE_ANSWER.search(text, opening.end()) if opening else None
    if opening and closing:
        blocks["answer"] = _new(Span, (opening.end(), closing.start()))
        spans["answer"] = _new(Span, (opening.start(), closing.end()))
    failure = _format_failure(text, pos) if ok else _explain(text)
    return ParsedOutput.trusted(text, blocks, spans, tags, () if failure is None else (failure,))


def _explain(text: str) -> Violation | None:
    """Why the released format pattern rejects ``text``: the first tag it cannot find in order,
    or what is wrong after the tags."""
    pos = 0
    for name, pattern in _NAMED:
        m = pattern.search(text, pos)
        if m is None:
            return Violation(
                kind=ViolationKind.MISSING_TAG,
                offset=pos,
                message=f"no valid <{name}> after offset {pos} (released format pattern)",
                tag=name,
            )
        pos = m.end()
    return _format_failure(text, pos)


def _format_failure(text: str, pos: int) -> Violation | None:
    """What is wrong after the three tags, which end at ``pos``; None when nothing is."""
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
