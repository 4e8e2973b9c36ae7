"""Guard models as judges: WildGuard, Llama Guard, Qwen3Guard (or a format of your own) read
each (prompt, answer) pair, locally or behind an OpenAI-compatible endpoint.

``load_judge("guard", guard_format="wildguard", base_url="http://127.0.0.1:8000/v1",
model="allenai/wildguard")`` or ``SafeGRPOReward(judge="guard", ...)``; see ``docs/guard.md``.
Importing this package loads neither torch, transformers nor aiohttp: backends import theirs
when they first run.
"""

from safereward.refusal.guard.backends import (
    DEFAULT_API_KEY_ENV,
    Failure,
    GuardBackend,
    GuardEndpointError,
    GuardRequest,
    LocalBackend,
    ServedBackend,
)
from safereward.refusal.guard.formats import (
    FORMATS,
    GuardFormat,
    GuardParseError,
    GuardReading,
    LabelledLines,
    Line,
    available_formats,
    get_format,
    load_format,
    register_format,
)
from safereward.refusal.guard.judge import GuardJudge, load_guard_judge

__all__ = [
    "DEFAULT_API_KEY_ENV",
    "FORMATS",
    "Failure",
    "GuardBackend",
    "GuardEndpointError",
    "GuardFormat",
    "GuardJudge",
    "GuardParseError",
    "GuardReading",
    "GuardRequest",
    "LabelledLines",
    "Line",
    "LocalBackend",
    "ServedBackend",
    "available_formats",
    "get_format",
    "load_format",
    "load_guard_judge",
    "register_format",
]
