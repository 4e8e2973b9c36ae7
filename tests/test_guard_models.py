"""The guard judge with real models: a tiny randomly initialised Qwen2 built here, taught for a
few steps to answer WildGuard's three lines, run by the local backend and served by a real
``transformers serve`` process on loopback (started once for this module, ~10-25 s). A taught
tiny model is no guard: these tests check batching, padding, parsing, fallbacks and metrics
end to end, not judgement. No network beyond loopback; nothing is downloaded.
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from safereward import SafeGRPOReward
from safereward.refusal.guard import FORMATS, GuardEndpointError, GuardJudge, LocalBackend
from safereward.refusal.guard.backends import GuardRequest
from safereward.testing.guard_stub import HARMFUL_MARKER, reply

PROMPT = "How do I build a bomb from these parts?"
REFUSE = "Sorry, I cannot help with that request."
HARMFUL = f"Sure: wire the {HARMFUL_MARKER} to the timer."
HELP = "Sure, here is a cake recipe with flour."
UNSAFE = {"image_tag": "safe", "text_tag": "unsafe", "combine_tag": "unsafe"}
SAFE = {"image_tag": "safe", "text_tag": "safe", "combine_tag": "safe"}
MAX_NEW = 40


def respond(answer: str, combined: str) -> str:
    text = "unsafe" if combined == "unsafe" else "safe"
    return (
        f"<think>Step 1: a photo. <visual_safe>safe</visual_safe> <text_safe>{text}</text_safe> "
        f"<combined_safe>{combined}</combined_safe> Step 5: done.</think><answer>{answer}</answer>"
    )


@pytest.fixture(autouse=True, scope="module")
def one_torch_thread() -> Iterator[None]:
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def taught(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Qwen2 taught to reply in WildGuard's format to these three pairs, saved with its
    tokenizer and chat template. Taught with the tokenizer as loaded back from disk (the class
    ``AutoTokenizer`` picks for a Qwen2 checkpoint splits text its own way), so what it learnt
    is what the backends and the server feed it."""
    from transformers import AutoTokenizer

    from safereward.testing.tiny import EOS_TOKEN, teach, tiny_causal_lm, tiny_tokenizer

    path = tmp_path_factory.mktemp("guard") / "tiny-wildguard"
    built = tiny_tokenizer()
    model = tiny_causal_lm(built)
    built.save_pretrained(path)
    model.save_pretrained(path)  # with config.json beside it, the tokenizer loads as served
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    fmt = FORMATS["wildguard"]
    texts = [
        tokenizer.apply_chat_template(
            fmt.messages(PROMPT, answer, 0), tokenize=False, add_generation_prompt=True
        )
        + reply("wildguard", answer)
        + EOS_TOKEN
        for answer in (REFUSE, HARMFUL, HELP)
    ]
    assert teach(model, tokenizer, texts, steps=120, lr=5e-3) < 0.2
    model.save_pretrained(path)
    return path


def test_the_local_form_scores_a_batch_end_to_end(taught: Path) -> None:
    reward = SafeGRPOReward(
        judge="guard",
        guard_format="wildguard",
        model=str(taught),
        judge_kwargs={"device": "cpu", "batch_size": 2, "max_new_tokens": MAX_NEW},
    )
    texts = [respond(REFUSE, "unsafe"), respond(HARMFUL, "unsafe"), respond(HELP, "safe")]
    results = reward.score_many(texts, [UNSAFE, UNSAFE, SAFE], [PROMPT] * 3)
    assert [r.log_fields()["judge/fallback"] for r in results] == [0.0, 0.0, 0.0]
    assert [r.answer_kind.value for r in results] == ["refusal", "compliance", "compliance"]
    assert [r.harmful for r in results] == [False, True, False]
    assert [r.total for r in results] == [1.0, 0.5, 1.0]
    # rewards pickle into Ray and process pools: the copy reloads the checkpoint and agrees
    clone = pickle.loads(pickle.dumps(reward))
    assert clone.judge.backend._model is None
    assert [r.total for r in clone.score_many(texts, [UNSAFE, UNSAFE, SAFE], [PROMPT] * 3)] == [
        1.0,
        0.5,
        1.0,
    ]


def test_left_padded_batches_generate_what_each_prompt_generates_alone(taught: Path) -> None:
    fmt = FORMATS["wildguard"]
    requests = [
        GuardRequest(fmt.messages(PROMPT, answer, 0))
        for answer in (REFUSE, HARMFUL, HELP, "Ok. " * 40 + REFUSE, "No.")
    ]
    batched = LocalBackend(taught, device="cpu", dtype="float32", batch_size=5)
    alone = LocalBackend(taught, device="cpu", dtype="float32", batch_size=1)
    processor, _ = batched.model()
    assert processor.padding_side == "left"
    together = batched.generate(requests, MAX_NEW, True)
    assert together == alone.generate(requests, MAX_NEW, True)
    assert together[:3] == [reply("wildguard", a) for a in (REFUSE, HARMFUL, HELP)]


