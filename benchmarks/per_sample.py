"""What one response costs when a trainer hands the reward one sample per call, beside a batch.

    python benchmarks/per_sample.py [--n 2048] [--calls 512] [--rounds 7] [--judge NAME]
                                    [--json PATH | --no-json]

verl's agent loop sends each rollout to a reward worker on its own, OpenRLHF calls its reward
file once per rollout, and the server answers one query per request: there the reward's fixed
cost per call is paid per response. On the training-like corpus (1-3 KB responses, a short
answer, each with the instruction its question was asked in), in microseconds of CPU time per
response:

- ``score_many`` on 2,048 responses at once, with and without their prompts (the floor);
- ``score()`` and ``score_many`` of one, per response;
- the verl reward file's ``compute_score`` per response, with the prompt in ``extra_info`` and
  the hack monitor (what verl's ``naive`` manager calls), and the monitor's share of it;
- the TRL reward function on one completion per call, with ``log_metric`` and ``log_extra``;
- an independent re-implementation of the released SafeGRPO reward, per call (what the library
  replaces);
- the answer verdict alone per call (``classify_answers`` on what ``score()`` hands it), with the
  shipped judges and with their readings looked up in a table filled beforehand: the second is
  what the rules, the views and the cutting into units cost if reading cost nothing, the floor
  a faster judge could reach.

Every row is timed once per round (CPU time of this process), rows interleaved, and the best
round is kept, so a machine shared with other work slows every row alike: read the ratios.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import training_like
from _results import add_json_option, write_results
from core_speed import interleaved

from safereward.answers import classify_answers
from safereward.integrations.trl import SafeGRPORewardFunction
from safereward.integrations.verl import reward as verl_file
from safereward.integrations.verl.common import cached_reward, monitor_for, reward_config
from safereward.prompting import Instruction
from safereward.reference import released_reward
from safereward.refusal.help import load_help_judge

QUESTIONS = (
    "How do I keep this kitchen knife sharp?",
    "What does the sign in this photo say?",
    "Explain how to mix the two chemicals on this label.",
    "Is it safe to leave these bottles near the children?",
    "Describe the street in the picture.",
)


def corpus(n: int, seed: int = 5) -> list[tuple[str, dict[str, str], str]]:
    """Training-like responses, each with the rendered instruction it answers."""
    rng = random.Random(seed)
    instruction = Instruction()
    return [
        (text, labels, instruction.render(rng.choice(QUESTIONS), 1))
        for text, labels in training_like(n)
    ]


class _Looked:
    """A refusal judge and a help judge in one, whose readings are looked up: each call reads
    only what no earlier call asked, so after a first pass over a corpus reading costs a dict
    lookup and the verdict's own work is what is left to time."""

    def __init__(self, judge: Any, helper: Any) -> None:
        self.name = judge.name
        self._readers = {
            "scores": lambda texts: [float(p) for p in judge.scores(texts)],
            "predict": lambda texts: [bool(f) for f in judge.predict(texts)],
            "help": helper.score_list,
            "retraction": helper.retractions,
            "request": helper.requests,
        }
        self._seen: dict[str, dict[Any, Any]] = {k: {} for k in self._readers}

    def _look(self, kind: str, items: Any) -> list[Any]:
        seen = self._seen[kind]
        new = [x for x in dict.fromkeys(items) if x not in seen]
        if new:
            seen.update(zip(new, self._readers[kind](new), strict=True))
        return [seen[x] for x in items]

    def scores(self, texts: list[str]) -> list[float]:
        return self._look("scores", texts)

    def predict(self, texts: list[str]) -> list[bool]:
        return self._look("predict", texts)

    def is_refusal(self, text: str) -> bool:
        return self.predict([text])[0]

    def score_list(self, pairs: list[tuple[str, str]]) -> list[float]:
        return self._look("help", pairs)

    def retractions(self, units: list[str]) -> list[float]:
        return self._look("retraction", units)

    def requests(self, answers: list[str]) -> list[float]:
        return self._look("request", answers)


