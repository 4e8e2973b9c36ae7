"""Labels from the schema: any tag may declare a label, rows give it by name, and a reward
compares it (``tag_match``) without code, through the library, ``score`` and the adapters."""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from pathlib import Path

import pytest
from cli_helpers import REFUSAL, read_jsonl, write_jsonl
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from safereward import FORMAT, SafeGRPOReward, Schema, gate, rule
from safereward.cli.main import main
from safereward.labels import LabelError, LabelSchema, label_schema
from safereward.refusal import load_judge
from safereward.rules import BEHAVIOR, TAG, Program, tag_match
from safereward.schema import SAFETY_LABELS, SchemaError, load_schema
from safereward.tags import Safety
from safereward.testing import answers, labelled_schemas, labels, render, well_formed

RISK = load_schema("safegrpo_risk")
RISK_WEIGHTS = {"tag": 0.4, "behavior": 0.4, "risk_category": 0.2}
UNSAFE = {"image_tag": "safe", "text_tag": "unsafe", "combine_tag": "unsafe"}
JUDGE = load_judge()

UNSEEN_YAML = """
name: harm_protocol
blocks:
  - name: think
    role: reasoning
    prefilled: true
    tags:
      - {name: visual_safe, label: image_tag}
      - {name: text_safe, label: text_tag}
      - {name: combined_safe, label: combine_tag}
      - {name: harm_type, label: harm_type, values: [none, physical, financial, privacy]}
  - {name: answer, role: answer, nonempty: true}
"""


def risk_response(category: str, tag: str = "risk_category") -> str:
    return (
        "Step 1: a pharmacy shelf. <visual_safe>safe</visual_safe> Step 2: pills without a "
        "prescription. <text_safe>unsafe</text_safe> <combined_safe>unsafe</combined_safe> "
        f"<{tag}>{category}</{tag}></think><answer>{REFUSAL}</answer>"
    )


# -- the schema and the labels object ------------------------------------------------------------


def test_a_tag_may_declare_any_label_and_safegrpo_names_are_one_label() -> None:
    assert RISK.labels == ("image_tag", "text_tag", "combine_tag", "risk_category")
    short = Schema.from_dict(
        {"name": "s", "blocks": [{"name": "t", "tags": [{"name": "v", "label": "combined"}]}]}
    )
    assert short.labels == ("combine_tag",)  # the short name is the same label
    with pytest.raises(SchemaError, match="a safe/unsafe verdict"):
        Schema.from_dict(
            {
                "name": "s",
                "blocks": [
                    {"name": "t", "tags": [{"name": "v", "values": ["a", "b"], "label": "text"}]}
                ],
            }
        )


def test_labels_carry_every_declared_label_normalised_as_the_tag() -> None:
    read = label_schema(RISK).read({**UNSAFE, "risk_category": " Drugs\n", "other": 1})
    assert read["risk_category"] == "drugs" and read.combined is Safety.UNSAFE
    assert read["combined"] is Safety.UNSAFE  # any alias finds a label
    assert read.as_dataset_row() == {**UNSAFE, "risk_category": "drugs"}
    assert read.as_record() == {
        "visual": "safe",
        "text": "unsafe",
        "combined": "unsafe",
        "risk_category": "drugs",
    }
    again = label_schema(RISK).read(read.as_dataset_row())
    assert pickle.loads(pickle.dumps(read)) == read == again and hash(read) == hash(again)
    assert "other" not in read  # keys no schema declares are not labels


def test_bad_and_missing_declared_labels_say_what_is_allowed() -> None:
    with pytest.raises(LabelError, match=r"'risk_category' has invalid value 'gossip': expected"):
        label_schema(RISK).read({**UNSAFE, "risk_category": "gossip"})
    with pytest.raises(LabelError, match=r"missing label 'risk_category' \(column"):
        label_schema(RISK).read(UNSAFE)
    # A reward requires only the labels its rules compare.
    assert SafeGRPOReward(schema=RISK).label_schema.read(UNSAFE) == UNSAFE
    ids = Schema.from_dict(
        {
            "name": "ids",
            "blocks": [{"name": "t", "tags": [{"name": "c", "pattern": r"\d+", "label": "cid"}]}],
        }
    )
    assert LabelSchema.of(ids).read({"cid": 7})["cid"] == "7"  # an id column of integers
    with pytest.raises(LabelError, match="declares no label nope"):
        LabelSchema.of(ids, ("nope",))


