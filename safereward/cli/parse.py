"""``safereward parse``: show how one response is read, for debugging prompts and templates.

Exit status 0 when the response passes the format gate, 1 when it has violations.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from safereward.cli.main import CommandError
from safereward.cli.reward_options import add_reward_options, build_reward, reward_config
from safereward.presets import PRESETS

PREVIEW = 70


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "parse",
        help="print the parsed structure and format violations of one response",
        description=(
            "Parse one response: FILE_OR_TEXT is read as a file when it is an existing path, "
            "from stdin when it is '-', else taken as the response text. Exit status 1 when "
            "the response fails the format gate."
        ),
    )
    parser.add_argument("source", metavar="FILE_OR_TEXT")
    parser.add_argument(
        "--preset", choices=PRESETS, help="strict (default), paper or strict-guard (a guard model)"
    )
    parser.add_argument(
        "--labels",
        help="also score it against labels, e.g. "
        '\'{"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"}\'',
    )
    parser.add_argument("--judge", help="refusal judge for --labels (default: the preset's)")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    add_reward_options(parser)
    parser.set_defaults(func=run)


def read_source(source: str) -> str:
    """The response text named by ``source`` (a path, '-' for stdin, or the text itself)."""
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    try:
        if len(source) < 4096 and "\n" not in source and path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        pass
    return source


def run(args: argparse.Namespace) -> int:
    from safereward.labels import LabelError
    from safereward.presets import RewardConfig, reader_for
    from safereward.schema import SAFEGRPO, load_schema

    text = read_source(args.source)
    config = reward_config(args)
    result = None
    if args.labels is not None:
        reward = build_reward(args)
        try:
            labels = reward.label_schema.read(args.labels)
        except LabelError as exc:
            raise CommandError(str(exc)) from None
        parsed = reward.read(text)
        result = reward.score(text, labels)
    else:
        # Reading needs no rules: a schema whose tags the SafeGRPO rules do not fit still parses.
        try:
            read = RewardConfig.from_mapping(
                {k: config[k] for k in ("preset", "schema") if k in config}
            )
        except ValueError as exc:
            raise CommandError(f"reward config: {exc}") from None
        schema = load_schema(read.schema_) if read.schema_ else SAFEGRPO
        parsed = reader_for(read.preset, schema)(text)
    data = describe(text, parsed)
    if result is not None:
        data["reward"] = result.to_dict()
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        _print(data)
    return 0 if parsed.ok else 1


def describe(text: str, parsed: Any) -> dict[str, Any]:
    """JSON-ready view of a parse: blocks, tags with values and spans, violations."""
    return {
        "ok": parsed.ok,
        "length": len(text),
        "blocks": [
            {"name": name, "span": list(parsed.block_spans[name]), "text": body}
            for name, body in parsed.blocks.items()
            if name in parsed.block_spans
        ],
        "tags": [
            {
                "name": tag.name,
                "value": tag.value,
                "raw": tag.raw,
                "span": list(tag.span),
                "block": tag.block,
            }
            for occurrences in parsed.tags.values()
            for tag in occurrences
        ],
        "violations": [
            {
                **v.model_dump(mode="json"),
                "line": _line_col(text, v.offset)[0],
                "column": _line_col(text, v.offset)[1],
            }
            for v in parsed.violations
        ],
    }


def _line_col(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _preview(body: str) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= PREVIEW else flat[: PREVIEW - 1] + "…"


def _print(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(highlight=False)
    verdict = "[green]passes[/green]" if data["ok"] else "[red]fails[/red]"
    console.print(f"format gate: {verdict} ({data['length']} characters)")
    blocks = Table(title="blocks")
    for column in ("block", "span", "text"):
        blocks.add_column(column)
    for block in data["blocks"]:
        blocks.add_row(block["name"], _span(block["span"]), escape(_preview(block["text"])))
    console.print(blocks)
    tags = Table(title="tags")
    for column in ("tag", "value", "raw", "span", "in block"):
        tags.add_column(column)
    for tag in data["tags"]:
        value = escape(tag["value"]) if tag["value"] is not None else "[red]invalid[/red]"
        tags.add_row(
            tag["name"], value, escape(repr(tag["raw"])), _span(tag["span"]), str(tag["block"])
        )
    console.print(tags)
    if data["violations"]:
        table = Table(title="violations")
        for column in ("kind", "at", "tag", "message"):
            table.add_column(column)
        for v in data["violations"]:
            at = f"{v['offset']} (line {v['line']}, col {v['column']})"
            table.add_row(v["kind"], at, v["tag"] or "", escape(v["message"]))
        console.print(table)
    else:
        console.print("no violations")
    reward = data.get("reward")
    if reward is not None:
        terms = ", ".join(f"{k}={v:g}" for k, v in reward["terms"].items())
        console.print(f"reward {reward['total']:g} ({terms}); refused={reward['refused']}")


def _span(span: list[int]) -> str:
    return f"[{span[0]}, {span[1]})"
