"""What the ``safegrpo`` manager sees inside verl's reward loop: batch sizes and cost per sample.

    python benchmarks/verl_batches.py [--workers 2] [--rounds 3] [--json PATH | --no-json]

verl 0.9.1's agent loop hands each finished rollout to a randomly chosen reward worker on its
own (``RewardLoopWorker.compute_score``, one Ray call per sample), and the manager gathers the
samples that reach one worker within ``batch_wait_s`` (10 ms) into one ``score_many``. How big
those batches get depends on how fast rollouts finish. On a local Ray with ``--workers`` verl
reward workers (verl's own ``RewardLoopWorker`` around the manager, the strict preset and the
default judge), training-like 1-3 KB responses arrive one Ray call each: all at once (what
``RewardLoopManager.compute_rm_score`` does, and the upper bound), and as a Poisson stream at a
few rates (a step of 2,048 rollouts finishing over 20 s is about 100 per second). Per stream:
the batch sizes the manager scored, the CPU the manager spent scoring per sample (reward,
monitor and logged fields; thread CPU time inside the worker), and the median time from a
sample's Ray call to its answer. Best of ``--rounds`` for the costs; the machine is shared, so
read the batch sizes and the ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
# verl_helpers: verl's composed config and DataProto rows, as the verl tests build them
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import verl_helpers as h
from _corpus import training_like
from _results import add_json_option, write_results
from verl.experimental.reward_loop.reward_loop import RewardLoopWorker

from safereward.prompting import Instruction

STREAMS: dict[str, float | None] = {
    "all at once": None,
    "1,000 per second": 1000.0,
    "100 per second": 100.0,
    "20 per second": 20.0,
}
"""Arrival rate of samples over all workers (None: every sample sent at once)."""


class ProbeWorker(RewardLoopWorker):
    """verl's reward worker, recording each batch the manager scores (size, thread CPU)."""

    def __init__(self, config: Any) -> None:
        super().__init__(config)
        from safereward.integrations.verl import manager

        self.batches: list[tuple[int, float]] = []
        inner = manager.score_samples

        def timed(*args: Any) -> Any:
            start = time.thread_time()
            out = inner(*args)
            self.batches.append((len(args[2]), time.thread_time() - start))
            return out

        manager.score_samples = timed

    def stats(self) -> list[tuple[int, float]]:
        out, self.batches = self.batches, []
        return out

    def batched_us(self, texts: list[str], labels: list[Any], prompts: list[str]) -> float:
        """CPU µs per sample of the same scoring on the whole list at once, in this process."""
        from safereward.integrations.verl.common import score_samples

        manager = self.reward_manager
        best = float("inf")
        for _ in range(3):
            start = time.thread_time()
            score_samples(manager.reward, manager.monitor, texts, labels, prompts)
            best = min(best, time.thread_time() - start)
        return best / len(texts) * 1e6


def items(n: int) -> list[tuple[str, None, dict[str, str]]]:
    rng = random.Random(3)
    instruction = Instruction()
    out = [
        (text, None, {**labels, "prompt_text": instruction.render(f"Question {i}?", 1)})
        for i, (text, labels) in enumerate(training_like(n))
    ]
    rng.shuffle(out)
    return out


async def stream(workers: list[Any], batch: Any, rate: float | None) -> list[float]:
    """Send each sample in its own Ray call to a random worker; the latency of each."""
    rng = random.Random(7)

    async def one(i: int, delay: float) -> float:
        await asyncio.sleep(delay)
        start = time.monotonic()
        await rng.choice(workers).compute_score.remote(batch[i : i + 1])
        return time.monotonic() - start

    delays, at = [], 0.0
    for _ in range(len(batch)):
        delays.append(at)
        if rate is not None:
            at += rng.expovariate(rate)
    return await asyncio.gather(*(one(i, d) for i, d in enumerate(delays)))


def measure(args: argparse.Namespace) -> dict[str, Any]:
    import ray

    with tempfile.TemporaryDirectory() as tmp:
        tokenizer_dir = h.save_tokenizer(Path(tmp))
        cfg = h.compose(
            [
                f"actor_rollout_ref.model.path={tokenizer_dir}",
                f"reward.num_workers={args.workers}",
                "reward.reward_manager.name=safegrpo",
            ]
        )
        ray.init(num_cpus=max(2, args.workers), include_dashboard=False, log_to_driver=False)
        try:
            workers = [ray.remote(ProbeWorker).remote(cfg) for _ in range(args.workers)]
            ray.get([w.stats.remote() for w in workers])  # built
            rows = items(args.n)
            texts = h.decoded_responses(rows)
            labels = [{k: v for k, v in e.items() if k != "prompt_text"} for _, _, e in rows]
            prompts = [e["prompt_text"] for _, _, e in rows]
            batched = min(ray.get([w.batched_us.remote(texts, labels, prompts) for w in workers]))
            print(f"{'one batch of ' + str(args.n):<18}{'':>39}{batched:>10.1f}", flush=True)
            out: dict[str, Any] = {"batched_us_per_sample": batched}
            streams: dict[str, Any] = {}
            for name, rate in STREAMS.items():
                n = args.n if rate is None or rate >= 1000 else args.n_slow
                batch = h.make_batch(items(n))
                best: dict[str, Any] | None = None
                for _ in range(args.rounds):
                    latencies = asyncio.run(stream(workers, batch, rate))
                    scored = [b for w in workers for b in ray.get(w.stats.remote())]
                    sizes = [size for size, _ in scored]
                    row = {
                        "samples": n,
                        "rate_per_s": rate,
                        "batches": len(sizes),
                        "mean_batch": sum(sizes) / len(sizes),
                        "median_batch": statistics.median(sizes),
                        "max_batch": max(sizes),
                        "share_of_one": sum(s == 1 for s in sizes) / len(sizes),
                        "scoring_us_per_sample": sum(c for _, c in scored) / n * 1e6,
                        "median_latency_ms": statistics.median(latencies) * 1e3,
                    }
                    if best is None or row["scoring_us_per_sample"] < best["scoring_us_per_sample"]:
                        best = row
                assert best is not None
                best["x_batched"] = best["scoring_us_per_sample"] / batched
                streams[name] = best
                print(_line(name, best), flush=True)
            return {**out, "streams": streams}
        finally:
            ray.shutdown()


def _line(name: str, r: dict[str, Any]) -> str:
    return (
        f"{name:<18}{r['samples']:>7}{r['batches']:>8}{r['mean_batch']:>8.1f}"
        f"{r['median_batch']:>8.0f}{r['max_batch']:>6}{r['share_of_one']:>8.0%}"
        f"{r['scoring_us_per_sample']:>10.1f}{r['x_batched']:>8.2f}{r['median_latency_ms']:>10.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=2, help="verl reward workers (2)")
    parser.add_argument("--n", type=int, default=2048, help="samples per fast stream (2048)")
    parser.add_argument("--n-slow", type=int, default=400, help="samples per slow stream (400)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per stream (best kept)")
    add_json_option(parser, "verl_batches")
    args = parser.parse_args()
    print(
        f"{'stream':<18}{'samples':>7}{'batches':>8}{'mean':>8}{'median':>8}{'max':>6}"
        f"{'of one':>8}{'µs/sample':>10}{'x batch':>8}{'p50 ms':>10}"
    )
    measured = measure(args)
    write_results(args, "verl_batches", {"workers": args.workers, "batch_wait_s": 0.01, **measured})


if __name__ == "__main__":
    main()
