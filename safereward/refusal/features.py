"""Hashed character n-gram features of an answer's opening, computed for a whole batch at once.

Training and the runtime judge share this featurizer, so the shipped weights always match
the features they were fitted on. The judge reads the *visible* text (``view.visible_text``:
invisible characters and HTML comments gone, whitespace runs one space), lower-cased, with
typographic quotes and dashes and look-alike letters folded to ASCII, and only then takes the
opening window: padding a reader does not see cannot push the answer out of the window.

A reward calls it for one answer at a time, and a numpy call costs about a microsecond however
small its arrays, so the work per call is a few str methods and a fixed, small number of numpy
calls, whatever the batch and the orders. Each answer's window is found with str methods
(lower-casing, the fold of ASCII, whitespace runs); answers beyond ASCII are folded by one
numpy table lookup for all of them. Answers whose raw prefix does not fill the window after
folding (heavy padding) or that hold an HTML comment are first reduced to their visible text,
so the result never depends on the prefix bound. The windows are joined with a block of
``max(orders) - 1`` separator codepoints, so no n-gram spans two answers and an answer's
features never depend on its batch neighbours; the separators double as begin- and
end-of-answer markers ("<s>i'm sorry" opens the answer). Every order's rolling hash then comes
from one running sum (``_prefix_sums``), and the weights from one lookup; large batches go in
passes of ``_CHUNK`` positions, which stay in the CPU caches.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

import numpy as np

from safereward.refusal.view import (
    HOMOGLYPHS,
    has_markup,
    invisible_codepoints,
    judge_text,
    math_letters,
    space_codepoints,
    visible_head,
)

_SEP = "\uffff"  # a noncharacter, invisible to the view: an answer's own copies are dropped
_SEP_CODE = 0xFFFF
_SPACE = 32
_DROP = 0x110000  # folded-to code for invisible characters (beyond Unicode), removed
_MIX = np.uint32(0x9E3779B1)  # 32-bit Fibonacci hashing constant
_STEP = np.uint32(0x01000193)  # FNV prime: rolls codepoints into an n-gram hash
_FIRST = np.zeros(1, dtype=np.intp)  # reduceat index of a lone answer
_FIRST.flags.writeable = False


def _fold_table() -> tuple[np.ndarray, np.ndarray]:
    """Codepoint map for the Basic Multilingual Plane (typographic variants and look-alikes to
    ASCII, whitespace to a space, invisible to ``_DROP``) and the sorted invisible codepoints
    beyond it. Built from ``view``'s own patterns, so the two views agree."""
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


_FOLD, _WIDE_INVISIBLE = _fold_table()


def _wide_table() -> tuple[np.ndarray, np.ndarray]:
    """Sorted codepoints beyond the BMP that fold, and what they fold to: invisible ones to
    ``_DROP``, styled math letters to ASCII."""
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


_WIDE_KEYS, _WIDE_VALUES = _wide_table()


@dataclass(frozen=True)
class NgramSpec:
    """How answers become features; stored beside the weights so both always agree.

    ``opening``: leading characters of the visible answer that count (refusals are decided in
    the opening). ``orders``: character n-gram lengths. ``head``: n-grams starting in the
    first ``head`` characters also get a position-specific feature, because "sorry" as the
    first word means something else than "sorry" in the middle of a recipe.
    """

    bits: int = 18
    orders: tuple[int, ...] = (2, 3, 4, 5)
    opening: int = 300
    head: int = 96

    @property
    def size(self) -> int:
        return 1 << self.bits

    def to_array(self) -> np.ndarray:
        return np.array([self.bits, self.opening, self.head, *self.orders], dtype=np.int64)

    @classmethod
    def from_array(cls, arr: np.ndarray) -> NgramSpec:
        vals = [int(v) for v in np.asarray(arr).ravel()]
        if len(vals) < 4:
            raise ValueError("n-gram spec needs bits, opening, head and at least one order")
        bits, opening, head, *orders = vals
        ok = 8 <= bits <= 26 and 0 < opening <= 100_000 and 0 <= head <= opening
        if not (ok and all(1 <= o <= 16 for o in orders) and len(set(orders)) == len(orders)):
            raise ValueError(f"implausible n-gram spec {vals}")
        return cls(bits=bits, orders=tuple(orders), opening=opening, head=head)


