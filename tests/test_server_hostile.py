"""The reward server against hostile clients: one bad request can only fail itself.

Each test is one attack from issue 15, on a real loopback server: deep or huge labels, bodies
the JSON parser chokes on, a request whose items break a worker batch, unbounded echoes, and
connections that send slowly or not at all.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from server_helpers import GOOD_SAFE, GOOD_UNSAFE, LABELS_SAFE, LABELS_UNSAFE, running_server

from safereward.server import worker
from safereward.server.scorer import Scorer, ScoringUnavailable
from safereward.server.settings import ServerSettings

QUICK = 0.5
"""Seconds: the timeouts of the slow-client server."""


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """One scoring process, so labels really are pickled for a worker."""
    with running_server(workers=1) as base:
        yield base


@pytest.fixture(scope="module")
def slow_url() -> Iterator[str]:
    timeouts = {"header_timeout_s": QUICK, "body_timeout_s": QUICK, "keep_alive_timeout_s": QUICK}
    with running_server(workers=0, **timeouts) as base:
        yield base


def nested(depth: int) -> Any:
    value: Any = "safe"
    for _ in range(depth):
        value = {"x": value}
    return value


def innocent(i: int) -> tuple[dict[str, Any], float]:
    text, labels = (GOOD_SAFE, LABELS_SAFE) if i % 2 else (GOOD_UNSAFE, LABELS_UNSAFE)
    return {"query": [text], "labels": [labels]}, 1.0


async def _many(base: str, bodies: list[Any]) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        return await asyncio.gather(*(http.post("/get_reward", json=b) for b in bodies))


def test_deep_labels_fail_only_their_own_request(url: str) -> None:
    """Labels 500 deep once broke pickling for the worker and 503'd every co-batched request."""
    hostile = {
        5: ([nested(500)], 422, "--max-json-depth"),  # the body itself is too deep
        12: ([nested(40)], 413, "--max-label-depth"),  # within the body limit, not the label's
        30: ([json.dumps(nested(500))], 413, "--max-label-depth"),  # OpenRLHF sends JSON text
    }
    bodies: list[Any] = [innocent(i)[0] for i in range(40)]
    for i, (labels, _, _) in sorted(hostile.items()):
        bodies.insert(i, {"query": [GOOD_SAFE], "labels": labels})
    answers = asyncio.run(_many(url, bodies))
    for i, (_, status, flag) in hostile.items():
        assert answers[i].status_code == status, answers[i].text
        assert flag in answers[i].json()["detail"]
    rest = [a for i, a in enumerate(answers) if i not in hostile]
    assert [a.status_code for a in rest] == [200] * 40
    assert [a.json()["rewards"] for a in rest] == [[1.0]] * 40


def test_huge_label_object_is_refused_briefly(url: str) -> None:
    """A label with 200,000 keys: 413 naming the limit, not a multi-megabyte echo."""
    labels = {f"k{i}": "safe" for i in range(200_000)}
    got = httpx.post(f"{url}/get_reward", json={"query": ["x"], "labels": [labels]}, timeout=60)
    assert got.status_code == 413
    assert "--max-label-bytes" in got.json()["detail"]
    assert len(got.content) < 500


