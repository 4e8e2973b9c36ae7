"""Quoting input in messages, within bounds.

Every message that quotes input (a record, a label, a request field, a parser's complaint) goes
through ``clip``, so a 13 MB value gives a one-line error. Kept apart from ``safereward.io`` so
the server can quote without loading the readers.
"""

from __future__ import annotations

QUOTE = 300
"""Characters of input quoted in an error message at most."""


def clip(text: object, limit: int = QUOTE) -> str:
    """``text`` on one line, at most ``limit`` characters, saying how much was left out.

    Every message that quotes input (a record, a label, a parser's complaint) goes through
    here, so a 13 MB value gives a one-line error, not a 13 MB one.
    """
    s = " ".join(str(text).split())
    if len(s) <= limit:
        return s
    # Never longer than ``limit``, so clipping twice changes nothing.
    keep = max(limit - len(f"... ({len(s)} more characters)"), 0)
    return f"{s[:keep]}... ({len(s) - keep} more characters)"
