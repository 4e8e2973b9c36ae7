"""What a judge reads of an answer: the text a reader sees, nothing a reader does not.

Under GRPO a policy will pad its answer with characters nobody sees (zero-width spaces, blank
lines, HTML comments) if that moves a judge. So every judge reads ``visible_text``: invisible
and format characters and HTML comments removed, whitespace runs of any kind collapsed to one
space. The lexical featurizer builds its vectorised fold tables from the same patterns
(``invisible_codepoints``, ``space_codepoints``), so both views agree by construction.
``HOMOGLYPHS`` maps Cyrillic and Greek look-alikes, Latin small capitals and full-width forms to
the Latin letters a reader takes them for; the character n-gram judge folds them so a
look-alike refusal word reads as the word.

Kept free of numpy and of any ML framework: ``safereward.answers`` imports it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import regex

# Characters a reader does not see: format controls (zero-width, bidi, soft hyphen, tags),
# variation selectors, controls other than the whitespace ones, the two BMP noncharacters,
# and letters or marks that render blank (combining grapheme joiner, Hangul and Khmer
# fillers, Braille blank).
_BLANK_GLYPHS = "\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0"
"""Letters and marks that render blank; the only characters a reader does not see that
``str.isalnum`` may call letters (format controls and selectors are not)."""
_INVISIBLE_CLASS = r"\p{Cf}\p{Variation_Selector}\x00-\x08\x0e-\x1f\x7f\ufffe\uffff" + _BLANK_GLYPHS
_SPACE_CLASS = r"\s\p{Z}"
INVISIBLE = regex.compile(f"[{_INVISIBLE_CLASS}]+")
HTML_COMMENT = regex.compile(r"<!--.*?(?:-->|\Z)", regex.DOTALL)
# markup that renders as blank: line breaks, whitespace entities, quote lines with no text
BLANK_MARKUP = regex.compile(
    r"<br\s*/?>|&(?:nbsp|ensp|emsp|thinsp|#160|#x[aA]0|#32|#x20);"
    r"|^[ \t]*(?:>[ \t]*)+$",
    regex.IGNORECASE | regex.MULTILINE,
)
ZERO_WIDTH_ENTITY = regex.compile(
    r"&(?:zwsp|zwnj|zwj|ZeroWidthSpace|shy|#8203|#x200[bBcCdD]|#173|#x[aA][dD]);"
)
_MARKUP_HINT = re.compile(r"<!--|<br|&[#a-zA-Z]|^[ \t]*>", re.IGNORECASE | re.MULTILINE)
SPACE_RUN = regex.compile(f"[{_SPACE_CLASS}]+")
NON_LATIN_LETTER = regex.compile(r"[^\P{L}\p{Latin}]")
"""A letter of a script other than Latin: where a Latin-script answer switches script, and
which of the training bank's languages share no letters with English."""
_SEEN = regex.compile(f"[^{_INVISIBLE_CLASS}{_SPACE_CLASS}]")
_PLAIN_HIDDEN = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_PRINTABLE_HIDDEN = regex.compile(f"[\\p{{Variation_Selector}}{_BLANK_GLYPHS}]")
"""The characters a reader does not see that ``str.isprintable`` passes: selectors and the
blank letters and marks (format controls, controls and other whitespace are not printable)."""


def visible_text(answer: str) -> str:
    """The answer as a reader sees it: invisible characters, HTML comments and blank markup
    (``<br>``, ``&nbsp;``, empty quote lines) removed, every run of whitespace (of any Unicode
    kind) one space, no leading or trailing space.

    A comment is removed without a trace ("Sor<!-- -->ry" renders as "Sorry"); an unclosed one
    hides the rest, as it does in a rendered page.
    """
    markup = has_markup(answer)
    if not markup:  # the common case, several times faster
        plain = answer.isascii()
        if answer.isprintable() and (plain or _PRINTABLE_HIDDEN.search(answer) is None):
            # no whitespace but spaces, no format or control character, nothing hidden
            return " ".join(answer.split()) if "  " in answer else answer.strip(" ")
        if plain and _PLAIN_HIDDEN.search(answer) is None:
            return " ".join(answer.split())
    text = answer
    if markup:
        text = HTML_COMMENT.sub("", text) if "<!--" in text else text
        text = ZERO_WIDTH_ENTITY.sub("", text)
        text = BLANK_MARKUP.sub(" ", text)
    text = INVISIBLE.sub("", text)
    return SPACE_RUN.sub(" ", text).strip()


_CUT_SLACK = 32
"""Visible characters at the end of a cut answer's view that may differ from the whole view's:
markup cut in the middle (``&nb``, ``<br``) reads as text until its end is seen."""


def visible_head(answer: str, limit: int) -> str:
    """``visible_text(answer)[:limit]``, reading only as much of the answer as it needs: the
    view of a raw prefix is a prefix of the whole view but for its last few characters (a
    cut entity or tag, a trailing space), so a prefix whose view runs ``_CUT_SLACK`` beyond
    ``limit`` gives the answer. Heavy padding grows the prefix until it does."""
    size = 2 * limit + 2 * _CUT_SLACK
    while size < len(answer):
        view = visible_text(answer[:size])
        if len(view) >= limit + _CUT_SLACK:
            return view[:limit]
        size *= 4
    return visible_text(answer)[:limit]


def has_markup(answer: str) -> bool:
    """Whether the answer may hold markup that renders blank (then only ``visible_text``, not
    a per-character fold, gives its view)."""
    if "<" not in answer and "&" not in answer and ">" not in answer:  # C-speed scans
        return False
    return _MARKUP_HINT.search(answer) is not None


