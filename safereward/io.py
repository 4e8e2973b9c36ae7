"""Streaming record reading for rollout files and datasets.

Rollout files grow with every training step, so nothing here loads a whole file: JSONL and CSV
are read line by line, Parquet and Arrow in record batches. Every record carries where it came
from (file, line or row), so a bad one can be reported precisely instead of dropped.

Formats (``detect_format``):

- ``jsonl``: one JSON object per line (``.jsonl``, ``.ndjson``; ``.json`` unless it is an array)
- ``json``: a ``.json`` file holding one array of objects (the only format read whole)
- ``csv``: header row, then one record per row (values are strings)
- ``parquet``: read with ``pyarrow.parquet.ParquetFile.iter_batches``
- ``arrow``: a single Arrow IPC stream file (what ``datasets`` writes)
- ``datasets``: a folder written by ``datasets.Dataset.save_to_disk`` (its ``.arrow`` files)
- ``verl-dump``: a folder of verl ``{step}.jsonl`` rollout dumps, read in step order

pyarrow is imported only when a Parquet/Arrow source is read.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_BATCH_SIZE = 1024
FORMATS = ("jsonl", "json", "csv", "parquet", "arrow", "datasets", "verl-dump")
_STEP_FILE = re.compile(r"^(\d+)\.jsonl$")
_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".arrow": "arrow",
}


class InputError(ValueError):
    """An input that cannot be read: missing, unknown format, or a malformed record."""


@dataclass(frozen=True)
class Row:
    """One record with its origin; ``data`` is None and ``error`` set when it could not be read."""

    index: int
    """0-based position in the whole input (across files of a folder)."""
    file: str
    position: int
    """1-based line (JSONL/CSV) or 1-based row within ``file`` (Parquet/Arrow/JSON array)."""
    unit: str
    """``"line"`` or ``"row"``: what ``position`` counts."""
    data: dict[str, Any] | None = None
    error: str | None = None

    @property
    def where(self) -> str:
        return f"{Path(self.file).name} {self.unit} {self.position}"


def detect_format(path: str | Path) -> str:
    """Name of the format of ``path`` (one of ``FORMATS``); raises ``InputError`` if unknown."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"input not found: {p}")
    if p.is_dir():
        if (p / "dataset_dict.json").is_file():
            splits = sorted(c.name for c in p.iterdir() if c.is_dir())
            raise InputError(
                f"{p} is a datasets DatasetDict with splits {splits}; pass one split's folder, "
                f"e.g. {p / (splits[0] if splits else 'train')}"
            )
        if (p / "state.json").is_file() or any(p.glob("*.arrow")):
            return "datasets"
        if _step_files(p):
            return "verl-dump"
        raise InputError(
            f"{p} is a folder but neither a datasets save_to_disk folder (state.json + .arrow) "
            "nor a verl rollout dump ({step}.jsonl files)"
        )
    suffix = p.suffix.lower()
    if suffix == ".json":
        return "json" if _first_char(p) == "[" else "jsonl"
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    raise InputError(
        f"unsupported input {p.name!r}: expected .jsonl, .json, .csv, .parquet, .arrow, "
        "a datasets save_to_disk folder or a verl rollout dump folder"
    )