def rows(args: argparse.Namespace) -> tuple[dict[str, Callable[[], object]], dict[str, int]]:
    """The timed rows and how many responses each handles per run."""
    config: dict[str, Any] = {} if args.judge is None else {"judge": args.judge}
    reward = cached_reward(reward_config(config), "--judge")  # the verl file's own instance
    batch = corpus(args.n)
    calls = batch[: args.calls]
    texts = [t for t, _, _ in batch]
    labels = [lab for _, lab, _ in batch]
    prompts = [p for _, _, p in batch]
    results = [reward.score(t, lab, p) for t, lab, p in calls]
    monitor = monitor_for(reward)
    trl = SafeGRPORewardFunction(reward)

    asked: list[tuple[Any, ...]] = []  # what score() hands the verdict, recorded from score()

    def recording(judge: Any, answers: Any, policy: Any, *rest: Any) -> Any:
        asked.append((answers, *rest))
        return classify_answers(judge, answers, policy, *rest)

    with mock.patch("safereward.reward.classify_answers", recording):
        for text, lab, prompt in calls:
            reward.score(text, lab, prompt)
    looked = _Looked(reward.judge, load_help_judge())

    def verdicts(judge: Any, helper: Any) -> list[Any]:
        return [
            classify_answers(judge, answers, reward.policy, prompts, reasonings, helper)
            for answers, prompts, reasonings, *_ in asked  # the reward's help judge: None
        ]

    if verdicts(looked, looked) != verdicts(reward.judge, None):  # the first fills the table
        raise SystemExit("the looked-up readings decide otherwise than the judges: not comparable")

    def discard(*_: Any) -> None:
        return None

    def verl_file_calls() -> None:
        for text, lab, prompt in calls:
            verl_file.compute_score(
                "safetag_vl", text, None, {**lab, "prompt_text": prompt}, **config
            )

    def trl_calls() -> None:
        for text, lab, prompt in calls:
            trl(
                prompts=[prompt],
                completions=[text],
                log_metric=discard,
                log_extra=discard,
                **{k: [v] for k, v in lab.items()},
            )

    timed: dict[str, Callable[[], object]] = {
        "batch of 2,048: score_many": lambda: reward.score_many(texts, labels),
        "batch of 2,048: score_many with prompts": lambda: reward.score_many(
            texts, labels, prompts
        ),
        "per call: score()": lambda: [reward.score(t, lab, p) for t, lab, p in calls],
        "per call: score_many of 1": lambda: [
            reward.score_many([t], [lab], [p]) for t, lab, p in calls
        ],
        "per call: verl compute_score (prompt, monitor)": verl_file_calls,
        "per call: hack monitor alone": lambda: [monitor.sample_logs([r]) for r in results],
        "per call: TRL function, one completion": trl_calls,
        "per call: released reward (reference)": lambda: [
            released_reward(t, lab) for t, lab, _ in calls
        ],
        "per call: verdict alone": lambda: verdicts(reward.judge, None),
        "per call: verdict alone, readings looked up": lambda: verdicts(looked, looked),
    }
    sizes = {name: (args.n if name.startswith("batch") else len(calls)) for name in timed}
    return timed, sizes


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=2048, help="responses in the batch (2048)")
    parser.add_argument("--calls", type=int, default=512, help="responses scored one per call")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (best kept)")
    parser.add_argument("--judge", default=None, help="refusal judge (default: strict's)")
    add_json_option(parser, "per_sample")
    args = parser.parse_args()

    timed, sizes = rows(args)
    us = interleaved(timed, sizes, args.rounds)
    batched = us["batch of 2,048: score_many with prompts"]
    released = us["per call: released reward (reference)"]
    width = max(map(len, us))
    print(f"CPU µs per response, best of {args.rounds} rounds (1-3 KB responses)\n")
    print(f"{'':<{width}}  {'µs':>9}  {'x batch':>8}  {'x released':>10}")
    for name, value in us.items():
        print(f"{name:<{width}}  {value:>9.1f}  {value / batched:>8.2f}  {value / released:>10.2f}")
    judge = cached_reward(reward_config({} if args.judge is None else {"judge": args.judge}), "")
    write_results(
        args,
        "per_sample",
        {
            "judge": judge.judge.name,
            "n": args.n,
            "calls": args.calls,
            "rounds": args.rounds,
            "us_per_response": us,
            "batched_row": "batch of 2,048: score_many with prompts",
            "released_row": "per call: released reward (reference)",
        },
    )


if __name__ == "__main__":
    main()
