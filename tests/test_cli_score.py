"""``safereward score`` end to end through the CLI entry point, good inputs and bad."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import (
    GOOD_SAFE,
    SAFE,
    read_jsonl,
    response,
    rows_basic,
    write_csv,
    write_datasets,
    write_jsonl,
    write_parquet,
    write_verl_dump,
)

from safereward.cli.main import main
from safereward.cli.score import example_path

EXPECTED_BASIC = [1.0, 1.0, 1.0, 1.0, 0.0, 0.875]


def score(tmp_path: Path, *args: str, out: str = "out") -> tuple[int, dict | None, list[dict]]:
    """Run ``safereward score`` with --out; return status, report.json and scores.jsonl."""
    folder = tmp_path / out
    code = main(["score", *args, "--out", str(folder), "--no-figure"])
    report_path = folder / "report.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else None
    scores = read_jsonl(folder / "scores.jsonl") if (folder / "scores.jsonl").exists() else []
    return code, report, scores


# -- the built-in example ----------------------------------------------------------------------


def test_example_report_and_files(tmp_path, capsys):
    out = tmp_path / "report"
    assert main(["score", "--example", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "format pass rate" in printed and "reward histogram" in printed
    report = json.loads((out / "report.json").read_text())
    examples = read_jsonl(example_path())
    assert report["rows"]["total"] == report["rows"]["scored"] == len(examples)
    assert 40 <= len(examples) <= 60
    assert report["meta"]["columns"]["group"] == "prompt_id"
    kinds = set(report["format"]["violations"])
    for kind in (
        "duplicate_tag",
        "tag_in_answer",
        "multiple_answers",
        "empty_answer",
        "text_after_answer",
        "unclosed_block",
        "missing_tag",
        "invalid_value",
    ):
        assert kind in kinds
    groups = report["groups"]
    assert groups["n_groups"] == len({r["prompt_id"] for r in examples})
    assert groups["all_equal"] >= 1 and 0 < groups["frac_all_equal"] < 1
    assert 0 < report["behavior"]["over_refusal_rate_on_safe"] < 0.5
    assert report["behavior"]["refusal_rate_on_unsafe"] > 0.5
    scores = read_jsonl(out / "scores.jsonl")
    assert [s["row"] for s in scores] == list(range(len(examples)))
    png = (out / "report.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_example_shows_the_paper_reward_paying_for_hacks(tmp_path):
    """The example's point: hacked rollouts earn more under the paper preset than under strict."""
    examples = read_jsonl(example_path())
    _, _, strict = score(tmp_path, "--example", out="strict")
    _, _, paper = score(tmp_path, "--example", "--preset", "paper", out="paper")

    def mean_of(scores, kind):
        picked = [s["score"] for s, e in zip(scores, examples, strict=True) if e["kind"] == kind]
        return sum(picked) / len(picked)

    assert mean_of(paper, "hacked") >= 0.9
    assert mean_of(strict, "hacked") <= 0.35
    assert mean_of(strict, "good") == 1.0
    assert mean_of(strict, "broken") == 0.0


def test_example_via_installed_command(tmp_path):
    exe = Path(sys.executable).with_name("safereward")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "safereward.cli.main"]
    done = subprocess.run(
        [*cmd, "score", "--example"], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "mean reward" in done.stdout and "groups with all rewards equal" in done.stdout
    assert list(tmp_path.iterdir()) == []  # without --out nothing is written


# -- formats ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("writer", "name"),
    [
        (write_jsonl, "r.jsonl"),
        (write_csv, "r.csv"),
        (write_parquet, "r.parquet"),
        (write_datasets, "ds"),
    ],
)
def test_formats_give_the_same_scores(tmp_path, writer, name):
    path = writer(tmp_path / name, rows_basic())
    code, report, scores = score(tmp_path, str(path), "--group-col", "prompt_id")
    assert code == 0
    assert [s["score"] for s in scores] == EXPECTED_BASIC
    assert report["groups"]["frac_all_equal"] == 0.5
    assert report["groups"]["mean_std"] == pytest.approx(0.2724311839712921)


