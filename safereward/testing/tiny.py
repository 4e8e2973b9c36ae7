"""Tiny, offline stand-ins for real models: a tokenizer, a causal LM and a Qwen2.5-VL model.

Tests of trainer integrations must run a real training loop on CPU without downloading a
checkpoint. Everything here is built from a config and an in-memory corpus, so it is random,
small (well under a million parameters) and deterministic given ``seed``. torch, transformers
and tokenizers are imported inside the functions so that ``safereward.testing`` stays importable
without them.

Typical use::

    from safereward.testing.tiny import tiny_tokenizer, tiny_causal_lm, tiny_qwen2_5_vl
    tok = tiny_tokenizer()
    model = tiny_causal_lm(tok)
    vlm, processor = tiny_qwen2_5_vl()
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from safereward.schema import SAFEGRPO
from safereward.testing.drafts import marker_strings

if TYPE_CHECKING:  # pragma: no cover - typing only
    from PIL import Image
    from transformers import PreTrainedModel, PreTrainedTokenizerFast, ProcessorMixin

EOS_TOKEN = "<|im_end|>"
PAD_TOKEN = "<|endoftext|>"
CHAT_TOKENS = ("<|im_start|>", EOS_TOKEN, PAD_TOKEN)
VISION_TOKENS = ("<|vision_start|>", "<|vision_end|>", "<|image_pad|>", "<|video_pad|>")
SPECIAL_TOKENS = CHAT_TOKENS + VISION_TOKENS

SAFEGRPO_TAGS = marker_strings(SAFEGRPO)
"""Whole tokens in the tiny vocabulary, so a random or briefly taught model emits them intact."""

# ChatML, as Qwen uses it; list contents render images as the vision placeholder Qwen2.5-VL
# processors expand. Jinja, because transformers renders chat templates with Jinja.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' }}"
    "{% if message['content'] is string %}{{ message['content'] }}"
    "{% else %}{% for part in message['content'] %}"
    "{% if part['type'] == 'image' %}{{ '<|vision_start|><|image_pad|><|vision_end|>' }}"
    "{% elif part['type'] == 'text' %}{{ part['text'] }}{% endif %}"
    "{% endfor %}{% endif %}"
    "{{ '<|im_end|>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

_WORDS_TEXT = (
    "the a an is are of to and in on for with this that it image picture photo shows person "
    "people text instruction request question answer how what why can help step caption risk "
    "safe unsafe visual combined sorry cannot will not assist here you I refuse decline sure "
    "describe cat dog street car knife weapon drug bomb cake recipe garden tree house sky blue "
    "red green one two three four five please explain tell me about make build kill hurt"
)
_WORDS = tuple(_WORDS_TEXT.split())


def sample_responses(n: int = 16, seed: int = 0) -> list[str]:
    """Well-formed and malformed SafeGRPO responses, for corpora and warm-up data."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        v, t, c = (rng.choice(("safe", "unsafe")) for _ in range(3))
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 8)))
        answer = "Sorry, I cannot help with that." if c == "unsafe" else f"Sure: {words}."
        text = (
            f"<think>Step 1: {words}. Step 2: <visual_safe>{v}</visual_safe> "
            f"Step 3: <text_safe>{t}</text_safe> Step 4: <combined_safe>{c}</combined_safe> "
            f"Step 5: {words}.</think><answer>{answer}</answer>"
        )
        if i % 4 == 3:  # a malformed one: no answer block
            text = text.split("<answer>")[0]
        out.append(text)
    return out


def _corpus() -> list[str]:
    rng = random.Random(1)
    lines = [" ".join(rng.choice(_WORDS) for _ in range(12)) for _ in range(200)]
    return lines + sample_responses(32) + [" ".join(SAFEGRPO_TAGS)]


