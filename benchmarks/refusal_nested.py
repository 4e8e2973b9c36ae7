"""Nested leave-one-model-out accuracy of the lexical and ensemble refusal judges on XSTest.

    python benchmarks/refusal_nested.py [--data ../shared/data/xstest-dev] [--quick] [--no-ensemble]
                                        [--tuned-cache DIR]

Why: the held-out figures of refusal_quality.py (and the README) use settings that were
chosen by looking at those same held-out files, so they are slightly optimistic for a model
we have never seen. Here nothing about the held-out file is used to pick a setting. For each
XSTest model file (the outer fold):

1. lexical: every grid point (n-gram orders x hash bits x C x the smoothing of the
   log-count ratios, `training.LEXICAL_NB_ALPHA`, or none) is scored by leave-one-file-out
   on the other two files (train on one plus our own examples, test on the other);
   the most correct answers over both inner folds wins, ties to the lower log-loss, then to
   the earlier grid point. Counting correct answers, not averaging float accuracies, makes
   equal scores compare equal. The winner is refitted on both files and tested on the
   held-out one.
2. ensemble: with that lexical setting, the weight and margin are chosen the same way, the
   embedding judge fine-tuned again for every training set (``training.fit_embedding``: six
   fine-tunes, about five minutes each on 2 CPU cores; ``--tuned-cache DIR`` keeps them for
   the next run), then refitted on both files and tested on the held-out one.

Beside each nested figure: the shipped settings through the same pipeline (the non-nested
held-out accuracy of refusal_quality.py). Lexical fits run in ``--jobs`` processes; each
fine-tuned judge reads the files it did not see once. The lexical grid (216 fits) took 23
minutes on 2 CPU cores shared with other work (``--quick``: 8 fits a file; ``--no-ensemble``
skips torch).
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing as mp
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import reduce
from operator import add
from pathlib import Path
from typing import TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import add_json_option, write_results

from safereward.refusal.features import NgramSpec
from safereward.refusal.training import (
    LEXICAL_C,
    LEXICAL_NB_ALPHA,
    LEXICAL_SPEC,
    Labelled,
    default_xstest_dir,
    fit_lexical,
    lexical_examples,
    lexical_judge_from_fit,
    load_xstest,
    our_examples,
)

T0 = time.perf_counter()
T = TypeVar("T")


@dataclass(frozen=True, order=True)
class LexSetting:
    """One lexical grid point; the rest of the n-gram spec is the shipped one."""

    orders: tuple[int, ...]
    bits: int
    c: float
    nb: float = 0.0
    """The log-count ratios' smoothing (``training.LEXICAL_NB_ALPHA``); 0: no scaling."""

    def spec(self) -> NgramSpec:
        return replace(LEXICAL_SPEC, orders=self.orders, bits=self.bits)

    def nb_alpha(self) -> float | None:
        return self.nb or None

    def __str__(self) -> str:
        o = self.orders
        contiguous = list(o) == list(range(o[0], o[0] + len(o)))
        orders = f"{o[0]}-{o[-1]}" if contiguous else ",".join(map(str, o))
        return f"{orders} 2^{self.bits} C={self.c:g} nb={self.nb:g}"


@dataclass(frozen=True)
class EnsSetting:
    weight: float
    margin: float

    def __str__(self) -> str:
        return f"w={self.weight:g} m={self.margin:g}"


def shipped_settings() -> tuple[LexSetting, EnsSetting]:
    from safereward.refusal.ensemble import MARGIN, WEIGHT  # numpy-only import chain

    lex = LexSetting(LEXICAL_SPEC.orders, LEXICAL_SPEC.bits, LEXICAL_C, LEXICAL_NB_ALPHA or 0.0)
    return lex, EnsSetting(WEIGHT, MARGIN)


def lexical_grid(quick: bool) -> list[LexSetting]:
    if quick:
        orders, bits, cs = [(2, 3, 4, 5), (1, 2, 3, 4, 5, 6)], [20], [100.0, 300.0]
        nbs = [0.0, 0.1]
    else:
        orders = [(2, 3, 4, 5), (1, 2, 3, 4, 5, 6), (2, 3, 4, 5, 6)]
        bits, cs = [18, 20], [30.0, 100.0, 300.0, 1000.0]
        nbs = [0.0, 0.1, 1.0]
    grid = itertools.product(orders, bits, cs, nbs)
    return [LexSetting(o, b, c, nb) for o, b, c, nb in grid]


