"""The default judge: logistic regression on hashed character n-grams of the answer's opening.

numpy only, no model download, deterministic, tens of thousands of answers per second and
core with batching. Weights ship as ``lexical_weights.npz`` beside this file and are made
by ``python -m safereward.refusal.training --judge lexical``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from safereward.refusal.base import ScoresFromLogits, as_answers
from safereward.refusal.features import FEW, NgramSpec, linear_scores, logit_list, scoring_table
from safereward.refusal.weights import WeightsError, load_arrays

DEFAULT_WEIGHTS = Path(__file__).with_name("lexical_weights.npz")
KIND = "lexical"


@dataclass(frozen=True, eq=False)
class LexicalJudge(ScoresFromLogits):
    """P(refusal) from a linear model over hashed n-grams.

    It reads the visible text of the answer's opening (``features``); an answer with nothing
    visible scores 0.
    """

    spec: NgramSpec
    weights: np.ndarray = field(repr=False)  # dense float32, length spec.size
    bias: float = 0.0
    threshold: float = 0.5
    name: str = "lexical"

    def logits(self, answers: Sequence[object] | str) -> np.ndarray:
        items = as_answers(answers)
        return linear_scores(items, self.spec, self.weights, self.bias, self._table)

    def scores(self, answers: Sequence[object] | str) -> np.ndarray:
        """``ScoresFromLogits.scores``, bit for bit; a few answers are read in floats."""
        items = as_answers(answers)
        if len(items) > FEW:
            return super().scores(items)
        return np.array(self.score_list(items), dtype=np.float64)

    def score_list(self, answers: list[object]) -> list[float]:
        """``scores`` of a few answers as a list of floats, bit for bit: for a caller that
        reads them in Python (a reward reading one answer per call)."""
        return self.listed_scores(answers, logit_list(answers, self.spec, self._table, self.bias))

    @cached_property
    def _table(self) -> np.ndarray:
        """The weights laid out for scoring (``scoring_table``), built on first use."""
        return scoring_table(self.spec, self.weights)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("_table", None)  # rebuilt on first use: a pickle carries the weights once
        return state


def judge_from_arrays(arrays: dict[str, np.ndarray], origin: str) -> LexicalJudge:
    """Build a judge from the arrays of a weights file, checking they fit together."""
    try:
        spec = NgramSpec.from_array(arrays["spec"])
    except ValueError as exc:
        raise WeightsError(f"lexical judge weights at {origin}: {exc}") from exc
    index = arrays["index"].astype(np.int64)
    value = arrays["value"].astype(np.float64)
    if index.shape != value.shape:
        raise WeightsError(f"lexical judge weights at {origin}: index and value differ in length")
    if index.size and (index.min() < 0 or index.max() >= spec.size):
        raise WeightsError(
            f"lexical judge weights at {origin}: bucket index outside 0..{spec.size - 1}"
        )
    # float32 halves the table that every n-gram lookup walks (the scores still sum in float64)
    dense = np.zeros(spec.size, dtype=np.float32)
    dense[index] = value
    return LexicalJudge(
        spec=spec, weights=dense, bias=float(arrays["bias"]), threshold=float(arrays["threshold"])
    )


def load_lexical_judge(
    path: str | Path | None = None, threshold: float | None = None
) -> LexicalJudge:
    """Load the shipped weights (or ``path``); ``WeightsError`` names the file if unusable."""
    p = Path(path) if path is not None else DEFAULT_WEIGHTS
    arrays = load_arrays(p, {"spec": 1, "index": 1, "value": 1, "bias": 0, "threshold": 0}, KIND)
    judge = judge_from_arrays(arrays, str(p))
    if threshold is not None:
        if not 0.0 < float(threshold) < 1.0:
            raise ValueError(f"threshold must lie strictly between 0 and 1, got {threshold!r}")
        judge = LexicalJudge(
            spec=judge.spec, weights=judge.weights, bias=judge.bias, threshold=float(threshold)
        )
    return judge
