"""Loading schemas (built-in names, YAML files, strings), their validation errors, and
``safereward schema show``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lark import Lark

from safereward import SAFEGRPO, Schema, parse
from safereward.cli.main import main
from safereward.grammar import grammar_text, shipped_grammar
from safereward.schema import BUILTIN_SCHEMAS, SchemaError, load_schema

RISK_YAML = """
name: my_risk
blocks:
  - name: think
    role: reasoning
    prefilled: true
    tags:
      - {name: combined_safe}
      - {name: risk_category, values: [None, Privacy, other]}
      - {name: confidence, pattern: "[0-9]{1,3}", cardinality: optional}
  - {name: answer, role: answer, nonempty: true}
"""


def test_builtin_lookup_is_stable_and_complete() -> None:
    assert load_schema("safegrpo") is SAFEGRPO
    for name in BUILTIN_SCHEMAS:
        schema = Schema.builtin(name)
        assert schema.name == name
        assert load_schema(name) is schema  # the same object, so its parser is built once
        assert load_schema(schema) is schema
    with pytest.raises(SchemaError, match="no built-in schema 'r2'; built-in schemas: safegrpo"):
        Schema.builtin("r2")


def test_builtin_yaml_files_are_package_data() -> None:
    folder = Path(__file__).resolve().parents[1] / "safereward" / "data" / "schemas"
    assert sorted(p.stem for p in folder.glob("*.yaml")) == sorted(
        set(BUILTIN_SCHEMAS) - {"safegrpo"}
    )


def test_yaml_file_and_string_load_the_same_schema(tmp_path: Path) -> None:
    path = tmp_path / "my_risk.yaml"
    path.write_text(RISK_YAML)
    from_file, from_text = load_schema(path), Schema.from_yaml(RISK_YAML)
    assert from_file == from_text == load_schema(str(path))
    assert from_file.tag("risk_category").values == ("none", "privacy", "other")
    confidence = from_file.tag("confidence")
    assert confidence.values is None and confidence.pattern == "[0-9]{1,3}"
    ok = (
        "<combined_safe>unsafe</combined_safe><risk_category>PRIVACY</risk_category>"
        "<confidence> 90 </confidence></think><answer>No.</answer>"
    )
    parsed = parse(ok, from_file)
    assert parsed.ok and parsed.value("confidence") == "90"
    assert parse(ok.replace("<confidence> 90 </confidence>", ""), from_file).ok
    bad = parse(ok.replace("90", "high"), from_file)
    assert [(v.kind.value, v.tag) for v in bad.violations] == [("invalid_value", "confidence")]


def _schema(**tag: object) -> dict[str, object]:
    return {"name": "x", "blocks": [{"name": "think", "tags": [{"name": "t", **tag}]}]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "x", "blocks": [{"name": "think", "tags": [{"name": "THINK"}]}]},
            "invalid schema 'x': names used twice: think",
        ),
        (
            {"name": "x", "blocks": [{"name": "a"}, {"name": "b", "prefilled": True}]},
            "only the first block can be prefilled",
        ),
        (_schema(pattern="[0-9"), "blocks.0.tags.0.pattern: pattern '[0-9' does not compile"),
        (_schema(pattern="[0-9]", values=["1"]), "tag 't': give either values or pattern"),
        (_schema(values=[]), "blocks.0.tags.0.values: values must not be empty"),
        (_schema(cardinality="twice"), "cardinality: Input should be 'one', 'optional' or 'many'"),
        ({"name": "x", "blocks": [{"name": "my block"}]}, "blocks.0.name: String should match"),
        ({"name": "x", "blocks": []}, "a schema needs at least one block"),
        ({"blocks": [{"name": "a"}]}, "name: Field required"),
        ({"name": "x", "blocks": [{"name": "a", "tgas": []}]}, "blocks.0.tgas: Extra inputs"),
        (["not", "a", "mapping"], "a schema is a mapping with name and blocks, got list"),
    ],
)
def test_invalid_schemas_say_what_is_wrong(data: object, message: str) -> None:
    with pytest.raises(SchemaError) as caught:
        Schema.from_dict(data)  # type: ignore[arg-type]
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_loader_errors_name_the_source(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nblocks: [{name: a\n")
    with pytest.raises(SchemaError, match=r"broken.yaml: schema is not valid YAML: .* line 3"):
        load_schema(broken)
    with pytest.raises(SchemaError, match="does not exist"):
        load_schema(tmp_path / "missing.yaml")
    with pytest.raises(SchemaError, match=r"neither a built-in schema .* nor a YAML file path"):
        load_schema("safegrpo_risks")


# -- the CLI -------------------------------------------------------------------------------


def test_show_prints_each_builtin_grammar(capsys: pytest.CaptureFixture[str]) -> None:
    for name in BUILTIN_SCHEMAS:
        assert main(["schema", "show", name]) == 0
        out = capsys.readouterr().out
        assert out == grammar_text(load_schema(name))
        Lark(out, parser="lalr", start="start")
    assert main(["schema", "show"]) == 0
    assert capsys.readouterr().out == shipped_grammar()


def test_show_summary_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "show", "stepwise", "--summary"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "schema 'stepwise' (case-insensitive tag names)"
    step = next(line for line in lines if "step_verdict" in line).split()
    assert step == ["tag", "step_verdict", "think", "once", "or", "more", "safe", "|", "unsafe"]
    path = tmp_path / "mine.yaml"
    path.write_text(RISK_YAML)
    assert main(["schema", "show", str(path), "--summary"]) == 0
    out = capsys.readouterr().out
    assert "none | privacy | other" in out and "matches /[0-9]{1,3}/" in out
    assert "at most once" in out
    assert main(["schema", "show", str(path), "--json"]) == 0
    assert Schema.from_dict(json.loads(capsys.readouterr().out)) == load_schema(path)


def test_list_names_every_builtin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "list"]) == 0
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert names == list(BUILTIN_SCHEMAS)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "neither a built-in schema"),
        ("name: x\nblocks: [", "schema is not valid YAML"),
        ("name: x\nblocks:\n  - {name: a, prefilled: false}\n  - {name: a}\n", "names used twice"),
    ],
)
def test_show_errors_are_one_line_and_exit_2(
    content: str | None, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = "no_such_schema"
    if content is not None:
        source = str(tmp_path / "bad.yaml")
        Path(source).write_text(content)
    assert main(["schema", "show", source]) == 2
    err = capsys.readouterr().err
    assert err.startswith("safereward schema: error: ") and message in err
    assert len(err.strip().splitlines()) == 1
