"""The FastAPI application: routes, request limits, and error bodies that name the field.

Status codes:
- 200: every item scored, in order. On ``/get_reward`` an item whose labels are unusable
  scores 0 and says why in ``errors`` (and ``label_error`` in ``extra_logs``): OpenRLHF retries
  a failed request five times and then trains on without that rollout's reward, so a request
  that can be answered is answered.
- 408: the body did not arrive within ``--body-timeout`` (the connection is closed).
- 413: body, batch, a single text, or one item's labels (size or nesting) over its limit; the
  message gives the limit and its flag.
- 422: a body that cannot be read as the request (invalid UTF-8, malformed JSON, nesting over
  ``--max-json-depth``, a number of over 100 digits, wrong types, lists of different lengths,
  missing ``labels``), or on ``/v1/score`` an unusable label (unless the request asks
  ``on_label_error: "zero"``); the message names the field.
- 503: this request's own items could not be scored even after a worker restart.
- 504: scoring this request passed the deadline (``--score-timeout``); its worker was killed
  and replaced, and no other request waited for it beyond ``--spare-after``.

Every request is checked (sizes, label limits) before its items join a batch with other
clients' items, and a batch that fails is retried one request at a time, so one bad request
can only fail itself. Messages and log lines quote at most a few hundred characters of input.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from safereward import __version__
from safereward.quoting import clip
from safereward.server.bodies import LimitError, check_values, parse_json
from safereward.server.models import (
    ErrorBody,
    GetRewardRequest,
    GetRewardResponse,
    Health,
    ScoreRequest,
    ScoreResponse,
)
from safereward.server.scorer import Scorer, ScoringTimeout, ScoringUnavailable
from safereward.server.settings import ServerSettings
from safereward.server.worker import Asked

logger = logging.getLogger("safereward.server")

MAX_LISTED_ERRORS = 5
ERRORS = {code: {"model": ErrorBody} for code in (408, 413, 422, 503, 504)}


class BodyTimeout(HTTPException):
    def __init__(self, seconds: float) -> None:
        super().__init__(
            status_code=408,
            detail=f"request body not received within {seconds:g} s (--body-timeout)",
            headers={"Connection": "close"},
        )


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    """A server for ``settings``; the pool starts with the app's lifespan."""
    settings = settings or ServerSettings()
    scorer = Scorer(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await scorer.start()
        logger.info("safereward: scoring with %s", _describe(settings))
        try:
            yield
        finally:
            await scorer.close()

    app = FastAPI(
        title="safereward",
        version=__version__,
        description="SafeGRPO's verifiable reward over HTTP: OpenRLHF's /get_reward and a "
        "JSON API with the full breakdown.",
        lifespan=lifespan,
    )
    app.state.scorer = scorer
    app.state.settings = settings
    app.router.route_class = _json_route(settings.max_json_depth)
    app.add_middleware(BodyGuard, limit=settings.max_body_bytes, timeout_s=settings.body_timeout_s)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ScoringUnavailable, _unavailable)
    app.add_exception_handler(ScoringTimeout, _too_slow)

    @app.post("/get_reward", response_model=GetRewardResponse, responses=ERRORS)
    async def get_reward(body: GetRewardRequest) -> JSONResponse:
        """OpenRLHF's protocol (``--reward.remote_url http://HOST:PORT/get_reward``)."""
        _check_sizes(settings, "query", body.query)
        if body.prompts is not None:
            _check_sizes(settings, "prompts", body.prompts)
        _check_label_limits(settings, body.labels)
        prompts: list[str | None] = (
            list(body.prompts) if body.prompts is not None else [""] * len(body.query)
        )
        items = await scorer.score(body.query, prompts, body.labels)
        errors = [item["error"] for item in items]
        if any(errors):
            logger.warning(
                "safereward: %d of %d items had unusable labels and scored 0; first: %s",
                sum(e is not None for e in errors),
                len(errors),
                clip(next(e for e in errors if e)),
            )
        totals = [item["total"] for item in items]
        keys = list(items[0]["log"]) if items else []
        return JSONResponse(
            {
                "rewards": totals,
                "scores": totals,
                "extra_logs": {k: [item["log"][k] for item in items] for k in keys},
                "errors": [None if e is None else clip(e) for e in errors],
                "recovery": [item["recovery"] for item in items],
            }
        )

    @app.post("/v1/score", response_model=ScoreResponse, responses=ERRORS)
    async def score(body: ScoreRequest) -> JSONResponse:
        """Responses (not transcripts) with their labels and, optionally, their prompts; the
        full breakdown of each."""
        _check_sizes(settings, "responses", body.responses)
        asked: list[Asked | None] = [None] * len(body.responses)
        if body.prompts is not None:
            _check_sizes(settings, "prompts", [p for p in body.prompts if p is not None])
            asked = [None if p is None else Asked(p) for p in body.prompts]
        _check_label_limits(settings, body.labels)
        items = await scorer.score(body.responses, asked, body.labels)
        if body.on_label_error == "reject":
            # The reward read each item's labels as its schema declares them; one it could not
            # use (or left out while a rule compares them) rejects the request.
            _check_errors(items)
        keep = (
            "total",
            "terms",
            "violations",
            "refused",
            "answer_kind",
            "answer_rule",
            "reasoning_harmful",
            "harmful",
            "judge_fallback",
            "error",
        )
        return JSONResponse({"results": [{k: item[k] for k in keep} for item in items]})

    @app.get("/health", response_model=Health)
    async def health() -> dict[str, Any]:
        """Liveness and configuration; answers while scoring runs."""
        return {
            "status": "ok",
            "version": __version__,
            "preset": settings.preset,
            "judge": settings.judge or "preset default",
            "workers": settings.workers,
            "in_flight": scorer.in_flight,
            "limits": {
                "max_body_bytes": settings.max_body_bytes,
                "max_batch": settings.max_batch,
                "max_response_chars": settings.max_response_chars,
            },
        }

    return app


