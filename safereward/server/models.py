"""Request and response bodies of the reward server (they also make its OpenAPI schema).

Structure is checked here (types, list lengths); whether each label set is usable is decided
per item later, because OpenRLHF cannot fix a label and must still get a reward for every
query (see ``app``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr, model_validator


class GetRewardRequest(BaseModel):
    """OpenRLHF's reward request: decoded prompt + response, the prompt, the dataset label."""

    model_config = ConfigDict(extra="ignore")

    query: list[StrictStr] = Field(description="decoded prompt + response, special tokens kept")
    prompts: list[StrictStr] | None = Field(
        None,
        description="the prompt of each query (cut off to recover the response; an answer "
        "that only echoes it is a non-answer)",
    )
    labels: list[Any] = Field(
        description="per query: the three tags as a JSON object or JSON string, e.g. "
        '{"image_tag": "safe", "text_tag": "unsafe", "combine_tag": "unsafe"}'
    )

    @model_validator(mode="after")
    def _same_lengths(self) -> GetRewardRequest:
        n = len(self.query)
        if self.prompts is not None and len(self.prompts) != n:
            raise ValueError(f"'prompts' has {len(self.prompts)} items but 'query' has {n}")
        if len(self.labels) != n:
            raise ValueError(f"'labels' has {len(self.labels)} items but 'query' has {n}")
        return self


class GetRewardResponse(BaseModel):
    """What OpenRLHF reads (``rewards``, ``scores``, ``extra_logs``), plus per-item reasons."""

    rewards: list[float]
    scores: list[float]
    extra_logs: dict[str, list[float]] = Field(
        description="numeric per-item logs, the same keys for every item (OpenRLHF: train/<key>)"
    )
    errors: list[str | None] = Field(description="why an item scored 0 without being read")
    recovery: list[str] = Field(description="how each response was cut out of its query")


class ScoreRequest(BaseModel):
    """Our own API: responses (not transcripts) and their labels, full breakdown back."""

    model_config = ConfigDict(extra="forbid")

    responses: list[StrictStr]
    labels: list[Any] = Field(
        description="per response: its labels (object or JSON string), SafeGRPO's three and "
        "any label the server's schema declares"
    )
    prompts: list[StrictStr | None] | None = Field(
        None,
        description="per response: what it replies to (null: not known); an answer that only "
        "echoes its prompt is a non-answer",
    )
    on_label_error: Literal["reject", "zero"] = Field(
        "reject",
        description="reject: answer 422 naming the first unusable label; zero: score it 0 "
        "and say why in its 'error'",
    )

    @model_validator(mode="after")
    def _same_lengths(self) -> ScoreRequest:
        n = len(self.responses)
        if len(self.labels) != n:
            raise ValueError(f"'labels' has {len(self.labels)} items but 'responses' has {n}")
        if self.prompts is not None and len(self.prompts) != n:
            raise ValueError(f"'prompts' has {len(self.prompts)} items but 'responses' has {n}")
        return self


class ScoredItem(BaseModel):
    total: float
    terms: dict[str, float]
    violations: list[dict[str, Any]]
    refused: bool | None
    answer_kind: Literal["refusal", "compliance", "non_answer"] | None = None
    answer_rule: str | None = None
    """The verdict rule that decided ``answer_kind`` (docs/hacks.md)."""
    reasoning_harmful: bool | None = None
    """The reasoning of a refusal gives help (read on combined-unsafe items); None: not read."""
    harmful: bool | None = None
    """A guard model called the answer harmful; None: not read (docs/guard.md)."""
    judge_fallback: bool = False
    """The guard model could not read the answer; its fallback judge did."""
    error: str | None


class ScoreResponse(BaseModel):
    results: list[ScoredItem]


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    preset: str
    judge: str
    workers: int
    in_flight: int
    limits: dict[str, int]


class ErrorBody(BaseModel):
    detail: str
