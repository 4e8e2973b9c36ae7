"""GRPO on a vision-language model with the SafeGRPO reward, using TRL's ``GRPOTrainer``.

Defaults are the paper's (8 rollouts per prompt, 256 prompts per step, lr 1e-6, KL loss 0.01,
responses up to 4096 tokens, 15 epochs, constant learning rate), so a bare command reproduces its
setting; every one of them is a flag. Run ``python -m safereward.integrations.trl.train_safegrpo
--help`` for the list, and see ``integrations/trl/README.md`` for one- and multi-GPU commands.

Data, either of:

* the parquet written by ``safereward prepare verl`` (a file, or its output folder, from which
  ``<split>.parquet`` is read): chat-format
  ``prompt`` with one ``<image>`` marker per image, ``images`` as a list of ``{bytes, path}``, the
  labels in ``extra_info``;
* a ``datasets`` folder (``save_to_disk``) with an ``image`` or ``images`` column, the labels as
  columns (``image_tag``/``text_tag``/``combine_tag`` or ``visual``/``text``/``combined``), and a
  ``prompt`` (or ``question``) column: a question is wrapped in the step-guided instruction, as
  ``prepare`` does (``--raw-prompt`` keeps it as it is); chat messages are used as they are.

Labels are checked while loading, so a bad row fails here with its index rather than scoring 0
for the whole run. ``--reward-config FILE`` (a YAML reward config: schema, weights, expression,
as ``safereward score --config`` reads) changes the reward; a label its schema adds
(``risk_category``) is read from the column (or ``extra_info`` key) of its name.
"""

from __future__ import annotations

import argparse
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safereward import LabelError, SafeGRPOReward
from safereward.integrations.trl.rewards import SafeGRPORewardFunction
from safereward.labels import LabelSchema, label_schema
from safereward.prompting import IMAGE_MARKER, Instruction
from safereward.schema import SAFEGRPO

if TYPE_CHECKING:  # pragma: no cover - typing only
    from datasets import Dataset
    from trl import GRPOConfig, GRPOTrainer

PAPER = {
    "num_generations": 8,
    "prompts_per_step": 256,
    "learning_rate": 1e-6,
    "beta": 0.01,
    "max_completion_length": 4096,
    "epochs": 15.0,
    "temperature": 1.0,
}


class DataError(ValueError):
    """The training data cannot be used as given; the message says which row and why."""


