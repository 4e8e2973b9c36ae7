"""The multilingual bank's weight in training: the option, its checks, and its benchmark."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from safereward.refusal.training import (
    DATA,
    GROUP_WEIGHT,
    OTHER_SCRIPT,
    _other_script,
    bank_examples,
    main,
    our_examples,
)

ROOT = Path(__file__).resolve().parents[1]


def test_the_bank_shares_the_weight_asked_per_class_over_its_languages() -> None:
    shipped, heavy = bank_examples(), bank_examples(weight=600)
    bank = _bank()
    langs = [lang for lang in bank if not lang.startswith("_")]
    other = [lang for lang in langs if _other_script(bank[lang])]
    assert {"ar", "zh", "ja", "ru", "hi"} <= set(other) and not {"de", "vi", "tl"} & set(other)
    share = (len(langs) + (OTHER_SCRIPT - 1) * len(other)) / len(langs)
    for refusal in (True, False):
        assert shipped.weight()[shipped.labels == refusal].sum() == pytest.approx(
            GROUP_WEIGHT["bank"] * share
        )
        assert heavy.weight()[heavy.labels == refusal].sum() == pytest.approx(600 * share)
    assert np.allclose(heavy.weight(), shipped.weight() * 600 / GROUP_WEIGHT["bank"])
    rows: list[dict] = []  # no development rows: only the hand-written groups and the bank
    assert np.array_equal(our_examples(rows).weight(), our_examples(rows, None).weight())
    assert our_examples(rows, 600).weight().sum() > our_examples(rows).weight().sum()


def test_a_language_in_another_script_weighs_more_than_one_in_english_letters() -> None:
    german, arabic = bank_examples(skip=_all_but("de")), bank_examples(skip=_all_but("ar"))
    for refusal in (True, False):
        de = german.weight()[german.labels == refusal].sum()
        ar = arabic.weight()[arabic.labels == refusal].sum()
        assert ar == pytest.approx(OTHER_SCRIPT * de)


def _bank() -> dict:
    return json.loads((DATA / "multilingual.json").read_text(encoding="utf-8"))


def _all_but(lang: str) -> tuple[str, ...]:
    return tuple(k for k in _bank() if not k.startswith("_") and k != lang)


@pytest.mark.parametrize("bad", [0, -3, float("nan"), float("inf"), "100"])
def test_a_bank_weight_that_is_not_a_positive_number_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="bank weight must be a positive number"):
        bank_examples(weight=bad)  # type: ignore[arg-type]


def test_the_training_command_names_the_flag_it_cannot_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--judge", "lexical", "--bank-weight", "-1"])
    assert stop.value.code == 2
    assert "--bank-weight: expected a positive number, got '-1'" in capsys.readouterr().err


@pytest.mark.slow
def test_the_benchmark_compares_weights_on_both_sides(tmp_path: Path) -> None:
    out = tmp_path / "bank_weight.json"
    command = ["benchmarks/bank_weight.py", "--weights", "100,600", "--folds", "2"]
    subprocess.run(
        [sys.executable, *command, "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    found = json.loads(out.read_text(encoding="utf-8"))["figures"]
    assert [w["weight"] for w in found["weights"]] == [100.0, 600.0]
    for w in found["weights"]:
        for side in ("prompted", "unprompted"):
            cv = w[side]
            assert cv["honest"] == 439 and cv["attacks"] == 462 and cv["foreign"] > 0
            assert 0 <= cv["foreign_underpaid"] <= cv["honest_underpaid"] < cv["honest"]
        assert w["xstest"]["answers"] == 1350
        assert 0.9 < w["xstest"]["judge_right"] / 1350 <= 1.0
