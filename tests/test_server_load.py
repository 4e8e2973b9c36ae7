"""The server under load and abuse: parallel clients, a huge batch, shutdown, random bodies."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from server_helpers import (
    GOOD_SAFE,
    GOOD_UNSAFE,
    LABELS_SAFE,
    LABELS_UNSAFE,
    free_port,
    running_server,
)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running_server(workers=1, max_batch=20_000) as url:
        yield url


def test_200_parallel_clients_each_get_their_own_answer(base: str) -> None:
    async def one(client: httpx.AsyncClient, i: int) -> tuple[int, list[float]]:
        text, labels = (GOOD_SAFE, LABELS_SAFE) if i % 2 else (GOOD_UNSAFE, LABELS_UNSAFE)
        if i % 5 == 0:
            labels = LABELS_UNSAFE if i % 2 else LABELS_SAFE  # wrong combined label: 0
        got = await client.post(
            "/get_reward", json={"query": [text] * (1 + i % 3), "labels": [labels] * (1 + i % 3)}
        )
        assert got.status_code == 200
        return i, got.json()["rewards"]

    async def run() -> list[tuple[int, list[float]]]:
        limits = httpx.Limits(max_connections=200)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
            return await asyncio.gather(*(one(client, i) for i in range(200)))

    for i, rewards in asyncio.run(run()):
        assert rewards == [0.0 if i % 5 == 0 else 1.0] * (1 + i % 3)
    health = httpx.get(f"{base}/health").json()
    assert health["status"] == "ok" and health["in_flight"] == 0


def _big_body(n: int) -> dict[str, Any]:
    return {"query": [GOOD_SAFE] * n, "labels": [LABELS_SAFE] * n}


def test_health_answers_while_a_huge_batch_is_scored(base: str) -> None:
    result: dict[str, Any] = {}

    def post() -> None:
        result["response"] = httpx.post(f"{base}/get_reward", json=_big_body(16_000), timeout=120)

    thread = threading.Thread(target=post)
    thread.start()
    seen_busy = False
    while thread.is_alive():
        health = httpx.get(f"{base}/health", timeout=5).json()
        seen_busy = seen_busy or health["in_flight"] == 1
        time.sleep(0.02)
    thread.join()
    assert seen_busy  # /health was answered while the batch was being scored
    assert result["response"].json()["rewards"] == [1.0] * 16_000


def test_sigterm_finishes_the_request_in_flight_then_exits() -> None:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "safereward.cli.main",
            "serve",
            "--port",
            str(port),
            "--judge",
            "keywords-paper",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/health", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
        result: dict[str, Any] = {}
        thread = threading.Thread(
            target=lambda: result.update(
                r=httpx.post(f"{url}/get_reward", json=_big_body(8_000), timeout=120)
            )
        )
        thread.start()
        while httpx.get(f"{url}/health", timeout=5).json()["in_flight"] == 0:
            assert thread.is_alive(), "the request ended before the signal could be sent"
            time.sleep(0.01)
        proc.send_signal(signal.SIGTERM)
        thread.join(timeout=120)
        assert result["r"].status_code == 200
        assert result["r"].json()["rewards"] == [1.0] * 8_000
        # uvicorn re-raises the signal once shutdown is complete, so "killed by SIGTERM"
        # is its normal exit; what matters is that the request above finished first.
        assert proc.wait(timeout=60) in (0, -signal.SIGTERM)
    finally:
        if proc.poll() is None:
            proc.kill()


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_label = st.one_of(
    _json,
    st.fixed_dictionaries(
        {
            k: st.sampled_from(["safe", "unsafe", "SAFE ", "", "x"])
            for k in ("image_tag", "text_tag", "combine_tag")
        }
    ),
)
_near_valid = st.fixed_dictionaries(
    {},
    optional={
        "query": st.one_of(_json, st.lists(st.one_of(st.text(max_size=60), _json), max_size=4)),
        "prompts": st.one_of(_json, st.lists(st.text(max_size=20), max_size=4)),
        "labels": st.one_of(_json, st.lists(_label, max_size=4)),
        "responses": st.lists(st.text(max_size=60), max_size=4),
        "on_label_error": st.sampled_from(["reject", "zero", "other"]),
    },
)
_raw = st.one_of(st.binary(max_size=80), st.text(max_size=80).map(str.encode))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.one_of(
        _near_valid.map(lambda b: json.dumps(b).encode()),
        _json.map(lambda b: json.dumps(b).encode()),
        _raw,
    ),
    path=st.sampled_from(["/get_reward", "/v1/score"]),
)
def test_fuzzed_bodies_never_get_a_5xx(base: str, body: bytes, path: str) -> None:
    got = httpx.post(base + path, content=body, headers={"content-type": "application/json"})
    assert got.status_code < 500, got.text
    assert got.status_code in (200, 400, 413, 422)
    if got.status_code == 200 and path == "/get_reward":
        data = got.json()
        n = len(json.loads(body)["query"])
        assert len(data["rewards"]) == len(data["errors"]) == n
    elif got.status_code == 200:  # /v1/score: one result per response, none for none
        assert len(got.json()["results"]) == len(json.loads(body)["responses"])
    else:
        assert isinstance(got.json()["detail"], str)


def test_still_healthy_after_everything(base: str) -> None:
    assert httpx.get(f"{base}/health").json()["status"] == "ok"
    got = httpx.post(f"{base}/get_reward", json={"query": [GOOD_SAFE], "labels": [LABELS_SAFE]})
    assert got.json()["rewards"] == [1.0]