def tiny_tokenizer(
    extra_corpus: Iterable[str] = (), vocab_size: int = 512
) -> PreTrainedTokenizerFast:
    """A byte-level BPE tokenizer trained in memory, with ChatML and Qwen vision special tokens.

    Byte-level, so any text round-trips (a random model's output still decodes); the SafeGRPO
    tags are added as whole non-special tokens so that decoding with ``skip_special_tokens``
    (as trainers do) keeps them.
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=list(SPECIAL_TOKENS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator([*_corpus(), *extra_corpus], trainer=trainer)
    wrapped = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token=EOS_TOKEN,
        pad_token=PAD_TOKEN,
        additional_special_tokens=[*VISION_TOKENS, "<|im_start|>"],
        padding_side="left",
    )
    wrapped.add_tokens(list(SAFEGRPO_TAGS))
    wrapped.chat_template = CHAT_TEMPLATE
    return wrapped


def tiny_causal_lm(
    tokenizer: PreTrainedTokenizerFast | None = None, seed: int = 0, hidden_size: int = 64
) -> PreTrainedModel:
    """A randomly initialised 2-layer Qwen2 causal LM sized to ``tokenizer``."""
    import torch
    from transformers import Qwen2Config, Qwen2ForCausalLM

    tokenizer = tokenizer or tiny_tokenizer()
    config = Qwen2Config(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        intermediate_size=2 * hidden_size,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=1024,
        tie_word_embeddings=True,
        bos_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(seed)
    model = Qwen2ForCausalLM(config)
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    return model


def tiny_image_processor() -> Any:
    """Qwen2-VL image preprocessing in PIL (no torchvision), kept to a few patches per image."""
    from transformers.models.qwen2_vl.image_processing_pil_qwen2_vl import (
        Qwen2VLImageProcessorPil,
    )

    # 28x28 pixels = one merged patch; cap images at 56x56 (4 merged tokens).
    return Qwen2VLImageProcessorPil(min_pixels=28 * 28, max_pixels=56 * 56)


def tiny_qwen2_5_vl_processor(tokenizer: PreTrainedTokenizerFast | None = None) -> ProcessorMixin:
    """A ``Qwen2_5_VLProcessor`` over the tiny tokenizer, without a video processor.

    The stock constructor looks up the default video processor, which needs torchvision, and
    torchvision from PyPI does not import beside the torch this project tests with. Videos are
    never used here, so a subclass declares only the image processor and the tokenizer as its
    parts; it processes, applies chat templates and saves checkpoints like the original.
    """
    tokenizer = tokenizer or tiny_tokenizer()
    return _image_only_processor_class()(
        image_processor=tiny_image_processor(), tokenizer=tokenizer, chat_template=CHAT_TEMPLATE
    )


def _image_only_processor_class() -> type:
    cls = globals().get("ImageOnlyQwen2_5_VLProcessor")
    if cls is not None:
        return cls
    from transformers import Qwen2_5_VLProcessor

    class ImageOnlyQwen2_5_VLProcessor(Qwen2_5_VLProcessor):
        @classmethod
        def get_attributes(cls) -> list[str]:
            return ["image_processor", "tokenizer"]

    # Module-level name so instances pickle (data loader workers, checkpoint callbacks).
    ImageOnlyQwen2_5_VLProcessor.__module__ = __name__
    ImageOnlyQwen2_5_VLProcessor.__qualname__ = "ImageOnlyQwen2_5_VLProcessor"
    globals()["ImageOnlyQwen2_5_VLProcessor"] = ImageOnlyQwen2_5_VLProcessor
    return ImageOnlyQwen2_5_VLProcessor


def tiny_qwen2_5_vl(
    tokenizer: PreTrainedTokenizerFast | None = None, seed: int = 0
) -> tuple[PreTrainedModel, ProcessorMixin]:
    """A randomly initialised Qwen2.5-VL (2 text layers of 64, 1 vision block) and its processor."""
    import torch
    from transformers import Qwen2_5_VLConfig, Qwen2_5_VLForConditionalGeneration

    tokenizer = tokenizer or tiny_tokenizer()
    ids = {t: tokenizer.convert_tokens_to_ids(t) for t in VISION_TOKENS}
    heads, hidden = 4, 64
    head_dim = hidden // heads
    config = Qwen2_5_VLConfig(
        text_config={
            "vocab_size": len(tokenizer),
            "hidden_size": hidden,
            "intermediate_size": 2 * hidden,
            "num_hidden_layers": 2,
            "num_attention_heads": heads,
            "num_key_value_heads": 2,
            "max_position_embeddings": 1024,
            # mrope splits each head's rotary half into (temporal, height, width) sections.
            "rope_parameters": {
                "rope_type": "default",
                "rope_theta": 10000.0,
                "mrope_section": _mrope(head_dim),
            },
            "bos_token_id": tokenizer.pad_token_id,
            "eos_token_id": tokenizer.eos_token_id,
            "pad_token_id": tokenizer.pad_token_id,
        },
        vision_config={
            "depth": 1,
            "hidden_size": 32,
            "intermediate_size": 64,
            "num_heads": 2,
            "out_hidden_size": hidden,
            "patch_size": 14,
            "spatial_merge_size": 2,
            "temporal_patch_size": 2,
            "window_size": 56,
            "fullatt_block_indexes": [0],
        },
        image_token_id=ids["<|image_pad|>"],
        video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"],
        vision_end_token_id=ids["<|vision_end|>"],
        tie_word_embeddings=True,
    )
    torch.manual_seed(seed)
    model = Qwen2_5_VLForConditionalGeneration(config)
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    return model, tiny_qwen2_5_vl_processor(tokenizer)


def _mrope(head_dim: int) -> list[int]:
    half = head_dim // 2
    t = half // 4
    h = (half - t) // 2
    return [t, h, half - t - h]


def tiny_images(n: int, size: int = 56, seed: int = 0) -> list[Image.Image]:
    """``n`` random RGB images (noise), small enough for the tiny image processor."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    return [
        Image.fromarray(rng.integers(0, 256, (size, size, 3), dtype=np.uint8), mode="RGB")
        for _ in range(n)
    ]


def teach(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerFast,
    texts: Sequence[str],
    steps: int = 30,
    lr: float = 3e-3,
) -> float:
    """Fit ``model`` briefly to ``texts`` (next-token loss) and return the last loss.

    A random model never writes a well-formed response, so every GRPO reward would be 0 and the
    group advantages, hence the gradients, would vanish. A few steps on sample responses make
    sampled completions mix passing and failing ones, which is what a training test needs.
    """
    import torch

    batch = tokenizer([t + EOS_TOKEN for t in texts], return_tensors="pt", padding=True)
    labels = batch["input_ids"].masked_fill(batch["attention_mask"] == 0, -100)
    optim = torch.optim.AdamW(model.parameters(), lr=lr)
    model.train()
    loss = torch.tensor(0.0)
    for _ in range(steps):
        loss = model(**batch, labels=labels).loss
        loss.backward()
        optim.step()
        optim.zero_grad()
    model.eval()
    return float(loss.detach())
