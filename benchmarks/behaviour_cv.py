"""The behaviour benchmark's development split cross-validated by item: the figure tuning reads.

    python benchmarks/behaviour_cv.py [--folds 4] [--seeds 5] [--show N] [--json PATH | --no-json]

Why: the shipped judges learn from the development split, so ``behaviour.py --split dev``
reads them in-sample, and the test split may only be measured. A threshold, a training choice
or a rule is chosen on this figure instead. The split's items, sorted, are dealt into
``--folds`` folds; for each fold the lexical judge and the help judge are fitted again without
its items (XSTest, our hand-written data and the other folds' rows, as
``python -m safereward.refusal.training`` fits them) and the strict preset with those two
judges scores the fold's rows, with the prompt and without. The pooled rows give
``behaviour.py``'s three counts: honest answers underpaid, attacks paid, items where some
attack family earns at least the honest answers. The ``ensemble`` judge is not refitted
(fine-tuning its encoder takes minutes a fold); its lexical part is the judge measured here.

``--seeds N`` fits both judges with the answers they compose from the hand-written banks
drawn with seeds 0 to N-1 (``training.handwritten``, ``help_training.help_bags``; the shipped
judges are seed 0's). Each seed gives an equally valid pair of judges, so their spread is how
far a count moves for no reason: a change that moves a count by less than that is not
measured by it. The same spread is reported for the test split, scored by judges fitted on the
whole development split with each seed: the test figure the docs show is seed 0's, one draw
among these.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import behaviour
from _results import add_json_option, write_results

from safereward import SafeGRPOReward
from safereward.refusal.help import HelpJudge
from safereward.refusal.help_training import fit_help_weights, help_judge_from_fit
from safereward.refusal.lexical import LexicalJudge
from safereward.refusal.training import (
    default_xstest_dir,
    fit_lexical,
    lexical_examples,
    lexical_judge_from_fit,
    load_xstest,
    read_rows,
)

COUNTS = ("honest_underpaid", "attacks_paid", "items_beaten")


@dataclass(frozen=True)
class Counts:
    """Rows wrong on one side, and items beaten, over a set of scored rows."""

    honest_underpaid: int
    attacks_paid: int
    items_beaten: int

    @classmethod
    def of(cls, rows: Sequence[behaviour.Row], scores: np.ndarray) -> Counts:
        wrong = [r.kind for r, b in zip(rows, scores, strict=True) if behaviour.wrong(r, b)]
        return cls(
            honest_underpaid=wrong.count("honest"),
            attacks_paid=wrong.count("attack"),
            items_beaten=len(behaviour.metrics(rows, scores)["items_beaten_ids"]),
        )


def folds_of(rows: Sequence[dict[str, Any]], k: int) -> dict[str, int]:
    """Each item's fold: the sorted items dealt in turn."""
    items = sorted({r["item"] for r in rows})
    if k < 2 or k > len(items):
        raise ValueError(f"--folds must lie in 2..{len(items)} (the split's items)")
    return {item: i % k for i, item in enumerate(items)}


def lexical_judge(
    files: dict, rows: Sequence[dict[str, Any]], bank_weight: float | None = None, seed: int = 0
) -> LexicalJudge:
    """The lexical judge fitted as the shipped one is, on ``rows``, its hand-written examples
    drawn with ``seed``; ``bank_weight``: see ``training.our_examples``."""
    examples = lexical_examples(rows, bank_weight, seed)
    return lexical_judge_from_fit(fit_lexical(list(files.values()), examples))


def help_judge(
    rows: Sequence[dict[str, Any]], seed: int = 0, data: Path | None = None
) -> HelpJudge:
    """The help judge fitted as the shipped one is, on ``rows`` and the XSTest folder ``data``
    (default: the checkout's), its banks drawn with ``seed``."""
    return help_judge_from_fit(fit_help_weights(data or default_xstest_dir(), rows, seed))


def behaviour_of(
    lexical: LexicalJudge, helper: HelpJudge, rows: Sequence[behaviour.Row], prompted: bool
) -> np.ndarray:
    reward = SafeGRPOReward(judge=lexical, help_judge=helper)
    texts = [r.response() for r in rows]
    prompts = [r.prompt() for r in rows] if prompted else None
    results = reward.score_many(texts, [r.labels for r in rows], prompts)
    return np.array([x.terms.get("behavior", 0.0) for x in results])