class _Batch(NamedTuple):
    codes: np.ndarray  # uint32 codepoints, separator blocks between answers and at both ends
    starts: np.ndarray  # index where each answer's segment (its leading separators) starts
    lengths: np.ndarray  # segment length: separators + normalised answer


def _prefix_bound(spec: NgramSpec) -> int:
    """Raw characters read per answer: enough to fill the window after ordinary whitespace
    folds away; an answer that still falls short is reduced to its visible text first."""
    return spec.opening + spec.opening // 4 + 16


# The fold also runs on strings: the table again, with invisible characters marked by a
# noncharacter (removed after) instead of ``_DROP``, which no string can hold.
_DROP_CHAR = "\ufffe"
_FOLD_STR = np.where(_FOLD == _DROP, np.uint32(ord(_DROP_CHAR)), _FOLD)
_WIDE_VALUES_STR = np.where(_WIDE_VALUES == _DROP, np.uint32(ord(_DROP_CHAR)), _WIDE_VALUES)
_ASCII_FOLD = {
    c: None if int(v) == _DROP else chr(int(v)) for c, v in enumerate(_FOLD[:128]) if v != c
}


def _tidy(folded: str) -> str:
    """Drop the marked invisible characters, collapse space runs, strip: the view's whitespace
    rule. The fold left no whitespace but the plain space, so plain replaces suffice."""
    if _DROP_CHAR in folded:
        folded = folded.replace(_DROP_CHAR, "")
    while "  " in folded:
        folded = folded.replace("  ", " ")
    return folded.strip(" ")


def _fold_ascii(text: str) -> str:
    """The fold of an ASCII text with str methods: no numpy call for the common answer."""
    low = text.lower()
    if not low.isprintable():
        low = low.replace("\n", " ")
        if not low.isprintable():  # tabs, returns, control characters
            low = low.translate(_ASCII_FOLD)
    if "`" in low:
        low = low.replace("`", "'")
    while "  " in low:  # as _tidy; nothing to drop
        low = low.replace("  ", " ")
    return low.strip(" ")


def _fold_wide(texts: list[str]) -> list[str]:
    """The fold of texts beyond ASCII: joined by separators, lower-cased in one call, one table
    lookup for them all. A separator inside an answer is dropped before lower-casing (which
    reads the neighbours of a capital sigma)."""
    joined = _SEP.join(t.replace(_SEP, "") if _SEP in t else t for t in texts).lower()
    codes = np.frombuffer(joined.encode("utf-32-le", errors="surrogatepass"), dtype="<u4")
    folded = _FOLD_STR.take(codes, mode="clip")  # beyond the BMP reads as a separator here
    out = folded.astype("<u4", copy=False).tobytes().decode("utf-32-le", "surrogatepass")
    if out.count(_SEP) != len(texts) - 1:  # beyond the BMP: tags, selectors, math letters
        wide = codes >= 0x10000
        folded = np.where(wide, codes, folded)
        at = np.searchsorted(_WIDE_KEYS, codes).clip(max=_WIDE_KEYS.size - 1)
        folded = np.where(wide & (_WIDE_KEYS[at] == codes), _WIDE_VALUES_STR[at], folded)
        out = folded.astype("<u4", copy=False).tobytes().decode("utf-32-le", "surrogatepass")
    return [_tidy(part) for part in out.split(_SEP)]


def _fold(text: str) -> str:
    """A text lower-cased and folded (``_FOLD``), invisible characters gone, whitespace runs
    one space, no space at either end."""
    return _fold_ascii(text) if text.isascii() else _fold_wide([text])[0]


def _opening(answer: object, spec: NgramSpec) -> str:
    """An answer's window: the first ``opening`` characters of its folded visible text.

    A bounded raw prefix is folded; an answer whose prefix falls short of the window while
    the answer runs on (heavy padding), or that holds markup, is read through its visible
    text instead, so the window never depends on the bound."""
    full = judge_text(answer)
    bound = _prefix_bound(spec)
    marked = has_markup(full)
    view = _fold(visible_head(full, bound) if marked else full[:bound])
    if len(view) < spec.opening and len(full) > bound and not marked:
        view = _fold(visible_head(full, bound))
    return view if len(view) <= spec.opening else view[: spec.opening]


