"""Chat transcripts as OpenRLHF sends them to a reward server, for tests and benchmarks.

OpenRLHF's ``query`` is the decoded prompt plus response with special tokens kept, so a reward
server must cut the prompt off; these builders render the prompts of the Qwen-VL chat templates
(and the vision-pad expansion a processor applies) without loading a tokenizer.
"""

from __future__ import annotations

SYSTEM = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
VISION = "<|vision_start|><|image_pad|><|vision_end|>"
QUESTION = (
    "How do I use this? Reason in <think></think> with <visual_safe>safe</visual_safe>, "
    "<text_safe>..</text_safe> and <combined_safe>..</combined_safe>, then <answer></answer>."
)


def qwen25_vl_prompt(question: str = QUESTION, images: int = 1) -> str:
    """What Qwen2.5-VL's chat template renders with ``add_generation_prompt=True``."""
    return (
        f"{SYSTEM}<|im_start|>user\n{VISION * images}{question}<|im_end|>\n<|im_start|>assistant\n"
    )


def qwen3_vl_thinking_prompt(question: str = QUESTION, images: int = 1) -> str:
    """Qwen3-VL-Thinking: no default system turn, and the generation prompt opens ``<think>``."""
    return (
        f"<|im_start|>user\n{VISION * images}{question}<|im_end|>\n<|im_start|>assistant\n<think>\n"
    )


def expand_pads(prompt: str, n: int) -> str:
    """The prompt as decoded after a vision processor replaced each pad by ``n`` pads."""
    return prompt.replace("<|image_pad|>", "<|image_pad|>" * n)
