"""Soak the reward server with innocent and hostile clients at once; nothing may be lost.

    python benchmarks/server_soak.py [--requests 10000] [--clients 200] [--workers 2]
                                     [--json PATH | --no-json]

Starts ``safereward serve`` on 127.0.0.1 (never another address) and sends ``--requests``
``/get_reward`` requests from ``--clients`` concurrent clients: OpenRLHF-style transcripts with
labels (their rewards computed in-process beforehand), with malformed and hostile requests
mixed in (deep or huge labels, invalid UTF-8, 5,000-digit numbers, bodies nested 990 deep,
oversize texts, wrong types, unusable labels), while a few slow-header connections hang on.
Prints status counts per kind, requests lost (no answer), innocent requests with a wrong
reward, 5xx answers, p50/p99 latency, and the server's memory before, after and at peak.
Bounded: stops sending after ``--max-seconds`` and reports what was not sent. The figures go
to ``benchmarks/results/server_soak.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import httpx
from _results import add_json_option, write_results
from _server import memory_mib, served

from safereward import SafeGRPOReward
from safereward.chat import score_transcripts
from safereward.testing.tiny import sample_responses
from safereward.testing.transcripts import expand_pads, qwen25_vl_prompt

LABELS = [
    {"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"},
    {"image_tag": "safe", "text_tag": "unsafe", "combine_tag": "unsafe"},
    {"image_tag": "unsafe", "text_tag": "unsafe", "combine_tag": "unsafe"},
]
JSON = {"content-type": "application/json"}


@dataclass(frozen=True)
class Case:
    kind: str
    body: bytes
    expect: int
    """The status this request must get."""
    reward: float | None = None
    """For innocent requests: the reward it must get."""


def deep(depth: int) -> Any:
    value: Any = "safe"
    for _ in range(depth):
        value = {"x": value}
    return value


def hostile_cases(query: str) -> list[Case]:
    """One request of each hostile kind (a few are large, so they are sent less often)."""

    def body(obj: Any) -> bytes:
        return json.dumps(obj).encode()

    q = [query]
    return [
        Case("labels 500 deep", body({"query": q, "labels": [deep(500)]}), 422),
        Case("labels 40 deep", body({"query": q, "labels": [deep(40)]}), 413),
        Case("label text 500 deep", body({"query": q, "labels": [json.dumps(deep(500))]}), 413),
        Case("invalid UTF-8", b'{"query": ["\xff\xfe\xfd"], "labels": [null]}', 422),
        Case("5000-digit number", b'{"query": ["x"], "labels": [' + b"9" * 5000 + b"]}", 422),
        Case("body 990 deep", b"[" * 990 + b"]" * 990, 422),
        Case("malformed JSON", b'{"query": ["x"], "labels": [', 422),
        Case("NaN", b'{"query": ["x"], "labels": [NaN]}', 422),
        Case("wrong types", body({"query": [1, 2], "labels": [None, None]}), 422),
        Case("lengths differ", body({"query": q, "labels": []}), 422),
        Case("unusable labels", body({"query": q, "labels": [{"image_tag": "maybe"}]}), 200, 0.0),
    ]


def large_cases() -> list[Case]:
    """Multi-megabyte hostile bodies, sent once in a while."""
    huge_label = {"query": ["x"], "labels": [dict.fromkeys(map(str, range(200_000)), 1)]}
    huge_text = {"query": ["x" * 1_100_000], "labels": [None]}
    return [
        Case("label of 200k keys", json.dumps(huge_label).encode(), 413),
        Case("text of 1.1M chars", json.dumps(huge_text).encode(), 413),
    ]


def build(n: int, hostile_share: float, seed: int) -> list[Case]:
    rng = random.Random(seed)
    prompt = qwen25_vl_prompt()
    responses = sample_responses(512, seed=seed)
    queries = [expand_pads(prompt, 64) + r + "<|im_end|>" for r in responses]
    labels = [LABELS[i % len(LABELS)] for i in range(len(responses))]
    reward = SafeGRPOReward(judge="keywords-paper")
    expected = [s.result.total for s in score_transcripts(reward, queries, [prompt] * 512, labels)]
    hostile = hostile_cases(queries[0])
    large = large_cases()
    cases = []
    for i in range(n):
        if rng.random() < hostile_share:
            pool = large if i % 50 == 0 else hostile
            cases.append(rng.choice(pool))
        else:
            k = rng.randrange(len(queries))
            obj = {"query": [queries[k]], "prompts": [prompt], "labels": [json.dumps(labels[k])]}
            cases.append(Case("innocent", json.dumps(obj).encode(), 200, expected[k]))
    return cases


async def slow_headers(port: int, count: int) -> list[socket.socket]:
    """Connections that start a request and never finish its headers."""
    socks = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Type: appl")
        socks.append(sock)
    return socks


def closed_by_server(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        sock.close()


async def soak(url: str, cases: list[Case], clients: int, max_seconds: float) -> dict[str, Any]:
    queue: asyncio.Queue[Case] = asyncio.Queue()
    for case in cases:
        queue.put_nowait(case)
    statuses: dict[str, Counter[int]] = defaultdict(Counter)
    latencies: dict[str, list[float]] = defaultdict(list)
    lost: Counter[str] = Counter()
    wrong: list[str] = []
    unexpected: Counter[str] = Counter()
    deadline = time.perf_counter() + max_seconds

    async def client(http: httpx.AsyncClient) -> None:
        while not queue.empty() and time.perf_counter() < deadline:
            case = queue.get_nowait()
            began = time.perf_counter()
            try:
                got = await http.post("/get_reward", content=case.body, headers=JSON)
            except httpx.HTTPError as exc:
                lost[f"{case.kind}: {type(exc).__name__}"] += 1
                continue
            latencies[case.kind].append(time.perf_counter() - began)
            statuses[case.kind][got.status_code] += 1
            if got.status_code != case.expect:
                unexpected[f"{case.kind}: {got.status_code} {got.text[:120]}"] += 1
            elif case.reward is not None and got.json()["rewards"] != [case.reward]:
                wrong.append(f"{case.kind}: {got.json()['rewards']} != {case.reward}")

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as http:
        began = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        elapsed = time.perf_counter() - began
    return {
        "statuses": statuses,
        "latencies": latencies,
        "lost": lost,
        "wrong": wrong,
        "unexpected": unexpected,
        "unsent": queue.qsize(),
        "elapsed": elapsed,
    }


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--hostile-share", type=float, default=0.1)
    parser.add_argument("--slow-connections", type=int, default=20)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=0)
    add_json_option(parser, "server_soak")
    args = parser.parse_args()

    cases = build(args.requests, args.hostile_share, args.seed)
    serve = ["--workers", str(args.workers), "--judge", "keywords-paper", "--log-level", "error",
             "--header-timeout", "5"]  # fmt: skip
    with served(serve) as (url, pid):
        port = int(url.rsplit(":", 1)[1])
        before = memory_mib(pid)
        slow = asyncio.run(slow_headers(port, args.slow_connections))
        result = asyncio.run(soak(url, cases, args.clients, args.max_seconds))
        time.sleep(6)  # past the header timeout: the slow connections must be gone by now
        cut = sum(closed_by_server(s) for s in slow)
        after = memory_mib(pid)

    sent = args.requests - result["unsent"]
    print(f"server_soak: {sent} of {args.requests} /get_reward requests from {args.clients} "
          f"clients in {result['elapsed']:.1f} s ({sent / result['elapsed']:.0f}/s); "
          f"--workers {args.workers}, keywords-paper judge, loopback, {os.cpu_count()} CPUs "
          "(shared machine: timings are indicative)")  # fmt: skip
    print(f"\n{'kind':<22}{'sent':>7}  {'statuses':<18}{'p50 ms':>9}{'p99 ms':>9}")
    for kind, counts in sorted(result["statuses"].items(), key=lambda kv: -sum(kv[1].values())):
        lat = result["latencies"][kind]
        shown = " ".join(f"{s}:{n}" for s, n in sorted(counts.items()))
        p50, p99 = 1000 * statistics.median(lat), 1000 * quantile(lat, 0.99)
        print(f"{kind:<22}{sum(counts.values()):>7}  {shown:<18}{p50:>9.1f}{p99:>9.1f}")
    every = [x for lat in result["latencies"].values() for x in lat]
    fives = sum(n for c in result["statuses"].values() for s, n in c.items() if s >= 500)
    print(f"\n{'all':<22}{len(every):>7}  {'':<18}{1000 * statistics.median(every):>9.1f}"
          f"{1000 * quantile(every, 0.99):>9.1f}")  # fmt: skip
    print(f"\nlost (no answer):        {sum(result['lost'].values())} {dict(result['lost'])}")
    print(f"wrong rewards:           {len(result['wrong'])} {result['wrong'][:3]}")
    print(f"5xx answers:             {fives}")
    print(f"unexpected statuses:     {sum(result['unexpected'].values())} "
          f"{dict(list(result['unexpected'].items())[:3])}")  # fmt: skip
    print(f"slow-header connections: {cut} of {len(slow)} closed by the server")
    print(f"server memory (MiB):     RSS before {before['rss_total']:.0f} "
          f"({before['processes']} processes), after {after['rss_total']:.0f}; "
          f"server process {before['rss_server']:.0f} -> {after['rss_server']:.0f}, "
          f"peak {after['peak_server']:.0f}; "
          f"all processes' peaks summed {after['peak_total']:.0f}")  # fmt: skip
    figures = {
        "requests": args.requests,
        "sent": sent,
        "clients": args.clients,
        "workers": args.workers,
        "seconds": result["elapsed"],
        "kinds": {k: {str(s): n for s, n in c.items()} for k, c in result["statuses"].items()},
        "innocent": sum(result["statuses"].get("innocent", {}).values()),
        "lost": sum(result["lost"].values()),
        "wrong_rewards": len(result["wrong"]),
        "server_errors": fives,
        "unexpected": sum(result["unexpected"].values()),
        "p50_ms": 1000 * statistics.median(every),
        "p99_ms": 1000 * quantile(every, 0.99),
        "slow_connections_closed": cut,
        "slow_connections": len(slow),
        "memory_mib": {"before": before, "after": after},
    }
    write_results(args, "server_soak", figures)


if __name__ == "__main__":
    main()
