"""A request whose scoring hangs is cut at the deadline; nobody else waits for it.

A custom rule sleeps on a marker (``server_rules``). Bounds are generous: this checks that the
other clients are not held until the deadline, not how fast the server is.
"""

from __future__ import annotations

import asyncio
import logging
import time

import httpx
import pytest
from server_helpers import GOOD_SAFE, LABELS_SAFE, running_server
from server_rules import DIE, HANG

DEADLINE_S = 12.0
SPARE_AFTER_S = 0.5
CLIENTS = 64


def body(answer_marker: str = "") -> dict:
    text = GOOD_SAFE.replace("Preheat", f"{answer_marker} Preheat") if answer_marker else GOOD_SAFE
    return {"responses": [text], "labels": [LABELS_SAFE]}


async def timed_post(client: httpx.AsyncClient, payload: dict) -> tuple[float, httpx.Response]:
    start = time.monotonic()
    reply = await client.post("/v1/score", json=payload)
    return time.monotonic() - start, reply


async def clients(base: str, n: int) -> list[tuple[float, httpx.Response]]:
    limits = httpx.Limits(max_connections=n)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        return await asyncio.gather(*(timed_post(client, body()) for _ in range(n)))


async def hang_among_clients(base: str) -> tuple[tuple[float, httpx.Response], list]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        stuck = asyncio.create_task(timed_post(client, body(HANG)))
        await asyncio.sleep(0.3)  # the hanging request is being scored when the others come
        others = await clients(base, CLIENTS)
        return await stuck, others


@pytest.mark.parametrize("workers", [1, 0])
def test_a_hanging_request_is_cut_at_the_deadline_and_nobody_waits_for_it(workers, caplog):
    settings = {
        "workers": workers,
        "reward": {"expression": "server_rules:HANGS"},
        "score_timeout_s": DEADLINE_S,
        "spare_after_s": SPARE_AFTER_S,
    }
    with caplog.at_level(logging.WARNING, "safereward.server"), running_server(**settings) as base:
        usual = max(t for t, _ in asyncio.run(clients(base, CLIENTS)))
        (stuck_s, stuck), others = asyncio.run(hang_among_clients(base))
        after = httpx.post(f"{base}/v1/score", json=body(), timeout=60)
    assert all(r.status_code == 200 for _, r in others)
    assert all(r.json()["results"][0]["total"] == 1.0 for _, r in others)
    slowest = max(t for t, _ in others)
    assert slowest < usual + SPARE_AFTER_S + 3.0, (slowest, usual)  # not held to the deadline
    assert stuck.status_code == 504
    assert "deadline of 12 s (--score-timeout)" in stuck.json()["detail"]
    assert DEADLINE_S - 0.5 < stuck_s < DEADLINE_S + 5.0
    assert "passed the scoring deadline of 12 s" in caplog.text and "replaced" in caplog.text
    assert after.status_code == 200 and after.json()["results"][0]["total"] == 1.0


def test_a_request_merged_with_a_hanging_one_is_answered_without_it(caplog):
    settings = {
        "workers": 1,
        "reward": {"expression": "server_rules:HANGS"},
        "score_timeout_s": DEADLINE_S,
        "spare_after_s": SPARE_AFTER_S,
    }

    async def merged(base: str) -> list[tuple[float, httpx.Response]]:
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            blocker = asyncio.create_task(timed_post(client, body(HANG)))
            await asyncio.sleep(0.3)  # the one worker is busy: the next ones queue, merged
            queued = [timed_post(client, body(m)) for m in (HANG, "", "")]
            return [*await asyncio.gather(*queued), await blocker]

    with caplog.at_level(logging.WARNING, "safereward.server"), running_server(**settings) as base:
        (_, hang), (a_s, a), (b_s, b), (_, first) = asyncio.run(merged(base))
    assert a.status_code == b.status_code == 200
    assert max(a_s, b_s) < DEADLINE_S - 3  # scored again alone on spares, not held to the end
    assert hang.status_code == first.status_code == 504


def test_a_worker_that_dies_is_replaced_logged_and_the_others_answered(caplog):
    settings = {"workers": 1, "reward": {"expression": "server_rules:DIES"}}

    async def scenario(base: str) -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            sent = [client.post("/v1/score", json=body(m)) for m in ("", DIE, "", "")]
            return await asyncio.gather(*sent)

    with caplog.at_level(logging.WARNING, "safereward.server"), running_server(**settings) as base:
        replies = asyncio.run(scenario(base))
        after = httpx.post(f"{base}/v1/score", json=body(), timeout=60)
    codes = [r.status_code for r in replies]
    assert codes == [200, 503, 200, 200]
    assert "the worker died" in replies[1].json()["detail"]
    assert "ended while scoring" in caplog.text and "it was replaced" in caplog.text
    assert after.status_code == 200


def test_the_cli_takes_the_deadline_flags():
    from safereward.cli.main import build_parser
    from safereward.cli.serve import settings_from_args

    parser = build_parser()
    args = parser.parse_args(["serve", "--score-timeout", "5", "--spare-after", "0"])
    settings = settings_from_args(args)
    assert settings.score_timeout_s == 5.0 and settings.spare_after_s is None
    defaults = settings_from_args(parser.parse_args(["serve"]))
    assert defaults.score_timeout_s == 60.0 and defaults.spare_after_s == 2.0
