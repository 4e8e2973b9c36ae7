"""Rendering a score report: rich tables for the terminal, a matplotlib figure for files.

Kept apart from ``safereward.report`` so the aggregator stays free of rich and matplotlib.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from safereward.report import GOLD, PREDICTIONS

SHOWN_BAD_ROWS = 20
SHOWN_STEPS = 10
HACK_LABELS = {
    "padding": "padding (hidden characters)",
    "non_answer": "non-answer",
    "refuse_then_comply": "refuse then comply",
    "short_answer": "short answer (vs peers)",
}


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def print_report(
    report: Mapping[str, Any], out: Path | None = None, console: Any = None, figure: bool = True
) -> None:
    """Print the report as a few small tables; ``out``/``figure``: what the run wrote."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = console or Console(highlight=False)
    meta, rows, reward, fmt = report["meta"], report["rows"], report["reward"], report["format"]

    summary = Table(title=escape(f"safereward score: {Path(str(meta.get('input', ''))).name}"))
    summary.add_column("metric")
    summary.add_column("value", justify="right")
    summary.add_row("preset / judge", escape(f"{meta.get('preset')} / {meta.get('judge')}"))
    summary.add_row("rows (scored / bad)", f"{rows['total']} ({rows['scored']} / {rows['bad']})")
    summary.add_row("mean reward", _num(reward["mean"]))
    summary.add_row("format pass rate", _pct(fmt["pass_rate"]))
    behavior = report["behavior"]
    summary.add_row("refusal rate, combined-unsafe", _pct(behavior["refusal_rate_on_unsafe"]))
    summary.add_row("over-refusal rate, combined-safe", _pct(behavior["over_refusal_rate_on_safe"]))
    for name, tag in report["tags"].items():
        summary.add_row(f"tag accuracy: {name}", _pct(tag["accuracy"]))
    summary.add_row("prompts", _prompts(report))
    rules = report.get("answer_rules") or {}
    if rules:
        shown = ", ".join(f"{name} {count}" for name, count in rules.items())
        summary.add_row("answers decided by (verdict rule)", escape(shown))
    judge = report.get("judge") or {}
    if judge.get("fallbacks") or meta.get("judge") == "guard":
        summary.add_row(
            "judge fallbacks (read by the fallback judge)",
            f"{judge.get('fallbacks', 0)} ({_pct(judge.get('fallback_rate'))})",
        )
    groups = report.get("groups")
    if groups:
        summary.add_row(
            "groups (size >= 2 / singletons)",
            f"{groups['n_groups'] - groups['n_singletons']} / {groups['n_singletons']}",
        )
        summary.add_row("groups with all rewards equal", _pct(groups["frac_all_equal"]))
        summary.add_row("mean within-group std", _num(groups["mean_std"]))
    console.print(summary)

    if fmt["violations"]:
        table = Table(title="format violations by kind")
        table.add_column("kind")
        table.add_column("responses", justify="right")
        table.add_column("occurrences", justify="right")
        for kind, counts in fmt["violations"].items():
            table.add_row(kind, str(counts["responses"]), str(counts["occurrences"]))
        console.print(table)

    confusion = Table(title="tags: gold (rows) vs predicted")
    confusion.add_column("modality")
    confusion.add_column("gold")
    for p in PREDICTIONS:
        confusion.add_column(f"pred {p}", justify="right")
    for name, tag in _verdict_tags(report):
        for g in GOLD:
            confusion.add_row(name, g, *(str(tag["confusion"][g][p]) for p in PREDICTIONS))
    console.print(confusion)

    _print_hacks(console, report)

    histogram = reward["histogram"]
    if histogram:
        table = Table(title="reward histogram")
        table.add_column("reward", justify="right")
        table.add_column("count", justify="right")
        table.add_column("")
        peak = max(histogram.values())
        for value, count in histogram.items():
            table.add_row(value, str(count), "█" * max(1, round(30 * count / peak)))
        console.print(table)

    if rows["bad"]:
        table = Table(title=f"bad rows: {rows['bad']} (not scored)")
        table.add_column("row", justify="right")
        table.add_column("where")
        table.add_column("problem")
        for bad in rows["bad_rows"][:SHOWN_BAD_ROWS]:
            table.add_row(str(bad["row"]), escape(str(bad["where"])), escape(str(bad["error"])))
        console.print(table)
        if rows["bad"] > SHOWN_BAD_ROWS:
            where = "report.json" if out is not None else "--out DIR's report.json"
            console.print(f"... {rows['bad'] - SHOWN_BAD_ROWS} more in {where}")
    if out is not None:
        files = (
            "report.json, scores.jsonl and report.png" if figure else "report.json and scores.jsonl"
        )
        console.print(f"wrote {out}/{files}")
    else:
        console.print("(--out DIR saves report.json, scores.jsonl and report.png)")


