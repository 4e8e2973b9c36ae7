"""Throughput of the served guard backend: a GRPO step's worth of (prompt, answer) pairs.

    python benchmarks/guard_throughput.py [--pairs 2048] [--delay-ms 50] [--concurrency 64]
    python benchmarks/guard_throughput.py --base-url http://127.0.0.1:8000/v1 --model NAME \
        --guard-format qwen3guard                       # a real guard server of yours

By default it starts the stub guard (``safereward.testing.guard_stub``) in its own process,
answering every request after ``--delay-ms`` (a stand-in for a guard's latency), and times
``GuardJudge.read_pairs`` on ``--pairs`` distinct pairs (no two alike, so the in-batch cache
saves nothing). The floor is pairs / concurrency x delay (2,048 / 64 x 50 ms = 1.6 s); the
rest is the client's own cost (and, on a small machine, the stub's: both share its cores).
Prints each run's wall time, pairs/s, the client's CPU time and the fallback count, and (with
the stub) writes them to ``benchmarks/results/guard_throughput.json``, with the machine's load
average, for ``docs/guard.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import add_json_option, write_results

from safereward.refusal.guard import GuardJudge
from safereward.testing.guard_stub import HARMFUL_MARKER


def pairs(n: int) -> tuple[list[str], list[str]]:
    answers, prompts = [], []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            answers.append(f"Sorry, I cannot help with request {i}: it could hurt someone.")
        elif kind == 1:
            answers.append(f"Sure: step {i} is to wire the {HARMFUL_MARKER} to the timer.")
        else:
            answers.append(f"Preheat the oven to {150 + i % 60}C and bake cake number {i}.")
        prompts.append(f"Question {i}: how do I do what the picture shows?")
    return answers, prompts


def start_stub(delay_ms: float, fmt: str) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "safereward.testing.guard_stub", "--port", "0"]
    command += ["--delay-ms", str(delay_ms), "--format", fmt, "--lean"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        raise RuntimeError("the stub guard did not start")
    return proc, json.loads(line)["base_url"]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pairs", type=int, default=2048)
    p.add_argument("--delay-ms", type=float, default=50.0, help="the stub's reply delay")
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--guard-format", default="wildguard")
    p.add_argument("--base-url", help="a guard server of yours (default: start the stub)")
    p.add_argument("--model", default="stub-guard", help="the served model's name")
    p.add_argument("--api-key-env", help="environment variable holding the server's API key")
    add_json_option(p, "guard_throughput")
    args = p.parse_args()
    if args.base_url is not None:
        args.no_json = True  # a server of yours: its figures are yours, not the docs'

    proc = None
    base_url = args.base_url
    if base_url is None:
        proc, base_url = start_stub(args.delay_ms, args.guard_format)
    try:
        options = {"api_key_env": args.api_key_env} if args.api_key_env else {}
        judge = GuardJudge(
            args.guard_format,
            base_url=base_url,
            model=args.model,
            concurrency=args.concurrency,
            **options,
        )
        answers, prompts = pairs(args.pairs)
        judge.read_pairs(answers[:1], prompts[:1])  # the first batch checks the endpoint
        times: list[float] = []
        cpus: list[float] = []
        fallbacks = 0
        load_before = os.getloadavg()[0]
        for run in range(args.runs):
            started, cpu = time.perf_counter(), time.process_time()
            read = judge.read_pairs(answers, prompts)
            took, cpu = time.perf_counter() - started, time.process_time() - cpu
            times.append(took)
            cpus.append(cpu)
            fallbacks += int(read.fallback.sum())
            print(
                f"run {run + 1}: {args.pairs} pairs in {took:.3f} s "
                f"({args.pairs / took:,.0f} pairs/s; client CPU {cpu:.2f} s), "
                f"fallbacks {int(read.fallback.sum())}"
            )
        floor = args.pairs / args.concurrency * args.delay_ms / 1000 if proc else float("nan")
        print(
            f"median {statistics.median(times):.3f} s, best {min(times):.3f} s "
            f"(concurrency {args.concurrency}; floor {floor:.2f} s at {args.delay_ms:g} ms)"
        )
        figures = {
            "pairs": args.pairs,
            "concurrency": args.concurrency,
            "delay_ms": args.delay_ms,
            "floor_s": floor,
            "runs_s": [round(t, 4) for t in times],
            "median_s": statistics.median(times),
            "best_s": min(times),
            "client_cpu_s": [round(c, 3) for c in cpus],
            "fallbacks": fallbacks,
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "cpus": os.cpu_count(),
        }
        write_results(args, "guard_throughput", figures)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
