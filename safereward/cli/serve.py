"""``safereward serve``: the reward as an HTTP server (OpenRLHF's ``/get_reward`` + a JSON API)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from safereward.cli.main import CommandError
from safereward.cli.reward_options import add_reward_options, reward_config


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the reward over HTTP (OpenRLHF /get_reward, /v1/score, /health)",
        description="Serve the reward over HTTP. OpenRLHF: --reward.remote_url "
        "http://HOST:PORT/get_reward. Own API: POST /v1/score; GET /health; schema at /docs "
        "and /openapi.json. Listens on loopback unless --host says otherwise (no auth).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (8000)")
    parser.add_argument("--preset", help="strict (default) or paper")
    parser.add_argument("--judge", help="refusal judge name (default: the preset's own)")
    parser.add_argument(
        "--judge-kwargs",
        default="{}",
        help='JSON object of judge options, e.g. \'{"device": "cuda"}\'',
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="scoring processes (1); 0 scores in a thread of the server process",
    )
    parser.add_argument("--max-body-bytes", type=int, default=64 * 1024 * 1024)
    parser.add_argument("--max-batch", type=int, default=8192, help="items per request (8192)")
    parser.add_argument(
        "--max-response-chars", type=int, default=1_000_000, help="characters per text (1000000)"
    )
    parser.add_argument(
        "--score-timeout",
        type=float,
        default=60.0,
        help="seconds a scoring job may run; past it the worker is replaced and the request "
        "answered 504 (60)",
    )
    parser.add_argument(
        "--spare-after",
        type=float,
        default=2.0,
        help="seconds a job may run before a spare worker takes the requests behind it; 0: no "
        "spares (2)",
    )
    parser.add_argument(
        "--graceful-timeout", type=float, default=60.0, help="seconds to finish requests on stop"
    )
    limits = parser.add_argument_group("hostile-client limits")
    limits.add_argument("--max-json-depth", type=int, default=64, help="body nesting (64)")
    limits.add_argument("--max-label-depth", type=int, default=8, help="one item's labels (8)")
    limits.add_argument(
        "--max-label-bytes", type=int, default=64 * 1024, help="one item's labels as JSON (65536)"
    )
    limits.add_argument(
        "--header-timeout", type=float, default=10.0, help="seconds to send request headers (10)"
    )
    limits.add_argument(
        "--body-timeout", type=float, default=60.0, help="seconds to send a request body (60)"
    )
    limits.add_argument(
        "--keep-alive-timeout", type=float, default=30.0, help="idle keep-alive seconds (30)"
    )
    parser.add_argument("--log-level", default="info")
    add_reward_options(parser)
    parser.set_defaults(func=run)


def settings_from_args(args: argparse.Namespace) -> Any:
    """Validated ``ServerSettings``; a bad value or reward config is a ``CommandError``."""
    from pydantic import ValidationError

    from safereward import SafeGRPOReward
    from safereward.server.settings import ServerSettings

    try:
        judge_kwargs = json.loads(args.judge_kwargs)
    except ValueError as exc:
        raise CommandError(f"--judge-kwargs is not JSON: {exc}") from None
    reward = reward_config(args)  # --config, then --preset/--judge/--schema/--expression
    if isinstance(judge_kwargs, dict) and isinstance(reward.get("judge_kwargs"), dict):
        judge_kwargs = {**reward.pop("judge_kwargs"), **judge_kwargs}
    try:
        settings = ServerSettings(
            host=args.host,
            port=args.port,
            preset=reward.pop("preset", "strict"),
            judge=reward.pop("judge", None),
            judge_kwargs=judge_kwargs,
            reward=reward,
            workers=args.workers,
            max_body_bytes=args.max_body_bytes,
            max_batch=args.max_batch,
            max_response_chars=args.max_response_chars,
            score_timeout_s=args.score_timeout,
            spare_after_s=args.spare_after if args.spare_after != 0 else None,
            graceful_timeout_s=args.graceful_timeout,
            max_json_depth=args.max_json_depth,
            max_label_depth=args.max_label_depth,
            max_label_bytes=args.max_label_bytes,
            header_timeout_s=args.header_timeout,
            body_timeout_s=args.body_timeout,
            keep_alive_timeout_s=args.keep_alive_timeout,
            log_level=args.log_level,
        )
    except ValidationError as exc:
        problems = "; ".join(
            f"--{'-'.join(str(p) for p in e['loc']).removesuffix('_s').replace('_', '-')}: "
            f"{e['msg']}"
            for e in exc.errors()
        )
        raise CommandError(problems) from None
    try:
        reward = SafeGRPOReward.from_config(settings.reward_config())  # fail here, not in a worker
        check = getattr(reward.judge, "check", None)  # a guard model: is its server there?
        if callable(check):
            check()
    except (ValueError, TypeError, ImportError) as exc:
        raise CommandError(f"reward config: {exc}") from None
    return settings


def run(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    from safereward.server.run import serve  # without the server extra, main names it

    serve(settings)
    return 0
