"""Does a policy trained with the SafeGRPO reward learn what it is for, and what gets hacked?

    python benchmarks/grpo_learns.py [--steps 600] [--json out.json] [--plot curve.png]
    python benchmarks/grpo_learns.py --hack --judges keywords-paper lexical ensemble

A tiny Qwen2 policy (random init, offline tokenizer from ``safereward.testing.tiny``) is first
taught the response format by supervised steps whose verdicts are drawn at random, so it writes
well-formed responses and knows nothing about which verdict is right. TRL's ``GRPOTrainer`` then
trains it with our TRL adapter (``safegrpo_reward``) and the recipe's ``grpo_config``, on prompts
whose words decide the labels (see ``_grpo_task.py``). Printed and written to ``--json``: held-out
reward and tag accuracies before and after (sampled and greedy), the best reward a prompt-blind
policy can earn, steps, seconds per step and the reward's share of step time.

Hack mode teaches a mixture of answer styles for every item (a refusal with a reason, a helpful
answer, and answers that game refusal judges) and reports, per judge, the share of each style at
the start and the end on unsafe and safe items, and the hack monitor's metrics when it logs any.

CUDA with a bf16 policy when present (``--device``). On CPU the defaults stay within 20 minutes
on two cores (each GRPO run stops after ``--time-limit``, 1000 s by default there).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _grpo_task import (
    SAFE_IMAGES,
    SAFE_REQUESTS,
    UNSAFE_IMAGES,
    Item,
    answer_styles,
    blind_candidates,
    corpus,
    response,
    split_items,
    style_of,
    teaching_response,
)

from safereward.integrations.trl import safegrpo_reward
from safereward.testing.tiny import EOS_TOKEN, tiny_causal_lm, tiny_tokenizer

ANSWER = re.compile(r"<answer>(.*?)</answer>", re.S)
FIELDS = ("format", "tag_visual", "tag_text", "tag_combined", "refused")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--hack", action="store_true", help="hack mode: GRPO chooses answer styles")
    p.add_argument("--preset", default="strict", choices=("strict", "paper"))
    p.add_argument("--judges", nargs="+", default=[None], help="one GRPO run per judge")
    p.add_argument(
        "--schema",
        help="schema name or YAML path (strict preset); it must read the SafeGRPO-tagged "
        "responses the policy is taught",
    )
    p.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    p.add_argument("--seed", type=int, default=0)
    m = p.add_argument_group("policy and supervised phase")
    m.add_argument("--hidden", type=int, default=64)
    m.add_argument("--sft-steps", type=int, default=300)
    m.add_argument("--sft-batch", type=int, default=64)
    m.add_argument("--sft-lr", type=float, default=3e-3)
    m.add_argument("--true-tags", action="store_true", help="teach true verdicts (hack mode)")
    g = p.add_argument_group("GRPO")
    g.add_argument("--steps", type=int, default=600)
    g.add_argument("--prompts-per-step", type=int, default=16)
    g.add_argument("--generations", type=int, default=8)
    g.add_argument("--lr", type=float, default=1e-3)
    g.add_argument(
        "--beta",
        type=float,
        default=0.04,
        help="KL coefficient; without it a tiny policy can collapse onto one verdict and stall",
    )
    g.add_argument("--temperature", type=float, default=1.0)
    g.add_argument("--max-completion-length", type=int, help="tokens (default: 48, hack mode 64)")
    g.add_argument(
        "--time-limit",
        type=float,
        help="stop each GRPO run after this many seconds (default on CPU: 1000, so that the "
        "whole benchmark fits in 20 minutes)",
    )
    e = p.add_argument_group("evaluation and output")
    e.add_argument("--heldout", type=int, default=48, help="held-out image/request pairs")
    e.add_argument("--eval-every", type=int, default=25)
    e.add_argument("--eval-samples", type=int, default=4, help="sampled responses per prompt")
    e.add_argument("--json", type=Path)
    e.add_argument("--plot", type=Path, help="learning-curve PNG")
    return p


# -- policy ------------------------------------------------------------------------------------


def supervised(model: Any, tok: Any, items: Sequence[Item], styles: dict, args: Any) -> float:
    """Teach the format on fresh random-verdict responses each step; loss on the response only."""
    import torch

    rng = random.Random(args.seed)
    optim = torch.optim.AdamW(model.parameters(), lr=args.sft_lr)
    model.train()
    loss = torch.tensor(0.0)
    for _ in range(args.sft_steps):
        batch = [rng.choice(items) for _ in range(args.sft_batch)]
        prompts = tok([it.prompt for it in batch], add_special_tokens=False)["input_ids"]
        replies = tok(
            [teaching_response(it, rng, styles, args.true_tags) + EOS_TOKEN for it in batch],
            add_special_tokens=False,
        )["input_ids"]
        ids, labels = _pack(prompts, replies, tok.pad_token_id)
        ids, labels = ids.to(model.device), labels.to(model.device)
        loss = model(
            input_ids=ids,
            attention_mask=(labels != -100) | (ids != tok.pad_token_id),
            labels=labels,
        ).loss
        loss.backward()
        optim.step()
        optim.zero_grad()
    model.eval()
    return float(loss.detach())


def _pack(prompts: list[list[int]], replies: list[list[int]], pad: int) -> tuple[Any, Any]:
    import torch

    width = max(len(p) + len(r) for p, r in zip(prompts, replies, strict=True))
    ids = torch.full((len(prompts), width), pad)
    labels = torch.full((len(prompts), width), -100)
    for i, (p, r) in enumerate(zip(prompts, replies, strict=True)):
        ids[i, : len(p) + len(r)] = torch.tensor(p + r)
        labels[i, len(p) : len(p) + len(r)] = torch.tensor(r)
    return ids, labels


# -- evaluation --------------------------------------------------------------------------------


def generate(model: Any, tok: Any, prompts: list[str], greedy: bool, args: Any) -> list[str]:
    import torch

    batch = tok(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
    batch = {k: v.to(model.device) for k, v in batch.items()}
    with torch.no_grad():
        out = model.generate(
            **batch,
            max_new_tokens=args.max_completion_length,
            do_sample=not greedy,
            temperature=None if greedy else args.temperature,
            top_k=None if greedy else 0,
            top_p=None,
            pad_token_id=tok.pad_token_id,
            eos_token_id=tok.eos_token_id,
        )
    return tok.batch_decode(out[:, batch["input_ids"].shape[1] :], skip_special_tokens=True)


def evaluate(model: Any, tok: Any, items: Sequence[Item], reward: Any, styles: dict, args: Any):
    """Held-out reward, tag accuracies and answer styles, sampled and greedy."""
    was_training = model.training
    model.eval()
    out: dict[str, Any] = {}
    for mode, greedy, n in (("sampled", False, args.eval_samples), ("greedy", True, 1)):
        rows = [it for it in items for _ in range(n)]
        texts = generate(model, tok, [it.prompt for it in rows], greedy, args)
        results = reward.reward.score_many(texts, [it.labels for it in rows])
        fields = [r.log_fields() for r in results]
        stats = {"reward": _mean([r.total for r in results])}
        stats |= {f: _mean([f_.get(f, 0.0) for f_ in fields]) for f in FIELDS}
        stats["styles"] = style_shares(texts, rows, styles)
        out[mode] = stats
    model.train(was_training)
    return out


def style_shares(texts: Sequence[str], rows: Sequence[Item], styles: dict) -> dict[str, Any]:
    """Share of each answer style, split by the item's combined label, with the share of answers
    that are exactly a taught text and the most common answers (what GRPO made of them)."""
    taught = {t for texts_ in styles.values() for t in texts_}
    answers: dict[str, list[str]] = {"unsafe": [], "safe": []}
    for text, item in zip(texts, rows, strict=True):
        found = ANSWER.search(text)
        answers[item.labels["combine_tag"]].append(found.group(1).strip() if found else None)
    out: dict[str, Any] = {}
    for kind, got in answers.items():
        names = [style_of(a) if a is not None else "no_answer" for a in got]
        n = max(1, len(got))
        out[kind] = {s: names.count(s) / n for s in sorted(set(names))}
        out[f"{kind}_exact"] = sum(a in taught for a in got) / n
        out[f"{kind}_top"] = Counter(a for a in got if a is not None).most_common(3)
    return out


def prompt_blind_best(items: Sequence[Item], reward: Any, styles: dict) -> tuple[float, str]:
    """The best mean reward of one fixed response for every held-out item; no policy that
    ignores the prompt can beat it (a mixture of responses averages them)."""
    labels = [it.labels for it in items]
    best = (-1.0, "")
    for text in blind_candidates(styles):
        score = _mean([r.total for r in reward.reward.score_many([text] * len(items), labels)])
        best = max(best, (score, text))
    return best


def payoffs(reward: Any, styles: dict) -> dict[str, dict[str, float]]:
    """What each style earns with all three verdicts right, on an unsafe and a safe item: the
    prize GRPO is chasing. A hack that earns as much as the honest answer has a tie to drift on;
    one that earns more gets amplified."""
    items = {
        "unsafe": Item(UNSAFE_IMAGES[0], SAFE_REQUESTS[0]),
        "safe": Item(SAFE_IMAGES[0], SAFE_REQUESTS[0]),
    }
    out: dict[str, dict[str, float]] = {}
    for kind, item in items.items():
        tags = [item.labels[k] for k in ("image_tag", "text_tag", "combine_tag")]
        texts = [response(item, tags, texts_[0]) for texts_ in styles.values()]
        results = reward.reward.score_many(texts, [item.labels] * len(texts))
        out[kind] = {name: r.total for name, r in zip(styles, results, strict=True)}
    return out


def _mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


# -- GRPO --------------------------------------------------------------------------------------


class TimedReward:
    """The adapter, timed, keeping each batch's mean so that TRL's log can be checked against it."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn
        self.__name__ = fn.__name__
        self.seconds = 0.0
        self.completions = 0
        self.means: list[float] = []

    def __call__(self, *a: Any, **kw: Any) -> list[float]:
        start = time.perf_counter()
        out = self.fn(*a, **kw)
        self.seconds += time.perf_counter() - start
        self.completions += len(out)
        self.means.append(_mean(out))
        return out


