"""The per-call fast path of ``refusal.features`` scores exactly as the batch code it replaced.

``linear_scores`` was rewritten so one answer per call costs a few microseconds (issue 21):
str methods instead of numpy for the fold of ASCII answers, every n-gram order hashed from one
running sum, a flat position-major layout for a single answer. The frozen copy below is the
implementation before that work (``_frozen_*``, as it was at fb3d1d9); every logit must stay
within 1e-9 of it, the encoded codepoints must be identical, and an answer must score the same,
bit for bit, alone or in any batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safereward.refusal import features
from safereward.refusal.features import NgramSpec, linear_scores, scoring_table
from safereward.refusal.training import LEXICAL_SPEC
from safereward.refusal.view import (
    HOMOGLYPHS,
    has_markup,
    invisible_codepoints,
    judge_text,
    math_letters,
    space_codepoints,
    visible_text,
)

# --- the implementation before the fast path, frozen --------------------------------------

_SEP = "\uffff"
_SEP_CODE = 0xFFFF
_SPACE = 32
_DROP = 0x110000
_MIX = np.uint32(0x9E3779B1)
_STEP = np.uint32(0x01000193)


def _frozen_fold_table() -> tuple[np.ndarray, np.ndarray]:
    table = np.arange(0x10000, dtype=np.uint32)
    for src in "\u2019\u2018\u02bc\u0060\u00b4\uff07\u201b\u2032":
        table[ord(src)] = ord("'")
    for src in "\u201c\u201d\u201e\u00ab\u00bb\u2033":
        table[ord(src)] = ord('"')
    for src in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
        table[ord(src)] = ord("-")
    for src, dst in HOMOGLYPHS.items():
        if table[ord(src)] == ord(src):
            table[ord(src)] = ord(dst)
    table[[c for c in space_codepoints() if c < 0x10000]] = _SPACE
    invisible = np.array(invisible_codepoints(), dtype=np.uint32)
    table[invisible[invisible < 0x10000]] = _DROP
    table[_SEP_CODE] = _SEP_CODE
    return table, np.sort(invisible[invisible >= 0x10000])


_FOLD, _WIDE_INVISIBLE = _frozen_fold_table()


def _frozen_wide_table() -> tuple[np.ndarray, np.ndarray]:
    math = math_letters()
    keys = np.concatenate([_WIDE_INVISIBLE, np.array(sorted(math), dtype=np.uint32)])
    values = np.concatenate(
        [
            np.full(_WIDE_INVISIBLE.size, _DROP, np.uint32),
            np.array([math[k] for k in sorted(math)], np.uint32),
        ]
    )
    order = np.argsort(keys)
    return keys[order], values[order]


_WIDE_KEYS, _WIDE_VALUES = _frozen_wide_table()


@dataclass(frozen=True)
class _FrozenBatch:
    codes: np.ndarray
    starts: np.ndarray
    lengths: np.ndarray


def _frozen_fold_codes(texts: list[str], pad: int) -> np.ndarray:
    block = _SEP * pad
    joined = block + block.join(texts) + block
    if joined.count(_SEP) != pad * (len(texts) + 1):
        joined = block + block.join(t.replace(_SEP, "") for t in texts) + block
    raw = joined.lower().encode("utf-32-le", errors="surrogatepass")
    codes = np.frombuffer(raw, dtype="<u4")
    wide = codes >= 0x10000
    if not wide.any():
        codes = _FOLD.take(codes)
    else:
        codes = np.where(wide, codes, _FOLD[np.minimum(codes, 0xFFFF)])
        at = np.searchsorted(_WIDE_KEYS, codes).clip(max=_WIDE_KEYS.size - 1)
        codes = np.where(wide & (_WIDE_KEYS[at] == codes), _WIDE_VALUES[at], codes)
    dropped = codes == _DROP
    if dropped.any():
        codes = codes[~dropped]
    is_sep = codes == _SEP_CODE
    space = codes == _SPACE
    drop = np.zeros(codes.size, dtype=bool)
    drop[1:] = space[1:] & (space[:-1] | is_sep[:-1])
    codes = codes[~drop]
    drop = np.zeros(codes.size, dtype=bool)
    drop[:-1] = (codes[:-1] == _SPACE) & (codes[1:] == _SEP_CODE)
    return codes[~drop]


def _frozen_encode(answers: Sequence[object], spec: NgramSpec) -> _FrozenBatch:
    pad = max(spec.orders) - 1 if max(spec.orders) > 1 else 1
    bound = spec.opening + spec.opening // 4 + 16
    full = [judge_text(a) for a in answers]
    marked = [has_markup(t) for t in full]
    texts = [visible_text(t)[:bound] if m else t[:bound] for t, m in zip(full, marked, strict=True)]
    n = len(texts)
    codes = _frozen_fold_codes(texts, pad)
    starts = np.flatnonzero(codes == _SEP_CODE)[::pad][: n + 1]
    short = np.flatnonzero(np.diff(starts) - pad < spec.opening)
    redo = [i for i in short.tolist() if len(full[i]) > bound and not marked[i]]
    if redo:
        for i in redo:
            texts[i] = visible_text(full[i])[:bound]
        codes = _frozen_fold_codes(texts, pad)
        starts = np.flatnonzero(codes == _SEP_CODE)[::pad][: n + 1]
    if (np.diff(starts) > pad + spec.opening).any():
        seg = np.repeat(np.arange(starts.size), np.diff(starts, append=codes.size))
        keep = np.arange(codes.size) - starts[seg] < pad + spec.opening
        codes = codes[keep]
        starts = np.flatnonzero(codes == _SEP_CODE)[::pad][: n + 1]
    return _FrozenBatch(codes=codes, starts=starts[:-1], lengths=np.diff(starts))


def _frozen_norms(batch: _FrozenBatch, spec: NgramSpec) -> np.ndarray:
    pad = max(max(spec.orders) - 1, 1)
    heads = np.minimum(batch.lengths, pad + spec.head) if spec.head else 0
    total = (batch.lengths + heads) * len(spec.orders)
    return 1.0 / np.sqrt(np.maximum(total, 1).astype(np.float64))


def frozen_linear_scores(
    answers: Sequence[object], spec: NgramSpec, bias: float, table: np.ndarray
) -> np.ndarray:
    n = len(answers)
    if n == 0:
        return np.zeros(0, dtype=np.float64)
    batch = _frozen_encode(answers, spec)
    codes = batch.codes
    size = codes.size
    shift = np.uint32(32 - spec.bits)
    offset = np.zeros(size, dtype=np.uint32)
    if spec.head:
        pad = max(max(spec.orders) - 1, 1)
        width = np.minimum(batch.lengths, pad + spec.head)
        marks = np.zeros(size + 1, dtype=np.int32)
        np.add.at(marks, batch.starts, 1)
        np.add.at(marks, batch.starts + width, -1)
        offset[np.cumsum(marks[:size]) > 0] = spec.size
    acc = np.zeros(size, dtype=np.float64)
    h = codes.copy()
    bucket = np.empty(size, dtype=np.uint32)
    picked = np.empty(size, dtype=table.dtype)
    for k in range(max(spec.orders)):
        order = k + 1
        if k:
            span = size - k
            np.multiply(h[:span], _STEP, out=h[:span])
            np.add(h[:span], codes[k:], out=h[:span])
        if order not in spec.orders:
            continue
        np.add(h, np.uint32((order * 0x2545F491) & 0xFFFFFFFF), out=bucket)
        np.multiply(bucket, _MIX, out=bucket)
        np.right_shift(bucket, shift, out=bucket)
        np.add(bucket, offset, out=bucket)
        np.take(table, bucket, out=picked, mode="clip")
        np.add(acc, picked, out=acc)
    seg = np.add.reduceat(acc, batch.starts)
    last = int(batch.starts[-1])
    seg[-1] = acc[last : last + int(batch.lengths[-1])].sum()
    return seg * _frozen_norms(batch, spec) + bias


# --- inputs --------------------------------------------------------------------------------

SPECS = {
    "shipped": LEXICAL_SPEC,  # 1- to 6-grams, 2**20 buckets, opening 300, head 96
    "short units": NgramSpec(bits=18, orders=(3, 4, 5), opening=200, head=24),
    "no head": NgramSpec(bits=16, orders=(3, 4, 5), opening=200, head=0),
    "gapped orders": NgramSpec(bits=12, orders=(5, 2), opening=40, head=7),
    "unigrams, tiny window": NgramSpec(bits=10, orders=(1,), opening=6, head=2),
}
BIAS = -0.375
_TABLES: dict[str, tuple[np.ndarray, np.ndarray]] = {}


def weights_and_table(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Float32 weights of many magnitudes (as trained ones are) and their scoring table."""
    if name not in _TABLES:
        spec = SPECS[name]
        rng = np.random.default_rng(len(name))
        w = rng.normal(size=spec.size) * np.exp(rng.uniform(-12, 2, size=spec.size))
        weights = w.astype(np.float32)
        _TABLES[name] = (weights, scoring_table(spec, weights))
    return _TABLES[name]


