"""Running the app under uvicorn, with a graceful shutdown that finishes in-flight requests."""

from __future__ import annotations

import logging
from typing import Any

from safereward.server.settings import ServerSettings

logger = logging.getLogger("safereward.server")


def uvicorn_config(settings: ServerSettings, **overrides: Any) -> Any:
    """The ``uvicorn.Config`` for ``settings`` (tests run it in a thread via ``uvicorn.Server``)."""
    import uvicorn

    from safereward.server.app import create_app

    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_level": settings.log_level,
        # SIGTERM/SIGINT: stop accepting, let running requests finish (up to this long),
        # then the app's lifespan stops the scoring pool.
        "timeout_graceful_shutdown": settings.graceful_timeout_s,
        "backlog": 4096,  # OpenRLHF opens one connection per rollout, thousands at once
        "timeout_keep_alive": 30,
    }
    options.update(overrides)
    return uvicorn.Config(create_app(settings), **options)


def serve(settings: ServerSettings) -> None:
    """Serve until SIGINT/SIGTERM."""
    import uvicorn

    if not settings.loopback:
        logger.warning(
            "safereward: listening on %s, beyond loopback; the server has no authentication",
            settings.host,
        )
    uvicorn.Server(uvicorn_config(settings)).run()