class SetupError(ValueError):
    """The model or its processor cannot run this recipe; the message says what is missing."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="train_safegrpo",
        description="GRPO on a vision-language model with the SafeGRPO reward (TRL).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("--model", required=True, help="model path or hub id (Qwen2.5-VL, Qwen3-VL)")
    p.add_argument("--data", required=True, help="verl parquet file/folder or datasets folder")
    p.add_argument("--output-dir", required=True)
    p.add_argument("--split", default="train", help="split of a DatasetDict folder")
    p.add_argument("--prompt-column", default="prompt", help="question column (datasets folder)")
    p.add_argument("--instruction-file", help="prompt template with {question} (datasets folder)")
    p.add_argument(
        "--raw-prompt", action="store_true", help="use text prompts as they are (no template)"
    )
    p.add_argument("--preset", help="strict (default) or paper")
    p.add_argument("--judge", help="refusal judge name (default: the preset's)")
    p.add_argument(
        "--reward-config",
        type=Path,
        metavar="FILE",
        help="YAML reward config (schema, weights, expression, ...); --preset/--judge override it",
    )
    g = p.add_argument_group("GRPO (paper defaults)")
    g.add_argument("--num-generations", type=int, default=PAPER["num_generations"])
    g.add_argument("--prompts-per-step", type=int, default=PAPER["prompts_per_step"])
    g.add_argument("--per-device-batch-size", type=int, default=8, help="completions per pass")
    g.add_argument(
        "--steps-per-generation",
        type=int,
        help="passes generated at once (default: a whole step; lower it to save memory)",
    )
    g.add_argument("--learning-rate", type=float, default=PAPER["learning_rate"])
    g.add_argument("--beta", type=float, default=PAPER["beta"], help="KL loss coefficient")
    g.add_argument("--max-completion-length", type=int, default=PAPER["max_completion_length"])
    g.add_argument("--epochs", type=float, default=PAPER["epochs"])
    g.add_argument("--temperature", type=float, default=PAPER["temperature"])
    g.add_argument("--max-steps", type=int, default=-1, help="stop early (-1: run all epochs)")
    g.add_argument("--max-pixels", type=int, help="cap on image pixels (processor resize)")
    g.add_argument("--seed", type=int, default=42)
    r = p.add_argument_group("runtime")
    r.add_argument("--use-vllm", action="store_true", help="generate with vLLM")
    r.add_argument("--vllm-mode", default="colocate", choices=("colocate", "server"))
    r.add_argument("--lora", action="store_true", help="train a LoRA adapter (needs peft)")
    r.add_argument("--lora-r", type=int, default=64)
    r.add_argument("--lora-alpha", type=int, default=128)
    r.add_argument("--no-gradient-checkpointing", action="store_true")
    r.add_argument("--logging-steps", type=int, default=1)
    r.add_argument("--save-steps", type=int, default=100)
    r.add_argument("--report-to", default="none", help="none, wandb, tensorboard, ...")
    return p


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.gradient_accumulation_steps = accumulation_steps(
            args.prompts_per_step, args.num_generations, args.per_device_batch_size, world_size()
        )
    except ValueError as exc:
        parser.error(str(exc))
    return args


def world_size() -> int:
    return int(os.environ.get("WORLD_SIZE", "1"))


def accumulation_steps(prompts: int, generations: int, per_device: int, world: int) -> int:
    """Accumulation that makes one optimiser step see ``prompts`` prompts' rollouts."""
    completions = prompts * generations
    steps = math.ceil(completions / (per_device * world))
    if steps * per_device * world != completions:
        raise ValueError(
            f"--prompts-per-step {prompts} x --num-generations {generations} = {completions} "
            f"completions is not a multiple of --per-device-batch-size {per_device} x "
            f"{world} process(es)"
        )
    return steps


# -- data ---------------------------------------------------------------------------------------


def load_train_dataset(
    path: str | Path,
    split: str = "train",
    prompt_column: str = "prompt",
    instruction: Instruction | None = None,
    raw_prompt: bool = False,
    labels: LabelSchema | None = None,
) -> Dataset:
    """Read either supported layout into TRL's VLM format: ``prompt``, images, a column per
    label ``labels`` declares (the reward's; SafeGRPO's three by default)."""
    labels = labels or label_schema(SAFEGRPO)
    path = Path(path)
    if not path.exists():
        raise DataError(f"no such data path: {path}")
    parquet = _parquet_files(path, split)
    if parquet and not (path / "dataset_info.json").exists():
        return _from_verl_parquet(parquet, labels)
    template = None if raw_prompt else (instruction or Instruction())
    return _from_datasets_folder(path, split, prompt_column, template, labels)


def _parquet_files(path: Path, split: str) -> list[Path]:
    """A parquet file, or a folder's ``<split>.parquet`` (``prepare verl`` writes train and
    test side by side), or else every parquet file in the folder."""
    if path.is_file():
        return [path] if path.suffix == ".parquet" else []
    named = path / f"{split}.parquet"
    return [named] if named.is_file() else sorted(path.glob("*.parquet"))


