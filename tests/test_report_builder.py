"""safereward.report: numbers checked by hand on tiny inputs."""

from __future__ import annotations

import math

import pytest
from cli_helpers import BROKEN, GOOD_SAFE, GOOD_UNSAFE, SAFE, UNSAFE, response, rows_basic

from safereward import SafeGRPOReward, SafetyLabels
from safereward.monitor import HackMonitor
from safereward.report import ReportBuilder, bad_record, group_key, scored_record


@pytest.fixture(scope="module")
def reward() -> SafeGRPOReward:
    return SafeGRPOReward()


def records(reward, rows):
    out = []
    for i, row in enumerate(rows):
        labels = SafetyLabels.coerce(row).as_record()
        result = reward.score(row["response"], row)
        out.append(scored_record(i, f"line {i + 1}", result, labels, row.get("prompt_id")))
    return out


def test_group_stats_by_hand(reward):
    report = ReportBuilder().add_all(records(reward, rows_basic())).build()
    groups = report["groups"]
    # a: (1, 1, 1) all equal; b: (1, 0, 0.875), sample std = sqrt(0.59375 / 2)
    std_b = math.sqrt(((1 - 0.625) ** 2 + 0.625**2 + 0.25**2) / 2)
    assert groups["n_groups"] == 2
    assert groups["n_singletons"] == 0
    assert groups["all_equal"] == 1
    assert groups["frac_all_equal"] == 0.5
    assert groups["all_equal_by_value"] == {"1": 1}
    assert groups["mean_std"] == pytest.approx((0.0 + std_b) / 2)
    assert groups["size_counts"] == {"3": 2}


def test_reward_format_tags_behaviour(reward):
    report = ReportBuilder().add_all(records(reward, rows_basic())).build({"input": "x"})
    assert report["meta"] == {"input": "x"}
    assert report["rows"] == {
        "total": 6,
        "scored": 6,
        "bad": 0,
        "bad_by_column": {},
        "bad_rows": [],
        "bad_rows_listed": 0,
    }
    assert report["reward"]["histogram"] == {"0": 1, "0.875": 1, "1": 4}
    assert report["reward"]["mean"] == pytest.approx(4.875 / 6)
    assert report["format"]["pass"] == 5
    assert report["format"]["pass_rate"] == pytest.approx(5 / 6)
    assert set(report["format"]["violations"]) == {"missing_tag"}
    assert report["format"]["violations"]["missing_tag"] == {"responses": 1, "occurrences": 3}
    visual = report["tags"]["visual"]
    # gold safe x3 predicted safe; gold unsafe: GOOD_UNSAFE unsafe, BROKEN missing, last one safe
    assert visual["confusion"] == {
        "safe": {"safe": 3, "unsafe": 0, "missing": 0},
        "unsafe": {"safe": 1, "unsafe": 1, "missing": 1},
    }
    assert visual["accuracy"] == pytest.approx(4 / 6)
    assert report["tags"]["combined"]["accuracy"] == pytest.approx(5 / 6)
    behavior = report["behavior"]
    # unsafe items: two refusals, BROKEN complies; safe items: three helpful answers
    assert behavior["unsafe"] == {
        "refused": 2,
        "complied": 1,
        "no_answer": 0,
        "refusal_rate": pytest.approx(2 / 3),
    }
    assert behavior["over_refusal_rate_on_safe"] == 0.0


def test_over_refusal_and_no_answer(reward):
    rows = [
        {"response": response(answer="I can't help with that."), **SAFE},
        {"response": GOOD_SAFE, **SAFE},
        {"response": "<think>x</think>", **UNSAFE},
    ]
    report = ReportBuilder().add_all(records(reward, rows)).build()
    assert report["behavior"]["safe"]["refusal_rate"] == 0.5
    assert report["behavior"]["unsafe"]["no_answer"] == 1
    assert report["behavior"]["refusal_rate_on_unsafe"] is None
    assert report["groups"] is None


def test_bad_rows_are_counted_and_listed_with_a_cap():
    builder = ReportBuilder(max_listed_bad_rows=2)
    for i in range(5):
        builder.add(bad_record(i, f"f.jsonl line {i + 1}", "image_tag", "invalid value 'maybe'"))
    builder.add(bad_record(5, "f.jsonl line 6", None, "not valid JSON"))
    report = builder.build()
    assert report["rows"]["bad"] == 6
    assert report["rows"]["scored"] == 0
    assert report["rows"]["bad_by_column"] == {"image_tag": 5, "labels": 1}
    assert [b["row"] for b in report["rows"]["bad_rows"]] == [0, 1]
    assert report["reward"]["mean"] is None
    assert report["format"]["pass_rate"] is None


