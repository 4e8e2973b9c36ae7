"""Recovering a policy's response from a chat transcript, and scoring transcripts.

Some trainers (OpenRLHF) hand the reward the whole decoded sequence, prompt + response, with
special tokens kept, instead of the response alone. Scoring that string directly would read the
prompt's own instruction (which names every tag) as part of the answer, so the response must
be cut out exactly. Decoding is not always faithful to the prompt string: a vision processor
expands one ``<|image_pad|>`` into hundreds, and a long prompt may be truncated from the left.
``recover_response`` tries the exact cut first, then progressively looser ones, and says which
it used so a trainer can log how often the loose paths fire. Pure string code: no tokenizer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from safereward.tags import as_text

if TYPE_CHECKING:
    from safereward.reward import LabelsLike, RewardResult, SafeGRPOReward

Method = Literal["prefix", "prefix_pads", "marker", "tail", "none"]
"""How the response was found.

- ``prefix``: the prompt is an exact prefix of the query (text-only prompts).
- ``prefix_pads``: a prefix once runs of image/video pad tokens are allowed to differ in
  length (vision prompts: the processor expanded the placeholders).
- ``marker``: cut after the prompt's last assistant-turn marker (``<|im_start|>assistant\\n``),
  found by counting markers (the prompt was altered in other ways, e.g. truncated).
- ``tail``: the query starts with the end of the prompt (a left-truncated prompt without chat
  markers); cut where the prompt ends.
- ``none``: nothing matched; the whole query, minus end-of-turn tokens, is the response.
"""

EXACT_METHODS: frozenset[str] = frozenset({"prefix", "prefix_pads"})

ASSISTANT_MARKERS: tuple[str, ...] = (
    "<|im_start|>assistant\n",  # Qwen2/2.5/3 (-VL), ChatML
    "<|start_header_id|>assistant<|end_header_id|>\n\n",  # Llama 3
    "<start_of_turn>model\n",  # Gemma
    "<|assistant|>\n",  # Phi / GLM-style
)
"""Markers that open the assistant turn the policy generates into."""

END_TOKENS: tuple[str, ...] = (
    "<|im_end|>",
    "<|endoftext|>",
    "<|eot_id|>",
    "<|end_of_text|>",
    "<end_of_turn>",
    "<|end|>",
    "<eos>",
    "</s>",
)
"""End-of-turn, end-of-sequence and padding tokens a decoded query may end with."""

PAD_TOKENS: tuple[str, ...] = ("<|image_pad|>", "<|video_pad|>", "<image_soft_token>", "<image>")
"""Placeholder tokens a processor repeats per image patch; their run lengths are not compared."""

TAIL_CHARS = 32
"""How much of the prompt's end the ``tail`` fallback looks for."""


@dataclass(frozen=True)
class Recovery:
    """A response cut out of a query, and how it was found."""

    response: str
    method: Method
    prompt: str = field(default="", repr=False)
    """The query before the response (empty when no cut was found): what the response replies
    to, for the echo rule (``echo`` in ``safereward.answers``)."""

    @property
    def fallback(self) -> bool:
        """True when the cut was not an exact prefix match (worth watching in training logs)."""
        return self.method not in EXACT_METHODS


def recover_response(
    query: str,
    prompt: str | None,
    *,
    markers: Sequence[str] = ASSISTANT_MARKERS,
    end_tokens: Sequence[str] = END_TOKENS,
    pad_tokens: Sequence[str] = PAD_TOKENS,
) -> Recovery:
    """The response inside ``query`` (decoded prompt + response, special tokens kept).

    >>> prompt = "<|im_start|>user\\nHi<|im_end|>\\n<|im_start|>assistant\\n<think>\\n"
    >>> recover_response(prompt + "ok</think><answer>Hello</answer><|im_end|>", prompt)
    Recovery(response='ok</think><answer>Hello</answer>', method='prefix')
    """
    query = as_text(query)
    prompt = as_text(prompt)
    start, method = _response_start(query, prompt, markers, pad_tokens)
    return Recovery(strip_end_tokens(query[start:], end_tokens), method, query[:start])


def strip_end_tokens(text: str, end_tokens: Sequence[str] = END_TOKENS) -> str:
    """``text`` without trailing end-of-turn/padding tokens (and whitespace between them)."""
    end = len(text)
    while True:
        trimmed = text[:end].rstrip()
        for token in end_tokens:
            if token and trimmed.endswith(token):
                end = len(trimmed) - len(token)
                break
        else:
            break
    # Whitespace before the end token belongs to the response only if no token was removed.
    return text[:end] if end == len(text) else text[:end].rstrip("\n")


def _response_start(
    query: str, prompt: str, markers: Sequence[str], pad_tokens: Sequence[str]
) -> tuple[int, Method]:
    if query.startswith(prompt):
        return len(prompt), "prefix"
    end = _prefix_ignoring_pad_runs(query, prompt, pad_tokens)
    if end is not None:
        return end, "prefix_pads"
    found = _after_marker(query, prompt, markers)
    if found is not None:
        return found, "marker"
    found = _after_truncated_prompt(query, prompt)
    if found is not None:
        return found, "tail"
    return 0, "none"


