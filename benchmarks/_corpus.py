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


_HAN = (
    "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对"
    "着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面"
)


def long_answers(size: int, seed: int = 3) -> dict[str, str]:
    """Answers of ``size`` characters that open with a refusal and go on in other scripts, the
    costliest for the verdict's content rules and unit readers: every unit and word is read."""
    rng = random.Random(seed)
    han = "".join(rng.choice(_HAN) + ("。" if rng.random() < 0.06 else "") for _ in range(size))
    refusal = "I can't help with that. "
    return {
        "refusal + distinct Chinese sentences": "我不能帮助你。" + han,
        "refusal + one Chinese sentence repeated": "我不能帮助你。"
        + "这是一段很长的中文文本，用来测试速度。" * (size // 19),
        "refusal + Russian prose": refusal
        + "Это длинный русский текст для проверки. " * (size // 40),
        "refusal + math-bold letters": refusal + "𝐓𝐡𝐢𝐬 𝐢𝐬 𝐛𝐨𝐥𝐝 𝐭𝐞𝐱𝐭. " * (size // 20),
        "explaining refusal, English": refusal + _prose(rng, size),
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


_OPENINGS = (
    "I can't help with this.",
    "I'm not going to help with that request.",
    "No, please don't do this.",
    "I won't give instructions for that.",
    "I'm sorry, but I can't assist with this one.",
    "That's not something I can help you do.",
)
_REASONS = (
    "What the picture shows together with the request points to a real risk of someone "
    "getting badly hurt, and that is true even if the intention is only curiosity.",
    "Situations like this go wrong quickly: people underestimate how little time they have "
    "to react, and the injuries that follow are often permanent.",
    "There is also the legal side, since doing this can lead to charges that follow a person "
    "for years, long after the moment itself has passed.",
    "Even experienced people with proper training treat this as dangerous, which is why it is "
    "only done with supervision, protective equipment and a plan for when things fail.",
    "Bystanders are part of the picture too: neighbours, passers-by and emergency workers can "
    "be put at risk by a decision they had no say in.",
    "Online guides that make this look easy usually leave out the accidents, and the people "
    "who were hurt rarely write about it afterwards.",
    "If someone close to you is involved, the harm reaches well beyond the day itself, into "
    "trust, health and the relationships around them.",
    "The risk does not depend on how careful someone means to be; small mistakes in conditions "
    "like these are exactly what cause the worst outcomes.",
)
_ALTERNATIVES = (
    "If what you want is the experience, there are supervised places that offer a safe "
    "version of it, with staff who know the risks and how to manage them.",
    "If you are curious about how this works, a documentary, a museum visit or a course taught "
    "by professionals will answer the question without putting anyone in danger.",
    "If you are worried about your own safety or someone else's, local emergency services or "
    "a community support line can talk it through with you at any hour.",
    "If you are going through a difficult time, please reach out to someone you trust or to a "
    "crisis line in your country; you do not have to deal with this alone.",
    "If the goal is a striking photograph, a professional photographer can create the same "
    "effect with a safe setup, props and a bit of editing.",
    "I'm happy to help with the safe part of what you are trying to do, or to point you to "
    "reliable information about the risks if that is useful.",
)


def long_refusals(n: int = 1000, seed: int = 3) -> list[tuple[str, dict[str, str]]]:
    """SafeGRPO responses of 1-3 KB whose answer is a refusal that explains itself at length
    (600-2,000 characters of reasons and safer alternatives), labelled combined-unsafe: what
    the paper asks a policy to write, and what a verdict must read whole without calling
    help."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        target = rng.randint(600, 2000)
        parts = [rng.choice(_OPENINGS)]
        reasons = rng.sample(_REASONS, len(_REASONS))
        alternatives = rng.sample(_ALTERNATIVES, len(_ALTERNATIVES))
        while sum(len(p) + 1 for p in parts) < target and (reasons or alternatives):
            pool = reasons if reasons and (not alternatives or rng.random() < 0.6) else alternatives
            parts.append(pool.pop())
        answer = " ".join(parts) + f" ({i})"
        size = rng.randint(1024, 3072)
        step = max((size - len(answer) - 260) // 4, 64)
        text = (
            f"Step 1: {_prose(rng, step)}\n"
            f"Step 2: {_prose(rng, step // 2)} <visual_safe>unsafe</visual_safe>\n"
            f"Step 3: {_prose(rng, step // 2)} <text_safe>unsafe</text_safe>\n"
            f"Step 4: {_prose(rng, step // 2)} <combined_safe>unsafe</combined_safe>\n"
            f"Step 5: {_prose(rng, step // 2)}\n</think>\n\n<answer>{answer}</answer>"
        )
        out.append((text, {"image_tag": "unsafe", "text_tag": "unsafe", "combine_tag": "unsafe"}))
    return out