def _from_verl_parquet(files: list[Path], labels: LabelSchema) -> Dataset:
    from datasets import Dataset, Image, List

    ds = Dataset.from_parquet([str(f) for f in files])
    _require(ds.column_names, ("prompt", "images"), files[0])
    label_sources = [c for c in ("extra_info", *labels.column_names) if c in ds.column_names]
    if not label_sources:
        raise DataError(
            f"{files[0]}: no extra_info struct and no label columns {list(labels.columns)}"
        )

    def convert(prompt: list[dict], images: list | None, *rest: Any) -> dict:
        *values, idx = rest
        n_images = len(images or [])
        n_markers = sum(_text(m.get("content")).count(IMAGE_MARKER) for m in prompt)
        if n_markers != n_images:
            raise DataError(f"row {idx}: {n_markers} {IMAGE_MARKER} marker(s), {n_images} image(s)")
        # TRL puts the images before the text of the first user turn, as the markers do.
        messages = [
            {"role": m["role"], "content": _text(m.get("content")).replace(IMAGE_MARKER, "")}
            for m in prompt
        ]
        merged = _merge(label_sources, values)
        return {"prompt": messages, **_checked_labels(merged, idx, labels)}

    ds = ds.map(
        convert,
        with_indices=True,
        input_columns=["prompt", "images", *label_sources],
        remove_columns=[c for c in ds.column_names if c not in ("prompt", "images")],
        desc="checking labels",
    )
    return ds.cast_column("images", List(Image()))


def _merge(sources: Sequence[str], values: Sequence[Any]) -> dict[str, Any]:
    """Labels from a row: top-level columns win over the ``extra_info`` struct."""
    merged: dict[str, Any] = {}
    for name, value in zip(sources, values, strict=True):
        if name == "extra_info":
            merged = {**dict(value or {}), **merged}
        elif value is not None:
            merged[name] = value
    return merged


def _from_datasets_folder(
    path: Path, split: str, prompt_column: str, instruction: Instruction | None, labels: LabelSchema
) -> Dataset:
    from datasets import DatasetDict, load_from_disk

    try:
        ds = load_from_disk(str(path))
    except FileNotFoundError as exc:
        raise DataError(f"{path} is neither verl parquet nor a datasets folder: {exc}") from None
    if isinstance(ds, DatasetDict):
        if split not in ds:
            raise DataError(f"{path} has splits {sorted(ds)}, not {split!r} (see --split)")
        ds = ds[split]
    names = ds.column_names
    if not {"image", "images"} & set(names):
        raise DataError(f"{path} has no 'image' or 'images' column (columns: {names})")
    source = next((c for c in (prompt_column, "question") if c in names), None)
    if source is None:
        raise DataError(f"{path} has no {prompt_column!r} column (see --prompt-column)")
    label_sources = [c for c in ("extra_info", *labels.column_names) if c in names]

    def convert(row: dict, idx: int) -> dict:
        value = row[source]
        if isinstance(value, str):  # a question: TRL inserts the images before it
            question = value.replace(IMAGE_MARKER, "")
            text = instruction.render(question) if instruction else question
            prompt = [{"role": "user", "content": text}]
        else:  # already chat messages
            prompt = value
        merged = _merge(label_sources, [row[c] for c in label_sources])
        return {"prompt": prompt, **_checked_labels(merged, idx, labels)}

    images = [c for c in ("image", "images") if c in names]
    ds = ds.map(
        convert,
        with_indices=True,
        remove_columns=[c for c in names if c not in (*images, *labels.columns, "prompt")],
        desc="checking labels",
    )
    return ds.select_columns(["prompt", *images, *labels.columns])


def _checked_labels(mapping: Any, idx: int, labels: LabelSchema) -> dict[str, str | None]:
    """Every label ``labels`` reads, by its column name (None where a row leaves out one the
    reward does not compare): the same columns on every row, as ``datasets`` needs."""
    try:
        row = labels.read(mapping).as_dataset_row()
    except LabelError as exc:
        raise DataError(f"row {idx}: {exc}") from None
    return {label: row.get(label) for label in labels.columns}


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(
            IMAGE_MARKER if part.get("type") == "image" else str(part.get("text") or "")
            for part in content
        )
    return "" if content is None else str(content)


def _require(names: list[str], needed: Sequence[str], where: Path) -> None:
    missing = [n for n in needed if n not in names]
    if missing:
        raise DataError(f"{where}: missing column(s) {missing} (columns: {names})")


# -- trainer ------------------------------------------------------------------------------------


