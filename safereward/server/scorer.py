"""Scoring off the event loop: worker lanes fed by a coalescing queue, every job on a deadline.

OpenRLHF sends one query per request, thousands at once; a huge request can hold thousands of
items. Both are cut into requests of at most ``chunk_size`` items: a big request is split so its
chunks run on several workers, and small requests waiting in the queue are merged into one job
so the judge sees a batch. Each job runs on a lane (a worker process, or a thread of this
process with ``workers=0``); the event loop only moves data, so health checks answer while
scoring runs. Every request gets back exactly its own items, in order.

Nothing one request does holds up the others for long:

- A job still running ``spare_after_s`` after it started, while other requests wait, gets a
  spare lane for them (a warm one is kept ready), and the requests merged into it are scored
  again alone, so those co-batched with a slow one are answered without it. Spare lanes retire
  when they are no longer needed; there are at most ``2 * workers + 2`` lanes.
- A job still running at ``score_timeout_s`` is cut: its worker process is killed and replaced
  (a thread, which cannot be killed, is abandoned), and a request scored alone gets
  ``ScoringTimeout`` naming the deadline.
- A worker that dies is replaced and its requests retried alone once. Every replacement is
  logged at WARNING.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import contextlib
import logging
import multiprocessing
import queue
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from safereward.io import clip
from safereward.server import worker
from safereward.server.settings import ServerSettings

logger = logging.getLogger("safereward.server")

POLL_S = 0.05
"""How often a waiting job looks for a stalled lane while every lane is busy."""
STOP_S = 5.0
"""How long a retiring worker process may take to exit before it is killed."""


class ScoringUnavailable(RuntimeError):
    """A request could not be scored (its worker failed, even after a restart)."""


class ScoringTimeout(RuntimeError):
    """A request's scoring passed the server's deadline (``--score-timeout``)."""


class _LaneDied(RuntimeError):
    """The lane's worker process ended while it held a job."""


@dataclass(eq=False)
class _Request:
    texts: list[str]
    prompts: list[str | None]
    labels: list[Any]
    future: asyncio.Future[list[dict[str, Any]]] = field(repr=False)
    alone: bool = False
    """Run as a job of its own (a retry after its job failed, stalled or lost its worker)."""
    retried: bool = False
    """Already retried once after a worker died."""

    def again(self) -> _Request:
        return _Request(self.texts, self.prompts, self.labels, self.future, True, self.retried)


def _fail(request: _Request, exc: BaseException) -> None:
    if not request.future.done():
        request.future.set_exception(exc)


# -- lanes -----------------------------------------------------------------------------------


class _ProcessLane:
    """One worker process, spoken to over a pipe; ``kill`` really stops a stuck job."""

    def __init__(self, config: dict[str, Any], io: cf.ThreadPoolExecutor) -> None:
        self._config = config
        self._io = io
        self._conn: Any = None
        self._process: Any = None
        self.busy_since: float | None = None

    @property
    def name(self) -> str:
        pid = getattr(self._process, "pid", None)
        return f"worker process {pid}"

    async def start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=worker.serve_lane, args=(child, self._config), daemon=True
        )
        self._process.start()
        child.close()
        status, detail = await self._exchange(None)
        if status != "ready":
            self.kill()
            raise ScoringUnavailable(f"a scoring worker could not start: {clip(detail)}")

    async def call(
        self, texts: list[str], prompts: list[str | None], labels: list[Any]
    ) -> list[dict[str, Any]]:
        status, detail = await self._exchange((texts, prompts, labels))
        if status != "ok":
            raise RuntimeError(detail)
        return detail

    async def _exchange(self, message: Any) -> tuple[str, Any]:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._io, self._roundtrip, message)
        except (EOFError, OSError) as exc:
            raise _LaneDied(f"{self.name} ended (exit code {self.exitcode()})") from exc

    def _roundtrip(self, message: Any) -> tuple[str, Any]:
        if message is not None:
            self._conn.send(message)
        return self._conn.recv()

    def exitcode(self) -> int | None:
        with contextlib.suppress(Exception):
            self._process.join(0.5)
        return getattr(self._process, "exitcode", None)

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self._process.kill()

    async def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._conn.send(None)
        loop = asyncio.get_running_loop()
        with contextlib.suppress(Exception):
            await loop.run_in_executor(self._io, self._process.join, STOP_S)
        self.kill()
        with contextlib.suppress(Exception):
            self._conn.close()


