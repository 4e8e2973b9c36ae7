"""The request reader: an answer written as the user's request is read so, only where the
reader sees the whole of it, and its hand-written data keep requests and answers apart."""

from __future__ import annotations

import dataclasses
import json

from safereward.refusal.help import load_help_judge
from safereward.refusal.help_training import HERE

HELP = load_help_judge()
DATA = json.loads((HERE / "data" / "requests.json").read_text(encoding="utf-8"))


def test_requests_and_answers_are_apart_and_counted() -> None:
    requests = DATA["requests"] + [t for ts in DATA["multilingual"].values() for t in ts]
    answers = DATA["answers"] + [t for ts in DATA["answers_multilingual"].values() for t in ts]
    assert len(DATA["requests"]) >= 200 and len(DATA["answers"]) >= 200
    assert not set(requests) & set(answers)
    assert len(set(requests)) == len(requests) and len(set(answers)) == len(answers)
    assert all(not r.rstrip().endswith("?") for r in DATA["requests"])  # questions are easy


def test_the_reader_reads_only_what_it_sees_whole() -> None:
    ask = "Tell me how to get into the house in this photo without being seen."
    answer = "I won't help you get into someone else's house."
    width = HELP.request.spec.opening  # type: ignore[union-attr]
    long = ask + " " + "Let me think about this carefully. " * (width // 30)
    found = HELP.requests([ask, answer, long])
    assert found[0] >= 0.8 > found[1]
    assert found[2] == 0.0 and len(long) > width
    assert found[:2] == HELP.request.score_list([ask, answer])  # type: ignore[union-attr]
    assert dataclasses.replace(HELP, request=None).requests([ask]) == [0.0]