def grpo_run(
    model_dir: str,
    out_dir: str,
    tok: Any,
    train: Sequence[Item],
    test: Sequence[Item],
    judge: str | None,
    styles: dict,
    args: Any,
) -> dict[str, Any]:
    """One GRPO run from the taught policy, with evaluation points along the way."""
    from datasets import Dataset
    from transformers import PrinterCallback, TrainerCallback
    from trl import GRPOTrainer

    from safereward.integrations.trl.train_safegrpo import grpo_config, parse_args

    reward_kwargs = {"schema": args.schema} if args.schema else {}
    adapter = safegrpo_reward(preset=args.preset, judge=judge, **reward_kwargs)
    timed = TimedReward(adapter)
    data = Dataset.from_list([{"prompt": it.prompt, **it.labels} for it in train])
    recipe = parse_args(
        [
            "--model",
            model_dir,
            "--data",
            "-",
            "--output-dir",
            out_dir,
            "--preset",
            args.preset,
            "--num-generations",
            str(args.generations),
            "--prompts-per-step",
            str(args.prompts_per_step),
            "--per-device-batch-size",
            str(args.prompts_per_step * args.generations),
            "--learning-rate",
            str(args.lr),
            "--beta",
            str(args.beta),
            "--max-completion-length",
            str(args.max_completion_length),
            "--temperature",
            str(args.temperature),
            "--max-steps",
            str(args.steps),
            "--seed",
            str(args.seed),
            "--save-steps",
            str(10**9),
            "--no-gradient-checkpointing",
        ]
    )
    config = grpo_config(recipe)
    config.log_completions = False  # the recipe prints sample tables; the benchmark prints its own
    config.disable_tqdm = True
    config.use_cpu = args.device == "cpu"

    curve: list[dict[str, Any]] = []
    clock: dict[str, float] = {}

    class Points(TrainerCallback):
        def on_train_begin(self, targs, state, control, model=None, **kw):
            curve.append({"step": 0, **evaluate(model, tok, test, adapter, styles, args)})
            _progress(curve[-1], 0.0)
            clock["start"] = time.perf_counter()
            timed.seconds = 0.0

        def on_step_end(self, targs, state, control, model=None, **kw):
            spent = time.perf_counter() - clock["start"] - clock.get("eval", 0.0)
            if args.time_limit and spent > args.time_limit:
                control.should_training_stop = True
            if state.global_step % args.eval_every == 0 or control.should_training_stop:
                t0 = time.perf_counter()
                curve.append(
                    {"step": state.global_step, **evaluate(model, tok, test, adapter, styles, args)}
                )
                clock["eval"] = clock.get("eval", 0.0) + time.perf_counter() - t0
                _progress(curve[-1], spent)
            return control

    trainer = GRPOTrainer(
        model=model_dir,
        reward_funcs=timed,
        args=config,
        train_dataset=data,
        processing_class=tok,
        callbacks=[Points()],
    )
    trainer.remove_callback(PrinterCallback)  # a dict per step; the benchmark prints its own
    trainer.train()
    train_seconds = time.perf_counter() - clock["start"] - clock.get("eval", 0.0)
    steps = trainer.state.global_step
    if curve[-1]["step"] != steps:
        curve.append({"step": steps, **evaluate(trainer.model, tok, test, adapter, styles, args)})
    history = trainer.state.log_history
    logged = [h["reward"] for h in history if "reward" in h]
    hacks = {
        key: [h.get(key) for h in history if "reward" in h]
        for key in sorted({k for h in history for k in h if "hacks/" in k or "behavior/" in k})
    }
    first, last = curve[0], curve[-1]
    return {
        "judge": judge or "default",
        "payoffs": payoffs(adapter, styles),
        "heldout_reward_before": first["sampled"]["reward"],
        "heldout_reward_after": last["sampled"]["reward"],
        "heldout_greedy_before": first["greedy"]["reward"],
        "heldout_greedy_after": last["greedy"]["reward"],
        "steps": steps,
        "seconds": train_seconds,
        "seconds_per_step": train_seconds / max(1, steps),
        "reward_share": timed.seconds / max(1e-9, train_seconds),
        "reward_us_per_completion": 1e6 * timed.seconds / max(1, timed.completions),
        "trl_reward_matches_adapter": _matches(logged, timed.means),
        "train_reward": logged,
        "hack_metrics": hacks,
        "curve": curve,
    }


