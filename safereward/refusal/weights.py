"""Loading shipped judge weights with validation: a broken file fails loudly, naming itself."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

FORMAT_VERSION = 1


class WeightsError(ValueError):
    """A judge's weights file is missing, unreadable or inconsistent."""


def load_arrays(path: str | Path, required: Mapping[str, int], kind: str) -> dict[str, np.ndarray]:
    """Read an ``.npz`` written by the training module and check names, ranks and values.

    ``required`` maps array name to its expected number of dimensions. ``kind`` must match the
    file's ``kind`` entry, so a lexical file is never loaded as an embedding head.
    """
    p = Path(path)
    if not p.is_file():
        raise WeightsError(
            f"{kind} judge weights not found at {p}; "
            f"train them with `python -m safereward.refusal.training --judge {kind}`"
        )
    try:
        with np.load(p, allow_pickle=False) as npz:
            arrays = {name: np.asarray(npz[name]) for name in npz.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError) as exc:
        raise WeightsError(f"{kind} judge weights at {p} are corrupt: {exc}") from exc
    if "kind" not in arrays or arrays["kind"].ndim != 0:
        raise WeightsError(f"{p} is not a safereward judge weights file (no 'kind' entry)")
    if str(arrays["kind"]) != kind:
        raise WeightsError(f"{p} holds {str(arrays['kind'])!r} weights, not {kind!r}")
    for name, ndim in {"version": 0, **required}.items():
        if name not in arrays:
            raise WeightsError(f"{kind} judge weights at {p} lack the array {name!r}")
        if arrays[name].ndim != ndim:
            raise WeightsError(
                f"{kind} judge weights at {p}: {name!r} has {arrays[name].ndim} dimensions, "
                f"expected {ndim}"
            )
    if int(arrays["version"]) != FORMAT_VERSION:
        raise WeightsError(
            f"{p} has format version {int(arrays['version'])}, "
            f"this safereward reads {FORMAT_VERSION}"
        )
    for name in required:
        arr = arrays[name]
        if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
            raise WeightsError(
                f"{kind} judge weights at {p}: {name!r} holds NaN or infinite values"
            )
    return arrays


def save_arrays(path: str | Path, kind: str, **arrays: np.ndarray) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(p, kind=np.array(kind), version=np.array(FORMAT_VERSION), **arrays)
    return p
