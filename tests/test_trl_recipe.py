"""The TRL recipe: paper defaults, both data layouts, errors at load time, a 2-step run."""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

import pytest

from safereward.integrations.trl import train_safegrpo as recipe
from safereward.prompting import DEFAULT_TEMPLATE
from safereward.testing.tiny import tiny_images, tiny_qwen2_5_vl, tiny_tokenizer

LABELS = [
    {"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"},
    {"image_tag": "safe", "text_tag": "unsafe", "combine_tag": "unsafe"},
]


def png_bytes(image: Any) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def write_verl_parquet(path: Path, labels: list[dict[str, str]], markers: int = 1) -> Path:
    """Rows in the layout ``safereward prepare verl`` writes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    images = tiny_images(len(labels))
    rows = [
        {
            "data_source": "safetag",
            "prompt": [{"role": "user", "content": "<image>" * markers + f"Question {i}?"}],
            "images": [{"bytes": png_bytes(images[i]), "path": f"img{i}.png"}],
            "ability": "safety",
            "reward_model": {"style": "rule", "ground_truth": str(lab)},
            "extra_info": {"split": "train", "index": i, "question": f"Question {i}?", **lab},
        }
        for i, lab in enumerate(labels)
    ]
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


ARGS = ["--model", "m", "--data", "d", "--output-dir", "o"]


def test_defaults_are_the_papers() -> None:
    args = recipe.parse_args(ARGS)
    assert (args.num_generations, args.learning_rate, args.beta) == (8, 1e-6, 0.01)
    assert (args.max_completion_length, args.epochs, args.prompts_per_step) == (4096, 15.0, 256)
    assert args.gradient_accumulation_steps == 256  # 256 prompts x 8 / 8 per pass, one GPU
    assert not args.use_vllm and not args.lora


def test_accumulation_follows_the_world_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORLD_SIZE", "4")
    assert recipe.parse_args(ARGS).gradient_accumulation_steps == 64
    with pytest.raises(SystemExit):
        recipe.parse_args([*ARGS, "--prompts-per-step", "3", "--num-generations", "3"])


def test_grpo_config_carries_the_flags(tmp_path: Path) -> None:
    args = recipe.parse_args(
        [*ARGS[:4], "--output-dir", str(tmp_path), "--use-vllm", "--beta", "0.02"]
    )
    config = recipe.grpo_config(args)
    assert config.use_vllm and config.vllm_mode == "colocate"
    assert (config.beta, config.num_generations, config.learning_rate) == (0.02, 8, 1e-6)
    assert config.gradient_accumulation_steps == config.steps_per_generation == 256
    small = recipe.grpo_config(recipe.parse_args([*ARGS, "--steps-per-generation", "4"]))
    assert small.generation_batch_size == 32 and small.gradient_accumulation_steps == 256
    assert config.lr_scheduler_type == "constant"
    lora = recipe.lora_config(recipe.parse_args([*ARGS, "--lora", "--lora-r", "8"]))
    assert lora.r == 8 and recipe.lora_config(args) is None


def test_loads_verl_parquet(tmp_path: Path) -> None:
    ds = recipe.load_train_dataset(write_verl_parquet(tmp_path / "train.parquet", LABELS))
    assert ds.column_names == ["prompt", "images", "image_tag", "text_tag", "combine_tag"]
    assert ds[1]["prompt"] == [{"role": "user", "content": "Question 1?"}]
    assert ds[1]["images"][0].size == (56, 56)
    assert [ds[i]["combine_tag"] for i in range(2)] == ["safe", "unsafe"]
    # a folder as `prepare verl` writes it: the split's file is picked
    write_verl_parquet(tmp_path / "test.parquet", LABELS[:1])
    assert len(recipe.load_train_dataset(tmp_path)) == 2
    assert len(recipe.load_train_dataset(tmp_path, split="test")) == 1


def test_bad_rows_fail_at_load_time_naming_the_row(tmp_path: Path) -> None:
    bad = [LABELS[0], {**LABELS[1], "combine_tag": "maybe"}]
    with pytest.raises(recipe.DataError, match=r"row 1: .*maybe"):
        recipe.load_train_dataset(write_verl_parquet(tmp_path / "bad.parquet", bad))
    with pytest.raises(recipe.DataError, match=r"row 0: 2 <image> marker\(s\), 1 image"):
        recipe.load_train_dataset(write_verl_parquet(tmp_path / "m.parquet", LABELS, markers=2))
    with pytest.raises(recipe.DataError, match="no such data path"):
        recipe.load_train_dataset(tmp_path / "absent")


def test_loads_a_datasets_folder_with_questions(tmp_path: Path) -> None:
    from datasets import Dataset, DatasetDict

    Dataset.from_dict(
        {
            "image": tiny_images(2),
            "prompt": ["How do I bake bread?", "<image>How do I pick a lock?"],
            "visual": ["safe", "safe"],
            "text": ["safe", "unsafe"],
            "combined": ["safe", "unsafe"],
            "source": ["a", "b"],
        }
    ).save_to_disk(tmp_path / "flat")
    ds = recipe.load_train_dataset(tmp_path / "flat")
    assert ds.column_names == ["prompt", "image", "image_tag", "text_tag", "combine_tag"]
    content = ds[1]["prompt"][0]["content"]
    assert content == DEFAULT_TEMPLATE.replace("{question}", "How do I pick a lock?")
    assert ds[1]["text_tag"] == "unsafe"
    raw = recipe.load_train_dataset(tmp_path / "flat", raw_prompt=True)
    assert raw[0]["prompt"] == [{"role": "user", "content": "How do I bake bread?"}]

    unlabelled = Dataset.from_dict({"image": tiny_images(1), "question": ["hi"]})
    DatasetDict({"train": unlabelled}).save_to_disk(tmp_path / "dict")
    with pytest.raises(recipe.DataError, match="missing label"):
        recipe.load_train_dataset(tmp_path / "dict")
    with pytest.raises(recipe.DataError, match="splits"):
        recipe.load_train_dataset(tmp_path / "dict", split="test")


@pytest.mark.slow
def test_recipe_runs_two_steps_on_a_tiny_vlm(tmp_path: Path) -> None:
    import torch

    tokenizer = tiny_tokenizer()
    model, processor = tiny_qwen2_5_vl(tokenizer)
    model.save_pretrained(tmp_path / "model")
    data = write_verl_parquet(tmp_path / "train.parquet", LABELS * 2)
    args = recipe.parse_args(
        [
            "--model", str(tmp_path / "model"),
            "--data", str(data),
            "--output-dir", str(tmp_path / "out"),
            "--num-generations", "2",
            "--prompts-per-step", "2",
            "--per-device-batch-size", "4",
            "--max-completion-length", "16",
            "--max-steps", "2",
            "--save-steps", "1000",
        ]
    )  # fmt: skip
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            trainer = recipe.build_trainer(args, processing_class=processor)
            trainer.train()
    finally:
        torch.set_num_threads(threads)
    logged = [h for h in trainer.state.log_history if "safegrpo/format" in h]
    assert len(logged) == 2
    assert trainer.state.global_step == 2
    assert trainer.reward_func_names == ["safegrpo"]


def test_main_refuses_a_model_without_an_image_processor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transformers import AutoProcessor

    tokenizer = tiny_tokenizer()
    model, _ = tiny_qwen2_5_vl(tokenizer)
    model.save_pretrained(tmp_path / "model")  # no processor files
    data = write_verl_parquet(tmp_path / "train.parquet", LABELS)
    argv = ["--model", str(tmp_path / "model"), "--data", str(data), "--output-dir", str(tmp_path)]
    with pytest.raises(SystemExit, match="cannot load its processor"):
        recipe.main(argv)
    # AutoProcessor falls back to the bare tokenizer when the full processor cannot load
    monkeypatch.setattr(AutoProcessor, "from_pretrained", lambda *a, **k: tokenizer)
    with pytest.raises(SystemExit, match="without an image processor"):
        recipe.main(argv)
