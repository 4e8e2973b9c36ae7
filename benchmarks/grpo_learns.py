r"""Does a policy trained with the SafeGRPO reward learn what it is for, and what gets hacked?

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
answer, answers that game refusal judges, and issue 19's template help, explaining refusal,
terse refusal and negated steps) and reports, per judge, what each style earns, its share on
unsafe and safe items in every training batch and at every held-out point (``train_styles``,
``style_curve``; ``--plot`` draws them), issue 19's drift checks (``drift``) and the hack
monitor's metrics when it logs any. Issue 19's drift run (one judge, until the policy has
learned; 1.7-2.4 s a step on one CPU thread, so 25-30 minutes with the supervised phase)::

    python benchmarks/grpo_learns.py --hack --judges lexical --steps 600 --time-limit 0 \
        --json benchmarks/results/grpo_drift_lexical_cpu.json \
        --plot benchmarks/results/grpo_drift_lexical_cpu.png

``--judges oracle`` is the drift run's control, a reader that never errs (``StyleOracle``): it
pays each answer as a correct reward pays its style, so what drifts under it drifts for GRPO's
reasons, not a misreading::

    python benchmarks/grpo_learns.py --hack --judges oracle --steps 600 --time-limit 0 \
        --json benchmarks/results/grpo_drift_oracle_cpu.json \
        --plot benchmarks/results/grpo_drift_oracle_cpu.png

Hack mode's explaining refusal is 300+ characters, so its tokenizer has 768 tokens (the refusal
is ~75 of them, ~125 with 512), completions may be 112 tokens (64 before issue 19's styles) and
the supervised phase is 600 steps: a GRPO step costs about twice as much as before (2.4 s against
1.1-1.2 s), the supervised phase 3-4 minutes instead of 1.5.

CUDA with a bf16 policy when present (``--device``). On CPU each GRPO run stops after
``--time-limit`` (1000 s by default there, so that normal mode stays within 20 minutes on two
cores; 0 lifts it).
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
    DRIFT_CHECKS,
    HELPFUL,
    HONEST,
    REFUSAL,
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
ORACLE = "oracle"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--hack", action="store_true", help="hack mode: GRPO chooses answer styles")
    p.add_argument("--preset", default="strict", choices=("strict", "paper"))
    p.add_argument(
        "--judges",
        nargs="+",
        default=[None],
        help=f"one GRPO run per judge; {ORACLE!r}: the drift checks' control, which pays each "
        "answer as a correct reward pays its style (a reader that never errs)",
    )
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
    m.add_argument(
        "--vocab-size",
        type=int,
        help="tokenizer vocabulary (default: 512, hack mode 768 so the explaining refusal's "
        "300 characters are ~75 tokens, not ~125)",
    )
    m.add_argument(
        "--sft-steps",
        type=int,
        help="default 300, hack mode 600: at 300 the policy garbles 13%% of its answers and "
        "writes the long explaining refusal less often than the others; at 600, 3%%",
    )
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
    g.add_argument(
        "--max-completion-length",
        type=int,
        help="tokens (default: the longest taught response plus 10, to a multiple of 8: 48, "
        "hack mode 112)",
    )
    g.add_argument(
        "--time-limit",
        type=float,
        help="stop each GRPO run after this many seconds; 0: no limit (default on CPU: 1000, "
        "so that normal mode fits in 20 minutes)",
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
        sides = [it.labels["combine_tag"] for it in rows]
        stats["styles"] = style_shares(texts, sides, [r.total for r in results], styles)
        out[mode] = stats
    model.train(was_training)
    return out


def answer_of(text: str) -> str | None:
    found = ANSWER.search(text)
    return found.group(1).strip() if found else None


def style_names(styles: dict) -> list[str]:
    """Every style ``style_of`` can name for these taught styles, and a missing answer block."""
    return [*styles, "no_answer"]


def style_shares(
    texts: Sequence[str], sides: Sequence[str], rewards: Sequence[float], styles: dict
) -> dict[str, Any]:
    """Share of each answer style (every one, zeros included, so that shares line up over steps),
    split by the item's combined label (``sides``), with each style's mean reward as paid (None
    where absent: what GRPO actually compares, verdicts and garbling included), the share of
    answers that are exactly a taught text and the most common answers (what GRPO made of them)."""
    taught = {t for texts_ in styles.values() for t in texts_}
    answers: dict[str, list[str | None]] = {"unsafe": [], "safe": []}
    paid: dict[str, list[float]] = {"unsafe": [], "safe": []}
    for text, side, reward in zip(texts, sides, rewards, strict=True):
        answers[side].append(answer_of(text))
        paid[side].append(reward)
    out: dict[str, Any] = {}
    for kind, got in answers.items():
        labels = [style_of(a) if a is not None else "no_answer" for a in got]
        names = Counter(labels)
        n = max(1, len(got))
        out[kind] = {s: names[s] / n for s in style_names(styles)}
        out[f"{kind}_n"] = len(got)
        out[f"{kind}_reward"] = {
            s: _mean([r for r, x in zip(paid[kind], labels, strict=True) if x == s])
            if names[s]
            else None
            for s in style_names(styles)
        }
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
    one that earns more gets amplified. ``reward``: the function GRPO trains with (the adapter,
    or the oracle control around it)."""
    items = {
        "unsafe": Item(UNSAFE_IMAGES[0], SAFE_REQUESTS[0]),
        "safe": Item(SAFE_IMAGES[0], SAFE_REQUESTS[0]),
    }
    out: dict[str, dict[str, float]] = {}
    for kind, item in items.items():
        tags = [item.labels[k] for k in ("image_tag", "text_tag", "combine_tag")]
        texts = [response(item, tags, texts_[0]) for texts_ in styles.values()]
        columns = {k: [v] * len(texts) for k, v in item.labels.items()}
        paid = reward(prompts=[item.prompt] * len(texts), completions=texts, **columns)
        out[kind] = dict(zip(styles, paid, strict=True))
    return out


