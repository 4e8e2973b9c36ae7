"""Entry point: ``safereward COMMAND ...``.

Each command lives in its own module exposing ``register(subparsers)``; a module is imported
only when the parser is built, and its heavy imports happen inside the command itself.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence
from importlib import metadata

COMMAND_MODULES = (
    "safereward.cli.score",
    "safereward.cli.parse",
    "safereward.cli.check_labels",
    "safereward.cli.prepare",
    "safereward.cli.serve",
    "safereward.cli.schema",
)


DEBUG_HELP = "show the traceback of an error instead of its one-line message"


class CommandError(Exception):
    """A user-fixable problem; printed as one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safereward", description="Verifiable SafeGRPO rewards: score, parse, prepare, serve."
    )
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    for command in sub.choices.values():  # also after the command: `safereward score --debug`
        command.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Exit status: 0 done, 1 done but some input was bad (the command lists it), 2 a usage or
    # I/O error or a failure, 130 interrupted; always one line on stderr, unless --debug.
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt as exc:
        if args.debug:
            raise
        detail = f" ({exc})" if str(exc) else ""
        print(f"safereward {args.command}: interrupted{detail}", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(f"safereward {args.command}: error: {_one_line(exc)}", file=sys.stderr)
        return 2


def _one_line(exc: Exception) -> str:
    if isinstance(exc, CommandError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where}"
    if isinstance(exc, ModuleNotFoundError) and exc.name and not exc.name.startswith("safereward"):
        return _missing(exc.name)
    text = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {text} (a bug? rerun with --debug for the traceback)"


_EXTRA = re.compile(r"""^([A-Za-z0-9][A-Za-z0-9._-]*).*;\s*extra\s*==\s*['"]([^'"]+)['"]""")


def _missing(module: str) -> str:
    """What to install for a package the command needs and does not find: the extra that
    brings it, read from the package's own requirements (``pyproject.toml``)."""
    top = module.split(".")[0]
    extras: list[str] = []
    try:
        requires = metadata.requires("safereward") or []
    except metadata.PackageNotFoundError:  # run from a tree that is not installed
        requires = []
    for line in requires:
        found = _EXTRA.match(line)
        if found and re.sub(r"[-.]+", "_", found[1]).lower() == top.lower():
            extras.append(found[2])
    if not extras:
        return f"this command needs the package {top!r}, which is not installed"
    extra = "cli" if "cli" in extras else extras[0]
    return f"this command needs the package {top!r}: pip install 'safereward[{extra}]'"


if __name__ == "__main__":
    # `python -m safereward.cli.main`: run the imported module, so that the CommandError the
    # commands raise is the class caught above (this file also runs as `__main__`).
    from safereward.cli.main import main as _main

    sys.exit(_main())
