"""What the hack monitor adds to a training step, beside the reward it watches.

    python benchmarks/monitor_cost.py [--n 2048] [--rounds 5] [--judge NAME]
                                      [--json PATH | --no-json]

For three batches (training-like 1-3 KB responses with a short answer, 1-16 KB responses with
long answers, and the training-like batch with a third of its answers padded, emptied or
turned into refuse-then-comply), it times the reward's ``score_many`` and the monitor's
``measure`` on its results (what the TRL adapter runs per batch), and the monitor one sample
at a time with a ``RecentLengths`` window (what the verl file, OpenRLHF's ``reward_func`` and the
server run). Rows are interleaved per round and the best round is kept; read the ratios. The
figures go to ``benchmarks/results/monitor_cost.json``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import realistic, training_like
from _results import add_json_option, write_results

from safereward import SafeGRPOReward
from safereward.monitor import HackMonitor, RecentLengths


def hacked(batch: list[tuple[str, dict[str, str]]], seed: int = 3) -> list[tuple[str, dict]]:
    """A third of the answers rewritten the way a policy learning to hack would."""
    rng = random.Random(seed)
    out = []
    for text, labels in batch:
        head, sep, answer = text.partition("<answer>")
        pick = rng.random()
        if pick < 0.11:
            answer = "\n" * 300 + answer
        elif pick < 0.22:
            answer = ".</answer>"
        elif pick < 0.33:
            answer = "Sorry, I can't help with that. Just kidding: " + answer
        out.append((head + sep + answer, labels))
    return out


def best(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2048, help="responses per batch (2048)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--judge", default=None, help="refusal judge (default: strict's)")
    add_json_option(parser, "monitor_cost")
    args = parser.parse_args()
    figures: dict[str, dict] = {}

    reward = SafeGRPOReward(judge=args.judge)
    train = training_like(args.n)
    batches = {
        "training-like 1-3 KB": train,
        "long answers 1-16 KB": realistic(min(args.n, 400)),
        "training-like, 1/3 hacked": hacked(train),
    }
    print(f"judge {reward.judge.name}; best of {args.rounds} rounds, seconds per batch\n")
    header = f"{'batch':<28}{'n':>6}{'reward':>10}{'monitor':>10}{'ratio':>8}{'per-sample':>12}"
    print(header)
    print("-" * len(header))
    for name, batch in batches.items():
        texts, labels = [t for t, _ in batch], [lab for _, lab in batch]
        results = reward.score_many(texts, labels)
        monitor = HackMonitor.for_reward(reward)
        window = HackMonitor.for_reward(reward, recent=RecentLengths())
        timed: dict[str, Callable[[], object]] = {
            "reward": lambda t=texts, lab=labels: reward.score_many(t, lab),
            "monitor": lambda r=results, lab=labels, m=monitor: m.measure(r, lab),
            "single": lambda r=results, w=window: [w.sample_logs([x]) for x in r],
        }
        rows = dict.fromkeys(timed, float("inf"))
        for _ in range(args.rounds):  # interleaved: a busy machine slows every row alike
            for key, fn in timed.items():
                rows[key] = min(rows[key], best(fn))
        shares = monitor.measure(results, labels)
        print(
            f"{name:<28}{len(batch):>6}{rows['reward']:>10.3f}{rows['monitor']:>10.3f}"
            f"{rows['monitor'] / rows['reward']:>8.2f}{rows['single']:>12.3f}"
        )
        found = ", ".join(f"{k.removeprefix('hacks/')} {v:.2f}" for k, v in shares.items() if v)
        print(f"{'':<28}shares: {found}")
        figures[name] = {
            "n": len(batch),
            "reward_s": rows["reward"],
            "monitor_s": rows["monitor"],
            "monitor_over_reward": rows["monitor"] / rows["reward"],
            "per_sample_s": rows["single"],
            "shares": shares,
        }
    write_results(args, "monitor_cost", {"judge": reward.judge.name, "batches": figures})


if __name__ == "__main__":
    main()
