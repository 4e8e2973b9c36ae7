"""The ``safegrpo`` reward manager for verl 0.9.1's reward loop.

verl imports this module through the package's ``verl.plugins`` entry point whenever ``verl`` is
imported (in the driver and in every Ray worker), so ``reward.reward_manager.name=safegrpo``
resolves everywhere without a file path. Config, the same keys as the reward file::

    reward.reward_manager.name=safegrpo
    +reward.reward_kwargs.preset=strict     # preset, judge, judge_kwargs, weights, tag_weight, ...
    +reward.reward_kwargs.batch_wait_s=0.01 # how long to gather concurrent samples into one batch

    +reward.timeout=300                     # seconds a sample may take (verl's `limit` key)

verl's reward loop asks for one sample at a time (``run_single``) but many at once, as
concurrent tasks on one event loop. The manager gathers the samples that arrive together and
scores them with one ``score_many`` call, so a model judge sees a batch, not single answers.
Scoring runs on the manager's own daemon threads: the event loop only gathers. Each sample's
``reward_extra_info`` carries the hack monitor's flags (``safereward.monitor``).

Nothing raises out of ``run_single``: a batch that fails is scored again sample by sample, a
sample that still fails scores 0 with ``failed`` = 1 and the reason in ``error``; a batch
still running after ``reward.timeout`` seconds is scored again sample by sample, and a sample
past the timeout alone scores 0 with ``timeout`` = 1 (its thread is abandoned and replaced).
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import logging
import queue
import threading
import warnings
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

IMPORTLIB_OVERRIDES = (
    "reward.reward_manager.source=importlib "
    "reward.reward_manager.module.path=pkg://safereward.integrations.verl.manager "
    "reward.reward_manager.name=SafeGRPORewardManager"
)
"""verl's fallback to the plugin entry point: the manager imported by name where it is used
(verl takes the class name from ``reward.reward_manager.name`` with this source)."""

try:
    from verl import DataProto
    from verl.experimental.reward_loop.reward_manager.base import RewardManagerBase
    from verl.experimental.reward_loop.reward_manager.registry import (
        get_reward_manager_cls,
        register,
    )

    from safereward import SafeGRPOReward
    from safereward.integrations.verl import MANAGER_NAME
    from safereward.integrations.verl.common import (
        cached_reward,
        failed_sample,
        labels_of,
        monitor_for,
        old_keys_in_config,
        overrides_in_argv,
        plain,
        prompt_of,
        score_samples,
        warn_old_keys,
    )
    from safereward.isolation import reason_of
    from safereward.monitor import HackMonitor
    from safereward.refusal.guard.backends import GuardEndpointError
except Exception as exc:  # verl logs a plugin that fails to load at DEBUG only: say it here
    logger.warning(
        "safereward: the 'safegrpo' reward manager could not be loaded (%s: %s), so "
        "reward.reward_manager.name=safegrpo will fail as not registered. Fix the cause; "
        "verl's own loader then shows it in full with: %s",
        type(exc).__name__,
        exc,
        IMPORTLIB_OVERRIDES,
    )
    raise

Sample = tuple[float, dict[str, Any]]
"""A sample's score and its ``reward_extra_info``."""
Pending = tuple[str, Any, "str | None", "asyncio.Future[Sample]"]
"""A sample waiting for its batch: response text, labels, prompt (None: not known), future."""

MANAGER_KEYS = ("batch_wait_s", "max_batch")
"""Manager options read from ``reward.reward_kwargs`` beside the reward's own config."""
CONFIG_PREFIX = "+reward.reward_kwargs.<key>"
DEFAULT_TIMEOUT_S = 300.0
"""``reward.timeout`` when unset: verl's ``limit`` manager's default."""
SCORING_THREADS = 4


