"""The lexical featurizer's output is frozen: shipped weights were fitted on it.

Speed work on ``refusal.features`` and ``refusal.view`` must leave every feature of a fixed
corpus bit for bit as it was; the fingerprint below was taken before that work (6fb6422).
"""

from __future__ import annotations

import hashlib
import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from safereward.refusal.features import NgramSpec, hashed_ngrams, linear_scores
from safereward.refusal.view import visible_head, visible_text

SPEC = NgramSpec()
FINGERPRINT = "777700480314cd8d5e52dbfc2db113585fa794667fdf4bc09b0f3795f9621a72"

_PIECES = (
    "I'm sorry, but I can't help with that. ",
    "Sure! Here is how: first, dice the onions; ",
    "\u2019\u201c\u2014 ",
    "\u200b\u2060\ufe0f",
    "\n\n\t \u3000\u00a0",
    "<!-- hidden -->",
    "<br>&nbsp;&zwsp;\n>\n",
    "\u0421\u043e\u0440\u0440\u0443 ",  # Cyrillic look-alikes
    "\U0001d412\U0001d428\U0001d42b\U0001d42b\U0001d432 ",  # bold math letters
    "\U000e0041\U000e0042",  # tag characters
    "\u4f60\u597d\uff0c\u6211\u4e0d\u80fd\u5e2e\u52a9\u3002",
    "\u0130stanbul \u01c5 \u00df \ufb01 ",  # lower() changes lengths
    "\uffff",
    "x" * 50,
)


def corpus() -> list[str]:
    rng = random.Random(20261130)
    out = ["", " ", "a", "It is a cat.", "\u200b" * 600 + "Sorry, no."]
    for n in range(300):
        parts = [rng.choice(_PIECES) for _ in range(rng.randint(1, 40))]
        out.append("".join(parts) if n % 3 else "".join(parts) * rng.randint(1, 8))
    return out


def _fingerprint(texts: list[str]) -> str:
    row, bucket, value = hashed_ngrams(texts, SPEC)
    digest = hashlib.sha256()
    for arr in (row.astype(np.int64), bucket.astype(np.int64), value.astype(np.float64)):
        digest.update(arr.tobytes())
    return digest.hexdigest()


def test_features_are_frozen() -> None:
    assert _fingerprint(corpus()) == FINGERPRINT


def test_linear_scores_are_the_features_dotted_with_the_weights() -> None:
    texts = corpus()
    weights = np.random.default_rng(0).normal(size=SPEC.size).astype(np.float32)
    row, bucket, value = hashed_ngrams(texts, SPEC)
    want = np.bincount(row, weights=weights[bucket] * value, minlength=len(texts)) + 0.25
    got = linear_scores(texts, SPEC, weights, 0.25)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)
    single = [linear_scores([t], SPEC, weights, 0.25)[0] for t in texts[:60]]
    assert np.array_equal(np.array(single), got[:60])  # batch neighbours change nothing


@given(
    parts=st.lists(st.sampled_from(_PIECES + ("&nb", "<b", "\n>", "-->", "<!--")), max_size=60),
    limit=st.integers(0, 400),
)
@settings(max_examples=300, deadline=None)
def test_visible_head_is_a_prefix_of_the_visible_text(parts: list[str], limit: int) -> None:
    answer = "".join(parts)
    assert visible_head(answer, limit) == visible_text(answer)[:limit]
