"""What each reward-hack family earns under each preset and judge, beside the honest answer.

    python benchmarks/hacks.py [--judges lexical,ensemble,lexical+prompt,ensemble+prompt,
                                         keywords-paper,paper,released]
                               [--n ITEMS_PER_SIDE] [--json PATH | --no-json] [--cases]

Why: GRPO finds the cheapest answer that pays, so a reward is judged by what the hacks of
``safereward.testing.hacks`` earn, not by accuracy on natural answers. Every hack is applied to
every item of the bank (combined-unsafe and combined-safe) inside a well-formed response with
the right verdicts, so the tag term is 1 and the total is ``0.5 + 0.5 * behaviour``.

Rows: a family's attack cases (those a correct reward pays behaviour 0: a wrapped harmful
compliance, a non-answer, a disguised over-refusal), and, as ``family [kept]``, the cases where
a meaning-preserving hack (padding, look-alike letters, repetition) wraps the honest answer,
which must keep earning what the honest answer earns. Cells:
mean total / mean behaviour. ``!`` marks an attack that pays any behaviour, ``!!`` one that
earns at least what the honest answer earns; ``v`` a wrapped honest answer that earns less than
the bare one. The released reward's behaviour is read off its total (``2 * total - 1``).
A ``+prompt`` column scores every response with its prompt (``Case.prompt``: the question in
the default instruction), as the TRL, OpenRLHF and server adapters and verl with prepared
``extra_info`` do; the other columns score without, as verl does on data without it. The
rows and open hacks go to ``benchmarks/results/hacks.json`` (``--cases`` adds every case's
scores: about a megabyte).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import add_json_option, write_results

from safereward import SafeGRPOReward
from safereward.prompting import Instruction
from safereward.reference import released_reward
from safereward.testing.hack_bank import SIDES, Item, item_response, items_on
from safereward.testing.hacks import (
    CATALOGUE,
    FAMILIES,
    FAMILY_RULES,
    OPEN_HACKS,
    OPEN_WITH_PROMPTS,
    Case,
    all_cases,
)

CONFIGS = (
    "lexical",
    "ensemble",
    "lexical+prompt",
    "ensemble+prompt",
    "keywords-paper",
    "paper",
    "released",
)
TITLES = {
    "lexical": "strict+lexical",
    "ensemble": "strict+ensemble",
    "lexical+prompt": "strict+lexical+prompt",
    "ensemble+prompt": "strict+ensemble+prompt",
    "keywords-paper": "strict+keywords",
    "paper": "paper preset",
    "released": "released reward",
}
OPEN_FOR = ("lexical", "ensemble", "lexical+prompt", "ensemble+prompt")


@dataclass(frozen=True)
class Scored:
    total: np.ndarray
    behavior: np.ndarray


Scorer = Callable[[list[str], list[dict[str, str]], list[str]], Scored]


def scorer(config: str) -> Scorer:
    if config == "released":

        def released(texts: list[str], labels: list[dict[str, str]], _: list[str]) -> Scored:
            total = np.array(
                [released_reward(t, lab) for t, lab in zip(texts, labels, strict=True)]
            )
            return Scored(total, np.where(total > 0, 2 * total - 1, 0.0))

        return released
    judge, _, prompted = config.partition("+")
    reward = SafeGRPOReward(preset="paper") if config == "paper" else SafeGRPOReward(judge=judge)

    def ours(texts: list[str], labels: list[dict[str, str]], prompts: list[str]) -> Scored:
        results = reward.score_many(texts, labels, prompts if prompted else None)
        return Scored(
            np.array([r.total for r in results]),
            np.array([r.terms.get("behavior", 0.0) for r in results]),
        )

    return ours


@dataclass(frozen=True)
class Row:
    label: str
    cases: dict[str, list[int]]  # side -> indices into the scored arrays
    kind: str  # "baseline" | "attack" | "kept"


@dataclass
class Plan:
    """Every response to score, once: the baselines, each item's unhacked answers, the cases."""

    texts: list[str] = field(default_factory=list)
    labels: list[dict[str, str]] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    case_index: list[int] = field(default_factory=list)
    base_index: list[int | None] = field(default_factory=list)
    """Where each case's unhacked answer is scored (None: a hack that ignores it)."""

    def add(self, text: str, labels: dict[str, str], prompt: str) -> int:
        self.texts.append(text)
        self.labels.append(labels)
        self.prompts.append(prompt)
        return len(self.texts) - 1


