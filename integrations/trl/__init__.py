"""SafeGRPO rewards for Hugging Face TRL's ``GRPOTrainer``.

Importing this package does not import TRL or torch; only the training recipe
(``safereward.integrations.trl.train_safegrpo``) does.
"""

from safereward.integrations.trl.rewards import (
    LABEL_COLUMNS,
    MissingLabelWarning,
    SafeGRPORewardFunction,
    completion_text,
    prompt_text,
    safegrpo_reward,
    safegrpo_reward_func,
)

__all__ = [
    "LABEL_COLUMNS",
    "MissingLabelWarning",
    "SafeGRPORewardFunction",
    "completion_text",
    "prompt_text",
    "safegrpo_reward",
    "safegrpo_reward_func",
]