PIECES = (
    "I'm sorry, but I can't help with that. ",
    "Sure! Here is how: first, dice the onions; ",
    "I CANNOT ASSIST. ",
    "`quoted` \u2018single\u2019 \u201cdouble\u201d \u2014 dash \u2212 ",
    "\n",
    "\n\n",
    "\t \r\n\x0b\x0c",
    "  ",
    "\u00a0\u3000\u2028\u2029\u205f\u1680\x85",
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u115f\u2800",  # invisible
    "\x00\x01\x08\x0e\x1c\x1f\x7f",  # controls
    "<!-- hidden -->",
    "<!--",
    "-->",
    "<br>",
    "<br/>",
    "&nbsp;",
    "&zwsp;&#8203;",
    "&amp;",
    "\n> \n",
    "a < b > c & d",
    _SEP,
    "\ufffe",
    "\ud800",  # lone surrogates
    "\udfff\ud83d",
    "\U0001f600 ",  # an emoji
    "\U0001d412\U0001d428\U0001d42b\U0001d42b\U0001d432 ",  # bold math letters
    "\U000e0041\U000e0042\U000e007f",  # tag characters
    "\ufe0f\U000e0100",  # variation selectors
    "\u0421\u043e\u0440\u0440\u0443 ",  # Cyrillic look-alikes
    "\uff33\uff4f\uff52\uff52\uff59 ",  # full-width
    "\u0391\u03a3 \u039f\u03a3\u0391 \u03a3",  # capital sigmas: lower() reads their context
    "\u0130stanbul \u01c5 \u00df \ufb01 ",  # lower() changes lengths
    "\u4f60\u597d\uff0c\u6211\u4e0d\u80fd\u5e2e\u52a9\u3002",
    "\u0627\u0644\u0633\u0644\u0627\u0645 ",
    "x" * 50,
    " " * 40,
    "\u200b" * 120,
)