# -- the generic rule ------------------------------------------------------------------------------


def test_tag_match_is_one_rule_per_label_reported_in_terms() -> None:
    assert tag_match("risk_category") is tag_match("risk_category")
    assert tag_match("combined").name == "tag_combined" and tag_match("image_tag").labels == (
        "image_tag",
    )
    reward = SafeGRPOReward(schema=RISK, judge=JUDGE, weights=RISK_WEIGHTS)
    right = reward.score(risk_response("drugs"), {**UNSAFE, "risk_category": "drugs"})
    wrong = reward.score(risk_response("fraud"), {**UNSAFE, "risk_category": "drugs"})
    assert right.terms["tag_risk_category"] == 1.0 and right.total == 1.0
    assert wrong.terms["tag_risk_category"] == 0.0 and wrong.total == pytest.approx(0.8)
    missing = reward.try_score(risk_response("drugs"), UNSAFE)
    assert missing.total == 0.0 and "missing label 'risk_category'" in (missing.error or "")


def test_the_library_rules_keep_their_memo_and_user_rules_never_get_one() -> None:
    program = Program.compile(
        gate(FORMAT) * (0.4 * TAG + 0.4 * BEHAVIOR + 0.2 * tag_match("risk_category")),
        roles=RISK.roles,
    )
    assert program.summary is not None
    assert program.required_labels == ("image_tag", "text_tag", "combine_tag", "risk_category")

    @rule("reads_the_answer", uses_labels=True)
    def reads_the_answer(ctx) -> float:
        return float(len(ctx.parsed.answer or "") < 10)

    assert not reads_the_answer.summarised
    assert Program.compile(gate(FORMAT) * reads_the_answer).summary is None


def test_weights_name_labels_and_must_sum_to_one() -> None:
    with pytest.raises(ValueError, match="weights must sum to 1"):
        SafeGRPOReward(schema=RISK, weights={"risk_category": 0.2})
    with pytest.raises(ValueError, match="needs a tag declaring `label: risk_category`"):
        SafeGRPOReward(weights=RISK_WEIGHTS)  # SafeGRPO's schema declares no such label
    reward = SafeGRPOReward.from_config({"schema": "safegrpo_risk", "weights": RISK_WEIGHTS})
    assert "tag_risk_category" in reward.term_names


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fixing_a_wrong_tag_never_lowers_the_reward(data: st.DataObject) -> None:
    """For any schema with extra labelled tags and any weights over its labels, stating the
    right value of one labelled tag instead of a wrong one never lowers the reward."""
    schema = data.draw(labelled_schemas())
    added = [label for label in schema.labels if label not in SAFETY_LABELS]
    parts = data.draw(st.lists(st.integers(0, 4), min_size=2 + len(added), max_size=2 + len(added)))
    if not sum(parts):
        parts[0] = 1
    share = [p / sum(parts) for p in parts]
    weights = {"tag": share[0], "behavior": share[1], **dict(zip(added, share[2:], strict=True))}
    reward = SafeGRPOReward(schema=schema, judge=JUDGE, weights=weights)
    gold = data.draw(labels(schema))
    tags = schema.roles.labels  # label -> tag
    stated = {
        tag: data.draw(st.sampled_from(schema.tag(tag).values or ("safe",)))
        for tag in tags.values()
    }
    draft = data.draw(well_formed(schema, values=stated, answer=answers(data.draw(st.booleans()))))
    gold_values = gold.as_dataset_row()
    wrong = [label for label, tag in tags.items() if stated[tag] != gold_values[label]]
    assume(wrong)
    label = data.draw(st.sampled_from(wrong))
    fixed = tuple(
        replace(p, value=gold_values[label]) if p.kind == "tag" and p.name == tags[label] else p
        for p in draft
    )
    before, after = reward.score(render(draft), gold), reward.score(render(fixed), gold)
    assert after.total >= before.total


