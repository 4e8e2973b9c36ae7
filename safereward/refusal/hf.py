"""``transformers`` judge: any local sequence-classification checkpoint as a refusal judge.

For users who have a refusal classifier or guard model on disk (e.g. a ModernBERT refusal
classifier). Loads with ``local_files_only``; torch and transformers load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from safereward.refusal.base import BatchFromScores, as_answers
from safereward.refusal.torch_backend import (
    LazyModel,
    clip_texts,
    load_local,
    pick_device,
    run_sorted,
    tokenize,
)
from safereward.refusal.view import blank


def refusal_index(
    id2label: dict[int, str], num_labels: int, refusal_label: int | str | None
) -> int:
    """Which output is P(refusal): given by index or name, else a label naming refusal, else 1."""
    if isinstance(refusal_label, int) and not isinstance(refusal_label, bool):
        if not 0 <= refusal_label < max(num_labels, 1):
            raise ValueError(f"refusal_label {refusal_label} outside 0..{num_labels - 1}")
        return refusal_label
    names = {int(k): str(v) for k, v in id2label.items()}
    if isinstance(refusal_label, str):
        for k, v in names.items():
            if v.lower() == refusal_label.lower():
                return k
        raise ValueError(
            f"refusal_label {refusal_label!r} not among the model's labels {sorted(names.values())}"
        )
    if refusal_label is not None:
        raise TypeError("refusal_label must be an int, a label name or None")
    for k, v in sorted(names.items()):
        if "refus" in v.lower() or "reject" in v.lower():
            return k
    return 0 if num_labels == 1 else 1


class TransformersJudge(LazyModel, BatchFromScores):
    """P(refusal) from a local ``AutoModelForSequenceClassification`` checkpoint.

    One logit: sigmoid. Several: softmax, taking ``refusal_label`` (index or name; default a
    label containing "refus"/"reject", else index 1). Inputs are truncated to ``max_length``
    tokens of the answer's visible text and batched by length. An answer with nothing visible
    scores 0, like the other judges.
    """

    name = "transformers"

    def __init__(
        self,
        path: str | Path,
        device: str | None = None,
        batch_size: int = 32,
        max_length: int = 256,
        refusal_label: int | str | None = None,
        threshold: float = 0.5,
    ) -> None:
        super().__init__()
        p = Path(path)
        if not (p / "config.json").is_file():
            raise FileNotFoundError(f"no model checkpoint (config.json) at {p}")
        if batch_size < 1 or max_length < 2:
            raise ValueError("batch_size must be >= 1 and max_length >= 2")
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"threshold must lie strictly between 0 and 1, got {threshold!r}")
        self.path = p
        self.device = pick_device(device)
        self.batch_size = int(batch_size)
        self.max_length = int(max_length)
        self.threshold = float(threshold)
        self.refusal_label = refusal_label
        self._index: int | None = None
        self.model()  # load now: a bad checkpoint should fail at configuration time

    def _load(self) -> Any:
        tok, net = load_local(self.path, "AutoModelForSequenceClassification", self.device)
        self._index = refusal_index(net.config.id2label, net.config.num_labels, self.refusal_label)
        return tok, net

    def _score_batch(self, texts: list[str]) -> np.ndarray:
        import torch

        tok, net = self.model()
        enc = tokenize(tok, texts, self.max_length, self.device)
        with torch.inference_mode():
            logits = net(**enc).logits.float()
        probs = (
            torch.sigmoid(logits[:, 0])
            if logits.shape[-1] == 1
            else logits.softmax(-1)[:, self._index]
        )
        return probs.cpu().numpy().astype(np.float64)

    def scores(self, answers: Sequence[object] | str) -> np.ndarray:
        items = as_answers(answers)
        if not items:
            return np.zeros(0, dtype=np.float64)
        texts = clip_texts(items, self.max_length)
        live = [i for i, b in enumerate(blank(items)) if not b]
        out = np.zeros(len(items), dtype=np.float64)
        if live:
            self.model()
            with self._lock:
                out[live] = run_sorted([texts[i] for i in live], self.batch_size, self._score_batch)
        return out
