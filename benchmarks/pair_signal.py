"""Does reading a unit against the question tell harmful help from a safe alternative?

    python benchmarks/pair_signal.py [--split dev|test|both] [--json PATH | --no-json]

Why: most honest answers the strict reward underpays on combined-unsafe items are refusals
whose safe alternative or explanation the help judge reads as help (rule
``help_after_refusal``: "If you bought the jeans and the tag was left on, take them back with
the receipt."), while the attack rows' steps after a refusal must stay help. The behaviour
issue proposes reading answers against the question. Before building a pair model, this
measures whether the pair carries the signal that rule needs.

It takes every unit after the first sentence (``segments.framed_units``, as the verdict cuts
them) that the verdict weighs as help (P(help) at least the two-unit bar, ``help_two_at``), on
the combined-unsafe rows of the behaviour benchmark, and reads each (question, unit) pair two
ways:

- ``overlap``: the share of the unit's content words (``content.content_words``, first five
  letters) that the question or the image caption also holds;
- ``cosine``: all-MiniLM-L6-v2 as the ``embedding`` extra ships it (its own layers, not the
  refusal fine-tune), mean-pooled, question against unit.

Per signal and split: the AUC of attack units against honest ones (0.5: no signal; above:
attack steps are closer to the question), and, for each honest answer the reward underpays by
``help_after_refusal`` (its most helpful unit), the share of attack units at or below that
unit's signal, and the share of attack rows all of whose such units are: the attacks a bar
that spared the answer by the pair ("a unit far from the question is no help") would pay.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import behaviour
from _results import add_json_option, write_results

from safereward.answers import classify_answers, policy_for
from safereward.refusal import load_judge
from safereward.refusal.content import content_words
from safereward.refusal.help import load_help_judge
from safereward.refusal.segments import framed_units
from safereward.refusal.view import visible_text

STEM = 5
"""Letters of a word compared: "removing" and "remove" share "remov"."""


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit the verdict weighs as help, with the row it comes from."""

    row: behaviour.Row
    text: str
    help: float

    @property
    def honest(self) -> bool:
        return self.row.kind == "honest"

    @property
    def question(self) -> str:
        """What the unit is read against: the question and the image caption."""
        return f"{self.row.question} {self.row.caption}"


JUDGE = load_judge("lexical")
POLICY = policy_for(JUDGE)
"""The default judge and its thresholds: the verdict whose rule 8 is measured."""


def helpful_units(rows: Sequence[behaviour.Row]) -> list[Unit]:
    """The units after the first sentence of each combined-unsafe row that reach the verdict's
    two-unit bar of P(help)."""
    helper = load_help_judge()
    out: list[Unit] = []
    for row in rows:
        if row.side != "unsafe":
            continue
        pairs = framed_units(visible_text(row.answer), POLICY.head, POLICY.unit)
        for (text, _), p in zip(pairs, helper.score_list(pairs) if pairs else [], strict=True):
            if p >= POLICY.help_two_at:
                out.append(Unit(row, text, p))
    return out


def _stems(text: str) -> set[str]:
    return {w[:STEM] for w in content_words(visible_text(text))}


def overlap(units: Sequence[Unit]) -> np.ndarray:
    """Share of each unit's content words that its question or caption holds."""
    out = []
    for u in units:
        own = _stems(u.text)
        out.append(len(own & _stems(u.question)) / len(own) if own else 0.0)
    return np.array(out)


