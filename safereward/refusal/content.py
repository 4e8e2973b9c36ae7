"""What an answer says in words: whether it says anything, and what it copies from the prompt.

These are the judge-free readings behind the non-answer rules of ``safereward.answers`` (and
the help judge's choice of units worth reading):

- ``says_nothing``: too few words to refuse with a reason or to help, and none that carries
  content (``.``, ``42``, an emoji, ``N/A``, ``unsafe unsafe``, "Sorry."); "Paris." and
  "A grey cat." carry content however short they are.
- ``content_free``: every word is generic (``data/generic_words.json``: function words, verdict
  words, the vocabulary of talking about an answer), so the answer would fit any question:
  "Sure, here is the answer you asked for." Negations are not generic: "I can't help with
  that." declines, which is something to say.
- ``only_asks``: every sentence is a question.
- ``is_echo``: given the prompt, the answer is mostly copied from it and adds no word of
  content of its own ("You asked: <the request>"); a yes or no to a yes/no question is an
  answer however much of the question it repeats.

Words are runs of letters and digits lower-cased, styled letters read as the plain Latin ones
and look-alikes as Latin where that makes a generic word (as the judges read them); CJK text
counts one character per word.
Kept free of numpy and of any ML framework.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import regex

from safereward.refusal.view import as_latin, read_letters, visible_text

__all__ = [
    "GENERIC_WORDS",
    "NEGATIONS",
    "YES_NO_WORDS",
    "answers_question",
    "can_help",
    "content_free",
    "content_words",
    "has_content",
    "is_echo",
    "only_asks",
    "says_nothing",
    "words",
]


def _load_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    data = json.loads(
        (Path(__file__).parents[1] / "data" / "generic_words.json").read_text(encoding="utf-8")
    )
    yes_no = frozenset(data.pop("yes_no"))
    data.pop("_about", None)
    generic = frozenset(w for words in data.values() for w in words) | yes_no
    return generic, yes_no


GENERIC_WORDS, YES_NO_WORDS = _load_lexicon()
"""Words with no content of their own, and the words that answer a yes/no question."""

_CJK = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}"
_CJK_GENERIC = "".join(sorted(w for w in GENERIC_WORDS if regex.fullmatch(f"[{_CJK}]", w)))
_CJK_RUN = regex.compile(f"[{_CJK}]+")


@lru_cache(maxsize=64)
def _own_content(held: frozenset[str] = frozenset()) -> regex.Pattern[str]:
    """A CJK character of content (``_carries``) that is not in ``held``: CJK text is read one
    character at a time, and a character is generic only where a list holds it."""
    return regex.compile(f"[[{_CJK}]--[{_CJK_GENERIC}{''.join(sorted(held))}]]", regex.V1)


_CJK_CONTENT = _own_content()
"""A CJK character that is a word of content."""
# a word: a run of letters, digits and apostrophes inside a word, or one CJK character
_WORD = regex.compile(f"[{_CJK}]|[^\\W_{_CJK}]+(?:['\u2019\uff07][^\\W_{_CJK}]+)*")
"""(The full-width apostrophe joins a word as the others do: ``iter_words`` reads styled letters
word by word, and "don＇t" must be one word there as "don't" is in a folded text.)"""
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


_FENCE = re.compile(r"```[\w+#.-]*")
"""A code fence and its language tag ("```python"): markup, not words of the answer."""


_ASCII_SPACED = str.maketrans(
    {chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "'")}
)
"""ASCII that is not a letter, a digit or an apostrophe, read as a space: what separates
words (``_ascii_words``)."""


def words(view: str) -> list[str]:
    """The view's words, lower-cased, in order (typographic apostrophes read as ``'``, styled
    letters as the plain Latin ones (``view.read_letters``); code fences and their language
    tags left out)."""
    low = view.lower()
    if "`" in low and "```" in low:
        low = _FENCE.sub(" ", low)
    if low.isascii():
        return _ascii_words(low)
    low = read_letters(low)
    if low.isascii():
        return _ascii_words(low)
    found = _WORD.findall(low)
    return [w.replace("\u2019", "'") for w in found] if "\u2019" in low else found


def iter_words(view: str) -> Iterator[str]:
    """``words``, one at a time: a reader that stops early does not tokenise a long answer."""
    low = view.lower()
    if "`" in low and "```" in low:
        low = _FENCE.sub(" ", low)
    if low.isascii():
        return (m.group() for m in _ASCII_WORD.finditer(low))
    # styled letters are read word by word, as the words are asked for: a reader that stops at
    # the first word of content does not scan a long answer for them
    return (_plain(m.group()) for m in _WORD.finditer(low))


def _plain(word: str) -> str:
    """A word beyond ASCII as ``words`` reads it in a folded text."""
    if word.isascii():
        return word
    return read_letters(word).replace("\u2019", "'")  # (read_letters folds "＇" as "'")


def _ascii_words(low: str) -> list[str]:
    """``_ASCII_WORD.findall(low)`` with a C split: the runs of letters, digits and
    apostrophes are the words unless an apostrophe starts, ends or doubles in one (then the
    pattern decides)."""
    spaced = low.translate(_ASCII_SPACED)
    at = spaced.find("'")
    while at >= 0:  # apostrophes are few: each must sit between two letters or digits
        if at == 0 or spaced[at - 1] in " '" or spaced[at + 1 : at + 2] in ("", " ", "'"):
            return _ASCII_WORD.findall(low)
        at = spaced.find("'", at + 2)
    return spaced.split()


def _carries(word: str) -> bool:
    """A word of content: not generic, not a number, and a letter or more beyond a stray one.
    A word beyond ASCII is also read with its Cyrillic and Greek look-alikes as Latin letters
    (``view.as_latin``), as the judges read it: "іѕ" is "is" to them, while "конечно" stays
    Russian, and generic in its own lexicon."""
    if word in GENERIC_WORDS or word.isdigit():
        return False
    if not word.isascii():
        word = as_latin(word)
        if word in GENERIC_WORDS:
            return False
    return len(word) > 1 or not word.isascii()


def content_words(view: str) -> list[str]:
    """The view's words that carry content, in order."""
    return [w for w in iter_words(view) if _carries(w)]