def test_an_untaught_model_writes_noise_and_every_answer_falls_back() -> None:
    from safereward.testing.tiny import tiny_causal_lm, tiny_tokenizer

    tokenizer = tiny_tokenizer()
    judge = GuardJudge(
        "qwen3guard",
        backend=LocalBackend.from_objects(tiny_causal_lm(tokenizer, seed=3), tokenizer),
    )
    reward = SafeGRPOReward(judge=judge)
    texts = [respond(REFUSE, "unsafe"), respond(HELP, "safe"), respond(REFUSE, "unsafe")]
    results = reward.score_many(texts, [UNSAFE, SAFE, UNSAFE], [PROMPT, "Bake?", PROMPT])
    assert [r.fallback for r in results] == [True, True, True]
    assert [r.total for r in results] == [1.0, 1.0, 1.0]  # the lexical fallback read them
    # two answers, and the reasoning of the unsafe ones (where the behaviour term reads it)
    assert judge.failures == {"unparseable": 3} and judge.pairs_read == 3


def test_images_reach_a_vision_language_guard_through_its_processor() -> None:
    from safereward.testing.tiny import tiny_images, tiny_qwen2_5_vl

    model, processor = tiny_qwen2_5_vl()
    judge = GuardJudge("llama-guard-4", backend=LocalBackend.from_objects(model, processor))
    assert judge.backend.takes_images
    images = tiny_images(2)
    read = judge.read_pairs(
        [REFUSE, HELP], ["What is this?"] * 2, images=[[images[0]], [images[1]]]
    )
    # noise from a random model: unparseable, but generated (an image or padding error would
    # be an "error" failure)
    assert read.fallback.all() and judge.failures == {"unparseable": 2}


# -- a real OpenAI-compatible server: `transformers serve` ------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def transformers_serve(taught: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``transformers serve`` on the taught model, on a loopback port, offline."""
    port = free_port()
    exe = shutil.which("transformers", path=os.path.dirname(sys.executable))
    assert exe is not None, "transformers[serving] is in the dev extras"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    command = [exe, "serve", str(taught), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(
        [*command, "--device", "cpu"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    try:
        while True:
            assert proc.poll() is None, "transformers serve exited"
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "transformers serve did not start in 180 s"
            time.sleep(0.5)
        yield f"{base}/v1", proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(20)


def test_the_served_form_scores_a_batch_through_transformers_serve(
    taught: Path, transformers_serve: tuple[str, Any]
) -> None:
    base_url, _ = transformers_serve
    reward = SafeGRPOReward(
        judge="guard",
        guard_format="wildguard",
        base_url=base_url,
        model=str(taught),
        judge_kwargs={"max_new_tokens": MAX_NEW, "timeout_s": 60.0, "concurrency": 2},
    )
    texts = [respond(REFUSE, "unsafe"), respond(HARMFUL, "unsafe"), respond(HELP, "safe")]
    results = reward.score_many(texts, [UNSAFE, UNSAFE, SAFE], [PROMPT] * 3)
    assert [r.fallback for r in results] == [False, False, False]
    assert [r.answer_kind.value for r in results] == ["refusal", "compliance", "compliance"]
    assert [r.harmful for r in results] == [False, True, False]
    assert [r.total for r in results] == [1.0, 0.5, 1.0]


def test_transformers_serve_unknown_model_then_the_server_killed(
    taught: Path, transformers_serve: tuple[str, Any]
) -> None:
    base_url, proc = transformers_serve
    wrong = SafeGRPOReward(judge="guard", base_url=base_url, model="org/not-served")
    with pytest.raises(GuardEndpointError, match="HTTP 400"):
        wrong.score_many([respond(REFUSE, "unsafe")], [UNSAFE], [PROMPT])
    judge = GuardJudge(
        "wildguard", base_url=base_url, model=str(taught), max_new_tokens=MAX_NEW, timeout_s=60.0
    )
    assert not judge.read_pairs([REFUSE], [PROMPT]).fallback.any()
    os.killpg(proc.pid, signal.SIGTERM)  # the last test of the module: the server dies
    proc.wait(30)
    read = judge.read_pairs([REFUSE, HELP], [PROMPT] * 2)
    assert read.fallback.tolist() == [True, True] and judge.failures == {"connection": 2}
