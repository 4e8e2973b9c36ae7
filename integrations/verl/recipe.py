"""The SafeGRPO GRPO recipe for verl 0.9.1 as Hydra overrides, in one place.

``run_safegrpo.sh`` prints these (``python -m safereward.integrations.verl.recipe``) and passes
them to ``verl.trainer.main_ppo``; the tests compose the same list with verl's packaged config
and run verl's ``validate_config``, so what is tested is what runs. Every value can be changed
through the environment variable named beside it; extra Hydra overrides go after the script.

Defaults are the paper's: 8 rollouts per prompt, 256 prompts per batch, lr 1e-6, KL loss 0.01
(low_var_kl), responses up to 4096 tokens, 15 epochs, one node with 4 GPUs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

HERE = Path(__file__).resolve().parent

DEFAULTS: dict[str, str] = {
    "MODEL": "Qwen/Qwen3-VL-8B-Thinking",
    "TRAIN_FILES": "data/safetag_vl/train.parquet",
    "VAL_FILES": "data/safetag_vl/test.parquet",
    "NNODES": "1",
    "GPUS_PER_NODE": "4",
    "ROLLOUT_N": "8",
    "TRAIN_BATCH_SIZE": "256",
    "PPO_MINI_BATCH_SIZE": "64",
    "LR": "1e-6",
    "KL_COEF": "0.01",
    "MAX_PROMPT_LENGTH": "2048",
    "MAX_RESPONSE_LENGTH": "4096",
    "EPOCHS": "15",
    "ROLLOUT_TP": "1",
    "GPU_MEMORY_UTILIZATION": "0.6",
    "ROLLOUT_ENGINE": "vllm",
    "REWARD_MODE": "manager",
    "PRESET": "strict",
    "JUDGE": "",
    "REWARD_WORKERS": "8",
    "PROJECT": "safereward",
    "EXPERIMENT": "safegrpo",
    "SAVE_FREQ": "50",
    "TEST_FREQ": "10",
    "ROLLOUT_DATA_DIR": "",
    "TRAIN_METRICS": "1",
}
"""Environment variable -> default value."""


def settings(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The defaults overlaid with the variables set in ``env`` (the process environment)."""
    env = os.environ if env is None else env
    return {key: env.get(key, default) for key, default in DEFAULTS.items()}


def reward_overrides(s: Mapping[str, str]) -> list[str]:
    """The reward wiring: the ``safegrpo`` manager (default) or the drop-in reward file."""
    config = [f"preset={s['PRESET']}"] + ([f"judge={s['JUDGE']}"] if s["JUDGE"] else [])
    if s["REWARD_MODE"] == "manager":
        return [
            "reward.reward_manager.name=safegrpo",
            *(f"+reward.reward_kwargs.{c}" for c in config),
        ]
    if s["REWARD_MODE"] == "file":
        return [
            "reward.reward_manager.name=naive",
            f"reward.custom_reward_function.path={HERE / 'reward.py'}",
            "reward.custom_reward_function.name=compute_score",
            *(f"+reward.custom_reward_function.reward_kwargs.{c}" for c in config),
        ]
    raise ValueError(f"REWARD_MODE must be 'manager' or 'file', got {s['REWARD_MODE']!r}")