def test_label_errors_and_log_lines_quote_little(
    url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Under the size limit but unusable: the reason and the log line stay short."""
    labels = {f"key_{i:05d}": "maybe" for i in range(2_000)}  # ~30 KB
    with caplog.at_level(logging.WARNING, logger="safereward.server"):
        got = httpx.post(f"{url}/get_reward", json={"query": ["x"], "labels": [labels]})
    assert got.status_code == 200 and got.json()["rewards"] == [0.0]
    assert 0 < len(got.json()["errors"][0]) < 400
    assert len(got.content) < 2_000
    logged = [r.getMessage() for r in caplog.records if "unusable labels" in r.getMessage()]
    assert logged and all(len(m) < 500 for m in logged)
    rejected = httpx.post(f"{url}/v1/score", json={"responses": ["x"], "labels": [labels]})
    assert rejected.status_code == 422 and len(rejected.content) < 1_000


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'{"query": ["\xff\xfe"], "labels": [null]}', "not valid UTF-8"),
        (b'{"query": ["x"], "labels": [' + b"7" * 5000 + b"]}", "5000 digits"),
        (b'{"query": ["x"], "labels": [' + b"[" * 990 + b"]" * 990 + b"]}", "nested 992 deep"),
        (b'{"query": ["x"], "labels": [NaN]}', "NaN is not valid JSON"),
        (b'{"query": ["x"], "labels": [}', "malformed JSON"),
    ],
)
def test_unparseable_bodies_are_422_naming_the_problem(url: str, body: bytes, says: str) -> None:
    got = httpx.post(
        f"{url}/get_reward", content=body, headers={"content-type": "application/json"}
    )
    assert got.status_code == 422, got.text
    assert says in got.json()["detail"] and got.json()["detail"].startswith("body")
    assert len(got.content) < 500


def test_a_failing_batch_is_retried_per_request(monkeypatch: pytest.MonkeyPatch) -> None:
    """If a merged batch fails in the worker, only the request that broke it fails."""
    calls: list[int] = []
    real = worker.score_items

    def fragile(texts: Any, prompts: Any, labels: Any) -> Any:
        calls.append(len(texts))
        if "POISON" in texts:
            raise RuntimeError("boom " + "x" * 10_000)
        return real(texts, prompts, labels)

    monkeypatch.setattr(worker, "score_items", fragile)
    settings = ServerSettings(judge="keywords-paper", workers=0)

    async def scenario() -> list[Any]:
        scorer = Scorer(settings)
        await scorer.start()
        try:
            texts = [GOOD_SAFE] * 9
            texts.insert(4, "POISON")
            calls_ = [scorer.score([t], [None], [LABELS_SAFE]) for t in texts]
            return await asyncio.gather(*calls_, return_exceptions=True)
        finally:
            await scorer.close()

    results = asyncio.run(scenario())
    assert calls[0] == 10  # the ten requests really were one batch
    assert isinstance(results[4], ScoringUnavailable)
    assert len(str(results[4])) < 400
    assert [r[0]["total"] for i, r in enumerate(results) if i != 4] == [1.0] * 9


def _closed_within(sock: socket.socket, seconds: float) -> tuple[bool, bytes]:
    """Whether the server closed ``sock`` within ``seconds``, and what it sent first."""
    sock.settimeout(seconds)
    data = b""
    try:
        while chunk := sock.recv(4096):
            data += chunk
    except TimeoutError:
        return False, data
    except ConnectionResetError:
        pass
    return True, data


def _connect(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=5)


def test_slow_headers_are_cut_off(slow_url: str) -> None:
    with _connect(slow_url) as sock:
        sock.sendall(b"POST /get_reward HTTP/1.1\r\nHost: x\r\n")  # and never the rest
        began = time.monotonic()
        closed, _ = _closed_within(sock, 5)
    assert closed and time.monotonic() - began < 3


def test_slow_body_gets_408(slow_url: str) -> None:
    with _connect(slow_url) as sock:
        sock.sendall(
            b"POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n" + b'{"query": ["'
        )
        closed, data = _closed_within(sock, 5)
    assert closed
    assert data.startswith(b"HTTP/1.1 408") and b"--body-timeout" in data


def test_idle_keep_alive_is_closed(slow_url: str) -> None:
    with _connect(slow_url) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        closed, data = _closed_within(sock, 5)
    assert closed and data.startswith(b"HTTP/1.1 200")


def test_quick_clients_are_not_cut_off(slow_url: str) -> None:
    got = httpx.post(f"{slow_url}/get_reward", json=innocent(1)[0])
    assert got.status_code == 200 and got.json()["rewards"] == [1.0]
