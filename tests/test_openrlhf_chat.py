"""Recovering the response from OpenRLHF's query (decoded prompt + response, specials kept)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from server_helpers import (
    GOOD_SAFE,
    LABELS_SAFE,
    THINKING_BODY,
    expand_pads,
    qwen3_vl_thinking_prompt,
    qwen25_vl_prompt,
)

from safereward import SafeGRPOReward
from safereward.chat import END_TOKENS, recover_response, score_transcripts, strip_end_tokens

ENDINGS = [
    "<|im_end|>",
    "<|im_end|>\n",
    "<|im_end|><|endoftext|>",
    "<|im_end|>\n<|endoftext|>" * 3,
    "",
]


@pytest.mark.parametrize("ending", ENDINGS)
def test_qwen25_vl_text_prompt_is_cut_exactly(ending: str) -> None:
    prompt = qwen25_vl_prompt(images=0)
    got = recover_response(prompt + GOOD_SAFE + ending, prompt)
    assert got.response == GOOD_SAFE
    assert got.method == "prefix"
    assert not got.fallback


@pytest.mark.parametrize("pads", [1, 4, 256])
@pytest.mark.parametrize("images", [1, 2])
def test_qwen25_vl_expanded_image_pads(pads: int, images: int) -> None:
    prompt = qwen25_vl_prompt(images=images)
    query = expand_pads(prompt, pads) + GOOD_SAFE + "<|im_end|>"
    got = recover_response(query, prompt)
    assert got.response == GOOD_SAFE
    assert got.method == ("prefix" if pads == 1 else "prefix_pads")


def test_qwen3_vl_thinking_response_starts_inside_think() -> None:
    prompt = qwen3_vl_thinking_prompt()
    assert prompt.endswith("<|im_start|>assistant\n<think>\n")
    got = recover_response(expand_pads(prompt, 64) + THINKING_BODY + "<|im_end|>", prompt)
    assert got.response == THINKING_BODY
    reward = SafeGRPOReward(judge="keywords-paper")
    assert reward(got.response, LABELS_SAFE) == 1.0


def test_prompt_merged_pads_in_query() -> None:
    """The prompt holds expanded pads but the query's decode merged them: still a prefix."""
    prompt = expand_pads(qwen25_vl_prompt(), 16)
    got = recover_response(qwen25_vl_prompt() + GOOD_SAFE + "<|im_end|>", prompt)
    assert (got.response, got.method) == (GOOD_SAFE, "prefix_pads")


def test_left_truncated_prompt_falls_back_to_marker() -> None:
    prompt = qwen3_vl_thinking_prompt()
    query = expand_pads(prompt, 8)[40:] + THINKING_BODY + "<|im_end|>"
    got = recover_response(query, prompt)
    assert got.method == "marker"
    assert got.fallback
    assert got.response == THINKING_BODY  # the generation prefix <think>\n is skipped too


def test_marker_counts_prompt_markers_so_a_generated_marker_does_not_move_the_cut() -> None:
    prompt = qwen25_vl_prompt()
    response = GOOD_SAFE + "<|im_start|>assistant\nmore"
    query = "X" + expand_pads(prompt, 8) + response + "<|im_end|>"  # not a prefix any more
    got = recover_response(query, prompt)
    assert (got.method, got.response) == ("marker", response)


def test_tail_fallback_without_chat_markers() -> None:
    prompt = "Question: is this safe? Think step by step."
    got = recover_response(prompt[5:] + GOOD_SAFE + "</s>", prompt)
    assert (got.method, got.response) == ("tail", GOOD_SAFE)
    assert recover_response("\ufffd" + prompt[5:] + GOOD_SAFE, prompt).method == "tail"
    # text before the prompt's end that is not the prompt: no guess
    assert recover_response("injected" + prompt[5:] + GOOD_SAFE, prompt).method == "none"


def test_nothing_matches_returns_query_and_says_so() -> None:
    got = recover_response(GOOD_SAFE + "<|im_end|>", "an unrelated prompt")
    assert (got.method, got.response) == ("none", GOOD_SAFE)
    assert got.fallback


def test_empty_or_missing_prompt_means_the_query_is_the_response() -> None:
    for prompt in ("", None):
        assert recover_response(GOOD_SAFE + "<|endoftext|>", prompt).response == GOOD_SAFE


def test_non_string_inputs_never_raise() -> None:
    assert recover_response(None, None).response == ""  # type: ignore[arg-type]
    assert recover_response(b"abc<|im_end|>", b"a").response == "bc"  # type: ignore[arg-type]
    assert recover_response(123, None).response == "123"  # type: ignore[arg-type]


def test_strip_end_tokens_keeps_inner_text() -> None:
    assert strip_end_tokens("a<|im_end|>b<|im_end|>") == "a<|im_end|>b"
    assert strip_end_tokens("answer  ") == "answer  "
    assert strip_end_tokens("<|im_end|>") == ""


def test_score_transcripts_logs_recovery_and_checks_lengths() -> None:
    reward = SafeGRPOReward(judge="keywords-paper")
    prompt = qwen25_vl_prompt()
    scored = score_transcripts(
        reward,
        [expand_pads(prompt, 4) + GOOD_SAFE + "<|im_end|>", "garbage"],
        [prompt, "unrelated"],
        [LABELS_SAFE, LABELS_SAFE],
    )
    assert [s.result.total for s in scored] == [1.0, 0.0]
    assert scored[0].log_fields()["recovery_fallback"] == 0.0
    assert scored[1].log_fields()["recovery_failed"] == 1.0
    assert scored[0].log_fields().keys() == scored[1].log_fields().keys()
    with pytest.raises(ValueError, match="same length"):
        score_transcripts(reward, ["a"], ["b", "c"], [LABELS_SAFE])


_special = st.sampled_from(["<|im_end|>", "<|image_pad|>", "<|im_start|>", "<think>", "\n", " "])
_body = st.lists(st.one_of(st.text(max_size=20), _special), max_size=12).map("".join)


@settings(max_examples=150)
@given(
    body=_body,
    pads=st.integers(1, 40),
    thinking=st.booleans(),
    ending=st.sampled_from(ENDINGS),
)
def test_recovery_roundtrip_for_any_response(
    body: str, pads: int, thinking: bool, ending: str
) -> None:
    """Whatever the policy wrote (special tokens included) comes back, minus the end tokens."""
    prompt = qwen3_vl_thinking_prompt() if thinking else qwen25_vl_prompt()
    got = recover_response(expand_pads(prompt, pads) + body + ending, prompt)
    assert got.method in ("prefix", "prefix_pads")
    assert got.response == strip_end_tokens(body + ending)
    # a body that itself ends in an end token ("<|eot_id|>") loses it, as any ending does
    ends = tuple(t for t in END_TOKENS if t)
    if not body.rstrip().endswith(ends) and body == body.rstrip():
        assert got.response == body
