"""Reward options shared by ``score``, ``parse`` and ``serve``: a custom protocol and rules.

``--schema NAME|FILE`` and ``--expression MODULE:ATTR``, or ``--config FILE`` (a YAML
``RewardConfig``); flags given beside a config file override its keys. Every value goes through
``SafeGRPOReward.from_config``, so the command line fails with the same errors as a trainer
config.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from safereward.cli.main import CommandError


def add_reward_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--schema``, ``--expression`` and ``--config`` (``--preset``/``--judge`` are each
    command's own, with ``None`` defaults so a config file can set them)."""
    group = parser.add_argument_group("custom protocol and rules")
    group.add_argument(
        "--schema",
        metavar="NAME|FILE",
        help="protocol to read responses with: a built-in schema (safegrpo, r1, safegrpo_risk, "
        "stepwise) or a YAML schema file",
    )
    group.add_argument(
        "--expression",
        metavar="MODULE:ATTR",
        help="reward expression replacing the SafeGRPO formula, e.g. my_rules:REWARD; MODULE is "
        "imported (from the current directory too), so name only code you trust",
    )
    group.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="YAML reward config (preset, judge, judge_kwargs, weights, schema, expression, "
        "help_weights); "
        "flags given beside it override its keys",
    )


def reward_config(args: argparse.Namespace) -> dict[str, Any]:
    """The ``RewardConfig`` mapping the command line describes."""
    config = read_config(args.config) if getattr(args, "config", None) else {}
    for key in ("preset", "judge", "schema", "expression"):
        value = getattr(args, key, None)
        if value is not None:
            config[key] = value
    if config.get("expression") and os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())  # a command line names modules as `python -m` would
    return config


def read_config(path: Path) -> dict[str, Any]:
    """A YAML config file as a mapping; a schema path in it is read relative to the file."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"--config: cannot read {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise CommandError(f"--config: {path} is not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CommandError(
            f"--config: {path} holds a {type(data).__name__}; a reward config is a mapping "
            "(preset: ..., schema: ..., expression: ...)"
        )
    schema = data.get("schema")
    if isinstance(schema, str) and schema.endswith((".yaml", ".yml")):
        beside = path.parent / schema
        if not Path(schema).is_absolute() and beside.is_file():
            data["schema"] = str(beside)
    return dict(data)


def build_reward(args: argparse.Namespace) -> Any:
    """The reward the command line describes; a bad value is a ``CommandError``."""
    from safereward import SafeGRPOReward

    try:
        return SafeGRPOReward.from_config(reward_config(args))
    except (ValueError, TypeError, ImportError) as exc:
        raise CommandError(f"reward config: {exc}") from None
