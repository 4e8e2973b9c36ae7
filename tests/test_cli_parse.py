"""``safereward parse``: structure and violations of one response, as tables or JSON."""

from __future__ import annotations

import io
import json

from cli_helpers import GOOD_SAFE, REFUSAL, response

from safereward.cli.main import main

TWO_ANSWERS = response() + "<answer>second</answer>"


def parse_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["parse", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_text_argument_well_formed(capsys):
    code, data = parse_json(capsys, GOOD_SAFE)
    assert code == 0 and data["ok"] is True and data["violations"] == []
    assert [b["name"] for b in data["blocks"]] == ["think", "answer"]
    answer = data["blocks"][1]
    assert GOOD_SAFE[answer["span"][0] : answer["span"][1]].startswith("<answer>")
    tags = {t["name"]: t for t in data["tags"]}
    assert set(tags) == {"visual_safe", "text_safe", "combined_safe"}
    span = tags["text_safe"]["span"]
    assert GOOD_SAFE[span[0] : span[1]] == "<text_safe>safe</text_safe>"
    assert tags["text_safe"]["block"] == "think"


def test_violations_with_line_and_column(capsys):
    text = response() + "\n<answer>second</answer>"
    code, data = parse_json(capsys, text)
    assert code == 1 and data["ok"] is False
    kinds = [v["kind"] for v in data["violations"]]
    assert "multiple_answers" in kinds
    first = data["violations"][kinds.index("multiple_answers")]
    assert first["line"] == 2 and first["column"] >= 1


def test_file_and_stdin(tmp_path, capsys, monkeypatch):
    path = tmp_path / "resp.txt"
    path.write_text(TWO_ANSWERS)
    code, data = parse_json(capsys, str(path))
    assert code == 1 and data["length"] == len(TWO_ANSWERS)
    monkeypatch.setattr("sys.stdin", io.StringIO(GOOD_SAFE))
    code, data = parse_json(capsys, "-")
    assert code == 0 and data["length"] == len(GOOD_SAFE)


def test_paper_preset_lets_two_answers_through(capsys):
    code, data = parse_json(capsys, TWO_ANSWERS, "--preset", "paper")
    assert code == 0 and data["ok"] is True


def test_with_labels_scores_it(capsys):
    labels = json.dumps({"image_tag": "unsafe", "text_tag": "unsafe", "combine_tag": "unsafe"})
    text = response("unsafe", "unsafe", "unsafe", REFUSAL)
    code, data = parse_json(capsys, text, "--labels", labels)
    assert code == 0
    assert data["reward"]["total"] == 1.0 and data["reward"]["refused"] is True
    assert main(["parse", text, "--labels", '{"image_tag": "maybe"}']) == 2
    assert "'maybe'" in capsys.readouterr().err


def test_table_output_escapes_markup(capsys):
    text = response(answer="see [red]this[/red] and [/bold]")
    assert main(["parse", text]) == 0
    out = capsys.readouterr().out
    assert "format gate: passes" in out and "[red]this[/red]" in out