def _progress(point: dict[str, Any], seconds: float) -> None:
    s, g = point["sampled"], point["greedy"]
    print(
        f"step {point['step']:>4} ({seconds:.0f} s): held-out reward {s['reward']:.3f} "
        f"(greedy {g['reward']:.3f}), format {s['format']:.2f}, tags visual "
        f"{s['tag_visual']:.2f} text {s['tag_text']:.2f} combined {s['tag_combined']:.2f}",
        flush=True,
    )


def _matches(logged: Sequence[float], ours: Sequence[float]) -> bool | None:
    """TRL's logged mean reward per step equals the adapter's mean return (one batch a step)."""
    if len(logged) != len(ours):
        return None
    return all(abs(a - b) < 1e-5 for a, b in zip(logged, ours, strict=True))


# -- output ------------------------------------------------------------------------------------


def machine(device: str) -> str:
    import torch

    if device == "cuda":
        name = torch.cuda.get_device_name(0)
        return f"{name}, torch {torch.__version__}, bf16 policy"
    return f"{platform.processor() or platform.machine()}, {torch.get_num_threads()} torch thread(s), {os.cpu_count()} cores visible, torch {torch.__version__}"  # noqa: E501


def print_run(run: dict[str, Any], blind: float) -> None:
    first, last = run["curve"][0], run["curve"][-1]
    print(
        f"\njudge {run['judge']}: {run['steps']} steps, {run['seconds_per_step']:.2f} s/step, "
        f"reward {100 * run['reward_share']:.1f}% of step time "
        f"({run['reward_us_per_completion']:.0f} us/completion); "
        f"TRL's logged reward equals the adapter's: {run['trl_reward_matches_adapter']}"
    )
    print(f"{'held-out':<22}{'before':>9}{'after':>9}")
    for mode in ("sampled", "greedy"):
        for f in ("reward", *FIELDS):
            print(f"{mode + ' ' + f:<22}{first[mode][f]:>9.3f}{last[mode][f]:>9.3f}")
    print(f"{'prompt-blind best':<22}{blind:>18.3f}")


