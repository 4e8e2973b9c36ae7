"""Tools for developing rules property-first: hypothesis strategies derived from a schema, and
offline tiny models for adapter tests. Needs the ``testing`` extra (hypothesis)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Part": "safereward.testing.drafts",
    "Draft": "safereward.testing.drafts",
    "MUTATIONS": "safereward.testing.drafts",
    "render": "safereward.testing.drafts",
    "marker_strings": "safereward.testing.drafts",
    "tag_soup": "safereward.testing.strategies",
    "labels": "safereward.testing.strategies",
    "labelled_schemas": "safereward.testing.strategies",
    "well_formed": "safereward.testing.strategies",
    "malformed": "safereward.testing.strategies",
    "safegrpo_samples": "safereward.testing.strategies",
    "filler_text": "safereward.testing.strategies",
    "answers": "safereward.testing.strategies",
    "Hack": "safereward.testing.hacks",
    "Case": "safereward.testing.hacks",
    "CATALOGUE": "safereward.testing.hacks",
    "FAMILIES": "safereward.testing.hacks",
    "FAMILY_RULES": "safereward.testing.hacks",
    "HACKS": "safereward.testing.hacks",
    "LOOK_ALIKES": "safereward.testing.hacks",
    "OPEN_HACKS": "safereward.testing.hacks",
    "OPEN_WITH_PROMPTS": "safereward.testing.hacks",
    "hacks_in": "safereward.testing.hacks",
    "all_cases": "safereward.testing.hacks",
    "honest_case": "safereward.testing.hacks",
    "hack_cases": "safereward.testing.hacks",
    "padded_answers": "safereward.testing.hacks",
    "non_answers": "safereward.testing.hacks",
    "Item": "safereward.testing.hack_bank",
    "ITEMS": "safereward.testing.hack_bank",
    "safegrpo_response": "safereward.testing.hack_bank",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'safereward.testing' has no attribute {name!r}")
