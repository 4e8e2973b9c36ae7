"""``--schema``, ``--expression`` and ``--config`` on score, parse and serve."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import GOOD_SAFE, GOOD_UNSAFE, SAFE, UNSAFE, response, write_jsonl
from test_schema_roles import RENAMED_YAML, renamed

from safereward import FORMAT, SafeGRPOReward, gate
from safereward.cli.main import build_parser, main
from safereward.cli.serve import settings_from_args

R1_FORMAT = gate(FORMAT)


def _rows() -> list[dict]:
    wrong = response("safe", "unsafe", "unsafe", "I can't help with that request.")
    return [
        {"response": renamed(GOOD_SAFE), **SAFE},
        {"response": renamed(GOOD_UNSAFE), **UNSAFE},
        {"response": renamed(wrong), **UNSAFE},
        {"response": "<response>no analysis</response>", **SAFE},
    ]


def _scores(tmp_path: Path, *args: str) -> tuple[int, list[dict], dict]:
    out = tmp_path / "out"
    code = main(["score", *args, "--out", str(out), "--no-figure", "--no-progress"])
    lines = (out / "scores.jsonl").read_text().splitlines() if out.exists() else []
    report = json.loads((out / "report.json").read_text()) if out.exists() else {}
    return code, [json.loads(x) for x in lines], report


def test_score_reads_a_rollout_file_under_a_yaml_schema(tmp_path: Path) -> None:
    schema = tmp_path / "renamed.yaml"
    schema.write_text(RENAMED_YAML)
    data = write_jsonl(tmp_path / "r.jsonl", _rows())
    code, scored, report = _scores(tmp_path, str(data), "--schema", str(schema))
    builtin = SafeGRPOReward()
    expected = [builtin(GOOD_SAFE, SAFE), builtin(GOOD_UNSAFE, UNSAFE)]
    assert code == 0 and [s["score"] for s in scored][:2] == expected == [1.0, 1.0]
    assert [s["score"] for s in scored][2:] == [0.875, 0.0]
    assert report["meta"]["schema"] == "renamed"


def test_score_takes_a_config_file_with_a_schema_beside_it(tmp_path: Path) -> None:
    (tmp_path / "renamed.yaml").write_text(RENAMED_YAML)
    config = tmp_path / "reward.yaml"
    config.write_text(
        "schema: renamed.yaml\npreset: strict\nweights: {tag: 0.25, behavior: 0.75}\n"
    )
    data = write_jsonl(tmp_path / "r.jsonl", _rows())
    code, scored, _ = _scores(tmp_path, str(data), "--config", str(config))
    assert code == 0 and [s["score"] for s in scored] == [1.0, 1.0, 0.25 * 0.75 + 0.75, 0.0]


def test_score_takes_an_expression(tmp_path: Path) -> None:
    rows = [{"response": "Hm.</think><answer>fine</answer>", **SAFE}, {"response": "no", **SAFE}]
    data = write_jsonl(tmp_path / "r.jsonl", rows)
    expression = f"{__name__}:R1_FORMAT"
    code, scored, _ = _scores(tmp_path, str(data), "--schema", "r1", "--expression", expression)
    assert code == 0 and [s["score"] for s in scored] == [1.0, 0.0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--schema", "r2"], "neither a built-in schema"),
        (["--schema", "r1"], "'tag' term in expression needs"),
        (["--expression", "no_such_module:x"], "cannot import 'no_such_module'"),
        (["--config", "missing.yaml"], "--config: cannot read"),
    ],
)
def test_score_reports_reward_config_errors(tmp_path: Path, capsys, args, message) -> None:
    data = write_jsonl(tmp_path / "r.jsonl", _rows())
    assert main(["score", str(data), *args, "--no-progress"]) == 2
    assert message in capsys.readouterr().err


def test_a_config_file_must_be_a_mapping(tmp_path: Path, capsys) -> None:
    config = tmp_path / "reward.yaml"
    config.write_text("- strict\n")
    assert main(["score", "--example", "--config", str(config)]) == 2
    assert "holds a list; a reward config is a mapping" in capsys.readouterr().err


def test_parse_reads_with_a_schema_and_scores_with_it(tmp_path: Path, capsys) -> None:
    schema = tmp_path / "renamed.yaml"
    schema.write_text(RENAMED_YAML)
    text = renamed(GOOD_SAFE)
    assert main(["parse", text, "--schema", str(schema), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [b["name"] for b in data["blocks"]] == ["analysis", "response"]
    labels = json.dumps(SAFE)
    assert main(["parse", text, "--schema", str(schema), "--labels", labels, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reward"]["total"] == 1.0
    # Reading needs no rules: a tagless schema parses without an expression.
    assert main(["parse", "Hm.</think><answer>ok</answer>", "--schema", "r1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True


def test_serve_carries_schema_and_expression_to_its_workers(tmp_path: Path, capsys) -> None:
    args = build_parser().parse_args(
        ["serve", "--schema", "r1", "--expression", f"{__name__}:R1_FORMAT"]
    )
    settings = settings_from_args(args)
    reward = SafeGRPOReward.from_config(settings.reward_config())
    assert reward.schema.name == "r1" and reward.term_names == ("format",)
    assert main(["serve", "--schema", "r1"]) == 2
    assert "'tag' term in expression needs" in capsys.readouterr().err