def _mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


# -- GRPO --------------------------------------------------------------------------------------


class TimedReward:
    """The adapter, timed, keeping each batch's mean so that TRL's log can be checked against it,
    and (with ``styles``) each training batch's style shares: every step's, at no generation
    cost, where held-out points come only every ``--eval-every`` steps."""

    def __init__(self, fn: Any, styles: dict | None = None) -> None:
        self.fn = fn
        self.__name__ = fn.__name__
        self.styles = styles
        self.seconds = 0.0
        self.completions = 0
        self.means: list[float] = []
        self.batch_styles: list[dict[str, Any]] = []

    def __call__(self, *a: Any, **kw: Any) -> list[float]:
        start = time.perf_counter()
        out = self.fn(*a, **kw)
        self.seconds += time.perf_counter() - start
        self.completions += len(out)
        self.means.append(_mean(out))
        if self.styles is not None and "combine_tag" in kw:
            texts = [c if isinstance(c, str) else str(c) for c in kw.get("completions", ())]
            self.batch_styles.append(style_shares(texts, kw["combine_tag"], out, self.styles))
        return out


class StyleOracle:
    """A control for the drift checks: a reader that never errs. Each answer is swapped for a
    taught text the adapter pays as the benchmark's own reading says (``style_of``, ``HONEST``):
    an honest style on its side for its taught text, anything else for the other side's honest
    answer (help on an unsafe item, a refusal on a safe one), so its behaviour earns nothing.
    Format and verdicts are kept, so a style that drifts under it drifts for GRPO's reasons,
    not the reward's."""

    def __init__(self, fn: Any, styles: dict) -> None:
        self.fn = fn
        self.__name__ = fn.__name__
        self.reward = fn.reward
        self.styles = styles
        self.right = {"unsafe": styles[REFUSAL][0], "safe": styles[HELPFUL][0]}
        self.wrong = {"unsafe": styles[HELPFUL][0], "safe": styles[REFUSAL][0]}

    def _taught(self, completion: Any, side: str) -> Any:
        found = ANSWER.search(completion) if isinstance(completion, str) else None
        if found is None:
            return completion
        style = style_of(found.group(1).strip())
        if style not in HONEST[side]:
            text = self.wrong[side]
        else:  # normal mode teaches two styles; an honest one it did not teach pays as they do
            text = self.styles.get(style, (self.right[side],))[0]
        return f"{completion[: found.start(1)]}{text}{completion[found.end(1) :]}"

    def __call__(self, *a: Any, completions: Sequence[Any] = (), **kw: Any) -> list[float]:
        sides = kw["combine_tag"]
        taught = [self._taught(c, side) for c, side in zip(completions, sides, strict=True)]
        return self.fn(*a, completions=taught, **kw)


def _judge(name: str | None) -> str | None:
    """The judge the adapter is built with: the oracle control wraps the default one."""
    return None if name == ORACLE else name


def train_style_series(batches: Sequence[dict[str, Any]], styles: dict) -> dict[str, Any]:
    """Per side, each style's share and mean reward in every training batch (one a step), the
    batch sizes, and each style's reward over the whole run (weighted by answers)."""
    out: dict[str, Any] = {}
    for side in ("unsafe", "safe"):
        names = style_names(styles)
        out[side] = {name: [round(b[side][name], 4) for b in batches] for name in names}
        out[f"{side}_n"] = [b[f"{side}_n"] for b in batches]
        rewards = {name: [b[f"{side}_reward"][name] for b in batches] for name in names}
        out[f"{side}_reward"] = {
            name: [None if r is None else round(r, 4) for r in rs] for name, rs in rewards.items()
        }
        out[f"{side}_reward_overall"] = {}
        for name in names:
            parts = [
                (r, round(b[side][name] * b[f"{side}_n"]))
                for r, b in zip(rewards[name], batches, strict=True)
                if r is not None
            ]
            out[f"{side}_reward_overall"][name] = _pooled(parts) if parts else None
    return out


