"""The guard judge on a benchmark's command line: ``--guard-format``, ``--base-url``,
``--model`` and the backends' options, shared by ``refusal_quality.py`` and ``behaviour.py``
(``--judge guard``; see docs/guard.md)."""

from __future__ import annotations

import argparse
from typing import Any

SERVED = ("api_key_env", "concurrency", "timeout_s", "deadline_s")
LOCAL = ("device", "dtype", "batch_size")


def add_guard_options(ap: argparse.ArgumentParser) -> None:
    g = ap.add_argument_group("guard judge (--judge guard; see docs/guard.md)")
    g.add_argument("--guard-format", default="wildguard", help="wildguard, llama-guard-3, ...")
    g.add_argument("--base-url", help="an OpenAI-compatible server's API root (.../v1)")
    g.add_argument("--model", help="the served model's name, or a local checkpoint path")
    g.add_argument("--api-key-env", help="environment variable holding the server's API key")
    g.add_argument("--concurrency", type=int, help="served: requests in flight (64)")
    g.add_argument("--timeout-s", type=float, help="served: seconds per request (30)")
    g.add_argument("--deadline-s", type=float, help="served: seconds per batch (120)")
    g.add_argument("--device", help="local: cuda, cpu, ... (default: cuda when present)")
    g.add_argument(
        "--dtype",
        help="local: auto, bfloat16, float16, float32 (refusal_quality without --judge guard: the "
        "embedding encoder's, float32 or bfloat16)",
    )
    g.add_argument("--batch-size", type=int, help="local: prompts per generate call (16)")


def guard_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """``load_judge("guard", **kwargs)`` / ``judge_kwargs`` for the command line's guard."""
    if not args.model:
        raise SystemExit(
            "--judge guard needs --model (a served model's name with --base-url, or a path)"
        )
    out: dict[str, Any] = {"guard_format": args.guard_format, "model": args.model}
    if args.base_url:
        out["base_url"] = args.base_url
    for key in (*SERVED, *LOCAL):
        value = getattr(args, key, None)
        if value is not None:
            out[key] = value
    return out