class CrossValidation:
    """The development split's folds, each with its judges fitted per seed."""

    def __init__(self, files: dict, raw: Sequence[dict[str, Any]], k: int) -> None:
        fold = folds_of(raw, k)
        self.k = k
        self.fold = fold
        self.files = files
        self.train = [[r for r in raw if fold[r["item"]] != f] for f in range(k)]

    def scores(self, rows: Sequence[behaviour.Row], seed: int) -> dict[bool, np.ndarray]:
        """Each development row's behaviour under judges fitted without its fold, with and
        without the prompt."""
        out = {p: np.zeros(len(rows)) for p in (True, False)}
        for f in range(self.k):
            lexical = lexical_judge(self.files, self.train[f], seed=seed)
            helper = help_judge(self.train[f], seed)
            held = [i for i, r in enumerate(rows) if self.fold[r.item] == f]
            for prompted in (True, False):
                found = behaviour_of(lexical, helper, [rows[i] for i in held], prompted)
                out[prompted][held] = found
        return out


def spread(per_seed: list[Counts]) -> dict[str, Any]:
    return {
        name: {
            "per_seed": [getattr(c, name) for c in per_seed],
            "mean": float(np.mean([getattr(c, name) for c in per_seed])),
            "min": min(getattr(c, name) for c in per_seed),
            "max": max(getattr(c, name) for c in per_seed),
        }
        for name in COUNTS
    }


def sizes(rows: Sequence[behaviour.Row]) -> dict[str, Any]:
    honest = sum(r.kind == "honest" for r in rows)
    return {
        "rows": {"honest": honest, "attacks": len(rows) - honest},
        "items": len({r.item for r in rows}),
    }


def show_wrong(rows: Sequence[behaviour.Row], scores: np.ndarray, n: int) -> None:
    wrong = [(r, b) for r, b in zip(rows, scores, strict=True) if behaviour.wrong(r, b)]
    for r, b in wrong[:n]:
        print(f"  {b:.2f} {r.id:<48} {r.answer[:80]!r}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=4, help="folds of the split's items (4)")
    ap.add_argument("--seeds", type=int, default=5, help="bank seeds of the judges (5)")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="list N wrong rows (seed 0)")
    add_json_option(ap, "behaviour_cv")
    args = ap.parse_args(argv)
    if args.seeds < 1:
        ap.error("--seeds must be at least 1")
    t0 = time.perf_counter()
    files = load_xstest(default_xstest_dir())
    raw = read_rows()
    dev, test = behaviour.load("dev"), behaviour.load("test")
    folds = CrossValidation(files, raw, args.folds)
    cv: dict[str, list[Counts]] = {"prompt": [], "none": []}
    held: dict[str, list[Counts]] = {"prompt": [], "none": []}
    for seed in range(args.seeds):
        scores = folds.scores(dev, seed)
        lexical = lexical_judge(files, raw, seed=seed)
        helper = help_judge(raw, seed)
        for prompted, key in ((True, "prompt"), (False, "none")):
            cv[key].append(Counts.of(dev, scores[prompted]))
            held[key].append(Counts.of(test, behaviour_of(lexical, helper, test, prompted)))
        print(
            f"seed {seed}: dev CV with prompts {cv['prompt'][-1]}; test {held['prompt'][-1]} "
            f"({time.perf_counter() - t0:.0f} s)",
            flush=True,
        )
        if seed == 0 and args.show:
            show_wrong(dev, scores[True], args.show)
    figures = {
        "folds": args.folds,
        "seeds": args.seeds,
        "dev": {**sizes(dev), **{k: spread(v) for k, v in cv.items()}},
        "test": {**sizes(test), **{k: spread(v) for k, v in held.items()}},
    }
    print(f"\n{'counts (seed 0 / mean / range over seeds)':<44}{'with prompt':>22}{'without':>22}")
    for split in ("dev", "test"):
        for name in COUNTS:
            cells = ""
            for key in ("prompt", "none"):
                s = figures[split][key][name]
                cells += f"{s['per_seed'][0]:>8} / {s['mean']:5.1f} / {s['min']}-{s['max']:<3}"
            print(f"{split + ' ' + name.replace('_', ' '):<44}{cells}")
    write_results(args, "behaviour_cv", figures, argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
