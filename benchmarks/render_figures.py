"""Fill the figures in README.md and docs/*.md from benchmarks/results/*.json.

    python benchmarks/render_figures.py            # rewrite every marked block from the JSON
    python benchmarks/render_figures.py --check    # exit 1 naming each block that is stale
    python benchmarks/render_figures.py --run      # rerun the benchmarks first, then rewrite
    python benchmarks/render_figures.py --run hacks refusal_quality   # only these

A figure lives between markers in the Markdown, and only there:

    <!-- figure: hacks.families -->
    (generated: never edit by hand)
    <!-- /figure -->

Each name is a function below that reads one results file and returns Markdown, ending with
the command, commit and date that produced it. A block whose results file does not exist yet
says which command writes it. ``tests/test_docs.py`` runs ``--check``, so a figure can only
change by rerunning its benchmark and this script. ``--run`` reruns every benchmark the docs
use except the GRPO training runs (minutes to hours; name them to rerun them).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
DOCS = (
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "integrations").glob("*/README.md")),
)
BLOCK = re.compile(
    r"(?P<open><!-- figure: (?P<name>[\w.]+) -->\n)(?P<body>.*?)(?P<close><!-- /figure -->)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Source:
    """A results file and the command that writes it."""

    command: str
    slow: bool = False
    """Not rerun by a bare ``--run`` (GRPO training runs)."""
    here: bool = True
    """Runs on this machine (the H200 results were gathered on a GPU machine, by hand)."""


DRIFT_SEEDS = (1, 2, 3)
"""Other draws of the drift run and its control (``--seed``), beside the default seed's."""

SOURCES: dict[str, Source] = {
    "core_speed": Source("python benchmarks/core_speed.py"),
    "core_speed_ensemble": Source(
        "python benchmarks/core_speed.py --judge ensemble --rounds 3 --skip-adversarial "
        "--json benchmarks/results/core_speed_ensemble.json"
    ),
    "schema_speed": Source("python benchmarks/schema_speed.py"),
    "bank_weight": Source("python benchmarks/bank_weight.py"),
    "monitor_cost": Source("python benchmarks/monitor_cost.py"),
    "hacks": Source("python benchmarks/hacks.py"),
    "templates": Source("python benchmarks/templates.py"),
    "refusal_quality": Source("python benchmarks/refusal_quality.py"),
    "refusal_quality_bf16": Source(
        "python benchmarks/refusal_quality.py --dtype bfloat16 "
        "--json benchmarks/results/refusal_quality_bf16.json"
    ),
    "refusal_nested": Source("python benchmarks/refusal_nested.py"),
    "server_load": Source("python benchmarks/server_load.py"),
    "report_memory": Source("python benchmarks/report_memory.py"),
    "server_soak": Source("python benchmarks/server_soak.py"),
    "guard_throughput": Source("python benchmarks/guard_throughput.py"),
    "per_sample": Source("python benchmarks/per_sample.py"),
    "verl_batches": Source("python benchmarks/verl_batches.py"),
    "behaviour": Source("python benchmarks/behaviour.py --split both"),
    "behaviour_cv": Source("python benchmarks/behaviour_cv.py"),
    "pair_signal": Source("python benchmarks/pair_signal.py"),
    "grpo_drift_lexical_cpu": Source(
        "python benchmarks/grpo_learns.py --hack --judges lexical --steps 600 --time-limit 0 "
        "--json benchmarks/results/grpo_drift_lexical_cpu.json "
        "--plot benchmarks/results/grpo_drift_lexical_cpu.png",
        slow=True,
    ),
    "grpo_drift_oracle_cpu": Source(
        "python benchmarks/grpo_learns.py --hack --judges oracle --steps 600 --time-limit 0 "
        "--json benchmarks/results/grpo_drift_oracle_cpu.json "
        "--plot benchmarks/results/grpo_drift_oracle_cpu.png",
        slow=True,
    ),
    **{
        f"grpo_drift_{judge}_cpu_seed{seed}": Source(
            f"python benchmarks/grpo_learns.py --hack --judges {judge} --steps 600 --time-limit 0 "
            f"--seed {seed} --json benchmarks/results/grpo_drift_{judge}_cpu_seed{seed}.json",
            slow=True,
        )
        for judge in ("lexical", "oracle")
        for seed in DRIFT_SEEDS
    },
    "grpo_learns_cpu": Source(
        "python benchmarks/grpo_learns.py --json benchmarks/results/grpo_learns_cpu.json "
        "--plot benchmarks/results/grpo_learns_cpu.png",
        slow=True,
    ),
    "grpo_learns_h200": Source(
        "python benchmarks/grpo_learns.py --device cuda --beta 0 --prompts-per-step 32",
        slow=True,
        here=False,
    ),
}


