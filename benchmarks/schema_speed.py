"""Time per MB of the schema-derived parser on adversarial inputs, for every built-in schema.

    python benchmarks/schema_speed.py [--size 1000000] [--judge NAME] [--json PATH | --no-json]

For each schema (safegrpo, r1, safegrpo_risk, stepwise) the inputs are built from the schema's
own names: a valid response padded to SIZE (for stepwise, thousands of step tags), the schema's
tags repeated, a megabyte of '<', unclosed and deeply nested blocks, unclosed tags and repeated
answers. Each row prints parse time and full reward time (parse + judge + rules) in ms per MB,
at SIZE/4 and at SIZE so that linearity shows as a flat ratio, next to the bare marker scan
(the floor any parser of these tags pays). The issue's floor is <= 250 ms per MB. The figures
go to ``benchmarks/results/schema_speed.json``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import _prose
from _results import add_json_option, write_results
from core_speed import seconds

from safereward import BEHAVIOR, FORMAT, SafeGRPOReward, gate, parse
from safereward.rules import Term
from safereward.scan import MARKER_PATTERN
from safereward.schema import BUILTIN_SCHEMAS, Schema, load_schema

FLOOR_MS_PER_MB = 250.0
LABELS = {"visual": "safe", "text": "unsafe", "combined": "unsafe"}


def _fill(unit: str, size: int) -> str:
    return (unit * (size // max(len(unit), 1) + 1))[:size]


def _first_value(schema: Schema, name: str) -> str:
    values = schema.tag(name).values
    return values[0] if values else "x"


def valid_response(schema: Schema, size: int, dense: bool = False) -> str:
    """A well-formed response of about ``size`` characters. Repeated tags repeat once per
    step of prose, or back to back when ``dense`` (the most markers a valid response holds)."""
    import random

    rng = random.Random(0)
    first, *rest = schema.blocks
    steps = [t.name for t in first.tags if t.cardinality == "many"]
    ones = [t.name for t in first.tags if t.cardinality != "many"]
    tail = "".join(f" <{t}>{_first_value(schema, t)}</{t}>" for t in ones) + f"</{first.name}>"
    for block in rest:
        tail += f"\n<{block.name}>I can't help with that request.</{block.name}>"
    parts: list[str] = []
    used, i = 0, 0
    while used < size - len(tail):
        piece = "" if dense else f"Step {i}: {_prose(rng, 120 if steps else 4000)}"
        if steps:
            piece += f" <{steps[0]}>{_first_value(schema, steps[0])}</{steps[0]}>"
        parts.append(piece + ("" if dense else "\n"))
        used, i = used + len(parts[-1]), i + 1
    return "".join(parts) + tail


def adversarial(schema: Schema, size: int) -> dict[str, str]:
    first = schema.blocks[0].name
    last = schema.blocks[-1].name
    tags = schema.tag_names
    repeated = "".join(f"<{t}>{_first_value(schema, t)}</{t}>" for t in tags) + f"</{first}>"
    opener = tags[0] if tags else first
    nested = size // (2 * len(first) + 5)
    inputs = {
        "repeated tags": _fill(repeated, size),
        "all '<'": "<" * size,
        "unclosed blocks": _fill("".join(f"<{b.name}>" for b in schema.blocks), size),
        "deep nesting": f"<{first}>" * nested + f"</{first}>" * nested,
        "open tags, no close": _fill(f"<{opener}>safe ", size),
        "repeated answers": _fill(f"<{last}>again</{last}>", size),
    }
    valid = {"valid response": valid_response(schema, size)}
    if any(t.cardinality == "many" for t in schema.blocks[0].tags):
        valid["valid, dense steps"] = valid_response(schema, size, dense=True)
    return {**valid, **{name: text[:size] for name, text in inputs.items()}}


def reward_for(schema: Schema, judge: str | None) -> SafeGRPOReward:
    """The SafeGRPO reward where the schema has its tags, else a format (and behaviour) gate."""
    expression: Term | None = None
    if "visual_safe" not in schema.tag_names:
        expression = (
            gate(FORMAT) * BEHAVIOR if "combined_safe" in schema.tag_names else gate(FORMAT)
        )
    return SafeGRPOReward(schema=schema, expression=expression, judge=judge)


def per_mb(fn: Callable[[str], object], text: str) -> float:
    return seconds(fn, text) * 1e3 / (len(text) / 1e6)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="input size in characters")
    parser.add_argument("--judge", default=None, help="refusal judge (default: library default)")
    parser.add_argument("--schemas", nargs="*", default=list(BUILTIN_SCHEMAS))
    add_json_option(parser, "schema_speed")
    args = parser.parse_args()
    rows = []

    small = args.size // 4
    print(f"# ms per MB (1e6 characters); best of several calls; floor {FLOOR_MS_PER_MB:.0f} ms/MB")
    header = (
        f"{'schema':14s} {'input':20s} {'size':>9s} {'scan':>7s} "
        f"{'parse@1/4':>10s} {'parse':>7s} {'reward':>7s}"
    )
    print(header)
    worst: dict[str, tuple[float, str]] = {}
    for name in args.schemas:
        schema = load_schema(name)
        reward = reward_for(schema, args.judge)
        big_inputs = adversarial(schema, args.size)
        small_inputs = adversarial(schema, small)
        for case, text in big_inputs.items():
            scan = per_mb(lambda t: list(MARKER_PATTERN.finditer(t)), text)
            quarter = per_mb(lambda t, s=schema: parse(t, s), small_inputs[case])
            full = per_mb(lambda t, s=schema: parse(t, s), text)
            scored = per_mb(lambda t, r=reward: r.try_score(t, LABELS), text)
            print(
                f"{name:14s} {case:20s} {len(text):9,d} {scan:7.1f} "
                f"{quarter:10.1f} {full:7.1f} {scored:7.1f}"
            )
            rows.append(
                {
                    "schema": name,
                    "input": case,
                    "chars": len(text),
                    "scan": scan,
                    "parse_quarter": quarter,
                    "parse": full,
                    "reward": scored,
                }
            )
            if max(full, scored) > worst.get(name, (0.0, ""))[0]:
                worst[name] = (max(full, scored), case)
    print("\n# worst case per schema (parse or reward), ms per MB")
    for name, (value, case) in worst.items():
        verdict = "ok" if value <= FLOOR_MS_PER_MB else "OVER THE FLOOR"
        print(f"{name:14s} {value:7.1f}  ({case}; floor {FLOOR_MS_PER_MB:.0f}: {verdict})")
    write_results(
        args,
        "schema_speed",
        {
            "ms_per_mb": rows,
            "worst": {name: {"ms_per_mb": v, "input": c} for name, (v, c) in worst.items()},
            "floor_ms_per_mb": FLOOR_MS_PER_MB,
        },
    )


if __name__ == "__main__":
    main()
