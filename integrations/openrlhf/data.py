"""OpenRLHF's prompt dataset for validated SafeTag-style rows (``safereward prepare openrlhf``).

OpenRLHF 0.11.2 reads a JSONL prompt dataset: ``--data.input_key`` (chat messages; with
``--data.apply_chat_template`` an ``<image>`` marker in a message becomes an image slot),
``--data.image_key`` (a list of image paths, URLs or base64 strings, one per marker) and
``--data.label_key`` (handed to the reward as-is). The three tags travel in one ``label``
column as a JSON object string, which both the reward file and the HTTP server accept.
Images are written once as files next to the JSONL and referenced by absolute path: JSONL
cannot hold raw bytes, and base64 would copy every image into every worker's dataset.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from safereward.prompting import Instruction
from safereward.sources import ImageRef, SourceRow

INPUT_KEY = "input"
IMAGE_KEY = "images"
LABEL_KEY = "label"
DATA_SOURCE_KEY = "datasource"
"""OpenRLHF groups evaluation metrics by this column."""


def openrlhf_record(
    row: SourceRow,
    image_paths: Sequence[str],
    instruction: Instruction,
    data_source: str,
) -> dict[str, Any]:
    """One JSONL row; ``image_paths`` are the files written for ``row.images``."""
    tags = row.labels.as_dataset_row()
    return {
        INPUT_KEY: [{"role": "user", "content": instruction.render(row.prompt, len(row.images))}],
        IMAGE_KEY: list(image_paths),
        LABEL_KEY: json.dumps(tags, sort_keys=True),
        DATA_SOURCE_KEY: data_source,
        **tags,
        "source_row": row.index,
    }


def write_openrlhf_jsonl(
    rows: Sequence[SourceRow],
    path: Path,
    split: str,
    instruction: Instruction,
    data_source: str,
) -> Path:
    """Write ``rows`` to ``path`` and their images under ``images/<split>/`` beside it."""
    path = Path(path).resolve()
    image_dir = path.parent / "images" / split
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for i, row in enumerate(rows):
            files = [
                _write_image(image, image_dir / f"{i:06d}_{k}")
                for k, image in enumerate(row.images)
            ]
            record = openrlhf_record(row, files, instruction, data_source)
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _write_image(image: ImageRef, stem: Path) -> str:
    file = stem.with_suffix(_suffix(image.bytes))
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(image.bytes)
    return str(file)


def _suffix(data: bytes) -> str:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        kind = (image.format or "png").lower()
    return {"jpeg": ".jpg"}.get(kind, f".{kind}")