def grpo_config(args: argparse.Namespace) -> GRPOConfig:
    import torch
    from trl import GRPOConfig

    cuda = torch.cuda.is_available()
    return GRPOConfig(
        output_dir=args.output_dir,
        num_generations=args.num_generations,
        per_device_train_batch_size=args.per_device_batch_size,
        gradient_accumulation_steps=args.gradient_accumulation_steps,
        steps_per_generation=args.steps_per_generation,
        learning_rate=args.learning_rate,
        lr_scheduler_type="constant",  # verl's default, used by the paper
        beta=args.beta,
        max_completion_length=args.max_completion_length,
        num_train_epochs=args.epochs,
        max_steps=args.max_steps,
        temperature=args.temperature,
        bf16=cuda,
        gradient_checkpointing=cuda and not args.no_gradient_checkpointing,
        model_init_kwargs={"dtype": "bfloat16" if cuda else "float32"},
        use_vllm=args.use_vllm,
        vllm_mode=args.vllm_mode,
        logging_steps=args.logging_steps,
        save_steps=args.save_steps,
        report_to=args.report_to,
        log_completions=True,
        seed=args.seed,
    )


def lora_config(args: argparse.Namespace) -> Any:
    if not args.lora:
        return None
    try:
        from peft import LoraConfig
    except ImportError:
        raise SystemExit("--lora needs peft: pip install peft") from None
    return LoraConfig(
        r=args.lora_r,
        lora_alpha=args.lora_alpha,
        target_modules="all-linear",
        task_type="CAUSAL_LM",
    )


def load_processor(model: str, max_pixels: int | None) -> Any:
    from transformers import AutoProcessor

    try:
        processor = AutoProcessor.from_pretrained(model)
    except (OSError, ValueError) as exc:
        raise SetupError(f"{model}: cannot load its processor: {exc}") from None
    if getattr(processor, "image_processor", None) is None:
        # AutoProcessor falls back to the bare tokenizer when the full processor cannot load.
        raise SetupError(
            f"{model}: AutoProcessor gave a {type(processor).__name__} without an image "
            "processor; this recipe needs a vision-language model's processor (Qwen-VL "
            "processors also need torchvision installed)"
        )
    size = getattr(getattr(processor, "image_processor", None), "size", None)
    if max_pixels and isinstance(size, dict) and "longest_edge" in size:
        size["longest_edge"] = max_pixels
    return processor


def build_trainer(
    args: argparse.Namespace, processing_class: Any = None, train_dataset: Dataset | None = None
) -> GRPOTrainer:
    """The trainer the command line describes; tests pass a processor or dataset directly."""
    from trl import GRPOTrainer

    instruction = Instruction.from_file(args.instruction_file) if args.instruction_file else None
    reward = build_reward(args)
    if train_dataset is None:
        train_dataset = load_train_dataset(
            args.data,
            args.split,
            args.prompt_column,
            instruction,
            args.raw_prompt,
            reward.label_schema,
        )
    return GRPOTrainer(
        model=args.model,
        reward_funcs=SafeGRPORewardFunction(reward),
        args=grpo_config(args),
        train_dataset=train_dataset,
        processing_class=processing_class or load_processor(args.model, args.max_pixels),
        peft_config=lora_config(args),
    )


def build_reward(args: argparse.Namespace) -> SafeGRPOReward:
    """The reward ``--reward-config``, ``--preset`` and ``--judge`` describe; ``SetupError``
    naming the problem when it cannot be built."""
    from safereward.cli.main import CommandError
    from safereward.cli.reward_options import read_config

    try:
        config = read_config(args.reward_config) if args.reward_config else {}
        config.update({k: v for k in ("preset", "judge") if (v := getattr(args, k)) is not None})
        return SafeGRPOReward.from_config(config)
    except (CommandError, ValueError, TypeError, ImportError) as exc:
        raise SetupError(f"reward config: {exc}") from None


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        trainer = build_trainer(args)
    except (DataError, SetupError) as exc:
        raise SystemExit(f"train_safegrpo: {exc}") from None
    trainer.train()
    trainer.save_model(args.output_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
