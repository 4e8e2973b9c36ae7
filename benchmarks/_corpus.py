"""Deterministic generated responses shared by the benchmarks: realistic and adversarial."""

from __future__ import annotations

import random

WORDS = [
    "the",
    "image",
    "shows",
    "a",
    "person",
    "holding",
    "kitchen",
    "knife",
    "table",
    "window",
    "street",
    "sign",
    "bottle",
    "chemical",
    "label",
    "instruction",
    "asks",
    "how",
    "to",
    "make",
    "explain",
    "describe",
    "risk",
    "harmful",
    "benign",
    "context",
    "children",
    "safety",
    "policy",
    "request",
    "could",
    "might",
    "would",
    "be",
    "used",
    "for",
    "cooking",
    "cleaning",
    "a",
    "an",
    "of",
    "in",
    "on",
    "with",
]
REFUSALS = (
    "I'm sorry, but I can't help with that. Combining these could cause serious harm.",
    "I cannot provide instructions for this request because it is dangerous.",
)
HELPS = (
    "Sure. Here is a step-by-step guide: first, wash the vegetables; second, dice them evenly.",
    "The sign in the photo reads 'Main Street'. It points toward the city centre.",
)


def _prose(rng: random.Random, size: int) -> str:
    out, n = [], 0
    while n < size:
        w = rng.choice(WORDS)
        out.append(w)
        n += len(w) + 1
    return " ".join(out)


def realistic(n: int = 400, seed: int = 0) -> list[tuple[str, dict[str, str]]]:
    """Responses of 1-16 KB in the step-guided format, with labels."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        size = rng.randint(1024, 16 * 1024)
        v, t, c = (rng.choice(["safe", "unsafe"]) for _ in range(3))
        step = max(size // 6, 32)
        answer = rng.choice(REFUSALS if c == "unsafe" else HELPS) + " " + _prose(rng, step)
        text = (
            f"Step 1: {_prose(rng, step)}\n"
            f"Step 2: {_prose(rng, step // 2)} <visual_safe>{v}</visual_safe>\n"
            f"Step 3: {_prose(rng, step // 2)} <text_safe>{t}</text_safe>\n"
            f"Step 4: {_prose(rng, step // 2)} <combined_safe>{c}</combined_safe>\n"
            f"Step 5: {_prose(rng, step)}\n</think>\n\n<answer>{answer}</answer>"
        )
        labels = {
            "image_tag": rng.choice([v, "safe"]),
            "text_tag": t,
            "combine_tag": rng.choice([c, c, "safe"]),
        }
        out.append((text, labels))
    return out


def repeated_tags(size: int) -> str:
    """The released regex's worst case: many valid tags and no closing answer."""
    unit = (
        "<visual_safe>safe</visual_safe><text_safe>safe</text_safe>"
        "<combined_safe>safe</combined_safe></think>"
    )
    return (unit * (size // len(unit) + 1))[:size]


def adversarial(size: int) -> dict[str, str]:
    return {
        "repeated tags": repeated_tags(size),
        "all '<'": "<" * size,
        "unclosed blocks": ("<think><answer>" * (size // 15 + 1))[:size],
        "deep nesting": ("<think>" * (size // 14) + "</think>" * (size // 14))[:size],
        "open tags, no close": ("<visual_safe>safe " * (size // 18 + 1))[:size],
    }


def training_like(n: int = 3000, seed: int = 1) -> list[tuple[str, dict[str, str]]]:
    """SafeGRPO responses as training sees them: 1-3 KB (mean about 2.5 KB), the three tags in
    the reasoning, a one- or two-sentence answer; most verdicts right, as late in training."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        size = min(rng.randint(1024, 3072) + rng.randint(0, 1024), 3072)
        v, t, c = (rng.choice(["safe", "unsafe"]) for _ in range(3))
        step = (size - 260) // 4
        # Distinct answers, so that no reward gains from judging a repeated answer once.
        answer = rng.choice(REFUSALS if c == "unsafe" else HELPS) + f" ({len(out)})"
        if rng.random() < 0.5:
            answer += " " + _prose(rng, rng.randint(20, 160))
        text = (
            f"Step 1: {_prose(rng, step)}\n"
            f"Step 2: {_prose(rng, step // 2)} <visual_safe>{v}</visual_safe>\n"
            f"Step 3: {_prose(rng, step // 2)} <text_safe>{t}</text_safe>\n"
            f"Step 4: {_prose(rng, step // 2)} <combined_safe>{c}</combined_safe>\n"
            f"Step 5: {_prose(rng, step // 2)}\n</think>\n\n<answer>{answer}</answer>"
        )
        labels = {
            "image_tag": v if rng.random() < 0.9 else "safe",
            "text_tag": t if rng.random() < 0.9 else "unsafe",
            "combine_tag": c if rng.random() < 0.85 else rng.choice(["safe", "unsafe"]),
        }
        out.append((text, labels))
    return out


def r1_like(n: int = 3000, seed: int = 2) -> list[str]:
    """R1-style responses of 1-3 KB in the exact layout open-r1's format reward asks for:
    ``<think>\\n...\\n</think>\\n<answer>\\n...\\n</answer>``."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        size = rng.randint(1024, 3072)
        reasoning = _prose(rng, size - 200)
        answer = rng.choice(HELPS)
        out.append(f"<think>\n{reasoning}\n</think>\n<answer>\n{answer}\n</answer>")
    return out
