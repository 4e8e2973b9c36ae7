"""``safereward prepare TARGET SOURCE OUT_DIR``: a SafeTag-style dataset in a trainer's format.

Reading, validation, the split and the label report are shared; each target only writes one
split's file. A target is one entry of ``TARGETS``: a ``"module:function"`` split writer,
imported when that target runs, with the signature ``write(rows, path, split, instruction,
data_source) -> Path``, and the file suffix; ``train`` and ``test`` are written here.
"""

from __future__ import annotations

import argparse
import functools
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safereward.cli.main import CommandError

TARGETS: dict[str, tuple[str, str, str]] = {
    "verl": (
        "safereward.integrations.verl.data:write_verl_parquet",
        ".parquet",
        "verl RLHFDataset parquet",
    ),
    "openrlhf": (
        "safereward.integrations.openrlhf.data:write_openrlhf_jsonl",
        ".jsonl",
        "OpenRLHF JSONL",
    ),
}
"""Target name -> (split writer as ``module:function``, file suffix, one-line help)."""


@dataclass(frozen=True)
class Splits:
    train: list[Any]
    """``safereward.sources.SourceRow`` items, shuffled."""
    test: list[Any]


@dataclass(frozen=True)
class PrepareOptions:
    instruction: Any
    """``safereward.prompting.Instruction`` to wrap each question in."""
    data_source: str
    seed: int


Writer = Callable[[Splits, Path, PrepareOptions], list[Path]]
SplitWriter = Callable[[Sequence[Any], Path, str, Any, str], Path]
"""``write(rows, path, split, instruction, data_source) -> path``: one split's file."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "prepare",
        help="turn a SafeTag-VL-style dataset into a trainer's format",
        description="Validate every row of a SafeTag-VL-style dataset (prompt, image(s), "
        "image_tag, text_tag, combine_tag, and any label --schema declares) and write it in a "
        "trainer's format.",
    )
    targets = parser.add_subparsers(dest="target", metavar="TARGET", required=True)
    for name, (_, _, help_text) in TARGETS.items():
        sub = targets.add_parser(name, help=help_text)
        _add_common_arguments(sub)
        sub.set_defaults(func=run)


def _add_common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, help="Parquet/JSONL/CSV file or datasets folder")
    parser.add_argument("out_dir", type=Path, help="folder for the prepared files")
    parser.add_argument("--test-size", type=float, default=0.05, help="held-out share (0.05)")
    parser.add_argument("--seed", type=int, default=0, help="split shuffle seed (0)")
    parser.add_argument(
        "--instruction-file",
        type=Path,
        help="prompt template; {question} marks the question (appended after it if absent)",
    )
    parser.add_argument("--skip-bad-rows", action="store_true", help="skip and list bad rows")
    parser.add_argument(
        "--image-col",
        action="append",
        dest="image_cols",
        metavar="COLUMN",
        help="image column to read (repeatable; default: images, then image)",
    )
    parser.add_argument("--prompt-col", default="prompt", help="question column (prompt)")
    parser.add_argument("--split", help="split to read from a datasets folder with several")
    parser.add_argument(
        "--data-source", default="safetag_vl", help="data_source value (safetag_vl)"
    )
    parser.add_argument(
        "--schema",
        metavar="NAME|FILE",
        help="protocol whose declared labels every row must give, each in the column of its "
        "name (default: safegrpo's image_tag, text_tag, combine_tag)",
    )


def run(args: argparse.Namespace) -> int:
    from safereward.labels import label_schema
    from safereward.prompting import DEFAULT_TEMPLATE, Instruction
    from safereward.schema import SAFEGRPO, SchemaError, load_schema
    from safereward.sources import (
        DEFAULT_IMAGE_COLUMNS,
        RowError,
        SourceError,
        format_distribution,
        load_source,
        split_rows,
    )

    writer = load_writer(args.target)
    try:
        labels = label_schema(load_schema(args.schema) if args.schema else SAFEGRPO)
    except SchemaError as exc:
        raise CommandError(f"--schema: {exc}") from None
    try:
        instruction = (
            Instruction.from_file(args.instruction_file)
            if args.instruction_file
            else Instruction(DEFAULT_TEMPLATE)
        )
    except (OSError, ValueError) as exc:
        raise CommandError(f"instruction file: {exc}") from None
    try:
        loaded = load_source(
            args.source,
            prompt_column=args.prompt_col,
            image_columns=tuple(args.image_cols or DEFAULT_IMAGE_COLUMNS),
            skip_bad_rows=args.skip_bad_rows,
            split=args.split,
            check=lambda row: instruction.render(row.prompt, len(row.images)),
            labels=labels,
        )
    except RowError as exc:
        raise CommandError(f"{exc} (use --skip-bad-rows to skip such rows)") from None
    except (SourceError, OSError) as exc:
        raise CommandError(str(exc)) from None
    for bad in loaded.skipped:
        print(f"skipped {bad}")
    try:
        train, test = split_rows(loaded.rows, args.test_size, args.seed)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    options = PrepareOptions(instruction, args.data_source, args.seed)
    paths = writer(Splits(train, test), args.out_dir, options)
    print(
        f"read {loaded.total} rows, kept {len(loaded.rows)}, skipped {len(loaded.skipped)}; "
        f"train {len(train)}, test {len(test)}"
    )
    print(format_distribution(loaded.rows))
    for path in paths:
        print(f"wrote {path}")
    return 0


def load_writer(target: str) -> Writer:
    """The writer of ``target``; a clear error when its module is not installed."""
    spec, suffix, _ = TARGETS[target]
    module_name, _, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise CommandError(f"prepare {target}: {module_name} is not available ({exc})") from None
    return functools.partial(write_splits, getattr(module, attr), suffix)


def write_splits(
    write: SplitWriter, suffix: str, splits: Splits, out_dir: Path, options: PrepareOptions
) -> list[Path]:
    """``train{suffix}`` and ``test{suffix}`` in ``out_dir``, each written by ``write``."""
    return [
        write(
            rows, Path(out_dir) / f"{name}{suffix}", name, options.instruction, options.data_source
        )
        for name, rows in (("train", splits.train), ("test", splits.test))
    ]
