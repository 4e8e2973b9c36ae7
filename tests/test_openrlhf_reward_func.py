"""The reward file through OpenRLHF 0.11.2's own SingleTurnAgentExecutor (its real code)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
import torch
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
)

from safereward.integrations.openrlhf import REWARD_FILE
from safereward.monitor import SAMPLE_METRICS


@pytest.fixture
def executor(monkeypatch: pytest.MonkeyPatch) -> SingleTurnAgentExecutor:
    monkeypatch.setenv("SAFEREWARD_JUDGE", "keywords-paper")
    return SingleTurnAgentExecutor(REWARD_FILE)


def fetch(executor: SingleTurnAgentExecutor, queries: list, prompts: list, labels: list) -> list:
    return asyncio.run(executor._fetch_rewards_via_func(queries, prompts, labels))


def as_experience_info(info: dict[str, Any]) -> dict[str, torch.Tensor]:
    """The conversions OpenRLHF's samples_generator applies to one rollout's reward info."""
    out = {"reward": torch.tensor([info["rewards"]]), "score": torch.tensor([info["scores"]])}
    for key, value in info["extra_logs"].items():
        if isinstance(value, torch.Tensor):
            value = value.flatten()[0].item()
        out[key] = torch.tensor([value])
    return out


def test_executor_loads_the_file_and_scores_vlm_queries(executor: SingleTurnAgentExecutor) -> None:
    assert executor.reward_func is not None
    p25, p3 = qwen25_vl_prompt(), qwen3_vl_thinking_prompt()
    queries = [
        expand_pads(p25, 64) + GOOD_SAFE + "<|im_end|>",
        expand_pads(p3, 64) + THINKING_BODY + "<|im_end|>",
        expand_pads(p25, 4) + GOOD_UNSAFE + "<|im_end|>",
        expand_pads(p25, 4) + GOOD_SAFE + "<|im_end|>",  # visual tag wrong: 0.5 * 0.75 + 0.5
    ]
    prompts = [p25, p3, p25, p25]
    visual_unsafe = {**LABELS_SAFE, "image_tag": "unsafe"}
    labels = [label_json(LABELS_SAFE), LABELS_SAFE, label_json(LABELS_UNSAFE), visual_unsafe]
    infos = fetch(executor, queries, prompts, labels)
    assert len(infos) == 4  # batch_size 1: one call per sample
    assert [float(i["rewards"][0]) for i in infos] == [1.0, 1.0, 1.0, 0.875]
    for info in infos:
        assert isinstance(info["rewards"], torch.Tensor) and info["rewards"].shape == (1,)
        logs = info["extra_logs"]
        assert logs["recovery_fallback"].item() == 0.0 and logs["label_error"].item() == 0.0
        converted = as_experience_info(info)
        assert converted["reward"].numel() == 1
    assert infos[0]["extra_logs"].keys() == infos[3]["extra_logs"].keys()


def test_hack_flags_reach_extra_logs(executor: SingleTurnAgentExecutor) -> None:
    prompt = qwen25_vl_prompt()
    padded = GOOD_SAFE.replace("<answer>", "<answer>" + "\n" * 40)
    hollow = GOOD_SAFE.replace("Preheat the oven to 180C.", "ok.")
    queries = [prompt + r for r in (padded, hollow, GOOD_SAFE)]
    infos = fetch(executor, queries, [prompt] * 3, [LABELS_SAFE] * 3)
    logs = [{k: v.item() for k, v in info["extra_logs"].items()} for info in infos]
    assert [log["hacks/padding"] for log in logs] == [1.0, 0.0, 0.0]
    assert [log["hacks/non_answer"] for log in logs] == [0.0, 1.0, 0.0]
    assert logs[2]["hacks/answer_chars"] == len("Preheat the oven to 180C.")
    assert all(list(log) == list(logs[0]) for log in logs)
    assert set(SAMPLE_METRICS) <= set(logs[0])
    failed = executor.reward_func([None], [None], [object()])  # keys hold on any input
    assert set(failed["extra_logs"]) == set(logs[0])


@pytest.mark.parametrize("bad", [None, "", "not json", {"image_tag": "maybe"}, 7, ["safe"]])
def test_bad_labels_score_zero_and_are_counted(executor: SingleTurnAgentExecutor, bad: Any) -> None:
    prompt = qwen25_vl_prompt()
    (info,) = fetch(executor, [prompt + GOOD_SAFE], [prompt], [bad])
    assert info["rewards"].tolist() == [0.0]
    assert info["extra_logs"]["label_error"].item() == 1.0
    assert info["extra_logs"]["internal_error"].item() == 0.0


def test_garbage_inputs_never_raise(executor: SingleTurnAgentExecutor) -> None:
    func = executor.reward_func
    out = func([None], [None], [None])
    assert out["rewards"].tolist() == [0.0]
    out = func(["a", "b"], ["a"], [LABELS_SAFE])  # short prompt/label lists are padded, not lost
    assert out["rewards"].shape == (2,)
    assert out["extra_logs"]["label_error"].tolist() == [0.0, 1.0]
    assert func([], [], [])["rewards"].shape == (0,)


def test_a_sample_the_judge_breaks_on_fails_alone(caplog: pytest.LogCaptureFixture) -> None:
    import numpy as np

    from safereward import SafeGRPOReward
    from safereward.integrations.openrlhf.reward_func import make_reward_func
    from safereward.refusal import KeywordJudge

    class BreaksOnPoison(KeywordJudge):
        def predict(self, answers):
            if any("POISON" in a for a in answers):
                raise RuntimeError("the judge broke")
            return super().predict(answers)

        def scores(self, answers):
            return np.asarray(self.predict(answers), dtype=np.float64)

    func = make_reward_func(SafeGRPOReward(judge=BreaksOnPoison()))
    prompt = qwen25_vl_prompt()
    poisoned = GOOD_SAFE.replace("Preheat", "POISON Preheat")
    queries = [prompt + GOOD_SAFE, prompt + poisoned, prompt + GOOD_SAFE]
    out = func(queries, [prompt] * 3, [LABELS_SAFE] * 3)
    assert out["rewards"].tolist() == [1.0, 0.0, 1.0]  # a batch of 3, scored again one by one
    assert out["extra_logs"]["internal_error"].tolist() == [0.0, 1.0, 0.0]
    assert out["extra_logs"]["label_error"].tolist() == [0.0, 0.0, 0.0]
    assert "the judge broke" in caplog.text


def test_preset_and_config_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The paper's keyword judge treats "unsafe" in a helpful answer as a refusal.
    text = GOOD_SAFE.replace("Preheat the oven to 180C.", "It is not unsafe: preheat to 180C.")
    monkeypatch.setenv("SAFEREWARD_PRESET", "paper")
    paper = SingleTurnAgentExecutor(REWARD_FILE).reward_func
    assert paper([text], [""], [LABELS_SAFE])["rewards"].tolist() == [0.5]  # behaviour lost
    monkeypatch.setenv("SAFEREWARD_CONFIG", '{"weights": {"tag": 1.0, "behavior": 0.0}}')
    tag_only = SingleTurnAgentExecutor(REWARD_FILE).reward_func
    assert tag_only([text], [""], [LABELS_SAFE])["rewards"].tolist() == [1.0]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SAFEREWARD_PRESET", "lenient", "preset"),
        ("SAFEREWARD_JUDGE", "no-such-judge", "no-such-judge"),
        ("SAFEREWARD_CONFIG", "{oops", "SAFEREWARD_CONFIG"),
        ("SAFEREWARD_CONFIG", '{"colour": 1}', "colour"),
    ],
)
def test_bad_configuration_fails_when_training_starts(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=message):
        SingleTurnAgentExecutor(REWARD_FILE)


def test_full_execute_with_a_real_vlm_processor(monkeypatch: pytest.MonkeyPatch) -> None:
    """OpenRLHF's whole single-turn path: processor expands image pads, decode keeps specials."""
    from safereward.testing.tiny import tiny_images, tiny_qwen2_5_vl_processor

    monkeypatch.setenv("SAFEREWARD_JUDGE", "keywords-paper")
    processor = tiny_qwen2_5_vl_processor()
    tokenizer = processor.tokenizer
    messages = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "Hi?"}]}]
    prompt = processor.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    assert prompt.count("<|image_pad|>") == 1
    response_ids = tokenizer(GOOD_SAFE, add_special_tokens=False)["input_ids"]
    engine = FakeEngine([*response_ids, tokenizer.eos_token_id])
    executor = SingleTurnAgentExecutor(REWARD_FILE)
    params = SimpleNamespace(max_tokens=256, logprobs=None)
    output = asyncio.run(
        executor.execute(
            prompt, label_json(LABELS_SAFE), params, 4096, processor, engine, images=tiny_images(1)
        )
    )
    query = tokenizer.decode(output["observation_tokens"], skip_special_tokens=False)
    assert query.count("<|image_pad|>") > 1  # the processor expanded the placeholder
    assert output["reward"].tolist() == [1.0]
    assert output["extra_logs"]["recovery_fallback"].item() == 0.0


def test_the_prompt_reaches_the_verdict(executor: SingleTurnAgentExecutor) -> None:
    """The query before the response is the prompt: an answer echoing it is a non-answer."""
    from safereward.testing.hack_bank import PROMPT_ONLY_ECHO, item_response

    item = PROMPT_ONLY_ECHO  # its echo reads as help without the prompt
    prompt = qwen25_vl_prompt(item.question)
    echo, honest = item_response(item, item.question), item_response(item, item.honest)
    queries = [expand_pads(prompt, 4) + r + "<|im_end|>" for r in (echo, honest)]
    infos = fetch(executor, queries, [prompt] * 2, [item.dataset_labels] * 2)
    assert [float(i["rewards"][0]) for i in infos] == [0.5, 1.0]
    assert [i["extra_logs"]["non_answer"].item() for i in infos] == [1.0, 0.0]
    # the same echo, as a bare response (nothing before it): open
    (bare,) = fetch(executor, [echo], [""], [item.dataset_labels])
    assert float(bare["rewards"][0]) == 1.0