def _prefix_ignoring_pad_runs(query: str, prompt: str, pad_tokens: Sequence[str]) -> int | None:
    """Where ``prompt`` ends in ``query`` if only the lengths of pad-token runs differ."""
    pads = [p for p in pad_tokens if p and p in prompt]
    if not pads:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(pads, key=len, reverse=True))
    pieces = re.split(f"((?:{alternatives})+)", prompt)
    pos = 0
    for i, piece in enumerate(pieces):
        if i % 2 == 0:  # literal text: must match exactly
            if not query.startswith(piece, pos):
                return None
            pos += len(piece)
        else:  # a run of pads: consume the query's run, whatever its length
            advanced = True
            while advanced:
                advanced = False
                for pad in pads:
                    if query.startswith(pad, pos):
                        pos += len(pad)
                        advanced = True
    return pos


def _after_marker(query: str, prompt: str, markers: Sequence[str]) -> int | None:
    """Just after the query's assistant marker that matches the prompt's last one.

    The prompt has ``k`` markers (1 for a single-turn prompt); the response starts after the
    k-th in the query, so a response that itself emits a marker does not move the cut. If the
    prompt lost markers (left truncation), the query's first marker is used when it has
    exactly as many as the prompt keeps, else the last. What the prompt has after its marker
    (the generation prefix, e.g. ``<think>\\n``) is skipped too, so this path cuts where the
    exact one would.
    """
    for marker in markers:
        k = prompt.count(marker)
        if not k:
            continue
        positions = [m.start() for m in re.finditer(re.escape(marker), query)]
        if not positions:
            continue
        at = positions[k - 1] if len(positions) >= k else positions[-1]
        pos = at + len(marker)
        generation_prefix = prompt[prompt.rfind(marker) + len(marker) :]
        if generation_prefix and query.startswith(generation_prefix, pos):
            pos += len(generation_prefix)
        return pos
    return None


def _after_truncated_prompt(query: str, prompt: str) -> int | None:
    """Where the prompt ends if the query starts with the prompt's end (left truncation)."""
    tail = prompt[-TAIL_CHARS:]
    if not tail:
        return None
    at = query.find(tail)
    if at < 0:
        return None
    end = at + len(tail)
    # A cut through a multi-byte character decodes to U+FFFD at the very start.
    if prompt.endswith(query[:end].lstrip("\ufffd")):
        return end
    return None


# -- prompts ------------------------------------------------------------------------------------


def prompt_text(prompt: Any) -> str | None:
    """What a response replies to, for the echo rule (``echo`` in ``safereward.answers``). a
    string prompt as it is; for chat messages, the text of the last user turn (all text content
    when there is none); None for anything else (scored without its prompt)."""
    if isinstance(prompt, str):
        return prompt
    if hasattr(prompt, "tolist") and not isinstance(prompt, (bytes, bytearray)):
        prompt = prompt.tolist()  # a numpy array of messages, as pandas reads a Parquet list
    if not isinstance(prompt, Sequence) or isinstance(prompt, (bytes, bytearray)):
        return None
    messages = [m for m in prompt if isinstance(m, Mapping)]
    users = [m for m in messages if m.get("role") == "user"]
    chosen = users[-1:] or messages
    return "\n".join(content_text(m.get("content")) for m in chosen) if chosen else None


def content_text(content: Any) -> str:
    """The text of a message's content: a string, or text blocks (``{"type": "text", ...}``)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, Sequence):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, Mapping))
    return str(content)


# -- scoring transcripts ------------------------------------------------------------------------


@dataclass(frozen=True)
class TranscriptScore:
    """A transcript's reward, plus how its response was recovered."""

    result: RewardResult
    recovery: Recovery

    def log_fields(self) -> dict[str, float]:
        """``RewardResult.log_fields`` plus recovery flags: the same keys for every sample."""
        return {
            **self.result.log_fields(),
            "recovery_fallback": float(self.recovery.fallback),
            "recovery_failed": float(self.recovery.method == "none"),
        }


def score_transcripts(
    reward: SafeGRPOReward,
    queries: Sequence[Any],
    prompts: Sequence[Any] | None,
    labels: Sequence[LabelsLike],
) -> list[TranscriptScore]:
    """Recover every response and score them in one batch; never raises on bad items.

    ``prompts`` may be None (the queries are then the responses themselves). The query before
    each response is passed to the reward as its prompt (an echo of it is a non-answer).
    """
    if prompts is None:
        prompts = [""] * len(queries)
    if not len(queries) == len(prompts) == len(labels):
        raise ValueError(
            f"{len(queries)} queries, {len(prompts)} prompts and {len(labels)} labels: "
            "the lists must have the same length"
        )
    recoveries = [recover_response(q, p) for q, p in zip(queries, prompts, strict=True)]
    asked = [r.prompt or None for r in recoveries]
    if any(asked):
        results = reward.score_many([r.response for r in recoveries], labels, asked)
    else:
        results = reward.score_many([r.response for r in recoveries], labels)
    return [TranscriptScore(res, rec) for res, rec in zip(results, recoveries, strict=True)]
