"""verl's RL dataset format for validated SafeTag-style rows (``safereward prepare verl``).

verl's ``RLHFDataset`` pairs the i-th ``<image>`` marker of the prompt with the i-th entry of
``images`` and hands ``reward_model.ground_truth`` and ``extra_info`` to the reward. The labels
go in both: ``extra_info`` is what ``compute_score`` reads, ``ground_truth`` is what survives
into verl's rollout dumps (``gts``); a label a schema adds (``risk_category``) travels beside
SafeGRPO's three. verl hands a reward no prompt, so ``extra_info`` also keeps
the user turn's text (``prompt_text``) and the bare ``question``: the reward reads them to call
an answer that only echoes the prompt a non-answer. No verl import: the file is plain Parquet.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from safereward.prompting import Instruction
from safereward.schema import SAFETY_LABELS
from safereward.sources import SourceRow

DATA_SOURCE = "safetag_vl"
ABILITY = "safety"


def verl_record(
    row: SourceRow,
    split: str,
    index: int,
    instruction: Instruction,
    data_source: str = DATA_SOURCE,
) -> dict[str, Any]:
    """One verl dataset row."""
    labels = row.labels.as_dataset_row()
    content = instruction.render(row.prompt, len(row.images))
    return {
        "data_source": data_source,
        "prompt": [{"role": "user", "content": content}],
        "images": [image.as_record() for image in row.images],
        "ability": ABILITY,
        "reward_model": {"style": "rule", "ground_truth": json.dumps(labels, sort_keys=True)},
        "extra_info": {
            "split": split,
            "index": index,
            "source_row": row.index,
            "question": row.prompt,
            "prompt_text": content,
            **labels,
        },
    }


def write_verl_parquet(
    rows: Sequence[SourceRow],
    path: Path,
    split: str,
    instruction: Instruction,
    data_source: str = DATA_SOURCE,
) -> Path:
    """Write ``rows`` as one verl parquet file with a fixed schema (also when empty)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [verl_record(r, split, i, instruction, data_source) for i, r in enumerate(rows)]
    added = {k: None for r in rows for k in r.labels.as_dataset_row() if k not in SAFETY_LABELS}
    table = pa.Table.from_pylist(records, schema=_schema(pa, tuple(added)))
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path


def _schema(pa: Any, added_labels: tuple[str, ...] = ()) -> Any:
    """Fixed columns (also for an empty split), and a string field per added label."""
    string = pa.string()
    return pa.schema(
        [
            ("data_source", string),
            ("prompt", pa.list_(pa.struct([("role", string), ("content", string)]))),
            ("images", pa.list_(pa.struct([("bytes", pa.binary()), ("path", string)]))),
            ("ability", string),
            ("reward_model", pa.struct([("style", string), ("ground_truth", string)])),
            (
                "extra_info",
                pa.struct(
                    [
                        ("split", string),
                        ("index", pa.int64()),
                        ("source_row", pa.int64()),
                        ("question", string),
                        ("prompt_text", string),
                        *((label, string) for label in (*SAFETY_LABELS, *added_labels)),
                    ]
                ),
            ),
        ]
    )