def ensemble_grid(quick: bool) -> list[EnsSetting]:
    quick_grid = ([0.7, 1.0], [2.0, 4.0])
    weights, margins = quick_grid if quick else ([0.4, 0.7, 1.0, 1.5], [2.0, 3.0, 4.0, 6.0])
    return [EnsSetting(w, m) for w, m in itertools.product(weights, margins)]


# --- scoring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """A judge on one test set: answers right, summed log-loss, and (lexical) its logits."""

    correct: int
    logloss: float  # summed over answers
    logits: np.ndarray | None = None

    def __add__(self, other: Score) -> Score:
        return Score(self.correct + other.correct, self.logloss + other.logloss)


def score(
    pred: np.ndarray, prob: np.ndarray, truth: np.ndarray, logits: np.ndarray | None = None
) -> Score:
    p = np.clip(prob, 1e-12, 1 - 1e-12)
    loss = -np.sum(np.where(truth, np.log(p), np.log1p(-p)))
    return Score(int(np.sum(pred == truth)), float(loss), logits)


def choose(candidates: Sequence[T], inner: Callable[[T], Score]) -> T:
    """Most correct answers, then lowest log-loss, then the earliest candidate."""
    scores = [inner(c) for c in candidates]
    best = min(range(len(candidates)), key=lambda i: (-scores[i].correct, scores[i].logloss, i))
    return candidates[best]


# --- lexical fits (in worker processes) ----------------------------------------------------

FitKey = tuple[tuple[str, ...], LexSetting]  # training files, setting
_FILES: dict[str, Labelled] = {}
_EXTRA: Labelled | None = None


def _init_worker(files: dict[str, Labelled], extra: Labelled) -> None:
    global _FILES, _EXTRA
    _FILES, _EXTRA = files, extra


def fit_and_score(key: FitKey) -> tuple[FitKey, dict[str, Score], float]:
    """Fit the lexical judge on the training files + our own examples; score the rest."""
    start = time.perf_counter()
    train, setting = key
    parts = [_FILES[n] for n in train]  # one per file: each file's classes are balanced
    arrays = fit_lexical(
        parts, _EXTRA, spec=setting.spec(), c=setting.c, nb_alpha=setting.nb_alpha()
    )
    judge = lexical_judge_from_fit(arrays)
    out = {}
    for name, data in _FILES.items():
        if name not in train:
            z = judge.logits(data.texts)
            out[name] = score(judge.predict(data.texts), judge.scores(data.texts), data.labels, z)
    return key, out, time.perf_counter() - start


def run_fits(
    keys: list[FitKey], files: dict[str, Labelled], extra: Labelled, jobs: int
) -> dict[FitKey, dict[str, Score]]:
    args = (files, extra)
    if jobs <= 1:
        _init_worker(*args)
        results: Iterable = map(fit_and_score, keys)
        return collect(results, len(keys))
    with mp.get_context().Pool(jobs, initializer=_init_worker, initargs=args) as pool:
        return collect(pool.imap_unordered(fit_and_score, keys), len(keys))


def collect(results: Iterable, total: int) -> dict[FitKey, dict[str, Score]]:
    out = {}
    for i, ((train, setting), scores, seconds) in enumerate(results, 1):
        out[(train, setting)] = scores
        log(f"lexical fit {i}/{total}: {'+'.join(train)} {setting} ({seconds:.1f}s)")
    return out


# --- ensemble ------------------------------------------------------------------------------


class LogitTable:
    """Stands in for the fitted ``LexicalJudge`` inside ``EnsembleJudge``: its logits, looked up."""

    def __init__(self, texts: Sequence[str], logits: np.ndarray) -> None:
        self.table = dict(zip(texts, logits.tolist(), strict=True))

    def logits(self, answers: Sequence[object]) -> np.ndarray:
        return np.array([self.table[str(a)] for a in answers], dtype=np.float64)


