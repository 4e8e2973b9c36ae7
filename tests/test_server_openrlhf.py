"""OpenRLHF 0.11.2's own HTTP reward client against the real server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from openrlhf.utils.agent import SingleTurnAgentExecutor
from server_helpers import (
    GOOD_SAFE,
    GOOD_UNSAFE,
    LABELS_SAFE,
    LABELS_UNSAFE,
    THINKING_BODY,
    FakeEngine,
    expand_pads,
    label_json,
    qwen3_vl_thinking_prompt,
    qwen25_vl_prompt,
    running_server,
)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with running_server(workers=1) as base:
        yield f"{base}/get_reward"


def test_fetch_rewards_via_http_one_rollout(url: str) -> None:
    prompt = qwen3_vl_thinking_prompt()
    executor = SingleTurnAgentExecutor(url)
    query = expand_pads(prompt, 128) + THINKING_BODY + "<|im_end|>"
    (info,) = asyncio.run(
        executor._fetch_rewards_via_http([query], [prompt], [label_json(LABELS_SAFE)])
    )
    assert info["rewards"] == [1.0] and info["scores"] == [1.0]
    assert info["extra_logs"]["recovery_fallback"] == [0.0]
    assert info["extra_logs"]["label_error"] == [0.0]


def test_fetch_rewards_via_http_shards_across_servers_in_order(url: str) -> None:
    prompt = qwen25_vl_prompt()
    responses = [GOOD_SAFE, GOOD_UNSAFE, GOOD_SAFE, GOOD_UNSAFE, GOOD_SAFE]
    labels = [LABELS_SAFE, LABELS_UNSAFE, LABELS_UNSAFE, LABELS_UNSAFE, "broken"]
    executor = SingleTurnAgentExecutor([url, url])
    shards = asyncio.run(
        executor._fetch_rewards_via_http(
            [expand_pads(prompt, 16) + r + "<|im_end|>" for r in responses],
            [prompt] * 5,
            labels,
        )
    )
    assert [len(s["rewards"]) for s in shards] == [3, 2]
    assert [r for s in shards for r in s["rewards"]] == [1.0, 1.0, 0.0, 1.0, 0.0]
    assert shards[1]["extra_logs"]["label_error"] == [0.0, 1.0]


def test_full_execute_over_http_with_a_real_vlm_processor(url: str) -> None:
    from safereward.testing.tiny import tiny_images, tiny_qwen2_5_vl_processor

    processor = tiny_qwen2_5_vl_processor()
    messages = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "Q?"}]}]
    prompt = processor.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    ids = processor.tokenizer(GOOD_UNSAFE, add_special_tokens=False)["input_ids"]
    engine = FakeEngine([*ids, processor.tokenizer.eos_token_id])
    output = asyncio.run(
        SingleTurnAgentExecutor(url).execute(
            prompt,
            label_json(LABELS_UNSAFE),
            SimpleNamespace(max_tokens=256, logprobs=None),
            4096,
            processor,
            engine,
            images=tiny_images(1),
        )
    )
    assert output["reward"] == [1.0]
    assert output["extra_logs"]["recovery_fallback"] == [0.0]