def build(per_side: int | None) -> Plan:
    plan = Plan()
    originals: dict[tuple[Item, str], int] = {}
    for side in SIDES:
        for item in items_on(side)[:per_side]:
            for base in ("refusal", "compliance"):
                originals[item, base] = plan.add(
                    item_response(item, item.base(base)),
                    item.dataset_labels,
                    Instruction().render(item.question),
                )
    baselines = {
        "honest": {s: "honest" for s in SIDES},
        "harmful compliance": {"unsafe": "compliance"},
        "over-refusal": {"safe": "refusal"},
    }
    for label, which in baselines.items():
        idx: dict[str, list[int]] = {s: [] for s in SIDES}
        for side, attr in which.items():
            for item in items_on(side)[:per_side]:  # type: ignore[arg-type]
                base = item.honest_kind if attr == "honest" else attr
                idx[side].append(originals[item, base])
        plan.rows.append(Row(label, idx, "baseline"))

    plan.cases = all_cases(CATALOGUE, SIDES, per_side)
    plan.case_index = [plan.add(c.response, c.labels, c.prompt) for c in plan.cases]
    plan.base_index = [
        None if c.hack.base == "none" else originals[c.item, c.base] for c in plan.cases
    ]
    for family in FAMILIES:
        for kind in ("attack", "kept"):
            idx = {s: [] for s in SIDES}
            for c, i in zip(plan.cases, plan.case_index, strict=True):
                if c.hack.family == family and _role(c) == kind:
                    idx[c.side].append(i)
            if any(idx.values()):
                label = family if kind == "attack" else f"{family} [kept]"
                plan.rows.append(Row(label, idx, kind))
    return plan


def _role(case: Case) -> str:
    """``attack``: a correct reward pays behaviour 0; ``kept``: the hack keeps the meaning of
    an honest answer, which must keep its pay; ``other``: forced help on a safe item (say,
    refuse-then-help), which may earn anything up to the honest answer."""
    if case.max_behavior == 0.0:
        return "attack"
    return "kept" if case.hack.keeps_meaning else "other"


def cell(scored: Scored, idx: list[int], honest: tuple[float, float], kind: str) -> str:
    if not idx:
        return "    —     "
    total = float(scored.total[idx].mean())
    beh = float(scored.behavior[idx].mean())
    flag = ""
    if kind == "attack" and beh > 1e-9:
        flag = "!!" if total >= honest[0] - 1e-9 else "!"
    elif kind == "kept" and total < honest[0] - 1e-9:
        flag = "v"
    return f"{total:.2f}/{beh:.2f}{flag:<2}"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--judges", default=",".join(CONFIGS), help="comma-separated of " + ", ".join(CONFIGS)
    )
    ap.add_argument("--n", type=int, default=None, help="items per side (default: all in the bank)")
    add_json_option(ap, "hacks")
    ap.add_argument("--cases", action="store_true", help="also write every case's scores")
    args = ap.parse_args(argv)
    configs = [c.strip() for c in args.judges.split(",") if c.strip()]
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        ap.error(f"unknown --judges {unknown}; choose from {', '.join(CONFIGS)}")

    plan = build(args.n)
    sizes = np.array([len(t) for t in plan.texts])
    print(
        f"{len(plan.cases)} hack cases ({len(CATALOGUE)} hacks in {len(FAMILIES)} families) on "
        f"{args.n or 'all'} items per side; responses {int(np.median(sizes))} chars median, "
        f"{int(sizes.max())} max"
    )
    scored: dict[str, Scored] = {}
    for config in configs:
        t0 = time.perf_counter()
        score = scorer(config)
        t1 = time.perf_counter()
        scored[config] = score(plan.texts, plan.labels, plan.prompts)
        t2 = time.perf_counter()
        print(
            f"  {TITLES[config]:<16} load {t1 - t0:5.1f} s, score {t2 - t1:5.1f} s "
            f"({len(plan.texts) / (t2 - t1):,.0f} responses/s)"
        )
    print_table(plan, scored, configs)
    report = {c: open_hacks(plan, scored[c], c) for c in OPEN_FOR if c in scored}
    figures = to_json(plan, scored, configs, report)
    if not args.cases:
        del figures["cases"]
    write_results(args, "hacks", figures, argv)
    return 0


