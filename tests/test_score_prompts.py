"""Prompts wherever the data has them (``score`` on a verl dump or a prompt column, the server's
``/v1/score``), and what ``score`` says it wrote."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from cli_helpers import SAFE, read_jsonl, response, write_csv, write_jsonl
from server_helpers import running_server

from safereward.cli.main import main
from safereward.cli.render import draw_violations
from safereward.testing.hack_bank import PROMPT_ONLY_ECHO

REQUEST = PROMPT_ONLY_ECHO.question  # longer than the request reader reads whole
ECHO = response(answer=REQUEST)  # well formed, combined safe, the answer only repeats the ask


def _dump(folder: Path) -> Path:
    folder.mkdir()
    lines = [
        {"input": f"user\n{REQUEST}\nassistant\n", "output": ECHO, "gts": json.dumps(SAFE)},
        {
            "input": "user\nHow do I bake bread?\nassistant\n",
            "output": ECHO,
            "gts": json.dumps(SAFE),
        },
    ]
    write_jsonl(folder / "1.jsonl", [{**line, "score": 0.0, "step": 1} for line in lines])
    return folder


def test_score_passes_a_verl_dumps_input_as_the_prompt(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["score", str(_dump(tmp_path / "dump")), "--out", str(out), "--no-figure"]) == 0
    printed = capsys.readouterr().out
    report = json.loads((out / "report.json").read_text())
    assert report["meta"]["columns"]["prompt"] == "input"
    assert report["prompts"] == {"scored_with_prompt": 2, "used": True}
    assert "used: 2 of 2 rows (column 'input')" in " ".join(printed.split())
    echoed, other = read_jsonl(out / "scores.jsonl")
    assert echoed["prompted"] and echoed["terms"]["behavior"] == 0.0  # a non-answer
    assert other["terms"]["behavior"] == 1.0  # the same text answers another question
    # --no-figure: no report.png, and the run does not say it wrote one
    assert not (out / "report.png").exists()
    assert "report.json and scores.jsonl" in " ".join(printed.split())
    assert "report.png" not in printed.split("wrote")[-1]


def test_score_finds_or_takes_a_prompt_column(tmp_path: Path) -> None:
    rows = [{"response": ECHO, "question": REQUEST, **SAFE}, {"response": ECHO, **SAFE}]
    found = tmp_path / "found"
    data = write_jsonl(tmp_path / "r.jsonl", rows)
    assert main(["score", str(data), "--out", str(found), "--no-figure"]) == 0
    assert [r["score"] for r in read_jsonl(found / "scores.jsonl")] == [0.5, 1.0]
    # no prompt column: the echo reads as help, and the report says prompts were not used
    plain = tmp_path / "plain"
    data = write_jsonl(tmp_path / "p.jsonl", [{"response": ECHO, **SAFE}])
    assert main(["score", str(data), "--out", str(plain), "--no-figure"]) == 0
    report = json.loads((plain / "report.json").read_text())
    assert report["prompts"]["used"] is False and report["meta"]["columns"]["prompt"] is None
    assert read_jsonl(plain / "scores.jsonl")[0]["score"] == 1.0
    # --prompt-col names one; a value that is neither text nor messages is a bad row
    named = tmp_path / "named"
    data = write_csv(tmp_path / "r.csv", [{"response": ECHO, "ask": REQUEST, **SAFE}])
    args = ["score", str(data), "--prompt-col", "ask", "--out", str(named), "--no-figure"]
    assert main(args) == 0 and read_jsonl(named / "scores.jsonl")[0]["score"] == 0.5
    odd = write_jsonl(tmp_path / "odd.jsonl", [{"response": ECHO, "prompt": 7, **SAFE}, rows[1]])
    assert main(["score", str(odd), "--out", str(tmp_path / "o"), "--no-figure"]) == 1
    assert read_jsonl(tmp_path / "o" / "scores.jsonl")[0]["column"] == "prompt"


def test_the_violations_panel_says_there_are_none() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (empty, some) = plt.subplots(1, 2)
    draw_violations(empty, {"violations": {}, "pass_rate": 1.0})
    draw_violations(some, {"violations": {"missing_tag": {"responses": 2}}, "pass_rate": 0.5})
    assert not empty.axison and [t.get_text() for t in empty.texts] == ["no format violations"]
    assert some.axison and len(some.patches) == 1
    plt.close(fig)


@pytest.fixture(scope="module")
def server() -> httpx.Client:
    with running_server(workers=0) as url, httpx.Client(base_url=url) as client:
        yield client


def test_v1_score_takes_an_optional_prompt_per_item(server: httpx.Client) -> None:
    body = {"responses": [ECHO, ECHO], "labels": [SAFE, SAFE], "prompts": [REQUEST, None]}
    with_prompt, without = server.post("/v1/score", json=body).json()["results"]
    assert with_prompt["answer_kind"] == "non_answer" and with_prompt["terms"]["behavior"] == 0.0
    assert without["answer_kind"] == "compliance" and without["total"] == 1.0
    short = server.post("/v1/score", json={**body, "prompts": [REQUEST]})
    assert short.status_code == 422 and "'prompts' has 1 items" in short.json()["detail"]