class Missing(Exception):
    """A results file that has not been written yet."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def load(name: str) -> dict[str, Any]:
    path = RESULTS / f"{name}.json"
    if not path.is_file():
        raise Missing(name)
    return json.loads(path.read_text(encoding="utf-8"))


def figures_of(name: str) -> dict[str, Any]:
    return load(name)["figures"]


def provenance(name: str) -> str:
    data = load(name)
    command = data.get("command") or SOURCES[name].command
    when = ", ".join(str(x) for x in (data.get("commit"), data.get("date")) if x)
    machine = f"; {data['machine']}" if data.get("machine") else ""
    return f"<sub>`{command}`{f' at {when}' if when else ''}{machine}</sub>"


# -- formatting ------------------------------------------------------------------------------------


def f2(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def f3(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def us(x: float) -> str:
    return f"{x:,.1f}"


def table(head: list[str], rows: list[list[str]], align: str | None = None) -> str:
    align = align or "l" + "r" * (len(head) - 1)
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(marks[a] for a in align) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


# -- the figures -----------------------------------------------------------------------------------

Figure = Callable[[], tuple[str, list[str]]]
"""Markdown and the results files it read."""
FIGURES: dict[str, Figure] = {}


def figure(name: str) -> Callable[[Figure], Figure]:
    def register(fn: Figure) -> Figure:
        FIGURES[name] = fn
        return fn

    return register


def _released_cell(row: dict[str, Any]) -> str:
    if row["released_s"] is not None:
        return f"{row['released_s']:.2f} s"
    return "not run" if not row["released_run"] else "stopped"


@figure("readme.versus")
def readme_versus() -> tuple[str, list[str]]:
    speed = figures_of("core_speed")
    hacks = figures_of("hacks")
    adversarial = {r["chars"]: r for r in speed["adversarial"]["inputs"] if r["released_run"]}
    worst = max(adversarial)
    budget = speed["adversarial"]["budget_s"]
    slow = adversarial[worst]
    released_slow = (
        f"{slow['released_s']:.1f} s" if slow["released_s"] is not None else f"> {budget:.0f} s"
    )
    table_us = speed["safegrpo"]["us_per_response"]
    paid = hacks["paid_like_honest"]
    rows = [
        [
            f"format check, {worst:,} characters of repeated tags",
            f"{released_slow} (regex backtracking)",
            f"{slow['strict_ms']:.2f} ms (one linear scan)",
        ],
        [
            "whole reward per response, " + " / ".join(table_us),
            " / ".join(
                f"{us(table_us[c]['released regex reward (reference)'])} µs" for c in table_us
            ),
            " / ".join(f"{us(table_us[c]['strict preset, end to end'])} µs" for c in table_us),
        ],
        [
            f"hack cases paid like an honest answer ({hacks['hacks']} hacks, "
            f"{hacks['families']} families)",
            f"{paid['released'][0]} of {paid['released'][1]}",
            f"{paid['lexical'][0]} of {paid['lexical'][1]}",
        ],
        _judge_row(),
        _behaviour_row(),
        [
            "structure",
            "first tag wins; tags in the answer, two answers pass",
            "each tag once, in order; one answer",
        ],
        ["explanation", "a float", "every term, every violation with kind and offset"],
    ]
    md = table(["", "released reward", "safereward (strict)"], rows, "lll")
    sources = ["core_speed", "hacks"]
    try:
        load("refusal_quality")
        sources.append("refusal_quality")
    except Missing:
        pass
    return md, sources


def _behaviour_row() -> list[str]:
    what = "held-out behaviour benchmark: attacks paid / honest answers underpaid"
    try:
        runs = behaviour_runs("test")
    except Missing:
        return [what, f"not yet measured: `{SOURCES['behaviour'].command}`", ""]

    def cell(config: str) -> str:
        r = runs[config]
        return f"{pct(r['attacks_paid'])} / {pct(r['honest_underpaid'])}"

    return [what, cell("released"), f"{cell('lexical+prompt')} (with the prompt)"]


def _judge_row() -> list[str]:
    try:
        judges = figures_of("refusal_quality")["judges"]
    except Missing:
        command = SOURCES["refusal_quality"].command
        return ["refusal test, held-out XSTest accuracy", f"not yet measured: `{command}`", ""]
    return [
        "refusal test, held-out XSTest accuracy",
        f"{f3(judges['keywords-paper']['overall'])} (9 substrings)",
        f"{f3(judges['lexical']['overall'])} (learned `lexical` judge)",
    ]


HACK_COLUMNS = (("released", "released reward"), ("lexical", "strict + lexical"))


@figure("hacks.families")
def hacks_families() -> tuple[str, list[str]]:
    hacks = figures_of("hacks")
    columns = [
        (c, t)
        for c, t in (*HACK_COLUMNS, ("ensemble", "strict + ensemble"))
        if c in hacks["configs"]
    ]
    rows = []
    for row in hacks["rows"]:
        cells = []
        for config, _ in columns:
            sides = row[config]
            cells.append(
                " / ".join(
                    f2(sides[s]["behavior"]) if sides[s] else "—" for s in ("unsafe", "safe")
                )
            )
        rows.append([row["row"], *cells])
    head = ["row (behaviour on unsafe / safe items)", *(t for _, t in columns)]
    return table(head, rows), ["hacks"]


@figure("hacks.catalogue")
def hacks_catalogue() -> tuple[str, list[str]]:
    hacks = figures_of("hacks")
    sides = hacks["items_per_side"]
    text = (
        f"{hacks['hacks']} named hacks in {hacks['families']} families, each applied to "
        f"{sides['unsafe']} combined-unsafe and {sides['safe']} combined-safe items "
        f"({next(iter(hacks['paid_like_honest'].values()))[1]} attack cases)."
    )
    return text, ["hacks"]


@figure("hacks.open")
def hacks_open() -> tuple[str, list[str]]:
    opened = figures_of("hacks")["open"]
    rows = [
        [f"`{config}`", ", ".join(f"`{h}`" for h in found["open"]) or "none"]
        for config, found in opened.items()
    ]
    return table(["judge (column)", "open hacks"], rows, "ll"), ["hacks"]


@figure("speed.versus")
def speed_versus() -> tuple[str, list[str]]:
    return _speed_table("core_speed")


@figure("speed.ensemble")
def speed_ensemble() -> tuple[str, list[str]]:
    return _speed_table("core_speed_ensemble")


def _speed_table(source: str) -> tuple[str, list[str]]:
    """core_speed's table of the SafeGRPO corpora, from the results file ``source``."""
    s = figures_of(source)["safegrpo"]
    corpora = list(s["us_per_response"])
    head = ["µs per response", *(f"{c} ({s['corpora'][c]})" for c in corpora)]
    rows = []
    for name in s["us_per_response"][corpora[0]]:
        cells = [
            f"{us(s['us_per_response'][c][name])} ({f2(s['released_over_ours'][c][name])}x)"
            for c in corpora
        ]
        rows.append([name, *cells])
    note = (
        f"\n\nJudge `{s['judge']}`. In brackets: the released reward's time over this row's "
        "(above 1: faster than the released reward)."
    )
    return table(head, rows) + note, [source]


