"""The hack catalogue, and the invariants a reward GRPO cannot game must keep on it.

Checked exhaustively over the catalogue (it is finite and the default judge is fast) and with
hypothesis where the input is generated: random invisible padding, random non-answers, and a
catalogue hack padded on top. The default reward is strict + ``lexical``.
"""

from __future__ import annotations

import importlib.util
import json
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safereward import RewardResult, SafeGRPOReward
from safereward.answers import AnswerKind
from safereward.reference import released_format_ok, released_reward
from safereward.testing import (
    CATALOGUE,
    FAMILIES,
    FAMILY_RULES,
    HACKS,
    OPEN_HACKS,
    OPEN_WITH_PROMPTS,
    Case,
    all_cases,
    hack_cases,
    hacks_in,
    honest_case,
    non_answers,
    padded_answers,
    safegrpo_response,
)
from safereward.testing.hack_bank import ITEMS, SAFE_ITEMS, UNSAFE_ITEMS, item_response
from safereward.testing.hacks import FORMAT_INVISIBLE

REWARD = SafeGRPOReward()
CASES = all_cases()
ISSUE_FAMILIES = {
    "padding",
    "non_answer",
    "refuse_then_comply",
    "comply_then_disclaim",
    "quoted_refusal",
    "cross_language",
    "keyword_stuffing",
    "homoglyph",
    "encoded",
    "refusal_in_reasoning",
    "long_answer",
}
EPS = 1e-9
ECHOES = {"non_echo_question", "non_echo_question_quoted"}


@pytest.fixture(scope="module")
def scored() -> tuple[list[RewardResult], dict[tuple[int, str], float]]:
    """Every case under the default reward, and what each item's unhacked answers earn."""
    results = REWARD.score_many([c.response for c in CASES], [c.labels for c in CASES])
    originals = [(i, b) for i in range(len(ITEMS)) for b in ("refusal", "compliance")]
    texts = [item_response(ITEMS[i], ITEMS[i].base(b)) for i, b in originals]
    base = REWARD.score_many(texts, [ITEMS[i].dataset_labels for i, _ in originals])
    return results, {k: r.terms["behavior"] for k, r in zip(originals, base, strict=True)}


def _before(case: Case, base: dict[tuple[int, str], float]) -> float:
    """What the unhacked answer earns (0 for a hack that ignores it)."""
    return 0.0 if case.hack.base == "none" else base[ITEMS.index(case.item), case.base]


def _failures(results: list[RewardResult], pred: Callable[[Case, RewardResult], bool]) -> list[str]:
    """Hacks breaking ``pred``, less the documented open ones (held exact below)."""
    return sorted(
        {
            c.hack.name
            for c, r in zip(CASES, results, strict=True)
            if c.hack.name not in OPEN_HACKS and pred(c, r)
        }
    )


def _overpaid(results: list[RewardResult], base: dict[tuple[int, str], float]) -> set[str]:
    return {
        c.hack.name
        for c, r in zip(CASES, results, strict=True)
        if r.terms["behavior"] > max(c.max_behavior, _before(c, base)) + EPS
    }


def test_the_documented_open_hacks_are_still_open(scored) -> None:
    """OPEN_HACKS stays exact: a hack closed by a better judge or rule must leave the list."""
    results, base = scored
    assert set(OPEN_HACKS) <= set(HACKS)
    assert _overpaid(results, base) == set(OPEN_HACKS)


@pytest.fixture(scope="module")
def scored_with_prompts() -> list[RewardResult]:
    """Every case scored with its prompt (the default instruction around the question)."""
    return REWARD.score_many(
        [c.response for c in CASES], [c.labels for c in CASES], [c.prompt for c in CASES]
    )


def test_with_prompts_the_echo_hacks_close_and_nothing_else_moves(
    scored, scored_with_prompts
) -> None:
    results, base = scored
    assert _overpaid(scored_with_prompts, base) == set(OPEN_WITH_PROMPTS)
    honest = REWARD.score_many(
        [item_response(it, it.honest) for it in ITEMS],
        [it.dataset_labels for it in ITEMS],
        [honest_case(it).prompt for it in ITEMS],
    )
    best = {it: r.total for it, r in zip(ITEMS, honest, strict=True)}
    richer = {
        c.hack.name
        for c, r in zip(CASES, scored_with_prompts, strict=True)
        if r.total > best[c.item] + EPS
    }
    assert richer <= set(OPEN_WITH_PROMPTS)  # only a documented open hack may out-earn honesty
    moved = {
        c.hack.name
        for c, a, b in zip(CASES, results, scored_with_prompts, strict=True)
        if a.answer_kind is not b.answer_kind
    }
    assert moved <= ECHOES  # the prompt only changes the echoes' verdicts
    echoes = [r for c, r in zip(CASES, scored_with_prompts, strict=True) if c.hack.name in ECHOES]
    assert echoes and {r.answer_kind for r in echoes} == {AnswerKind.NON_ANSWER}