class EnsembleScorer:
    """Scores ``EnsembleJudge`` (the real class) with an embedding judge fine-tuned per training
    set (``_tuned.tuned_judge``), whose logits on the files it did not see are read once."""

    def __init__(
        self,
        files: dict[str, Labelled],
        extra: Labelled,
        device: str | None,
        cache: Path | None,
    ) -> None:
        self.files, self.extra, self.device, self.cache = files, extra, device, cache
        self.tables: dict[tuple[str, ...], LogitTable] = {}

    def embedding_judge(self, train: tuple[str, ...]) -> LogitTable:
        from _tuned import tuned_judge

        if train not in self.tables:
            judge = tuned_judge(self.files, self.extra, train, self.cache, self.device)
            texts = [t for n, d in self.files.items() if n not in train for t in d.texts]
            self.tables[train] = LogitTable(texts, judge.logits(texts))
        return self.tables[train]

    def __call__(self, train: tuple[str, ...], test: str, lex: Score, s: EnsSetting) -> Score:
        from safereward.refusal.ensemble import EnsembleJudge

        data = self.files[test]
        judge = EnsembleJudge(
            lexical=LogitTable(data.texts, lex.logits),  # type: ignore[arg-type]
            embedding=self.embedding_judge(train),  # type: ignore[arg-type]
            weight=s.weight,
            margin=s.margin,
        )
        return score(judge.predict(data.texts), judge.scores(data.texts), data.labels)


# --- the nested estimate -------------------------------------------------------------------


@dataclass
class Fold:
    """One held-out file: the settings chosen without it, and correct answers on it."""

    held: str
    n: int
    lex_choice: LexSetting
    lex_nested: int
    lex_shipped: int
    ens_choice: EnsSetting | None = None
    ens_nested: int = 0
    ens_shipped: int = 0


def inner_folds(held: str, names: Sequence[str]) -> list[tuple[tuple[str, ...], str]]:
    """(training file, test file) pairs among the files other than ``held``."""
    rest = [n for n in names if n != held]
    return [((a,), b) for a, b in itertools.permutations(rest, 2)]


def outer_train(held: str, names: Sequence[str]) -> tuple[str, ...]:
    return tuple(n for n in names if n != held)


def nested(
    files: dict[str, Labelled],
    extras: tuple[Labelled, Labelled],
    grid: list[LexSetting],
    ens_grid: list[EnsSetting] | None,
    jobs: int,
    device: str | None,
    cache: Path | None = None,
) -> list[Fold]:
    """``extras``: what the lexical judge and the embedding judge learn from besides XSTest."""
    names = list(files)
    extra, embedding_extra = extras
    lex_ship, ens_ship = shipped_settings()
    # every single-file fit once: each serves as an inner fold of two outer folds
    fits = run_fits([((n,), s) for s in grid for n in names], files, extra, jobs)

    def inner_lex(held: str, s: LexSetting) -> Score:
        return reduce(add, (fits[(tr, s)][te] for tr, te in inner_folds(held, names)))

    chosen = {h: choose(grid, lambda s, h=h: inner_lex(h, s)) for h in names}
    outer = {(outer_train(h, names), s) for h in names for s in (chosen[h], lex_ship)}
    fits.update(run_fits(sorted(outer), files, extra, jobs))

    folds = []
    for h in names:
        train = outer_train(h, names)
        folds.append(
            Fold(
                held=h,
                n=len(files[h]),
                lex_choice=chosen[h],
                lex_nested=fits[(train, chosen[h])][h].correct,
                lex_shipped=fits[(train, lex_ship)][h].correct,
            )
        )
        log(f"{h}: lexical {chosen[h]} chosen")
    if ens_grid is None:
        return folds

    ens = EnsembleScorer(files, embedding_extra, device, cache)
    for fold in folds:
        h, s, train = fold.held, fold.lex_choice, outer_train(fold.held, names)

        def inner_ens(e: EnsSetting, h: str = h, s: LexSetting = s) -> Score:
            pairs = inner_folds(h, names)
            return reduce(add, (ens(tr, te, fits[(tr, s)][te], e) for tr, te in pairs))

        fold.ens_choice = choose(ens_grid, inner_ens)
        fold.ens_nested = ens(train, h, fits[(train, s)][h], fold.ens_choice).correct
        fold.ens_shipped = ens(train, h, fits[(train, lex_ship)][h], ens_ship).correct
        log(f"{h}: ensemble {fold.ens_choice} chosen")
    return folds


