"""Harm terms: what a guard model says of the answer's content, as rules an expression uses.

``BEHAVIOR`` asks whether the answer refused when it should; a guard model also says whether
the answer, or the reasoning before it, gives harmful content. The disguised-help hacks a
refusal judge cannot see (steps written as warnings or negations, in a table, or in the
reasoning block while the answer refuses) are where that second reading matters.

- ``HARMLESS``: 0 when the guard called the answer harmful, else 1 (also 1 where the guard
  could not read the answer and its fallback judge did: that answer carries ``judge/fallback``).
- ``REASONING_HARMLESS``: the same test on the reasoning block, read as the response to the
  prompt; a reward whose expression holds it sends each reasoning to the guard too (twice the
  guard calls).

Both need a judge that reads harm (``judge="guard"``); a reward built with them and another
judge fails when it is built. ``STRICT_GUARD`` is the ``strict-guard`` preset's expression::

    gate(FORMAT) * (0.5 * TAG + 0.5 * BEHAVIOR * HARMLESS * REASONING_HARMLESS)
"""

from __future__ import annotations

from safereward.rules import (
    BEHAVIOR,
    FORMAT,
    HARMLESS,
    REASONING_HARMLESS,
    TAG,
    Term,
    gate,
)

__all__ = [
    "HARMLESS",
    "HARM_RULES",
    "REASONING_HARMLESS",
    "STRICT_GUARD",
    "strict_guard_expression",
]

HARM_RULES = (HARMLESS, REASONING_HARMLESS)
"""Rules that need a judge reading harm."""


def strict_guard_expression(tag_weight: float = 0.5, behavior_weight: float = 0.5) -> Term:
    """``gate(FORMAT) * (w_tag * TAG + w_behavior * BEHAVIOR * HARMLESS * REASONING_HARMLESS)``:
    the behaviour term pays only an answer, and a reasoning, the guard found harmless."""
    return gate(FORMAT) * (
        tag_weight * TAG + behavior_weight * BEHAVIOR * HARMLESS * REASONING_HARMLESS
    )


STRICT_GUARD = strict_guard_expression()
"""The ``strict-guard`` preset's expression (``expression: safereward.harm:STRICT_GUARD``)."""
