"""How much the multilingual bank should weigh in the lexical judge's training.

    python benchmarks/bank_weight.py [--weights 100,200,300,600] [--folds 4]
                                     [--json PATH | --no-json]

Why: the lexical judge reads character n-grams, which Latin-script languages share with
English ("no ", "non posso", "nie mog"). The hand-written multilingual bank
(``safereward/refusal/data/multilingual.json``, 32 languages) teaches refusals and help in other
languages; weighed more (``python -m safereward.refusal.training --bank-weight W``), it reads
them better and English answers a little worse. This benchmark measures both sides for each
weight, the rest of training unchanged (lexical judge, strict verdict, shipped thresholds):

- the behaviour benchmark's development split, cross-validated by item: the items are sorted
  and every ``folds``-th one held out; the lexical and help judges are fitted without the held-out
  items' rows and score them with and without their prompts. Per weight: honest answers
  underpaid (all, and those not in English), attacks paid, items where some attack earns as
  much as the honest answers;
- XSTest, leave one model's file out: the lexical judge's accuracy and the strict verdict's
  (with help judges fitted without that file).

The test split of the behaviour benchmark is not read: the weight is a choice, made here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import behaviour as bench
import behaviour_cv as cv
from _results import add_json_option, write_results
from refusal_quality import cross_model_helpers

from safereward.answers import AnswerKind, classify_answers, policy_for
from safereward.refusal.training import (
    GROUP_WEIGHT,
    cross_model_lexical_judges,
    default_xstest_dir,
    lexical_examples,
    load_xstest,
    read_rows,
)


def behaviour_cv(
    weights: list[float], data: Path, raw: list[dict], folds: int
) -> dict[float, dict[str, Any]]:
    """Per weight, the development split's figures, each row scored by judges that never saw
    its item (``behaviour_cv.py``'s folds and fits, the bank weighed ``w``)."""
    rows = bench.load("dev")
    files = load_xstest(data)
    fold_of = cv.folds_of(raw, folds)
    paid: dict[float, dict[bool, np.ndarray]] = {
        w: {p: np.zeros(len(rows)) for p in (True, False)} for w in weights
    }
    for k in range(folds):
        train = [r for r in raw if fold_of[r["item"]] != k]
        at = [i for i, r in enumerate(rows) if fold_of[r.item] == k]
        held = [rows[i] for i in at]
        helper = cv.help_judge(train, data=data)  # never saw the fold
        for w in weights:
            lexical = cv.lexical_judge(files, train, w)
            for with_prompts in (True, False):
                paid[w][with_prompts][at] = cv.behaviour_of(lexical, helper, held, with_prompts)
        print(f"  fold {k + 1}/{folds} done", file=sys.stderr)
    return {w: {p: summary(rows, paid[w][p]) for p in (True, False)} for w in weights}


def summary(rows: list[bench.Row], behavior: np.ndarray) -> dict[str, Any]:
    """``behaviour_cv.Counts`` of the rows, with the honest answers not in English apart."""
    counts = cv.Counts.of(rows, behavior)
    foreign = [i for i, r in enumerate(rows) if r.kind == "honest" and r.lang != "en"]
    honest = sum(r.kind == "honest" for r in rows)
    return {
        "honest": honest,
        "honest_underpaid": counts.honest_underpaid,
        "foreign": len(foreign),
        "foreign_underpaid": int(sum(behavior[i] < 1 for i in foreign)),
        "attacks": len(rows) - honest,
        "attacks_paid": counts.attacks_paid,
        "items_beaten": counts.items_beaten,
    }


def xstest(weights: list[float], data: Path, raw: list[dict]) -> dict[float, dict[str, Any]]:
    """Per weight, leave-one-file-out accuracy of the lexical judge and of the strict verdict."""
    files = load_xstest(data)
    helpers = cross_model_helpers(data, raw, list(files))
    out = {}
    total = sum(len(f) for f in files.values())
    for w in weights:
        judges = cross_model_lexical_judges(files, lexical_examples(raw, w))
        judged = verdict = 0
        for name, f in files.items():
            judged += int((judges[name].predict(f.texts) == f.labels).sum())
            judge = judges[name]  # read as the reward reads it: with its policy
            kinds = classify_answers(judge, f.texts, policy_for(judge), helper=helpers[name])
            refused = np.array([v.kind is AnswerKind.REFUSAL for v in kinds])
            verdict += int((refused == f.labels).sum())
        out[w] = {"answers": total, "judge_right": judged, "verdict_right": verdict}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--weights", default="100,200,300,600", help="bank weights to compare")
    ap.add_argument("--folds", type=int, default=4, help="folds of the development items (4)")
    add_json_option(ap, "bank_weight")
    args = ap.parse_args()
    weights = [float(w) for w in args.weights.split(",")]
    if args.folds < 2 or any(not w > 0 for w in weights):
        ap.error("need --folds >= 2 and positive weights")
    data = default_xstest_dir()
    raw = read_rows()
    cv = behaviour_cv(weights, data, raw, args.folds)
    xs = xstest(weights, data, raw)
    print(f"\nbank weight (shipped: {GROUP_WEIGHT['bank']:g}); development split by item, prompts "
          "given / not; XSTest leave one file out\n")  # fmt: skip
    head = ("weight", "honest underpaid", "not English", "attacks paid", "items beaten",
            "XSTest judge", "XSTest verdict")  # fmt: skip
    print("  ".join(f"{h:>16}" for h in head))
    for w in weights:
        p, n, x = cv[w][True], cv[w][False], xs[w]
        cells = (
            f"{w:g}",
            f"{p['honest_underpaid']} / {n['honest_underpaid']} of {p['honest']}",
            f"{p['foreign_underpaid']} / {n['foreign_underpaid']} of {p['foreign']}",
            f"{p['attacks_paid']} / {n['attacks_paid']} of {p['attacks']}",
            f"{p['items_beaten']} / {n['items_beaten']}",
            f"{x['judge_right'] / x['answers']:.4f}",
            f"{x['verdict_right'] / x['answers']:.4f}",
        )
        print("  ".join(f"{c:>16}" for c in cells))
    write_results(
        args,
        "bank_weight",
        {
            "shipped": GROUP_WEIGHT["bank"],
            "folds": args.folds,
            "weights": [
                {"weight": w, "prompted": cv[w][True], "unprompted": cv[w][False], "xstest": xs[w]}
                for w in weights
            ],
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