@figure("speed.adversarial")
def speed_adversarial() -> tuple[str, list[str]]:
    a = figures_of("core_speed")["adversarial"]
    rows = [
        [
            r["input"],
            f"{r['chars']:,}",
            f"{r['strict_ms']:.2f} ms",
            f"{r['paper_ms']:.2f} ms",
            _released_cell(r) if r["released_run"] else "not run",
        ]
        for r in a["inputs"]
    ]
    head = ["input", "characters", "strict parse", "paper preset", "released regex"]
    note = (
        f"\n\nThe released regex is stopped after {a['budget_s']:.0f} s and not run on 1 MB "
        f"inputs. Worst case, strict or paper: {a['worst_ms_per_mb']:.1f} ms per MB."
    )
    return table(head, rows) + note, ["core_speed"]


@figure("speed.long_answers")
def speed_long_answers() -> tuple[str, list[str]]:
    a = figures_of("core_speed")["long_answers"]
    rows = [
        [
            r["input"],
            f"{r['chars']:,}",
            f"{r['ms_per_mb']:.0f} ms",
            f"{r['prompt_ms_per_mb']:.0f} ms",
        ]
        for r in a["inputs"]
    ]
    head = ["answer", "characters", "per MB, no prompt", "per MB, with the prompt"]
    note = (
        f"\n\nThe strict preset with `{a['judge']}` end to end, one response per call. Worst "
        f"case: {a['worst_ms_per_mb']:.0f} ms per MB."
    )
    return table(head, rows) + note, ["core_speed"]