def test_verl_dump_groups_by_input_within_a_step(tmp_path):
    dump = write_verl_dump(tmp_path / "dump", rows_basic(), steps=[2, 1])
    code, report, scores = score(tmp_path, str(dump))
    assert code == 0
    assert report["meta"]["format"] == "verl-dump"
    assert report["meta"]["columns"] == {
        "response": "output",
        "labels": ["gts"],
        "prompt": "input",
        "group": "input",
        "group_within": "step",
    }
    assert report["prompts"] == {"scored_with_prompt": 12, "used": True}
    assert [s["score"] for s in scores] == EXPECTED_BASIC * 2
    assert report["groups"]["n_groups"] == 4  # 2 prompts x 2 steps
    assert report["groups"]["frac_all_equal"] == 0.5
    assert scores[0]["where"] == "1.jsonl line 1" and scores[6]["where"] == "2.jsonl line 1"


def test_verl_dump_reports_hacks_step_by_step(tmp_path, capsys):
    from PIL import Image

    honest = rows_basic()[:3]  # combined-safe, helpful
    padded = [
        dict(r, response=r["response"].replace("<answer>", "<answer>" + "\n" * 40)) for r in honest
    ]
    hollow = [dict(r, response=response(answer="N/A")) for r in honest]
    dump = write_verl_dump(tmp_path / "dump", honest * 2, steps=[1])
    write_verl_dump(dump, padded + hollow, steps=[2])
    out = tmp_path / "out"
    assert main(["score", str(dump), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "hack monitor" in printed and "by step" in printed
    report = json.loads((out / "report.json").read_text())
    assert report["hacks"]["padding"] == 0.25 and report["hacks"]["non_answer"] == 0.25
    one, two = report["steps"]
    assert one["hacks"]["padding"] == 0.0 and two["hacks"]["padding"] == 0.5
    assert one["hacks"]["non_answer"] == 0.0 and two["hacks"]["non_answer"] == 0.5
    assert one["mean_reward"] == 1.0 and two["mean_reward"] < 1.0
    scores = read_jsonl(out / "scores.jsonl")
    assert scores[-1]["hacks"][0] == "non_answer" and scores[-1]["step"] == 2
    with Image.open(out / "report.png") as png:  # a third row of trends under the summary
        assert png.size[1] == 1200


def test_extra_info_struct_and_explicit_columns(tmp_path):
    rows = [
        {"completion": r["response"], "extra_info": {k: r[k] for k in SAFE}, "pid": r["prompt_id"]}
        for r in rows_basic()
    ]
    path = write_parquet(tmp_path / "x.parquet", rows)
    code, report, scores = score(tmp_path, str(path), "--group-col", "pid")
    assert code == 0
    assert report["meta"]["columns"]["labels"] == ["extra_info"]
    assert [s["score"] for s in scores] == EXPECTED_BASIC

    renamed = [
        {"txt": r["response"], "v": r["image_tag"], "t": r["text_tag"], "c": r["combine_tag"]}
        for r in rows_basic()
    ]
    path = write_jsonl(tmp_path / "r.jsonl", renamed)
    code, _, scores = score(
        tmp_path, str(path), "--response-col", "txt", "--label-cols", "v", "t", "c", out="o2"
    )
    assert code == 0 and [s["score"] for s in scores] == EXPECTED_BASIC


def test_json_output(tmp_path, capsys):
    path = write_jsonl(tmp_path / "r.jsonl", rows_basic())
    assert main(["score", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows"]["scored"] == 6 and report["groups"] is None


def test_progress_bar_on_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    path = write_parquet(tmp_path / "r.parquet", rows_basic())
    code, _, scores = score(tmp_path, str(path), "--chunk-size", "2")
    assert code == 0 and [s["score"] for s in scores] == EXPECTED_BASIC


# -- parallel scoring ---------------------------------------------------------------------------


def test_workers_give_identical_scores(tmp_path):
    args = ("--example", "--chunk-size", "7")
    _, one, serial = score(tmp_path, *args, "--workers", "1", out="w1")
    _, two, parallel = score(tmp_path, *args, "--workers", "2", out="w2")
    assert (tmp_path / "w1" / "scores.jsonl").read_bytes() == (
        tmp_path / "w2" / "scores.jsonl"
    ).read_bytes()
    one.pop("meta"), two.pop("meta")
    assert one == two and len(serial) == len(parallel) > 40


def test_ray_local_gives_identical_scores(tmp_path):
    _, _, serial = score(tmp_path, "--example", out="serial")
    code, report, distributed = score(
        tmp_path, "--example", "--ray", "local", "--workers", "2", "--chunk-size", "16", out="ray"
    )
    assert code == 0
    assert report["meta"]["ray"] == "local"
    assert distributed == serial


# -- bad inputs ---------------------------------------------------------------------------------


def test_malformed_json_line_is_a_reported_bad_row(tmp_path, capsys):
    path = tmp_path / "r.jsonl"
    lines = [json.dumps(r) for r in rows_basic()]
    lines.insert(2, '{"response": "oops", ')
    path.write_text("\n".join(lines) + "\n")
    code, report, scores = score(tmp_path, str(path))
    assert code == 1
    assert report["rows"]["total"] == 7 and report["rows"]["bad"] == 1
    bad = report["rows"]["bad_rows"][0]
    assert bad["row"] == 2 and bad["where"] == "r.jsonl line 3"
    assert "not valid JSON" in bad["error"]
    assert scores[2]["score"] is None and scores[3]["score"] == 1.0
    assert "bad rows: 1" in capsys.readouterr().out


def test_bad_label_values_name_row_and_column(tmp_path, capsys):
    rows = rows_basic()
    rows[1]["image_tag"] = "maybe"
    del rows[4]["combine_tag"]
    path = write_jsonl(tmp_path / "r.jsonl", rows)
    code, report, _ = score(tmp_path, str(path))
    assert code == 1
    listed = report["rows"]["bad_rows"]
    assert [(b["row"], b["column"]) for b in listed] == [(1, "image_tag"), (4, "combine_tag")]
    assert "'maybe'" in listed[0]["error"] and "missing" in listed[1]["error"]
    assert report["rows"]["scored"] == 4
    printed = capsys.readouterr().out
    assert "r.jsonl line 2" in printed and "image_tag" in printed


def test_bad_gts_json_in_a_verl_dump(tmp_path):
    dump = write_verl_dump(tmp_path / "dump", rows_basic()[:2], steps=[1])
    lines = read_jsonl(dump / "1.jsonl")
    lines[1]["gts"] = "{not json"
    write_jsonl(dump / "1.jsonl", lines)
    code, report, _ = score(tmp_path, str(dump))
    assert code == 1
    assert report["rows"]["bad_rows"][0]["column"] == "gts"
    assert report["rows"]["bad_rows"][0]["where"] == "1.jsonl line 2"


def test_labels_nested_past_the_parser_are_one_bad_row(tmp_path):
    dump = write_verl_dump(tmp_path / "dump", rows_basic()[:3], steps=[1])
    lines = read_jsonl(dump / "1.jsonl")
    lines[1]["gts"] = "[" * 1000 + "]" * 1000
    write_jsonl(dump / "1.jsonl", lines)
    code, report, scores = score(tmp_path, str(dump))
    assert code == 1  # some rows bad, the run completed: not exit 2
    assert report["rows"]["scored"] == 2 and report["rows"]["bad"] == 1
    bad = report["rows"]["bad_rows"][0]
    assert bad["column"] == "gts" and "nested too deeply" in bad["error"]
    assert [s["score"] for s in scores] == [1.0, None, 1.0]


def test_non_string_response_is_a_bad_row(tmp_path):
    path = write_jsonl(
        tmp_path / "r.jsonl", [{"response": 5, **SAFE}, {"response": GOOD_SAFE, **SAFE}]
    )
    code, report, scores = score(tmp_path, str(path))
    assert code == 1
    assert report["rows"]["bad_rows"][0]["column"] == "response"
    assert scores[1]["score"] == 1.0


@pytest.mark.parametrize(
    ("rows", "args", "message"),
    [
        ([{"text": "x", **SAFE}], (), "no response column found"),
        ([{"response": "x", "image_tag": "safe"}], (), "no label columns found"),
        (
            [{"response": "x", **SAFE}],
            ("--response-col", "resp"),
            "response column 'resp' not found",
        ),
        ([{"response": "x", **SAFE}], ("--group-col", "pid"), "group column 'pid' not found"),
        ([{"response": "x", **SAFE}], ("--label-cols", "a", "b"), "takes 1 column"),
        ([{"response": "x", **SAFE}], ("--judge", "psychic"), "unknown judge 'psychic'"),
        ([{"response": "x", **SAFE}], ("--workers", "0"), "--workers must be >= 1"),
    ],
)
def test_usage_errors_exit_2(tmp_path, capsys, rows, args, message):
    path = write_jsonl(tmp_path / "r.jsonl", rows)
    assert main(["score", str(path), *args]) == 2
    assert message in capsys.readouterr().err


def test_a_column_bad_in_every_row_is_an_error_naming_it(tmp_path, capsys):
    rows = [{"response": {"text": "x"}, **SAFE}, {"response": ["a"], **SAFE}]
    code, report, _ = score(tmp_path, str(write_jsonl(tmp_path / "r.jsonl", rows)))
    assert code == 2
    err = capsys.readouterr().err
    assert "first bad row 0 (r.jsonl line 1): column 'response': expected a string" in err
    assert report["rows"]["bad"] == 2  # the report is still written


def test_empty_missing_and_absent_inputs(tmp_path, capsys):
    (tmp_path / "empty.jsonl").write_text("")
    assert main(["score", str(tmp_path / "empty.jsonl")]) == 2
    assert "has no records" in capsys.readouterr().err
    assert main(["score", str(tmp_path / "nope.jsonl")]) == 2
    assert "input not found" in capsys.readouterr().err
    assert main(["score"]) == 2
    assert "--example" in capsys.readouterr().err
    assert main(["score", "x.jsonl", "--example"]) == 2
    assert "not both" in capsys.readouterr().err


def test_unknown_preset_is_rejected_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["score", "--example", "--preset", "lenient"])
    assert exc.value.code == 2
    assert "invalid choice: 'lenient'" in capsys.readouterr().err


def test_score_file_library_entry_matches_the_cli(tmp_path):
    from safereward import SafeGRPOReward
    from safereward.cli.score import score_file

    report = score_file(example_path(), SafeGRPOReward(), group="prompt_id")
    _, cli_report, _ = score(tmp_path, "--example")
    report.pop("meta"), cli_report.pop("meta")
    assert report == cli_report


@pytest.mark.parametrize(
    ("blocked", "args", "extra"),
    [
        ("matplotlib", ["score", "--example"], "cli"),  # the report's figure
        ("uvicorn", ["serve", "--port", "0"], "server"),
        ("ray", ["score", "--example", "--ray", "local"], "ray"),
    ],
)
def test_a_missing_optional_package_names_the_extra_that_brings_it(
    tmp_path, capsys, monkeypatch, blocked, args, extra
):
    for name in list(sys.modules):
        if name == blocked or name.startswith(f"{blocked}."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, blocked, None)  # import raises ModuleNotFoundError
    assert main([*args, "--out", str(tmp_path / "out")] if args[0] == "score" else args) == 2
    err = capsys.readouterr().err
    assert f"needs the package '{blocked}': pip install 'safereward[{extra}]'" in err
    assert "a bug?" not in err
