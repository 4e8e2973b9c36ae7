"""Shared pieces of the verl tests: an offline tokenizer, verl's composed config, DataProto batches.

Everything is built in memory; nothing is downloaded.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

REWARD_KWARGS: dict[str, Any] = {"preset": "strict", "judge": "keywords-paper"}
"""The strict reader with a deterministic, dependency-free judge: these tests check plumbing."""

FULL = (
    "<think>Step 1: a kitchen. Step 2: <visual_safe>{v}</visual_safe> Step 3: "
    "<text_safe>{t}</text_safe> Step 4: <combined_safe>{c}</combined_safe> Step 5: "
    "{summary}</think><answer>{answer}</answer>"
)
HELP = "Sure, preheat the oven to 180C and bake for 30 minutes."
REFUSE = "Sorry, I cannot help with that request because it could cause harm."


def labels(v: str, t: str, c: str) -> dict[str, str]:
    return {"image_tag": v, "text_tag": t, "combine_tag": c}


def samples() -> list[tuple[str, Any, Any]]:
    """(response, ground_truth, extra_info) triples covering every reward level and bad input."""
    safe, unsafe = labels("safe", "safe", "safe"), labels("unsafe", "safe", "unsafe")
    out = [
        (FULL.format(v="safe", t="safe", c="safe", summary="low risk.", answer=HELP), None, safe),
        (FULL.format(v="safe", t="safe", c="safe", summary="ok.", answer=REFUSE), None, safe),
        (
            FULL.format(v="safe", t="safe", c="unsafe", summary="risky.", answer=REFUSE),
            json.dumps(unsafe),
            {"index": 3},
        ),
        (
            FULL.format(v="unsafe", t="unsafe", c="unsafe", summary="bad.", answer=REFUSE),
            json.dumps(unsafe),
            {},
        ),
        (FULL.format(v="safe", t="safe", c="safe", summary="x.", answer=HELP), unsafe, None),
        ("I will just answer: here is the recipe.", None, safe),
        (FULL.format(v="safe", t="safe", c="safe", summary="x.", answer=HELP), "not json", {}),
        (
            FULL.format(v="safe", t="safe", c="safe", summary="x.", answer=HELP),
            None,
            {"image_tag": "maybe", "text_tag": "safe", "combine_tag": "safe"},
        ),
    ]
    return out


def hack_samples() -> list[tuple[str, Any, Any]]:
    """Samples shaped like reward hacks, with the hack monitor flag each must raise."""
    safe = labels("safe", "safe", "safe")

    def answer(text: str) -> str:
        return FULL.format(v="safe", t="safe", c="safe", summary="low risk.", answer=text)

    return [
        (answer("\n" * 40 + HELP), None, {**safe, "expect": "padding"}),
        (answer("\u200b" * 6 + HELP), None, {**safe, "expect": "padding"}),
        (answer("."), None, {**safe, "expect": "non_answer"}),
        (answer(HELP), None, {**safe, "expect": ""}),
        (answer(HELP + " Then let it cool."), None, {**safe, "expect": ""}),
    ]


@functools.lru_cache(maxsize=1)
def tokenizer() -> Any:
    from safereward.testing.tiny import sample_responses, tiny_tokenizer

    corpus = [s[0] for s in samples() + hack_samples()]
    return tiny_tokenizer(extra_corpus=corpus + sample_responses(8))


def save_tokenizer(directory: Path) -> Path:
    tokenizer().save_pretrained(str(directory))
    return directory


def verl_config_dir() -> str:
    import verl

    return os.path.join(os.path.dirname(verl.__file__), "trainer", "config")


def compose(overrides: Sequence[str]) -> Any:
    """verl's ``ppo_trainer`` config with ``overrides``, as ``main_ppo`` would see it."""
    from hydra import compose as hydra_compose
    from hydra import initialize_config_dir

    with initialize_config_dir(config_dir=verl_config_dir(), version_base=None):
        return hydra_compose(config_name="ppo_trainer", overrides=list(overrides))


def kwargs_overrides(prefix: str, kwargs: dict[str, Any]) -> list[str]:
    return [f"+{prefix}.{k}={v}" for k, v in kwargs.items()]


def make_batch(items: Sequence[tuple[str, Any, Any]], prompt: str = "Is this safe?") -> Any:
    """A ``DataProto`` as verl's rollout leaves it: left-padded prompts, right-padded responses."""
    import torch
    from verl import DataProto

    tok = tokenizer()
    prompt_ids = tok.apply_chat_template(
        [{"role": "user", "content": prompt}], add_generation_prompt=True, tokenize=False
    )
    p_ids = tok(prompt_ids, add_special_tokens=False)["input_ids"]
    responses = [
        tok(r, add_special_tokens=False)["input_ids"] + [tok.eos_token_id] for r, _, _ in items
    ]
    width = max(map(len, responses)) + 3
    n = len(items)
    pad = tok.pad_token_id
    prompts = torch.tensor([p_ids] * n)
    resp = torch.full((n, width), pad)
    resp_mask = torch.zeros((n, width), dtype=torch.long)
    for i, ids in enumerate(responses):
        resp[i, : len(ids)] = torch.tensor(ids)
        resp_mask[i, : len(ids)] = 1
    attention = torch.cat([torch.ones_like(prompts), resp_mask], dim=1)
    input_ids = torch.cat([prompts, resp], dim=1)
    position_ids = (attention.cumsum(dim=1) - 1).clamp(min=0)
    non_tensor = {
        "data_source": np.array(["safetag_vl"] * n, dtype=object),
        "reward_model": _objects([{"style": "rule", "ground_truth": gt} for _, gt, _ in items]),
        "extra_info": _objects([dict(e or {}) for _, _, e in items]),  # as RLHFDataset gives it
        "raw_prompt": _objects([[{"role": "user", "content": prompt}] for _ in items]),
    }
    return DataProto.from_dict(
        tensors={
            "prompts": prompts,
            "responses": resp,
            "attention_mask": attention,
            "input_ids": input_ids,
            "position_ids": position_ids,
        },
        non_tensors=non_tensor,
    )


def _objects(values: Sequence[Any]) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = list(values)
    return array


def decoded_responses(items: Sequence[tuple[str, Any, Any]]) -> list[str]:
    """What verl's reward managers see: the response decoded without special tokens."""
    tok = tokenizer()
    return [
        tok.decode(tok(r, add_special_tokens=False)["input_ids"], skip_special_tokens=True)
        for r, _, _ in items
    ]


def core_scores(items: Sequence[tuple[str, Any, Any]], kwargs: dict[str, Any]) -> list[Any]:
    """The core's results for ``items``, labels taken the way the adapters document."""
    from safereward import SafeGRPOReward
    from safereward.integrations.verl.common import labels_of, prompt_of

    reward = SafeGRPOReward.from_config(kwargs)
    return [
        reward.try_score(text, labels_of(gt, extra), prompt_of(extra))
        for text, (_, gt, extra) in zip(decoded_responses(items), items, strict=True)
    ]


def last_token_scores(batch: Any, rm_scores: Any) -> list[float]:
    """The score at each row's last valid response token, asserting zeros elsewhere."""
    width = batch.batch["responses"].shape[1]
    lengths = batch.batch["attention_mask"][:, -width:].sum(dim=1)
    out = []
    for i, length in enumerate(lengths.tolist()):
        row = rm_scores[i]
        assert float(row.abs().sum() - row[length - 1].abs()) == 0.0
        out.append(float(row[length - 1]))
    return out
