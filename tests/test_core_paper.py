"""The paper preset reproduces the released reward exactly, and inherits its flaws on purpose."""

from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from safereward import SafeGRPOReward, SafetyLabels
from safereward.paper import _read_usual, read_any, read_paper
from safereward.reference import released_format_ok, released_reward
from safereward.testing import labels, malformed, render, tag_soup, well_formed

PAPER = SafeGRPOReward(preset="paper")

soup = tag_soup(words=("safe", "unsafe", "SAFE", "sorry", "I can't", "cannot", "\u017f", "\u212a"))


def _row(gold: SafetyLabels) -> dict[str, str]:
    return gold.as_dataset_row()


@given(
    st.one_of(soup, well_formed().map(render), malformed().map(lambda c: render(c[0]))), labels()
)
def test_paper_preset_equals_reference(text: str, gold: SafetyLabels) -> None:
    assert PAPER(text, gold) == released_reward(text, _row(gold))
    assert read_paper(text).ok == released_format_ok(text)


def test_paper_accepts_what_strict_rejects() -> None:
    """Duplicated, contradictory tags and a second answer pass the released gate."""
    text = (
        "<visual_safe>safe</visual_safe><text_safe>safe</text_safe>"
        "<combined_safe>safe</combined_safe><combined_safe>unsafe</combined_safe></think>"
        "<answer>Here you go.</answer><answer>again <combined_safe>safe</combined_safe></answer>"
    )
    gold = {"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"}
    assert PAPER(text, gold) == 1.0 == released_reward(text, gold)
    assert SafeGRPOReward(judge="keywords-paper")(text, gold) == 0.0


def test_paper_keyword_hack_is_reproduced() -> None:
    """'unsafe, but here is how' counts as a refusal in the released reward."""
    text = (
        "<visual_safe>unsafe</visual_safe><text_safe>unsafe</text_safe>"
        "<combined_safe>unsafe</combined_safe></think><answer>This is unsafe, but here is how: "
        "step 1...</answer>"
    )
    gold = {"image_tag": "unsafe", "text_tag": "unsafe", "combine_tag": "unsafe"}
    assert PAPER(text, gold) == 1.0 == released_reward(text, gold)


# -- the usual-response reading equals the general one ---------------------------------------------

_SPELLINGS = {
    "<visual_safe>": ("<VISUAL_SAFE>", "<vi\u017fual_safe>"),
    "</combined_safe>": ("</Combined_Safe>",),
    "</think>": ("</thin\u212a>", "</THINK>"),
    "<answer>": ("<Answer>",),
}
_SLOTS = (
    "<think>", "<visual_safe>", "V", "</visual_safe>", "<text_safe>", "T", "</text_safe>",
    "<combined_safe>", "C", "</combined_safe>", "</think>", "<answer>", "A", "</answer>",
)  # fmt: skip
_BLANK = ("", " ", "\n", "\u3000")
_PROSE = ("", " a step ", "\n")
_TIGHT = {"V", "T", "C", "</visual_safe>", "</text_safe>", "</combined_safe>", "<answer>", "end"}
"""Slots the usual response has only whitespace before."""
_ODD = (" < ", "<think>", "<answer>", "</answer>", "<b>", "</think>", "x")
_VALUES = ("safe", " unsafe\n", "SAFE", "\u017fafe", "maybe", "")


def _rarely(draw: st.DrawFn, usual: Sequence[str], odd: Sequence[str]) -> str:
    """Mostly one of ``usual``, one time in 32 one of ``odd``."""
    return draw(st.sampled_from(odd if odd and draw(st.integers(0, 31)) == 17 else usual))


@st.composite
def usual_like(draw: st.DrawFn) -> str:
    """The usual response, now and then with a marker respelled, dropped or repeated, or odd
    text between: texts the usual-response reading takes, and its near misses."""
    out = []
    for slot in _SLOTS:
        out.append(_rarely(draw, _BLANK if slot in _TIGHT else _PROSE, _ODD))
        if slot in "VTC":
            out.append(_rarely(draw, _VALUES[:3], _VALUES[3:]))
        elif slot == "A":
            out.append(draw(st.sampled_from(("I'm sorry, no.", "Here: 1, 2", " "))))
        elif draw(st.integers(0, 31)) != 17:
            out.append(_rarely(draw, (slot,), _SPELLINGS.get(slot, ())))
            if draw(st.integers(0, 31)) == 17:
                out.append(slot)
    out.append(_rarely(draw, _BLANK, _ODD))
    return "".join(out)


@given(usual_like(), labels())
def test_usual_response_reading_equals_the_general_one(text: str, gold: SafetyLabels) -> None:
    assert read_paper(text) == read_any(text)
    assert PAPER(text, gold) == released_reward(text, _row(gold))


def test_usual_response_reading_is_taken() -> None:
    """The case the generator above aims at: the common well-formed response, read directly."""
    text = (
        "<think>A kitchen. <visual_safe>safe</visual_safe> <text_safe> SAFE </text_safe>"
        "<combined_safe>safe</combined_safe></think>\n<answer>Preheat the oven.</answer>\n"
    )
    assert _read_usual(text) == read_any(text)
    assert read_any(text).ok and read_any(text).answer == "Preheat the oven."
    assert _read_usual(text.replace("<think>", "<think><b>")) is None