def _openings(answers: Sequence[object], spec: NgramSpec) -> list[str]:
    """``_opening`` of every answer; those beyond ASCII folded together by one numpy lookup."""
    bound = _prefix_bound(spec)
    opening = spec.opening
    texts = list(map(judge_text, answers))
    if max(map(len, texts), default=0) <= bound and not has_markup("\n".join(texts)):
        # each text is its own raw prefix and holds no markup (none does where the lines
        # joined hold none): folded as they are, those beyond ASCII together (a long answer's
        # units, most often)
        beyond = [t for t in texts if not t.isascii()]
        wide_views = iter(_fold_wide(beyond) if beyond else ())
        out = [_fold_ascii(t) if t.isascii() else next(wide_views) for t in texts]
        return [v if len(v) <= opening else v[:opening] for v in out]
    views: list[str] = []
    wide: list[tuple[int, str, bool]] = []  # (index, answer, marked) of texts beyond ASCII
    for full in texts:
        marked = has_markup(full)
        text = visible_head(full, bound) if marked else full[:bound]
        if not text.isascii():
            wide.append((len(views), full, marked))
            views.append(text)
            continue
        view = _fold_ascii(text)
        if len(view) < opening and len(full) > bound and not marked:
            view = _fold(visible_head(full, bound))
        views.append(view if len(view) <= opening else view[:opening])
    if wide:
        folded = _fold_wide([views[i] for i, _, _ in wide])
        for (i, full, marked), view in zip(wide, folded, strict=True):
            if len(view) < opening and len(full) > bound and not marked:
                view = _fold(visible_head(full, bound))
            views[i] = view if len(view) <= opening else view[:opening]
    return views


def _codes(views: list[str], pad: int, lead: bool = False) -> np.ndarray:
    """The windows joined into one codepoint array, a block of ``pad`` separators between
    them and at both ends (``lead``: one more in front, which ``_prefix_sums`` skips)."""
    block = _SEP * pad
    joined = (_SEP if lead else "") + block + block.join(views) + block
    return np.frombuffer(joined.encode("utf-32-le", errors="surrogatepass"), dtype="<u4")


def _encode(answers: Sequence[object], spec: NgramSpec) -> _Batch:
    pad = _plan(spec).pad
    views = _openings(answers, spec)
    lengths = np.fromiter(map(len, views), dtype=np.int64, count=len(views)) + pad
    return _Batch(codes=_codes(views, pad), starts=np.cumsum(lengths) - lengths, lengths=lengths)


_CHUNK = 8192
"""Positions hashed per pass in a large batch: a pass's arrays stay in the CPU caches."""
FEW = 16
"""Windows of a call that ``scores_from_codes`` finishes in Python floats (the same IEEE
operations as its numpy tail), and that the judges read as lists: a reward scoring one
answer's units per call pays about a microsecond per numpy call, and the tail is a dozen of
them."""
_FLAT = 640
"""Positions the flat constants cover: the windows of a call are scored position-major
(``_few_answers``) when they hold at most this many positions in all, else order-major (a
spec with a wide opening, or many windows), so the constants stay small."""


@dataclass(frozen=True)
class _Plan:
    """Per-spec constants of the scoring, computed once (``_plan``).

    A call's few short windows are scored position-major over flat arrays: any leading slice
    of a ``flat_`` constant is the constant for a run of that many positions, so every numpy
    call runs on contiguous arrays of one shape (broadcasting or a scalar operand costs about
    a microsecond more per call on small arrays). A batch is scored order-major: one row per
    order, where the same work costs least per element once the arrays are long.
    """

    pad: int  # separators between answers: max(orders) - 1, at least 1
    flat: int  # positions the flat constants cover
    orders: int  # distinct n-gram lengths: rows hashed per position
    per_pos: int  # len(spec.orders): features per position, for the norm
    width: int  # positions whose n-grams also get the head feature: pad + head (0: none)
    head_offset: int  # where the table's head half starts (spec.size)
    unwind: np.ndarray  # uint32, STEP**-j (0 at j=0): see ``_prefix_sums``
    powers: np.ndarray  # uint32, _MIX * STEP**j
    lags: slice | np.ndarray  # rows (order - 1) of ``_rows`` that are features
    salts: np.ndarray  # (orders, 1) uint32: each order's salt, times _MIX
    shift: np.uint32  # 32 - bits
    # (flat, orders): a row per position, a column per order
    flat_ahead: np.ndarray  # intp, position + order: where an n-gram's prefix sum ends
    flat_here: np.ndarray  # intp, position: where it starts
    flat_rewind: np.ndarray  # uint32, _MIX * STEP**(position + order)
    flat_salts: np.ndarray  # uint32
    flat_shifts: np.ndarray  # uint32
    flat_heads: np.ndarray  # uint32, head_offset for the head's positions, else 0
    marks: np.ndarray  # uint32, head_offset and 0 in turn, FEW times: a call's head runs
    norms: tuple[float, ...]  # a window's norm by its segment length, up to one full window