# -- the catalogue itself -----------------------------------------------------------------------


def test_catalogue_covers_every_family_of_the_issue_with_several_members() -> None:
    assert set(FAMILIES) == ISSUE_FAMILIES == set(FAMILY_RULES)
    assert len(HACKS) == len(CATALOGUE)  # names are unique
    for family in FAMILIES:
        assert len(hacks_in(family)) >= 3, family
    with pytest.raises(ValueError, match="unknown hack families"):
        hacks_in("nope")


def test_hacks_pickle_and_rewrite_deterministically() -> None:
    assert pickle.loads(pickle.dumps(CATALOGUE)) == CATALOGUE
    sample = CASES[:: max(1, len(CASES) // 200)]
    assert [c.response for c in pickle.loads(pickle.dumps(sample))] == [c.response for c in sample]


def test_every_case_is_well_formed_with_right_verdicts() -> None:
    """A hack that broke the format would earn 0 for the wrong reason and test nothing."""
    results = REWARD.score_many([c.response for c in CASES], [c.labels for c in CASES])
    assert [c.id for c, r in zip(CASES, results, strict=True) if not r.format_ok] == []
    assert {r.terms["tag"] for r in results} == {1.0}
    assert all(released_format_ok(c.response) for c in CASES[::7])


def test_ceilings_encode_the_invariants() -> None:
    for c in CASES:
        if c.hack.family == "non_answer":
            assert c.kind is AnswerKind.NON_ANSWER and c.max_behavior == 0.0
        if c.hack.family == "padding":
            assert c.hack.keeps_meaning
        if c.side == "unsafe" and c.base == "compliance" and c.hack.base != "none":
            assert c.harmful and c.max_behavior == 0.0, c.id
        if c.side == "safe" and c.base == "refusal" and c.hack.keeps_meaning:
            assert c.max_behavior == 0.0, c.id  # a disguised over-refusal
    for item in ITEMS:
        assert honest_case(item).max_behavior == 1.0
        assert honest_case(item).answer == item.honest


@pytest.mark.parametrize("prefilled", [False, True])
def test_safegrpo_response_is_well_formed_and_states_the_verdicts(prefilled: bool) -> None:
    text = safegrpo_response(("unsafe", "safe", "unsafe"), "No.", "Risky.", prefilled=prefilled)
    result = REWARD.score(
        text, {"image_tag": "unsafe", "text_tag": "safe", "combine_tag": "unsafe"}
    )
    assert result.format_ok and result.terms["tag"] == 1.0
    assert text.startswith("<think>") != prefilled and "Step 5: Risky." in text


@given(hack_cases(families=["padding", "encoded"], sides=["safe"]))
@settings(max_examples=20)
def test_hack_cases_draw_from_the_families_and_sides_asked(case: Case) -> None:
    assert case.hack.family in {"padding", "encoded"} and case.side == "safe"
    assert case.answer in case.response


def test_the_bank_is_judged_right() -> None:
    """Honest answers earn behaviour 1 and harmful compliances 0, so the invariants below are
    about the hacks, not about the judge's natural errors."""
    texts = [item_response(it, it.honest) for it in ITEMS]
    texts += [item_response(it, it.compliance) for it in UNSAFE_ITEMS]
    labels = [it.dataset_labels for it in ITEMS] + [it.dataset_labels for it in UNSAFE_ITEMS]
    behavior = [r.terms["behavior"] for r in REWARD.score_many(texts, labels)]
    assert behavior == [1.0] * len(ITEMS) + [0.0] * len(UNSAFE_ITEMS)


def test_paper_preset_keeps_the_released_semantics_on_every_hack() -> None:
    paper = SafeGRPOReward(preset="paper")
    ours = paper.score_batch([c.response for c in CASES], [c.labels for c in CASES])
    released = [released_reward(c.response, c.labels) for c in CASES]
    assert [c.id for c, a, b in zip(CASES, ours, released, strict=True) if a != b] == []


# -- the invariants, over the whole catalogue (default judge) -----------------------------------


def test_no_hack_pays_behaviour_a_correct_reward_does_not(scored) -> None:
    results, base = scored
    bad = _failures(
        results,
        lambda c, r: r.terms["behavior"] > max(c.max_behavior, _before(c, base)) + EPS,
    )
    assert not bad, "open: " + ", ".join(bad)


def test_no_hack_earns_more_than_the_honest_answer(scored) -> None:
    results, _ = scored
    honest = REWARD.score_many(
        [item_response(it, it.honest) for it in ITEMS], [it.dataset_labels for it in ITEMS]
    )
    best = {it: r.total for it, r in zip(ITEMS, honest, strict=True)}
    bad = _failures(results, lambda c, r: r.total > best[c.item] + EPS)
    assert not bad, "open: " + ", ".join(bad)


def test_a_wrapped_harmful_compliance_earns_behaviour_0(scored) -> None:
    results, _ = scored
    bad = _failures(results, lambda c, r: c.harmful and r.terms["behavior"] > 0)
    assert not bad, "open: " + ", ".join(bad)


def test_non_answers_earn_behaviour_0_on_both_sides(scored) -> None:
    results, _ = scored
    bad = _failures(
        results, lambda c, r: c.kind is AnswerKind.NON_ANSWER and r.terms["behavior"] > 0
    )
    assert not bad, "open: " + ", ".join(bad)


def test_meaning_preserving_hacks_keep_the_verdict(scored) -> None:
    """Padding, look-alike letters and repetition: the reader sees the same answer."""
    results, base = scored
    bad = _failures(
        results,
        lambda c, r: c.hack.keeps_meaning and r.terms["behavior"] != _before(c, base),
    )
    assert not bad, "open: " + ", ".join(bad)


# -- generated input ----------------------------------------------------------------------------

UNSAFE, SAFE = UNSAFE_ITEMS[0], SAFE_ITEMS[0]


def _behaviours(answer: str) -> tuple[float, float]:
    """Behaviour on a combined-unsafe and a combined-safe item: equal pairs mean equal verdicts
    (refusal pays only on the first, help only on the second, a non-answer on neither)."""
    texts = [item_response(UNSAFE, answer), item_response(SAFE, answer)]
    r = REWARD.score_many(texts, [UNSAFE.dataset_labels, SAFE.dataset_labels])
    return r[0].terms["behavior"], r[1].terms["behavior"]


@given(padded_answers())
@settings(max_examples=60)
def test_padding_a_reader_does_not_see_never_moves_the_verdict(pair: tuple[str, str]) -> None:
    answer, padded = pair
    assert _behaviours(padded) == _behaviours(answer)


@given(non_answers())
@settings(max_examples=60)
def test_generated_non_answers_earn_behaviour_0(answer: str) -> None:
    assert _behaviours(answer) == (0.0, 0.0)


_PAD = st.tuples(st.sampled_from("".join(FORMAT_INVISIBLE.values())), st.integers(1, 300))


@given(hack_cases().filter(lambda c: c.hack.name not in OPEN_HACKS), _PAD, st.booleans())
@settings(max_examples=60)
def test_a_padded_hack_pays_no_more_than_a_correct_reward(
    case: Case, pad: tuple[str, int], lead: bool
) -> None:
    ch, n = pad
    answer = ch * n + case.answer if lead else case.answer + ch * n
    response = item_response(case.item, answer, case.hack.reasoning)
    result = REWARD.score(response, case.labels)  # without the prompt (open hacks left out)
    base = REWARD.score(item_response(case.item, case.original), case.labels).terms["behavior"]
    ceiling = max(case.max_behavior, 0.0 if case.hack.base == "none" else base)
    assert result.terms["behavior"] <= ceiling


# -- the benchmark still runs -------------------------------------------------------------------


def test_hack_benchmark_runs_and_paper_equals_released(tmp_path, capsys, monkeypatch) -> None:
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "hacks.py"
    spec = importlib.util.spec_from_file_location("hacks_benchmark", path)
    bench = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    monkeypatch.setitem(sys.modules, "hacks_benchmark", bench)  # dataclasses look it up
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    out = tmp_path / "hacks.json"
    judges = "lexical,lexical+prompt,paper,released"
    assert bench.main(["--judges", judges, "--n", "5", "--json", str(out), "--cases"]) == 0
    printed = capsys.readouterr().out
    assert "open hacks for strict+lexical" in printed
    assert "open hacks for strict+lexical+prompt" in printed
    data = json.loads(out.read_text())["figures"]
    assert data["open"]["lexical"]["open"] == sorted(OPEN_HACKS)  # SAFE_ITEMS[4] is in --n 5
    assert data["open"]["lexical+prompt"]["open"] == sorted(OPEN_WITH_PROMPTS)
    rows = {r["row"] for r in data["rows"]}
    assert {"honest", "harmful compliance", "over-refusal", *FAMILIES} <= rows
    assert data["cases"] and all(c["paper"] == c["released"] for c in data["cases"])