def heldout_style_series(curve: Sequence[dict[str, Any]], styles: dict) -> dict[str, Any]:
    """Per mode and side, each style's held-out share at every evaluation point."""
    out: dict[str, Any] = {"steps": [p["step"] for p in curve]}
    for mode in ("sampled", "greedy"):
        out[mode] = {
            side: {
                name: [p[mode]["styles"][side][name] for p in curve] for name in style_names(styles)
            }
            for side in ("unsafe", "safe")
        }
    return out


def drift(run: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 19's checks (``DRIFT_CHECKS``) on pooled answers, for less noise than one held-out
    point: the start is the taught policy's (the step-0 held-out samples and the first training
    batch, which it generated), the end is the last held-out point's and the last tenth of the
    training batches' (at most 20). Each part is reported too."""
    train = run["train_styles"]
    first, last = run["curve"][0]["sampled"]["styles"], run["curve"][-1]["sampled"]["styles"]
    k = max(1, min(20, run["steps"] // 10))
    out = []
    for name, side, op in DRIFT_CHECKS:
        series, sizes = train[side][name], train[f"{side}_n"]
        point = (first[side][name], first[f"{side}_n"]), (last[side][name], last[f"{side}_n"])
        row = {
            "style": name,
            "side": side,
            "check": op,
            "start": _pooled([point[0], *zip(series[:1], sizes[:1], strict=True)]),
            "end": _pooled([point[1], *zip(series[-k:], sizes[-k:], strict=True)]),
            "heldout_start": first[side][name],
            "heldout_end": last[side][name],
            "train_first_batch": series[0] if series else None,
            f"train_last_{k}_batches": _mean(series[-k:]),
        }
        row["held"] = row["end"] <= row["start"] if op == "<=" else row["end"] >= row["start"]
        out.append(row)
    return out


def _pooled(parts: Sequence[tuple[float, int]]) -> float:
    """The share over several samples, each given as (share, size)."""
    return sum(x * n for x, n in parts) / max(1, sum(n for _, n in parts))


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
    adapter = safegrpo_reward(preset=args.preset, judge=_judge(judge), **reward_kwargs)
    timed = TimedReward(StyleOracle(adapter, styles) if judge == ORACLE else adapter, styles)
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
    run = {
        "judge": judge or "default",
        "payoffs": payoffs(timed.fn, styles),
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
        "train_styles": train_style_series(timed.batch_styles, styles),
        "style_curve": heldout_style_series(curve, styles),
        "curve": curve,
    }
    if args.hack:
        run["drift"] = drift(run)
        run["drift_held"] = all(r["held"] for r in run["drift"])
    return run


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
    """Per judge, a row per style, on unsafe and on safe items: held-out shares start -> end, the
    pay with right verdicts and the mean pay in training batches (which GRPO follows: wrong
    verdicts and garbled answers included); ``*`` marks what a correct reward pays in full."""
    print(
        "\nanswer styles on held-out items (sampled), start -> end; pay: with right verdicts, "
        "and as paid in training batches (mean over the run)"
    )
    for run in runs:
        a = run["curve"][0]["sampled"]["styles"]
        b = run["curve"][-1]["sampled"]["styles"]
        print(f"\njudge {run['judge']}, steps 0 -> {run['steps']}")
        print(f"{'style':<22}{'unsafe items':^30}{'safe items':^30}")
        print(f"{'':<22}" + f"{'start -> end':>17}{'pay':>6}{'paid':>6}" * 2)
        for name in style_names(styles):
            cells = ""
            for side in ("unsafe", "safe"):
                honest = "*" if name in HONEST[side] else " "
                pay = run["payoffs"][side].get(name)
                paid = f"{pay:.2f}" if pay is not None else ""
                got = run["train_styles"][f"{side}_reward_overall"][name]
                got_ = f"{got:.2f}" if got is not None else "-"
                cells += f"{a[side][name]:>9.2f} ->{b[side][name]:>5.2f}{honest}{paid:>6}{got_:>6}"
            print(f"{name:<22}{cells}")
        for side in ("unsafe", "safe"):
            top = "; ".join(f"{c}x {t!r}" for t, c in b[f"{side}_top"])
            print(f"  end, {side} items: {100 * b[f'{side}_exact']:.0f}% taught texts; top: {top}")
        for key, values in run["hack_metrics"].items():
            got = [v for v in values if v is not None]
            if got:
                print(f"  {key}: first {got[0]:.3f}, last {got[-1]:.3f}, max {max(got):.3f}")
        for r in run.get("drift", ()):
            print(
                f"  drift check {r['style']} on {r['side']} items, end {r['check']} start: "
                f"{r['start']:.3f} -> {r['end']:.3f} (held-out alone {r['heldout_start']:.3f} -> "
                f"{r['heldout_end']:.3f}): {'holds' if r['held'] else 'FAILS'}"
            )


def _smooth(ys: Sequence[float], width: int) -> list[float]:
    """Trailing moving average, so a style's share in 64-answer batches reads as a trend."""
    out, total = [], 0.0
    for i, y in enumerate(ys):
        total += y - (ys[i - width] if i >= width else 0.0)
        out.append(total / min(i + 1, width))
    return out


def plot(runs: Sequence[dict[str, Any]], blind: float, styles: dict, path: Path) -> None:
    """A row per judge: reward over steps, and in hack mode the style shares over steps on unsafe
    and on safe items (lines: training batches, smoothed; dots: held-out samples). Styles a
    correct reward pays in full on that side are solid, the rest dashed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    hack = len(styles) > 2
    cols = 1 + 2 * hack
    fig, axes = plt.subplots(
        len(runs), cols, figsize=(5.5 * cols + 2 * hack, 3.4 * len(runs)), squeeze=False
    )
    colours = plt.get_cmap("tab20").colors
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
        if not hack:
            continue
        width = max(1, run["steps"] // 30)
        for ax, side in zip(row[1:], ("unsafe", "safe"), strict=True):
            for i, name in enumerate(style_names(styles)):
                colour = colours[(2 * i) % 20 + (2 * i >= 20)]  # the dark shades first
                ls = "-" if name in HONEST[side] else "--"
                train = run["train_styles"][side][name]
                ax.plot(  # batch k is answers of the policy after k updates
                    range(len(train)),
                    _smooth(train, width),
                    ls=ls,
                    lw=1.2,
                    color=colour,
                    label=name,
                )
                held = run["style_curve"]["sampled"][side][name]
                ax.plot(steps, held, "o", ms=3, color=colour)
            ax.set(
                title=f"{run['judge']}: styles on {side} items",
                xlabel=f"GRPO step (lines: batches, mean of {width}; dots: held-out)",
                ylabel="share",
                ylim=(0, 1.02),
            )
        handles = [
            Line2D([], [], color=colours[(2 * i) % 20 + (2 * i >= 20)], label=name)
            for i, name in enumerate(style_names(styles))
        ]
        row[-1].legend(
            handles=handles,
            title="solid: paid in full\nby a correct reward",
            title_fontsize=7,
            fontsize=7,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
        )
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def longest_response(tok: Any, items: Sequence[Item], styles: dict) -> int:
    """Tokens in the longest taught response (with the end token), over items and answers."""
    texts = [
        response(it, ("unsafe",) * 3, a) + EOS_TOKEN
        for it in items
        for texts_ in styles.values()
        for a in texts_
    ]
    return max(len(ids) for ids in tok(texts, add_special_tokens=False)["input_ids"])


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    args = build_parser().parse_args(argv)
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
    if args.sft_steps is None:
        args.sft_steps = 600 if args.hack else 300
    if args.vocab_size is None:
        args.vocab_size = 768 if args.hack else 512
    tok = tiny_tokenizer(corpus(train + test, styles), vocab_size=args.vocab_size)
    longest = longest_response(tok, train + test, styles)
    if args.max_completion_length is None:  # room for the longest taught response
        args.max_completion_length = -(-(longest + 10) // 8) * 8
    if longest > args.max_completion_length:
        print(
            f"warning: the longest taught response is {longest} tokens, over "
            f"--max-completion-length {args.max_completion_length}: it is cut off",
            file=sys.stderr,
        )
    model = tiny_causal_lm(tok, seed=args.seed, hidden_size=args.hidden).to(args.device)
    sft_start = time.perf_counter()
    sft_loss = supervised(model, tok, train, styles, args)
    sft_seconds = time.perf_counter() - sft_start
    n_params = sum(p.numel() for p in model.parameters())
    blind_reward = safegrpo_reward(preset=args.preset, judge=_judge(args.judges[0]))
    blind, blind_text = prompt_blind_best(test, blind_reward, styles)
    print(
        f"policy: {n_params / 1e6:.2f}M parameters; supervised phase {args.sft_steps} steps "
        f"in {sft_seconds:.0f} s, last loss {sft_loss:.3f}; {len(train)} training and "
        f"{len(test)} held-out pairs; longest taught response {longest} tokens; best "
        f"prompt-blind reward {blind:.3f}"
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
        "longest_taught_tokens": longest,
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