@lru_cache(maxsize=16)
def _plan(spec: NgramSpec) -> _Plan:
    top = max(spec.orders)
    pad = max(top - 1, 1)
    one = spec.opening + pad  # positions of one answer, at most
    steps = max(_CHUNK, one) + pad + 1  # codes of one pass, at most
    flat = _FLAT
    step, mix, mask = int(_STEP), int(_MIX), (1 << 32) - 1
    unwind = np.full(steps, pow(step, -1, 1 << 32), dtype=np.uint32)
    unwind[0] = 1
    unwind = np.multiply.accumulate(unwind, dtype=np.uint32)
    unwind[0] = 0  # the code before a pass's first position counts for nothing
    powers = np.full(steps, step, dtype=np.uint32)
    powers[0] = mix
    powers = np.multiply.accumulate(powers, dtype=np.uint32)
    orders = np.array(sorted(set(spec.orders)), dtype=np.intp)
    lags = orders - 1
    contiguous = int(lags[-1] - lags[0]) + 1 == lags.size
    salts = np.array([((o * 0x2545F491) & mask) * mix & mask for o in orders.tolist()], np.uint32)
    here = np.repeat(np.arange(flat, dtype=np.intp), orders.size)
    ahead = here + np.tile(orders, flat)
    width = pad + spec.head if spec.head else 0
    plan = _Plan(
        pad=pad,
        flat=flat,
        orders=orders.size,
        per_pos=len(spec.orders),
        width=width,
        head_offset=spec.size,
        unwind=unwind,
        powers=powers,
        lags=slice(int(lags[0]), int(lags[-1]) + 1) if contiguous else lags,
        salts=salts[:, None],
        shift=np.uint32(32 - spec.bits),
        flat_ahead=ahead.reshape(flat, orders.size),
        flat_here=here.reshape(flat, orders.size),
        flat_rewind=powers[ahead].reshape(flat, orders.size),
        flat_salts=np.tile(salts, flat).reshape(flat, orders.size),
        flat_shifts=np.full((flat, orders.size), 32 - spec.bits, dtype=np.uint32),
        flat_heads=np.where(here < width, spec.size, 0).astype(np.uint32).reshape(flat, -1),
        marks=np.tile(np.array([spec.size, 0], dtype=np.uint32), FEW),
        norms=tuple(_norm(length, width, len(spec.orders)) for length in range(one + 1)),
    )
    for value in vars(plan).values():  # shared by every thread that scores with this spec
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return plan


def _norm(length: int, width: int, per_pos: int) -> float:
    """``_norms`` of one segment of ``length`` positions, in floats (the same operations)."""
    return 1.0 / math.sqrt(max((length + min(length, width)) * per_pos, 1))


def _prefix_sums(codes: np.ndarray, plan: _Plan) -> np.ndarray:
    """Running sums ``S`` of ``codes[j] * STEP**-j``, mod 2**32, ``codes[0]`` left out.

    The rolling hash of the o-gram at position ``i`` (``codes[i + 1:]``),
    ``sum(c[i + j] * STEP**(o - 1 - j))``, is ``STEP**(i + o) * (S[i + o] - S[i])``: the FNV
    prime is odd, so it has an inverse mod 2**32. One running sum and a difference then
    hash every order at once, exactly, where rolling takes two numpy calls per order."""
    return np.add.accumulate(codes * plan.unwind[: codes.size], dtype=np.uint32)


def _rows(values: np.ndarray, used: int, plan: _Plan) -> np.ndarray:
    """``values[i + order]`` for every order (a row each) and position ``i < used``: a
    strided view when the orders run without gaps."""
    if isinstance(plan.lags, slice):
        first, count = plan.lags.start + 1, plan.orders
        return np.ndarray((count, used), np.uint32, values, first * 4, (4, 4))
    every = np.ndarray((int(plan.lags[-1]) + 1, used), np.uint32, values, 4, (4, 4))
    return every[plan.lags]


