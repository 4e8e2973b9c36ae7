"""``safereward score``: score a file of rollouts and report whether safety alignment works.

Streaming: records are read in chunks, scored (in this process, in ``--workers`` processes, or
on a Ray cluster), written to ``scores.jsonl`` and folded into the report as they arrive, in
input order whatever the parallelism. Only per-group state is kept.

Exit status: 0, or 1 when some rows could not be scored (they are listed, never dropped), or 2
on a usage or I/O error (missing column, unknown judge, unreadable input, unwritable ``--out``),
with a one-line message (``--debug`` shows the traceback); Ctrl-C exits 130. ``--out`` is
written atomically (``outdir``): a run that does not complete leaves it unchanged.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from safereward.cli.main import CommandError
from safereward.cli.outdir import OutputDir
from safereward.cli.reward_options import add_reward_options, build_reward
from safereward.columns import ColumnError, ColumnPlan, FieldError, plan_columns
from safereward.io import STDIN, InputError, OpenedInput, Row, is_stream, open_input
from safereward.labels import SafetyLabels
from safereward.monitor import HackMonitor, RolloutFlags
from safereward.presets import PRESETS
from safereward.report import ReportBuilder, bad_record, group_key, scored_record

EXAMPLE_GROUP_COLUMN = "prompt_id"
DEFAULT_CHUNK = 256
OUTPUT_FILES = ("scores.jsonl", "report.json", "report.png")


Chunk = list[Row]
"""Consecutive rows of the input, holding only the columns the plan reads."""


@dataclass(frozen=True)
class ChunkScorer:
    """Turns a chunk of rows into ``scores.jsonl`` records; picklable, so it runs in workers.

    Reading a row's columns happens here too, so worker processes share that work with scoring
    and the main process only reads, writes and aggregates. The hack monitor reads each chunk
    as a batch (``short_answer`` compares a response with its chunk: consecutive rollouts,
    which in a verl dump are mostly one step's).
    """

    reward: Any
    plan: ColumnPlan

    def __call__(self, chunk: Chunk) -> list[dict[str, Any]]:
        prepared = [self._prepare(row) for row in chunk]
        items = [p for p in prepared if isinstance(p, _Item)]
        prompts = [i.prompt for i in items] if self.plan.prompt else None
        results = self.reward.score_many(
            [i.text for i in items], [i.labels for i in items], prompts
        )
        flags = HackMonitor.for_reward(self.reward).flags(results, prompts)
        scored = iter(zip(results, flags, strict=True))
        return [self._record(p, *next(scored)) if isinstance(p, _Item) else p for p in prepared]

    @staticmethod
    def _record(item: _Item, result: Any, flags: RolloutFlags) -> dict[str, Any]:
        return scored_record(
            item.row,
            item.where,
            result,
            item.labels.as_record(),
            item.group,
            hacks=flags,
            step=item.step,
            prompted=item.prompt is not None,
        )

    def _prepare(self, row: Row) -> _Item | dict:
        if row.error is not None or row.data is None:
            return bad_record(row.index, row.where, None, str(row.error))
        try:
            text = self.plan.response_of(row.data)
            labels = self.plan.labels.extract(row.data)
            group = group_key(self.plan.group_of(row.data))
            prompt = self.plan.prompt_of(row.data)
        except FieldError as exc:
            return bad_record(row.index, row.where, exc.column, str(exc))
        step = row.data.get(self.plan.step) if self.plan.step else None
        return _Item(row.index, row.where, text, labels, group, step, prompt)


class _Item(NamedTuple):
    """A row ready to score."""

    row: int
    where: str
    text: str
    labels: SafetyLabels
    group: str | None
    step: Any
    prompt: str | None


def example_path() -> Path:
    """The built-in example rollouts shipped with the package."""
    return Path(str(resources.files("safereward") / "data" / "example_rollouts.jsonl"))


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "score",
        help="score a file of rollouts and report format, tag and behaviour statistics",
        description=(
            "Score rollouts (JSONL, CSV, Parquet, a datasets folder or a verl rollout dump) and "
            "print a report. With --out DIR, also write report.json, scores.jsonl and report.png. "
            "--out is written only when the run completes. Exit status 0 when every row was "
            "scored, 1 when some could not be (they are listed), 2 on a usage or I/O error, "
            "130 on Ctrl-C."
        ),
    )
    parser.add_argument(
        "rollouts",
        nargs="?",
        help="file or folder of rollouts, or - for standard input (gzip/bzip2 read as is)",
    )
    parser.add_argument(
        "--example", action="store_true", help="score the built-in example rollouts"
    )
    parser.add_argument(
        "--preset", choices=PRESETS, help="strict (default), paper or strict-guard (a guard model)"
    )
    parser.add_argument("--judge", help="refusal judge name (default: the preset's)")
    add_reward_options(parser)
    parser.add_argument("--response-col", help="response column (default: auto-detected)")
    parser.add_argument(
        "--label-cols",
        nargs="+",
        metavar="COL",
        help="3 columns (visual text combined) or 1 struct/JSON column (default: auto-detected); "
        "any other label the schema declares is read from the column of its name",
    )
    parser.add_argument(
        "--group-col",
        help="prompt id column of GRPO groups (verl dumps: the shared `input`, per step); the "
        "report's memory grows with the number of distinct groups",
    )
    parser.add_argument(
        "--prompt-col",
        help="prompt column, text or chat messages: an answer that only echoes its prompt is a "
        "non-answer (default: prompt, prompt_text, question or input, the first present)",
    )
    parser.add_argument("--out", type=Path, help="folder for report.json, scores.jsonl, report.png")
    parser.add_argument("--workers", type=int, default=1, help="scoring processes (default 1)")
    parser.add_argument(
        "--ray", metavar="ADDRESS", help="score on a Ray cluster ('local' starts one here)"
    )
    parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK, help=argparse.SUPPRESS)
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    parser.add_argument("--no-figure", action="store_true", help="do not write report.png")
    parser.add_argument("--json", action="store_true", help="print report.json instead of tables")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path, group_col = _input_of(args)
    if args.workers < 1:
        raise CommandError(f"--workers must be >= 1, got {args.workers}")
    if args.chunk_size < 1:
        raise CommandError(f"--chunk-size must be >= 1, got {args.chunk_size}")
    reward = build_reward(args)
    try:
        source = open_input(path)
        plan = _plan(source, args, group_col, reward)
    except (InputError, ColumnError) as exc:
        raise CommandError(str(exc)) from None

    # Nothing in --out changes until the run completes (see outdir): a failed or interrupted
    # run leaves the folder as it was, never a truncated file beside an earlier run's report.
    out = OutputDir(args.out, OUTPUT_FILES) if args.out is not None else None
    builder = ReportBuilder()
    try:
        report = _score_and_report(source, plan, reward, args, builder, out)
        if out is not None:
            out.commit()
    except BaseException as exc:
        if out is not None:
            out.abort()
        raise _stopped(exc, builder.n_rows, args.out) from None
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        from safereward.cli.render import print_report

        print_report(report, args.out, figure=not args.no_figure)
    if builder.n_scored == 0:
        first = builder.bad_rows[0]
        raise CommandError(
            f"no row could be scored; first bad row {first['row']} ({first['where']}): "
            f"{first['error']}"
        )
    return 1 if builder.n_bad else 0


def _score_and_report(
    source: OpenedInput,
    plan: ColumnPlan,
    reward: Any,
    args: argparse.Namespace,
    builder: ReportBuilder,
    out: OutputDir | None,
) -> dict[str, Any]:
    """Score every row into ``builder`` (and ``out``'s scores file); the report's mapping."""
    path = source.path
    started = time.perf_counter()
    scores_file = out.open("scores.jsonl") if out is not None else None
    try:
        with _progress(path, source.format, enabled=not args.no_progress) as advance:
            chunks = _chunks(source.rows(plan.needed, max(args.chunk_size, 64)), args.chunk_size)
            scorer = ChunkScorer(reward, plan)
            for records in _score_all(chunks, scorer, args.workers, args.ray):
                for record in records:
                    builder.add(record)
                    if scores_file is not None:
                        scores_file.write(json.dumps(record, ensure_ascii=False) + "\n")
                advance(len(records))
    finally:
        if scores_file is not None:
            scores_file.close()
    elapsed = time.perf_counter() - started
    if builder.n_rows == 0:
        raise CommandError(f"{_shown(path)} has no records")

    meta = {
        "input": _shown(path),
        "format": source.format,
        "preset": reward.preset,
        "schema": reward.schema.name,
        "judge": getattr(reward.judge, "name", type(reward.judge).__name__),
        "columns": {
            "response": plan.response,
            "labels": list(plan.labels.columns),
            "prompt": plan.prompt,
            "group": plan.group,
            "group_within": plan.step,
        },
        "workers": args.workers,
        "ray": args.ray,
        "elapsed_s": round(elapsed, 3),
        "version": _version(),
    }
    report = builder.build(meta)
    if out is not None:
        with out.open("report.json") as handle:
            handle.write(json.dumps(report, indent=2) + "\n")
        if not args.no_figure:
            from safereward.cli.render import write_figure

            write_figure(report, out.temp("report.png"))
    return report


def _stopped(exc: BaseException, rows: int, out: Path | None) -> BaseException:
    """``exc`` as the one-line error ``main`` prints: what stopped the run and how far it got."""
    left = f"; {out} left unchanged" if out is not None else ""
    where = f"stopped after scoring {rows} rows{left}"
    if isinstance(exc, KeyboardInterrupt):
        return KeyboardInterrupt(where)
    if isinstance(exc, CommandError):
        return CommandError(f"{exc} ({where})") if rows else exc
    if isinstance(exc, InputError):
        return CommandError(f"{exc} ({where})")
    if isinstance(exc, OSError):
        name = f" {exc.filename}" if exc.filename else ""
        return CommandError(f"cannot write{name}: {exc.strerror or exc} ({where})")
    return exc


def _shown(path: Path) -> str:
    return "<stdin>" if str(path) == STDIN else str(path)


# -- inputs ----------------------------------------------------------------------------------


def _input_of(args: argparse.Namespace) -> tuple[Path, str | None]:
    if args.example and args.rollouts:
        raise CommandError("give either ROLLOUTS or --example, not both")
    if args.example:
        return example_path(), args.group_col or EXAMPLE_GROUP_COLUMN
    if not args.rollouts:
        raise CommandError("give a ROLLOUTS file or folder, or --example for the built-in one")
    return Path(args.rollouts), args.group_col


def _plan(
    source: OpenedInput, args: argparse.Namespace, group_col: str | None, reward: Any
) -> ColumnPlan:
    if not source.columns:
        raise InputError(f"{_shown(source.path)} has no records")
    return plan_columns(
        source.columns,
        source.sample,
        response=args.response_col,
        labels=args.label_cols,
        group=group_col,
        prompt=args.prompt_col,
        label_schema=reward.label_schema,
    )


def _chunks(rows: Iterator[Row], size: int) -> Iterator[Chunk]:
    chunk: Chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# -- scoring ---------------------------------------------------------------------------------

_WORKER_SCORER: ChunkScorer | None = None


def _init_worker(scorer: ChunkScorer) -> None:
    global _WORKER_SCORER
    # Ctrl-C reaches the whole process group; the parent alone decides what to do with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_SCORER = scorer


def _worker_score(chunk: Chunk) -> list[dict[str, Any]]:
    assert _WORKER_SCORER is not None
    return _WORKER_SCORER(chunk)


def _call(scorer: ChunkScorer, chunk: Chunk) -> list[dict[str, Any]]:
    return scorer(chunk)


def _score_all(
    chunks: Iterator[Chunk], scorer: ChunkScorer, workers: int, ray_address: str | None
) -> Iterator[list[dict[str, Any]]]:
    """Records of every chunk, in input order, however they are computed."""
    if ray_address:
        yield from _score_ray(chunks, scorer, ray_address, workers)
    elif workers > 1:
        yield from _score_processes(chunks, scorer, workers)
    else:
        for chunk in chunks:
            yield scorer(chunk)


def _ordered(
    chunks: Iterator[Chunk], submit: Callable[[Chunk], Any], wait: Callable[[Any], Any], depth: int
) -> Iterator[list[dict[str, Any]]]:
    """Keep at most ``depth`` chunks in flight and yield results in submission order."""
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= depth:
            yield wait(pending.popleft())
    while pending:
        yield wait(pending.popleft())


def _score_processes(
    chunks: Iterator[Chunk], scorer: ChunkScorer, workers: int
) -> Iterator[list[dict[str, Any]]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the parent may hold threads (Ray, torch) that fork would copy mid-state.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(scorer,)
    ) as pool:

        def submit(chunk: Chunk) -> Future[list[dict[str, Any]]]:
            return pool.submit(_worker_score, chunk)

        yield from _ordered(chunks, submit, lambda f: f.result(), 2 * workers)


def _score_ray(
    chunks: Iterator[Chunk], scorer: ChunkScorer, address: str, workers: int
) -> Iterator[list[dict[str, Any]]]:
    import ray  # without the ray extra, main names it

    started_here = not ray.is_initialized()
    if started_here:
        try:
            if address == "local":
                ray.init(num_cpus=max(workers, 1), include_dashboard=False, log_to_driver=False)
            else:
                ray.init(address=address, log_to_driver=False)
        except Exception as exc:  # Ray raises ConnectionError, ValueError, RuntimeError...
            raise CommandError(f"cannot connect to Ray at {address!r}: {exc}") from None
    try:
        remote = ray.remote(_call)
        scorer_ref = ray.put(scorer)
        depth = 2 * max(int(ray.cluster_resources().get("CPU", 1)), 1)
        yield from _ordered(chunks, lambda c: remote.remote(scorer_ref, c), ray.get, depth)
    finally:
        if started_here:
            ray.shutdown()


# -- progress --------------------------------------------------------------------------------


class _NoProgress:
    def __enter__(self) -> Callable[[int], None]:
        return lambda n: None

    def __exit__(self, *exc: object) -> None:
        return None


def _progress(path: Path, fmt: str, enabled: bool) -> Any:
    """A rich progress bar on stderr, only when stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        return _NoProgress()
    from safereward.cli.render import progress_bar

    return progress_bar(_row_count(path, fmt), Path(_shown(path)).name)


def _row_count(path: Path, fmt: str) -> int | None:
    if fmt != "parquet" or is_stream(path):
        return None
    import pyarrow.parquet as pq

    return int(pq.ParquetFile(path).metadata.num_rows)


def _version() -> str:
    from safereward import __version__

    return __version__


def score_file(path: str | Path, reward: Any, **columns: Any) -> dict[str, Any]:
    """Library entry: the report of ``path`` scored in this process (no output files)."""
    source = open_input(path)
    plan = plan_columns(source.columns, source.sample, label_schema=reward.label_schema, **columns)
    builder = ReportBuilder()
    chunks = _chunks(source.rows(plan.needed), DEFAULT_CHUNK)
    for records in _score_all(chunks, ChunkScorer(reward, plan), 1, None):
        builder.add_all(records)
    return builder.build({"input": _shown(source.path), "format": source.format})


__all__: Sequence[str] = ("ChunkScorer", "example_path", "register", "run", "score_file")
