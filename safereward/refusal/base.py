"""The judge protocol: anything that tells a refusal from a compliance is a judge."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np


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
