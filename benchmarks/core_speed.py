"""Speed of the core against the released regex reward, R1 format baselines and a bare scan.

    python benchmarks/core_speed.py [--n 1000] [--rounds 5] [--judge NAME]

Two SafeGRPO corpora side by side: training-like responses of 1-3 KB with a short answer (what
GRPO mostly sees) and 1-16 KB responses with long answers (where the released regex slows
down). For each: a bare marker scan (the floor), the parse, the answer verdict (judge and
policy), rule evaluation alone (parsed and judged beforehand), the strict and paper presets
end to end, and an independent re-implementation of the released reward. Then a format-only
reward on R1-style responses beside two format checks written here from the documented
behaviour of open-r1's ``format_reward`` and TRL's ``think_format_reward``, with how often
their verdicts agree. Last, worst-case time per MB on adversarial inputs, where the released
regex is stopped after a budget.

Every row is timed once per round (CPU time of this process), rows interleaved, and the best
round is kept, so a machine shared with other work slows every row alike; read the ratios.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import adversarial, r1_like, realistic, repeated_tags, training_like

from safereward import FORMAT, SafeGRPOReward, gate, parse
from safereward.answers import classify_answers
from safereward.labels import SafetyLabels
from safereward.reference import released_reward
from safereward.rules import Context
from safereward.scan import MARKER_PATTERN

Timed = dict[str, Callable[[], object]]


def rate(fn: Callable[[], object], items: int, min_time: float = 1.0) -> float:
    """Items per second, repeating ``fn`` until ``min_time`` has passed (best of the runs)."""
    best, spent = float("inf"), 0.0
    while spent < min_time:
        start = time.perf_counter()
        fn()
        took = time.perf_counter() - start
        best, spent = min(best, took), spent + took
    return items / best


def interleaved(rows: Timed, items: int, rounds: int) -> dict[str, float]:
    """CPU microseconds per item of each row: best of ``rounds``, rows interleaved in each.
    CPU time of this process, not wall time: other work on a shared machine then slows a row
    only through the caches it shares."""
    best = dict.fromkeys(rows, float("inf"))
    for _ in range(rounds):
        for name, fn in rows.items():
            start = time.process_time()
            fn()
            best[name] = min(best[name], time.process_time() - start)
    return {name: took / items * 1e6 for name, took in best.items()}


# -- R1 format baselines, written from their documented behaviour -------------------------------
# open-r1's format_reward: 1 when the completion is exactly "<think>\n", reasoning, "\n</think>\n
# <answer>\n", the answer, "\n</answer>"; else 0.
_OPEN_R1 = re.compile(r"<think>\n.*?\n</think>\n<answer>\n.*?\n</answer>", re.DOTALL)
# TRL's think_format_reward: 1 when the completion opens with <think>, has no second <think>,
# and closes the reasoning with </think> (anything may follow); else 0.
_TRL_THINK = re.compile(r"<think>(?!.*<think>).*?</think>.*", re.DOTALL)


def open_r1_format(texts: list[str]) -> list[float]:
    return [1.0 if _OPEN_R1.fullmatch(t) else 0.0 for t in texts]


def trl_think_format(texts: list[str]) -> list[float]:
    return [1.0 if _TRL_THINK.fullmatch(t) else 0.0 for t in texts]


# -- SafeGRPO corpora ----------------------------------------------------------------------------
def safegrpo_rows(corpus: list[tuple[str, dict[str, str]]], judge: str | None) -> Timed:
    texts = [t for t, _ in corpus]
    labels = [g for _, g in corpus]
    strict = SafeGRPOReward(judge=judge)
    paper = SafeGRPOReward(preset="paper")
    program = strict._program  # timing the compiled rules alone
    parsed = [parse(t) for t in texts]
    answers = [p.answer or "" for p in parsed]
    verdicts = classify_answers(strict.judge, answers, strict.policy)

    def rules_only() -> None:
        for p, g, v in zip(parsed, labels, verdicts, strict=True):
            program.run(Context(p, SafetyLabels.coerce(g), v))

    return {
        "bare scan (markers with positions)": lambda: [
            list(MARKER_PATTERN.finditer(t)) for t in texts
        ],
        "parse (strict schema)": lambda: [parse(t) for t in texts],
        f"answer verdict ({strict.judge.name} + policy)": lambda: classify_answers(
            strict.judge, answers, strict.policy
        ),
        "rule evaluation (labels + 6 rules)": rules_only,
        f"strict preset + {strict.judge.name} judge": lambda: strict.score_batch(texts, labels),
        "paper preset": lambda: paper.score_batch(texts, labels),
        "released regex reward (reference)": lambda: [released_reward(t, g) for t, g in corpus],
    }


def report_safegrpo(
    title: str, corpus: list[tuple[str, dict[str, str]]], args: argparse.Namespace
) -> None:
    texts = [t for t, _ in corpus]
    sizes = sorted(map(len, texts))
    print(
        f"\n# {title}: {len(texts)} responses, median {sizes[len(sizes) // 2] / 1e3:.1f} KB, "
        f"mean answer {sum(len(parse(t).answer or '') for t in texts) / len(texts):.0f} chars"
    )
    us = interleaved(safegrpo_rows(corpus, args.judge), len(texts), args.rounds)
    reference = us["released regex reward (reference)"]
    print(f"{'':44s} {'us/response':>12s} {'vs released':>12s}")
    for name, value in us.items():
        print(f"{name:44s} {value:12.1f} {reference / value:11.2f}x")
    names = list(us)
    strict, paper = us[names[4]], us[names[5]]
    parse_us, rules_us = us[names[1]], us[names[3]]
    print(f"strict vs released: {reference / strict:.2f}x as fast (floor: {args.strict_floor})")
    print(f"paper vs released:  {reference / paper:.2f}x as fast (floor: >= 1.5x)")
    print(f"rule evaluation / parse: {rules_us / parse_us:.2f} (floor: <= 1)")


def report_r1(args: argparse.Namespace) -> None:
    texts = r1_like(args.n)
    fmt = SafeGRPOReward(schema="r1", expression=gate(FORMAT))
    ours = fmt.score_batch(texts).tolist()
    agree_r1 = sum(a == b for a, b in zip(ours, open_r1_format(texts), strict=True))
    agree_trl = sum(a == b for a, b in zip(ours, trl_think_format(texts), strict=True))
    print(
        f"\n# format-only reward on {len(texts)} R1-style responses of 1-3 KB "
        f"(judge called: {fmt.needs_judge}; labels read: {fmt.needs_labels})"
    )
    us = interleaved(
        {
            "safereward r1 schema, gate(FORMAT)": lambda: fmt.score_batch(texts),
            "open-r1 format regex (as documented)": lambda: open_r1_format(texts),
            "TRL think_format_reward (as documented)": lambda: trl_think_format(texts),
        },
        len(texts),
        args.rounds,
    )
    ours_us = us["safereward r1 schema, gate(FORMAT)"]
    for name, value in us.items():
        print(f"{name:44s} {value:12.1f} us   ours {value / ours_us:5.2f}x as fast")
    print(f"same verdict as open-r1 on {agree_r1}/{len(texts)}, as TRL on {agree_trl}/{len(texts)}")


# -- adversarial inputs --------------------------------------------------------------------------
def _reference_worker(text: str, queue: mp.Queue) -> None:
    start = time.perf_counter()
    released_reward(text, {"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"})
    queue.put(time.perf_counter() - start)


def reference_seconds(text: str, budget: float) -> float | None:
    """Time of the released regex on ``text``, or None if it passes ``budget`` seconds."""
    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=_reference_worker, args=(text, queue))
    proc.start()
    proc.join(budget)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return None
    return queue.get()


def seconds(fn: Callable[[str], object], text: str) -> float:
    """Best of a few calls of ``fn(text)``."""
    return 1 / rate(lambda: fn(text), 1, 0.3)


def report_adversarial(args: argparse.Namespace) -> None:
    paper = SafeGRPOReward(preset="paper")
    gold = {"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"}
    header = ("input", "size", "strict parse", "paper preset", "released regex")
    print("\n# adversarial inputs: time per call")
    print(f"{header[0]:22s} {header[1]:>9s} {header[2]:>14s} {header[3]:>14s} {header[4]:>18s}")
    cases = [("repeated tags", repeated_tags(n)) for n in (2_500, 5_000, 10_000)]
    cases += list(adversarial(1_000_000).items())
    worst = 0.0
    for name, text in cases:
        ours = seconds(parse, text)
        pap = seconds(lambda t: paper(t, gold), text)
        if len(text) > 1_000_000 - 1:
            worst = max(worst, ours, pap)
            ref_shown = "not run"
        else:
            ref = reference_seconds(text, args.budget)
            ref_shown = f"{ref:.3f} s" if ref is not None else f"> {args.budget:.0f} s (stopped)"
        times = f"{ours * 1e3:11.2f} ms {pap * 1e3:11.2f} ms"
        print(f"{name:22s} {len(text):9,d} {times} {ref_shown:>18s}")
    print(f"\nworst case per MB, strict or paper: {worst * 1e3:.1f} ms (floor: <= 250 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1000, help="responses per corpus")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (best kept)")
    parser.add_argument(
        "--judge", default=None, help="judge for the strict preset (default: library default)"
    )
    parser.add_argument(
        "--budget", type=float, default=10.0, help="seconds allowed to the released regex per input"
    )
    parser.add_argument("--skip-adversarial", action="store_true")
    args = parser.parse_args()

    args.strict_floor = ">= 1.0x"
    report_safegrpo("training-like, 1-3 KB", training_like(args.n), args)
    args.strict_floor = ">= 1.5x"
    report_safegrpo("long, 1-16 KB", realistic(max(args.n // 2, 1)), args)
    report_r1(args)
    if not args.skip_adversarial:
        report_adversarial(args)


if __name__ == "__main__":
    main()
