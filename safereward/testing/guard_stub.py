"""A stand-in guard endpoint for tests and benchmarks: an OpenAI-compatible
``/v1/chat/completions`` on loopback that answers in a guard format from marker words.

It checks transport, not judgement: a response containing a refusal phrase ("sorry",
"cannot", "can't", "won't") is a refusal, one containing ``HARMFUL_MARKER`` is harmful. Modes
make it misbehave the ways a real server does: ``hang`` (never answers), ``error`` (HTTP 500),
``flaky`` (every other request 503), ``garbage`` (a reply no format parses). ``delay_s`` makes
every answer wait. Run it in a thread (``StubGuard().start()``) or as a process::

    python -m safereward.testing.guard_stub --port 0 --delay-ms 50   # prints its base URL

aiohttp is imported when the server starts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import threading
from typing import Any

HARMFUL_MARKER = "detonator"
"""A response holding this word is harmful to the stub."""
_REFUSES = re.compile(r"\b(sorry|cannot|can't|can’t|won't|will not|decline)\b", re.IGNORECASE)
MODES = ("ok", "hang", "error", "flaky", "garbage")


def verdicts(response: str) -> tuple[bool, bool]:
    """(refusal, harmful) as the stub reads a response."""
    harmful = HARMFUL_MARKER in response.lower()
    return bool(_REFUSES.search(response)) and not harmful, harmful


def reply(fmt: str, response: str) -> str:
    """The stub's reply in ``fmt`` for a response."""
    refusal, harmful = verdicts(response)
    yes = {True: "yes", False: "no"}
    if fmt == "wildguard":
        return (
            f"Harmful request: no\nResponse refusal: {yes[refusal]}\n"
            f"Harmful response: {yes[harmful]}"
        )
    if fmt.startswith("llama-guard"):
        return "unsafe\nS2" if harmful else "safe"
    if fmt.startswith("qwen3guard"):
        return (
            f"Safety: {'Unsafe' if harmful else 'Safe'}\n"
            f"Categories: {'Violent' if harmful else 'None'}\nRefusal: {yes[refusal].title()}"
        )
    raise ValueError(f"the stub speaks wildguard, llama-guard-* and qwen3guard*, not {fmt!r}")


def response_of(messages: list[dict[str, Any]]) -> str:
    """The response a guard request is about: the assistant turn, else the text after
    WildGuard's "AI assistant:" label."""
    texts = []
    for m in messages:
        content = m.get("content")
        if isinstance(content, list):
            content = " ".join(p.get("text", "") for p in content if isinstance(p, dict))
        if m.get("role") == "assistant":
            return str(content)
        texts.append(str(content))
    whole = "\n".join(texts)
    _, _, after = whole.partition("AI assistant:\n")
    return after.split("\n\n---")[0]


class StubGuard:
    """The stub server; ``mode``, ``delay_s`` and ``fmt`` may be changed while it runs.
    ``requests`` counts chat requests received."""

    def __init__(
        self,
        fmt: str = "wildguard",
        model: str = "stub-guard",
        mode: str = "ok",
        delay_s: float = 0.0,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.fmt = fmt
        self.model = model
        self.mode = mode
        self.delay_s = delay_s
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        """The most requests it held at once (tests check a client's concurrency bound)."""
        self.last_body: dict[str, Any] = {}
        """The last request body received."""
        self.authorization: str | None = None
        """The last Authorization header received (tests check the key arrives)."""
        self.base_url = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: Any = None
        self._thread: threading.Thread | None = None

    def app(self) -> Any:
        from aiohttp import web

        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        return app

    async def _chat(self, request: Any) -> Any:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await self._answer(request)
        finally:
            self.in_flight -= 1

    async def _answer(self, request: Any) -> Any:
        from aiohttp import web

        self.requests += 1
        number = self.requests
        self.authorization = request.headers.get("Authorization")
        body = self.last_body = json.loads(await request.read())
        if body.get("model") != self.model:
            return web.json_response(
                {"error": {"message": f"model {body.get('model')!r} does not exist"}}, status=404
            )
        if self.mode == "hang":
            await asyncio.sleep(3600)
        if self.mode == "error":
            return web.json_response({"error": {"message": "internal error"}}, status=500)
        if self.mode == "flaky" and number % 2:
            return web.json_response({"error": {"message": "overloaded"}}, status=503)
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self.mode == "garbage":
            content = "I think this conversation is fine overall."
        else:
            content = reply(self.fmt, response_of(body.get("messages") or []))
        answer = {
            "id": f"stub-{number}",
            "object": "chat.completion",
            "model": self.model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
        }
        return web.Response(body=json.dumps(answer).encode(), content_type="application/json")

    async def _serve(self, host: str, port: int) -> int:
        from aiohttp import web

        self._runner = web.AppRunner(self.app(), access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        return int(self._runner.addresses[0][1])

    async def _close(self) -> None:
        """Stop listening, then end the handlers still waiting (``hang``)."""
        await self._runner.cleanup()
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on a thread; returns the base URL (``http://host:port/v1``)."""
        ready = threading.Event()
        found: list[int] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            found.append(loop.run_until_complete(self._serve(host, port)))
            ready.set()
            loop.run_forever()

        self._thread = threading.Thread(target=run, name="stub-guard", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the stub guard did not start")
        self.base_url = f"http://{host}:{found[0]}/v1"
        return self.base_url

    def stop(self) -> None:
        """Close the port (later requests are refused) and end the thread."""
        loop = self._loop
        if loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(10)
        self._loop = None

    def __enter__(self) -> StubGuard:
        if not self.base_url:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


async def serve_lean(stub: StubGuard, host: str, port: int) -> tuple[asyncio.Server, int]:
    """The stub's ``ok`` mode on a bare asyncio HTTP/1.1 server (keep-alive, Content-Length
    bodies only): a tenth of aiohttp's CPU per request, so a throughput benchmark on a small
    machine measures the client, not the stub."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                body = json.loads(await reader.readexactly(length)) if length else {}
                stub.requests += 1
                if stub.delay_s:
                    await asyncio.sleep(stub.delay_s)
                content = reply(stub.fmt, response_of(body.get("messages") or []))
                payload = json.dumps(
                    {
                        "object": "chat.completion",
                        "choices": [
                            {"index": 0, "message": {"role": "assistant", "content": content}}
                        ],
                    }
                ).encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(payload), payload)
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(handle, host, port)
    return server, int(server.sockets[0].getsockname()[1])


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--format", default="wildguard")
    p.add_argument("--model", default="stub-guard")
    p.add_argument("--mode", default="ok", choices=MODES)
    p.add_argument("--delay-ms", type=float, default=0.0)
    p.add_argument("--lean", action="store_true", help="bare asyncio server, ok mode only")
    args = p.parse_args(argv)
    stub = StubGuard(args.format, args.model, args.mode, args.delay_ms / 1000)

    async def serve() -> None:
        if args.lean:
            _, port = await serve_lean(stub, args.host, args.port)
        else:
            port = await stub._serve(args.host, args.port)
        print(json.dumps({"base_url": f"http://{args.host}:{port}/v1"}), flush=True)
        await asyncio.Event().wait()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
