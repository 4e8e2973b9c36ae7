"""``safereward prepare openrlhf``: JSONL that OpenRLHF's own dataset code reads as intended."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openrlhf.datasets.prompts_dataset import preprocess_data
from openrlhf.utils.vlm_utils import load_images

from safereward.cli.main import main
from safereward.integrations.openrlhf import LABEL_KEY, REWARD_FILE
from safereward.testing.tiny import tiny_images, tiny_qwen2_5_vl_processor


def _source(tmp_path: Path, n: int = 6) -> Path:
    rows = []
    for i, image in enumerate(tiny_images(n)):
        file = tmp_path / f"img{i}.png"
        image.save(file)
        tags = ("safe", "unsafe")
        rows.append(
            {
                "prompt": f"What is shown in picture {i}?",
                "images": [file.name],
                "image_tag": tags[i % 2],
                "text_tag": tags[(i // 2) % 2],
                "combine_tag": tags[(i // 3) % 2],
            }
        )
    path = tmp_path / "source.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return path


def test_prepare_writes_jsonl_openrlhf_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert (
        main(["prepare", "openrlhf", str(_source(tmp_path)), str(out), "--test-size", "0.34"]) == 0
    )
    assert "train 4, test 2" in capsys.readouterr().out
    rows = [json.loads(line) for line in (out / "train.jsonl").read_text().splitlines()]
    assert len(rows) == 4 and len((out / "test.jsonl").read_text().splitlines()) == 2
    processor = tiny_qwen2_5_vl_processor()
    for row in rows:
        labels = json.loads(row[LABEL_KEY])
        assert labels == {k: row[k] for k in ("image_tag", "text_tag", "combine_tag")}
        prompt, label = preprocess_data(
            row, None, "input", LABEL_KEY, processor.apply_chat_template
        )
        assert label == row[LABEL_KEY]
        assert prompt.count("<|vision_start|><|image_pad|><|vision_end|>") == 1
        assert "<visual_safe>" in prompt and prompt.endswith("<|im_start|>assistant\n")
        images = load_images(row["images"])
        assert len(images) == 1 and Path(row["images"][0]).is_absolute()
        assert images[0].size == (56, 56)


def test_the_label_column_is_what_the_reward_file_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFEREWARD_JUDGE", "keywords-paper")
    import importlib.util

    out = tmp_path / "out"
    assert main(["prepare", "openrlhf", str(_source(tmp_path)), str(out), "--test-size", "0"]) == 0
    row = json.loads((out / "train.jsonl").read_text().splitlines()[0])
    tags = json.loads(row[LABEL_KEY])
    response = (
        f"<think>x <visual_safe>{tags['image_tag']}</visual_safe> <text_safe>{tags['text_tag']}"
        f"</text_safe> <combined_safe>{tags['combine_tag']}</combined_safe></think><answer>"
        + ("Sorry, I cannot help with that." if tags["combine_tag"] == "unsafe" else "Sure.")
        + "</answer>"
    )
    spec = importlib.util.spec_from_file_location("reward_func", REWARD_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.reward_func([response], [""], [row[LABEL_KEY]])
    assert result["extra_logs"]["label_error"].tolist() == [0.0]
    assert result["extra_logs"]["tag"].tolist() == [1.0]


def test_bad_source_rows_stop_with_row_and_field(tmp_path: Path, capsys) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text(
        json.dumps({"prompt": "q", "image_tag": "safe", "text_tag": "maybe", "combine_tag": "safe"})
    )
    assert main(["prepare", "openrlhf", str(src), str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "row 0" in err and "text_tag" in err
