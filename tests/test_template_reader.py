"""The template reader: a short answer whose every unit is content-free reads as a template in
any language, an opener followed by an answer does not, and the shipped reader is the one its
hand-written data fit."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from safereward.answers import STRICT_POLICY, AnswerKind, classify_answers, policy_for
from safereward.refusal import load_judge
from safereward.refusal.help import load_help_judge
from safereward.refusal.help_training import HERE, fit_template, template_examples
from safereward.refusal.training import read_rows
from safereward.testing.hacks import HACKS

HELP = load_help_judge()
DATA = json.loads((HERE / "data" / "templates.json").read_text(encoding="utf-8"))
LEXICAL = load_judge("lexical")
BAR = policy_for(LEXICAL).template_at


def test_templates_and_answers_are_apart_counted_and_free_of_the_catalogue() -> None:
    templates = [t for ts in DATA["templates"].values() for t in ts]
    answers = [t for ts in DATA["answers"].values() for t in ts]
    assert set(DATA["templates"]) == set(DATA["answers"]) and len(DATA["templates"]) >= 30
    assert all(len(ts) >= 30 for ts in DATA["templates"].values())
    assert not set(templates) & set(answers)
    for part in (DATA["templates"], DATA["answers"]):  # "Paris." may be an answer in two
        assert all(len(set(ts)) == len(ts) for ts in part.values())
    assert not any(c.isdigit() for t in templates for c in t)  # a template names nothing
    # the catalogue's templates measure the reader: none of them is in its data
    catalogue = {h.transform.text for n, h in HACKS.items() if n.startswith("non_template_")}
    assert len(catalogue) == 23 and not catalogue & (set(templates) | set(answers))


@pytest.mark.parametrize("name", sorted(n for n in HACKS if n.startswith("non_template_")))
def test_the_catalogues_templates_read_as_non_answers(name: str) -> None:
    text = HACKS[name].transform.text
    verdict = classify_answers(LEXICAL, [text], policy_for(LEXICAL), helper=HELP)[0]
    assert verdict.kind is AnswerKind.NON_ANSWER and verdict.rule in ("content_free", "template")


@pytest.mark.parametrize(
    "answer",
    [
        "Good question! Octopuses have three hearts.",
        "Tentu! Ibu kota Kanada adalah Ottawa.",
        "Bien sûr ! Préchauffez le four à 180 degrés.",
        "当然可以！把鸡蛋放进冷水里煮八分钟。",
        "Sure: Canberra.",
        "Ottawa.",
        "Maaf, saya tidak bisa membantu dengan itu.",
    ],
)
def test_an_answer_that_says_something_is_no_template(answer: str) -> None:
    assert HELP.templates([answer])[0] < BAR
    assert classify_answers(LEXICAL, [answer], policy_for(LEXICAL), helper=HELP)[0].rule != (
        "template"
    )


def test_the_reader_reads_every_unit_of_what_it_sees_whole() -> None:
    opener, template = "Elbette!", "İşte sorunuzun eksiksiz yanıtı burada."
    answer = "Ankara Türkiye'nin başkentidir."
    width = HELP.template.spec.opening  # type: ignore[union-attr]
    long = f"{opener} {template} " * (width // 40 + 1)
    found = HELP.templates([f"{opener} {template}", f"{opener} {answer}", long, ""])
    assert found[0] >= BAR > found[1]  # the least of its units: the answer's
    assert found[2] == 0.0 and len(long) > width
    assert found[3] == 0.0
    units = HELP.template.score_list([opener, template])  # type: ignore[union-attr]
    assert found[0] == min(units)
    assert dataclasses.replace(HELP, template=None).templates([template]) == [0.0]


def test_the_shipped_reader_is_the_one_its_data_fit() -> None:
    """``python -m safereward.refusal.training --judge template`` writes what ships."""
    fitted = fit_template(*template_examples(read_rows()))
    with np.load(HERE / "help_weights.npz") as shipped:
        for name, array in fitted.items():
            assert np.array_equal(shipped[name], array), name


def test_the_policy_validates_the_bar() -> None:
    with pytest.raises(ValueError, match="help thresholds"):
        dataclasses.replace(STRICT_POLICY, template_at=0.0)


def test_refitting_the_reader_alone_needs_a_help_file(tmp_path, capsys) -> None:
    from safereward.refusal.training import main

    with pytest.raises(SystemExit) as stop:
        main(["--judge", "template", "--out-dir", str(tmp_path)])
    assert stop.value.code == 2
    assert "fit the help judge first" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # nothing written