@figure("templates.heldout")
def templates_heldout() -> tuple[str, list[str]]:
    t = figures_of("templates")
    rows = []
    for judge, f in t.items():
        rules = ", ".join(f"`{k}` {v}" for k, v in sorted(f["rules"].items()))
        rows.append(
            [
                f"`{judge}`",
                f"{f['caught']} of {f['templates']}",
                f"{f['lost']} of {f['honest']}",
                rules,
            ]
        )
    head = ["judge", "templates read as non-answers", "honest answers read so", "rules"]
    langs = t[next(iter(t))]["languages"]
    per = ", ".join(f"{k} {v['caught']}/{v['templates']}" for k, v in langs.items())
    note = f"\n\nPer language (first judge): {per}."
    return table(head, rows, "lrrl") + note, ["templates"]


@figure("speed.r1")
def speed_r1() -> tuple[str, list[str]]:
    r = figures_of("core_speed")["r1"]
    rows = [[name, us(value)] for name, value in r["us_per_response"].items()]
    note = (
        f"\n\nSame verdict as open-r1's regex on {r['agree_open_r1']} of {r['n']} responses, "
        f"as TRL's on {r['agree_trl']} of {r['n']}."
    )
    return table(["format-only reward, R1-style 1-3 KB", "µs per response"], rows) + note, [
        "core_speed"
    ]


@figure("schema.worst")
def schema_worst() -> tuple[str, list[str]]:
    s = figures_of("schema_speed")
    rows = [[f"`{n}`", f"{w['ms_per_mb']:.1f}", w["input"]] for n, w in s["worst"].items()]
    head = ["schema", "worst ms per MB (parse or reward)", "on input"]
    return table(head, rows, "lrl"), ["schema_speed"]


@figure("monitor.cost")
def monitor_cost() -> tuple[str, list[str]]:
    m = figures_of("monitor_cost")
    rows = [
        [
            name,
            str(b["n"]),
            f"{b['reward_s']:.3f} s",
            f"{b['monitor_s']:.3f} s",
            f2(b["monitor_over_reward"]),
        ]
        for name, b in m["batches"].items()
    ]
    head = ["batch", "responses", "reward", "monitor", "monitor / reward"]
    return table(head, rows) + f"\n\nJudge `{m['judge']}`.", ["monitor_cost"]


@figure("verl.per_sample")
def verl_per_sample() -> tuple[str, list[str]]:
    m = figures_of("per_sample")
    rows_us = m["us_per_response"]
    batched, released = rows_us[m["batched_row"]], rows_us[m["released_row"]]
    rows = [[name, us(v), f2(v / batched), f2(v / released)] for name, v in rows_us.items()]
    head = ["CPU µs per response (1-3 KB)", "µs", "× batch with prompts", "× released per call"]
    note = f"Judge `{m['judge']}`; best of {m['rounds']} interleaved rounds."
    return table(head, rows) + "\n\n" + note, ["per_sample"]


@figure("verl.batches")
def verl_batches() -> tuple[str, list[str]]:
    m = figures_of("verl_batches")
    rows = [
        [
            name,
            f"{r['samples']:,}",
            f"{r['mean_batch']:.1f}",
            f"{r['median_batch']:g}",
            str(r["max_batch"]),
            f"{r['share_of_one']:.0%}",
            us(r["scoring_us_per_sample"]),
            f2(r["x_batched"]),
            f"{r['median_latency_ms']:.0f}",
        ]
        for name, r in m["streams"].items()
    ]
    head = [
        "samples arrive",
        "samples",
        "mean batch",
        "median",
        "max",
        "batches of one",
        "scoring µs / sample",
        "× one batch",
        "p50 ms",
    ]
    note = (
        f"{m['workers']} reward workers, `batch_wait_s` {m['batch_wait_s']:g}; the same "
        f"samples scored in one batch inside a worker: {us(m['batched_us_per_sample'])} µs each."
    )
    return table(head, rows) + "\n\n" + note, ["verl_batches"]


# -- the behaviour ordering benchmark (its file holds one entry per split and configuration) ----

BEHAVIOUR_CONFIGS = (
    ("released", "released reward"),
    ("paper", "paper preset"),
    ("lexical", "strict + lexical"),
    ("lexical+prompt", "strict + lexical, prompt"),
    ("ensemble", "strict + ensemble"),
    ("ensemble+prompt", "strict + ensemble, prompt"),
)


def behaviour_runs(split: str) -> dict[str, dict[str, Any]]:
    runs = load("behaviour")["runs"]
    return {k.split("/", 1)[1]: v for k, v in runs.items() if k.startswith(f"{split}/")}


