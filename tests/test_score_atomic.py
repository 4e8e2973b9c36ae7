"""``safereward score --out``: a run's files appear together or not at all; exit codes 0/1/2/130.

Every failure is one line on stderr, no traceback (``--debug`` shows one), and leaves ``--out``
exactly as it was.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_helpers import SAFE, rows_basic, write_jsonl

from safereward.cli import score as score_module
from safereward.cli.main import main

OUTPUTS = ("scores.jsonl", "report.json", "report.png")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def earlier(tmp_path: Path) -> Path:
    """An --out folder holding a complete earlier run (and its figure)."""
    out = tmp_path / "out"
    rows = [{"response": "old", **SAFE}]
    assert main(["score", str(write_jsonl(tmp_path / "old.jsonl", rows)), "--out", str(out),
                 "--no-figure"]) == 0  # fmt: skip
    (out / "report.png").write_bytes(b"an earlier run's figure")
    return out


def test_a_complete_run_replaces_every_file_of_the_earlier_one(tmp_path, earlier, capsys):
    path = write_jsonl(tmp_path / "new.jsonl", rows_basic())
    assert main(["score", str(path), "--out", str(earlier), "--no-figure"]) == 0
    assert sorted(p.name for p in earlier.iterdir()) == ["report.json", "scores.jsonl"]
    assert len((earlier / "scores.jsonl").read_text().splitlines()) == 6
    assert '"input": "' + str(path) in (earlier / "report.json").read_text()


def test_a_corrupt_input_mid_run_leaves_out_unchanged(tmp_path, earlier, capsys):
    import datasets

    datasets.disable_progress_bars()
    folder = tmp_path / "ds"
    datasets.Dataset.from_list(rows_basic() * 100).save_to_disk(str(folder), num_shards=2)
    second = sorted(folder.glob("*.arrow"))[1]
    data = bytearray(second.read_bytes())
    for i in range(len(data) // 4, len(data) - 64, 5):
        data[i] = 0xAB
    second.write_bytes(bytes(data))
    before = snapshot(earlier)
    capsys.readouterr()
    code = main(["score", str(folder), "--out", str(earlier), "--chunk-size", "16"])
    assert code == 2
    line = one_line_error(capsys.readouterr().err)
    assert second.name in line and "stopped after scoring" in line and "left unchanged" in line
    assert snapshot(earlier) == before  # no truncated scores, no stray temporary file


def test_a_failed_run_into_a_new_folder_creates_nothing(tmp_path, monkeypatch, capsys):
    def broken(self, chunk):
        raise RuntimeError("scorer bug")

    monkeypatch.setattr(score_module.ChunkScorer, "__call__", broken)
    out = tmp_path / "a" / "b"
    path = write_jsonl(tmp_path / "r.jsonl", rows_basic())
    assert main(["score", str(path), "--out", str(out)]) == 2
    line = one_line_error(capsys.readouterr().err)
    assert "RuntimeError: scorer bug" in line and "--debug" in line
    assert not (tmp_path / "a").exists()
    with pytest.raises(RuntimeError, match="scorer bug"):
        main(["score", str(path), "--out", str(out), "--debug"])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda t: (t / "f").write_text("x") and t / "f", "exists and is not a folder"),
        (lambda t: (t / "g").write_text("x") and t / "g" / "sub", "cannot create the folder"),
    ],
)
def test_bad_out_paths_are_usage_errors(tmp_path, capsys, make, message):
    path = write_jsonl(tmp_path / "r.jsonl", rows_basic())
    assert main(["score", str(path), "--out", str(make(tmp_path))]) == 2
    assert message in one_line_error(capsys.readouterr().err)


def test_exit_1_lists_bad_rows_and_still_commits(tmp_path, capsys):
    rows = [*rows_basic(), {"response": "x", "image_tag": "maybe", "text_tag": "safe",
                            "combine_tag": "safe"}]  # fmt: skip
    out = tmp_path / "out"
    assert main(["score", str(write_jsonl(tmp_path / "r.jsonl", rows)), "--out", str(out),
                 "--no-figure"]) == 1  # fmt: skip
    assert len((out / "scores.jsonl").read_text().splitlines()) == 7
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


# The command as a terminal starts it, Ctrl-C at its default. A child inherits an ignored
# SIGINT, and Python then installs no handler of its own: a thread of this test process that
# runs system() (which ignores SIGINT and SIGQUIT while it waits) at the moment of the fork
# would start the command deaf to Ctrl-C (seen in CI: SigIgn held both, the read never woke).
_AT_A_TERMINAL = (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'safereward'; runpy.run_module('safereward.cli.main', run_name='__main__')"
)


def test_ctrl_c_exits_130_with_one_line_and_leaves_out_unchanged(tmp_path, earlier):
    """Interrupted while waiting on a pipe: the run stops cleanly and writes nothing."""
    fifo = tmp_path / "live.jsonl"
    os.mkfifo(fifo)
    before = snapshot(earlier)
    process = subprocess.Popen(
        [sys.executable, "-c", _AT_A_TERMINAL, "score", str(fifo), "--out", str(earlier),
         "--no-figure", "--chunk-size", "1"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    with fifo.open("w") as writer:
        writer.write("".join(line + "\n" for line in _lines(rows_basic())))
        writer.flush()
        deadline = time.monotonic() + 60
        while not any(p.name.startswith(".scores") for p in earlier.iterdir()):
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    line = one_line_error(err)
    assert "interrupted" in line and "left unchanged" in line
    assert snapshot(earlier) == before


def _lines(rows: list[dict]) -> list[str]:
    return [json.dumps(r) for r in rows]


def test_score_reads_compressed_standard_input(tmp_path, monkeypatch):
    data = gzip.compress(write_jsonl(tmp_path / "r.jsonl", rows_basic()).read_bytes())
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    out = tmp_path / "out"
    assert main(["score", "-", "--out", str(out), "--no-figure", "--group-col", "prompt_id"]) == 0
    report = json.loads((out / "report.json").read_text())
    assert report["meta"]["input"] == "<stdin>" and report["meta"]["format"] == "jsonl"
    assert report["rows"]["total"] == 6