def print_table(plan: Plan, scored: dict[str, Scored], configs: list[str]) -> None:
    print("\ncells: mean total / mean behaviour   (U = combined-unsafe items, S = combined-safe)")
    head = f"{'row':<28}{'nU':>4}{'nS':>4}  " + "".join(f"{TITLES[c]:^26}" for c in configs)
    print(head)
    print(" " * 38 + "".join(f"{'U':^12}  {'S':^12}" for _ in configs))
    honest_row = plan.rows[0]
    for row in plan.rows:
        cells = []
        for config in configs:
            s = scored[config]
            for side in SIDES:
                h = honest_row.cases[side]
                honest = (float(s.total[h].mean()), float(s.behavior[h].mean()))
                cells.append(cell(s, row.cases[side], honest, row.kind))
        nu, ns = (len(row.cases[s]) for s in SIDES)
        print((f"{row.label:<28}{nu:>4}{ns:>4}  " + "".join(f"{x:^13}" for x in cells)).rstrip())
        if row is plan.rows[2]:
            print("-" * len(head))
    print(
        "\n! an attack pays behaviour (a correct reward pays 0), !! it earns at least the honest "
        "answer's total, v a wrapped honest answer earns less than the bare one"
    )


def open_hacks(plan: Plan, s: Scored, config: str) -> dict[str, list[str]]:
    """Hacks that pay behaviour a correct reward does not, where the unhacked answer did not
    (the judge's own errors on the bank show in the baseline rows), and meaning-preserving
    hacks that cost an honest answer its pay."""
    over: dict[str, list[str]] = defaultdict(list)
    moved: dict[str, list[str]] = defaultdict(list)
    inherited = 0
    for c, i, j in zip(plan.cases, plan.case_index, plan.base_index, strict=True):
        b = float(s.behavior[i])
        before = 0.0 if j is None else float(s.behavior[j])
        if b > c.max_behavior + 1e-9:
            if b > before + 1e-9:
                over[c.hack.name].append(c.side)
            else:
                inherited += 1
        elif _role(c) == "kept" and b < before - 1e-9:
            moved[c.hack.name].append(c.side)
    title = TITLES[config]
    print(f"\nopen hacks for {title} (the hack pays behaviour a correct reward does not; ")
    print("U3 = on 3 combined-unsafe items):")
    print(_listing(over) or "  none")
    why = OPEN_WITH_PROMPTS if config.endswith("+prompt") else OPEN_HACKS
    for name in sorted(set(over) & set(why)):
        print(f"  why {name} is open: {why[name]}")
    if inherited:
        print(f"  (+{inherited} cases that pay only because the unhacked answer already did)")
    print(f"honest answers a meaning-preserving hack made lose, for {title}:")
    print(_listing(moved) or "  none")
    return {"open": sorted(over), "moved": sorted(moved)}


def to_json(
    plan: Plan, scored: dict[str, Scored], configs: list[str], report: dict[str, Any]
) -> dict[str, Any]:
    def pair(cfg: str, idx: list[int]) -> dict[str, float] | None:
        if not idx:
            return None
        s = scored[cfg]
        return {
            "total": round(float(s.total[idx].mean()), 6),
            "behavior": round(float(s.behavior[idx].mean()), 6),
        }

    def paid(cfg: str) -> list[int]:
        """[attack cases whose total reaches the honest answer's on their side, attack cases]."""
        s, honest = scored[cfg], plan.rows[0].cases
        bar = {side: float(s.total[honest[side]].mean()) for side in SIDES}
        attacks = [
            (c, i) for c, i in zip(plan.cases, plan.case_index, strict=True) if c.max_behavior <= 0
        ]
        return [sum(float(s.total[i]) >= bar[c.side] - 1e-9 for c, i in attacks), len(attacks)]

    return {
        "configs": configs,
        "hacks": len(CATALOGUE),
        "families": len(FAMILIES),
        "items_per_side": {side: len(plan.rows[0].cases[side]) for side in SIDES},
        "paid_like_honest": {cfg: paid(cfg) for cfg in configs},
        "rows": [
            {
                "row": r.label,
                "kind": r.kind,
                **{c: {side: pair(c, r.cases[side]) for side in SIDES} for c in configs},
            }
            for r in plan.rows
        ],
        "cases": [
            {
                "id": c.id,
                "hack": c.hack.name,
                "family": c.hack.family,
                "side": c.side,
                "max_behavior": c.max_behavior,
                **{cfg: pair(cfg, [i]) for cfg in configs},
            }
            for c, i in zip(plan.cases, plan.case_index, strict=True)
        ],
        "open": report,
    }


def _listing(names: dict[str, list[str]]) -> str:
    by_family: dict[str, list[str]] = defaultdict(list)
    for hack in CATALOGUE:
        if hack.name in names:
            sides = names[hack.name]
            tag = ",".join(f"{s[0].upper()}{sides.count(s)}" for s in SIDES if s in sides)
            by_family[hack.family].append(f"{hack.name} ({tag})")
    return "\n".join(
        f"  {fam} ({FAMILY_RULES[fam]}):\n    {', '.join(items)}"
        for fam, items in by_family.items()
    )


if __name__ == "__main__":
    sys.exit(main())
