"""Entry point: ``safereward COMMAND ...``.

Each command lives in its own module exposing ``register(subparsers)``; a module is imported
only when the parser is built, and its heavy imports happen inside the command itself.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES = (
    "safereward.cli.score",
    "safereward.cli.parse",
    "safereward.cli.check_labels",
    "safereward.cli.prepare",
    "safereward.cli.serve",
    "safereward.cli.schema",
)


class CommandError(Exception):
    """A user-fixable problem; printed as one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safereward", description="Verifiable SafeGRPO rewards: score, parse, prepare, serve."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"safereward {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
