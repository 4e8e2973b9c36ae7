"""``safereward schema``: review a protocol before training with it.

``show`` prints the Lark grammar the parser derives from a schema (a built-in name or a YAML
file), so a reviewer reads what is enforced rather than trusting a regex; ``--summary`` gives
the same schema as a table and ``--json`` as data. ``list`` names the built-in schemas.
"""

from __future__ import annotations

import argparse
from typing import Any

from safereward.cli.main import CommandError

CARDINALITY = {"one": "exactly once", "optional": "at most once", "many": "once or more"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="show a tag schema's derived grammar, or list the built-in schemas",
        description="Inspect the protocol (blocks, tags, order, values) a response is parsed with.",
    )
    sub = parser.add_subparsers(dest="schema_command", metavar="ACTION", required=True)
    show = sub.add_parser(
        "show",
        help="print the Lark grammar derived from a schema",
        description=(
            "Print the Lark grammar derived from NAME_OR_YAML: a built-in schema name "
            "(see `safereward schema list`) or the path of a YAML schema file."
        ),
    )
    show.add_argument("source", metavar="NAME_OR_YAML", nargs="?", default="safegrpo")
    form = show.add_mutually_exclusive_group()
    form.add_argument(
        "--summary", action="store_true", help="a table of blocks, tags, cardinality and values"
    )
    form.add_argument("--json", action="store_true", help="the schema as JSON")
    show.set_defaults(func=run_show)
    listing = sub.add_parser("list", help="list the built-in schemas")
    listing.set_defaults(func=run_list)


def run_show(args: argparse.Namespace) -> int:
    from safereward.grammar import grammar_text
    from safereward.schema import SchemaError, load_schema

    try:
        schema = load_schema(args.source)
    except SchemaError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        print(schema.model_dump_json(indent=2))
    elif args.summary:
        print(summary(schema))
    else:
        print(grammar_text(schema), end="")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from safereward.schema import BUILTIN_SCHEMAS, load_schema

    for name in BUILTIN_SCHEMAS:
        schema = load_schema(name)
        tags = ", ".join(schema.tag_names) or "no tags"
        blocks = ", ".join(b.name for b in schema.blocks)
        print(f"{name:<15} blocks: {blocks}; tags: {tags}")
    return 0


def summary(schema: Any) -> str:
    """One row per block and per tag, in the order a response must hold them."""
    rows = [("KIND", "NAME", "IN", "CARDINALITY", "VALUES / NOTES")]
    for block in schema.blocks:
        notes = [block.role]
        if block.prefilled:
            notes.append("opening tag may be prefilled by the chat template")
        if block.nonempty:
            notes.append("must not be empty")
        if block.tags:
            notes.append("tags in this order" if block.ordered else "tags in any order")
        rows.append(("block", block.name, "-", "exactly once", "; ".join(notes)))
        for tag in block.tags:
            notes = _values(tag) + (f"; compared with label {tag.label}" if tag.label else "")
            rows.append(("tag", tag.name, block.name, CARDINALITY[tag.cardinality], notes))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    case = "case-sensitive" if schema.case_sensitive else "case-insensitive"
    lines = [f"schema {schema.name!r} ({case} tag names)"]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def _values(tag: Any) -> str:
    if tag.pattern is not None:
        return f"matches /{tag.pattern}/"
    if tag.values is None:
        return "any text"
    return " | ".join(tag.values)