class _ThreadLane:
    """A daemon thread of this process (``workers=0``: a GPU judge stays in one process). A
    stuck thread cannot be killed; ``kill`` abandons it, and it cannot block the exit."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name="safereward-score", daemon=True)
        self.busy_since: float | None = None

    @property
    def name(self) -> str:
        return f"scoring thread {self._thread.name}-{self._thread.ident}"

    async def start(self) -> None:
        self._thread.start()

    async def call(
        self, texts: list[str], prompts: list[str | None], labels: list[Any]
    ) -> list[dict[str, Any]]:
        done: cf.Future[list[dict[str, Any]]] = cf.Future()
        self._jobs.put((texts, prompts, labels, done))
        return await asyncio.wrap_future(done)

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            texts, prompts, labels, done = job
            if not done.set_running_or_notify_cancel():
                continue
            try:
                result = worker.score_items(texts, prompts, labels)
            except BaseException as exc:
                with contextlib.suppress(cf.InvalidStateError):  # abandoned at the deadline
                    done.set_exception(exc)
            else:
                with contextlib.suppress(cf.InvalidStateError):
                    done.set_result(result)

    def kill(self) -> None:
        self._jobs.put(None)  # ends the thread if it ever comes back

    async def stop(self) -> None:
        self._jobs.put(None)


_Lane = _ProcessLane | _ThreadLane


# -- the scorer -----------------------------------------------------------------------------


class Scorer:
    """Owns the lanes; ``await score(...)`` from request handlers."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self._config = settings.reward_config()
        self._io = cf.ThreadPoolExecutor(
            max_workers=2 * self.max_lanes + 2, thread_name_prefix="safereward-io"
        )
        self._lanes: list[_Lane] = []
        self._idle: list[_Lane] = []
        self._standby: asyncio.Task[_Lane] | None = None
        self._pending: deque[_Request] = deque()
        self._work: asyncio.Event | None = None
        self._freed: asyncio.Event | None = None
        self._collector: asyncio.Task[None] | None = None
        self._running: set[asyncio.Task[Any]] = set()
        self._closing = False
        self.in_flight = 0
        self.restarts = 0
        """Workers replaced since start (killed at the deadline, or died)."""

    @property
    def concurrency(self) -> int:
        return max(1, self.settings.workers)

    @property
    def max_lanes(self) -> int:
        """Lanes at most, spares included: room for a stuck job and the retries it splits
        into, beside the ``workers`` that keep the queue moving."""
        return 2 * self.concurrency + 2

    async def start(self) -> None:
        """Start the lanes and wait until each has built its reward, so config errors surface
        now, not mid-run."""
        if self.settings.workers == 0:
            worker.init_worker(self._config)
        self._work, self._freed = asyncio.Event(), asyncio.Event()
        started = await asyncio.gather(
            *(self._spawn() for _ in range(self.concurrency)), return_exceptions=True
        )
        lanes = [lane for lane in started if not isinstance(lane, BaseException)]
        if len(lanes) < len(started):
            for lane in lanes:
                await lane.stop()
            raise next(e for e in started if isinstance(e, BaseException))
        self._lanes, self._idle = list(lanes), list(lanes)
        self._keep_standby()
        self._collector = asyncio.create_task(self._collect())

    async def close(self) -> None:
        """Finish running jobs, then stop every lane (called after in-flight requests ended)."""
        if self._running:
            await asyncio.gather(*list(self._running), return_exceptions=True)
        self._closing = True
        if self._collector is not None:
            self._collector.cancel()
            await asyncio.gather(self._collector, return_exceptions=True)
        lanes = list(self._lanes)
        if self._standby is not None:
            standby = await asyncio.gather(self._standby, return_exceptions=True)
            lanes += [lane for lane in standby if not isinstance(lane, BaseException)]
        await asyncio.gather(*(lane.stop() for lane in lanes), return_exceptions=True)
        self._lanes, self._idle = [], []
        self._io.shutdown(wait=False, cancel_futures=True)

    async def score(
        self, texts: Sequence[str], prompts: Sequence[str | None], labels: Sequence[Any]
    ) -> list[dict[str, Any]]:
        """Score items in order; results line up one-to-one with the inputs."""
        if self._work is None or self._closing:
            raise ScoringUnavailable("the scorer is not running")
        loop = asyncio.get_running_loop()
        size = self.settings.chunk_size
        requests = []
        for start in range(0, len(texts), size):
            request = _Request(
                list(texts[start : start + size]),
                list(prompts[start : start + size]),
                list(labels[start : start + size]),
                loop.create_future(),
            )
            requests.append(request)
            self._push(request)
        self.in_flight += 1
        try:
            parts = await asyncio.gather(*(r.future for r in requests))
        finally:
            self.in_flight -= 1
        items = [item for part in parts for item in part]
        for item in items:
            if item.get("error"):
                item["error"] = clip(item["error"])  # an error may quote a huge label
        return items

    # -- dispatch ------------------------------------------------------------------------------
    def _push(self, request: _Request, first: bool = False) -> None:
        if first:
            self._pending.appendleft(request)
        else:
            self._pending.append(request)
        assert self._work is not None
        self._work.set()

    async def _next_request(self) -> _Request:
        assert self._work is not None
        while True:
            while self._pending:
                request = self._pending.popleft()
                if not request.future.done():  # answered by a retry, or abandoned
                    return request
            self._work.clear()
            await self._work.wait()

    async def _collect(self) -> None:
        while True:
            first = await self._next_request()
            lane = await self._lane()
            if first.future.done():  # answered while it waited for a lane
                self._release(lane)
                continue
            batch, count = [first], len(first.texts)
            while not first.alone and self._pending and count < self.settings.chunk_size:
                if self._pending[0].alone:
                    break
                request = self._pending.popleft()
                if not request.future.done():
                    batch.append(request)
                    count += len(request.texts)
            task = asyncio.create_task(self._run(lane, batch))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _lane(self) -> _Lane:
        """An idle lane; while every lane is busy, a spare one once a busy lane has stalled."""
        assert self._freed is not None
        while True:
            if self._idle:
                return self._idle.pop()
            if self._stalled() and len(self._lanes) < self.max_lanes:
                try:
                    return await self._add_spare()
                except Exception:  # keep serving with the lanes there are
                    logger.exception("safereward: a spare scoring worker failed to start")
            self._freed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._freed.wait(), POLL_S)

    def _stalled(self) -> bool:
        after = self.settings.spare_after_s
        if after is None:
            return False
        now = asyncio.get_running_loop().time()
        return any(
            lane.busy_since is not None and now - lane.busy_since >= after for lane in self._lanes
        )

    async def _add_spare(self) -> _Lane:
        standby, self._standby = self._standby, None
        lane = await standby if standby is not None else await self._spawn()
        self._lanes.append(lane)
        self._keep_standby()
        logger.info(
            "safereward: a scoring job has run for over %g s; a spare worker takes the "
            "requests behind it (%d workers now)",
            self.settings.spare_after_s,
            len(self._lanes),
        )
        return lane

    def _keep_standby(self) -> None:
        """A warm process for the next spare (threads start at once: none kept for them)."""
        if (
            self.settings.workers > 0
            and self.settings.spare_after_s is not None
            and self._standby is None
            and not self._closing
        ):
            self._standby = asyncio.create_task(self._spawn())

    async def _spawn(self) -> _Lane:
        lane: _Lane = (
            _ProcessLane(self._config, self._io) if self.settings.workers > 0 else _ThreadLane()
        )
        await lane.start()
        return lane

    def _release(self, lane: _Lane) -> None:
        assert self._freed is not None
        lane.busy_since = None
        if lane in self._lanes:
            if len(self._lanes) > self.concurrency and not self._stalled():
                self._lanes.remove(lane)  # a spare no longer needed
                self._spend(lane.stop())
            else:
                self._idle.append(lane)
        self._freed.set()

    def _replace(self, lane: _Lane, why: str) -> None:
        """Take ``lane`` out (killing its process), log it, and start another if needed."""
        self.restarts += 1
        lane.kill()
        if lane in self._lanes:
            self._lanes.remove(lane)
        logger.warning("safereward: %s %s; it was replaced", lane.name, why)
        if len(self._lanes) < self.concurrency and not self._closing:
            self._spend(self._refill())

    async def _refill(self) -> None:
        try:
            lane = await self._spawn()
        except Exception:
            logger.exception("safereward: a replacement scoring worker failed to start")
            return
        if self._closing:
            await lane.stop()
            return
        self._lanes.append(lane)
        self._release(lane)

    def _spend(self, coroutine: Any) -> None:
        task = asyncio.create_task(coroutine)
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    # -- one job -------------------------------------------------------------------------------
    async def _run(self, lane: _Lane, batch: list[_Request]) -> None:
        loop = asyncio.get_running_loop()
        texts = [t for r in batch for t in r.texts]
        prompts = [p for r in batch for p in r.prompts]
        labels = [lab for r in batch for lab in r.labels]
        lane.busy_since = started = loop.time()
        call = asyncio.ensure_future(lane.call(texts, prompts, labels))
        split = False
        try:
            after = self.settings.spare_after_s
            if len(batch) > 1 and after is not None:
                done, _ = await asyncio.wait({call}, timeout=after)
                if not done:  # slow: those merged with the slow one should not wait for it
                    split = True
                    for request in reversed(batch):
                        self._push(request.again(), first=True)
            left = self.settings.score_timeout_s - (loop.time() - started)
            results = await asyncio.wait_for(asyncio.shield(call), max(left, 0.0))
        except TimeoutError:
            deadline = self.settings.score_timeout_s
            self._replace(lane, f"passed the scoring deadline of {deadline:g} s on a job of "
                          f"{len(texts)} item(s) (--score-timeout)")  # fmt: skip
            call.cancel()
            if not split:
                error = ScoringTimeout(
                    f"scoring did not finish within the deadline of {deadline:g} s "
                    "(--score-timeout); the worker was replaced"
                )
                for request in batch:
                    if len(batch) == 1 or request.alone:
                        _fail(request, error)
                    else:
                        self._push(request.again())
            return
        except _LaneDied as exc:
            self._replace(lane, f"ended while scoring {len(texts)} item(s) ({exc})")
            for request in batch:
                if request.retried:
                    _fail(request, ScoringUnavailable(f"scoring failed: the worker died ({exc})"))
                else:
                    retry = request.again()
                    retry.retried = True
                    self._push(retry)
            return
        except Exception as exc:
            self._release(lane)
            if len(batch) == 1:
                _fail(batch[0], ScoringUnavailable(f"scoring failed: {clip(repr(exc))}"))
                return
            # One request's items may be what broke the batch: score each request alone, so
            # the innocent ones co-batched with it still get their rewards.
            logger.warning("safereward: a batch of %d requests failed (%s); retrying each alone",
                           len(batch), clip(repr(exc)))  # fmt: skip
            if not split:
                for request in batch:
                    self._push(request.again())
            return
        self._release(lane)
        start = 0
        for request in batch:
            end = start + len(request.texts)
            if not request.future.done():
                request.future.set_result(results[start:end])
            start = end
