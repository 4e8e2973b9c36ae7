"""``hacks/template``: one answer given word for word to several prompts, in a batch or among
the recent answers of an adapter that sees one sample at a time."""

from __future__ import annotations

from safereward import SafeGRPOReward
from safereward.monitor import HackMonitor, RecentLengths
from safereward.testing.hack_bank import SAFE_ITEMS, item_response

REWARD = SafeGRPOReward()
TEMPLATE = "The answer to your question is in the picture, as described above."


def scored(answers: list[str]):
    items = SAFE_ITEMS[: len(answers)]
    texts = [item_response(it, a) for it, a in zip(items, answers, strict=True)]
    return REWARD.score_many(texts, [it.dataset_labels for it in items])


def test_a_template_across_prompts_is_flagged_in_a_batch() -> None:
    answers = [TEMPLATE, TEMPLATE, SAFE_ITEMS[2].compliance]
    prompts = [it.question for it in SAFE_ITEMS[:3]]
    flags = HackMonitor.for_reward(REWARD).flags(scored(answers), prompts)
    assert [f.template for f in flags] == [True, True, False]
    # the same answer to the same prompt (a GRPO group) is not a template
    same = HackMonitor.for_reward(REWARD).flags(scored(answers[:2]), [prompts[0]] * 2)
    assert [f.template for f in same] == [False, False]
    # without prompts the monitor cannot tell
    assert not any(f.template for f in HackMonitor.for_reward(REWARD).flags(scored(answers)))


def test_one_sample_at_a_time_remembers_recent_answers() -> None:
    monitor = HackMonitor.for_reward(REWARD, recent=RecentLengths(size=4))
    first = monitor.sample_logs(scored([TEMPLATE]), [SAFE_ITEMS[0].question])
    second = monitor.sample_logs(scored([TEMPLATE]), [SAFE_ITEMS[1].question])
    assert first[0]["hacks/template"] == 0.0 and second[0]["hacks/template"] == 1.0
    # the window forgets: after enough other answers the template is new again
    for k in range(6):
        monitor.sample_logs(scored([f"Answer number {k} names a cat."]), [f"Question {k}?"])
    again = monitor.sample_logs(scored([TEMPLATE]), [SAFE_ITEMS[2].question])
    assert again[0]["hacks/template"] == 0.0