def _verdict_tags(report: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """The labels with a safe/unsafe confusion matrix (SafeGRPO's); others show accuracy only."""
    return [(n, t) for n, t in report["tags"].items() if set(t["confusion"]) == set(GOLD)]


def _prompts(report: Mapping[str, Any]) -> str:
    column = report["meta"].get("columns", {}).get("prompt")
    used = (report.get("prompts") or {}).get("scored_with_prompt", 0)
    if not column:
        return "not used (no prompt column; --prompt-col names one)"
    return f"used: {used} of {report['rows']['scored']} rows (column {column!r})"


def _print_hacks(console: Any, report: Mapping[str, Any]) -> None:
    """The hack monitor's shares, and the run step by step when the input has steps."""
    from rich import box
    from rich.table import Table

    hacks = report.get("hacks")
    if hacks:
        table = Table(title="hack monitor: share of scored rollouts")
        table.add_column("family")
        table.add_column("share", justify="right")
        for family, label in HACK_LABELS.items():
            table.add_row(label, _pct(hacks[family]))
        table.add_row("mean visible answer length", f"{hacks['answer_chars']:.0f} chars")
        console.print(table)
    steps = report.get("steps") or []
    if len(steps) < 2:
        return
    shown = _spread(steps, SHOWN_STEPS)
    title = "by step" if len(shown) == len(steps) else f"by step ({len(shown)} of {len(steps)})"
    table = Table(
        title=title,
        box=box.SIMPLE_HEAD,
        caption="ref U / ref S: refusal rate on combined-unsafe / combined-safe; pad, non, r>c, "
        "short: padding, non-answer, refuse then comply, short answer",
    )
    for name in ("step", "reward", "format", "ref U", "ref S", "pad", "non", "r>c", "short"):
        table.add_column(name, justify="right", no_wrap=True)
    for s in shown:
        table.add_row(
            str(s["step"]),
            _num(s["mean_reward"]),
            _pct(s["format_pass_rate"]),
            _pct(s["refusal_rate_on_unsafe"]),
            _pct(s["over_refusal_rate_on_safe"]),
            *(_pct(s["hacks"][f]) for f in HACK_LABELS),
        )
    console.print(table)


def _spread(items: list[Any], k: int) -> list[Any]:
    """At most ``k`` items, evenly spaced, always the first and the last."""
    if len(items) <= k:
        return items
    picks = sorted({round(i * (len(items) - 1) / (k - 1)) for i in range(k)})
    return [items[i] for i in picks]


def write_figure(report: Mapping[str, Any], path: Path) -> None:
    """One PNG: reward histogram, violation kinds, and a confusion matrix per modality; for a
    run with several steps (a verl dump), a third row of trends: rates, hack shares, length."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    steps = report.get("steps") or []
    rows = 3 if len(steps) >= 2 else 2
    fig, axes = plt.subplots(rows, 3, figsize=(14, 4 * rows))
    ax = axes[0][0]
    hist = report["reward"]["histogram"]
    ax.bar(list(hist), list(hist.values()), color="tab:blue")
    ax.set_title("reward histogram")
    ax.set_xlabel("reward")
    ax.set_ylabel("responses")

    draw_violations(axes[0][1], report["format"])

    ax = axes[0][2]
    behavior = report["behavior"]
    labels = ["refusal on unsafe", "over-refusal on safe"]
    values = [behavior["refusal_rate_on_unsafe"], behavior["over_refusal_rate_on_safe"]]
    ax.bar(labels, [100 * (v or 0.0) for v in values], color=["tab:green", "tab:orange"])
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    ax.set_title("behaviour")

    for ax in axes[1][len(_verdict_tags(report)) :]:
        ax.set_axis_off()
    for ax, (name, tag) in zip(axes[1], _verdict_tags(report), strict=False):
        matrix = [[tag["confusion"][g][p] for p in PREDICTIONS] for g in GOLD]
        ax.imshow(matrix, cmap="Blues")
        peak = max(max(row) for row in matrix) or 1
        for i, row in enumerate(matrix):
            for j, count in enumerate(row):
                color = "white" if count > peak / 2 else "black"
                ax.text(j, i, str(count), ha="center", va="center", color=color)
        ax.set_xticks(range(len(PREDICTIONS)), [f"pred {p}" for p in PREDICTIONS])
        ax.set_yticks(range(len(GOLD)), [f"gold {g}" for g in GOLD])
        ax.set_title(f"{name} tag (accuracy {_pct(tag['accuracy'])})")
    if rows == 3:
        _draw_trends(axes[2], steps)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def draw_violations(ax: Any, fmt: Mapping[str, Any]) -> None:
    """Responses per violation kind; with none, say so instead of drawing an empty axis."""
    kinds = fmt["violations"]
    ax.set_title(f"violations (format pass {_pct(fmt['pass_rate'])})")
    if not kinds:
        ax.text(0.5, 0.5, "no format violations", ha="center", va="center", fontsize="large")
        ax.set_axis_off()
        return
    ax.barh(list(kinds)[::-1], [v["responses"] for v in kinds.values()][::-1], color="tab:red")
    ax.set_xlabel("responses")


def _draw_trends(axes: Any, steps: list[Mapping[str, Any]]) -> None:
    """Step by step: what the reward says, the hack shares beside it, the answer length."""
    x = [s["step"] for s in steps]

    def line(ax: Any, values: list[float | None], label: str, style: str = "-") -> None:
        shown = [float("nan") if v is None else 100 * v for v in values]
        ax.plot(x, shown, style, label=label)

    ax = axes[0]
    line(ax, [s["mean_reward"] for s in steps], "mean reward (x100)")
    line(ax, [s["format_pass_rate"] for s in steps], "format pass")
    line(ax, [s["refusal_rate_on_unsafe"] for s in steps], "refusal on unsafe")
    line(ax, [s["over_refusal_rate_on_safe"] for s in steps], "over-refusal on safe")
    ax.set_title("by step")

    ax = axes[1]
    for (family, label), style in zip(HACK_LABELS.items(), ("-", "--", "-.", ":"), strict=True):
        line(ax, [s["hacks"][family] for s in steps], label, style)  # styles show overlaps
    ax.set_title("hack monitor: share of rollouts")

    ax = axes[2]
    ax.plot(x, [s["hacks"]["answer_chars"] for s in steps], color="tab:purple")
    ax.set_title("mean visible answer length")
    ax.set_ylabel("characters")
    for ax in axes:
        ax.set_xlabel("step")
    for ax in axes[:2]:
        ax.set_ylabel("%")
        ax.set_ylim(-2, 102)  # a line at 0% or 100% stays visible
        ax.legend(fontsize="small")


@contextlib.contextmanager
def progress_bar(total: int | None, name: str) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr; yields ``advance(n_rows)``."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn()]
    columns += [MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(f"scoring {name}", total=total)
        yield lambda n: progress.advance(task, n)
