"""``safereward check-labels``: validate a dataset's labels before training on them.

Reads every label the schema declares (``--schema``; SafeGRPO's three by default), prints the
distribution over the 8 (visual, text, combined) combinations and each other label's values,
and lists every bad row with its number and column. Exit status 1 when any row is bad, 2 when
the data, its label columns or the schema cannot be found.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from itertools import product
from pathlib import Path
from typing import Any

from safereward.cli.main import CommandError
from safereward.columns import ColumnError, FieldError, plan_labels
from safereward.io import InputError, iter_rows, list_columns
from safereward.labels import LABEL_FIELDS, LabelSchema, label_schema
from safereward.schema import SAFEGRPO, SAFETY_LABELS, SchemaError, load_schema

SHOWN_BAD_ROWS = 50
COMBINATIONS = tuple(product(("safe", "unsafe"), repeat=3))


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check-labels",
        help="validate a dataset's safety labels and print their distribution",
        description=(
            "Check every row's labels (image_tag/text_tag/combine_tag, visual/text/combined, "
            "any label --schema declares, or a struct/JSON column such as extra_info). Exit "
            "status 1 when any row is bad."
        ),
    )
    parser.add_argument("data", help="JSONL, CSV, Parquet, a datasets folder or a verl dump")
    parser.add_argument(
        "--label-cols",
        nargs="+",
        metavar="COL",
        help="3 columns (visual text combined) or 1 struct/JSON column (default: auto-detected)",
    )
    parser.add_argument(
        "--schema",
        metavar="NAME|FILE",
        help="protocol whose declared labels every row must give (default: safegrpo's three)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


def check(
    path: Path, label_cols: list[str] | None = None, labels: LabelSchema | None = None
) -> dict[str, Any]:
    """Count label combinations and values and collect bad rows; ``labels``: what to read
    (every label SafeGRPO's schema declares by default). Raises ``InputError``/``ColumnError``."""
    labels = labels or label_schema(SAFEGRPO)
    available = list_columns(path)
    if not available:
        raise InputError(f"{path} has no records")
    sample = next((r.data for r in iter_rows(path, batch_size=1) if r.data is not None), None)
    source = plan_labels(available, sample, label_cols, labels)
    others = [label for label in labels.columns if label not in SAFETY_LABELS]
    values: dict[str, Counter[str]] = {label: Counter() for label in others}
    counts: Counter[tuple[str, ...]] = Counter()
    bad: list[dict[str, Any]] = []
    n_bad = total = 0
    for row in iter_rows(path, columns=list(source.columns)):
        total += 1
        try:
            if row.error is not None:
                raise FieldError("(record)", row.error)
            row_labels = source.extract(row.data or {})
        except FieldError as exc:
            n_bad += 1
            if len(bad) < 1000:
                bad.append(
                    {
                        "row": row.index,
                        "where": row.where,
                        "column": exc.column,
                        "error": exc.message,
                    }
                )
            continue
        read = row_labels.as_record()
        if all(f in read for f in LABEL_FIELDS):
            counts[tuple(read[f] for f in LABEL_FIELDS)] += 1
        for label in others:
            if label in read:
                values[label][read[label]] += 1
    if not total:
        raise InputError(f"{path} has no records")
    good = total - n_bad
    return {
        "input": str(path),
        "label_columns": list(source.columns),
        "rows": total,
        "valid": good,
        "bad": n_bad,
        "bad_rows": bad,
        "distribution": [
            {
                **dict(zip(LABEL_FIELDS, combo, strict=True)),
                "count": counts[combo],
                "fraction": counts[combo] / good if good else None,
            }
            for combo in COMBINATIONS
        ],
        "values": {label: dict(c.most_common()) for label, c in values.items()},
    }


def run(args: argparse.Namespace) -> int:
    try:
        schema = load_schema(args.schema) if args.schema else SAFEGRPO
        result = check(Path(args.data), args.label_cols, label_schema(schema))
    except (InputError, ColumnError, SchemaError) as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print(result)
    return 1 if result["bad"] else 0


def _print(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(highlight=False)
    table = Table(
        title=f"labels of {Path(result['input']).name} ({', '.join(result['label_columns'])})"
    )
    for name in LABEL_FIELDS:
        table.add_column(name)
    table.add_column("count", justify="right")
    table.add_column("share", justify="right")
    for entry in result["distribution"]:
        share = "n/a" if entry["fraction"] is None else f"{100 * entry['fraction']:.1f}%"
        table.add_row(*(entry[f] for f in LABEL_FIELDS), str(entry["count"]), share)
    console.print(table)
    for label, counts in result["values"].items():
        table = Table(title=f"{label} values")
        table.add_column(label)
        table.add_column("count", justify="right")
        for value, count in counts.items():
            table.add_row(escape(value), str(count))
        console.print(table)
    console.print(f"{result['rows']} rows: {result['valid']} valid, {result['bad']} bad")
    if result["bad"]:
        bad = Table(title="bad rows")
        for column in ("row", "where", "column", "problem"):
            bad.add_column(column)
        for entry in result["bad_rows"][:SHOWN_BAD_ROWS]:
            bad.add_row(
                str(entry["row"]),
                escape(entry["where"]),
                escape(entry["column"]),
                escape(entry["error"]),
            )
        console.print(bad)
        if result["bad"] > SHOWN_BAD_ROWS:
            console.print(
                f"... and {result['bad'] - SHOWN_BAD_ROWS} more (use --json for all listed)"
            )
