"""What a reward server is configured with: the reward, the pool, and the request limits."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from safereward.presets import PresetName

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


class ServerSettings(BaseModel):
    """Server configuration; every limit answers 413 naming itself when exceeded."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = "127.0.0.1"
    """Loopback by default: the server has no authentication."""
    port: int = Field(8000, ge=0, le=65535)
    preset: PresetName = "strict"
    judge: str | None = None
    judge_kwargs: dict[str, Any] = Field(default_factory=dict)
    reward: dict[str, Any] = Field(default_factory=dict)
    """Further ``RewardConfig`` keys (``schema``, ``expression``, ``weights``), e.g. from
    ``serve --config`` or ``--schema``."""
    workers: int = Field(1, ge=0, le=256)
    """Scoring processes; 0 scores in one thread of the server process (for a GPU judge)."""
    max_body_bytes: int = Field(64 * 1024 * 1024, ge=1)
    max_batch: int = Field(8192, ge=1)
    """Items in one request."""
    max_response_chars: int = Field(1_000_000, ge=1)
    """Characters in one query, prompt or response."""
    chunk_size: int = Field(256, ge=1)
    """Items per scoring job: big requests are split across workers, small ones coalesced."""
    score_timeout_s: float = Field(60.0, gt=0)
    """A scoring job still running after this long is cut: its worker is killed and replaced,
    and a request scored alone is answered 504 naming this deadline."""
    spare_after_s: float | None = Field(2.0, gt=0)
    """A job running this long while others wait gets a spare worker for them (one is kept
    warm; at most ``workers + 2`` spares), and the requests merged into it are scored again
    alone. None: no spares, so other requests wait for a stuck job until its deadline."""
    graceful_timeout_s: float = Field(60.0, ge=0)
    """How long shutdown waits for in-flight requests."""
    max_json_depth: int = Field(64, ge=2, le=512)
    """Nesting of arrays/objects in a body (checked on the bytes, before parsing)."""
    max_label_depth: int = Field(8, ge=1, le=64)
    """Nesting of one item's labels (an object, or a JSON string)."""
    max_label_bytes: int = Field(64 * 1024, ge=64)
    """Size of one item's labels as JSON; labels are checked before they join a batch."""
    header_timeout_s: float = Field(10.0, gt=0)
    """A new connection must send its request headers within this long (slow-header guard)."""
    body_timeout_s: float = Field(60.0, gt=0)
    """The whole body must arrive within this long of the headers (slow-body guard)."""
    keep_alive_timeout_s: float = Field(30.0, gt=0)
    """An idle keep-alive connection is closed after this long (and must send its next
    request's headers within it)."""
    log_level: str = "info"

    def reward_config(self) -> dict[str, Any]:
        """The ``SafeGRPOReward.from_config`` mapping."""
        config: dict[str, Any] = {
            **self.reward,
            "preset": self.preset,
            "judge_kwargs": dict(self.judge_kwargs),
        }
        if self.judge:
            config["judge"] = self.judge
        return config

    @property
    def loopback(self) -> bool:
        return self.host in LOOPBACK_HOSTS