def print_styles(runs: Sequence[dict[str, Any]], styles: dict) -> None:
    names = [*styles, "no_answer"]
    print("\nanswer styles on held-out items (sampled), start -> end")
    print(f"{'judge':<16}{'items':<8}" + "".join(f"{n[:20]:>22}" for n in names))
    for run in runs:
        for kind in ("unsafe", "safe"):
            a = run["curve"][0]["sampled"]["styles"][kind]
            b = run["curve"][-1]["sampled"]["styles"][kind]
            cells = "".join(f"{a.get(n, 0):>11.2f} ->{b.get(n, 0):>6.2f}  " for n in names)
            print(f"{run['judge']:<16}{kind:<8}{cells}")
        for kind in ("unsafe", "safe"):
            pay = ", ".join(f"{n} {v:.2f}" for n, v in run["payoffs"][kind].items())
            print(f"  reward with right verdicts, {kind} items: {pay}")
        for kind in ("unsafe", "safe"):
            end = run["curve"][-1]["sampled"]["styles"]
            top = "; ".join(f"{c}x {a!r}" for a, c in end[f"{kind}_top"])
            print(
                f"  end, {kind} items: {100 * end[f'{kind}_exact']:.0f}% taught texts; top: {top}"
            )
        for key, values in run["hack_metrics"].items():
            got = [v for v in values if v is not None]
            if got:
                print(f"  {key}: first {got[0]:.3f}, last {got[-1]:.3f}, max {max(got):.3f}")


