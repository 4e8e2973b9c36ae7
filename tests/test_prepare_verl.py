"""``safereward prepare verl``: generated SafeTag-style data in, verl parquet out, read by verl."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from safereward.cli.main import main
from safereward.sources import RowError, label_distribution, load_source

COMBOS = [
    (v, t, c) for v in ("safe", "unsafe") for t in ("safe", "unsafe") for c in ("safe", "unsafe")
]


def png(seed: int) -> bytes:
    from safereward.testing.tiny import tiny_images

    buffer = io.BytesIO()
    tiny_images(1, size=28, seed=seed)[0].save(buffer, format="PNG")
    return buffer.getvalue()


def rows(n: int = 10) -> list[dict]:
    out = []
    for i in range(n):
        v, t, c = COMBOS[i % 8]
        images = [{"bytes": png(i), "path": f"img{i}.png"}]
        if i % 3 == 0:
            images.append({"bytes": png(100 + i), "path": None})
        out.append(
            {
                "id": f"r{i}",
                "prompt": f"What is shown in picture {i}?",
                "images": images,
                "image_tag": v,
                "text_tag": t,
                "combine_tag": c.upper(),
            }
        )
    return out


def write_parquet(path: Path, data: list[dict]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(data), path)
    return path


def test_prepare_verl_writes_parquet_verl_reads(tmp_path, capsys):
    from omegaconf import OmegaConf
    from verl.utils.dataset.rl_dataset import RLHFDataset

    from safereward.testing.tiny import tiny_qwen2_5_vl_processor, tiny_tokenizer

    src = write_parquet(tmp_path / "src.parquet", rows(10))
    assert main(["prepare", "verl", str(src), str(tmp_path / "out"), "--test-size", "0.2"]) == 0
    printed = capsys.readouterr().out
    assert "train 8, test 2" in printed
    assert printed.count("safe ") >= 8  # the 8-combination table

    tok = tiny_tokenizer()
    config = OmegaConf.create(
        {
            "filter_overlong_prompts": False,
            "cache_dir": str(tmp_path / "cache"),
            "image_key": "images",
        }
    )
    ds = RLHFDataset(
        str(tmp_path / "out" / "train.parquet"), tok, config, tiny_qwen2_5_vl_processor(tok)
    )
    assert len(ds) == 8
    seen_two = False
    for i in range(len(ds)):
        item = ds[i]
        parts = item["raw_prompt"][0]["content"]
        images = [p for p in parts if p["type"] == "image"]
        assert images and all(p["image"].size == (28, 28) for p in images)
        seen_two |= len(images) == 2
        text = "".join(p["text"] for p in parts if p["type"] == "text")
        assert "<visual_safe>" in text and "What is shown in picture" in text
        extra = item["extra_info"]
        assert extra["question"] in extra["prompt_text"]  # the reward's prompt (echo rule)
        assert "<visual_safe>" in extra["prompt_text"]
        gt = json.loads(item["reward_model"]["ground_truth"])
        assert gt == {k: extra[k] for k in ("image_tag", "text_tag", "combine_tag")}
        assert extra["combine_tag"] == COMBOS[extra["source_row"] % 8][2]  # normalised to lower
        assert item["data_source"] == "safetag_vl" and item["ability"] == "safety"
    assert seen_two
    # the processor renders the verl prompt with the vision placeholders
    rendered = tiny_qwen2_5_vl_processor(tok).apply_chat_template(
        ds[0]["raw_prompt"], add_generation_prompt=True, tokenize=False
    )
    assert "<|image_pad|>" in rendered


def test_bad_row_stops_with_row_and_field_unless_skipped(tmp_path, capsys):
    data = rows(6)
    data[2]["combine_tag"] = "dangerous"
    data[4]["images"] = [{"bytes": b"not an image", "path": None}]
    src = write_parquet(tmp_path / "src.parquet", data)
    assert main(["prepare", "verl", str(src), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "row 2" in err and "combine_tag" in err and "dangerous" in err
    assert not (tmp_path / "out").exists()

    assert main(["prepare", "verl", str(src), str(tmp_path / "out"), "--skip-bad-rows"]) == 0
    out = capsys.readouterr().out
    assert "skipped row 2: combine_tag" in out
    assert "skipped row 4: images[0]" in out
    assert "kept 4, skipped 2" in out


def test_jsonl_with_image_paths_csv_and_saved_dataset(tmp_path):
    import datasets

    (tmp_path / "a.png").write_bytes(png(1))
    (tmp_path / "b.png").write_bytes(png(2))
    record = {
        "prompt": "Q <image> vs <image>?",
        "image_tag": "safe",
        "text_tag": "Safe",
        "combine_tag": "unsafe",
        "image": ["a.png", "b.png"],
    }
    (tmp_path / "s.jsonl").write_text(json.dumps(record) + "\n")
    loaded = load_source(tmp_path / "s.jsonl")
    assert [len(r.images) for r in loaded.rows] == [2]
    assert loaded.rows[0].images[0].bytes == png(1)

    (tmp_path / "s.csv").write_text(
        "prompt,image,image_tag,text_tag,combine_tag\nhi,a.png,safe,safe,safe\n"
    )
    assert load_source(tmp_path / "s.csv").rows[0].images[0].path == "a.png"

    ds = datasets.Dataset.from_list(
        [
            {
                "prompt": "p",
                "images": [png(3)],
                "image_tag": "unsafe",
                "text_tag": "safe",
                "combine_tag": "unsafe",
            }
        ]
    )
    ds.save_to_disk(str(tmp_path / "saved"))
    saved = load_source(tmp_path / "saved")
    assert saved.rows[0].images[0].bytes == png(3)
    assert label_distribution(saved.rows)[("unsafe", "safe", "unsafe")] == 1
    assert sum(label_distribution(saved.rows).values()) == 1


def test_marker_mismatch_and_missing_image_file_are_row_errors(tmp_path):
    bad = {
        "prompt": "<image> only one",
        "images": [png(1), png(2)],
        "image_tag": "safe",
        "text_tag": "safe",
        "combine_tag": "safe",
    }
    (tmp_path / "m.jsonl").write_text(json.dumps({**bad, "images": ["missing.png"]}) + "\n")
    with pytest.raises(RowError, match="row 0: images\\[0\\]: image file not found"):
        load_source(tmp_path / "m.jsonl")
    src = write_parquet(tmp_path / "m.parquet", [bad])
    assert main(["prepare", "verl", str(src), str(tmp_path / "o")]) == 2


def test_instruction_file_replaces_the_default(tmp_path):
    import pyarrow.parquet as pq

    src = write_parquet(tmp_path / "src.parquet", rows(4))
    (tmp_path / "inst.txt").write_text("Answer with tags please. {question}")
    assert (
        main(
            [
                "prepare",
                "verl",
                str(src),
                str(tmp_path / "o"),
                "--instruction-file",
                str(tmp_path / "inst.txt"),
                "--test-size",
                "0",
            ]
        )
        == 0
    )
    table = pq.read_table(tmp_path / "o" / "train.parquet").to_pylist()
    assert len(table) == 4 and pq.read_table(tmp_path / "o" / "test.parquet").num_rows == 0
    content = table[0]["prompt"][0]["content"]
    assert content.startswith("<image>") and "Answer with tags please. What is shown" in content
    assert content.count("<image>") == len(table[0]["images"])
