"""Refusal judges: did an answer refuse or comply?

``load_judge(name)`` is the one entry point; heavy judges import their back-ends lazily.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from safereward.refusal.base import RefusalJudge
from safereward.refusal.keywords import PAPER_REFUSAL_PHRASES, KeywordJudge

__all__ = [
    "DEFAULT_JUDGE",
    "PAPER_REFUSAL_PHRASES",
    "KeywordJudge",
    "RefusalJudge",
    "available_judges",
    "load_judge",
]

DEFAULT_JUDGE = "lexical"


def _keywords(**kwargs: Any) -> RefusalJudge:
    return KeywordJudge(**kwargs)


def _lexical(**kwargs: Any) -> RefusalJudge:
    from safereward.refusal.lexical import load_lexical_judge

    return load_lexical_judge(**kwargs)


def _embedding(**kwargs: Any) -> RefusalJudge:
    from safereward.refusal.embedding import load_embedding_judge

    return load_embedding_judge(**kwargs)


def _ensemble(**kwargs: Any) -> RefusalJudge:
    from safereward.refusal.ensemble import load_ensemble_judge

    return load_ensemble_judge(**kwargs)


def _transformers(**kwargs: Any) -> RefusalJudge:
    from safereward.refusal.hf import TransformersJudge

    return TransformersJudge(**kwargs)


def _guard(**kwargs: Any) -> RefusalJudge:
    from safereward.refusal.guard import load_guard_judge

    return load_guard_judge(**kwargs)


_REGISTRY: dict[str, Callable[..., RefusalJudge]] = {
    "keywords-paper": _keywords,
    "lexical": _lexical,
    "embedding": _embedding,
    "ensemble": _ensemble,
    "transformers": _transformers,
    "guard": _guard,
}


def available_judges() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def load_judge(name: str | RefusalJudge | None = None, **kwargs: Any) -> RefusalJudge:
    """Return a judge by name (``None`` gives the default) or pass a judge object through."""
    if name is None:
        name = DEFAULT_JUDGE
    if not isinstance(name, str):
        if isinstance(name, RefusalJudge):
            return name
        raise TypeError(
            "judge must be a name or an object with is_refusal/predict/scores, "
            f"got {type(name).__name__}"
        )
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown judge {name!r}; available: {', '.join(_REGISTRY)}") from None
    return factory(**kwargs)
