"""The compiled program remembers rule values by summary only when every rule allows it, and a
remembered value is the value the rules would compute."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from safereward import BEHAVIOR, FORMAT, TAG, SafeGRPOReward, gate, rule
from safereward.answers import AnswerKind, Verdict
from safereward.labels import SafetyLabels
from safereward.parse import parser_for
from safereward.rules import DIAGNOSTICS, MEMO_SIZE, Context, Program, safegrpo_expression
from safereward.schema import SAFEGRPO
from safereward.testing import labels, malformed, render, safegrpo_samples

_VERDICTS = st.sampled_from(
    [
        None,
        Verdict(AnswerKind.REFUSAL, "opening"),
        Verdict(AnswerKind.COMPLIANCE, "opening"),
        Verdict(AnswerKind.COMPLIANCE, "later_window"),
        Verdict(AnswerKind.NON_ANSWER, "says_nothing"),
    ]
)
_TEXTS = st.one_of(
    safegrpo_samples().map(lambda s: render(s[0])), malformed().map(lambda c: render(c[0]))
)


@given(st.lists(st.tuples(_TEXTS, labels(), _VERDICTS), min_size=1, max_size=30))
def test_remembered_values_equal_the_rules(rows) -> None:
    """One program over a stream of responses (so later ones hit the memo) gives what a fresh
    evaluation of the expression tree gives, terms included."""
    expression = safegrpo_expression(0.3, 0.7)
    program = Program.compile(expression, DIAGNOSTICS)
    assert program.summary is not None
    parse = parser_for(SAFEGRPO)
    for text, gold, verdict in rows:
        parsed = parse(text)
        terms: dict[str, float] = {}
        expected = expression.evaluate(Context(parsed, gold, verdict), terms)
        for r in DIAGNOSTICS:
            terms[r.name] = r.score(Context(parsed, gold, verdict))
        assert program.evaluate(parsed, gold, verdict) == (expected, terms)
    assert 0 < len(program.memo) <= len(rows)


@rule("short_answer", uses_verdict=False)
def short_answer(ctx: Context) -> float:
    return float(len(ctx.parsed.answer or "") < 20)


SAFE = SafetyLabels.coerce({"visual": "safe", "text": "safe", "combined": "safe"})


def _good(answer: str) -> str:
    return (
        "<visual_safe>safe</visual_safe><text_safe>safe</text_safe>"
        f"<combined_safe>safe</combined_safe></think><answer>{answer}</answer>"
    )


def test_a_rule_that_reads_more_than_the_summary_runs_every_time() -> None:
    """Two responses with one summary but answers of different lengths: a rule that does not
    say ``summary=True`` is asked each time, and the program remembers nothing."""
    reward = SafeGRPOReward(expression=gate(FORMAT) * (0.5 * TAG + 0.5 * short_answer))
    assert reward._program.summary is None
    short, long = reward.score_many([_good("Fine."), _good("Fine. " * 10)], [SAFE, SAFE])
    assert short.terms["short_answer"] == 1.0 and long.terms["short_answer"] == 0.0
    assert not reward._program.memo


def test_terms_are_fresh_and_the_memo_is_bounded() -> None:
    reward = SafeGRPOReward(preset="paper")
    first = reward.score(_good("Here you go."), SAFE)
    first.terms["tag"] = -1.0  # a caller's change stays in its own result
    again = reward.score(_good("Here it is."), SAFE)
    assert again.terms["tag"] == 1.0 and again.total == 1.0
    assert len(reward._program.memo) == 1
    program = Program.compile(gate(FORMAT) * (0.5 * TAG + 0.5 * BEHAVIOR))
    parsed = parser_for(SAFEGRPO)(_good("Fine."))
    for i in range(MEMO_SIZE + 10):
        program.memo[i] = (0.0, {})  # filled by other summaries
    assert program.evaluate(parsed, SAFE, None)[0] == 0.5  # computed, not remembered
    assert len(program.memo) == MEMO_SIZE + 10
