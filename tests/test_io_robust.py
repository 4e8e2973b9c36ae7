"""safereward.io on awkward inputs: BOMs, compression, pipes, duplicate columns, corrupt files."""

from __future__ import annotations

import bz2
import gzip
import io
import os
import threading
from pathlib import Path

import pytest
from cli_helpers import rows_basic, write_csv, write_jsonl, write_parquet

from safereward.io import InputError, detect_format, iter_records, iter_rows, open_input

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def rows() -> list[dict]:
    return rows_basic()


@pytest.mark.parametrize("writer", [write_jsonl, write_csv], ids=["jsonl", "csv"])
def test_a_byte_order_mark_is_skipped(tmp_path, rows, writer):
    path = writer(tmp_path / f"r.{writer.__name__.removeprefix('write_')}", rows)
    path.write_bytes(BOM + path.read_bytes())
    assert list(iter_records(path)) == rows


@pytest.mark.parametrize(
    ("name", "pack"),
    [
        ("r.jsonl.gz", gzip.compress),
        ("r.jsonl.bz2", bz2.compress),
        ("r.jsonl", gzip.compress),  # compressed, suffix says nothing: found by magic bytes
        ("r.data", gzip.compress),  # no known suffix at all: format sniffed too
    ],
)
def test_compressed_files_read_transparently(tmp_path, rows, name, pack):
    plain = write_jsonl(tmp_path / "plain.jsonl", rows)
    path = tmp_path / name
    path.write_bytes(pack(plain.read_bytes()))
    assert detect_format(path) == "jsonl"
    assert list(iter_records(path)) == rows


def test_compressed_csv_keeps_its_header(tmp_path, rows):
    plain = write_csv(tmp_path / "plain.csv", rows)
    path = tmp_path / "r.csv.gz"
    path.write_bytes(gzip.compress(BOM + plain.read_bytes()))
    assert open_input(path).columns == list(rows[0])
    assert list(iter_records(path)) == rows


def test_zstd_is_read_or_refused_clearly(tmp_path, rows):
    """compression.zstd exists from Python 3.14; before that the message says what to do."""
    plain = write_jsonl(tmp_path / "plain.jsonl", rows).read_bytes()
    try:
        from compression import zstd  # type: ignore[import-not-found]
    except ImportError:
        path = tmp_path / "r.jsonl.zst"
        path.write_bytes(b"\x28\xb5\x2f\xfd" + b"\0" * 16)
        with pytest.raises(InputError, match=r"zstd-compressed.*zstd -d"):
            list(iter_records(path))
    else:
        path = tmp_path / "r.jsonl.zst"
        path.write_bytes(zstd.compress(plain))
        assert list(iter_records(path)) == rows


def test_a_truncated_gzip_is_an_input_error_saying_how_far(tmp_path, rows):
    plain = write_jsonl(tmp_path / "plain.jsonl", rows * 200).read_bytes()
    packed = gzip.compress(plain)
    path = tmp_path / "r.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(InputError, match=r"r\.jsonl\.gz: unreadable after line \d+ \(EOFError"):
        list(iter_rows(path))


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))


@pytest.mark.parametrize(
    ("writer", "fmt"), [(write_jsonl, "jsonl"), (write_csv, "csv"), (write_parquet, "parquet")]
)
def test_dash_reads_standard_input_once(tmp_path, monkeypatch, rows, writer, fmt):
    data = writer(tmp_path / f"r.{fmt}", rows).read_bytes()
    _stdin(monkeypatch, gzip.compress(data) if fmt == "jsonl" else data)
    source = open_input("-")
    assert (source.format, source.columns, source.sample) == (fmt, list(rows[0]), rows[0])
    got = list(source.rows(columns=["response"]))
    assert [r.data for r in got] == [{"response": r["response"]} for r in rows]
    assert got[0].where.startswith("<stdin> ")
    with pytest.raises(InputError, match="already been read"):
        source.rows()  # a stream is read once, never reopened


def test_a_fifo_is_opened_once_and_streamed(tmp_path, rows):
    """A FIFO opened a second time would block forever: the read must finish on one open."""
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    payload = write_jsonl(tmp_path / "plain.jsonl", rows).read_bytes()

    def feed() -> None:
        with fifo.open("wb") as handle:
            handle.write(payload)

    got: list = []

    def read() -> None:
        source = open_input(fifo)
        got.extend(r.data for r in source.rows())

    threads = [
        threading.Thread(target=feed, daemon=True),
        threading.Thread(target=read, daemon=True),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert not any(t.is_alive() for t in threads), "the FIFO was opened more than once"
    assert got == rows


def test_duplicate_csv_column_is_an_error_naming_it(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("response,image_tag,response\na,safe,b\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"duplicate column 'response' \(position 3\)"):
        open_input(path)


def test_duplicate_parquet_column_is_an_error_naming_it(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "d.parquet"
    pq.write_table(pa.table([pa.array(["a"]), pa.array(["b"])], names=["text", "text"]), path)
    with pytest.raises(InputError, match="duplicate column 'text'"):
        list(iter_rows(path))


def test_duplicate_json_key_is_a_bad_row(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text('{"response": "a", "response": "b"}\n{"response": "c"}\n', encoding="utf-8")
    found = list(iter_rows(path))
    assert found[0].error == "duplicate key 'response'"
    assert found[1].data == {"response": "c"}


def test_a_corrupt_parquet_page_is_an_input_error(tmp_path, rows):
    import pyarrow.parquet as pq

    path = write_parquet(tmp_path / "r.parquet", rows * 50)
    column = pq.ParquetFile(path).metadata.row_group(2).column(1)
    offset = column.dictionary_page_offset or column.data_page_offset
    data = bytearray(path.read_bytes())
    data[offset : offset + 12] = b"\xff" * 12  # the page header
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"r\.parquet: unreadable after row 4 \(OSError"):
        list(iter_rows(path, batch_size=2))


def test_a_corrupt_second_arrow_file_in_a_datasets_folder(tmp_path, rows):
    import datasets

    datasets.disable_progress_bars()
    folder = tmp_path / "ds"
    datasets.Dataset.from_list(rows * 40).save_to_disk(str(folder), num_shards=2)
    second = sorted(folder.glob("*.arrow"))[1]
    data = bytearray(second.read_bytes())
    for i in range(len(data) // 4, len(data) - 64, 5):
        data[i] = 0xAB
    second.write_bytes(bytes(data))
    with pytest.raises(InputError, match=second.name):
        list(iter_rows(folder))


def test_errors_quote_little_of_the_input(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text('{"response": "' + "x" * 100_000 + "\n", encoding="utf-8")
    (row,) = list(iter_rows(path))
    assert row.error is not None and len(row.error) < 400


def test_stream_format_from_suffix_is_not_sniffed_by_detect_format(tmp_path):
    fifo = tmp_path / "p.csv"
    os.mkfifo(fifo)
    assert detect_format(fifo) == "csv"  # returns at once: nothing opened
    assert detect_format(Path("-")) == "stream"