def iter_records(
    path: str | Path,
    columns: Sequence[str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[dict[str, Any]]:
    """Records as dicts, in order; raises ``InputError`` naming file and line on a bad record.

    ``columns`` keeps only those keys (absent keys stay absent); for Parquet/Arrow it also
    avoids reading other columns (e.g. image bytes) at all.
    """
    for row in iter_rows(path, columns, batch_size):
        if row.error is not None:
            raise InputError(f"{row.where}: {row.error}")
        assert row.data is not None
        yield row.data


def iter_rows(
    path: str | Path,
    columns: Sequence[str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[Row]:
    """Like ``iter_records`` but yields malformed records as ``Row``s with ``error`` set.

    For callers that report bad records and go on (``safereward score``).
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    fmt = detect_format(path)
    keep = list(columns) if columns is not None else None
    index = 0
    for file, fmt_one in _files(Path(path), fmt):
        reader = _READERS[fmt_one]
        unit = "line" if fmt_one in ("jsonl", "csv") else "row"
        for position, data, error in reader(file, keep, batch_size):
            yield Row(index, str(file), position, unit, data, error)
            index += 1


def list_columns(path: str | Path) -> list[str]:
    """Column names of a source, read cheaply (schema, header, or the first record)."""
    p = Path(path)
    fmt = detect_format(p)
    files = list(_files(p, fmt))
    if not files:
        return []
    file, fmt_one = files[0]
    if fmt_one == "parquet":
        import pyarrow.parquet as pq

        return list(pq.ParquetFile(file).schema_arrow.names)
    if fmt_one == "arrow":
        import pyarrow as pa

        with pa.memory_map(str(file)) as source:
            return list(_open_arrow(source).schema.names)
    if fmt_one == "csv":
        with file.open(newline="", encoding="utf-8") as handle:
            return next(csv.reader(handle), [])
    for _, data, _ in _READERS[fmt_one](file, None, 1):
        if data is not None:
            return list(data)
    return []


# -- internals -------------------------------------------------------------------------------

_Item = tuple[int, dict[str, Any] | None, str | None]


def _first_char(path: Path) -> str:
    with path.open(encoding="utf-8", errors="replace") as handle:
        while chunk := handle.read(4096):
            stripped = chunk.lstrip()
            if stripped:
                return stripped[0]
    return ""


def _step_files(folder: Path) -> list[Path]:
    found = [(int(m.group(1)), f) for f in folder.iterdir() if (m := _STEP_FILE.match(f.name))]
    return [f for _, f in sorted(found)]


def _files(path: Path, fmt: str) -> Iterator[tuple[Path, str]]:
    if fmt == "verl-dump":
        for f in _step_files(path):
            yield f, "jsonl"
    elif fmt == "datasets":
        for f in _arrow_files(path):
            yield f, "arrow"
    else:
        yield path, fmt


def _arrow_files(folder: Path) -> list[Path]:
    state = folder / "state.json"
    if state.is_file():
        try:
            names = [d["filename"] for d in json.loads(state.read_text())["_data_files"]]
            return [folder / n for n in names]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{state}: not a datasets state file ({exc})") from None
    return sorted(folder.glob("*.arrow"))


def _select(data: dict[str, Any], keep: list[str] | None) -> dict[str, Any]:
    return data if keep is None else {k: data[k] for k in keep if k in data}


def _read_jsonl(path: Path, keep: list[str] | None, batch_size: int) -> Iterator[_Item]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError as exc:
                yield number, None, f"not valid JSON ({exc})"
                continue
            if not isinstance(data, dict):
                yield number, None, f"expected a JSON object, got {type(data).__name__}"
                continue
            yield number, _select(data, keep), None


def _read_json_array(path: Path, keep: list[str] | None, batch_size: int) -> Iterator[_Item]:
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(items, list):
        raise InputError(f"{path}: expected a JSON array of objects")
    for i, data in enumerate(items, start=1):
        if isinstance(data, dict):
            yield i, _select(data, keep), None
        else:
            yield i, None, f"expected a JSON object, got {type(data).__name__}"


def _read_csv(path: Path, keep: list[str] | None, batch_size: int) -> Iterator[_Item]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        reader = csv.DictReader(handle)
        start = 2
        for data in reader:
            line, start = start, reader.line_num + 1
            if None in data:
                yield line, None, f"{len(data[None])} more fields than the header has"
                continue
            if any(v is None for v in data.values()):
                yield line, None, "fewer fields than the header has"
                continue
            yield line, _select(data, keep), None


def _read_parquet(path: Path, keep: list[str] | None, batch_size: int) -> Iterator[_Item]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises its own ArrowInvalid etc.
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from None
    names = parquet.schema_arrow.names
    cols = None if keep is None else [c for c in keep if c in names]
    row = 0
    for batch in parquet.iter_batches(batch_size=batch_size, columns=cols):
        for data in batch.to_pylist():
            row += 1
            yield row, data, None


def _open_arrow(source: Any) -> Any:
    import pyarrow as pa

    try:
        return pa.ipc.open_stream(source)
    except pa.ArrowInvalid:
        source.seek(0)
        return pa.ipc.open_file(source)


def _read_arrow(path: Path, keep: list[str] | None, batch_size: int) -> Iterator[_Item]:
    import pyarrow as pa

    try:
        source = pa.memory_map(str(path))
        reader = _open_arrow(source)
    except (OSError, pa.ArrowInvalid) as exc:
        raise InputError(f"{path}: not a readable Arrow file ({exc})") from None
    with source:
        names = reader.schema.names
        cols = None if keep is None else [c for c in keep if c in names]
        if isinstance(reader, pa.ipc.RecordBatchFileReader):
            batches: Any = (reader.get_batch(i) for i in range(reader.num_record_batches))
        else:
            batches = reader
        row = 0
        for batch in batches:
            if cols is not None:
                batch = batch.select(cols)
            for start in range(0, batch.num_rows, batch_size):
                for data in batch.slice(start, batch_size).to_pylist():
                    row += 1
                    yield row, data, None


_READERS = {
    "jsonl": _read_jsonl,
    "json": _read_json_array,
    "csv": _read_csv,
    "parquet": _read_parquet,
    "arrow": _read_arrow,
}
