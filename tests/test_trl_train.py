"""GRPO really trains with the SafeGRPO reward: tiny offline models, CPU, no download.

A random model never writes the tagged format, so every reward would be 0 and no gradient would
flow. The tiny models are first fitted for a few steps to sample responses whose tags are drawn at
random; their samples then mix right and wrong tags, the rewards within a group differ, and GRPO
has a signal.
"""

from __future__ import annotations

import random
import warnings
from typing import Any

import pytest

from safereward import SafeGRPOReward
from safereward.integrations.trl import SafeGRPORewardFunction
from safereward.monitor import HACK_FAMILIES
from safereward.testing.tiny import (
    teach,
    tiny_causal_lm,
    tiny_images,
    tiny_qwen2_5_vl,
    tiny_tokenizer,
)

pytestmark = pytest.mark.slow

QUESTIONS = {
    "How do I bake a cake?": ("safe", "safe", "safe"),
    "How do I build a bomb?": ("safe", "unsafe", "unsafe"),
    "What is in this picture?": ("unsafe", "safe", "unsafe"),
    "Describe the garden.": ("safe", "safe", "safe"),
}
LABEL_KEYS = ("image_tag", "text_tag", "combine_tag")
STEPS = 2
BATCH = 8  # completions per step
GENERATIONS = 4


class RecordingReward(SafeGRPORewardFunction):
    """Our reward function, also keeping what it was given and what it returned."""

    def __init__(self) -> None:
        super().__init__(SafeGRPOReward(), name="safegrpo")
        self.calls: list[dict[str, Any]] = []

    def __call__(self, prompts=None, completions=(), completion_ids=None, **kwargs: Any):
        out = super().__call__(prompts, completions, completion_ids, **kwargs)
        self.calls.append({"completions": completions, "kwargs": kwargs, "rewards": out})
        return out


def tagged_response(rng: random.Random) -> str:
    v, t, c = (rng.choice(("safe", "unsafe")) for _ in range(3))
    answer = "Sorry, I cannot help with that." if c == "unsafe" else "Sure, here is how."
    return (
        f"<think>Step 1: a photo. <visual_safe>{v}</visual_safe> <text_safe>{t}</text_safe> "
        f"<combined_safe>{c}</combined_safe> Step 5: done.</think><answer>{answer}</answer>"
    )


def warm_up(model: Any, tokenizer: Any, prompts: list[list[dict]]) -> None:
    rng = random.Random(0)
    texts = [
        tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True)
        + tagged_response(rng)
        for p in prompts
        for _ in range(4)
    ]
    loss = teach(model, tokenizer, texts, steps=120, lr=1e-2)
    assert loss < 0.3, loss


def grpo_args(tmp_path: Any, **overrides: Any) -> Any:
    from trl import GRPOConfig

    base = dict(
        output_dir=str(tmp_path / "out"),
        per_device_train_batch_size=BATCH,
        num_generations=GENERATIONS,
        max_completion_length=48,
        max_steps=STEPS,
        learning_rate=1e-3,
        beta=0.01,
        logging_steps=1,
        report_to="none",
        use_cpu=True,
        save_strategy="no",
        seed=0,
        dataloader_num_workers=0,
    )
    base.update(overrides)
    return GRPOConfig(**base)


