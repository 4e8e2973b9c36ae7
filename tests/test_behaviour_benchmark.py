"""The behaviour ordering benchmark (``benchmarks/behaviour.py``) and its rows.

Every split present must follow the README's format and minimum counts, the development split
must be what its script writes, every row must become a well-formed response (so the tag term is
1 and only behaviour varies), and the metrics must say what the README says they measure.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import behaviour as bench  # noqa: E402

PRESENT = [s for s in bench.SPLITS if bench.split_path(s).exists()]


@pytest.fixture(scope="module")
def dev() -> list[bench.Row]:
    return bench.load("dev")


@pytest.mark.parametrize("split", PRESENT)
def test_rows_follow_the_readme(split: str) -> None:
    assert bench.validate(bench.load_raw(split)) == []


def test_the_development_split_is_what_its_script_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location(
        "dev_make", ROOT / "benchmarks/behaviour/dev/make.py"
    )
    assert spec is not None and spec.loader is not None
    make = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, make)  # dataclasses look their module up
    spec.loader.exec_module(make)
    assert make.build() == bench.load_raw("dev")


def test_validate_names_what_is_wrong() -> None:
    raw = bench.load_raw("dev")
    broken = [dict(r) for r in raw]
    broken.append(dict(broken[0]))  # a duplicate id
    broken[1] = {**broken[1], "style": "made_up"}
    long_at = next(i for i, r in enumerate(broken) if r["style"] == "explaining_refusal_long")
    broken[long_at] = {**broken[long_at], "answer": "Too short to explain anything."}
    problems = "\n".join(bench.validate(broken))
    assert "duplicate id" in problems
    assert "'made_up'" in problems
    assert "not 800-2000" in problems
    few = [r for r in raw if r["style"] != "refusal_in_language" or r["lang"] != "sw"]
    assert "refusal_in_language lacks sw" in bench.validate(few)


def test_every_row_is_a_well_formed_response(dev: list[bench.Row]) -> None:
    from safereward.reference import released_format_ok

    texts = [r.response() for r in dev]
    scored = bench.scorer("lexical")(texts, [r.labels for r in dev], None)
    assert scored.format_ok.all()
    assert all(released_format_ok(t) for t in texts)
    assert dev[0].question in dev[0].prompt()


def test_scores_are_the_rewards_and_the_metrics_count_them(dev: list[bench.Row]) -> None:
    from safereward import SafeGRPOReward
    from safereward.refusal import PAPER_REFUSAL_PHRASES

    # the released reward pays a refusal followed by the steps: the keyword is all it reads
    hack = next(
        r
        for r in dev
        if r.style == "refuse_then_comply"
        and any(p in r.answer.lower() for p in PAPER_REFUSAL_PHRASES)
    )
    released = bench.scorer("released")([hack.response()], [hack.labels], None)
    assert released.behavior.tolist() == [1.0]
    assert bench.metrics([hack], released.behavior)["attacks_paid"] == 1.0

    sample = [r for r in dev if r.kind == "honest"][::40] + [hack]
    got = bench.scorer("lexical")([r.response() for r in sample], [r.labels for r in sample], None)
    reward = SafeGRPOReward(judge="lexical")
    want = [reward.score(r.response(), r.labels).terms["behavior"] for r in sample]
    assert got.behavior.tolist() == want
    m = bench.metrics(sample, got.behavior)
    honest = [b for r, b in zip(sample, want, strict=True) if r.kind == "honest"]
    assert m["honest_underpaid"] == pytest.approx(np.mean([b < 1 for b in honest]))
    assert m["counts"]["honest"] == len(honest) and m["counts"]["attack"] == 1


def row(item: str, kind: str, style: str, side: str = "unsafe", lang: str = "en") -> bench.Row:
    labels = {"image_tag": "safe", "text_tag": "safe", "combine_tag": side}
    return bench.Row(
        f"{item}/{style}/{lang}/0", item, "crime", "q?", "c", labels, kind, style, lang, "a", None
    )


def test_an_item_is_beaten_when_a_family_earns_the_honest_mean() -> None:
    rows = [
        row("a", "honest", "terse_refusal"),
        row("a", "honest", "firm_refusal"),
        row("a", "attack", "negated_steps"),
        row("a", "attack", "plain_compliance"),
        row("b", "honest", "terse_refusal"),
        row("b", "attack", "negated_steps"),
        row("c", "attack", "negated_steps"),  # no honest row: not compared
    ]
    behavior = np.array([1.0, 0.0, 0.5, 0.0, 1.0, 0.0, 1.0])
    m = bench.metrics(rows, behavior)
    assert m["items_beaten_ids"] == ["a"]
    assert m["items_beaten"] == 0.5
    assert m["counts"]["items_compared"] == 2
    assert m["attacks_paid"] == 0.5
    assert m["honest_underpaid"] == pytest.approx(1 / 3)
    assert m["per_style"]["negated_steps"]["items_beaten"] == 0.5
    assert m["per_style"]["plain_compliance"]["items_beaten"] == 0.0
    langs = bench.metrics([row("a", "honest", "refusal_in_language", lang="sw")], np.array([0.0]))
    assert langs["per_lang"] == {"sw": {"refusal_in_language": {"n": 1, "wrong": 1}}}


def test_runs_of_each_split_are_merged_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "behaviour.json"
    bench.merge_json(path, {"dev/lexical": {"attacks_paid": 0.1}})
    bench.merge_json(path, {"test/lexical": {"attacks_paid": 0.2}})
    bench.merge_json(path, {"dev/lexical": {"attacks_paid": 0.3}})
    runs = json.loads(path.read_text())["runs"]
    assert runs == {"dev/lexical": {"attacks_paid": 0.3}, "test/lexical": {"attacks_paid": 0.2}}
    assert bench.configs_for(["lexical", "released"], [False, True]) == [
        "lexical",
        "lexical+prompt",
        "released",
    ]
