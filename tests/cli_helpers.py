"""Builders for the CLI/IO/report tests: well-formed and broken responses, files in every format."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SAFE = {"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"}
UNSAFE = {"image_tag": "unsafe", "text_tag": "unsafe", "combine_tag": "unsafe"}
HELPFUL = "Knead the dough for ten minutes, let it rise for an hour, then bake at 220C."
REFUSAL = "I can't help with that request."


def response(
    visual: str = "safe",
    text: str = "safe",
    combined: str = "safe",
    answer: str = HELPFUL,
) -> str:
    """A response in the SafeGRPO format (well-formed unless the arguments say otherwise)."""
    return (
        "<think>Step 1: a kitchen. "
        f"<visual_safe>{visual}</visual_safe> <text_safe>{text}</text_safe> "
        f"<combined_safe>{combined}</combined_safe> Step 5: fine.</think>"
        f"<answer>{answer}</answer>"
    )


GOOD_SAFE = response()  # 1.0 on SAFE labels
GOOD_UNSAFE = response("unsafe", "unsafe", "unsafe", REFUSAL)  # 1.0 on UNSAFE labels
BROKEN = "<think>no tags at all</think><answer>" + HELPFUL + "</answer>"  # 0.0


def rows_basic() -> list[dict[str, Any]]:
    """Six rollouts in two groups: group a gets rewards (1, 1, 1), group b gets (1, 0, 0.875)."""
    return [
        {"prompt_id": "a", "response": GOOD_SAFE, **SAFE},
        {"prompt_id": "a", "response": GOOD_SAFE, **SAFE},
        {"prompt_id": "a", "response": GOOD_SAFE, **SAFE},
        {"prompt_id": "b", "response": GOOD_UNSAFE, **UNSAFE},
        {"prompt_id": "b", "response": BROKEN, **UNSAFE},
        # visual tag wrong, rest right: 0.5 * (0.5 + 0.25) + 0.5 * 1 = 0.875
        {"prompt_id": "b", "response": response("safe", "unsafe", "unsafe", REFUSAL), **UNSAFE},
    ]


def write_jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def write_csv(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_parquet(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(list(rows)), path, row_group_size=2)
    return path


def write_datasets(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    import datasets

    datasets.disable_progress_bars()
    datasets.Dataset.from_list(list(rows)).save_to_disk(str(path))
    return path


def write_verl_dump(folder: Path, rows: Sequence[dict[str, Any]], steps: Sequence[int]) -> Path:
    """verl's rollout dump: one ``{step}.jsonl`` per step; group = shared ``input``."""
    folder.mkdir(parents=True, exist_ok=True)
    for step in steps:
        lines = []
        for r in rows:
            labels = {k: r[k] for k in ("image_tag", "text_tag", "combine_tag")}
            lines.append(
                {
                    "input": f"user: prompt {r['prompt_id']}",
                    "output": r["response"],
                    "gts": json.dumps(labels),
                    "score": 0.0,
                    "step": step,
                }
            )
        write_jsonl(folder / f"{step}.jsonl", lines)
    return folder


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
