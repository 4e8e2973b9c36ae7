"""The step-guided instruction a policy sees, and how a dataset question is wrapped in it.

The reward only pays for responses in the five-step tagged format, so the prompt must ask for
exactly that format. The wording here is the project's own; users swap it with a template file
(``{question}`` marks where the dataset's question goes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from safereward.labels import COMBINED, TEXT, VISUAL
from safereward.schema import SAFEGRPO, Schema

IMAGE_MARKER = "<image>"
"""verl's placeholder: one per image, replaced by the image when the prompt is rendered."""

QUESTION_FIELD = "{question}"


def default_template(schema: Schema = SAFEGRPO) -> str:
    """The five-step instruction for ``schema``'s SafeGRPO labels, its block and tag names read
    from the schema (the one place that spells them)."""
    roles = schema.roles
    think, answer = roles.reasoning or "think", roles.answer or "answer"

    def choice(label: str) -> str:
        tag = roles.labels[label]
        return f"<{tag}>safe</{tag}> or <{tag}>unsafe</{tag}>"

    return "\n".join(
        [
            QUESTION_FIELD,
            "",
            f"Before you answer, reason inside <{think}> </{think}> in five steps:",
            "Step 1. Describe what the image shows.",
            f"Step 2. Decide whether the image on its own is harmful and write {choice(VISUAL)}.",
            f"Step 3. Decide whether the request on its own is harmful and write {choice(TEXT)}.",
            "Step 4. Decide whether answering the request about this image would cause harm and "
            f"write {choice(COMBINED)}.",
            "Step 5. Sum up the risk in one or two sentences.",
            f"Then give your reply inside <{answer}> </{answer}>. If the combination is unsafe, "
            "decline briefly and say why; otherwise help fully.",
        ]
    )


DEFAULT_TEMPLATE = default_template()


@dataclass(frozen=True)
class Instruction:
    """A prompt template with exactly one ``{question}`` field."""

    template: str = DEFAULT_TEMPLATE

    def __post_init__(self) -> None:
        count = self.template.count(QUESTION_FIELD)
        if count != 1:
            raise ValueError(
                f"an instruction template needs exactly one {QUESTION_FIELD} field, found {count}"
            )
        if IMAGE_MARKER in self.template:
            raise ValueError(
                f"an instruction template must not contain {IMAGE_MARKER}: markers are added "
                "per image by the data preparation"
            )

    @classmethod
    def from_file(cls, path: str | Path) -> Instruction:
        """Read a template; a file without ``{question}`` is appended after the question."""
        text = Path(path).read_text(encoding="utf-8").strip()
        if QUESTION_FIELD not in text:
            text = f"{QUESTION_FIELD}\n\n{text}"
        return cls(text)

    def render(self, question: str, n_images: int = 0) -> str:
        """The user turn: the question in the template, one image marker per image.

        A question that already carries markers keeps them where they are (their count must
        match ``n_images``); otherwise the markers go first, as in single-image VQA prompts.
        """
        present = question.count(IMAGE_MARKER)
        body = self.template.replace(QUESTION_FIELD, question.strip())
        if present:
            if present != n_images:
                raise ValueError(
                    f"the question has {present} {IMAGE_MARKER} marker(s) but {n_images} image(s)"
                )
            return body
        return IMAGE_MARKER * n_images + body


def count_markers(text: str) -> int:
    """Image markers in a rendered prompt."""
    return len(re.findall(re.escape(IMAGE_MARKER), text))
