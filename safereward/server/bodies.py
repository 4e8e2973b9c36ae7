"""Reading request bodies defensively: every JSON value bounded before anything else sees it.

A JSON body is only bytes until it is parsed, and the parser, pydantic, pickling for a worker
and error formatting all recurse or copy. So limits are checked from the outside in: valid
UTF-8, nesting depth (counted on the bytes, before parsing), number length (while parsing), and
then per label its depth and size (before it is queued with other clients' items and pickled).
Errors name what is wrong; quoting input is left to ``safereward.quoting.clip``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from fastapi import HTTPException

MAX_NUMBER_CHARS = 100
"""Digits (and sign, point, exponent) in one JSON number; Python's int() refuses 4300+."""

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_OPEN, _CLOSE = (0x5B, 0x7B), (0x5D, 0x7D)  # [ {  and  ] }


class BodyError(HTTPException):
    """A body that cannot be read as JSON within the limits: 422 naming the problem."""

    def __init__(self, detail: str) -> None:
        super().__init__(status_code=422, detail=f"body: {detail}")


class LimitError(HTTPException):
    """A value over one of the server's limits: 413 naming the limit and its flag."""

    def __init__(self, detail: str) -> None:
        super().__init__(status_code=413, detail=detail)


def parse_json(raw: bytes, max_depth: int) -> Any:
    """The JSON value of ``raw``; ``BodyError`` for invalid UTF-8, deep nesting or huge numbers.

    Malformed JSON raises ``json.JSONDecodeError`` (FastAPI answers it with its position).
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BodyError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None
    depth = nesting(raw)
    if depth > max_depth:
        raise BodyError(f"JSON nested {depth} deep; the limit is {max_depth} (--max-json-depth)")
    return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)


def nesting(raw: bytes | str) -> int:
    """The deepest nesting of arrays and objects in JSON text (outside strings); linear time."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if data.count(b"[") + data.count(b"{") <= 1:  # cheap: most bodies are flat lists of text
        return data.count(b"[") + data.count(b"{")
    data = _STRING.sub(b"", data)
    import numpy as np

    codes = np.frombuffer(data, dtype=np.uint8)
    step = np.isin(codes, _OPEN).astype(np.int32) - np.isin(codes, _CLOSE).astype(np.int32)
    return int(np.cumsum(step).max(initial=0))


def check_value(value: Any, where: str, max_depth: int, max_bytes: int) -> None:
    """Raise ``LimitError`` if ``value`` (a parsed JSON value) nests or weighs over the limits.

    Size is counted as its compact JSON would be, and the walk stops as soon as either limit is
    passed, so a million-key object costs no more than one at the limit. A string holding JSON
    (how OpenRLHF sends labels) is measured by its text.
    """
    size = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            size += len(item) + 2
            if "[" in item or "{" in item:
                inner = nesting(item) + depth - 1
                if inner > max_depth:
                    _too_deep(where, inner, max_depth)
        elif isinstance(item, dict):
            if depth > max_depth:
                _too_deep(where, depth, max_depth)
            size += 2 + sum(len(k) + 4 for k in _head(item, max_bytes))
            stack.extend((v, depth + 1) for v in _head(item.values(), max_bytes))
        elif isinstance(item, list):
            if depth > max_depth:
                _too_deep(where, depth, max_depth)
            size += 2 + len(item)
            stack.extend((v, depth + 1) for v in item[:max_bytes])
        else:
            size += 8
        if size > max_bytes or len(stack) > max_bytes:
            raise LimitError(
                f"'{where}' is over {max_bytes} bytes as JSON; the limit is {max_bytes} "
                "(--max-label-bytes)"
            )


def check_values(values: Sequence[Any], name: str, max_depth: int, max_bytes: int) -> None:
    for i, value in enumerate(values):
        if value is not None and not isinstance(value, (bool, int, float)):
            check_value(value, f"{name}[{i}]", max_depth, max_bytes)


def _head(items: Any, n: int) -> list[Any]:
    out = []
    for item in items:
        if len(out) >= n:
            break
        out.append(item)
    return out


def _too_deep(where: str, depth: int, limit: int) -> None:
    raise LimitError(f"'{where}' is nested {depth} deep; the limit is {limit} (--max-label-depth)")


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise BodyError(f"a number of {len(text)} digits; the limit is {MAX_NUMBER_CHARS}")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise BodyError(f"a number of {len(text)} characters; the limit is {MAX_NUMBER_CHARS}")
    return float(text)


def _constant(text: str) -> Any:
    raise BodyError(f"{text} is not valid JSON (use null or a number)")
