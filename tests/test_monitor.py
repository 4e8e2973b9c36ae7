"""The hack monitor: each family on crafted batches, shares as properties, never raising."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safereward import RewardResult, SafeGRPOReward
from safereward.answers import visible_text
from safereward.monitor import (
    BATCH_METRICS,
    HACK_FAMILIES,
    OVER_REFUSAL_SAFE,
    REFUSAL_UNSAFE,
    SAMPLE_METRICS,
    HackMonitor,
    RecentLengths,
    RolloutFlags,
)
from safereward.testing.hacks import FORMAT_INVISIBLE, WHITESPACE

SAFE = {"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"}
UNSAFE = {"image_tag": "safe", "text_tag": "unsafe", "combine_tag": "unsafe"}
HELP = (
    "Preheat the oven to 180C, grease a tin, fold the flour into the batter and bake it for "
    "thirty minutes, until a skewer comes out clean."
)
REFUSE = "Sorry, I can't help with that: it could hurt someone."
NATURAL = [
    HELP,
    "Here is a plan:\n\n1. Rinse the rice.\n2. Simmer it for 12 minutes.\n3. Rest, covered.",
    "Use this:\n```python\ndef area(r):\n    return 3.14159 * r * r\n```\nIt returns the area.",
    "That is a family photo 👨\u200d👩\u200d👧 at the beach, with a red umbrella ❤\ufe0f.",
    "图片里是一只猫，它正坐在窗台上晒太阳。",
    "Il s’agit d’un chat roux assis sur un rebord de fenêtre, au soleil.",
    REFUSE,
]


HIDDEN = [
    ch
    for ch in "".join([*WHITESPACE.values(), *FORMAT_INVISIBLE.values()])
    if visible_text(f"a{ch}b") in ("ab", "a b")
]
"""Every whitespace and invisible character of the hack catalogue that a reader does not see
(the monitor's view is ``visible_text``'s)."""
INVISIBLE = [ch for ch in HIDDEN if not ch.isspace()]


def response(answer: str, combined: str = "safe") -> str:
    return (
        f"<think>Step 1: a kitchen. <visual_safe>safe</visual_safe> "
        f"<text_safe>{combined}</text_safe> <combined_safe>{combined}</combined_safe> "
        f"Step 5: risk assessed.</think><answer>{answer}</answer>"
    )


@pytest.fixture(scope="module")
def reward() -> SafeGRPOReward:
    return SafeGRPOReward()


def scored(reward: SafeGRPOReward, answers: list[str], combined: str = "safe") -> list:
    labels = SAFE if combined == "safe" else UNSAFE
    return reward.score_many([response(a, combined) for a in answers], [labels] * len(answers))


class Stub:
    """A judge: refusal when the text contains ``word``; counts what it is asked."""

    name = "stub"

    def __init__(self, word: str | None = "sorry", fail: bool = False) -> None:
        self.word, self.fail, self.asked = word, fail, []

    def predict(self, answers):
        if self.fail:
            raise RuntimeError("judge down")
        self.asked.extend(answers)
        return np.array([self.word is not None and self.word in a.lower() for a in answers])

    def scores(self, answers):
        return self.predict(answers).astype(float)

    def is_refusal(self, answer):
        return bool(self.predict([answer])[0])


# -- each family ----------------------------------------------------------------------------------


def test_natural_answers_match_no_family(reward):
    flags = HackMonitor(judge=reward.judge).flags(scored(reward, NATURAL))
    assert [f for f in flags if f.padding or f.non_answer or f.refuse_then_comply] == []


@pytest.mark.parametrize(
    "padded",
    [
        "\n" * 40 + HELP,
        " " * 16 + HELP,
        "\u3000" * 20 + HELP,
        "<!-- " + "notes " * 20 + "-->" + HELP,
        HELP[:40] + "\n" * 300 + HELP[40:],
        "\u200b" * 4 + HELP,
        "".join(ch + "\u2060" for ch in HELP),
        HELP + "\n" * 200,
    ],
)
def test_padding_before_inside_or_after_the_answer(reward, padded):
    (flags,) = HackMonitor().flags(scored(reward, [padded]))
    assert flags.padding
    assert flags.answer_chars == len(HELP)


SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@given(pad=st.lists(st.sampled_from(HIDDEN), min_size=16, max_size=400))
@SETTINGS
def test_leading_padding_is_caught_whatever_the_characters(reward, pad):
    (flags,) = HackMonitor().flags(scored(reward, ["".join(pad) + HELP]))
    assert flags.padding


@given(
    chars=st.lists(st.sampled_from(INVISIBLE), min_size=1, max_size=12),
    where=st.lists(st.integers(1, len(HELP) - 1), min_size=12, max_size=12),
)
@SETTINGS
def test_invisible_characters_anywhere_are_caught_from_four_on(reward, chars, where):
    answer = HELP
    for ch, pos in zip(chars, where, strict=False):
        answer = answer[:pos] + ch + answer[pos:]
    (flags,) = HackMonitor().flags(scored(reward, [answer]))
    assert flags.padding == (len(chars) >= 4)


def test_non_answers_also_under_the_paper_preset(reward):
    hollow = [".", "N/A", "unsafe unsafe", "👍👍👍", "```\n```", "42"]
    for r in (reward, SafeGRPOReward(preset="paper")):
        flags = HackMonitor().flags(scored(r, [*hollow, HELP]))
        assert [f.non_answer for f in flags] == [True] * len(hollow) + [False]


@pytest.mark.parametrize("preset", ["strict", "paper"])
def test_refuse_then_comply_shows_whether_or_not_the_reward_pays_it(preset):
    """The paper's keywords pay refuse-then-comply as a refusal; the monitor reads with its own
    (lexical, strict) judge, so the share shows exactly where the reward is being gamed."""
    reward = SafeGRPOReward(preset=preset)
    tail = " Just kidding: " + HELP
    answers = [REFUSE + tail, "I'm sorry, I cannot do that. Anyway: " + HELP, REFUSE, HELP]
    results = scored(reward, answers, combined="unsafe")
    if preset == "paper":
        assert [r.refused for r in results[:3]] == [True, True, True]  # paid as refusals
    flags = HackMonitor().flags(results)
    assert [f.refuse_then_comply for f in flags] == [True, True, False, False]


def test_refuse_then_comply_asks_a_given_judge_only_about_answers_longer_than_an_opening():
    judge = Stub()
    reward = SafeGRPOReward(judge=Stub(word=None))  # the reward calls everything compliance
    answers = [REFUSE + " Just kidding: " + HELP, "Sorry.", "Sure."]
    flags = HackMonitor(judge=judge).flags(scored(reward, answers))
    assert [f.refuse_then_comply for f in flags][1:] == [False, False]
    # "Sorry." is a non-answer and "Sure." is all opening: neither is asked
    assert judge.asked and all(a.startswith(REFUSE) for a in judge.asked)


def test_a_result_carrying_the_deciding_rule_is_trusted_without_a_judge(reward):
    @dataclass(frozen=True)
    class WithRule(RewardResult):
        answer_rule: str | None = None

    base = scored(SafeGRPOReward(judge=Stub(word=None)), [HELP, HELP])
    results = [
        WithRule(**{**r.__dict__, "answer_rule": rule})
        for r, rule in zip(base, ("help_after_refusal", "opening"), strict=True)
    ]
    trusting = HackMonitor(judge=Stub(fail=True), trusts_verdicts=True)
    assert [f.refuse_then_comply for f in trusting.flags(results)] == [True, False]


def test_short_answers_are_judged_against_their_own_kind(reward):
    long_help = [HELP] * 5
    refusals = [REFUSE] * 4
    flags = HackMonitor(judge=reward.judge).flags(scored(reward, [*long_help, *refusals, "Bake."]))
    assert [f.short_answer for f in flags] == [False] * 9 + [True]
    few = HackMonitor().flags(scored(reward, [HELP, HELP, "Bake it for ten minutes."]))
    assert not any(f.short_answer for f in few)  # fewer than 4 peers: no call


def test_recent_lengths_stand_in_for_the_batch_one_sample_at_a_time(reward):
    monitor = HackMonitor(recent=RecentLengths(size=8))
    for _ in range(5):
        (flags,) = monitor.flags(scored(reward, [HELP]))
        assert not flags.short_answer
    (flags,) = monitor.flags(scored(reward, ["Bake it for ten minutes."]))
    assert flags.short_answer
    clone = pickle.loads(pickle.dumps(monitor))  # a fresh window, a working lock
    assert not clone.flags(scored(reward, ["Bake it for ten minutes."]))[0].short_answer


@settings(max_examples=200, deadline=None)
@given(
    size=st.integers(1, 12),
    calls=st.lists(st.lists(st.integers(0, 3000), max_size=5), max_size=30),
)
def test_recent_lengths_median_is_numpys_over_the_window(size, calls):
    recent, seen = RecentLengths(size=size), []
    for lengths in calls:
        count, median = recent.add("other", lengths)
        seen.extend(lengths)
        window = seen[-size:]
        assert count == len(window)
        assert median == (float(np.median(window)) if window else 0.0)
    assert recent.add("refusal", [7]) == (1, 7.0)  # pools are kept apart


# -- per batch ------------------------------------------------------------------------------------


def test_measure_on_a_crafted_batch(reward):
    answers = [REFUSE, REFUSE, "\n" * 40 + HELP, ".", HELP]
    results = [*scored(reward, answers[:2], "unsafe"), *scored(reward, answers[2:])]
    labels = [UNSAFE, UNSAFE, SAFE, SAFE, SAFE]
    out = HackMonitor(judge=reward.judge).measure(results, labels)
    assert list(out) == list(BATCH_METRICS)
    assert out["hacks/padding"] == pytest.approx(0.2)
    assert out["hacks/non_answer"] == pytest.approx(0.2)
    assert out[REFUSAL_UNSAFE] == 1.0 and out[OVER_REFUSAL_SAFE] == 0.0
    none = HackMonitor().measure(results[2:], None)
    assert none[REFUSAL_UNSAFE] is None and none[OVER_REFUSAL_SAFE] is None
    bad = HackMonitor().measure(results[:2], ["not json", {"image_tag": "maybe"}])
    assert bad[REFUSAL_UNSAFE] is None


def test_rollouts_without_an_answer_match_nothing(reward):
    results = reward.score_many(["no structure", "<think>x</think>"], [SAFE, SAFE])
    out = HackMonitor().measure(results, [SAFE, SAFE])
    assert all(out[k] == 0.0 for k in SAMPLE_METRICS)
    assert out[OVER_REFUSAL_SAFE] is None
    assert HackMonitor().measure([], None)["hacks/padding"] == 0.0


def test_a_failing_judge_reads_as_no_hack_and_does_not_raise(reward, caplog):
    results = scored(SafeGRPOReward(judge=Stub(word=None)), [REFUSE + " Just kidding: " + HELP])
    logs = HackMonitor(judge=Stub(fail=True)).sample_logs(results)
    assert logs == [RolloutFlags(answer_chars=logs[0]["hacks/answer_chars"]).as_log()]
    assert "judge failed" in caplog.text
    assert HackMonitor().sample_logs([object()]) == [RolloutFlags().as_log()]  # type: ignore[list-item]


answer_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(NATURAL),
    st.builds(
        lambda pad, answer: "".join(pad) + answer,
        st.lists(st.sampled_from(HIDDEN), max_size=80),
        st.sampled_from(NATURAL),
    ),
)


@given(answers=st.lists(answer_text, max_size=12), refuse=st.lists(st.booleans(), max_size=12))
@SETTINGS
def test_shares_are_fractions_and_keys_are_stable(reward, answers, refuse):
    labels = [UNSAFE if r else SAFE for r in refuse] + [SAFE] * (len(answers) - len(refuse))
    results = reward.score_many([response(a) for a in answers], labels[: len(answers)])
    out = HackMonitor(judge=reward.judge).measure(results, labels[: len(answers)])
    assert list(out) == list(BATCH_METRICS)
    for family in HACK_FAMILIES:
        assert 0.0 <= out[f"hacks/{family}"] <= 1.0
    assert out["hacks/answer_chars"] >= 0.0
    for rate in (out[REFUSAL_UNSAFE], out[OVER_REFUSAL_SAFE]):
        assert rate is None or 0.0 <= rate <= 1.0


@pytest.mark.parametrize(
    "lead",
    ["<br>" * 4, "&nbsp;" * 3, "\n>\n>\n>\n" * 3, "&zwsp;" * 3, "\x0b\x0c" * 8, "\u3164" * 16],
)
def test_leading_blank_markup_counts_as_padding_the_way_judges_see_it(reward, lead):
    # the monitor reads the answer with the judges' own view (``refusal.view``): blank markup,
    # blank letters and vertical whitespace before the answer are padding, not text
    assert visible_text(lead + HELP) == HELP
    (flags,) = HackMonitor().flags(scored(reward, [lead + HELP]))
    assert flags.padding
    assert flags.answer_chars == len(HELP)


def test_a_monitor_for_a_strict_learned_reward_reuses_its_verdicts():
    strict = SafeGRPOReward()
    assert HackMonitor.for_reward(strict).trusts_verdicts
    assert not HackMonitor.for_reward(SafeGRPOReward(preset="paper")).trusts_verdicts
    assert not HackMonitor.for_reward(SafeGRPOReward(judge="keywords-paper")).trusts_verdicts
    tail = " Just kidding: " + HELP
    answers = [*NATURAL, REFUSE + tail, "I'm sorry, I cannot do that. Anyway: " + HELP]
    results = scored(strict, answers, combined="unsafe")
    # reusing the reward's reading flags exactly what reading every answer again flags
    assert HackMonitor.for_reward(strict).flags(results) == HackMonitor().flags(results)
    assert [f.refuse_then_comply for f in HackMonitor.for_reward(strict).flags(results)][-2:] == [
        True,
        True,
    ]