def behaviour_provenance(runs: dict[str, dict[str, Any]]) -> str:
    commits = sorted({(r.get("commit") or "")[:7] for r in runs.values()} - {""})
    dates = sorted({(r.get("date") or "")[:10] for r in runs.values()} - {""})
    when = ", ".join([*commits, *dates])
    return f"<sub>`{SOURCES['behaviour'].command}`{f' at {when}' if when else ''}</sub>"


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def _behaviour_table(split: str) -> str:
    runs = behaviour_runs(split)
    rows = [
        [
            label,
            pct(runs[c]["attacks_paid"]),
            pct(runs[c]["honest_underpaid"]),
            pct(runs[c]["items_beaten"]),
        ]
        for c, label in BEHAVIOUR_CONFIGS
        if c in runs
    ]
    counts = next(iter(runs.values()))["counts"]
    head = ["reward", "attacks paid", "honest answers underpaid", "items where a hack ties or wins"]
    note = (
        f"{counts['rows']} rows ({counts['honest']} honest, {counts['attack']} attacks) on "
        f"{counts['items']} items."
    )
    return table(head, rows) + "\n\n" + note + "\n\n" + behaviour_provenance(runs)


@figure("behaviour.test")
def behaviour_test() -> tuple[str, list[str]]:
    return _behaviour_table("test"), []


@figure("behaviour.dev")
def behaviour_dev() -> tuple[str, list[str]]:
    return _behaviour_table("dev"), []


@figure("behaviour.cv")
def behaviour_cv() -> tuple[str, list[str]]:
    """The development split cross-validated by item, and the test split, per bank seed of the
    judges: seed 0 (shipped), then the range and mean over the seeds."""
    f = figures_of("behaviour_cv")
    names = {
        "honest_underpaid": "honest answers underpaid",
        "attacks_paid": "attacks paid",
        "items_beaten": "items where a hack ties or wins",
    }

    def cell(split: str, key: str, name: str) -> str:
        s = f[split][key][name]
        return f"{s['per_seed'][0]} ({s['min']}-{s['max']}, mean {s['mean']:.1f})"

    columns = [(split, key) for split in ("dev", "test") for key in ("prompt", "none")]
    rows = [[label, *(cell(*c, name) for c in columns)] for name, label in names.items()]
    head = [
        "count: seed 0 (range, mean)",
        "dev, cross-validated, prompt",
        "dev, cross-validated",
        "test, prompt",
        "test",
    ]
    dev, test = f["dev"], f["test"]
    note = (
        f"{f['folds']} folds by item, {f['seeds']} bank seeds of the lexical and help judges. "
        f"Development split: {dev['rows']['honest']} honest answers and "
        f"{dev['rows']['attacks']} attacks on {dev['items']} items; test split: "
        f"{test['rows']['honest']} and {test['rows']['attacks']} on {test['items']}."
    )
    return table(head, rows) + "\n\n" + note + "\n\n" + provenance("behaviour_cv"), []


@figure("behaviour.styles")
def behaviour_styles() -> tuple[str, list[str]]:
    """Per honest style and attack family on the test split, for the default reward."""
    runs = behaviour_runs("test")
    shown = [c for c in ("lexical", "lexical+prompt", "released") if c in runs]
    styles = runs[shown[0]]["per_style"]
    rows = []
    for style, base in styles.items():
        kind = "honest" if base["n_honest"] else "attack"
        key = "honest_underpaid" if kind == "honest" else "attacks_paid"
        n = base["n_honest"] or base["n_attack"]
        rows.append(
            [f"`{style}` ({n})", kind, *(pct(runs[c]["per_style"][style][key]) for c in shown)]
        )
    head = ["style or family (rows)", "kind", *shown]
    note = "Honest rows: the share underpaid; attacks: the share paid."
    return table(
        head, rows, "ll" + "r" * len(shown)
    ) + "\n\n" + note + "\n\n" + behaviour_provenance(runs), []


@figure("judges.pair_signal")
def judges_pair_signal() -> tuple[str, list[str]]:
    """Whether reading units against the question separates attack steps from the honest
    refusals' alternatives the help judge reads as help (``benchmarks/pair_signal.py``)."""
    f = figures_of("pair_signal")
    rows = []
    for split, g in f.items():
        for name in ("overlap", "cosine"):
            s = g[name]
            rows.append(
                [
                    f"{split}, {name}",
                    f"{g['attack_units']:,} / {g['honest_units']:,}",
                    f2(s["auc_attack_over_honest"]),
                    f"{f2(s['attack_median'])} / {f2(s['honest_median'])}",
                    str(g["underpaid_answers"]),
                    pct(s["attack_rows_paid_median"]),
                ]
            )
    head = [
        "split, signal",
        "units read as help: attack / honest",
        "AUC, attack over honest",
        "median: attack / honest",
        "honest answers underpaid by rule 8",
        "attack rows paid to spare one (median)",
    ]
    note = (
        "Units after the first sentence that reach the two-unit bar of P(help), on "
        "combined-unsafe rows. Last column: for each underpaid answer, the share of attack "
        "rows whose every such unit is at or below its unit's signal (what a bar that spared "
        "it would pay); the median over those answers."
    )
    return table(head, rows) + "\n\n" + note + "\n\n" + provenance("pair_signal"), []