def _few_answers(
    codes: np.ndarray, sizes: list[int], plan: _Plan, table: np.ndarray
) -> list[list[float]]:
    """Per window, per order, the sum of ``table`` at the buckets of its n-grams (``codes``:
    one separator, then the windows' segments and the final separator block; ``sizes``: the
    segments' lengths, ``plan.flat`` positions at most in all). Position-major over the flat
    constants, so each step is one numpy call whatever the number of windows, with no
    bookkeeping arrays: a window's head pattern is a leading slice of ``flat_heads``, and the
    per-order sums are the same reduction ``_many_answers`` makes, bit for bit. Past a few
    hundred positions the order-major layout (``_few_long_answers``) costs less per element."""
    used = sum(sizes)
    sums = _prefix_sums(codes[: used + plan.pad + 1], plan)
    if isinstance(plan.lags, slice):  # S[i + order] and S[i]: strided views, no gather
        first, count = plan.lags.start + 1, plan.orders
        ahead = np.ndarray((used, count), np.uint32, sums, first * 4, (4, 4))
        buckets = ahead - np.ndarray((used, count), np.uint32, sums, 0, (4, 0))
    else:
        buckets = sums.take(plan.flat_ahead[:used])
        buckets -= sums.take(plan.flat_here[:used])
    buckets *= plan.flat_rewind[:used]
    buckets += plan.flat_salts[:used]
    buckets >>= plan.flat_shifts[:used]
    if len(sizes) == 1:
        buckets += plan.flat_heads[:used]
        starts: list[int] | np.ndarray = _FIRST
    else:
        heads = plan.flat_heads
        buckets += np.concatenate([heads[:size] for size in sizes])
        starts = list(accumulate(sizes[:-1], initial=0))
    picked = table.take(buckets, mode="clip")  # a few positions: no cast to intp first
    return np.add.reduceat(picked, starts, axis=0).tolist()


def _many_answers(
    codes: np.ndarray, lengths: np.ndarray, plan: _Plan, table: np.ndarray
) -> np.ndarray:
    """``(orders, answers)``: what ``_few_answers`` gives for each answer, bit for bit (the same
    integers, and per order the same reduction over its positions), order-major over the
    whole pass. ``lengths``: the answers' segment lengths."""
    ends = np.cumsum(lengths)
    used = int(ends[-1])
    sums = _prefix_sums(codes, plan)
    buckets = _rows(sums, used, plan) - sums[:used]
    buckets *= _rows(plan.powers, used, plan)
    buckets += plan.salts
    buckets >>= plan.shift
    if plan.width:  # each answer's head reads the table's second half
        heads = np.minimum(lengths, plan.width)
        runs = np.empty(2 * lengths.size, dtype=np.int64)
        runs[0::2] = heads
        runs[1::2] = lengths - heads
        marks = np.zeros(runs.size, dtype=np.uint32)
        marks[0::2] = plan.head_offset
        buckets += np.repeat(marks, runs)
    picked = table.take(buckets.astype(np.intp), mode="clip")  # take casts uint32 slower
    return np.add.reduceat(picked, ends - lengths, axis=1)


def _few_long_answers(
    codes: np.ndarray, sizes: list[int], plan: _Plan, table: np.ndarray
) -> list[list[float]]:
    """``_many_answers(...).T.tolist()`` of at most ``FEW`` windows, bit for bit (the same
    arrays, the same reduction), with the bookkeeping on segment lengths done in Python: a
    dozen numpy calls on arrays of a few entries cost more than the hashing of a call's units
    (a reasoning's, say)."""
    used = sum(sizes)
    sums = _prefix_sums(codes[: used + plan.pad + 1], plan)
    buckets = _rows(sums, used, plan) - sums[:used]
    buckets *= _rows(plan.powers, used, plan)
    buckets += plan.salts
    buckets >>= plan.shift
    starts = list(accumulate(sizes[:-1], initial=0))
    if plan.width:
        width = plan.width
        runs = [run for size in sizes for run in (min(size, width), max(size - width, 0))]
        buckets += np.repeat(plan.marks[: len(runs)], runs)
    picked = table.take(buckets.astype(np.intp), mode="clip")
    return np.add.reduceat(picked, starts, axis=1).T.tolist()


