"""safereward: verifiable, explainable rewards for safety alignment with GRPO.

parse -> typed output (``ParsedOutput``) -> rules -> composed reward (``SafeGRPOReward``) ->
adapters (``safereward.integrations``). Importing this package loads no ML framework.
"""

from safereward.labels import LabelError, SafetyLabels
from safereward.parse import parse
from safereward.presets import RewardConfig, Weights
from safereward.reward import RewardResult, SafeGRPOReward
from safereward.rules import (
    BEHAVIOR,
    FORMAT,
    HARMLESS,
    REASONING_HARMLESS,
    TAG,
    Context,
    Rule,
    Term,
    gate,
    rule,
    tag_match,
)
from safereward.schema import SAFEGRPO, BlockSpec, Schema, TagSpec
from safereward.tags import ParsedOutput, Safety, Span, TagValue, Violation, ViolationKind

__version__ = "0.1.0"

__all__ = [
    "BEHAVIOR",
    "FORMAT",
    "HARMLESS",
    "REASONING_HARMLESS",
    "SAFEGRPO",
    "TAG",
    "BlockSpec",
    "Context",
    "LabelError",
    "ParsedOutput",
    "RewardConfig",
    "RewardResult",
    "Rule",
    "SafeGRPOReward",
    "Safety",
    "SafetyLabels",
    "Schema",
    "Span",
    "TagSpec",
    "TagValue",
    "Term",
    "Violation",
    "ViolationKind",
    "Weights",
    "__version__",
    "gate",
    "parse",
    "rule",
    "tag_match",
]