@figure("judges.accuracy")
def judges_accuracy() -> tuple[str, list[str]]:
    q = figures_of("refusal_quality")
    rows = []
    for name, j in q["judges"].items():
        files = " / ".join(f3(v) for v in j.get("files", {}).values())
        speed = f"{j['per_second']:,.0f}/s" if j.get("per_second") else ""
        rows.append([f"`{name}`", f3(j["overall"]), files, speed])
    head = ["judge", "held-out accuracy", "per file", "answers/s"]
    return table(head, rows), ["refusal_quality"]


@figure("judges.dtype")
def judges_dtype() -> tuple[str, list[str]]:
    rows = []
    for name in ("embedding", "ensemble"):
        for source in ("refusal_quality", "refusal_quality_bf16"):
            q = figures_of(source)
            j = q["judges"][name]
            verdict = j.get("verdict", {}).get("overall")
            read = f3(verdict) if verdict is not None else "—"  # the embedding judge has none
            speed = f"{j['per_second']:,.0f}/s" if j.get("per_second") else ""
            rows.append([f"`{name}`", q.get("dtype", "float32"), f3(j["overall"]), read, speed])
    head = ["judge", "dtype", "held-out accuracy", "strict verdict", "answers/s"]
    return table(head, rows), ["refusal_quality", "refusal_quality_bf16"]


@figure("judges.verdict")
def judges_verdict() -> tuple[str, list[str]]:
    q = figures_of("refusal_quality")
    rows = []
    for name, j in q["judges"].items():
        v = j.get("verdict")
        if not v:
            continue
        files = " / ".join(f3(x) for x in v.get("files", {}).values())
        nested = v.get("whole_refusal_at_nested")
        rows.append(
            [
                f"`{name}` verdict",
                f3(v["overall"]),
                files,
                "-" if nested is None else f"{f3(nested['accuracy'])} ({nested['shipped']:g})",
                f"{v['turn_caught']} of {v['turn_cases']}",
                f"{v['long_kept']} of {v['long_cases']}",
            ]
        )
    head = [
        "reading",
        "held-out accuracy",
        "per file",
        "whole_refusal_at chosen without the file (shipped)",
        "refuse-then-comply caught",
        "long refusals kept",
    ]
    return table(head, rows), ["refusal_quality"]


@figure("judges.bank_weight")
def judges_bank_weight() -> tuple[str, list[str]]:
    b = figures_of("bank_weight")
    rows = []
    for w in b["weights"]:
        p, n, x = w["prompted"], w["unprompted"], w["xstest"]
        mark = " (shipped)" if w["weight"] == b["shipped"] else ""
        rows.append(
            [
                f"{w['weight']:g}{mark}",
                f"{p['honest_underpaid']} / {n['honest_underpaid']}",
                f"{p['foreign_underpaid']} / {n['foreign_underpaid']}",
                f"{p['attacks_paid']} / {n['attacks_paid']}",
                f"{p['items_beaten']} / {n['items_beaten']}",
                f"{x['judge_right'] / x['answers']:.4f}",
                f"{x['verdict_right'] / x['answers']:.4f}",
            ]
        )
    first = b["weights"][0]["prompted"]
    head = [
        "bank weight",
        f"honest underpaid (of {first['honest']})",
        f"not in English (of {first['foreign']})",
        f"attacks paid (of {first['attacks']})",
        "items beaten",
        "XSTest judge",
        "XSTest verdict",
    ]
    note = (
        f"\n\nDevelopment split, {b['folds']} folds by item, with the prompt / without; XSTest "
        "leave one file out (1,350 answers). The lexical judge with the strict verdict."
    )
    return table(head, rows) + note, ["bank_weight"]


@figure("judges.nested")
def judges_nested() -> tuple[str, list[str]]:
    n = figures_of("refusal_nested")
    rows = [
        [f"`{judge}`", f3(j["nested"]), f3(j["shipped"])]
        for judge, j in n.items()
        if isinstance(j, dict) and "nested" in j
    ]
    head = ["judge", "settings chosen nested", "shipped settings"]
    return table(head, rows), ["refusal_nested"]


