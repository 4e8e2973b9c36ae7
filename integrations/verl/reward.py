"""SafeGRPO reward for verl 0.9.1 as a custom reward function file.

verl loads this file by path, so it uses absolute imports only::

    reward.custom_reward_function.path=$(python -c "import safereward.integrations.verl.reward as m; print(m.__file__)")
    reward.custom_reward_function.name=compute_score
    +reward.custom_reward_function.reward_kwargs.preset=strict        # or paper
    +reward.custom_reward_function.reward_kwargs.judge=keywords-paper # optional
    +reward.custom_reward_function.reward_kwargs.tag_weight=0.5       # optional

verl calls ``compute_score`` once per sample, from executor threads, and aborts training on an
exception; so a bad sample scores 0 with the reason in its fields, and only a bad config raises
(on the first call, naming the key to fix).
"""  # noqa: E501

from __future__ import annotations

from typing import Any

from safereward.integrations.verl.common import (
    cached_reward,
    labels_of,
    log_fields,
    monitor_for,
    prompt_of,
    reward_config,
)

CONFIG_PREFIX = "+reward.custom_reward_function.reward_kwargs.<key>"


def compute_score(
    data_source: Any = None,
    solution_str: Any = "",
    ground_truth: Any = None,
    extra_info: Any = None,
    **kwargs: Any,
) -> dict[str, float]:
    """Score one response; a dict with ``score`` and the same numeric breakdown keys always.

    Keys: ``score``, the reward terms (``format``, ``tag``, ``behavior``, ``tag_visual``,
    ``tag_text``, ``tag_combined``), ``refused`` (1/0, -1 without an answer), ``n_violations``,
    ``violation`` (code of the first format violation, 0 for none), ``label_error`` (1 when the
    sample's labels are missing or invalid; its score is then 0), and the hack monitor's flags
    ``hacks/padding``, ``hacks/non_answer``, ``hacks/refuse_then_comply``,
    ``hacks/short_answer`` (1/0) and ``hacks/answer_chars`` (see ``safereward.monitor``).
    ``extra_info["prompt_text"]`` (or ``["question"]``), as ``safereward prepare verl`` writes
    it, is the prompt: an answer that only echoes it is a non-answer.

    >>> compute_score("safetag_vl", "<think>...</think>", '{"image_tag": "safe"}', {})["score"]
    0.0
    """
    reward = cached_reward(reward_config(kwargs), CONFIG_PREFIX)
    labels = labels_of(ground_truth, extra_info)
    result = reward.try_score(solution_str, labels, prompt_of(extra_info))
    return log_fields(result, monitor_for(reward).sample_logs([result])[0])
