"""SafeGRPO reward for verl 0.9.1 as a custom reward function file.

verl loads this file by path, so it uses absolute imports only::

    reward.custom_reward_function.path=$(python -c "import safereward.integrations.verl.reward as m; print(m.__file__)")
    reward.custom_reward_function.name=compute_score
    +reward.custom_reward_function.reward_kwargs.preset=strict        # or paper
    +reward.custom_reward_function.reward_kwargs.judge=keywords-paper # optional
    +reward.custom_reward_function.reward_kwargs.tag_weight=0.5       # optional

verl calls ``compute_score`` once per sample, from executor threads, and aborts training on an
exception; so a bad sample, or a judge that fails on it, scores 0 with the reason in its
``error`` field, and only a bad config raises (on the first call, naming the key to fix).
"""  # noqa: E501

from __future__ import annotations

from typing import Any

from safereward.integrations.verl.common import (
    cached_reward,
    failed_sample,
    labels_of,
    monitor_for,
    prompt_of,
    reward_config,
    score_samples,
)
from safereward.isolation import reason_of

CONFIG_PREFIX = "+reward.custom_reward_function.reward_kwargs.<key>"


def compute_score(
    data_source: Any = None,
    solution_str: Any = "",
    ground_truth: Any = None,
    extra_info: Any = None,
    **kwargs: Any,
) -> dict[str, Any]:
    """Score one response; a dict with ``score`` and the same breakdown keys always.

    Keys: ``score``, the reward terms (``format``, ``tag``, ``behavior``, ``tag_visual``,
    ``tag_text``, ``tag_combined``), ``refused`` (1/0, -1 without an answer), ``n_violations``,
    ``violation`` (code of the first format violation, 0 for none), ``label_error`` (1 when the
    sample's labels are missing or invalid; its score is then 0), and the hack monitor's flags
    ``hacks/padding``, ``hacks/non_answer``, ``hacks/refuse_then_comply``,
    ``hacks/short_answer`` (1/0) and ``hacks/answer_chars`` (see ``safereward.monitor``),
    ``failed`` (1 when scoring the sample failed; it then scores 0), ``timeout`` (always 0
    here: only the manager has a timeout) and ``error``, the one text field: why the sample
    scored 0 unread (``""`` when it was scored).
    ``extra_info["prompt_text"]`` (or ``["question"]``), as ``safereward prepare verl`` writes
    it, is the prompt: an answer that only echoes it is a non-answer.

    >>> compute_score("safetag_vl", "<think>...</think>", '{"image_tag": "safe"}', {})["score"]
    0.0
    """
    reward = cached_reward(reward_config(kwargs), CONFIG_PREFIX)
    monitor = monitor_for(reward)
    try:
        labels = labels_of(ground_truth, extra_info, reward.label_schema.column_names)
        prompt = prompt_of(extra_info)
    except Exception as exc:  # e.g. a struct nested past Python's recursion limit
        return failed_sample(reward, monitor, reason_of(exc))
    return score_samples(reward, monitor, [solution_str], [labels], [prompt])[0][1]