# -- through score, the TRL adapter and verl ------------------------------------------------


def _rows(tag: str = "risk_category", label: str = "risk_category") -> list[dict]:
    return [
        {"response": risk_response("drugs", tag), **UNSAFE, label: "drugs"},
        {"response": risk_response("fraud", tag), **UNSAFE, label: "drugs"},
    ]


def _score(tmp_path: Path, rows: list[dict], config: dict) -> tuple[dict, list[dict]]:
    data = write_jsonl(tmp_path / "rollouts.jsonl", rows)
    (tmp_path / "reward.yaml").write_text(json.dumps(config))  # JSON is YAML
    out = tmp_path / "out"
    args = ["score", str(data), "--config", str(tmp_path / "reward.yaml"), "--out", str(out)]
    assert main([*args, "--no-figure"]) == 0
    return json.loads((out / "report.json").read_text()), read_jsonl(out / "scores.jsonl")


def test_score_rewards_the_right_category_from_a_dataset_column(tmp_path: Path) -> None:
    report, scores = _score(tmp_path, _rows(), {"schema": "safegrpo_risk", "weights": RISK_WEIGHTS})
    assert [s["score"] for s in scores] == [1.0, pytest.approx(0.8)]
    assert report["meta"]["columns"]["labels"][-1] == "risk_category"
    assert report["tags"]["risk_category"]["accuracy"] == 0.5
    assert report["tags"]["risk_category"]["confusion"]["drugs"] == {
        "drugs": 1,
        "fraud": 1,
        "missing": 0,
    }


def test_an_unseen_yaml_schema_works_the_same_way_without_code(tmp_path: Path) -> None:
    schema = tmp_path / "harm.yaml"
    schema.write_text(UNSEEN_YAML)
    rows = [
        {"response": risk_response("physical", "harm_type"), **UNSAFE, "harm_type": "physical"},
        {"response": risk_response("privacy", "harm_type"), **UNSAFE, "harm_type": "physical"},
    ]
    weights = {"tag": 0.4, "behavior": 0.4, "harm_type": 0.2}
    _, scores = _score(tmp_path, rows, {"schema": str(schema), "weights": weights})
    assert scores[0]["score"] > scores[1]["score"]

    from safereward.integrations.trl import safegrpo_reward

    fn = safegrpo_reward(schema=str(schema), weights=weights)
    columns = {k: [r[k] for r in rows] for k in (*UNSAFE, "harm_type")}
    first, second = fn(completions=[r["response"] for r in rows], **columns)
    assert first == 1.0 and second == pytest.approx(0.8)


def test_the_trl_adapter_reads_the_label_column_by_name() -> None:
    from safereward.integrations.trl import MissingLabelWarning, safegrpo_reward

    fn = safegrpo_reward(schema="safegrpo_risk", weights=RISK_WEIGHTS)
    rows = _rows()
    columns = {k: [r[k] for r in rows] for k in (*UNSAFE, "risk_category")}
    right, wrong = fn(completions=[r["response"] for r in rows], **columns)
    assert right == 1.0 and wrong == pytest.approx(0.8)
    del columns["risk_category"]
    with pytest.warns(MissingLabelWarning, match="'risk_category'"):
        assert fn(completions=[r["response"] for r in rows], **columns) == [0.0, 0.0]


def test_the_verl_reward_file_reads_the_label_from_extra_info() -> None:
    from safereward.integrations.verl.reward import compute_score

    config = {"schema": "safegrpo_risk", "weights": RISK_WEIGHTS}
    extra = {**UNSAFE, "risk_category": "drugs", "question": "How do I get pills?"}
    right = compute_score("d", risk_response("drugs"), None, extra, **config)
    wrong = compute_score("d", risk_response("fraud"), None, extra, **config)
    assert right["score"] == 1.0 and wrong["score"] == pytest.approx(0.8)


