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
        "timeout_keep_alive": settings.keep_alive_timeout_s,
        "http": header_timeout_protocol(settings.header_timeout_s),
    }
    options.update(overrides)
    return uvicorn.Config(create_app(settings), **options)


def header_timeout_protocol(seconds: float) -> type:
    """uvicorn's h11 protocol, closing a connection whose request headers are too slow.

    uvicorn times out only idle keep-alive connections (and any byte resets that timer), so a
    client that connects and then sends headers a byte at a time would hold its connection
    forever. Here the clock starts when a connection opens, or with the first byte of a later
    request on it, and stops when the request's headers are complete. Bodies are bounded in
    the app (``BodyGuard``).
    """
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderTimeoutH11Protocol(H11Protocol):
        _header_timer: Any = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._header_timer = self.loop.call_later(seconds, self._headers_too_slow)

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE:
                self._stop_header_clock()
            elif self._header_timer is None and not self.transport.is_closing():
                self._header_timer = self.loop.call_later(seconds, self._headers_too_slow)

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_header_clock()
            super().connection_lost(exc)

        def _stop_header_clock(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_too_slow(self) -> None:
            self._header_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

    return HeaderTimeoutH11Protocol


def serve(settings: ServerSettings) -> None:
    """Serve until SIGINT/SIGTERM."""
    import uvicorn

    if not settings.loopback:
        logger.warning(
            "safereward: listening on %s, beyond loopback; the server has no authentication",
            settings.host,
        )
    uvicorn.Server(uvicorn_config(settings)).run()
