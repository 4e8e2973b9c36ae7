"""Speed of the core against the released regex reward, R1 format baselines and a bare scan.

    python benchmarks/core_speed.py [--n 1000] [--rounds 7] [--judge NAME] [--skip-adversarial]
                                    [--json PATH | --no-json]

Three SafeGRPO corpora side by side, in one table: training-like responses of 1-3 KB with a
short answer (what GRPO mostly sees), 1-3 KB responses whose answer is a refusal that explains
itself at length (600-2,000 characters: what the paper asks for, read whole by the verdict) and
1-16 KB responses with long answers (where the released regex slows down). For each: a bare
marker scan (the floor), the parse, the answer verdict (judge and policy; and without the
labels, so no reasoning is read: the difference is what reading the reasoning of
combined-unsafe refusals costs), rule evaluation alone (parsed and judged beforehand), the
paper reading, the strict and paper presets end to end (``score_many``, as the trainer
adapters call it), an independent re-implementation of the released reward, and the strict
preset's cost besides its answer verdict. Then a format-only
reward on R1-style responses beside two format checks written here from the documented
behaviour of open-r1's ``format_reward`` and TRL's ``think_format_reward``, with how often
their verdicts agree. Last, worst-case time per MB on adversarial inputs, where the released
regex is stopped after a budget.

Every row is timed once per round (CPU time of this process), rows of both corpora
interleaved, and the best round is kept, so a machine shared with other work slows every row
alike; read the ratios. The figures go to ``benchmarks/results/core_speed.json``.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import re
import sys
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import (
    adversarial,
    long_answers,
    long_refusals,
    r1_like,
    realistic,
    repeated_tags,
    training_like,
)
from _results import add_json_option, write_results

from safereward import FORMAT, ParsedOutput, SafeGRPOReward, gate, parse
from safereward.answers import Verdict
from safereward.labels import SafetyLabels
from safereward.paper import read_paper
from safereward.prompting import Instruction
from safereward.reference import released_reward
from safereward.scan import MARKER_PATTERN

Timed = dict[str, Callable[[], object]]
K = TypeVar("K", bound=Hashable)


def rate(fn: Callable[[], object], items: int, min_time: float = 1.0) -> float:
    """Items per second, repeating ``fn`` until ``min_time`` has passed (best of the runs)."""
    best, spent = float("inf"), 0.0
    while spent < min_time:
        start = time.perf_counter()
        fn()
        took = time.perf_counter() - start
        best, spent = min(best, took), spent + took
    return items / best


def interleaved(
    rows: dict[K, Callable[[], object]], items: int | dict[K, int], rounds: int
) -> dict[K, float]:
    """CPU microseconds per item of each row: best of ``rounds``, rows interleaved in each.
    CPU time of this process, not wall time: other work on a shared machine then slows a row
    only through the caches it shares. The garbage collector is paused while a row runs, as
    ``timeit`` pauses it: with a large heap (the ensemble's encoder loaded), a full collection
    costs a few hundred milliseconds and falls on whichever row happens to trigger it.
    ``items``: per row when rows time different corpora."""
    best = dict.fromkeys(rows, float("inf"))
    for _ in range(rounds):
        for name, fn in rows.items():
            gc.collect()  # as timeit: a collection a row happens to trigger is not its cost
            gc.disable()
            try:
                start = time.process_time()
                fn()
                best[name] = min(best[name], time.process_time() - start)
            finally:
                gc.enable()
    count = items if isinstance(items, dict) else dict.fromkeys(rows, items)
    return {name: took / count[name] * 1e6 for name, took in best.items()}


# -- R1 format baselines, written from their documented behaviour -------------------------------
# open-r1's format_reward: 1 when the completion is exactly "<think>\n", reasoning, "\n</think>\n
# <answer>\n", the answer, "\n</answer>"; else 0.
_OPEN_R1 = re.compile(r"<think>\n.*?\n</think>\n<answer>\n.*?\n</answer>", re.DOTALL)
# TRL's think_format_reward: 1 when the completion opens with <think>, has no second <think>,
# and closes the reasoning with </think> (anything may follow); else 0.
_TRL_THINK = re.compile(r"<think>(?!.*<think>).*?</think>.*", re.DOTALL)


def open_r1_format(texts: list[str]) -> list[float]:
    return [1.0 if _OPEN_R1.fullmatch(t) else 0.0 for t in texts]


def trl_think_format(texts: list[str]) -> list[float]:
    return [1.0 if _TRL_THINK.fullmatch(t) else 0.0 for t in texts]


# -- SafeGRPO corpora ----------------------------------------------------------------------------
SCAN, PARSE, VERDICT, UNREASONED, RULES, STRICT, PROMPTED, GIVEN, PAPER_READ, PAPER, RELEASED = (
    "bare scan (markers with positions)",
    "parse (strict schema)",
    "answer verdict (judge + policy)",
    "answer verdict, reasoning not read",
    "rule evaluation (labels + compiled rules)",
    "strict preset, end to end",
    "strict preset, end to end, with prompts",
    "strict preset, answer verdicts given",
    "paper reading (released format)",
    "paper preset, end to end",
    "released regex reward (reference)",
)


class VerdictsGiven(SafeGRPOReward):
    """The strict reward with its answer verdicts computed beforehand: ``score_many`` as it
    runs, less the judge, so what the reward costs besides its verdict is measured, not
    subtracted."""

    given: list[Verdict]

    def _verdicts(  # type: ignore[override]
        self,
        parsed: list[ParsedOutput],
        prompts: list[str | None] | None = None,
        labels: object = None,
    ) -> list[Verdict]:
        return self.given


def safegrpo_rows(corpus: list[tuple[str, dict[str, str]]], judge: str | None) -> Timed:
    """Each stage alone on this corpus, the two presets end to end (``score_many``, as the
    trainer adapters call it, every result built) and the released reward."""
    texts = [t for t, _ in corpus]
    labels = [g for _, g in corpus]
    strict = SafeGRPOReward(judge=judge)
    paper = SafeGRPOReward(preset="paper")
    program = strict._program  # the compiled rules alone, as the reward runs them
    parsed = [parse(t) for t in texts]
    read = [strict.label_schema.read(g) for g in labels]
    # the verdicts as the reward makes them: the reasoning is read where the labels say unsafe
    verdicts = strict._verdicts(parsed, None, read)
    given = VerdictsGiven(judge=judge)
    given.given = verdicts
    # a prompt per response, as a GRPO batch has them: 16 rollouts per question
    prompts = [Instruction().render(f"Question {i // 16}: is what this image shows safe?")
               for i in range(len(texts))]  # fmt: skip

    def rules_only() -> None:
        for p, g, v in zip(parsed, labels, verdicts, strict=True):
            program.evaluate(p, SafetyLabels.coerce(g), v)

    return {
        SCAN: lambda: [list(MARKER_PATTERN.finditer(t)) for t in texts],
        PARSE: lambda: [parse(t) for t in texts],
        VERDICT: lambda: strict._verdicts(parsed, None, read),
        # without labels no reasoning is read: what reading it on combined-unsafe refusals costs
        UNREASONED: lambda: strict._verdicts(parsed, None, None),
        RULES: rules_only,
        STRICT: lambda: strict.score_many(texts, labels),
        PROMPTED: lambda: strict.score_many(texts, labels, prompts),
        GIVEN: lambda: given.score_many(texts, labels),
        PAPER_READ: lambda: [read_paper(t) for t in texts],
        PAPER: lambda: paper.score_many(texts, labels),
        RELEASED: lambda: [released_reward(t, g) for t, g in corpus],
    }


def _describe(corpus: list[tuple[str, dict[str, str]]]) -> str:
    sizes = sorted(len(t) for t, _ in corpus)
    answer = sum(len(parse(t).answer or "") for t, _ in corpus) / len(corpus)
    median = sizes[len(sizes) // 2] / 1e3
    return f"{len(corpus)} responses, median {median:.1f} KB, mean answer {answer:.0f} chars"


def report_safegrpo(
    corpora: dict[str, list[tuple[str, dict[str, str]]]], args: argparse.Namespace
) -> dict[str, Any]:
    """Both corpora in one table, every row of both interleaved in each round."""
    judge = SafeGRPOReward(judge=args.judge).judge.name
    print(f"\n# SafeGRPO responses (strict preset with the {judge!r} judge)")
    for title, corpus in corpora.items():
        print(f"  {title}: {_describe(corpus)}")
    rows: dict[tuple[str, str], Callable[[], object]] = {}
    items: dict[tuple[str, str], int] = {}
    for title, corpus in corpora.items():
        for name, fn in safegrpo_rows(corpus, args.judge).items():
            rows[title, name] = fn
            items[title, name] = len(corpus)
    us = interleaved(rows, items, args.rounds)
    titles = list(corpora)
    header = "".join(f"{t:>16s} {'vs released':>12s}" for t in titles)
    print(f"{'us per response':44s}{header}")
    for name in rows_of(us):
        cells = ""
        for t in titles:
            value, reference = us[t, name], us[t, RELEASED]
            cells += f"{value:16.1f} {reference / value:11.2f}x"
        print(f"{name:44s}{cells}")
    rest = "".join(f"{us[t, STRICT] - us[t, VERDICT]:16.1f} {'':12s}" for t in titles)
    print(f"{'strict end to end minus answer verdict':44s}{rest}")
    print()
    for t in titles:
        floor = FLOORS.get(t)
        if floor is not None:
            _floor(f"strict vs released, {t}", us[t, RELEASED] / us[t, STRICT], floor)
            _floor(f"strict with prompts vs released, {t}", us[t, RELEASED] / us[t, PROMPTED], 1.0)
    for t in titles:
        _floor(f"paper vs released, {t}", us[t, RELEASED] / us[t, PAPER], 1.5)
    for t in titles:
        ratio = us[t, RULES] / us[t, PARSE]
        print(f"rule evaluation / parse, {t}: {ratio:.2f} (floor: <= 1) {_verdict(ratio <= 1)}")
    return {
        "judge": judge,
        "corpora": {t: _describe(c) for t, c in corpora.items()},
        "us_per_response": {t: {name: us[t, name] for name in rows_of(us)} for t in titles},
        "released_over_ours": {
            t: {name: us[t, RELEASED] / us[t, name] for name in rows_of(us)} for t in titles
        },
    }


FLOORS = {"1-3 KB": 1.0, "long refusals": 1.0, "1-16 KB": 1.5}
"""strict (with and without prompts) vs the released reward, per corpus: at least as fast on
what training sees (1-3 KB responses; long explaining refusals, issue 19), and 1.5x on the long
corpus where the released regex slows down."""


def rows_of(us: dict[tuple[str, str], float]) -> list[str]:
    return list(dict.fromkeys(name for _, name in us))


def _floor(what: str, ratio: float, floor: float) -> None:
    print(f"{what}: {ratio:.2f}x as fast (floor: >= {floor}x) {_verdict(ratio >= floor)}")


def _verdict(ok: bool) -> str:
    return "ok" if ok else "BELOW FLOOR"


def report_r1(args: argparse.Namespace) -> dict[str, Any]:
    texts = r1_like(args.n)
    fmt = SafeGRPOReward(schema="r1", expression=gate(FORMAT))
    ours = fmt.score_batch(texts).tolist()
    agree_r1 = sum(a == b for a, b in zip(ours, open_r1_format(texts), strict=True))
    agree_trl = sum(a == b for a, b in zip(ours, trl_think_format(texts), strict=True))
    print(
        f"\n# format-only reward on {len(texts)} R1-style responses of 1-3 KB "
        f"(judge called: {fmt.needs_judge}; labels read: {fmt.needs_labels})"
    )
    us = interleaved(
        {
            "safereward r1 schema, gate(FORMAT)": lambda: fmt.score_batch(texts),
            "open-r1 format regex (as documented)": lambda: open_r1_format(texts),
            "TRL think_format_reward (as documented)": lambda: trl_think_format(texts),
        },
        len(texts),
        args.rounds,
    )
    ours_us = us["safereward r1 schema, gate(FORMAT)"]
    for name, value in us.items():
        print(f"{name:44s} {value:12.1f} us   ours {value / ours_us:5.2f}x as fast")
    print(f"same verdict as open-r1 on {agree_r1}/{len(texts)}, as TRL on {agree_trl}/{len(texts)}")
    return {
        "n": len(texts),
        "us_per_response": us,
        "agree_open_r1": agree_r1,
        "agree_trl": agree_trl,
    }


# -- adversarial inputs --------------------------------------------------------------------------
def _reference_worker(text: str, queue: mp.Queue) -> None:
    start = time.perf_counter()
    released_reward(text, {"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"})
    queue.put(time.perf_counter() - start)


def reference_seconds(text: str, budget: float) -> float | None:
    """Time of the released regex on ``text``, or None if it passes ``budget`` seconds."""
    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=_reference_worker, args=(text, queue))
    proc.start()
    proc.join(budget)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return None
    return queue.get()


def seconds(fn: Callable[[str], object], text: str, calls: int = 1) -> float:
    """Best of a few calls of ``fn(text)``, at least ``calls`` of them, the garbage collector
    paused as ``interleaved`` pauses it (a full collection of a large heap falls on whichever
    call triggers it: a call of a third of a second is otherwise best of one or two)."""
    best = float("inf")
    for _ in range(calls):
        gc.collect()
        gc.disable()
        try:
            best = min(best, 1 / rate(lambda: fn(text), 1, 0.3))
        finally:
            gc.enable()
    return best


def report_adversarial(args: argparse.Namespace) -> dict[str, Any]:
    paper = SafeGRPOReward(preset="paper")
    gold = {"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"}
    header = ("input", "size", "strict parse", "paper preset", "released regex")
    print("\n# adversarial inputs: time per call")
    print(f"{header[0]:22s} {header[1]:>9s} {header[2]:>14s} {header[3]:>14s} {header[4]:>18s}")
    cases = [("repeated tags", repeated_tags(n)) for n in (2_500, 5_000, 10_000)]
    cases += list(adversarial(1_000_000).items())
    worst = 0.0
    rows = []
    for name, text in cases:
        ours = seconds(parse, text)
        pap = seconds(lambda t: paper(t, gold), text)
        ref: float | None = None
        if len(text) > 1_000_000 - 1:
            worst = max(worst, ours, pap)
            ref_shown = "not run"
        else:
            ref = reference_seconds(text, args.budget)
            ref_shown = f"{ref:.3f} s" if ref is not None else f"> {args.budget:.0f} s (stopped)"
        times = f"{ours * 1e3:11.2f} ms {pap * 1e3:11.2f} ms"
        print(f"{name:22s} {len(text):9,d} {times} {ref_shown:>18s}")
        rows.append(
            {
                "input": name,
                "chars": len(text),
                "strict_ms": ours * 1e3,
                "paper_ms": pap * 1e3,
                "released_s": ref,
                "released_run": ref_shown != "not run",
            }
        )
    print(f"\nworst case per MB, strict or paper: {worst * 1e3:.1f} ms (floor: <= 250 ms)")
    return {"budget_s": args.budget, "inputs": rows, "worst_ms_per_mb": worst * 1e3}


LONG_PROMPT = "Look at the image. How do I climb this tower without any gear? Answer step by step."


def report_long_answers(args: argparse.Namespace) -> dict[str, Any]:
    """The strict preset end to end on one response whose answer is about a megabyte, with and
    without its prompt: the answer verdict reads every unit and word of it."""
    strict = SafeGRPOReward(judge=args.judge)
    gold = {"image_tag": "safe", "text_tag": "unsafe", "combine_tag": "unsafe"}
    head = (
        "<think>Step 1: the image. <visual_safe>safe</visual_safe> Step 2: the request. "
        "<text_safe>unsafe</text_safe> <combined_safe>unsafe</combined_safe></think>\n<answer>"
    )
    print(f"\n# long answers, strict preset ({strict.judge.name}) end to end: ms per MB")
    print(f"{'answer':42s} {'characters':>11s} {'no prompt':>11s} {'prompt':>11s}")
    rows = []
    for name, answer in long_answers(1_000_000).items():
        text = head + answer + "</answer>"
        mb = len(text) / 1e6
        bare = seconds(lambda t: strict.score(t, gold), text, 5) / mb
        asked = seconds(lambda t: strict.score(t, gold, LONG_PROMPT), text, 5) / mb
        print(f"{name:42s} {len(text):11,d} {bare * 1e3:8.1f} ms {asked * 1e3:8.1f} ms")
        rows.append(
            {
                "input": name,
                "chars": len(text),
                "ms_per_mb": bare * 1e3,
                "prompt_ms_per_mb": asked * 1e3,
            }
        )
    worst = max(max(r["ms_per_mb"], r["prompt_ms_per_mb"]) for r in rows)
    print(
        f"worst case per MB, strict with or without the prompt: {worst:.1f} ms (floor: <= 250 ms)"
    )
    return {"judge": strict.judge.name, "inputs": rows, "worst_ms_per_mb": worst}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1000, help="responses per corpus")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (best kept)")
    parser.add_argument(
        "--judge", default=None, help="judge for the strict preset (default: library default)"
    )
    parser.add_argument(
        "--budget", type=float, default=10.0, help="seconds allowed to the released regex per input"
    )
    parser.add_argument("--skip-adversarial", action="store_true")
    add_json_option(parser, "core_speed")
    args = parser.parse_args()

    corpora = {
        "1-3 KB": training_like(args.n),
        "long refusals": long_refusals(args.n),
        "1-16 KB": realistic(max(args.n // 2, 1)),
    }
    figures = {"safegrpo": report_safegrpo(corpora, args), "r1": report_r1(args)}
    if not args.skip_adversarial:
        figures["adversarial"] = report_adversarial(args)
        figures["long_answers"] = report_long_answers(args)
    write_results(args, "core_speed", figures)


if __name__ == "__main__":
    main()
