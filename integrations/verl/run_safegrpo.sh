#!/usr/bin/env bash
# SafeGRPO: GRPO on Qwen3-VL / Qwen2.5-VL with verl 0.9.1 and the safereward reward.
#
# Hyperparameters default to the paper's (8 rollouts, 256 prompts per batch, lr 1e-6, KL loss
# 0.01 low_var_kl, 4096 response tokens, 15 epochs) and live in recipe.py, which the tests
# check against verl's own config validation. Change them through environment variables:
#
#   MODEL=Qwen/Qwen2.5-VL-7B-Instruct GPUS_PER_NODE=8 TRAIN_FILES=... VAL_FILES=... \
#       bash integrations/verl/run_safegrpo.sh trainer.save_freq=20
#
# Variables (defaults in recipe.py): MODEL TRAIN_FILES VAL_FILES NNODES GPUS_PER_NODE ROLLOUT_N
# TRAIN_BATCH_SIZE PPO_MINI_BATCH_SIZE LR KL_COEF MAX_PROMPT_LENGTH MAX_RESPONSE_LENGTH EPOCHS
# ROLLOUT_TP GPU_MEMORY_UTILIZATION ROLLOUT_ENGINE REWARD_MODE(manager|file) PRESET(strict|paper)
# JUDGE REWARD_WORKERS PROJECT EXPERIMENT SAVE_FREQ TEST_FREQ ROLLOUT_DATA_DIR TRAIN_METRICS.
# Anything after the script name is passed to verl as extra Hydra overrides (they win).
set -euo pipefail

PYTHON="${PYTHON:-python3}"
mapfile -t RECIPE < <("$PYTHON" -m safereward.integrations.verl.recipe)
if [[ ${#RECIPE[@]} -eq 0 ]]; then
    echo "run_safegrpo: could not build the recipe (see the message above)" >&2
    exit 2
fi

if [[ "${DRY_RUN:-0}" == "1" ]]; then
    printf '%s\n' "${RECIPE[@]}" "$@"
    exit 0
fi

exec "$PYTHON" -m verl.trainer.main_ppo "${RECIPE[@]}" "$@"