def _order_buckets(batch: _Batch, spec: NgramSpec):
    """Yield ``(order, buckets)``: the hashed n-gram starting at every position of the batch.

    Positions in the final separator block hash n-grams of separators only; they belong to
    no answer and are ignored by the callers.
    """
    codes = batch.codes
    shift = np.uint32(32 - spec.bits)
    h = codes.copy()
    for k in range(max(spec.orders)):
        order = k + 1
        if k:
            span = codes.size - k
            h[:span] = h[:span] * _STEP + codes[k:]
        if order in spec.orders:
            salt = np.uint32((order * 0x2545F491) & 0xFFFFFFFF)
            yield order, ((h + salt) * _MIX) >> shift


def _head_index(batch: _Batch, spec: NgramSpec) -> tuple[np.ndarray, np.ndarray]:
    """Positions (and their answer) whose n-grams also get the position-specific feature."""
    pad = max(max(spec.orders) - 1, 1)
    width = pad + spec.head
    offs = np.arange(width)
    pos = batch.starts[:, None] + offs[None, :]
    inside = offs[None, :] < batch.lengths[:, None]
    rows = np.broadcast_to(np.arange(batch.starts.size)[:, None], pos.shape)
    return pos[inside], rows[inside]


def _norms(batch: _Batch, spec: NgramSpec) -> np.ndarray:
    """``1/sqrt(number of features)``: long and short openings score on one scale."""
    pad = max(max(spec.orders) - 1, 1)
    per_pos = len(spec.orders)
    heads = np.minimum(batch.lengths, pad + spec.head) if spec.head else 0
    total = (batch.lengths + heads) * per_pos
    return 1.0 / np.sqrt(np.maximum(total, 1).astype(np.float64))


def _head_salt(buckets: np.ndarray, spec: NgramSpec) -> np.ndarray:
    mask = np.uint32(spec.size - 1)
    return (buckets * np.uint32(0x27D4EB2F) + np.uint32(0x165667B1)) >> np.uint32(
        32 - spec.bits
    ) & mask


