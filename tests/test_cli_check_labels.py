"""``safereward check-labels``: label distribution, bad rows with row and field, exit status."""

from __future__ import annotations

import json

from cli_helpers import SAFE, UNSAFE, write_csv, write_jsonl, write_parquet

from safereward.cli.main import main


def check(capsys, *args: str) -> tuple[int, dict]:
    code = main(["check-labels", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def counts(result: dict) -> dict[str, int]:
    return {
        "/".join(e[f] for f in ("visual", "text", "combined")): e["count"]
        for e in result["distribution"]
    }


def test_distribution_over_the_eight_combinations(tmp_path, capsys):
    rows = (
        [SAFE] * 3 + [UNSAFE] + [{"image_tag": "unsafe", "text_tag": "safe", "combine_tag": "safe"}]
    )
    code, result = check(capsys, str(write_jsonl(tmp_path / "l.jsonl", rows)))
    assert code == 0 and result["bad"] == 0 and result["valid"] == 5
    assert len(result["distribution"]) == 8
    table = counts(result)
    assert table["safe/safe/safe"] == 3 and table["unsafe/unsafe/unsafe"] == 1
    assert table["unsafe/safe/safe"] == 1 and sum(table.values()) == 5
    assert result["distribution"][0]["fraction"] == 0.6


def test_short_names_and_case(tmp_path, capsys):
    rows = [{"visual": " SAFE ", "text": "Unsafe", "combined": "unsafe"}]
    code, result = check(capsys, str(write_csv(tmp_path / "s.csv", rows)))
    assert code == 0 and counts(result)["safe/unsafe/unsafe"] == 1
    assert result["label_columns"] == ["visual", "text", "combined"]


def test_bad_rows_listed_with_row_and_field(tmp_path, capsys):
    rows = [SAFE, {**SAFE, "text_tag": "maybe"}, {**SAFE, "combine_tag": None}, UNSAFE]
    path = write_jsonl(tmp_path / "l.jsonl", rows)
    code, result = check(capsys, str(path))
    assert code == 1 and result["bad"] == 2 and result["valid"] == 2
    assert [(b["row"], b["column"]) for b in result["bad_rows"]] == [
        (1, "text_tag"),
        (2, "combine_tag"),
    ]
    assert result["bad_rows"][0]["where"] == "l.jsonl line 2"
    assert main(["check-labels", str(path)]) == 1
    out = capsys.readouterr().out
    assert "2 bad" in out and "'maybe'" in out


def test_extra_info_struct_in_parquet(tmp_path, capsys):
    rows = [{"prompt": "p", "extra_info": {**SAFE, "index": i}} for i in range(3)]
    code, result = check(capsys, str(write_parquet(tmp_path / "t.parquet", rows)))
    assert code == 0 and result["label_columns"] == ["extra_info"]
    assert counts(result)["safe/safe/safe"] == 3


def test_missing_columns_and_empty_file_exit_2(tmp_path, capsys):
    path = write_jsonl(tmp_path / "x.jsonl", [{"prompt": "p"}])
    assert main(["check-labels", str(path)]) == 2
    assert "no label columns found" in capsys.readouterr().err
    (tmp_path / "e.jsonl").write_text("")
    assert main(["check-labels", str(tmp_path / "e.jsonl")]) == 2
    assert "has no records" in capsys.readouterr().err
    assert main(["check-labels", str(path), "--label-cols", "a", "b", "c"]) == 2
    assert "label column 'a' not found" in capsys.readouterr().err


def test_malformed_line_is_a_bad_row(tmp_path, capsys):
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps(SAFE) + "\n{oops\n")
    code, result = check(capsys, str(path))
    assert code == 1 and result["bad_rows"][0]["where"] == "m.jsonl line 2"
    assert "not valid JSON" in result["bad_rows"][0]["error"]
