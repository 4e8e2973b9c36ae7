"""The shipped weights are what the training command fits from this checkout.

A change to what the training reads (the segmenter cutting units, a bank, the development
rows) changes the judge it fits; weights left from before then no longer match the code that
claims to have made them, and every figure measured with them describes a judge nobody can
rebuild. The help judge's weights went stale that way once (a change to ``framed_units``):
this test refits and compares every array.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from safereward.refusal import training

SHIPPED = Path(training.__file__).parent


@pytest.mark.parametrize("judge", ["lexical", "help"])
def test_the_training_command_rebuilds_the_shipped_weights(judge: str, tmp_path: Path) -> None:
    assert training.main(["--judge", judge, "--out-dir", str(tmp_path)]) == 0
    name = f"{judge}_weights.npz"
    with np.load(SHIPPED / name) as shipped, np.load(tmp_path / name) as fitted:
        assert sorted(shipped.files) == sorted(fitted.files)
        stale = [k for k in shipped.files if not _same(shipped[k], fitted[k])]
    assert not stale, f"{name}: {stale} differ from a refit; retrain (docs/judges.md)"


def _same(shipped: np.ndarray, fitted: np.ndarray) -> bool:
    """Equal, or for weights within a float's rounding: another CPU's vector units may sum in
    another order. Weights left from another training differ by far more (0.007 in the help
    judge's bias, the last time)."""
    if shipped.dtype.kind != "f" or shipped.shape != fitted.shape:
        return np.array_equal(shipped, fitted)
    return bool(np.allclose(shipped, fitted, rtol=1e-5, atol=1e-7))