@pytest.fixture(autouse=True)
def one_torch_thread() -> Any:
    """Tiny models run fastest on one thread; two threads on a shared 2-core runner thrash."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def saved(model: Any, tmp_path: Any) -> str:
    """Save the warmed-up model: with ``beta > 0`` TRL loads the reference model from its path."""
    path = tmp_path / "model"
    model.save_pretrained(path)
    return str(path)


def snapshot(model: Any) -> dict[str, Any]:
    return {n: p.detach().clone() for n, p in model.named_parameters()}


def check_run(trainer: Any, reward: RecordingReward, before: dict[str, Any]) -> None:
    import torch

    # our function scored every completion of every step, with the row's labels
    assert len(reward.calls) == STEPS
    core = SafeGRPOReward()
    scored = 0
    for call in reward.calls:
        completions, kwargs, out = call["completions"], call["kwargs"], call["rewards"]
        assert len(completions) == len(out) == BATCH
        for i, completion in enumerate(completions):
            labels = {k: kwargs[k][i] for k in LABEL_KEYS}
            text = completion[0]["content"]
            assert out[i] == core.score(text, labels).total
            scored += 1
    assert scored == STEPS * BATCH

    history = [h for h in trainer.state.log_history if "reward" in h]
    assert len(history) == STEPS
    for h, call in zip(history, reward.calls, strict=True):
        assert h["rewards/safegrpo/mean"] == pytest.approx(sum(call["rewards"]) / BATCH, abs=1e-6)
        for key in ("format", "tag", "behavior", "score", "missing_labels"):
            assert f"safegrpo/{key}" in h
        assert "safegrpo/violations/missing_tag" in h
        for family in HACK_FAMILIES:  # the hack monitor's shares reach the log history
            assert 0.0 <= h[f"safegrpo/hacks/{family}"] <= 1.0
        assert h["safegrpo/hacks/answer_chars"] >= 0.0
        assert h["safegrpo/score"] == pytest.approx(h["rewards/safegrpo/mean"], abs=1e-6)
        assert h["safegrpo/missing_labels"] == 0
    assert any(h["frac_reward_zero_std"] < 1 for h in history), "no group had a reward signal"

    changed = [n for n, p in trainer.model.named_parameters() if not torch.equal(before[n], p)]
    assert changed, "no parameter changed"


def test_grpo_trains_a_tiny_causal_lm(tmp_path: Any) -> None:
    from datasets import Dataset
    from trl import GRPOTrainer

    tokenizer = tiny_tokenizer()
    model = tiny_causal_lm(tokenizer)
    rows = [
        {"prompt": [{"role": "user", "content": q}], **dict(zip(LABEL_KEYS, tags, strict=True))}
        for q, tags in QUESTIONS.items()
    ]
    warm_up(model, tokenizer, [r["prompt"] for r in rows])
    reward = RecordingReward()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer = GRPOTrainer(
            model=saved(model, tmp_path),
            processing_class=tokenizer,
            reward_funcs=reward,
            args=grpo_args(tmp_path),
            train_dataset=Dataset.from_list(rows),
        )
        before = snapshot(trainer.model)
        trainer.train()
    check_run(trainer, reward, before)


def vlm_dataset(n_images: int = 4) -> Any:
    from datasets import Dataset

    images = tiny_images(n_images)
    rows = [
        {
            "prompt": [
                {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": q}]}
            ],
            "image": images[i % n_images],
            **dict(zip(LABEL_KEYS, tags, strict=True)),
        }
        for i, (q, tags) in enumerate(QUESTIONS.items())
    ]
    return Dataset.from_list(rows)


def test_grpo_trains_a_tiny_qwen2_5_vl_on_images(tmp_path: Any) -> None:
    from trl import GRPOTrainer

    tokenizer = tiny_tokenizer()
    model, processor = tiny_qwen2_5_vl(tokenizer)
    dataset = vlm_dataset()
    warm_up(model, tokenizer, dataset["prompt"])
    reward = RecordingReward()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer = GRPOTrainer(
            model=saved(model, tmp_path),
            processing_class=processor,
            reward_funcs=reward,
            args=grpo_args(tmp_path),
            train_dataset=dataset,
        )
        before = snapshot(trainer.model)
        trainer.train()
    check_run(trainer, reward, before)
    # the vision tower took part: its weights got gradients too
    vision = [n for n in before if ".visual." in f".{n}" or n.startswith("visual")]
    assert vision
    assert any(not before[n].equal(dict(trainer.model.named_parameters())[n]) for n in vision)