# --- report --------------------------------------------------------------------------------


def log(msg: str) -> None:
    print(f"[{time.perf_counter() - T0:6.0f}s] {msg}", file=sys.stderr, flush=True)


Cell = tuple[str, int, int]  # chosen setting, correct answers nested, correct answers shipped


def row(label: str, n: int, cells: Sequence[Cell]) -> str:
    out = f"{label:<16}{n:>5}"
    for (choice, nested_ok, shipped_ok), width in zip(cells, (20, 16), strict=False):
        out += f"  {choice:<{width}}{nested_ok / n:>7.3f}{shipped_ok / n:>8.3f}"
    return out


def cells(f: Fold, ensemble: bool) -> list[Cell]:
    out = [(str(f.lex_choice), f.lex_nested, f.lex_shipped)]
    if ensemble:
        out.append((str(f.ens_choice), f.ens_nested, f.ens_shipped))
    return out


def print_table(folds: list[Fold], ensemble: bool) -> None:
    lex_ship, ens_ship = shipped_settings()
    print("\nnested leave-one-model-out accuracy on XSTest (settings chosen without the test file)")
    head = f"{'held-out file':<16}{'n':>5}  {'lexical chosen':<20}{'nested':>7}{'shipped':>8}"
    if ensemble:
        head += f"  {'ensemble chosen':<16}{'nested':>7}{'shipped':>8}"
    print(head)
    for f in folds:
        print(row(f.held, f.n, cells(f, ensemble)))
    per_fold = [cells(f, ensemble) for f in folds]
    total = [
        ("", sum(c[i][1] for c in per_fold), sum(c[i][2] for c in per_fold))
        for i in range(len(per_fold[0]))
    ]
    print(row("overall", sum(f.n for f in folds), total))
    shipped = f"lexical {lex_ship}" + (f", ensemble {ens_ship}" if ensemble else "")
    print(f"shipped: {shipped} (trained on the other two files, as refusal_quality.py)")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=default_xstest_dir(), help="XSTest CSV folder")
    ap.add_argument("--quick", action="store_true", help="smaller grids (4 lexical, 4 ensemble)")
    ap.add_argument("--no-ensemble", action="store_true", help="lexical only (no torch)")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="fit processes")
    ap.add_argument("--device", default=None, help="embedding device (default: CUDA if present)")
    ap.add_argument(
        "--tuned-cache",
        type=Path,
        default=None,
        help="folder keeping the fine-tuned embedding judges between runs",
    )
    add_json_option(ap, "refusal_nested")
    args = ap.parse_args(argv)
    files = load_xstest(args.data)
    grid = lexical_grid(args.quick)
    ens_grid = None if args.no_ensemble else ensemble_grid(args.quick)
    log(f"{len(files)} files, {len(grid)} lexical settings, {len(ens_grid or [])} ensemble")
    extras = (lexical_examples(), our_examples())
    folds = nested(files, extras, grid, ens_grid, args.jobs, args.device, args.tuned_cache)
    print_table(folds, ensemble=ens_grid is not None)
    print(f"time: {time.perf_counter() - T0:.0f}s ({args.jobs} fit processes)")
    write_results(args, "refusal_nested", figures(folds, ensemble=ens_grid is not None), argv)
    return 0


def figures(folds: list[Fold], ensemble: bool) -> dict[str, object]:
    """Accuracy per held-out file and overall, nested and with the shipped settings."""
    judges = ["lexical", *(["ensemble"] if ensemble else [])]
    out: dict[str, object] = {}
    for i, judge in enumerate(judges):
        per = {f.held: cells(f, ensemble)[i] for f in folds}
        n = sum(f.n for f in folds)
        out[judge] = {
            "files": {
                held: {"n": f.n, "chosen": c[0], "nested": c[1] / f.n, "shipped": c[2] / f.n}
                for f in folds
                for held, c in [(f.held, per[f.held])]
            },
            "nested": sum(c[1] for c in per.values()) / n,
            "shipped": sum(c[2] for c in per.values()) / n,
            "n": n,
        }
    return out


if __name__ == "__main__":
    sys.exit(main())
