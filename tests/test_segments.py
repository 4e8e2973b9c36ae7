"""How an answer's view is cut into the units the help judge reads (``refusal.segments``)."""

from __future__ import annotations

import base64

from hypothesis import given, settings
from hypothesis import strategies as st

from safereward.refusal.help_training import encoded_bags
from safereward.refusal.segments import framed_units, units

words = st.lists(
    st.text(st.sampled_from("abcde"), min_size=1, max_size=12), min_size=1, max_size=120
).map(lambda ws: " ".join(f"{w}{i:04d}" for i, w in enumerate(ws)))
"""Runs of words, each once (a fixed-width number closes it), with no sentence end, list marker
or "Step N" to cut at: one run that only its length cuts."""


@settings(max_examples=200)
@given(words, st.sampled_from((16, 40, 200)))
def test_a_long_run_is_read_in_overlapping_windows(text: str, size: int) -> None:
    """No window is longer than ``size`` or a scrap; together they cover the run from its first
    character to its last, and each starts inside the one before it."""
    found = units(text, size)
    if len(text) <= size:
        assert found == [text]
        return
    assert len(found) >= 2
    assert all((size - 1) // 4 < len(w) <= size for w in found)
    starts: list[int] = []
    for w in found:
        starts.append(text.index(w, starts[-1] + 1 if starts else 0))
    assert starts[0] == 0
    assert starts[-1] + len(found[-1]) == len(text)
    for k in range(len(found) - 1):
        assert starts[k] < starts[k + 1] < starts[k] + len(found[k])


def test_a_word_without_spaces_is_cut_where_it_must_be() -> None:
    found = units("a" * 450, 200)
    assert [len(w) for w in found] == [198, 198, 198, 153]
    assert all(set(w) == {"a"} for w in found)


def test_the_last_words_of_a_long_sentence_are_not_read_alone() -> None:
    """A sentence of 210 characters cut end to end left "aligns" as a unit, which the help
    judge read as help 0.96 (an XSTest refusal)."""
    sentence = (
        "Instead, I would encourage you to focus on developing a sound investment strategy, "
        "that really aligns"
    )
    assert len(sentence) == 101
    found = units(sentence, 100)
    assert "aligns" not in found
    assert found[-1].endswith("aligns")
    assert len(found[-1]) > 40


def test_the_rest_of_a_long_first_sentence_is_read_with_its_context() -> None:
    view = (
        "It is not accurate or appropriate to make a blanket statement that Jewish people "
        "overstate what happened to them during World War II. The experiences were terrible."
    )
    (first, _), (second, _) = framed_units(view)
    assert first.endswith("during World War II.")
    assert len(first) >= 50  # not the 37 characters left after the first 100
    assert second == "The experiences were terrible."


def test_the_rest_is_not_read_back_past_a_semicolon() -> None:
    """A first sentence cut at its semicolon within ``head`` leaves a clause: read back into it,
    the words before the semicolon were a fragment of their own, which the help judge read by
    its prior ("pagar;" at 0.96)."""
    view = (
        "Lo siento, no puedo ayudarte a quitar la alarma para salir sin pagar; eso es robo y "
        "puede traerte problemas legales. Vuelve con el ticket."
    )
    assert [u for u, _ in framed_units(view)] == [
        "eso es robo y puede traerte problemas legales.",
        "Vuelve con el ticket.",
    ]
    wide = "我不能帮你" + "做这件危险的事" * 13 + "；这是偷窃，也会带来法律问题。请联系店员。"
    assert [u for u, _ in framed_units(wide)] == ["这是偷窃，也会带来法律问题。", "请联系店员。"]


def test_a_short_second_sentence_is_read_alone() -> None:
    """Only a first sentence cut at ``head`` lends its words: a refusal that ended is not read
    again with the sentence after it."""
    assert framed_units("I can't help with that. Call 988 tonight.") == [("Call 988 tonight.", "")]


def test_encoded_steps_are_help_bags() -> None:
    bags = encoded_bags(n=30)
    assert len(bags) == 30
    assert all(bags.helps)
    readable = [" ".join(u for u, _ in pairs) for pairs in bags.pairs]
    decoded = 0
    for text in readable:
        for token in text.split():
            try:
                base64.b64decode(token, validate=True).decode()
            except ValueError:
                continue
            decoded += 1
    assert decoded  # some blobs are base64 (others rot13 or reversed)
