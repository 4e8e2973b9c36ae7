"""Embedding judges fine-tuned on a given set of XSTest files (plus our own examples), for the
held-out benchmarks: each fine-tune costs minutes on a CPU, so a run can keep them in a folder
(``--tuned-cache``) and a later run with the same training sets and the same code reads them
back instead of training again."""

from __future__ import annotations

import hashlib
import sys
import time
from functools import reduce
from operator import add
from pathlib import Path

import numpy as np

from safereward.refusal.embedding import EmbeddingJudge, judge_from_arrays
from safereward.refusal.training import (
    EMBEDDING_EPOCHS,
    TUNED_LAYERS,
    Labelled,
    balanced_weights,
    fit_embedding,
)
from safereward.refusal.weights import load_arrays, save_arrays


def _key(files: dict[str, Labelled], extra: Labelled, train: tuple[str, ...]) -> str:
    """Names the training set by its content and the fit's settings, so a cached fine-tune
    never outlives its data or a change of them."""
    digest = hashlib.sha256(f"layers={TUNED_LAYERS} epochs={EMBEDDING_EPOCHS}".encode())
    for part in [*(files[n] for n in train), extra]:
        for text, label in zip(part.texts, part.labels.tolist(), strict=True):
            digest.update(f"{int(label)}\x00{text}\x01".encode("utf-8", "surrogatepass"))
    # the fit weighs our examples by group (``training.GROUP_WEIGHT``): new weights, a new fit
    digest.update(np.ascontiguousarray(extra.weight(), dtype="<f8").tobytes())
    return f"{'+'.join(train)}-{digest.hexdigest()[:16]}"


def tuned_judge(
    files: dict[str, Labelled],
    extra: Labelled,
    train: tuple[str, ...],
    cache: Path | None = None,
    device: str | None = "cpu",
    dtype: str = "float32",
) -> EmbeddingJudge:
    """The embedding judge fine-tuned on ``train`` (XSTest file names) plus ``extra``, each file's
    classes balanced as the shipped judge's are."""
    path = None if cache is None else cache / f"embedding-{_key(files, extra, train)}.npz"
    if path is not None and path.is_file():
        arrays = load_arrays(path, {"coef": 1, "bias": 0, "threshold": 0}, "embedding")
    else:
        parts = [files[n] for n in train]
        data = reduce(add, parts) + extra
        weight = np.concatenate([balanced_weights(parts), extra.weight()])
        start = time.perf_counter()
        arrays = fit_embedding(data.texts, data.labels, weight)
        print(
            f"  fine-tuned the embedding judge on {'+'.join(train)} + our examples "
            f"({time.perf_counter() - start:.0f} s)",
            file=sys.stderr,
            flush=True,
        )
        if path is not None:
            save_arrays(path, "embedding", **arrays)
    return judge_from_arrays(arrays, str(path or "+".join(train)), device=device, dtype=dtype)