def cosine(units: Sequence[Unit]) -> np.ndarray:
    """Cosine of mean-pooled MiniLM states, question against unit."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from safereward.refusal.embedding import default_model_dir

    where = default_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(where)
    model = AutoModel.from_pretrained(where).eval()

    def embed(texts: list[str]) -> np.ndarray:
        parts = []
        for k in range(0, len(texts), 64):
            batch = tokenizer(
                texts[k : k + 64], padding=True, truncation=True, max_length=128,
                return_tensors="pt",
            )  # fmt: skip
            with torch.no_grad():
                states = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(states.dtype)
            mean = (states * mask).sum(1) / mask.sum(1)
            parts.append(torch.nn.functional.normalize(mean, dim=-1).numpy())
        return np.concatenate(parts) if parts else np.zeros((0, 384))

    return np.sum(embed([u.question for u in units]) * embed([u.text for u in units]), axis=1)


SIGNALS: dict[str, Callable[[Sequence[Unit]], np.ndarray]] = {
    "overlap": overlap,
    "cosine": cosine,
}


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """P(a positive's score > a negative's), ties counted half."""
    pos, neg = scores[positive], scores[~positive]
    if not pos.size or not neg.size:
        return float("nan")
    above = (pos[:, None] > neg[None, :]).mean()
    tied = (pos[:, None] == neg[None, :]).mean()
    return float(above + 0.5 * tied)


def underpaid_by_help(rows: Sequence[behaviour.Row]) -> set[str]:
    """Ids of the honest combined-unsafe rows the strict reward, with the prompt, reads as
    complying by ``help_after_refusal``."""
    asked = [r for r in rows if r.side == "unsafe" and r.kind == "honest"]
    verdicts = classify_answers(
        JUDGE, [r.answer for r in asked], POLICY, [r.prompt() for r in asked]
    )
    return {r.id for r, v in zip(asked, verdicts, strict=True) if v.rule == "help_after_refusal"}


def measure(split: str) -> dict[str, Any]:
    rows = behaviour.load(split)
    units = helpful_units(rows)
    attack = np.array([not u.honest for u in units])
    wrong = underpaid_by_help(rows)
    # each underpaid answer's most helpful unit: the one the rule fired on
    best: dict[str, int] = {}
    for k, u in enumerate(units):
        if (
            u.honest
            and u.row.id in wrong
            and (u.row.id not in best or u.help > units[best[u.row.id]].help)
        ):
            best[u.row.id] = k
    out: dict[str, Any] = {
        "attack_units": int(attack.sum()),
        "honest_units": int((~attack).sum()),
        "underpaid_answers": len(best),
    }
    for name, signal in SIGNALS.items():
        s = signal(units)
        passed = [float((s[attack] <= s[k]).mean()) for k in best.values()]
        # an attack row is paid only when every unit it has that reads as help is passed
        rows_best: dict[str, float] = {}
        for u, v in zip(units, s, strict=True):
            if not u.honest:
                rows_best[u.row.id] = max(rows_best.get(u.row.id, -1.0), float(v))
        most = np.array(list(rows_best.values()))
        paid = [float((most <= s[k]).mean()) for k in best.values()]
        out[name] = {
            "auc_attack_over_honest": auc(s, attack),
            "attack_median": float(np.median(s[attack])) if attack.any() else None,
            "honest_median": float(np.median(s[~attack])) if (~attack).any() else None,
            "underpaid_units": sorted(float(s[k]) for k in best.values()),
            "attacks_passed_to_spare_each": passed,
            "attacks_passed_median": float(np.median(passed)) if passed else None,
            "attack_rows": len(rows_best),
            "attack_rows_paid_to_spare_each": paid,
            "attack_rows_paid_median": float(np.median(paid)) if paid else None,
        }
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    add_json_option(parser, "pair_signal")
    args = parser.parse_args(argv)
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    figures = {split: measure(split) for split in splits}
    print(f"{'split / signal':24s}{'AUC':>7s}{'attack med':>12s}{'honest med':>12s}"
          f"{'underpaid':>11s}{'units passed':>14s}{'rows paid':>11s}")  # fmt: skip
    for split, f in figures.items():
        print(f"{split}: {f['attack_units']} attack units, {f['honest_units']} honest units")
        for name in SIGNALS:
            g = f[name]
            cells = "".join(
                f"{'-' if v is None else f'{100 * v:.0f}%':>{w}s}"
                for v, w in ((g["attacks_passed_median"], 14), (g["attack_rows_paid_median"], 11))
            )
            print(
                f"  {name:22s}{g['auc_attack_over_honest']:7.2f}{g['attack_median']:12.2f}"
                f"{g['honest_median']:12.2f}{f['underpaid_answers']:11d}{cells}"
            )
    print("units passed / rows paid: median over the underpaid answers of the attack units, and")
    print("the attack rows, at or below the answer's unit (what sparing it by the pair costs)")
    write_results(args, "pair_signal", figures, argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
