"""Scoring off the event loop: a worker pool fed by a coalescing queue.

OpenRLHF sends one query per request, thousands at once; a huge request can hold thousands of
items. Both are cut into jobs of at most ``chunk_size`` items: a big request is split so its
chunks run on several workers, and small requests waiting in the queue are merged into one job
so the judge sees a batch. At most ``workers`` jobs run at a time; the event loop only moves
data, so health checks answer while scoring runs. Every request gets back exactly its own
items, in order.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import logging
import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from safereward.quoting import clip
from safereward.server import worker
from safereward.server.settings import ServerSettings

logger = logging.getLogger("safereward.server")


class ScoringUnavailable(RuntimeError):
    """The pool could not score a job even after being restarted."""


def _fail(job: _Job, exc: BaseException) -> None:
    if not job.future.done():
        job.future.set_exception(ScoringUnavailable(f"scoring failed: {clip(repr(exc))}"))


@dataclass
class _Job:
    texts: list[str]
    prompts: list[Any]
    labels: list[Any]
    future: asyncio.Future[list[dict[str, Any]]] = field(repr=False)


class Scorer:
    """Owns the pool; ``await score(...)`` from request handlers."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self._config = settings.reward_config()
        self._executor: cf.Executor | None = None
        self._queue: asyncio.Queue[_Job] | None = None
        self._collector: asyncio.Task[None] | None = None
        self._running: set[asyncio.Task[None]] = set()
        self.in_flight = 0

    @property
    def concurrency(self) -> int:
        return max(1, self.settings.workers)

    async def start(self) -> None:
        """Start the pool and warm every worker, so config errors surface now, not mid-run."""
        self._executor = self._new_executor()
        loop = asyncio.get_running_loop()
        await asyncio.gather(
            *(loop.run_in_executor(self._executor, worker.ping) for _ in range(self.concurrency))
        )
        self._queue = asyncio.Queue()
        self._collector = asyncio.create_task(self._collect())

    async def close(self) -> None:
        """Finish running jobs, then stop the pool (called after in-flight requests ended)."""
        if self._running:
            await asyncio.gather(*self._running, return_exceptions=True)
        if self._collector is not None:
            self._collector.cancel()
            await asyncio.gather(self._collector, return_exceptions=True)
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=False)
            self._executor = None

    async def score(
        self, texts: Sequence[str], prompts: Sequence[Any], labels: Sequence[Any]
    ) -> list[dict[str, Any]]:
        """Score items in order; results line up one-to-one with the inputs."""
        if self._queue is None:
            raise ScoringUnavailable("the scorer has not been started")
        loop = asyncio.get_running_loop()
        size = self.settings.chunk_size
        jobs = []
        for start in range(0, len(texts), size):
            job = _Job(
                list(texts[start : start + size]),
                list(prompts[start : start + size]),
                list(labels[start : start + size]),
                loop.create_future(),
            )
            jobs.append(job)
            self._queue.put_nowait(job)
        self.in_flight += 1
        try:
            parts = await asyncio.gather(*(job.future for job in jobs))
        finally:
            self.in_flight -= 1
        items = [item for part in parts for item in part]
        for item in items:
            if item.get("error"):
                item["error"] = clip(item["error"])  # an error may quote a huge label
        return items

    async def _collect(self) -> None:
        assert self._queue is not None
        slots = asyncio.Semaphore(self.concurrency)
        while True:
            await slots.acquire()
            batch = [await self._queue.get()]
            count = len(batch[0].texts)
            while not self._queue.empty() and count < self.settings.chunk_size:
                job = self._queue.get_nowait()
                batch.append(job)
                count += len(job.texts)
            task = asyncio.create_task(self._run(batch))
            self._running.add(task)
            task.add_done_callback(lambda t: (self._running.discard(t), slots.release()))

    async def _run(self, batch: list[_Job]) -> None:
        texts = [t for job in batch for t in job.texts]
        prompts = [p for job in batch for p in job.prompts]
        labels = [lab for job in batch for lab in job.labels]
        try:
            results = await self._submit(texts, prompts, labels)
        except Exception as exc:
            if len(batch) == 1:
                _fail(batch[0], exc)
                return
            # One request's items may be what broke the batch: score each request alone, so
            # the innocent ones co-batched with it still get their rewards.
            logger.warning("safereward: a batch of %d requests failed (%s); retrying each alone",
                           len(batch), clip(repr(exc)))  # fmt: skip
            for job in batch:
                try:
                    part = await self._submit(job.texts, job.prompts, job.labels)
                except Exception as alone:
                    _fail(job, alone)
                else:
                    if not job.future.done():
                        job.future.set_result(part)
            return
        start = 0
        for job in batch:
            end = start + len(job.texts)
            if not job.future.done():
                job.future.set_result(results[start:end])
            start = end

    async def _submit(
        self, texts: list[str], prompts: list[Any], labels: list[Any]
    ) -> list[dict[str, Any]]:
        """Run one job; a broken pool (a worker died) is replaced once and the job retried."""
        loop = asyncio.get_running_loop()
        for attempt in range(2):
            executor = self._executor
            if executor is None:
                raise ScoringUnavailable("the scorer is shut down")
            try:
                return await loop.run_in_executor(
                    executor, worker.score_items, texts, prompts, labels
                )
            except cf.BrokenExecutor:
                if attempt:
                    raise
                if self._executor is executor:
                    self._executor = self._new_executor()
                    executor.shutdown(wait=False, cancel_futures=True)
        raise AssertionError("unreachable")

    def _new_executor(self) -> cf.Executor:
        if self.settings.workers == 0:
            worker.init_worker(self._config)
            return cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="safereward-score")
        return cf.ProcessPoolExecutor(
            max_workers=self.settings.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=worker.init_worker,
            initargs=(self._config,),
        )