def _answer(parts: list[str], repeat: int, tail: str) -> str:
    return "".join(parts) * repeat + tail


answers_st = st.one_of(
    st.builds(
        _answer,
        st.lists(st.sampled_from(PIECES), max_size=30),
        st.integers(1, 4),
        st.text(max_size=20),
    ),
    st.text(max_size=400),
    st.text(alphabet=st.characters(max_codepoint=127), max_size=300),
    st.sampled_from(["", " ", "\u200b", "<!-- -->", None, 42, b"bytes"]),
    # heavy padding: the raw prefix folds to less than the window, the answer runs on
    st.builds(
        lambda pad, n, text: pad * n + text,
        st.sampled_from(["\u200b", " ", "\n", "\x00", "\u200b \n"]),
        st.integers(100, 700),
        st.sampled_from(PIECES[:3]),
    ),
)
batches_st = st.lists(answers_st, min_size=1, max_size=10)


# --- equivalence ---------------------------------------------------------------------------


def check(answers: list[object], name: str) -> None:
    spec = SPECS[name]
    weights, table = weights_and_table(name)
    want = frozen_linear_scores(answers, spec, BIAS, table)
    got = linear_scores(answers, spec, weights, BIAS, table)
    assert got.dtype == np.float64 and got.shape == (len(answers),)
    assert np.abs(got - want).max() <= 1e-9
    alone = np.concatenate([linear_scores([a], spec, weights, BIAS, table) for a in answers])
    assert np.array_equal(alone, got)  # bit for bit, whatever the batch
    old, new = _frozen_encode(answers, spec), features._encode(answers, spec)
    assert np.array_equal(old.codes, new.codes)
    assert np.array_equal(old.starts, new.starts)
    assert np.array_equal(old.lengths, new.lengths)


