"""safereward.io: every format streams the same records; malformed input names file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import (
    rows_basic,
    write_csv,
    write_datasets,
    write_jsonl,
    write_parquet,
    write_verl_dump,
)

from safereward.io import InputError, detect_format, iter_records, iter_rows, list_columns

COLUMNS = ["prompt_id", "response", "image_tag", "text_tag", "combine_tag"]


@pytest.fixture
def rows() -> list[dict]:
    return rows_basic()


@pytest.mark.parametrize(
    ("writer", "name", "fmt"),
    [
        (write_jsonl, "r.jsonl", "jsonl"),
        (write_csv, "r.csv", "csv"),
        (write_parquet, "r.parquet", "parquet"),
        (write_datasets, "ds", "datasets"),
    ],
)
def test_every_format_gives_the_same_records(tmp_path, rows, writer, name, fmt):
    path = writer(tmp_path / name, rows)
    assert detect_format(path) == fmt
    assert list_columns(path) == COLUMNS
    assert list(iter_records(path, batch_size=2)) == rows
    # column selection keeps order of the request and drops the rest
    picked = list(iter_records(path, columns=["response", "nope"], batch_size=4))
    assert picked == [{"response": r["response"]} for r in rows]


def test_row_positions_per_format(tmp_path, rows):
    jsonl = list(iter_rows(write_jsonl(tmp_path / "r.jsonl", rows)))
    assert [(r.index, r.position, r.unit) for r in jsonl[:2]] == [(0, 1, "line"), (1, 2, "line")]
    parquet = list(iter_rows(write_parquet(tmp_path / "r.parquet", rows), batch_size=4))
    assert [r.position for r in parquet] == [1, 2, 3, 4, 5, 6]
    assert parquet[5].where == "r.parquet row 6"


def test_csv_with_multiline_fields_reports_the_starting_line(tmp_path):
    path = write_csv(tmp_path / "m.csv", [{"a": "x\ny\nz", "b": "1"}, {"a": "w", "b": "2"}])
    found = list(iter_rows(path))
    assert [r.position for r in found] == [2, 5]
    assert found[0].data == {"a": "x\ny\nz", "b": "1"}


def test_verl_dump_folder_is_read_in_step_order(tmp_path, rows):
    folder = write_verl_dump(tmp_path / "dump", rows[:2], steps=[10, 2, 1])
    assert detect_format(folder) == "verl-dump"
    steps = [r["step"] for r in iter_records(folder, columns=["step"])]
    assert steps == [1, 1, 2, 2, 10, 10]
    indexes = [r.index for r in iter_rows(folder)]
    assert indexes == list(range(6))
    assert list_columns(folder) == ["input", "output", "gts", "score", "step"]


def test_json_array_file(tmp_path, rows):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(rows))
    assert detect_format(path) == "json"
    assert list(iter_records(path)) == rows
    lines = tmp_path / "l.json"
    write_jsonl(lines, rows)
    assert detect_format(lines) == "jsonl"


def test_malformed_json_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"a": 1}\n\n{"a": 2\n[1, 2]\n{"a": 3}\n')
    with pytest.raises(InputError, match=r"bad\.jsonl line 3: not valid JSON"):
        list(iter_records(path))
    rows = list(iter_rows(path))
    assert [(r.position, r.data, r.error is None) for r in rows] == [
        (1, {"a": 1}, True),
        (3, None, False),
        (4, None, False),
        (5, {"a": 3}, True),
    ]
    assert "expected a JSON object, got list" in rows[2].error


def test_reading_is_lazy(tmp_path):
    """The first record comes back before a bad record further down is read."""
    path = tmp_path / "lazy.jsonl"
    path.write_text('{"a": 1}\n' + '{"b": 2}\n' * 1000 + "not json\n")
    records = iter_records(path)
    assert next(records) == {"a": 1}
    with pytest.raises(InputError, match="line 1002"):
        list(records)


def test_csv_row_with_wrong_field_count(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("a,b\n1,2\n3,4,5\n6\n")
    rows = list(iter_rows(path))
    assert [r.error is None for r in rows] == [True, False, False]
    assert "more fields" in rows[1].error and rows[1].position == 3
    assert "fewer fields" in rows[2].error and rows[2].position == 4


def test_unknown_and_missing_inputs(tmp_path):
    with pytest.raises(InputError, match="input not found"):
        detect_format(tmp_path / "missing.jsonl")
    (tmp_path / "x.txt").write_text("hi")
    with pytest.raises(InputError, match=r"unsupported input 'x\.txt'"):
        list(iter_records(tmp_path / "x.txt"))
    (tmp_path / "empty_dir").mkdir()
    with pytest.raises(InputError, match="neither a datasets"):
        detect_format(tmp_path / "empty_dir")
    (tmp_path / "bad.parquet").write_text("not parquet")
    with pytest.raises(InputError, match="not a readable Parquet"):
        list(iter_records(tmp_path / "bad.parquet"))
    with pytest.raises(ValueError, match="batch_size"):
        list(iter_rows(tmp_path / "x.txt", batch_size=0))


def test_dataset_dict_folder_asks_for_a_split(tmp_path, rows):
    import datasets

    datasets.disable_progress_bars()
    data = datasets.DatasetDict({"train": datasets.Dataset.from_list(rows)})
    data.save_to_disk(str(tmp_path / "dd"))
    with pytest.raises(InputError, match="splits \\['train'\\]"):
        detect_format(tmp_path / "dd")
    assert len(list(iter_records(tmp_path / "dd" / "train"))) == len(rows)


def test_empty_file_has_no_records(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    assert list(iter_records(path)) == []
    assert list_columns(path) == []


def test_filtered_dataset_reads_only_kept_rows(tmp_path, rows):
    import datasets

    datasets.disable_progress_bars()
    data = datasets.Dataset.from_list(rows).filter(lambda r: r["prompt_id"] == "b")
    data.save_to_disk(str(tmp_path / "f"))
    assert [r["prompt_id"] for r in iter_records(Path(tmp_path / "f"))] == ["b", "b", "b"]
