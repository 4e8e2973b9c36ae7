"""Load on the reward server over loopback, beside the in-process scoring rate.

    python benchmarks/server_load.py [--workers 2] [--judge keywords-paper] [--seconds 4]
                                     [--json PATH | --no-json]

Starts ``safereward serve`` in its own process, then for batch sizes 1, 64 and 1024 keeps a
fixed number of concurrent clients busy with OpenRLHF-style ``/get_reward`` requests (Qwen-VL
transcripts: prompt with 64 image pads + response + ``<|im_end|>``) for a bounded time, and
prints requests/s, responses/s and p50/p99 latency. The last rows are the same transcripts
scored in-process with ``score_transcripts`` and the responses alone with ``score_batch``:
the ceiling the server's overhead is measured against. The figures go to
``benchmarks/results/server_load.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

import httpx
from _results import add_json_option, write_results
from _server import served

from safereward import SafeGRPOReward
from safereward.chat import score_transcripts
from safereward.testing.tiny import sample_responses
from safereward.testing.transcripts import expand_pads, qwen25_vl_prompt

LABELS = [
    {"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"},
    {"image_tag": "safe", "text_tag": "unsafe", "combine_tag": "unsafe"},
]
CONCURRENCY = {1: 64, 64: 8, 1024: 2}


def workload(n: int) -> tuple[list[str], list[str], list[dict[str, str]]]:
    prompt = qwen25_vl_prompt()
    responses = sample_responses(n, seed=7)
    queries = [expand_pads(prompt, 64) + r + "<|im_end|>" for r in responses]
    return queries, [prompt] * n, [LABELS[i % 2] for i in range(n)]


async def load(url: str, batch: int, clients: int, seconds: float) -> dict[str, float]:
    queries, prompts, labels = workload(batch)
    body = {"query": queries, "prompts": prompts, "labels": labels}
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def client(http: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            got = await http.post("/get_reward", json=body)
            got.raise_for_status()
            assert len(got.json()["rewards"]) == batch
            latencies.append(time.perf_counter() - start)

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=300) as http:
        began = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests_s": len(latencies) / elapsed,
        "responses_s": len(latencies) * batch / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "requests": len(latencies),
    }


def in_process(judge: str, n: int = 2048) -> tuple[float, float]:
    reward = SafeGRPOReward(judge=judge)
    queries, prompts, labels = workload(n)
    responses = sample_responses(n, seed=7)
    start = time.perf_counter()
    score_transcripts(reward, queries, prompts, labels)
    transcripts = n / (time.perf_counter() - start)
    start = time.perf_counter()
    reward.score_batch(responses, labels)
    return transcripts, n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--judge", default="keywords-paper")
    parser.add_argument("--seconds", type=float, default=4.0, help="per batch size")
    add_json_option(parser, "server_load")
    args = parser.parse_args()
    rows = []
    serve = ["--workers", str(args.workers), "--judge", args.judge, "--log-level", "warning"]
    with served(serve) as (url, _):
        print(f"safereward serve --workers {args.workers} --judge {args.judge}; loopback; "
              f"{os.cpu_count()} CPUs; {args.seconds:.0f} s per row")  # fmt: skip
        print(f"{'batch':>6}{'clients':>8}{'requests/s':>12}{'responses/s':>13}"
              f"{'p50 ms':>9}{'p99 ms':>9}{'requests':>10}")  # fmt: skip
        for batch, clients in CONCURRENCY.items():
            r = asyncio.run(load(url, batch, clients, args.seconds))
            rows.append({"batch": batch, "clients": clients, **r})
            print(f"{batch:>6}{clients:>8}{r['requests_s']:>12.1f}{r['responses_s']:>13.0f}"
                  f"{r['p50_ms']:>9.1f}{r['p99_ms']:>9.1f}{r['requests']:>10.0f}")  # fmt: skip
    transcripts, responses = in_process(args.judge)
    print(f"in-process, one core: score_transcripts {transcripts:,.0f}/s, "
          f"score_batch (responses only) {responses:,.0f}/s")  # fmt: skip
    figures = {
        "workers": args.workers,
        "judge": args.judge,
        "seconds_per_row": args.seconds,
        "rows": rows,
        "in_process": {"transcripts_s": transcripts, "responses_s": responses},
    }
    write_results(args, "server_load", figures)


if __name__ == "__main__":
    main()
