"""What ``safereward score``'s report keeps in memory, with and without GRPO groups.

    python benchmarks/report_memory.py [--rows 125000] [--json PATH | --no-json]

Folds ``--rows`` scored records into a ``ReportBuilder`` twice: once without a group column,
once with every record in a group of its own (the worst case: memory grows with the number of
distinct groups, one running mean and spread each). Prints the builder's traced memory after
each, and the bytes per group. The figures go to ``benchmarks/results/report_memory.json``.
"""

from __future__ import annotations

import argparse
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import add_json_option, write_results

from safereward.report import ReportBuilder, group_key

LABELS = {"visual": "safe", "text": "unsafe", "combined": "unsafe"}


def record(i: int, grouped: bool) -> dict:
    """A scored record as ``score`` writes it (the fields the builder reads)."""
    return {
        "row": i,
        "where": f"rollouts.jsonl line {i + 1}",
        "group": group_key(f"prompt {i}" * 8) if grouped else None,
        "score": (0.0, 0.5, 0.875, 1.0)[i % 4],
        "terms": {"format": 1.0, "tag": 1.0, "behavior": float(i % 2)},
        "refused": bool(i % 2),
        "violations": [],
        "labels": LABELS,
        "predicted": LABELS,
        "error": None,
        "hacks": [],
        "answer_chars": 120,
        "step": None,
        "prompted": True,
    }


def traced(rows: int, grouped: bool) -> int:
    """Bytes the builder holds after folding in ``rows`` records."""
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    builder = ReportBuilder()
    for i in range(rows):
        builder.add(record(i, grouped))
    held = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    assert builder.n_scored == rows
    return held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=125_000)
    add_json_option(parser, "report_memory")
    args = parser.parse_args()
    flat, grouped = traced(args.rows, False), traced(args.rows, True)
    per_group = (grouped - flat) / args.rows
    print(
        f"{args.rows:,} rows: {flat / 2**20:.2f} MiB without groups, {grouped / 2**20:.1f} MiB "
        f"with {args.rows:,} groups ({per_group:.0f} bytes each)"
    )
    write_results(
        args,
        "report_memory",
        {
            "rows": args.rows,
            "flat_bytes": flat,
            "grouped_bytes": grouped,
            "bytes_per_group": per_group,
        },
    )


if __name__ == "__main__":
    main()