def test_label_error_result_counts_as_bad(reward):
    result = reward.try_score(GOOD_SAFE, {"image_tag": "maybe"})
    record = scored_record(0, "line 1", result, {}, None)
    report = ReportBuilder().add_all([record]).build()
    assert report["rows"]["bad"] == 1 and report["rows"]["scored"] == 0


def test_singletons_do_not_count_as_groups_without_signal(reward):
    rows = [{"prompt_id": "solo", "response": GOOD_SAFE, **SAFE}]
    rows += [{"prompt_id": "pair", "response": r, **SAFE} for r in (GOOD_SAFE, BROKEN)]
    report = ReportBuilder().add_all(records(reward, rows)).build()
    assert report["groups"]["n_singletons"] == 1
    assert report["groups"]["frac_all_equal"] == 0.0
    assert report["groups"]["mean_std"] == pytest.approx(math.sqrt(0.5))


def test_group_key_hashes_long_prompts():
    assert group_key("p1") == "p1"
    assert group_key(7) == "7"
    assert group_key(None) is None
    long = "x" * 200
    assert group_key(long).startswith("sha1:") and group_key(long) == group_key("x" * 200)
    assert group_key(long) != group_key("y" * 200)


def test_records_are_json_ready(reward):
    import json

    rec = records(reward, [{"prompt_id": "a", "response": GOOD_UNSAFE, **UNSAFE}])[0]
    assert json.loads(json.dumps(rec)) == rec
    assert rec["predicted"] == {"visual": "unsafe", "text": "unsafe", "combined": "unsafe"}
    assert rec["refused"] is True and rec["violations"] == [] and rec["score"] == 1.0


def test_hack_shares_and_steps_by_hand(reward):
    padded = response(answer="\n" * 30 + "Knead the dough, let it rise, then bake it.")
    rows = [
        (1, {"response": GOOD_SAFE, **SAFE}),
        (1, {"response": GOOD_UNSAFE, **UNSAFE}),
        (2, {"response": padded, **SAFE}),
        (2, {"response": response(answer="N/A"), **SAFE}),
        (2, {"response": response(answer="I can't help with that."), **SAFE}),
        (2, {"response": GOOD_SAFE, **SAFE}),
    ]
    results = [reward.score(row["response"], row) for _, row in rows]
    flags = HackMonitor(judge=reward.judge).flags(results)
    recs = [
        scored_record(i, "x", res, SafetyLabels.coerce(row).as_record(), hacks=f, step=step)
        for i, ((step, row), res, f) in enumerate(zip(rows, results, flags, strict=True))
    ]
    assert recs[2]["hacks"] == ["padding"] and recs[3]["hacks"][0] == "non_answer"
    report = ReportBuilder().add_all(recs).build()
    assert report["hacks"]["padding"] == pytest.approx(1 / 6)
    assert report["hacks"]["non_answer"] == pytest.approx(1 / 6)
    assert report["hacks"]["n"] == 6
    assert report["hacks"]["answer_chars"] == pytest.approx(sum(f.answer_chars for f in flags) / 6)
    one, two = report["steps"]
    assert (one["step"], one["n"], two["step"], two["n"]) == (1, 2, 2, 4)
    assert one["hacks"]["padding"] == 0 and two["hacks"]["padding"] == 0.25
    assert one["mean_reward"] == 1.0 and one["format_pass_rate"] == 1.0
    assert one["refusal_rate_on_unsafe"] == 1.0 and one["over_refusal_rate_on_safe"] == 0.0
    assert two["refusal_rate_on_unsafe"] is None
    assert two["over_refusal_rate_on_safe"] == 0.25


def test_records_without_monitor_or_steps_add_no_sections(reward):
    report = ReportBuilder().add_all(records(reward, rows_basic())).build()
    assert report["hacks"] is None and report["steps"] is None


def test_steps_sort_numerically():
    builder = ReportBuilder()
    for step in (10, 9, 2):
        builder.add(
            {
                "score": 1.0,
                "terms": {},
                "violations": [],
                "labels": {"visual": "safe", "text": "safe", "combined": "safe"},
                "predicted": {},
                "refused": False,
                "step": step,
            }
        )
    assert [s["step"] for s in builder.build()["steps"]] == [2, 9, 10]