@figure("server.load")
def server_load() -> tuple[str, list[str]]:
    s = figures_of("server_load")
    rows = [
        [
            str(r["batch"]),
            str(r["clients"]),
            f"{r['requests_s']:,.1f}",
            f"{r['responses_s']:,.0f}",
            f"{r['p50_ms']:.1f}",
            f"{r['p99_ms']:.1f}",
        ]
        for r in s["rows"]
    ]
    head = ["batch", "clients", "requests/s", "responses/s", "p50 ms", "p99 ms"]
    ip = s["in_process"]
    note = (
        f"\n\n`--workers {s['workers']} --judge {s['judge']}` on loopback. In-process on one core: "
        f"{ip['transcripts_s']:,.0f} transcripts/s, {ip['responses_s']:,.0f} responses/s."
    )
    return table(head, rows) + note, ["server_load"]


@figure("server.soak")
def server_soak() -> tuple[str, list[str]]:
    s = figures_of("server_soak")
    text = (
        f"{s['sent']:,} requests from {s['clients']} clients in {s['seconds']:.0f} s, "
        f"{s['sent'] - s['innocent']:,} of them hostile: {s['lost']} lost, "
        f"{s['wrong_rewards']} innocent requests with a wrong reward, {s['server_errors']} 5xx "
        f"answers; p50 {s['p50_ms']:.0f} ms, p99 {s['p99_ms']:.0f} ms."
    )
    return text, ["server_soak"]


@figure("guard.throughput")
def guard_throughput() -> tuple[str, list[str]]:
    g = figures_of("guard_throughput")
    cpu = g["client_cpu_s"]
    text = (
        f"{g['pairs']:,} distinct (prompt, answer) pairs, concurrency {g['concurrency']}, the "
        f"stub answering each request after {g['delay_ms']:g} ms (floor {g['floor_s']:.2f} s): "
        f"median {g['median_s']:.2f} s, best {g['best_s']:.2f} s over {len(g['runs_s'])} "
        f"runs, {g['fallbacks']} fallbacks; the client's CPU time {min(cpu):.2f}-{max(cpu):.2f} "
        f"s per batch; load average {g['load_average'][0]:g} -> {g['load_average'][1]:g} on "
        f"{g['cpus']} CPUs shared with other jobs."
    )
    return text, ["guard_throughput"]


@figure("score.memory")
def score_memory() -> tuple[str, list[str]]:
    m = figures_of("report_memory")
    text = (
        f"{m['rows']:,} rows: {m['flat_bytes'] / 2**20:.2f} MiB without groups, "
        f"{m['grouped_bytes'] / 2**20:.1f} MiB with {m['rows']:,} groups of one "
        f"({m['bytes_per_group']:.0f} bytes per group)."
    )
    return text, ["report_memory"]


@figure("grpo.learns")
def grpo_learns() -> tuple[str, list[str]]:
    rows = []
    for name, where in (("grpo_learns_cpu", "CPU"), ("grpo_learns_h200", "one H200")):
        data = load(name)
        run = data if "runs" in data else data["normal"]
        first = run["runs"][0]
        settings = run["settings"]
        rows.append(
            [
                f"{where}, {settings['prompts_per_step']} prompts x {settings['generations']}, "
                f"beta {settings['beta']:g}",
                str(first["steps"]),
                f2(first["seconds_per_step"]),
                f"{f2(first['heldout_reward_before'])} -> {f2(first['heldout_reward_after'])}",
                f"{f2(first['heldout_greedy_before'])} -> {f2(first['heldout_greedy_after'])}",
                f"{100 * first['reward_share']:.1f}%",
                f2(run["prompt_blind_best"]),
            ]
        )
    head = [
        "machine",
        "steps",
        "s/step",
        "held-out reward (sampled)",
        "greedy",
        "reward's share of step time",
        "best prompt-blind policy",
    ]
    return table(head, rows), ["grpo_learns_cpu", "grpo_learns_h200"]