def has_content(view: str) -> bool:
    """Whether some word of the view carries content (stops at the first)."""
    return any(map(_carries, iter_words(view)))


def can_help(unit: str) -> bool:
    """Whether a unit says enough to help: a word of content with three letters or more, or in a
    script without case (CJK, Thai, Arabic, ...), where one letter is a word. Shorter units
    ("ab cd", "0A") carry too few n-grams for the help judge to read, and it reads them by its
    prior."""
    if not unit.isascii() and _CJK_CONTENT.search(unit) is not None:
        return True  # one CJK character of content is a word that says enough: found in C
    return any(_says_enough(w) for w in iter_words(unit) if _carries(w))


def _says_enough(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 3 or any(c.lower() == c.upper() for c in letters)


def content_free(view: str, tokens: Sequence[str] | None = None) -> bool:
    """Every word of the view is generic and it holds no number: it would answer any question
    alike. ``tokens``: ``words(view)``, when the caller has them."""
    found = iter_words(view) if tokens is None else tokens
    return not any(_carries(w) or w.isdigit() for w in found)


_MEASURE = re.compile(r"\d\s*(?:°|%|‰)|[$€£¥₹]\s*\d")
"""A number with a unit symbol ("42 °C", "15%", "$3") is a measurement, which says something."""


NEGATIONS = frozenset(
    [
        "not",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "won't",
        "wouldn't",
        "can't",
        "cannot",
        "couldn't",
        "shouldn't",
        "haven't",
        "hasn't",
        "never",
        "nor",
        "neither",
    ]
)
"""Words that say what an answer does ("I can't help with that.") without saying anything
about the question: they make an answer more than content-free, but alone ("I cannot.") they
do not make it say something."""


def says_nothing(view: str, min_words: int = 3, tokens: Sequence[str] | None = None) -> bool:
    """Fewer than ``min_words`` distinct words (two letters or more, or one CJK character;
    verdict and yes/no words not counted), none of them carrying content but a negation, and no
    measurement: "I cannot." says nothing, "I can't help with that." does. ``tokens``:
    ``words(view)``, when the caller has them."""
    found: set[str] = set()
    for w in iter_words(view) if tokens is None else tokens:
        if _carries(w) and w not in NEGATIONS:
            return False
        if w in YES_NO_WORDS or w.isdigit() or (len(w) < 2 and w.isascii()):
            continue
        if w not in _VERDICT:
            found.add(w)
            if len(found) >= min_words:
                return False
    return _MEASURE.search(view) is None


_VERDICT = frozenset({"safe", "unsafe", "ok", "okay", "na", "none", "null", "nil", "n", "a"})


_SENTENCES = re.compile(r"(?<=[.!?\u3002\uff01\uff1f])[\"'\u201d\u2019)\]]*\s+")


def only_asks(view: str) -> bool:
    """The view asks and says nothing else: every sentence ends in a question mark or holds
    no word of content ("Hmm, interesting. What is the context?")."""
    if "?" not in view and "\uff1f" not in view:
        return False
    asked = False
    for sentence in _SENTENCES.split(view):
        if sentence.rstrip("\"'\u201d\u2019)] ").endswith(("?", "\uff1f")):
            asked = True
        elif not content_free(sentence):
            return False
    return asked


_POLAR = re.compile(
    r"(?:^|[.!?:\n] *|, )(?:is|are|am|was|were|do|does|did|can|could|should|would|will|may|might|"
    r"must|has|have|had|shall|isn't|aren't|doesn't|don't|didn't|won't|can't|shouldn't)\b[^.!?]*\?",
    re.IGNORECASE,
)
_COUNT = re.compile(
    r"\bhow (?:many|much|old)\b|\bwhat (?:number|year|age)\b|\b(?:in )?which year\b|\bwhen\b|"
    r"\b(?:sum|total|product|calculat\w*|add up)\b|\d",
    re.IGNORECASE,
)
"""Questions a bare number answers: a count or an amount, a calculation ("What is 17 x 3?",
"What's the answer to the sum on the board?"), a date or an age ("When did the wall fall?" -
"In 1989."). A measure ("How long should I bake it?") needs its unit: "40 minutes", not
"42"."""


def answers_question(view: str, prompt: str) -> bool:
    """Given the prompt, a short answer that says no more than yes or no answers a yes/no
    question ("Is it safe to eat?" - "Yes, they're fine."), and a number answers a question
    that counts, asks an amount, a date or an age, or calculates ("How many ...?", "What is 17
    x 3?", "the answer to the sum on the board?" - "51."; "When did it open?" - "In 1932.").
    Questions are read in English; in a prompt not written in ASCII, any question counts."""
    ws = words(view)
    if not ws or not _prompt_words(prompt)[1]:
        return False
    questions = _questions(prompt)
    if ws[0] in YES_NO_WORDS:
        return not questions.isascii() or _POLAR.search(questions) is not None
    if any(w.isdigit() for w in ws):
        return not questions.isascii() or _COUNT.search(questions) is not None
    return False


_QUESTION = re.compile(r"[^.!?\n]*\?")


@lru_cache(maxsize=256)
def _questions(prompt: str) -> str:
    """The prompt's sentences that end in a question mark, one per line (the instruction
    around them, with its numbered steps, is not the question)."""
    return "\n".join(m.group().strip() for m in _QUESTION.finditer(visible_text(prompt)))


# -- echoes of the prompt ------------------------------------------------------------------------

_ECHO_N = 3
"""Words per copied n-gram: long enough that sharing the protocol's words is not copying."""


@lru_cache(maxsize=256)
def _prompt_words(prompt: str) -> tuple[frozenset[tuple[str, ...]], bool, frozenset[str]]:
    """The prompt's word 3-grams, whether it asks a yes/no question (it holds a question
    mark: an imperative request has none), and the words of its 3-grams. Cached: a GRPO group
    and a dataset's template repeat."""
    view = visible_text(prompt)
    ws = words(view)
    grams = frozenset(zip(ws, ws[1:], ws[2:], strict=False))
    return grams, "?" in view or "\uff1f" in view, frozenset(w for g in grams for w in g)


def is_echo(
    answer: str,
    prompt: str,
    min_words: int = 4,
    share: float = 0.8,
    view: str | None = None,
    tokens: Sequence[str] | None = None,
) -> bool:
    """Whether ``answer`` is mostly copied from ``prompt``: at least ``min_words`` words, some
    inside a word 3-gram the prompt holds, and either ``share`` of them inside such 3-grams or
    no word of content outside them. Contiguous 3-grams, not a bag of words: a real prompt
    carries the whole protocol ("refuse", "unsafe", "answer", ...), and a short refusal that
    reuses its words is not an echo. A yes or no to a prompt that asks a question answers it
    ("Yes, it is safe to eat."). ``view``: the answer's ``visible_text``, and ``tokens`` its
    ``words``, when the caller has them."""
    if not prompt or not answer:
        return False
    view = visible_text(answer) if view is None else view
    grams, asks, held = _prompt_words(prompt)
    if tokens is None and len(view) > _LONG and _owns_too_much(view, held, share):
        return False
    ws = words(view) if tokens is None else tokens
    n = len(ws)
    if n < min_words:
        return False
    if asks and ws[0] in YES_NO_WORDS:
        return False
    allowed = (1.0 - share) * n + 1e-9  # words outside copied 3-grams an echo may have
    # A word the prompt does not hold is outside every copied 3-gram: more of them than an
    # echo may have, one with content, and the loop below would end False too, only later.
    head = ws[: 2 * int(allowed) + 8]
    own = [w for w in head if w not in held]
    if len(own) > allowed and any(map(_carries, own)):
        return False
    last = n - _ECHO_N
    hit1 = hit2 = False  # whether the 3-grams starting one and two words back are copied
    outside = 0
    new = False
    for i, word in enumerate(ws):
        hit = i <= last and (word, ws[i + 1], ws[i + 2]) in grams
        if not (hit or hit1 or hit2):
            outside += 1
            new = new or _carries(word)
            if outside > allowed and new:
                return False
        hit2, hit1 = hit1, hit
    return outside < n  # some 3-gram copied, and the answer is an echo by share or by words


_LONG = 400
"""Views longer than this are first read in part (``_owns_too_much``)."""
_ALNUM = bytes.maketrans(
    bytes(range(256)), bytes(97 if chr(b).isalnum() and b < 128 else 32 for b in range(256))
)
_INSIDE = bytes(b for b in range(256) if (b < 128 and chr(b).isalnum()) or 0x80 <= b < 0xC0)
"""UTF-8 bytes that can neither start a word nor end one before the next: ASCII letters and
digits, and the continuation bytes of a character."""
_CJK_LEADS = bytes(range(0xE3, 0xEE))
"""The first bytes of the three-byte characters from kana to Hangul, Han between: where most
of the places a word can start are characters, one word each."""


def _most_words(low: str, wide: bool) -> int | None:
    """At least the number of words of ``low`` (lower-cased), counted in C; None beyond ASCII
    where most characters are letters of a script with words of many letters."""
    if not wide:
        runs = low.encode("ascii").translate(_ALNUM)
        return runs.count(b" a") + runs.startswith(b"a")
    starts = low.encode("utf-8", "surrogatepass").translate(None, _INSIDE)
    if 2 * len(starts.translate(None, _CJK_LEADS)) > len(starts):
        return None
    return 1 + len(starts)


def _owns_cjk(low: str, held: frozenset[str], allowed: float) -> bool:
    """CJK text is one word per character: whether the first quarter of ``low`` holds more CJK
    characters the prompt does not hold than ``allowed``, one of them of content, counted by
    runs in C, where tokenising the quarter costs more than the rest of the verdict (its last
    word may be cut: it is not counted)."""
    end = len(low) // 4 - 1
    shared = frozenset(w for w in held if len(w) == 1 and _CJK_RUN.match(w))
    mine = sum(map(len, _CJK_RUN.findall(low, 0, end)))
    mine -= sum(low.count(w, 0, end) for w in shared)
    return mine > allowed and _own_content(shared).search(low, 0, end) is not None


def _owns_too_much(view: str, held: frozenset[str], share: float) -> bool:
    """Whether the first quarter or half of a long view already holds more words the prompt
    does not hold than an echo may have outside copied 3-grams, one with content: then
    ``is_echo`` is False, without the whole view tokenised. The bound on the number of words
    counts, in ASCII, the runs of letters and digits; beyond it, the places a word can start
    (after a byte that is not a letter or digit, or at a character beyond ASCII, which a CJK
    word is): at least the number of words, and found in C."""
    low = view.lower()
    if "`" in low:
        return False
    wide = not low.isascii()
    most = _most_words(low, wide)
    if most is None:
        return False  # a script of letters, where the bound is far above the word count
    allowed = (1.0 - share) * most + 1e-9
    if wide and _owns_cjk(low, held, allowed):
        return True
    for part in (4, 2):
        # the words of a prefix are the view's first words, bar the last, which may be cut
        head = words(low[: len(low) // part])[:-1]
        own = [w for w in head if w not in held]
        if len(own) > allowed:
            return any(map(_carries, own))
    return False