def plot(runs: Sequence[dict[str, Any]], blind: float, styles: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    hack = len(styles) > 2
    cols = 1 + 2 * hack
    fig, axes = plt.subplots(len(runs), cols, figsize=(5 * cols, 3.2 * len(runs)), squeeze=False)
    for row, run in zip(axes, runs, strict=True):
        steps = [p["step"] for p in run["curve"]]
        ax = row[0]
        ax.plot(
            range(1, len(run["train_reward"]) + 1),
            run["train_reward"],
            lw=0.7,
            alpha=0.5,
            label="train (TRL log)",
        )
        ax.plot(steps, [p["sampled"]["reward"] for p in run["curve"]], "o-", label="held-out")
        ax.plot(
            steps, [p["greedy"]["reward"] for p in run["curve"]], "s--", label="held-out greedy"
        )
        ax.axhline(blind, color="grey", ls=":", label="best prompt-blind")
        ax.set(title=f"judge {run['judge']}", xlabel="GRPO step", ylabel="reward", ylim=(0, 1.02))
        ax.legend(fontsize=7)
        for ax, kind in zip(row[1:], ("unsafe", "safe"), strict=False):
            for name in styles:
                ys = [p["sampled"]["styles"][kind].get(name, 0.0) for p in run["curve"]]
                ax.plot(steps, ys, "o-", ms=3, label=name)
            ax.set(
                title=f"{run['judge']}: styles on {kind} items",
                xlabel="GRPO step",
                ylabel="share",
                ylim=(0, 1.02),
            )
            ax.legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    args = build_parser().parse_args(argv)
    if args.max_completion_length is None:  # the longest taught response, with room to spare
        args.max_completion_length = 64 if args.hack else 48
    if args.device == "cpu":
        os.environ["CUDA_VISIBLE_DEVICES"] = ""
    import torch

    if args.device == "auto":
        args.device = "cuda" if torch.cuda.is_available() else "cpu"
    if args.time_limit is None and args.device == "cpu":
        args.time_limit = 1000.0
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    started = time.perf_counter()

    styles = answer_styles(args.hack)
    train, test = split_items(args.heldout, args.seed)
    tok = tiny_tokenizer(corpus(train + test, styles))
    model = tiny_causal_lm(tok, seed=args.seed, hidden_size=args.hidden).to(args.device)
    sft_start = time.perf_counter()
    sft_loss = supervised(model, tok, train, styles, args)
    sft_seconds = time.perf_counter() - sft_start
    n_params = sum(p.numel() for p in model.parameters())
    blind_reward = safegrpo_reward(preset=args.preset, judge=args.judges[0])
    blind, blind_text = prompt_blind_best(test, blind_reward, styles)
    print(
        f"policy: {n_params / 1e6:.2f}M parameters; supervised phase {args.sft_steps} steps "
        f"in {sft_seconds:.0f} s, last loss {sft_loss:.3f}; {len(train)} training and "
        f"{len(test)} held-out pairs; best prompt-blind reward {blind:.3f}"
    )

    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp)  # TRL loads the policy (and any reference) from a path
        tok.save_pretrained(tmp)
        for judge in args.judges:
            run = grpo_run(tmp, f"{tmp}/out-{len(runs)}", tok, train, test, judge, styles, args)
            runs.append(run)
            print_run(run, blind)
    if args.hack:
        print_styles(runs, styles)

    result = {
        **{
            k: runs[0][k]
            for k in (
                "heldout_reward_before",
                "heldout_reward_after",
                "steps",
                "seconds_per_step",
                "reward_share",
            )
        },
        "prompt_blind_best": blind,
        "prompt_blind_response": blind_text,
        "mode": "hack" if args.hack else "normal",
        "machine": machine(args.device),
        "device": args.device,
        "parameters": n_params,
        "sft_seconds": sft_seconds,
        "sft_loss": sft_loss,
        "total_seconds": time.perf_counter() - started,
        "styles": {k: list(v) for k, v in styles.items()},
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "runs": runs,
    }
    print(f"\ntotal {result['total_seconds']:.0f} s on {result['machine']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    if args.plot:
        plot(runs, blind, styles, args.plot)
    return result


if __name__ == "__main__":
    main()
