"""Shared plumbing for the model-based judges: loading, device choice, the judge's view of an
answer, length-sorted batching, locking.

Imported only by the lazily loaded ``embedding`` and ``transformers`` judges; torch and
transformers are imported inside functions so that importing this module stays cheap.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import regex

from safereward.refusal.view import HOMOGLYPHS, judge_text, visible_text

# Tokenising a megabyte costs time for nothing: only the opening reaches the model.
RAW_CHARS_PER_TOKEN = 8


def pick_device(device: str | None) -> str:
    """``None`` means CUDA when present, else CPU; an explicit choice is checked early."""
    import torch

    if device is None:
        return "cuda" if torch.cuda.is_available() else "cpu"
    if str(device).startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(f"device {device!r} requested but CUDA is not available")
    torch.device(device)  # raises a clear error for nonsense names
    return str(device)


def load_local(path: Any, model_class: str, device: str) -> tuple[Any, Any]:
    """Tokenizer and model from a local directory, in eval mode on ``device``.

    ``local_files_only`` keeps judges off any model hub without touching the host's
    environment variables. ``model_class`` names a ``transformers`` auto class.
    """
    import transformers

    tok = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
    auto = getattr(transformers, model_class)
    net = auto.from_pretrained(path, local_files_only=True).to(device).eval()
    return tok, net


def clip_texts(answers: Sequence[object], max_length: int) -> list[str]:
    """The visible text of each answer's opening (padding a reader does not see cannot fill
    the window), as much as ``max_length`` tokens can hold, in NFKC form: full-width and
    mathematical styled letters read as the letters they are (a model's vocabulary rarely
    holds them)."""
    limit = max(64, max_length * RAW_CHARS_PER_TOKEN)
    out = []
    for a in answers:
        text = judge_text(a)
        # a bounded raw prefix is enough unless padding or a comment hides text behind it
        view = visible_text(text[: 2 * limit])
        if len(view) < limit and len(text) > 2 * limit:
            view = visible_text(text)
        # lone surrogates cannot be tokenised; replace them instead of raising
        view = view[:limit].encode("utf-8", "replace").decode("utf-8")
        out.append(_unmask(unicodedata.normalize("NFKC", view)) if not view.isascii() else view)
    return out


_TO_LATIN = str.maketrans(HOMOGLYPHS)
_WORD = regex.compile(r"\w+")


def _unmask(text: str) -> str:
    """Look-alike letters inside a word that also has Latin letters ("Sοrry" with a Greek
    omicron) read as the Latin letters a reader sees; words wholly in another script stay."""

    def fold(m: regex.Match[str]) -> str:
        word = m.group()
        if word.isascii() or not any("a" <= c <= "z" or "A" <= c <= "Z" for c in word):
            return word
        return word.lower().translate(_TO_LATIN)

    return _WORD.sub(fold, text)


def run_sorted(
    texts: list[str], batch_size: int, fn: Callable[[list[str]], np.ndarray]
) -> np.ndarray:
    """Apply ``fn`` to batches of similar length (less padding), results in input order."""
    order = np.argsort([len(t) for t in texts], kind="stable")
    parts: list[np.ndarray] = []
    for i in range(0, len(texts), batch_size):
        parts.append(fn([texts[j] for j in order[i : i + batch_size]]))
    out = np.concatenate(parts)
    result = np.empty_like(out)
    result[order] = out
    return result


def tokenize(tok: Any, texts: list[str], max_length: int, device: str) -> dict[str, Any]:
    """A padded, truncated batch on ``device``, as both torch judges feed their models."""
    enc = tok(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    return {k: v.to(device) for k, v in enc.items()}


class LazyModel:
    """Loads a model on first use, once, under a lock; pickles without the loaded model."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._model: Any = None

    def _load(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def model(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_lock"] = None
        state["_model"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.RLock()
