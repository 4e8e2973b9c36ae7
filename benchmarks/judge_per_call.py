"""What the lexical judge costs per call: one answer at a time (as verl sends samples) and batched.

    python benchmarks/judge_per_call.py [--baseline REV] [--rounds 9] [--core N] [--no-json]

Answers are the ``<answer>`` parts of the training-like corpus (mean about 130 characters).
Rows: ``linear_scores`` on one answer per call (each of 256 different answers in turn), on
batches of 256 and of 2,048, and ``judge.scores`` on one answer (what a reward calls: the
logit, the sigmoid and the blank-answer rule). With ``--baseline REV``, each row is also timed
with ``safereward/refusal/features.py`` as it was at git revision ``REV`` (same weights, same
table), interleaved with the current one in every round, and the ratio is printed.

The process is pinned to one core (``--core``, default the last one it may use) and timed in
CPU time; every row is timed once per round, before and after interleaved, and the best round
is kept, so a machine shared with other work slows both columns alike: read the ratios. Each
run is appended to ``benchmarks/results/judge_per_call.json`` (a list of runs, newest last).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from _corpus import training_like

from safereward.refusal import load_judge

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "judge_per_call.json"
SINGLES = 256


def answers(n: int) -> list[str]:
    """The answers of the training-like corpus: what the strict verdict hands the judge."""
    out = []
    for text, _ in training_like(n):
        out.append(text.split("<answer>", 1)[1].split("</answer>", 1)[0])
    return out


def baseline_module(rev: str) -> ModuleType:
    """``safereward.refusal.features`` as it was at ``rev``, imported under another name."""
    source = subprocess.run(
        ["git", "show", f"{rev}:safereward/refusal/features.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location("features_baseline", f.name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    os.unlink(f.name)
    return module


def timed(fn: Callable[[], object], repeat: int) -> float:
    """CPU seconds of this process per call of ``fn``, over ``repeat`` calls (time spent
    waiting for the core while other work runs is not counted)."""
    start = time.process_time()
    for _ in range(repeat):
        fn()
    return (time.process_time() - start) / repeat


def commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "safereward/refusal/features.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
        return out.stdout.strip() + (" (features.py modified)" if dirty else "")
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=None, help="git revision to compare with")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--core", type=int, default=None, help="CPU to pin to")
    parser.add_argument("--no-json", action="store_true", help="print only; write no file")
    args = parser.parse_args()

    core = args.core if args.core is not None else max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    judge = load_judge("lexical")
    spec, weights, bias = judge.spec, judge.weights, judge.bias
    table = judge._table  # built once, as the judge does on first use
    pool = answers(2048)
    singles = pool[:SINGLES]
    impls = {"after": __import__("safereward.refusal.features", fromlist=["x"])}
    if args.baseline:
        impls["before"] = baseline_module(args.baseline)
        for item in (singles[:8], pool[:300]):  # the same logits, or the comparison is moot
            a = impls["before"].linear_scores(item, spec, weights, bias, table)
            b = impls["after"].linear_scores(item, spec, weights, bias, table)
            assert np.abs(a - b).max() <= 1e-9, "baseline and current logits differ"

    def rows(mod: ModuleType) -> dict[str, tuple[Callable[[], object], int, int]]:
        """name -> (call, calls per timing, answers per call)."""

        def one_at_a_time() -> None:
            for a in singles:
                mod.linear_scores([a], spec, weights, bias, table)

        return {
            "1 answer per call": (one_at_a_time, 1, SINGLES),
            "batch of 256": (
                lambda: mod.linear_scores(pool[:256], spec, weights, bias, table),
                4,
                256,
            ),
            "batch of 2048": (lambda: mod.linear_scores(pool, spec, weights, bias, table), 1, 2048),
        }

    plans = {name: rows(mod) for name, mod in impls.items()}
    best: dict[tuple[str, str], float] = {}
    for _ in range(args.rounds):  # interleaved: a busy machine slows every column alike
        for impl, table_rows in plans.items():
            for row, (fn, repeat, count) in table_rows.items():
                seconds = timed(fn, repeat) / count
                best[impl, row] = min(best.get((impl, row), float("inf")), seconds)
        scores = timed(lambda: [judge.scores([a]) for a in singles], 1) / SINGLES
        best["after", "judge.scores, 1 answer"] = min(
            best.get(("after", "judge.scores, 1 answer"), float("inf")), scores
        )

    mean_len = sum(map(len, singles)) / len(singles)
    print(f"lexical judge {spec}; answers of {mean_len:.0f} characters on average")
    print(f"core {core}, best of {args.rounds} rounds; microseconds per answer (answers/s)\n")
    names = list(dict.fromkeys(row for _, row in best))
    header = f"{'':<26}{'before':>22}{'after':>22}{'speed-up':>10}"
    print(header)
    print("-" * len(header))
    figures: dict[str, dict[str, float]] = {}
    for row in names:
        cells, fig = [], {}
        for impl in ("before", "after"):
            s = best.get((impl, row))
            cells.append(f"{s * 1e6:9.2f} ({1 / s:9.0f})" if s else f"{'-':>21}")
            if s:
                fig[f"{impl}_us_per_answer"] = round(s * 1e6, 3)
                fig[f"{impl}_answers_per_s"] = round(1 / s)
        ratio = ""
        if ("before", row) in best:
            fig["speed_up"] = round(best["before", row] / best["after", row], 3)
            ratio = f"{fig['speed_up']:.2f}x"
        figures[row] = fig
        print(f"{row:<26}{cells[0]:>22}{cells[1]:>22}{ratio:>10}")

    if args.no_json:
        return
    run = {
        "command": " ".join(["python", "benchmarks/judge_per_call.py", *sys.argv[1:]]),
        "commit": commit(),
        "baseline": args.baseline,
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, numpy {np.__version__}",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "spec": str(spec),
        "mean_answer_chars": round(mean_len, 1),
        "rounds": args.rounds,
        "figures": figures,
    }
    runs = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else []
    runs.append(run)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(runs, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nappended to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
