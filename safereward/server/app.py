"""The FastAPI application: routes, request limits, and error bodies that name the field.

Status codes:
- 200: every item scored, in order. On ``/get_reward`` an item whose labels are unusable
  scores 0 and says why in ``errors`` (and ``label_error`` in ``extra_logs``): OpenRLHF retries
  a failed request five times and then trains on without that rollout's reward, so a request
  that can be answered is answered.
- 413: body, batch or a single text over its limit; the message gives the limit and its flag.
- 422: a body that cannot be read as the request (malformed JSON, wrong types, lists of
  different lengths, missing ``labels``), or on ``/v1/score`` an unusable label (unless the
  request asks ``on_label_error: "zero"``); the message names the field.
- 503: the scoring pool failed even after a restart.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from safereward import __version__
from safereward.labels import LabelError, SafetyLabels
from safereward.server.models import (
    ErrorBody,
    GetRewardRequest,
    GetRewardResponse,
    Health,
    ScoreRequest,
    ScoreResponse,
)
from safereward.server.scorer import Scorer, ScoringUnavailable
from safereward.server.settings import ServerSettings

logger = logging.getLogger("safereward.server")

MAX_LISTED_ERRORS = 5
ERRORS = {413: {"model": ErrorBody}, 422: {"model": ErrorBody}, 503: {"model": ErrorBody}}


class LimitError(HTTPException):
    def __init__(self, detail: str) -> None:
        super().__init__(status_code=413, detail=detail)


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
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ScoringUnavailable, _unavailable)

    @app.post("/get_reward", response_model=GetRewardResponse, responses=ERRORS)
    async def get_reward(body: GetRewardRequest) -> JSONResponse:
        """OpenRLHF's protocol (``--reward.remote_url http://HOST:PORT/get_reward``)."""
        _check_sizes(settings, "query", body.query)
        if body.prompts is not None:
            _check_sizes(settings, "prompts", body.prompts)
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
                next(e for e in errors if e),
            )
        totals = [item["total"] for item in items]
        keys = list(items[0]["log"]) if items else []
        return JSONResponse(
            {
                "rewards": totals,
                "scores": totals,
                "extra_logs": {k: [item["log"][k] for item in items] for k in keys},
                "errors": errors,
                "recovery": [item["recovery"] for item in items],
            }
        )

    @app.post("/v1/score", response_model=ScoreResponse, responses=ERRORS)
    async def score(body: ScoreRequest) -> JSONResponse:
        """Responses (not transcripts) with their labels; the full breakdown of each."""
        _check_sizes(settings, "responses", body.responses)
        if body.on_label_error == "reject":
            _check_labels(body.labels)
        items = await scorer.score(body.responses, [None] * len(body.responses), body.labels)
        if body.on_label_error == "reject":
            # Labels left out (null) pass the check above; a rule that needs them says so here.
            _check_errors(items)
        keep = ("total", "terms", "violations", "refused", "error")
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


def _check_labels(labels: Sequence[Any]) -> None:
    for i, item in enumerate(labels):
        if item is None:
            continue  # scored without labels; a rule that needs them says so in the item's error
        try:
            SafetyLabels.coerce(item)
        except LabelError as exc:
            raise RequestValidationError(
                [{"loc": ("body", "labels", i), "msg": str(exc), "type": "label_error"}]
            ) from None


def _check_errors(items: Sequence[Mapping[str, Any]]) -> None:
    problems = [
        {"loc": ("body", "labels", i), "msg": item["error"], "type": "label_error"}
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
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{_location(loc)}: {message}"


def _location(loc: Sequence[Any]) -> str:
    parts = [p for p in loc if p != "body"]
    if not parts:
        return "body"
    text = str(parts[0])
    for part in parts[1:]:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


async def _unavailable(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=503)


class BodyLimit:
    """413 for a body over ``limit`` bytes, by Content-Length or while it streams in."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

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

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise LimitError(self._message(received, streaming=True))
            return message

        await self.app(scope, limited, send)

    def _message(self, size: int, streaming: bool = False) -> str:
        what = "more than" if streaming else ""
        return (
            f"request body of {what} {size} bytes exceeds the limit of {self.limit} bytes "
            "(--max-body-bytes)"
        ).replace("of  ", "of ")
