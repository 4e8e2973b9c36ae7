"""Fitting the lexical judge: log-count ratio scaling, and what the judge learns from."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from safereward.refusal.features import NgramSpec
from safereward.refusal.training import (
    KEYWORD_SOUP,
    Labelled,
    fit_lexical,
    lexical_examples,
    lexical_judge_from_fit,
    log_count_ratios,
    our_examples,
)

SMALL = NgramSpec(bits=14, orders=(1, 2, 3, 4), opening=120, head=0)
REFUSALS = ["I can't help with that.", "Sorry, I won't do this.", "I must decline this request."]
HELPS = ["Boil the eggs for seven minutes.", "Paris is the capital.", "Use a sharp knife."]


def test_log_count_ratios_point_to_the_class_that_uses_the_feature() -> None:
    # features: 0 in refusals only, 1 in compliances only, 2 in both alike
    x = sparse.csr_matrix(np.array([[1, 0, 1], [2, 0, 1], [0, 1, 1], [0, 3, 1]], dtype=float))
    labels = np.array([True, True, False, False])
    r = log_count_ratios(x, labels, np.ones(4), alpha=0.1)
    assert r[0] > 0 > r[1]
    assert r[2] == pytest.approx(0.0, abs=1e-12)
    # presence, not counts: a feature repeated within an answer counts once
    assert r[0] == pytest.approx(-r[1])
    # the weights of the examples count, as in the fit
    heavy = log_count_ratios(x, labels, np.array([1.0, 1.0, 5.0, 1.0]), alpha=0.1)
    assert heavy[1] < r[1]
    with pytest.raises(ValueError, match="nb_alpha"):
        log_count_ratios(x, labels, np.ones(4), alpha=0.0)


@pytest.mark.parametrize("nb_alpha", [None, 0.1, 1.0])
def test_a_small_fit_reads_its_training_answers(nb_alpha: float | None) -> None:
    data = Labelled(REFUSALS * 3 + HELPS * 3, np.array([True] * 9 + [False] * 9))
    arrays = fit_lexical(data, spec=SMALL, c=10.0, nb_alpha=nb_alpha)
    judge = lexical_judge_from_fit(arrays)
    assert judge.predict(REFUSALS + HELPS).tolist() == [True] * 3 + [False] * 3


def test_the_scaling_folds_into_the_weights() -> None:
    """The judge of a scaled fit is the plain judge's kind: the same features, other weights."""
    data = Labelled(REFUSALS * 3 + HELPS * 3, np.array([True] * 9 + [False] * 9))
    plain = fit_lexical(data, spec=SMALL, c=10.0, nb_alpha=None)
    scaled = fit_lexical(data, spec=SMALL, c=10.0, nb_alpha=0.1)
    assert set(plain) == set(scaled)
    assert np.array_equal(plain["spec"], scaled["spec"])
    assert not np.allclose(plain["value"], scaled["value"])


def test_only_the_lexical_judge_learns_the_keyword_soup_alone_as_refusal_shaped() -> None:
    ours = our_examples(rows=[])
    lexical = lexical_examples(rows=[])
    assert KEYWORD_SOUP not in ours.texts
    # the soup around steps stays a compliance in both
    pairs = zip(ours.texts, ours.labels, strict=True)
    assert any(t.startswith(KEYWORD_SOUP) and not y for t, y in pairs)
    added = lexical.texts[len(ours) :]
    assert added and all(KEYWORD_SOUP in t for t in added)
    assert lexical.labels[len(ours) :].all()
    assert lexical.texts[: len(ours)] == ours.texts
    np.testing.assert_array_equal(lexical.weight()[: len(ours)], ours.weight())


def test_the_seed_draws_both_judges_hand_written_compositions() -> None:
    """``benchmarks/behaviour_cv.py --seeds`` reads another equally valid draw of each judge:
    the seed must reach the compositions of the lexical judge's examples and the help judge's
    bags, and seed 0 (the shipped judges') must stay the default."""
    from safereward.refusal.help_training import own_bags

    zero, one = lexical_examples(rows=[]), lexical_examples(rows=[], seed=1)
    assert lexical_examples(rows=[], seed=0).texts == zero.texts
    assert len(zero) == len(one) and zero.texts != one.texts
    assert sorted(zero.labels) == sorted(one.labels)
    assert own_bags(seed=1).pairs != own_bags().pairs == own_bags(seed=0).pairs