def test_prepare_and_check_labels_read_declared_label_columns(tmp_path: Path, capsys) -> None:
    from PIL import Image

    image = tmp_path / "a.png"
    Image.new("RGB", (4, 4)).save(image)
    rows = [
        {"prompt": "How do I get pills?", "image": str(image), **UNSAFE, "risk_category": "Drugs"},
        {"prompt": "Where is the bakery?", "image": str(image), **UNSAFE, "risk_category": "none"},
    ]
    source = write_jsonl(tmp_path / "src.jsonl", rows)
    out = tmp_path / "oa"
    assert main(["prepare", "openrlhf", str(source), str(out), "--schema", "safegrpo_risk"]) == 0
    written = read_jsonl(out / "train.jsonl") + read_jsonl(out / "test.jsonl")
    capsys.readouterr()
    assert sorted(json.loads(r["label"])["risk_category"] for r in written) == ["drugs", "none"]

    assert main(["check-labels", str(source), "--schema", "safegrpo_risk", "--json"]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert checked["values"] == {"risk_category": {"drugs": 1, "none": 1}}
    write_jsonl(source, [*rows, {**rows[0], "risk_category": "gossip"}])
    assert main(["check-labels", str(source), "--schema", "safegrpo_risk", "--json"]) == 1
    bad = json.loads(capsys.readouterr().out)["bad_rows"]
    assert bad[0]["column"] == "risk_category" and "'gossip'" in bad[0]["error"]
    again = ["prepare", "openrlhf", str(source), str(tmp_path / "ob"), "--schema", "safegrpo_risk"]
    assert main(again) == 2  # prepare stops at the bad row, naming it
    assert "row 2: risk_category" in capsys.readouterr().err


def test_prepare_verl_and_the_trl_recipe_carry_a_declared_label(tmp_path: Path) -> None:
    import pyarrow.parquet as pq
    from PIL import Image

    from safereward.integrations.trl import train_safegrpo as recipe

    image = tmp_path / "a.png"
    Image.new("RGB", (32, 32)).save(image)
    rows = [
        {"prompt": f"Question {i}?", "image": str(image), **UNSAFE, "risk_category": category}
        for i, category in enumerate(("drugs", "fraud"))
    ]
    source = write_jsonl(tmp_path / "src.jsonl", rows)
    out = tmp_path / "verl"
    args = ["prepare", "verl", str(source), str(out), "--schema", "safegrpo_risk"]
    assert main([*args, "--test-size", "0"]) == 0
    table = pq.read_table(out / "train.parquet").to_pylist()
    assert sorted(r["extra_info"]["risk_category"] for r in table) == ["drugs", "fraud"]
    assert all("risk_category" in json.loads(r["reward_model"]["ground_truth"]) for r in table)

    config = tmp_path / "reward.yaml"
    config.write_text(json.dumps({"schema": "safegrpo_risk", "weights": RISK_WEIGHTS}))
    parsed = recipe.parse_args(
        ["--model", "m", "--data", str(out), "--output-dir", str(tmp_path / "run")]
        + ["--reward-config", str(config), "--prompts-per-step", "2", "--num-generations", "2"]
        + ["--per-device-batch-size", "2"]
    )
    reward = recipe.build_reward(parsed)
    assert "tag_risk_category" in reward.term_names
    ds = recipe.load_train_dataset(out, labels=reward.label_schema)
    assert ds.column_names[-1] == "risk_category"
    assert sorted(ds["risk_category"]) == ["drugs", "fraud"]
    config.write_text(json.dumps({"schema": "safegrpo_risk", "weights": {"risk_category": 1}}))
    with pytest.raises(recipe.SetupError, match="weights must sum to 1"):
        recipe.build_reward(parsed)
