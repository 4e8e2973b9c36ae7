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

Files may be gzip or bzip2 compressed (and zstd where the standard library has
``compression.zstd``), recognised by their first bytes as well as by a ``.gz``/``.bz2``/``.zst``
suffix; a UTF-8 byte order mark is skipped. ``-`` is standard input; it, FIFOs and other
non-seekable inputs are opened once and read in one pass (``open_input``), their format taken from
the suffix or the content. Parquet and Arrow *file* format need random access, so from a pipe or
compressed they are read into memory. Duplicate column names are an error naming the column.

pyarrow is imported only when a Parquet/Arrow source is read.
"""

from __future__ import annotations

import bz2
import contextlib
import csv
import gzip
import io
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import IO, Any

from safereward.quoting import clip

DEFAULT_BATCH_SIZE = 1024
FORMATS = ("jsonl", "json", "csv", "parquet", "arrow", "datasets", "verl-dump")
STDIN = "-"
_STEP_FILE = re.compile(r"^(\d+)\.jsonl$")
_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".arrow": "arrow",
}
_COMPRESSED = {".gz": "gzip", ".bz2": "bz2", ".zst": "zstd"}
_MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bz2"), (b"\x28\xb5\x2f\xfd", "zstd"))
_BOM = b"\xef\xbb\xbf"


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


def is_stream(path: str | Path) -> bool:
    """Standard input, a FIFO or a device: readable once, front to back."""
    if str(path) == STDIN:
        return True
    p = Path(path)
    return p.exists() and not p.is_dir() and not p.is_file()


def detect_format(path: str | Path) -> str:
    """Name of the format of ``path`` (one of ``FORMATS``); raises ``InputError`` if unknown.

    A stream is never read here: its format comes from its suffix, else ``"stream"`` (sniffed
    when ``open_input`` reads it).
    """
    if is_stream(path):
        return _suffix_format(Path(path)) or "stream"
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
    fmt = _suffix_format(p)
    if fmt == "json" or fmt is None:
        with _open_binary(p) as handle:
            fmt = _sniff(handle, fallback=fmt)
    if fmt is None:
        raise InputError(
            f"unsupported input {p.name!r}: expected .jsonl, .json, .csv, .parquet, .arrow "
            "(optionally .gz/.bz2), a datasets save_to_disk folder or a verl rollout dump folder"
        )
    return fmt


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

    For callers that report bad records and go on (``safereward score``). A file that breaks
    part way (a corrupt Parquet page, a truncated gzip) raises ``InputError`` saying how far
    reading got.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    keep = list(columns) if columns is not None else None
    if is_stream(path):
        yield from _stream_rows(Path(path), keep, batch_size)
        return
    fmt = detect_format(path)
    index = 0
    for file, fmt_one in _files(Path(path), fmt):
        items = _READERS[fmt_one](_Source(file), keep, batch_size)
        for position, data, error in _guarded(items, file, fmt_one):
            yield Row(index, str(file), position, _unit(fmt_one), data, error)
            index += 1


def list_columns(path: str | Path) -> list[str]:
    """Column names of a source, read cheaply (schema, header, or the first record)."""
    if is_stream(path):
        raise InputError(f"{_name(Path(path))} is a stream; read it once with open_input")
    p = Path(path)
    fmt = detect_format(p)
    files = list(_files(p, fmt))
    if not files:
        return []
    file, fmt_one = files[0]
    source = _Source(file)
    if fmt_one in ("parquet", "arrow"):
        with source.table(fmt_one) as (names, _):
            return names
    if fmt_one == "csv":
        with source.text() as handle:
            return _header(next(csv.reader(handle), []), file)
    with contextlib.closing(_READERS[fmt_one](source, None, 1)) as items:
        for _, data, _ in _guarded(items, file, fmt_one):
            if data is not None:
                return list(data)
    return []


@dataclass
class OpenedInput:
    """An input with what planning needs (format, columns, a first record) read exactly once.

    ``rows`` may be called once: for a stream it continues where the look-ahead stopped.
    """

    path: Path
    format: str
    columns: list[str]
    sample: dict[str, Any] | None
    _ahead: list[Row] = field(default_factory=list, repr=False)
    _rest: Iterator[Row] | None = field(default=None, repr=False)
    _read: bool = field(default=False, repr=False)

    def rows(
        self, columns: Sequence[str] | None = None, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[Row]:
        if self._rest is None:
            if self._read:
                raise InputError(f"{_name(self.path)} is a stream and has already been read")
            return iter_rows(self.path, columns, batch_size)
        rest, ahead, self._rest, self._ahead = self._rest, self._ahead, None, []
        self._read = True
        keep = list(columns) if columns is not None else None
        return (_keep_row(row, keep) for row in chain(ahead, rest))


def open_input(path: str | Path) -> OpenedInput:
    """Format, column names and the first good record; a stream is read only once, ever."""
    p = Path(path)
    if not is_stream(p):
        columns = list_columns(p)
        sample = next((r.data for r in iter_rows(p, batch_size=1) if r.data is not None), None)
        return OpenedInput(p, detect_format(p), columns, sample)
    state: dict[str, Any] = {}
    rows = _stream_rows(p, None, DEFAULT_BATCH_SIZE, state)
    ahead: list[Row] = []
    for row in rows:
        ahead.append(row)
        if row.data is not None:
            break
    sample = ahead[-1].data if ahead and ahead[-1].data is not None else None
    columns = state.get("columns") or (list(sample) if sample is not None else [])
    return OpenedInput(p, state.get("format", "stream"), columns, sample, ahead, rows)


# -- internals -------------------------------------------------------------------------------

_Item = tuple[int, dict[str, Any] | None, str | None]


def _unit(fmt: str) -> str:
    return "line" if fmt in ("jsonl", "csv") else "row"


def _name(path: Path) -> str:
    return "<stdin>" if str(path) == STDIN else str(path)


def _suffix_format(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in _COMPRESSED:
        suffixes.pop()
    last = suffixes[-1] if suffixes else ""
    return "json" if last == ".json" else _SUFFIXES.get(last)


def _compression(head: bytes) -> str | None:
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), None)


def _decompressed(raw: IO[bytes], name: str) -> IO[bytes]:
    """``raw`` (peekable) unwrapped from gzip/bz2/zstd, recognised by its magic bytes."""
    kind = _compression(_peek(raw, 4))
    if kind is None:
        return raw
    if kind == "gzip":
        return io.BufferedReader(gzip.GzipFile(fileobj=raw, mode="rb"))  # type: ignore[arg-type]
    if kind == "bz2":
        return io.BufferedReader(bz2.BZ2File(raw))  # type: ignore[arg-type]
    try:
        from compression import zstd  # type: ignore[import-not-found]  # Python >= 3.14
    except ImportError:
        raise InputError(
            f"{name} is zstd-compressed; this Python has no compression.zstd (3.14+): "
            "decompress it first (zstd -d) or pipe it in (zstd -dc FILE | safereward ... -)"
        ) from None
    return io.BufferedReader(zstd.ZstdFile(raw))


def _peek(handle: IO[bytes], n: int) -> bytes:
    peek = getattr(handle, "peek", None)
    return peek(n)[:n] if peek is not None else b""


def _open_binary(path: Path) -> IO[bytes]:
    raw: IO[bytes] = sys.stdin.buffer if str(path) == STDIN else path.open("rb")
    try:
        return _decompressed(raw, _name(path))
    except BaseException:
        raw.close()
        raise


def _sniff(handle: IO[bytes], fallback: str | None) -> str | None:
    """The format of a (decompressed, peekable) binary stream from its first bytes."""
    head = _peek(handle, 1024)
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"ARROW1") or head.startswith(b"\xff\xff\xff\xff"):
        return "arrow"
    text = head.removeprefix(_BOM).lstrip()
    if text.startswith(b"["):
        return "json"
    if text.startswith(b"{"):
        return "jsonl"
    return "jsonl" if fallback == "json" else fallback


class _Source:
    """One file or an already opened stream, opened as text or as a table."""

    def __init__(self, path: Path, stream: IO[bytes] | None = None) -> None:
        self.path = path
        self.stream = stream

    def binary(self) -> IO[bytes]:
        return self.stream if self.stream is not None else _open_binary(self.path)

    def text(self) -> IO[str]:
        return io.TextIOWrapper(self.binary(), encoding="utf-8-sig", errors="replace", newline="")

    def table(self, fmt: str) -> _Table:
        return _Table(self, fmt)


class _Table:
    """Context manager yielding (column names, record batches) of a Parquet or Arrow source."""

    def __init__(self, source: _Source, fmt: str) -> None:
        self.source = source
        self.fmt = fmt
        self.closers: list[Any] = []

    def __enter__(self) -> tuple[list[str], Any]:
        import pyarrow as pa

        name = _name(self.source.path)
        try:
            file: Any = self._arrow_source(pa)
            if self.fmt == "parquet":
                import pyarrow.parquet as pq

                reader: Any = pq.ParquetFile(file)
                names = list(reader.schema_arrow.names)
            else:
                reader = _open_arrow(file)
                names = list(reader.schema.names)
        except InputError:
            self.__exit__()
            raise
        except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...
            self.__exit__()
            kind = "Parquet" if self.fmt == "parquet" else "Arrow"
            raise InputError(f"{name}: not a readable {kind} file ({clip(exc)})") from None
        _no_duplicates(names, name)
        return names, reader

    def _arrow_source(self, pa: Any) -> Any:
        path = self.source.path
        if self.source.stream is None and str(path) != STDIN:
            with path.open("rb") as probe:
                compressed = _compression(probe.read(4)) is not None
            if not compressed:
                source = pa.memory_map(str(path)) if self.fmt == "arrow" else str(path)
                if self.fmt == "arrow":
                    self.closers.append(source)
                return source
        handle = self.source.binary()
        self.closers.append(handle)
        if self.fmt == "arrow" and _peek(handle, 4) == b"\xff\xff\xff\xff":
            return pa.PythonFile(handle, mode="r")  # an IPC stream reads front to back
        return pa.BufferReader(handle.read())  # file formats need random access

    def __exit__(self, *exc: object) -> None:
        for closer in self.closers:
            closer.close()
        self.closers = []


def _no_duplicates(names: Sequence[str], where: str) -> None:
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            raise InputError(
                f"{where}: duplicate column {clip(name)!r} (position {i + 1}); "
                "rename one of them so no value is silently lost"
            )
        seen.add(name)


def _header(names: list[str], where: Path) -> list[str]:
    _no_duplicates(names, _name(where))
    return names


def _guarded(items: Iterator[_Item], file: Path, fmt: str) -> Iterator[_Item]:
    """``items``, turning a failure part way (corrupt page, truncated gzip) into ``InputError``."""
    last = 0
    try:
        for item in items:
            last = item[0]
            yield item
    except InputError:
        raise
    except Exception as exc:  # pyarrow, gzip, bz2, zlib and OS errors all mean the same here
        unit = _unit(fmt)
        at = f"after {unit} {last}" if last else "before its first record"
        raise InputError(
            f"{_name(file)}: unreadable {at} ({type(exc).__name__}: {clip(exc)})"
        ) from None


def _stream_rows(
    path: Path, keep: list[str] | None, batch_size: int, state: dict[str, Any] | None = None
) -> Iterator[Row]:
    """The rows of a stream, opened once; ``state`` receives its format (and CSV header)."""
    state = state if state is not None else {}
    try:
        handle = _open_binary(path)
    except OSError as exc:
        raise InputError(f"cannot open {_name(path)}: {exc}") from None
    with handle:
        fmt = _sniff(handle, fallback=_suffix_format(path)) or "csv"
        state["format"] = fmt
        source = _Source(path, handle)
        items = _READERS[fmt](source, keep, batch_size, state)
        for index, (position, data, error) in enumerate(_guarded(items, path, fmt)):
            yield Row(index, _name(path), position, _unit(fmt), data, error)


def _keep_row(row: Row, keep: list[str] | None) -> Row:
    if keep is None or row.data is None:
        return row
    return Row(row.index, row.file, row.position, row.unit, _select(row.data, keep), row.error)


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


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(f"duplicate key {clip(key)!r}")
            seen.add(key)
    return data


def _parse_object(text: str) -> tuple[dict[str, Any] | None, str | None]:
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except _DuplicateKey as exc:
        return None, str(exc)
    except ValueError as exc:
        return None, f"not valid JSON ({clip(exc)})"
    except RecursionError:
        return None, "not valid JSON (nested too deeply)"
    if not isinstance(data, dict):
        return None, f"expected a JSON object, got {type(data).__name__}"
    return data, None


def _read_jsonl(
    source: _Source, keep: list[str] | None, batch_size: int, state: Any = None
) -> Iterator[_Item]:
    with source.text() as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            data, error = _parse_object(line)
            yield number, None if data is None else _select(data, keep), error


def _read_json_array(
    source: _Source, keep: list[str] | None, batch_size: int, state: Any = None
) -> Iterator[_Item]:
    name = _name(source.path)
    with source.text() as handle:
        text = handle.read()
    try:
        items = json.loads(text, object_pairs_hook=_unique_keys)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{name}: not valid JSON ({clip(exc)})") from None
    if not isinstance(items, list):
        raise InputError(f"{name}: expected a JSON array of objects")
    for i, data in enumerate(items, start=1):
        if isinstance(data, dict):
            yield i, _select(data, keep), None
        else:
            yield i, None, f"expected a JSON object, got {type(data).__name__}"


def _read_csv(
    source: _Source, keep: list[str] | None, batch_size: int, state: Any = None
) -> Iterator[_Item]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with source.text() as handle:
        reader = csv.reader(handle)
        header = _header(next(reader, []), source.path)
        if state is not None:
            state["columns"] = list(header)
        width = len(header)
        start = 2
        for values in reader:
            line, start = start, reader.line_num + 1
            if not values:
                continue
            if len(values) > width:
                yield line, None, f"{len(values) - width} more fields than the header has"
            elif len(values) < width:
                yield line, None, "fewer fields than the header has"
            else:
                yield line, _select(dict(zip(header, values, strict=True)), keep), None


def _read_parquet(
    source: _Source, keep: list[str] | None, batch_size: int, state: Any = None
) -> Iterator[_Item]:
    with source.table("parquet") as (names, parquet):
        if state is not None:
            state["columns"] = names
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


def _read_arrow(
    source: _Source, keep: list[str] | None, batch_size: int, state: Any = None
) -> Iterator[_Item]:
    import pyarrow as pa

    with source.table("arrow") as (names, reader):
        if state is not None:
            state["columns"] = names
        cols = None if keep is None else [c for c in keep if c in names]
        if isinstance(reader, pa.ipc.RecordBatchFileReader):
            batches: Any = (reader.get_batch(i) for i in range(reader.num_record_batches))
        else:
            batches = reader
        row = 0
        for batch in batches:
            if cols is not None:
                batch = batch.select(cols)
            # IPC data is used in place (zero copy): corrupt offsets would crash the process in
            # to_pylist, so check them first (ArrowInvalid becomes an InputError).
            batch.validate(full=True)
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
