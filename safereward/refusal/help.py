"""The help judge: does one unit of an answer (a sentence, a step, a list item) give help?

A refusal judge reads an answer's opening. Help hidden after a refusal sits in a few units
(``segments.framed_units``), dressed as warnings, negations, links, tables or code, and a
refusal that explains the risk at length holds none. The help judge reads one unit at a time
with its frame (what announced it): P(help) = sigmoid(unit logit + frame logit), two logistic
models on hashed character n-grams (the lexical judge's featurizer, with weights of their
own), trained so that the most helpful unit of an answer tells help from an explained refusal
(``python -m safereward.refusal.training --judge help``). numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from safereward.refusal.base import sigmoid
from safereward.refusal.lexical import LexicalJudge, judge_from_arrays
from safereward.refusal.weights import load_arrays

DEFAULT_WEIGHTS = Path(__file__).with_name("help_weights.npz")
KIND = "help"
_ARRAYS = {"spec": 1, "index": 1, "value": 1, "bias": 0, "threshold": 0}


@dataclass(frozen=True, eq=False)
class HelpJudge:
    """P(help) of units read with their frames; deterministic, picklable, never raises."""

    unit: LexicalJudge
    frame: LexicalJudge
    """Weights over the frame's n-grams; its bias is 0 (the unit model holds the intercept)."""
    name: str = KIND

    def logits(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros(0)
        frames = list(dict.fromkeys(f for _, f in pairs))  # most units share a frame
        by_frame = dict(zip(frames, self.frame.logits(frames), strict=True))
        z = self.unit.logits([u for u, _ in pairs])
        return z + np.fromiter((by_frame[f] for _, f in pairs), np.float64, len(pairs))

    def scores(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return sigmoid(self.logits(pairs))


def load_help_judge(path: str | Path | None = None) -> HelpJudge:
    """Load the shipped help weights (or ``path``); ``WeightsError`` names an unusable file."""
    p = Path(path) if path is not None else DEFAULT_WEIGHTS
    names = {**_ARRAYS, **{f"frame_{k}": v for k, v in _ARRAYS.items()}}
    arrays = load_arrays(p, names, KIND)
    unit = judge_from_arrays(arrays, str(p))
    frame = judge_from_arrays({k: arrays[f"frame_{k}"] for k in _ARRAYS}, str(p))
    return HelpJudge(unit=unit, frame=frame)
