"""Speed of the core against the released regex reward and against a bare scan.

    python benchmarks/core_speed.py [--n 400] [--judge NAME]

Prints responses/s on generated 1-16 KB responses for the strict preset (with its judge), the
paper preset and an independent re-implementation of the released reward, the cost of one
compiled-regex scan over the same text (the floor), and worst-case time per MB on adversarial
inputs, where the released regex is stopped after a budget.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import adversarial, realistic, repeated_tags

from safereward import SafeGRPOReward, parse
from safereward.reference import released_reward
from safereward.scan import MARKER_PATTERN


def rate(fn: Callable[[], object], items: int, min_time: float = 1.0) -> float:
    """Items per second, repeating ``fn`` until ``min_time`` has passed (best of the runs)."""
    best, spent = float("inf"), 0.0
    while spent < min_time:
        start = time.perf_counter()
        fn()
        took = time.perf_counter() - start
        best, spent = min(best, took), spent + took
    return items / best


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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument(
        "--judge", default=None, help="judge for the strict preset (default: library default)"
    )
    parser.add_argument(
        "--budget", type=float, default=10.0, help="seconds allowed to the released regex per input"
    )
    args = parser.parse_args()

    corpus = realistic(args.n)
    texts = [t for t, _ in corpus]
    labels = [g for _, g in corpus]
    megabytes = sum(map(len, texts)) / 1e6
    strict = SafeGRPOReward(judge=args.judge)
    paper = SafeGRPOReward(preset="paper")
    pattern = MARKER_PATTERN

    def scan_each() -> None:
        for t in texts:
            list(pattern.finditer(t))

    def parse_each() -> None:
        # Each result is dropped after use, as a reward function does; keeping 400 results
        # alive adds garbage-collector passes, reported separately below.
        for t in texts:
            parse(t)

    kept = rate(lambda: [parse(t) for t in texts], len(texts))
    kept_scan = rate(lambda: [list(pattern.finditer(t)) for t in texts], len(texts))
    rows = [
        ("bare scan (markers with positions)", rate(scan_each, len(texts))),
        ("parse (strict, no judge)", rate(parse_each, len(texts))),
        (
            f"strict preset + {strict.judge.name} judge",
            rate(lambda: strict.score_batch(texts, labels), len(texts)),
        ),
        ("paper preset", rate(lambda: paper.score_batch(texts, labels), len(texts))),
        (
            "released regex reward (reference)",
            rate(lambda: [released_reward(t, g) for t, g in corpus], len(texts)),
        ),
    ]
    print(f"# {len(texts)} generated responses, 1-16 KB, {megabytes:.2f} MB in all")
    print(f"{'':40s} {'responses/s':>12s} {'MB/s':>8s}")
    for name, value in rows:
        print(f"{name:40s} {value:12,.0f} {value * megabytes / len(texts):8.1f}")
    scan, parsing, strict_rate, paper_rate, reference = (r[1] for r in rows)
    print(f"\nparse cost / bare scan cost:       {scan / parsing:5.2f}x  (floor: <= 3x)")
    print(f"  the same with every result kept:  {kept_scan / kept:5.2f}x")
    print(
        f"strict preset vs released reward:  {strict_rate / reference:5.2f}x as fast (floor: >= 1x)"
    )
    print(f"paper preset vs released reward:   {paper_rate / reference:5.2f}x as fast")

    gold = labels[0]
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


def seconds(fn: Callable[[str], object], text: str) -> float:
    """Best of a few calls of ``fn(text)``."""
    return 1 / rate(lambda: fn(text), 1, 0.3)


if __name__ == "__main__":
    main()