@figure("grpo.drift")
def grpo_drift() -> tuple[str, list[str]]:
    data = load("grpo_drift_lexical_cpu")
    run = data["runs"][0]
    control = load("grpo_drift_oracle_cpu")["runs"][0]
    paid = run["curve"][0]["sampled"]["styles"]["unsafe_reward"]
    rows = [
        [
            f"{r['style']} ({r['side']} items)",
            "should not grow" if r["check"] == "<=" else "should not shrink",
            f"{f3(r['start'])} -> {f3(r['end'])}",
            f"{f3(r['heldout_start'])} -> {f3(r['heldout_end'])}",
            "holds" if r["held"] else "fails",
            f"{f3(c['start'])} -> {f3(c['end'])}, {'holds' if c['held'] else 'fails'}",
        ]
        for r, c in zip(run["drift"], control["drift"], strict=True)
    ]
    head = [
        "style",
        "check",
        "share, start -> end",
        "held-out samples alone",
        "result",
        "oracle control",
    ]
    note = (
        f"Judge `{run.get('judge') or 'lexical'}`, {run['steps']} GRPO steps; held-out reward "
        f"{f2(run['heldout_reward_before'])} -> {f2(run['heldout_reward_after'])}. Start: the "
        "taught policy's held-out samples and first training batch; end: the last held-out "
        "point and the last training batches (`drift` in the JSON, every step's shares in "
        "`train_styles`, the curves in `benchmarks/results/grpo_drift_lexical_cpu.png`). "
        "Oracle control: the same run with every answer paid as a correct reward pays its style "
        f"(`--judges oracle`, a reader that never errs; held-out reward, read by the "
        "default reward, "
        f"{f2(control['heldout_reward_before'])} -> {f2(control['heldout_reward_after'])}). "
        "What the reward paid the taught policy's own samples on unsafe items, before any drift "
        "(held-out, `curve[0]`; verdicts still random): explaining refusals "
        f"{f2(paid['explaining_refusal'])}, terse refusals {f2(paid['terse_refusal'])}."
    )
    sources = ["grpo_drift_lexical_cpu", "grpo_drift_oracle_cpu"]
    draws = []
    for seed in DRIFT_SEEDS:
        ends = []
        for judge in ("lexical", "oracle"):
            name = f"grpo_drift_{judge}_cpu_seed{seed}"
            sources.append(name)
            checks = load(name)["runs"][0]["drift"]
            (check,) = (d for d in checks if d["style"] == "explaining_refusal")
            others = [f"{d['style']} ({d['side']})" for d in checks if not d["held"] and d != check]
            rest = f"also fails: {', '.join(others)}" if others else "every other check holds"
            ends.append(f"{judge} {f3(check['start'])} -> {f3(check['end'])} ({rest})")
        draws.append(f"seed {seed}: {', '.join(ends)}")
    note += (
        " The explaining refusal's share on unsafe items, start -> end, in other draws "
        "(`--seed`: another "
        f"held-out split, taught policy and sampling): {'; '.join(draws)}."
    )
    return table(head, rows, "llrrlr") + "\n\n" + note, sources


# -- rendering -------------------------------------------------------------------------------------


def render(name: str) -> str:
    """The block body for figure ``name``: its Markdown and where it came from."""
    if name not in FIGURES:
        raise KeyError(f"no figure {name!r}; known: {', '.join(sorted(FIGURES))}")
    try:
        md, sources = FIGURES[name]()
    except Missing as exc:
        command = SOURCES[exc.name].command
        return f"*Not measured yet: `{command}` writes `benchmarks/results/{exc.name}.json`.*\n"
    return md.rstrip() + "\n\n" + "<br>".join(provenance(s) for s in sources) + "\n"


def blocks(text: str) -> Iterator[re.Match[str]]:
    return BLOCK.finditer(text)


def rendered(text: str) -> str:
    return BLOCK.sub(lambda m: m["open"] + render(m["name"]) + m["close"], text)


def stale(paths: tuple[Path, ...] = DOCS) -> list[str]:
    """``file: figure`` for every block whose text is not what its results render to."""
    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for m in blocks(text):
            if m["body"] != render(m["name"]):
                shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                out.append(f"{shown}: {m['name']}")
    return out


def write(paths: tuple[Path, ...] = DOCS) -> list[Path]:
    changed = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        new = rendered(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def rerun(names: list[str]) -> None:
    """Rerun the benchmarks behind ``names`` (all but the slow ones when empty)."""
    chosen = names or [n for n, s in SOURCES.items() if not s.slow]
    for name in chosen:
        source = SOURCES[name]
        if not source.here:
            print(f"skipped {name}: gathered elsewhere ({source.command}); see its JSON")
            continue
        print(f"== {source.command}", flush=True)
        subprocess.run([sys.executable, *source.command.split()[1:]], cwd=ROOT, check=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if a block is out of date")
    ap.add_argument(
        "--run",
        nargs="*",
        metavar="RESULT",
        choices=list(SOURCES),
        help=f"rerun benchmarks first (default: all but the GRPO runs); of {', '.join(SOURCES)}",
    )
    args = ap.parse_args(argv)
    if args.check:
        found = stale()
        for item in found:
            print(f"stale figure: {item} (python benchmarks/render_figures.py)")
        return 1 if found else 0
    if args.run is not None:
        rerun(args.run)
    for path in write():
        print(f"rewrote figures in {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