def _describe(settings: ServerSettings) -> str:
    mode = f"{settings.workers} worker process(es)" if settings.workers else "one in-process thread"
    return f"preset={settings.preset} judge={settings.judge or 'default'} on {mode}"


def _check_sizes(settings: ServerSettings, name: str, texts: Sequence[str]) -> None:
    if len(texts) > settings.max_batch:
        raise LimitError(
            f"'{name}' has {len(texts)} items; the limit is {settings.max_batch} per request "
            "(--max-batch)"
        )
    limit = settings.max_response_chars
    for i, text in enumerate(texts):
        if len(text) > limit:
            raise LimitError(
                f"'{name}[{i}]' has {len(text)} characters; the limit is {limit} "
                "(--max-response-chars)"
            )


def _check_label_limits(settings: ServerSettings, labels: Sequence[Any]) -> None:
    """Depth and size of every label, before the items are queued and pickled for a worker."""
    check_values(labels, "labels", settings.max_label_depth, settings.max_label_bytes)


def _check_errors(items: Sequence[Mapping[str, Any]]) -> None:
    problems = [
        {"loc": ("body", "labels", i), "msg": clip(item["error"]), "type": "label_error"}
        for i, item in enumerate(items)
        if item["error"]
    ]
    if problems:
        raise RequestValidationError(problems)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [_problem(e) for e in exc.errors()]
    more = len(problems) - MAX_LISTED_ERRORS
    detail = "; ".join(problems[:MAX_LISTED_ERRORS]) + (f"; and {more} more" if more > 0 else "")
    return JSONResponse({"detail": detail or "invalid request"}, status_code=422)


def _problem(error: Mapping[str, Any]) -> str:
    loc = tuple(error.get("loc", ()))
    if error.get("type") == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "")
        return f"body: malformed JSON at character {loc[-1] if len(loc) > 1 else 0}: {reason}"
    message = clip(str(error.get("msg", "invalid")).removeprefix("Value error, "))
    return f"{_location(loc)}: {message}"


def _location(loc: Sequence[Any]) -> str:
    parts = [p for p in loc if p != "body"]
    if not parts:
        return "body"
    text = clip(parts[0], 100)
    for part in parts[1:]:
        text += f"[{part}]" if isinstance(part, int) else f".{clip(part, 100)}"
    return text


async def _unavailable(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": clip(exc)}, status_code=503)


async def _too_slow(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": clip(exc)}, status_code=504)


class _JSONRequest(Request):
    """A request whose JSON body is parsed within the limits of ``bodies.parse_json``."""

    max_depth = 64

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = parse_json(await self.body(), self.max_depth)
        return self._json


def _json_route(max_depth: int) -> type[APIRoute]:
    """Routes that read bodies through ``_JSONRequest`` (FastAPI's documented extension point):
    invalid UTF-8, deep nesting and huge numbers become 422s naming the problem, not 400s."""
    request_class = type("BoundedJSONRequest", (_JSONRequest,), {"max_depth": max_depth})

    class BoundedJSONRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def bounded(request: Request) -> Response:
                return await handler(request_class(request.scope, request.receive))

            return bounded

    return BoundedJSONRoute


class BodyGuard:
    """413 for a body over ``limit`` bytes, by Content-Length or while it streams in; 408 for
    a body that has not fully arrived ``timeout_s`` after its headers (slow-body guard)."""

    def __init__(self, app: ASGIApp, limit: int, timeout_s: float) -> None:
        self.app = app
        self.limit = limit
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            response = JSONResponse({"detail": self._message(int(declared))}, status_code=413)
            await response(scope, receive, send)
            return
        received = 0
        done = False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_s

        async def limited() -> Message:
            nonlocal received, done
            if done:
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(deadline - loop.time(), 0))
            except TimeoutError:
                raise BodyTimeout(self.timeout_s) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise LimitError(self._message(received, streaming=True))
                done = not message.get("more_body", False)
            return message

        await self.app(scope, limited, send)

    def _message(self, size: int, streaming: bool = False) -> str:
        what = "more than" if streaming else ""
        return (
            f"request body of {what} {size} bytes exceeds the limit of {self.limit} bytes "
            "(--max-body-bytes)"
        ).replace("of  ", "of ")
