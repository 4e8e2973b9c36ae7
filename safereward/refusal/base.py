"""The judge protocol: anything that tells a refusal from a compliance is a judge."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from safereward.refusal.view import blank


@runtime_checkable
class RefusalJudge(Protocol):
    """Decides whether an answer refuses.

    Implementations never raise on any string and are deterministic, picklable and
    thread-safe, because rewards call them inside training workers.
    """

    name: str

    def is_refusal(self, answer: str) -> bool: ...

    def predict(self, answers: Sequence[str]) -> np.ndarray: ...

    def scores(self, answers: Sequence[str]) -> np.ndarray: ...


class BatchFromScores:
    """Mixin deriving ``predict``/``is_refusal`` from ``scores`` with a 0.5 threshold."""

    threshold: float = 0.5

    def scores(self, answers: Sequence[str]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def predict(self, answers: Sequence[str]) -> np.ndarray:
        return np.asarray(self.scores(answers)) >= self.threshold

    def is_refusal(self, answer: str) -> bool:
        return bool(self.predict([answer])[0])


def as_answers(answers: Sequence[object] | str) -> list[object]:
    """A lone string is one answer, not a sequence of characters."""
    if isinstance(answers, str):
        return [answers]
    try:
        return list(answers)
    except TypeError:
        return [answers]


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # overflow-free logistic


def probabilities(logits: list[float]) -> list[float]:
    """``sigmoid`` of a few logits as floats, bit for bit: the products and sums are the same
    IEEE operations in Python, and numpy's own tanh reads them, so a call for one answer pays
    one numpy call where the array form pays four."""
    if not logits:
        return []
    return [0.5 * (1.0 + t) for t in np.tanh([0.5 * z for z in logits]).tolist()]


class ScoresFromLogits(BatchFromScores):
    """Mixin deriving ``scores`` from ``logits``: P(refusal) = sigmoid(logit), and an answer
    with nothing visible scores 0 (``view.blank``), the one place that rule is written."""

    def logits(self, answers: Sequence[object] | str) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def scores(self, answers: Sequence[object] | str) -> np.ndarray:
        items = as_answers(answers)
        if not items:
            return np.zeros(0, dtype=np.float64)
        probs = sigmoid(np.asarray(self.logits(items), dtype=np.float64))
        probs[blank(items)] = 0.0
        return probs

    def listed_scores(self, items: Sequence[object], logits: list[float]) -> list[float]:
        """``scores`` as a list of floats, from ``items``' logits already read as a list (a
        judge reading one answer's windows per call), bit for bit."""
        probs = probabilities(logits)
        for i, empty in enumerate(blank(items)):
            if empty:
                probs[i] = 0.0
        return probs


@dataclass(frozen=True)
class PairReadings:
    """What a judge that reads the question with the answer says of a batch of pairs.

    Arrays of one entry per pair, in order. ``harmful`` is NaN where the judge does not say
    (a refusal judge never does; a guard model does); ``fallback`` marks pairs the judge could
    not read itself (a timeout, an unparseable reply) and handed to its fallback judge, whose
    reading they carry.
    """

    refusal: np.ndarray
    """P(the answer refuses), float64; NaN: the judge does not say (a guard format with no
    refusal field, Llama Guard: the fallback judge's strict reading decides, not a fallback)."""
    harmful: np.ndarray
    """P(the answer gives harmful content), float64; NaN: not read."""
    fallback: np.ndarray
    """bool: read by the fallback judge."""

    def __post_init__(self) -> None:
        n = len(self.refusal)
        if len(self.harmful) != n or len(self.fallback) != n:
            raise ValueError("refusal, harmful and fallback must have one entry per pair")


@runtime_checkable
class PairJudge(Protocol):
    """A judge that reads each answer beside the prompt it replies to (a guard model).

    It is also a ``RefusalJudge`` (reading answers without prompts), and never raises on a
    batch: what it cannot read goes to ``fallback`` and is marked in the readings.
    """

    name: str
    fallback: RefusalJudge

    def read_pairs(self, answers: Sequence[str], prompts: Sequence[str | None]) -> PairReadings: ...