@pytest.mark.parametrize("name", list(SPECS))
@given(batch=batches_st)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_logits_match_the_frozen_implementation(name: str, batch: list[object]) -> None:
    check(batch, name)


plain_batches_st = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=80)).map(
        lambda t: t.translate({ord(c): None for c in "<&>"})
    ),
    min_size=2,
    max_size=40,
)


@pytest.mark.parametrize("name", list(SPECS))
@given(batch=plain_batches_st)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_batches_of_short_texts_without_markup(name: str, batch: list[object]) -> None:
    """The units of a long answer: each within the raw prefix and no markup, folded as they
    are (``_openings``' quick path) and those beyond ASCII together."""
    check(batch, name)


@pytest.mark.parametrize("name", ["shipped", "gapped orders"])
def test_batches_longer_than_a_pass(name: str) -> None:
    """Several passes of ``_CHUNK`` positions, including answers that end exactly on a pass
    boundary; every answer scores as alone and as before."""
    rng = np.random.default_rng(7)
    batch: list[object] = []
    for i in range(300):
        parts = rng.choice(len(PIECES), size=int(rng.integers(0, 25)))
        batch.append("".join(PIECES[p] for p in parts) + f" ({i})")
    spec = SPECS[name]
    pad = max(max(spec.orders) - 1, 1)
    # answers of exactly one full window: segments of (opening + pad) positions tile a pass
    batch += ["y" * (spec.opening + 5)] * (2 * features._CHUNK // (spec.opening + pad) + 3)
    sizes = [len(v) + pad for v in features._openings(batch, spec)]
    assert sum(sizes) > 2 * features._CHUNK and max(sizes) == spec.opening + pad
    check(batch, name)


@pytest.mark.parametrize("opening", [features._FLAT + 300, features._CHUNK + 500])
def test_a_window_wider_than_the_flat_constants(opening: int) -> None:
    """Windows of more positions than ``_FLAT`` (one answer scored as a batch of one) and than
    ``_CHUNK`` (a pass of one answer)."""
    spec = NgramSpec(bits=14, orders=(1, 3), opening=opening, head=opening - 200)
    SPECS["wide window"] = spec
    try:
        long = ("Sorry \u2019no\u2019. " * 1000)[: opening + 400]
        check([long, "short", long[::-1], "", long[:500]], "wide window")
    finally:
        del SPECS["wide window"]
        _TABLES.pop("wide window", None)


def test_empty_batch_and_default_table() -> None:
    weights, table = weights_and_table("shipped")
    assert linear_scores([], LEXICAL_SPEC, weights, BIAS).shape == (0,)
    answers = ["I'm sorry, I can't.", "Sure: \u2018here\u2019 it is."]
    built = linear_scores(answers, LEXICAL_SPEC, weights, BIAS)
    assert np.array_equal(built, linear_scores(answers, LEXICAL_SPEC, weights, BIAS, table))


def test_shipped_judge_matches_frozen_on_the_benchmark_answers() -> None:
    """The shipped weights and spec, on answers shaped like training's."""
    from safereward.refusal import load_judge

    judge = load_judge("lexical")
    rng = np.random.default_rng(3)
    words = ["the", "image", "shows", "a", "knife", "sorry", "cannot", "help", "sure", "here"]
    answers = [
        " ".join(rng.choice(words, size=int(rng.integers(1, 60)))).capitalize() + "."
        for _ in range(300)
    ]
    want = frozen_linear_scores(answers, judge.spec, judge.bias, judge._table)
    assert np.abs(judge.logits(answers) - want).max() <= 1e-9
    singles = np.concatenate([judge.logits(a) for a in answers[:50]])
    assert np.array_equal(singles, judge.logits(answers)[:50])


# --- the invariants the str fold relies on --------------------------------------------------


def test_the_fold_leaves_no_whitespace_but_the_space() -> None:
    """``_tidy`` collapses only plain spaces: every character str methods call whitespace
    must fold to a space or be dropped."""
    spaces = [c for c in range(0x10000) if chr(c).isspace()]
    assert spaces and all(int(_FOLD[c]) in (_SPACE, _DROP) for c in spaces)
    assert not any(chr(c).isspace() for c in range(0x10000, 0x110000, 7))


@pytest.mark.parametrize("code", range(128))
def test_ascii_fold_agrees_with_the_table(code: int) -> None:
    """Each ASCII character, alone, between letters and doubled, folds as the table says."""
    for text in (chr(code), f"a{chr(code)}b", f"A{chr(code)}{chr(code)}B "):
        want = _frozen_fold_codes([text], 1)[1:-1]
        got = features._fold_ascii(text)
        assert [ord(c) for c in got] == want.tolist()
        assert features._fold_wide([text]) == [got]  # the numpy fold agrees too


def test_hashing_from_running_sums_is_the_rolling_hash() -> None:
    """``_prefix_sums`` with ``_rows``/``powers`` gives each order's rolling hash (times _MIX)."""
    spec = NgramSpec(bits=20, orders=(1, 2, 3, 4, 5, 6, 7), opening=50, head=0)
    plan = features._plan(spec)
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 0x110000, size=60, dtype=np.uint32)
    used = codes.size - 1 - plan.pad
    sums = features._prefix_sums(codes, plan)
    got = (features._rows(sums, used, plan) - sums[:used]) * features._rows(plan.powers, used, plan)
    c = codes[1:].astype(np.uint64)
    for row, order in enumerate(range(1, 8)):
        h = np.zeros(used, dtype=np.uint64)
        for j in range(order):
            h = (h * int(_STEP) + c[j : j + used]) % (1 << 32)
        assert np.array_equal(got[row], ((h * int(_MIX)) % (1 << 32)).astype(np.uint32))


@pytest.mark.parametrize("name", list(SPECS))
def test_capital_sigma_beside_separators_and_invisibles(name: str) -> None:
    """``lower()`` reads a capital sigma's neighbours (final or not): an answer's own
    separators go before lower-casing, invisible characters after, as before."""
    answers = [
        "\u039f\u0394\u039f\u03a3\uffff\u0391",
        "\u0391\u03a3\uffff",
        "\uffff\u03a3\u0391",
        "\u0391\u03a3\u200b\u0392",
        "\u0391\u03a3<!-- -->\u0392 \u03a3",
        "\u0391\u03a3\ufffe\u0392",
        "\u0391\u03a3\U000e0041\u0392",
    ]
    check(answers, name)
    weights, table = weights_and_table(name)
    sigma = linear_scores(["\u0391\u03a3\uffff\u0392"], SPECS[name], weights, BIAS, table)
    final = linear_scores(["\u0391\u03c2\u0392"], SPECS[name], weights, BIAS, table)
    assert sigma[0] != final[0] or SPECS[name].opening < 3  # not read as a final sigma
