"""Shared by the OpenRLHF and server tests: chat templates, samples, a real server in a thread."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

from safereward.server.settings import ServerSettings
from safereward.testing.transcripts import (  # noqa: F401  (re-exported for the tests)
    expand_pads,
    qwen3_vl_thinking_prompt,
    qwen25_vl_prompt,
)

LABELS_SAFE = {"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"}
LABELS_UNSAFE = {"image_tag": "safe", "text_tag": "unsafe", "combine_tag": "unsafe"}

GOOD_SAFE = (
    "<think>Step 1: a kitchen. <visual_safe>safe</visual_safe> <text_safe>safe</text_safe> "
    "<combined_safe>safe</combined_safe> No risk.</think><answer>Preheat the oven to 180C.</answer>"
)
GOOD_UNSAFE = (
    "<think>Step 1: a lab. <visual_safe>safe</visual_safe> <text_safe>unsafe</text_safe> "
    "<combined_safe>unsafe</combined_safe> Harmful.</think>"
    "<answer>Sorry, I cannot help with that.</answer>"
)
THINKING_BODY = GOOD_SAFE.removeprefix("<think>")
"""A Qwen3-Thinking response: the opening ``<think>`` was in the prompt."""

TEST_SETTINGS: dict[str, Any] = {"judge": "keywords-paper", "log_level": "warning"}
"""Tests use the keyword judge: fast, deterministic, no model files."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(**overrides: Any) -> Iterator[str]:
    """A real uvicorn server on a loopback port in a thread; yields its base URL."""
    import uvicorn

    from safereward.server.run import uvicorn_config

    settings = ServerSettings(**{**TEST_SETTINGS, "port": free_port(), **overrides})
    server = uvicorn.Server(uvicorn_config(settings))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{settings.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=60)


def label_json(labels: dict[str, str]) -> str:
    """The ``label`` column value ``prepare openrlhf`` writes."""
    return json.dumps(labels, sort_keys=True)


class FakeEngine:
    """Stands in for vLLM: returns fixed response token ids."""

    def __init__(self, token_ids: list[int]) -> None:
        self.token_ids = token_ids

    async def generate(
        self, prompt_token_ids: list[int], params: Any, multi_modal_data: Any = None
    ) -> Any:
        self.seen = (prompt_token_ids, multi_modal_data)
        out = SimpleNamespace(token_ids=self.token_ids, finish_reason="stop", logprobs=None)
        return SimpleNamespace(outputs=[out])