def hashed_ngrams(
    answers: Sequence[object], spec: NgramSpec
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(row, bucket, value)`` triplets: answer ``row`` has feature ``bucket``.

    Repeated n-grams add up; the linear score of answer ``r`` is the sum of
    ``w[bucket] * value`` over its triplets (what ``linear_scores`` computes directly).
    """
    n = len(answers)
    batch = _encode(answers, spec)
    owner = np.repeat(np.arange(n), batch.lengths)
    first = int(batch.starts[0]) if n else 0
    used = slice(first, first + owner.size)
    head_pos, head_rows = _head_index(batch, spec)
    rows: list[np.ndarray] = []
    buckets: list[np.ndarray] = []
    for _, b in _order_buckets(batch, spec):
        rows.append(owner)
        buckets.append(b[used])
        if spec.head:
            rows.append(head_rows)
            buckets.append(_head_salt(b[head_pos], spec))
    norms = _norms(batch, spec)
    row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    bucket = np.concatenate(buckets).astype(np.int64) if buckets else np.zeros(0, dtype=np.int64)
    return row, bucket, norms[row]


def scoring_table(spec: NgramSpec, weights: np.ndarray) -> np.ndarray:
    """``weights`` twice over, in float64: the first half for an n-gram's own feature, the
    second for an n-gram in the head, which also carries its position-specific feature
    (``_head_salt`` of the bucket). Scoring then takes one lookup per n-gram, not three.
    (A float32 table is half the size but measured only 5% faster, and rounds.)"""
    own = np.asarray(weights, dtype=np.float64)
    if not spec.head:
        return own
    salted = _head_salt(np.arange(spec.size, dtype=np.uint32), spec)
    return np.concatenate([own, own + own[salted]])


def linear_scores(
    answers: Sequence[object],
    spec: NgramSpec,
    weights: np.ndarray,
    bias: float,
    table: np.ndarray | None = None,
) -> np.ndarray:
    """Logit of refusal for every answer: its hashed features dotted with ``weights``.

    The sum ``hashed_ngrams`` describes, up to float rounding, with one lookup per n-gram in
    ``table`` (``scoring_table(spec, weights)``; pass it to skip rebuilding it). A reward
    calls this for one answer at a time and each numpy call costs about a microsecond however
    small its arrays, so the calls are few and do not grow with the orders: answers are
    folded with str methods (numpy only beyond ASCII) and every order is hashed at once
    (``_prefix_sums``). An answer scores the same, bit for bit, alone or in any batch.
    """
    if not answers:
        return np.zeros(0, dtype=np.float64)
    if table is None:
        table = scoring_table(spec, weights)
    return scores_from_codes(*window_codes(answers, spec), spec, table, bias)


def window_codes(answers: Sequence[object], spec: NgramSpec) -> tuple[np.ndarray, list[int]]:
    """The answers' windows laid out for ``scores_from_codes``, with their sizes: the same for
    every spec of the same ``opening`` and separator block (``same_windows``), so models that
    read the same texts fold them once."""
    pad = _plan(spec).pad
    views = [_opening(answers[0], spec)] if len(answers) == 1 else _openings(answers, spec)
    return _codes(views, pad, lead=True), [len(v) + pad for v in views]


def same_windows(a: NgramSpec, b: NgramSpec) -> bool:
    """Whether ``window_codes`` lays texts out alike for the two specs."""
    return a.opening == b.opening and _plan(a).pad == _plan(b).pad


def scores_from_codes(
    codes: np.ndarray, sizes: list[int], spec: NgramSpec, table: np.ndarray, bias: float
) -> np.ndarray:
    """``linear_scores`` of windows already folded and laid out as ``_codes(..., lead=True)``
    lays them out (uint32 codepoints; ``sizes``: each window's length plus the separator block
    after it). A caller that holds the folded text in another form (the help judge's units,
    cut from one view) builds the codes once, for every window, and scores them here with the
    same arithmetic, bit for bit."""
    plan = _plan(spec)
    found = _few_logits(codes, sizes, plan, table, bias)
    if found is not None:
        return np.array(found)
    n = len(sizes)
    lengths = np.array(sizes, dtype=np.int64)
    per_order = np.empty((plan.orders, n), dtype=np.float64)
    first = start = used = 0
    for last, size in enumerate(sizes, start=1):  # passes of about _CHUNK positions
        used += size
        if last < n and used + sizes[last] <= _CHUNK:
            continue
        part = codes[start : start + used + plan.pad + 1]
        per_order[:, first:last] = _many_answers(part, lengths[first:last], plan, table)
        first, start, used = last, start + used, 0
    total = per_order[0].copy()
    for row in per_order[1:]:
        total += row
    heads = np.minimum(lengths, plan.width)
    norms = 1.0 / np.sqrt(np.maximum((lengths + heads) * plan.per_pos, 1).astype(np.float64))
    return total * norms + bias


def _few_logits(
    codes: np.ndarray, sizes: list[int], plan: _Plan, table: np.ndarray, bias: float
) -> list[float] | None:
    """``scores_from_codes`` of a call of few windows in one pass, finished in floats (the
    same IEEE operations as the numpy tail, in the same order); None for a larger call."""
    used = sum(sizes)
    if len(sizes) > FEW or used > _CHUNK:
        return None
    if used <= plan.flat:
        columns = _few_answers(codes, sizes, plan, table)
    else:
        columns = _few_long_answers(codes, sizes, plan, table)
    out = []
    norms, width = plan.norms, plan.width
    for length, column in zip(sizes, columns, strict=True):
        total = column[0]
        for value in column[1:]:  # in order, as the batch adds its rows
            total += value
        norm = norms[length] if length < len(norms) else _norm(length, width, plan.per_pos)
        out.append(total * norm + bias)
    return out


def code_logits(
    codes: np.ndarray, sizes: list[int], spec: NgramSpec, table: np.ndarray, bias: float
) -> list[float]:
    """``scores_from_codes`` as a list of floats: a caller that reads a few windows in Python
    gets them without an array built and read back."""
    found = _few_logits(codes, sizes, _plan(spec), table, bias)
    if found is None:
        return scores_from_codes(codes, sizes, spec, table, bias).tolist()
    return found


def logit_list(
    answers: Sequence[object], spec: NgramSpec, table: np.ndarray, bias: float
) -> list[float]:
    """``linear_scores(answers, spec, weights, bias, table)`` as a list of floats, bit for bit."""
    if not answers:
        return []
    return code_logits(*window_codes(answers, spec), spec, table, bias)
