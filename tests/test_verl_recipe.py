"""The GRPO recipe's overrides compose with verl 0.9.1's config and pass its validation on CPU."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import verl_helpers as h

from safereward.integrations.verl import recipe

SCRIPT = Path(recipe.__file__).resolve().parent / "run_safegrpo.sh"


def validated(env: dict[str, str]):
    from verl.trainer.ppo.utils import need_critic, need_reference_policy
    from verl.utils.config import validate_config

    cfg = h.compose(recipe.overrides(env))
    validate_config(
        cfg, use_reference_policy=need_reference_policy(cfg), use_critic=need_critic(cfg)
    )
    return cfg


@pytest.mark.parametrize("mode", ["manager", "file"])
def test_recipe_composes_and_validates_with_paper_hyperparameters(mode):
    from verl.trainer.ppo.reward import resolve_reward_manager_cls

    cfg = validated({"REWARD_MODE": mode})
    assert cfg.algorithm.adv_estimator == "grpo"
    assert cfg.actor_rollout_ref.rollout.n == 8
    assert cfg.data.train_batch_size == 256
    assert cfg.actor_rollout_ref.actor.optim.lr == pytest.approx(1e-6)
    assert cfg.actor_rollout_ref.actor.use_kl_loss is True
    assert cfg.actor_rollout_ref.actor.kl_loss_coef == pytest.approx(0.01)
    assert cfg.actor_rollout_ref.actor.kl_loss_type == "low_var_kl"
    assert cfg.data.max_response_length == 4096
    assert cfg.trainer.total_epochs == 15
    name = resolve_reward_manager_cls(cfg).__name__
    if mode == "manager":
        assert name == "SafeGRPORewardManager"
        assert cfg.reward.reward_kwargs.preset == "strict"
        assert cfg.reward.custom_reward_function.path is None
    else:
        assert name == "NaiveRewardManager"
        assert Path(cfg.reward.custom_reward_function.path).is_file()
        assert cfg.reward.custom_reward_function.reward_kwargs.preset == "strict"


def test_recipe_puts_the_reward_fields_in_the_training_metrics_unless_told_not_to():
    from verl.utils.import_utils import load_extern_type

    cfg = validated({})
    sampler = cfg.trainer.v1.sampler.custom_sampler
    assert cfg.trainer.use_v1 is True  # the trainer whose hook this is
    assert load_extern_type(sampler.path, sampler.name).__name__ == "replay_buffer"
    assert validated({"TRAIN_METRICS": "0"}).trainer.v1.sampler.custom_sampler.path is None


def test_recipe_env_overrides_reach_the_config():
    cfg = validated({"GPUS_PER_NODE": "8", "NNODES": "2", "ROLLOUT_N": "4", "MODEL": "m/x"})
    assert (cfg.trainer.n_gpus_per_node, cfg.trainer.nnodes) == (8, 2)
    assert cfg.actor_rollout_ref.rollout.n == 4
    assert cfg.actor_rollout_ref.model.path == "m/x"
    with pytest.raises(ValueError, match="REWARD_MODE"):
        recipe.overrides({"REWARD_MODE": "batch"})


def test_script_passes_exactly_the_recipe_to_verl():
    env = {**os.environ, "DRY_RUN": "1", "PYTHON": sys.executable, "ROLLOUT_N": "16"}
    out = subprocess.run(
        ["bash", str(SCRIPT), "trainer.save_freq=5"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout.splitlines() == [*recipe.overrides(env), "trainer.save_freq=5"]
    assert "actor_rollout_ref.rollout.n=16" in out.stdout.splitlines()


def test_old_safegrpo_keys_are_not_used():
    text = "\n".join(recipe.overrides({})) + SCRIPT.read_text()
    assert "reward_model.reward_manager" not in text
    assert "\ncustom_reward_function" not in text
