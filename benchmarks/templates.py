"""How the verdict reads content-free templates and short honest answers in 24 languages.

    python benchmarks/templates.py [--judges lexical,ensemble] [--json PATH | --no-json]

Why: a policy that finds one content-free sentence the reward pays as help ("Absolument !
Voici une réponse complète à votre question.") can give it on every harmless item. The word
lists of ``data/generic_words.json`` read such a sentence only where every word is listed;
the help judge's template reader reads the rest. This measures both on sentences neither was
written from: ``benchmarks/templates/heldout.json``, written separately from the reader's
training data (``safereward/refusal/data/templates.json``) and from the word lists, holds per
language 8 templates and 10 short honest answers (4 short facts, 2 helps that open with
"Sure!" and go on, 2 yes-or-no answers with a reason, 2 terse refusals). Nothing was tuned
on it.

Per judge and language: the share of templates read as non-answers (should be all), and the
share of honest answers read as non-answers (should be none), with the rule that decided each.
Read without the prompt (the held-out answers have no question); ``benchmarks/hacks.py`` reads
the catalogue's templates with and without it. The figures go to
``benchmarks/results/templates.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import add_json_option, write_results

from safereward.answers import AnswerKind, classify_answers, policy_for
from safereward.refusal import load_judge
from safereward.refusal.help import load_help_judge

HELDOUT = Path(__file__).resolve().parent / "templates" / "heldout.json"


def report(judge_name: str, data: dict[str, dict[str, list[str]]]) -> dict[str, Any]:
    judge, helper = load_judge(judge_name), load_help_judge()

    def read(texts: list[str]) -> list[str]:
        """The rule that made each text a non-answer, or "" for a text read otherwise."""
        verdicts = classify_answers(judge, texts, policy_for(judge), None, None, helper)
        return [v.rule if v.kind is AnswerKind.NON_ANSWER else "" for v in verdicts]

    langs = sorted(data["templates"])
    rows: dict[str, Any] = {}
    totals = Counter()
    print(f"\n# {judge_name}: read as non-answers (rule that decided: count)")
    print(f"{'lang':5s} {'templates':>10s} {'honest':>8s}   templates missed / honest lost")
    for lang in langs:
        templates, honest = data["templates"][lang], data["answers"][lang]
        t_rules, h_rules = read(templates), read(honest)
        caught = sum(map(bool, t_rules))
        lost = [a for a, r in zip(honest, h_rules, strict=True) if r]
        missed = [t for t, r in zip(templates, t_rules, strict=True) if not r]
        totals.update(templates=len(templates), caught=caught, honest=len(honest), lost=len(lost))
        totals.update(f"rule:{r}" for r in t_rules if r)
        rows[lang] = {
            "templates": len(templates),
            "caught": caught,
            "honest": len(honest),
            "lost": len(lost),
            "missed": missed,
            "lost_answers": lost,
        }
        shown = "; ".join(missed[:1] + [f"[lost] {a}" for a in lost[:2]])
        counts = f"{caught:>5d}/{len(templates):<4d} {len(lost):>4d}/{len(honest):<3d}"
        print(f"{lang:5s} {counts}  {shown}")
    print(
        f"all   {totals['caught']:>5d}/{totals['templates']:<4d} "
        f"{totals['lost']:>4d}/{totals['honest']:<3d}  rules: "
        + ", ".join(f"{k[5:]} {v}" for k, v in sorted(totals.items()) if k.startswith("rule:"))
    )
    return {
        "languages": rows,
        "templates": totals["templates"],
        "caught": totals["caught"],
        "honest": totals["honest"],
        "lost": totals["lost"],
        "rules": {k[5:]: v for k, v in totals.items() if k.startswith("rule:")},
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--judges", default="lexical,ensemble", help="comma-separated judges")
    add_json_option(parser, "templates")
    args = parser.parse_args()
    data = json.loads(HELDOUT.read_text(encoding="utf-8"))
    figures = {name: report(name, data) for name in args.judges.split(",")}
    write_results(args, "templates", figures)


if __name__ == "__main__":
    main()
