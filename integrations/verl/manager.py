"""The ``safegrpo`` reward manager for verl 0.9.1's reward loop.

verl imports this module through the package's ``verl.plugins`` entry point whenever ``verl`` is
imported (in the driver and in every Ray worker), so ``reward.reward_manager.name=safegrpo``
resolves everywhere without a file path. Config, the same keys as the reward file::

    reward.reward_manager.name=safegrpo
    +reward.reward_kwargs.preset=strict     # preset, judge, judge_kwargs, weights, tag_weight, ...
    +reward.reward_kwargs.batch_wait_s=0.01 # how long to gather concurrent samples into one batch

verl's reward loop asks for one sample at a time (``run_single``) but many at once, as
concurrent tasks on one event loop. The manager gathers the samples that arrive together and
scores them with one ``score_many`` call, so a model judge sees a batch, not single answers.
Decoding and scoring run in the loop's executor, as in verl's own managers: the event loop
only gathers. Each sample's ``reward_extra_info`` carries the hack monitor's flags
(``safereward.monitor``).
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from typing import Any

from verl import DataProto
from verl.experimental.reward_loop.reward_manager.base import RewardManagerBase
from verl.experimental.reward_loop.reward_manager.registry import get_reward_manager_cls, register

from safereward import RewardResult, SafeGRPOReward
from safereward.integrations.verl import MANAGER_NAME
from safereward.integrations.verl.common import (
    cached_reward,
    labels_of,
    log_fields,
    monitor_for,
    plain,
    prompt_of,
)
from safereward.monitor import HackMonitor

logger = logging.getLogger(__name__)

Scored = tuple[RewardResult, dict[str, float]]
"""A sample's result and its hack monitor flags."""
Pending = tuple[str, Any, "str | None", "asyncio.Future[Scored]"]
"""A sample waiting for its batch: response text, labels, prompt (None: not known), future."""

MANAGER_KEYS = ("batch_wait_s", "max_batch")
"""Manager options read from ``reward.reward_kwargs`` beside the reward's own config."""
CONFIG_PREFIX = "+reward.reward_kwargs.<key>"


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
        self.reward: SafeGRPOReward = cached_reward(options, CONFIG_PREFIX)
        self.monitor: HackMonitor = monitor_for(self.reward)
        self._pending: list[Pending] = []
        self._flush_handle: asyncio.TimerHandle | None = None

    async def run_single(self, data: DataProto) -> dict[str, Any]:
        item = data[-1]  # multi-turn outputs: the reward belongs to the last sequence
        responses = item.batch["responses"]
        length = int(item.batch["attention_mask"][-responses.shape[-1] :].sum())
        ids = responses[:length]
        text = await asyncio.get_running_loop().run_in_executor(
            None, lambda: self.tokenizer.decode(ids, skip_special_tokens=True)
        )
        extra_info = item.non_tensor_batch.get("extra_info")
        labels = labels_of(item.non_tensor_batch["reward_model"].get("ground_truth"), extra_info)
        result, hacks = await self._submit(text, labels, prompt_of(extra_info))
        return {"reward_score": result.total, "reward_extra_info": log_fields(result, hacks)}

    async def _submit(self, text: str, labels: Any, prompt: str | None = None) -> Scored:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Scored] = loop.create_future()
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

    def _score_batch(
        self, texts: list[str], labels: list[Any], prompts: list[str | None]
    ) -> list[Scored]:
        if any(p is not None for p in prompts):
            results = self.reward.score_many(texts, labels, prompts)
        else:  # data prepared without prompts in extra_info: scored as before
            results = self.reward.score_many(texts, labels)
        return list(zip(results, self.monitor.sample_logs(results), strict=True))

    async def _score(self, batch: list[Pending]) -> None:
        texts = [text for text, _, _, _ in batch]
        labels = [label for _, label, _, _ in batch]
        prompts = [prompt for _, _, prompt, _ in batch]
        try:
            results = await asyncio.get_running_loop().run_in_executor(
                None, self._score_batch, texts, labels, prompts
            )
        except Exception as exc:  # a judge failure must reach the awaiting samples, not hang them
            for *_, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for (*_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)


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
