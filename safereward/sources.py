"""Reading and validating a SafeTag-VL-3K-style source dataset, before any trainer sees it.

A training run that meets a bad label or an unreadable image hours in either crashes or learns
from garbage, so every row is checked here, where the user can still fix the data: a bad row
stops the run with its number and field, or, when asked, is skipped and listed.

Accepted sources: a Parquet, JSONL/JSON or CSV file, or a folder written by
``datasets.Dataset.save_to_disk``. Columns: ``prompt``; images in ``images`` or ``image``
(bytes, ``{"bytes", "path"}`` dicts, or paths; one or a list); ``image_tag``, ``text_tag``,
``combine_tag``, and any other label the schema declares, each in the column of its name.
pyarrow and datasets are imported only when a source needs them.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

from safereward.io import InputError, iter_records
from safereward.labels import LabelError, LabelSchema, SafetyLabels, label_schema
from safereward.schema import SAFEGRPO, SAFETY_LABELS

DEFAULT_IMAGE_COLUMNS = ("images", "image")
LABEL_COLUMNS = tuple(SAFETY_LABELS)


class SourceError(ValueError):
    """The source cannot be read at all (missing file, unknown format, missing column)."""


class RowError(ValueError):
    """One row is unusable; names the row (0-based, in source order) and the field."""

    def __init__(self, row: int, field: str, message: str) -> None:
        super().__init__(f"row {row}: {field}: {message}")
        self.row = row
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ImageRef:
    """One image as verl stores it: encoded bytes, plus the original path when there was one."""

    bytes: bytes
    path: str | None = None

    def as_record(self) -> dict[str, Any]:
        return {"bytes": self.bytes, "path": self.path}


@dataclass(frozen=True)
class SourceRow:
    """A validated row."""

    index: int
    prompt: str
    images: tuple[ImageRef, ...]
    labels: SafetyLabels
    extra: dict[str, Any] = field(default_factory=dict)
    """Other scalar columns of the source (ids, origin), for writers that keep them."""


@dataclass(frozen=True)
class LoadedSource:
    rows: list[SourceRow]
    skipped: list[RowError]
    total: int


def load_source(
    source: str | Path,
    *,
    prompt_column: str = "prompt",
    image_columns: Sequence[str] = DEFAULT_IMAGE_COLUMNS,
    skip_bad_rows: bool = False,
    split: str | None = None,
    check: Callable[[SourceRow], None] | None = None,
    labels: LabelSchema | None = None,
) -> LoadedSource:
    """Read and validate every row; raise ``RowError`` on the first bad one unless skipping.

    ``check`` adds a caller's own test of a valid row (e.g. that its question fits the prompt
    template); a ``ValueError`` from it counts as a bad ``prompt`` field. ``labels``: the labels
    every row must give (those a schema declares; SafeGRPO's three by default).
    """
    path = Path(source)
    rows, skipped, total = [], [], 0
    base = path if path.is_dir() else path.parent  # standard input ("-"): the working folder
    for index, raw in enumerate(read_records(path, split=split)):
        total += 1
        try:
            row = validate_row(index, raw, prompt_column, image_columns, base, labels)
            if check is not None:
                try:
                    check(row)
                except ValueError as exc:
                    raise RowError(index, prompt_column, str(exc)) from None
            rows.append(row)
        except RowError as exc:
            if not skip_bad_rows:
                raise
            skipped.append(exc)
    if total and not rows:
        raise SourceError(f"all {total} rows of {path} were skipped as bad; nothing to prepare")
    if not total:
        raise SourceError(f"{path} has no rows")
    return LoadedSource(rows, skipped, total)


def read_records(path: Path, split: str | None = None) -> Iterator[dict[str, Any]]:
    """Raw rows as dicts, in source order, without validation (read by ``safereward.io``)."""
    if path.is_dir() and (path / "dataset_dict.json").is_file():
        names = sorted(c.name for c in path.iterdir() if c.is_dir())
        chosen = split or ("train" if "train" in names else names[0] if len(names) == 1 else None)
        if chosen not in names:
            raise SourceError(f"{path} holds splits {names}; choose one with --split")
        path = path / chosen
    try:
        yield from iter_records(path)
    except InputError as exc:
        raise SourceError(str(exc)) from None


def validate_row(
    index: int,
    raw: Mapping[str, Any],
    prompt_column: str = "prompt",
    image_columns: Sequence[str] = DEFAULT_IMAGE_COLUMNS,
    base: Path | None = None,
    schema: LabelSchema | None = None,
) -> SourceRow:
    """Check one raw row; raise ``RowError`` naming the first bad field."""
    schema = schema or label_schema(SAFEGRPO)
    prompt = raw.get(prompt_column)
    if not isinstance(prompt, str) or not prompt.strip():
        raise RowError(index, prompt_column, f"expected a non-empty string, got {prompt!r:.80}")
    columns = tuple(schema.columns)  # by their own names: a `text` column is a question
    try:
        labels = schema.read({k: raw[k] for k in columns if raw.get(k) is not None})
    except LabelError as exc:
        raise RowError(index, _label_field(raw, schema), str(exc)) from None
    column = next((c for c in image_columns if raw.get(c) is not None), None)
    images: tuple[ImageRef, ...] = ()
    if column is not None:
        images = tuple(
            _image(index, f"{column}[{i}]", item, base)
            for i, item in enumerate(_as_list(raw[column]))
        )
    skip = {prompt_column, *columns, *image_columns}
    extra = {k: v for k, v in raw.items() if k not in skip and _scalar(v)}
    return SourceRow(index, prompt, images, labels, extra)


def _label_field(raw: Mapping[str, Any], schema: LabelSchema) -> str:
    for name in schema.columns:
        value = raw.get(name)
        if value is None:
            if name in schema.required:
                return name
            continue
        try:
            schema.value(name, value)
        except LabelError:
            return name
    return "labels"


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, str) and value.lstrip().startswith("["):
        with contextlib.suppress(ValueError):
            value = json.loads(value)  # CSV cells hold lists as JSON
    if isinstance(value, (list, tuple)):
        return list(value)
    if hasattr(value, "tolist") and not isinstance(value, (bytes, bytearray)):
        return list(value.tolist())
    return [value]


def _image(row: int, field: str, item: Any, base: Path | None) -> ImageRef:
    path: str | None = None
    data: bytes | None = None
    if isinstance(item, Mapping):
        data = item.get("bytes")
        path = item.get("path") or None
    elif isinstance(item, (bytes, bytearray, memoryview)):
        data = bytes(item)
    elif isinstance(item, (str, Path)):
        path = str(item)
    elif hasattr(item, "save"):  # a PIL image
        buffer = io.BytesIO()
        item.save(buffer, format="PNG")
        data = buffer.getvalue()
    else:
        raise RowError(row, field, f"unsupported image value of type {type(item).__name__}")
    if not data:
        if not path:
            raise RowError(row, field, "image has neither bytes nor a path")
        file = Path(path)
        if not file.is_absolute() and base is not None:
            file = base / file
        if not file.is_file():
            raise RowError(row, field, f"image file not found: {file}")
        data = file.read_bytes()
    _check_decodable(row, field, bytes(data))
    return ImageRef(bytes(data), path)


def _check_decodable(row: int, field: str, data: bytes) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise RowError(row, field, f"not a readable image ({exc})") from None


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def label_distribution(rows: Sequence[SourceRow]) -> dict[tuple[str, str, str], int]:
    """Counts of all 8 (visual, text, combined) label combinations, zeros included, over the
    rows that give all three."""
    counts = Counter(
        tuple(r.labels.as_dataset_row()[label] for label in SAFETY_LABELS)
        for r in rows
        if all(label in r.labels for label in SAFETY_LABELS)
    )
    return {combo: counts.get(combo, 0) for combo in product(("safe", "unsafe"), repeat=3)}


def format_distribution(rows: Sequence[SourceRow]) -> str:
    """The label distribution as an aligned text table, then each other label's values."""
    dist = label_distribution(rows)
    total = sum(dist.values()) or 1
    name_v, name_t, name_c = SAFETY_LABELS
    lines = [f"{name_v:<10}{name_t:<10}{name_c:<13}{'rows':>6}{'share':>8}"]
    for (v, t, c), n in dist.items():
        lines.append(f"{v:<10}{t:<10}{c:<13}{n:>6}{n / total:>8.1%}")
    others = Counter(
        (label, value)
        for r in rows
        for label, value in r.labels.as_dataset_row().items()
        if label not in SAFETY_LABELS
    )
    for (label, value), n in sorted(others.items()):
        lines.append(f"{label} = {value}: {n} rows ({n / len(rows):.1%})")
    return "\n".join(lines)


def split_rows(
    rows: Sequence[SourceRow], test_size: float, seed: int = 0
) -> tuple[list[SourceRow], list[SourceRow]]:
    """A seeded shuffle split; a non-zero ``test_size`` keeps at least one row on each side."""
    import random

    if not 0.0 <= test_size < 1.0:
        raise ValueError(f"test size must be in [0, 1), got {test_size}")
    order = list(rows)
    random.Random(seed).shuffle(order)
    n_test = round(len(order) * test_size)
    if test_size > 0 and len(order) >= 2:
        n_test = min(max(n_test, 1), len(order) - 1)
    return order[n_test:], order[:n_test]