def overrides(env: Mapping[str, str] | None = None) -> list[str]:
    """The full override list for ``python -m verl.trainer.main_ppo``."""
    s = settings(env)
    max_len = int(s["MAX_PROMPT_LENGTH"]) + int(s["MAX_RESPONSE_LENGTH"])
    out = [
        "algorithm.adv_estimator=grpo",
        "algorithm.use_kl_in_reward=False",
        f"data.train_files={s['TRAIN_FILES']}",
        f"data.val_files={s['VAL_FILES']}",
        "data.image_key=images",
        f"data.train_batch_size={s['TRAIN_BATCH_SIZE']}",
        f"data.max_prompt_length={s['MAX_PROMPT_LENGTH']}",
        f"data.max_response_length={s['MAX_RESPONSE_LENGTH']}",
        "data.filter_overlong_prompts=True",
        "data.truncation=error",
        f"actor_rollout_ref.model.path={s['MODEL']}",
        "actor_rollout_ref.model.use_remove_padding=True",
        "actor_rollout_ref.model.enable_gradient_checkpointing=True",
        f"actor_rollout_ref.actor.optim.lr={s['LR']}",
        f"actor_rollout_ref.actor.ppo_mini_batch_size={s['PPO_MINI_BATCH_SIZE']}",
        "actor_rollout_ref.actor.use_dynamic_bsz=True",
        f"actor_rollout_ref.actor.ppo_max_token_len_per_gpu={max_len * 2}",
        "actor_rollout_ref.actor.use_kl_loss=True",
        f"actor_rollout_ref.actor.kl_loss_coef={s['KL_COEF']}",
        "actor_rollout_ref.actor.kl_loss_type=low_var_kl",
        "actor_rollout_ref.actor.entropy_coeff=0",
        "actor_rollout_ref.actor.fsdp_config.param_offload=False",
        "actor_rollout_ref.actor.fsdp_config.optimizer_offload=False",
        f"actor_rollout_ref.rollout.name={s['ROLLOUT_ENGINE']}",
        f"actor_rollout_ref.rollout.n={s['ROLLOUT_N']}",
        f"actor_rollout_ref.rollout.tensor_model_parallel_size={s['ROLLOUT_TP']}",
        f"actor_rollout_ref.rollout.gpu_memory_utilization={s['GPU_MEMORY_UTILIZATION']}",
        f"actor_rollout_ref.rollout.max_num_batched_tokens={max_len}",
        "actor_rollout_ref.rollout.log_prob_use_dynamic_bsz=True",
        f"actor_rollout_ref.rollout.log_prob_max_token_len_per_gpu={max_len * 2}",
        "actor_rollout_ref.ref.log_prob_use_dynamic_bsz=True",
        f"actor_rollout_ref.ref.log_prob_max_token_len_per_gpu={max_len * 2}",
        "actor_rollout_ref.ref.fsdp_config.param_offload=True",
        f"reward.num_workers={s['REWARD_WORKERS']}",
        *reward_overrides(s),
        f"trainer.n_gpus_per_node={s['GPUS_PER_NODE']}",
        f"trainer.nnodes={s['NNODES']}",
        f"trainer.total_epochs={s['EPOCHS']}",
        f"trainer.project_name={s['PROJECT']}",
        f"trainer.experiment_name={s['EXPERIMENT']}",
        "trainer.logger=[console]",
        "trainer.critic_warmup=0",
        f"trainer.save_freq={s['SAVE_FREQ']}",
        f"trainer.test_freq={s['TEST_FREQ']}",
    ]
    if s["ROLLOUT_DATA_DIR"]:
        out.append(f"trainer.rollout_data_dir={s['ROLLOUT_DATA_DIR']}")
    if s["TRAIN_METRICS"] not in ("0", "false", ""):
        out.extend(TRAIN_METRICS_OVERRIDES)
    return out


TRAIN_METRICS_OVERRIDES = (
    "trainer.v1.sampler.custom_sampler.path=pkg://safereward.integrations.verl.metrics",
    "trainer.v1.sampler.custom_sampler.name=replay_buffer",
)
"""The reward's fields (``hacks/*``, the terms) in every training step's metrics as
``safegrpo/<key>`` (``safereward.integrations.verl.metrics``); ``TRAIN_METRICS=0`` leaves
verl's own replay buffer."""


if __name__ == "__main__":
    try:
        print("\n".join(overrides()))
    except ValueError as exc:
        print(f"run_safegrpo: {exc}", file=sys.stderr)
        sys.exit(2)
