"""Where benchmarks write their figures: ``benchmarks/results/<name>.json``.

Every figure in the README and ``docs/`` is rendered from these files
(``python benchmarks/render_figures.py``), so a benchmark that prints figures also writes them,
by default here, with what produced them: the command, the commit and the machine.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def add_json_option(parser: argparse.ArgumentParser, name: str) -> None:
    """``--json PATH`` (default ``benchmarks/results/<name>.json``) and ``--no-json``."""
    parser.add_argument(
        "--json",
        type=Path,
        default=RESULTS / f"{name}.json",
        help=f"write the figures here (default: benchmarks/results/{name}.json, which the docs "
        "render from)",
    )
    parser.add_argument("--no-json", action="store_true", help="print only; write no file")


def write_results(
    args: argparse.Namespace,
    name: str,
    figures: dict[str, Any],
    argv: Sequence[str] | None = None,
) -> None:
    """``figures`` and their provenance to ``args.json`` unless ``--no-json``; ``argv``: the
    arguments the benchmark was given (default: the command line's)."""
    if getattr(args, "no_json", False) or args.json is None:
        return
    data = {
        "benchmark": name,
        "command": " ".join(["python", f"benchmarks/{name}.py", *(argv or sys.argv[1:])]),
        "commit": _commit(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "figures": figures,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=1, ensure_ascii=False)
    args.json.write_text(text + "\n", encoding="utf-8")
    print(f"\nwrote {args.json}")


def _commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=RESULTS.parent,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None
