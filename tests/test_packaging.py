"""The wheel holds every file the package ships beside its code: weights, schemas, the
grammar, the example rollouts and the judges' training data. A data folder left out of
``pyproject.toml`` installs fine in a checkout (editable) and breaks only for users."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_every_data_file(tmp_path: Path) -> None:
    # built from a copy: setuptools reuses a checkout's build/ folder, whose files would hide
    # a folder the configuration leaves out
    source = tmp_path / "source"
    junk = shutil.ignore_patterns("__pycache__", "*.pyc", "build", "*.egg-info")
    for part in ("safereward", "integrations"):
        shutil.copytree(ROOT / part, source / part, ignore=junk)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    out = tmp_path / "wheel"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = out.glob("safereward-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "safereward"
    data = {
        path.relative_to(ROOT).as_posix()
        for path in package.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    }
    assert {"safereward/refusal/help_weights.npz", "safereward/data/schemas/r1.yaml"} <= data
    assert sorted(data - shipped) == []
