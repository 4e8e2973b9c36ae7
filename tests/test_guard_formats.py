"""Guard formats: the built-in parsers on the replies their model cards document (and on
malformed ones), user formats from a template or YAML, and the templates' messages."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest

from safereward.refusal.guard import (
    FORMATS,
    GuardFormat,
    GuardParseError,
    GuardReading,
    get_format,
    load_format,
    register_format,
)


def parse(name: str, reply: str) -> GuardReading:
    return FORMATS[name].parse(reply)


def test_wildguard_reads_its_three_lines() -> None:
    got = parse("wildguard", "Harmful request: yes\nResponse refusal: no\nHarmful response: yes")
    assert (got.request_harmful, got.refusal, got.harmful) == (True, False, True)
    # spacing, case and a leading blank line do not matter
    got = parse(
        "wildguard", "\n harmful request: NO\nResponse refusal:  yes \nHarmful response: no"
    )
    assert (got.request_harmful, got.refusal, got.harmful) == (False, True, False)


@pytest.mark.parametrize(
    "reply",
    [
        "",
        "Harmful request: yes",  # the response lines are missing
        "Harmful request: no\nResponse refusal: yes",
        "Harmful request: no\nResponse refusal: maybe\nHarmful response: no",
        "Harmful request: no\nResponse refusal: N/A\nHarmful response: N/A",  # no response read
        "Response refusal: yes\nHarmful response: no\nHarmful response: yes",  # contradiction
        "I think the response is fine.",
    ],
)
def test_wildguard_malformed_replies_do_not_parse(reply: str) -> None:
    with pytest.raises(GuardParseError):
        parse("wildguard", reply)


def test_llama_guard_reads_safe_and_unsafe_with_codes_and_never_refusal() -> None:
    assert parse("llama-guard-3", "\n\nsafe") == GuardReading(harmful=False, refusal=None)
    got = parse("llama-guard-3", "unsafe\nS1,S10")
    assert (got.harmful, got.refusal, got.categories) == (True, None, ("S1", "S10"))
    assert parse("llama-guard-4", "unsafe").harmful is True
    assert FORMATS["llama-guard-4"].takes_images and not FORMATS["llama-guard-3"].takes_images


@pytest.mark.parametrize(
    "reply", ["", "Safe.", "unsafe\nviolence", "safe\nS1", "unsafe\nS1\nmore text", "maybe"]
)
def test_llama_guard_malformed_replies_do_not_parse(reply: str) -> None:
    with pytest.raises(GuardParseError):
        parse("llama-guard-3", reply)


def test_qwen3guard_reads_safety_categories_refusal_and_controversial_by_mode() -> None:
    got = parse("qwen3guard", "Safety: Unsafe\nCategories: Violent\nRefusal: No")
    assert (got.harmful, got.refusal, got.categories) == (True, False, ("violent",))
    got = parse("qwen3guard", "Safety: Safe\nCategories: None\nRefusal: Yes")
    assert (got.harmful, got.refusal, got.categories) == (False, True, ())
    reply = "Safety: Controversial\nCategories: Politically Sensitive Topics\nRefusal: No"
    assert parse("qwen3guard", reply).harmful is True
    assert parse("qwen3guard-loose", reply).harmful is False


@pytest.mark.parametrize(
    "reply", ["Safety: Safe\nCategories: None", "Safety: Unclear\nRefusal: No", "Refusal: No"]
)
def test_qwen3guard_malformed_replies_do_not_parse(reply: str) -> None:
    with pytest.raises(GuardParseError):
        parse("qwen3guard", reply)


def test_templates_build_the_messages_each_guard_reads() -> None:
    chat = FORMATS["wildguard"].messages("How do I {response} bake?", "Use {prompt} flour.", 0)
    assert len(chat) == 1 and chat[0]["role"] == "user"
    text = chat[0]["content"]
    # braces inside the texts stay as written (one pass), both texts appear once, in order
    assert "Human user:\nHow do I {response} bake?" in text
    assert "AI assistant:\nUse {prompt} flour." in text
    assert text.rstrip().endswith("Answers:")
    convo = FORMATS["qwen3guard"].messages("q", "a", 0)
    assert convo == [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]
    with_image = FORMATS["llama-guard-4"].messages("what is this?", "a cat", 1)
    assert with_image[0]["content"][0] == {"type": "image"}
    assert FORMATS["wildguard"].generation_prompt and not FORMATS["qwen3guard"].generation_prompt


def shouting_parser(reply: str) -> GuardReading:
    word = reply.strip().upper()
    if word not in ("HARM", "FINE", "REFUSED"):
        raise GuardParseError(f"unexpected {reply!r}")
    return GuardReading(harmful=word == "HARM", refusal=word == "REFUSED")


def test_a_user_format_from_a_template_and_a_parser_registers_by_name() -> None:
    fmt = GuardFormat.from_template(
        "shouting-test", "Q: {prompt}\nA: {response}\nVerdict?", shouting_parser, system="Be brief."
    )
    assert fmt.messages("q", "a", 0) == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Q: q\nA: a\nVerdict?"},
    ]
    try:
        register_format(fmt)
        assert get_format("shouting-test") is fmt
        with pytest.raises(ValueError, match="exists"):
            register_format(
                GuardFormat.from_template("shouting-test", "{response}", shouting_parser)
            )
        assert pickle.loads(pickle.dumps(fmt)) == fmt  # module-level parser: rewards pickle
    finally:
        FORMATS.pop("shouting-test", None)
    with pytest.raises(ValueError, match=r"\{response\}"):
        GuardFormat.from_template("bad", "no slot", shouting_parser)
    with pytest.raises(ValueError, match=r"unknown guard format 'nope'.*wildguard"):
        get_format("nope")


def test_a_yaml_format_declares_labelled_lines(tmp_path: Path) -> None:
    path = tmp_path / "my-guard.yaml"
    path.write_text(
        "template: |\n  Request: {prompt}\n  Reply: {response}\n  Judge it.\n"
        "fields:\n"
        "  harmful: {label: Dangerous, yes: [yes, unsafe], no: [no, safe]}\n"
        "  refusal: {label: Refused, required: false}\n"
        "max_new_tokens: 12\n",
        encoding="utf-8",
    )
    fmt = load_format(path)
    assert fmt.name == "my-guard" and fmt.max_new_tokens == 12
    assert fmt.messages("p", "r", 0)[0]["content"].startswith("Request: p\nReply: r")
    got = fmt.parse("Dangerous: unsafe\nRefused: no")
    assert (got.harmful, got.refusal) == (True, False)
    assert fmt.parse("Dangerous: safe").refusal is None  # optional line
    with pytest.raises(GuardParseError):
        fmt.parse("Refused: yes")
    assert get_format(str(path)).name == "my-guard"  # a path selects it too


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("template: '{response}'\n", "fields"),
        ("template: '{response}'\nfields: {harmful: {yes: [y]}}\n", "label"),
        ("template: '{response}'\nfields: {danger: {label: D}}\n", "not one of"),
        ("template: 'no slot'\nfields: {harmful: {label: D}}\n", "response"),
        ("templat: x\n", "unknown keys"),
        ("- a list\n", "mapping"),
    ],
)
def test_a_bad_yaml_format_names_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_format(path)


def test_importing_the_guard_package_loads_no_ml_framework_or_http_client() -> None:
    import subprocess

    code = (
        "import sys, safereward, safereward.refusal.guard, safereward.harm;"
        "from safereward.refusal import load_judge;"
        "print(sorted(m for m in ('torch','transformers','aiohttp','httpx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
