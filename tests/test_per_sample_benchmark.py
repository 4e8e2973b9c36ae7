"""The per-sample benchmark runs and times every row it reports (tiny sizes, no JSON)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_per_sample_benchmark_prints_every_row_against_the_batch_and_the_released_reward():
    out = subprocess.run(
        [
            sys.executable,
            "benchmarks/per_sample.py",
            "--n",
            "32",
            "--calls",
            "8",
            "--rounds",
            "1",
            "--judge",
            "keywords-paper",
            "--no-json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    ).stdout
    rows = [line for line in out.splitlines() if line.startswith(("batch of", "per call"))]
    assert len(rows) == 10
    released = next(r for r in rows if "released reward" in r)
    assert released.split()[-1] == "1.00"  # the released reward against itself
    assert all(float(r.split()[-3]) > 0 for r in rows)  # every row timed