class SafeGRPORewardManager(RewardManagerBase):
    """Scores SafeGRPO responses in batches, answering as verl's reward loop expects."""

    def __init__(
        self,
        config: Any,
        tokenizer: Any,
        compute_score: Any = None,
        reward_router_address: str | None = None,
        reward_model_tokenizer: Any = None,
    ) -> None:
        super().__init__(config, tokenizer, compute_score)
        warn_old_keys(old_keys_in_config(config), "the verl config")
        custom = (config.reward.get("custom_reward_function") or {}).get("path")
        if custom:
            raise ValueError(
                f"reward.reward_manager.name={MANAGER_NAME} scores with safereward itself; "
                f"unset reward.custom_reward_function.path ({custom}) or use "
                "reward.reward_manager.name=naive with that file"
            )
        options = plain(config.reward.get("reward_kwargs") or {})
        self.batch_wait_s = float(options.pop("batch_wait_s", 0.01))
        self.max_batch = int(options.pop("max_batch", 1024))
        self.timeout_s = _timeout(config.reward.get("timeout", DEFAULT_TIMEOUT_S))
        self.reward: SafeGRPOReward = cached_reward(options, CONFIG_PREFIX)
        self.monitor: HackMonitor = monitor_for(self.reward)
        self._threads = _DaemonThreads(SCORING_THREADS)
        self._pending: list[Pending] = []
        self._flush_handle: asyncio.TimerHandle | None = None

    async def run_single(self, data: DataProto) -> dict[str, Any]:
        try:
            item = data[-1]  # multi-turn outputs: the reward belongs to the last sequence
            responses = item.batch["responses"]
            length = int(item.batch["attention_mask"][-responses.shape[-1] :].sum())
            ids = responses[:length]
            text = await asyncio.get_running_loop().run_in_executor(
                None, lambda: self.tokenizer.decode(ids, skip_special_tokens=True)
            )
            extra_info = item.non_tensor_batch.get("extra_info")
            truth = item.non_tensor_batch["reward_model"].get("ground_truth")
            labels = labels_of(truth, extra_info, self.reward.label_schema.column_names)
            prompt = prompt_of(extra_info)
        except Exception as exc:  # an odd sample must not abort verl's step
            reason = reason_of(exc)
            logger.warning("safereward: could not read a sample (%s); it scores 0", reason)
            score, extra = 0.0, failed_sample(self.reward, self.monitor, reason)
        else:
            score, extra = await self._submit(text, labels, prompt)
        return {"reward_score": score, "reward_extra_info": extra}

    async def _submit(self, text: str, labels: Any, prompt: str | None = None) -> Sample:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Sample] = loop.create_future()
        self._pending.append((text, labels, prompt, future))
        if len(self._pending) >= self.max_batch:
            self._flush()
        elif self._flush_handle is None:
            self._flush_handle = loop.call_later(self.batch_wait_s, self._flush)
        return await future

    def _flush(self) -> None:
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        batch, self._pending = self._pending, []
        if batch:
            asyncio.get_running_loop().create_task(self._score(batch))

    async def _score(self, batch: list[Pending]) -> None:
        texts = [text for text, _, _, _ in batch]
        labels = [label for _, label, _, _ in batch]
        prompts = [prompt for _, _, prompt, _ in batch]
        try:
            samples = await self._within_timeout(texts, labels, prompts)
            if samples is None and len(batch) > 1:  # which one hangs? each alone, own deadline
                alone = await asyncio.gather(
                    *(
                        self._within_timeout([t], [lab], [p])
                        for t, lab, p in zip(texts, labels, prompts, strict=True)
                    )
                )
                samples = [self._timed_out() if one is None else one[0] for one in alone]
            elif samples is None:
                samples = [self._timed_out()]
        except GuardEndpointError as exc:  # a bad guard config: stop verl's step, clearly
            for *_, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for (*_, future), sample in zip(batch, samples, strict=True):
            if not future.done():
                future.set_result(sample)

    async def _within_timeout(
        self, texts: list[str], labels: list[Any], prompts: list[str | None]
    ) -> list[Sample] | None:
        """The batch's samples, or None when it ran past the timeout (its thread is left
        behind and replaced). Never raises."""
        args = (self.reward, self.monitor, texts, labels, prompts)
        try:
            running = asyncio.wrap_future(self._threads.submit(score_samples, *args))
            return await asyncio.wait_for(running, self.timeout_s)
        except TimeoutError:
            self._threads.replace_one()
            logger.warning(
                "safereward: %d sample(s) still scoring after reward.timeout=%gs; %s",
                len(texts),
                self.timeout_s,
                "its thread is abandoned and replaced"
                if len(texts) == 1
                else "scoring each sample alone",
            )
            return None
        except GuardEndpointError:  # a guard endpoint that never answered (a bad config)
            raise
        except Exception as exc:  # score_samples never raises; the thread machinery might
            reason = reason_of(exc)
            logger.warning("safereward: scoring a batch of %d failed: %s", len(texts), reason)
            return [(0.0, failed_sample(self.reward, self.monitor, reason)) for _ in texts]

    def _timed_out(self) -> Sample:
        reason = f"timed out after reward.timeout={self.timeout_s:g}s"
        return 0.0, failed_sample(self.reward, self.monitor, reason, timed_out=True)


class _DaemonThreads:
    """A few daemon threads running scoring jobs. Unlike a ``ThreadPoolExecutor``'s, a thread
    stuck in a job can be left behind: it neither blocks the process's exit nor keeps the
    pool's capacity, since ``replace_one`` starts another."""

    def __init__(self, count: int) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[..., Any], tuple, cf.Future]] = (
            queue.SimpleQueue()
        )
        for _ in range(count):
            self.replace_one()

    def submit(self, fn: Callable[..., Any], *args: Any) -> cf.Future:
        future: cf.Future = cf.Future()
        self._jobs.put((fn, args, future))
        return future

    def replace_one(self) -> None:
        threading.Thread(target=self._serve, name="safereward-verl-score", daemon=True).start()

    def _serve(self) -> None:
        while True:
            fn, args, future = self._jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as exc:
                future.set_exception(exc)


def _timeout(value: Any) -> float | None:
    """``reward.timeout`` in seconds; null or <= 0 turns it off."""
    if value is None:
        return None
    seconds = float(value)
    return seconds if seconds > 0 else None


def _register() -> None:
    """Register once; a second copy of this module (loaded by file path) reuses the name.

    verl imports plugins swallowing their exceptions at debug level, so a raise here would
    never reach the user; a name taken by another manager is logged as an error and warned.
    """
    try:
        existing = get_reward_manager_cls(MANAGER_NAME)
    except ValueError:
        register(MANAGER_NAME)(SafeGRPORewardManager)
        return
    if existing.__qualname__ != SafeGRPORewardManager.__qualname__:
        message = (
            f"safereward: reward manager name {MANAGER_NAME!r} is already taken by {existing}; "
            f"reward.reward_manager.name={MANAGER_NAME} will not run safereward's manager"
        )
        logger.error(message)
        warnings.warn(message, RuntimeWarning, stacklevel=2)


_register()
# The SafeGRPO release's script configures its reward with keys verl 0.9.1 ignores; verl
# imports this module in its driver before reading them, so say so while it can matter.
warn_old_keys(overrides_in_argv(), "the command line")