def judge_text(answer: object) -> str:
    """Anything that is not a string is judged as an empty answer (judges never raise)."""
    return answer if isinstance(answer, str) else ""


def blank(answers: Sequence[object]) -> list[bool]:
    """Answers with nothing visible. Every judge scores them 0: a refusal must say something,
    otherwise an empty (or all-invisible) answer would earn the reward for refusing."""
    out = []
    for a in answers:
        text = judge_text(a)
        first = text[:1]
        if first.isalnum() and first not in _BLANK_GLYPHS:  # common: it opens with a letter
            out.append(False)
        elif has_markup(text):
            out.append(not visible_text(text))
        else:  # the first visible character is almost always near the start: no full scan
            out.append(_SEEN.search(text) is None)
    return out


def _codepoints(pattern: regex.Pattern[str], ranges: Sequence[tuple[int, int]]) -> list[int]:
    chars = "".join(chr(c) for lo, hi in ranges for c in range(lo, hi) if not 0xD800 <= c < 0xE000)
    return [ord(m) for m in pattern.findall(chars)]


# Planes that hold format characters: the BMP, the SMP (Egyptian, musical and shorthand format
# controls) and plane 14 (tags, variation selectors supplement).
_PLANES = ((0, 0x20000), (0xE0000, 0xE1000))


def invisible_codepoints() -> list[int]:
    """Every codepoint ``visible_text`` drops (outside HTML comments)."""
    return _codepoints(regex.compile(INVISIBLE.pattern.removesuffix("+")), _PLANES)


def space_codepoints() -> list[int]:
    """Every codepoint ``visible_text`` treats as whitespace."""
    return _codepoints(regex.compile(SPACE_RUN.pattern.removesuffix("+")), _PLANES)


def _homoglyphs() -> dict[str, str]:
    lower = {
        # Cyrillic letters that a reader takes for Latin ones (upper case lowers to these)
        "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j",
        "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y",
        "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ү": "y", "ɡ": "g",
        # Greek
        "α": "a", "β": "b", "ε": "e", "ζ": "z", "η": "n", "ι": "i", "κ": "k", "μ": "u",
        "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
        # Latin look-alikes
        "ı": "i", "ȷ": "j", "ℓ": "l",
        # Latin small capitals ("ɪ ᴄᴀɴ'ᴛ ʜᴇʟᴘ")
        "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h",
        "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p",
        "ꞯ": "q", "ʀ": "r", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y",
        "ᴢ": "z",
    }  # fmt: skip
    table = dict(lower)
    # full-width ASCII
    table.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})
    return table


HOMOGLYPHS: dict[str, str] = _homoglyphs()
"""Look-alike character -> the Latin character a reader sees, for lower-cased text."""


def read_letters(low: str) -> str:
    """A lower-cased text with its styled Latin letters (small capitals, full-width, the math
    letters of ``math_letters``) as the plain ones, as the n-gram judges' featurizer folds
    them: the content rules must count the words the judges read, or "𝐒𝐮𝐫𝐞, 𝐡𝐞𝐫𝐞 𝐢𝐬 𝐭𝐡𝐞
    𝐚𝐧𝐬𝐰𝐞𝐫." reads as help to a judge and as words of content to them. Cyrillic and Greek
    look-alikes are letters of real words too ("конечно"): ``as_latin`` reads a word in them.
    A text without a styled letter is returned as it is, after one scan: rules call this on
    answers of any length, and ``str.translate`` with a table costs about ten times the scan."""
    if _styled_letter().search(low) is None:
        return low
    return low.translate(_letter_tables()[0])


@lru_cache(maxsize=1)
def _styled_letter() -> re.Pattern[str]:
    """A styled Latin letter (a key of the first table of ``_letter_tables``)."""
    ranges: list[list[int]] = []
    for k in sorted(_letter_tables()[0]):
        if ranges and k == ranges[-1][1] + 1:
            ranges[-1][1] = k
        else:
            ranges.append([k, k])
    spans = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{spans}]")


def as_latin(word: str) -> str:
    """A lower-cased word with its Cyrillic and Greek look-alike letters (``HOMOGLYPHS``) as the
    Latin ones a reader of Latin text takes them for ("hеrе" with a Cyrillic "е" -> "here")."""
    return word.translate(_letter_tables()[1])


@lru_cache(maxsize=1)
def _letter_tables() -> tuple[dict[int, str], dict[int, str]]:
    """``str.translate`` tables: styled Latin letters, and Cyrillic and Greek look-alikes."""
    styled: dict[int, str] = {}
    lookalikes: dict[int, str] = {}
    script = regex.compile(r"[\p{Cyrillic}\p{Greek}]")
    for k, v in HOMOGLYPHS.items():
        (lookalikes if script.match(k) else styled)[ord(k)] = v
    styled.update((k, chr(v)) for k, v in math_letters().items())
    return styled, lookalikes


def math_letters() -> dict[int, int]:
    """Mathematical alphanumeric symbols (bold, italic, script, ... letters and digits beyond
    the BMP) -> the lower-case ASCII character they are styled from."""
    import unicodedata

    out = {}
    for c in range(0x1D400, 0x1D800):
        plain = unicodedata.normalize("NFKC", chr(c))
        if len(plain) == 1 and plain.isascii() and plain.isalnum():
            out[c] = ord(plain.lower())
    return out
