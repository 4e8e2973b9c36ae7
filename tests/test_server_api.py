"""The reward server's API on a real loopback server: answers, order, and every bad-input class."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from server_helpers import (
    GOOD_SAFE,
    GOOD_UNSAFE,
    LABELS_SAFE,
    LABELS_UNSAFE,
    expand_pads,
    label_json,
    qwen25_vl_prompt,
    running_server,
)

from safereward import SafeGRPOReward
from safereward.cli.main import main
from safereward.monitor import SAMPLE_METRICS
from safereward.testing.hack_bank import PROMPT_ONLY_ECHO, item_response
from safereward.testing.tiny import sample_responses

LIMITS = {"max_body_bytes": 20_000, "max_batch": 8, "max_response_chars": 2_000}


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    """A server with one scoring process and small jobs (so batches are split and merged)."""
    with running_server(workers=1, chunk_size=16) as url, httpx.Client(base_url=url) as c:
        yield c


@pytest.fixture(scope="module")
def small() -> Iterator[httpx.Client]:
    with running_server(workers=0, **LIMITS) as url, httpx.Client(base_url=url) as c:
        yield c


def test_health_and_openapi(client: httpx.Client) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["preset"] == "strict"
    assert health["judge"] == "keywords-paper"
    schema = client.get("/openapi.json").json()
    assert {"/get_reward", "/v1/score", "/health"} <= set(schema["paths"])
    request = schema["components"]["schemas"]["GetRewardRequest"]
    assert set(request["required"]) == {"query", "labels"}


def test_get_reward_matches_in_process_scoring_in_order(client: httpx.Client) -> None:
    responses = sample_responses(300, seed=3)
    labels = [LABELS_SAFE if i % 3 else LABELS_UNSAFE for i in range(300)]
    prompt = qwen25_vl_prompt()
    body = {
        "query": [expand_pads(prompt, 8) + r + "<|im_end|>" for r in responses],
        "prompts": [prompt] * 300,
        "labels": [label_json(lab) for lab in labels],
    }
    got = client.post("/get_reward", json=body)
    assert got.status_code == 200
    data = got.json()
    expected = (
        SafeGRPOReward(judge="keywords-paper").score_batch(responses, labels, [prompt] * 300)
    ).tolist()
    assert data["rewards"] == expected == data["scores"]
    assert len(set(expected)) > 2  # the order is actually tested
    assert all(len(v) == 300 for v in data["extra_logs"].values())
    assert set(data["recovery"]) == {"prefix_pads"}
    assert data["errors"] == [None] * 300


def test_get_reward_without_prompts_scores_queries_as_responses(client: httpx.Client) -> None:
    data = client.post("/get_reward", json={"query": [GOOD_SAFE], "labels": [LABELS_SAFE]}).json()
    assert data["rewards"] == [1.0]


def test_get_reward_answers_items_with_bad_labels_with_zero_and_a_reason(
    client: httpx.Client,
) -> None:
    body = {
        "query": [GOOD_SAFE, GOOD_SAFE, GOOD_UNSAFE, GOOD_SAFE],
        "labels": [LABELS_SAFE, "", {"image_tag": "safe", "text_tag": "??"}, None],
    }
    data = client.post("/get_reward", json=body).json()
    assert data["rewards"] == [1.0, 0.0, 0.0, 0.0]
    assert data["errors"][0] is None
    assert "text" in data["errors"][2] and "'??'" in data["errors"][2]
    assert data["extra_logs"]["label_error"] == [0.0, 1.0, 1.0, 1.0]


def test_get_reward_extra_logs_carry_the_hack_monitor_flags(client: httpx.Client) -> None:
    padded = GOOD_SAFE.replace("<answer>", "<answer>" + "\u3000" * 20)
    hollow = GOOD_SAFE.replace("Preheat the oven to 180C.", "N/A")
    body = {"query": [padded, hollow, GOOD_SAFE], "labels": [LABELS_SAFE] * 3}
    logs = client.post("/get_reward", json=body).json()["extra_logs"]
    assert set(SAMPLE_METRICS) <= set(logs)
    assert logs["hacks/padding"] == [1.0, 0.0, 0.0]
    assert logs["hacks/non_answer"] == [0.0, 1.0, 0.0]
    assert logs["hacks/answer_chars"] == [25.0, 3.0, 25.0]


def test_get_reward_reads_the_prompt_before_each_response(client: httpx.Client) -> None:
    """An answer echoing its prompt is a non-answer; a response sent bare has no prompt."""
    item = PROMPT_ONLY_ECHO  # its echo reads as help without the prompt
    prompt = qwen25_vl_prompt(item.question)
    echo, honest = item_response(item, item.question), item_response(item, item.honest)
    body = {
        "query": [expand_pads(prompt, 4) + r + "<|im_end|>" for r in (echo, honest)],
        "prompts": [prompt] * 2,
        "labels": [item.dataset_labels] * 2,
    }
    data = client.post("/get_reward", json=body).json()
    assert data["rewards"] == [0.5, 1.0]
    assert data["extra_logs"]["non_answer"] == [1.0, 0.0]
    bare = client.post("/get_reward", json={"query": [echo], "labels": [item.dataset_labels]})
    assert bare.json()["rewards"] == [1.0]


def test_empty_batch(client: httpx.Client) -> None:
    data = client.post("/get_reward", json={"query": [], "prompts": [], "labels": []}).json()
    assert data["rewards"] == [] and data["extra_logs"] == {}


def test_v1_score_full_breakdown(client: httpx.Client) -> None:
    broken = GOOD_SAFE.replace("</answer>", "")
    body = {"responses": [GOOD_SAFE, broken], "labels": [LABELS_SAFE, label_json(LABELS_SAFE)]}
    results = client.post("/v1/score", json=body).json()["results"]
    reward = SafeGRPOReward(judge="keywords-paper")
    assert results[0] == reward.score(GOOD_SAFE, LABELS_SAFE).to_dict()
    assert results[1]["total"] == 0.0 and results[1]["terms"]["format"] == 0.0
    assert results[1]["violations"][0]["kind"]  # says why the format failed
    assert results[0]["refused"] is False


def test_v1_score_rejects_bad_labels_unless_asked_to_zero(client: httpx.Client) -> None:
    body = {"responses": [GOOD_SAFE, GOOD_SAFE], "labels": [LABELS_SAFE, {"image_tag": "x"}]}
    got = client.post("/v1/score", json=body)
    assert got.status_code == 422
    assert got.json()["detail"].startswith("labels[1]: ")
    assert "'x'" in got.json()["detail"]
    got = client.post("/v1/score", json={**body, "on_label_error": "zero"})
    assert got.status_code == 200
    assert [r["total"] for r in got.json()["results"]] == [1.0, 0.0]
    assert got.json()["results"][1]["error"]


def test_v1_score_left_out_labels_are_rejected_only_when_a_rule_needs_them(
    client: httpx.Client,
) -> None:
    body = {"responses": [GOOD_SAFE], "labels": [None]}
    got = client.post("/v1/score", json=body)
    assert got.status_code == 422
    assert got.json()["detail"].startswith("labels[0]: rule 'tag' compares the response")
    got = client.post("/v1/score", json={**body, "on_label_error": "zero"})
    assert got.status_code == 200 and got.json()["results"][0]["total"] == 0.0


BAD_BODIES = [
    (b"{not json", "malformed JSON"),
    (b"", "body: Field required"),
    (b"[1, 2]", "body: Input should be a valid dictionary"),
    (b'{"labels": []}', "query: Field required"),
    (b'{"query": ["a"]}', "labels: Field required"),
    (b'{"query": "a", "labels": ["x"]}', "query: Input should be a valid list"),
    (b'{"query": ["a", 5], "labels": [1, 2]}', "query[1]: Input should be a valid string"),
    (b'{"query": ["a"], "labels": {"image_tag": "safe"}}', "labels: Input should be a valid list"),
    (b'{"query": ["a"], "labels": [1, 2]}', "'labels' has 2 items but 'query' has 1"),
    (b'{"query": ["a"], "prompts": [], "labels": [1]}', "'prompts' has 0 items but 'query' has 1"),
    (b'{"query": ["a"], "prompts": [null], "labels": [1]}', "prompts[0]: Input should be"),
]


@pytest.mark.parametrize(("body", "message"), BAD_BODIES)
def test_unusable_bodies_are_422_naming_the_field(
    client: httpx.Client, body: bytes, message: str
) -> None:
    got = client.post("/get_reward", content=body, headers={"content-type": "application/json"})
    assert got.status_code == 422
    assert message in got.json()["detail"]


def test_v1_score_body_errors(client: httpx.Client) -> None:
    got = client.post("/v1/score", json={"responses": ["a"], "labels": [], "extra": 1})
    assert got.status_code == 422
    detail = got.json()["detail"]
    assert "extra: Extra inputs are not permitted" in detail


def test_limits_answer_413_with_the_limit(small: httpx.Client) -> None:
    assert small.get("/health").json()["limits"] == LIMITS
    got = small.post("/get_reward", json={"query": ["a"] * 9, "labels": [LABELS_SAFE] * 9})
    assert got.status_code == 413 and "limit is 8" in got.json()["detail"]
    got = small.post("/get_reward", json={"query": ["a", "b" * 2001], "labels": [1, 2]})
    assert got.status_code == 413
    assert "'query[1]' has 2001 characters; the limit is 2000" in got.json()["detail"]
    got = small.post("/get_reward", json={"query": ["a"], "prompts": ["p" * 2001], "labels": [1]})
    assert got.status_code == 413 and "prompts[0]" in got.json()["detail"]
    got = small.post("/v1/score", json={"responses": ["r" * 2001], "labels": [1]})
    assert got.status_code == 413 and "responses[0]" in got.json()["detail"]
    big = json.dumps({"query": ["a" * 1000] * 30, "labels": [1] * 30}).encode()
    got = small.post("/get_reward", content=big, headers={"content-type": "application/json"})
    assert got.status_code == 413 and "limit of 20000 bytes" in got.json()["detail"]


def test_chunked_body_over_the_limit_is_413(small: httpx.Client) -> None:
    def stream() -> Iterator[bytes]:
        yield b'{"query": ["'
        for _ in range(30):
            yield b"a" * 1000
        yield b'"], "labels": [1]}'

    got = small.post("/get_reward", content=stream(), headers={"content-type": "application/json"})
    assert got.status_code == 413 and "more than" in got.json()["detail"]
    assert small.get("/health").status_code == 200


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--preset", "lenient"], "preset"),
        (["--judge", "nope"], "nope"),
        (["--judge-kwargs", "{bad"], "--judge-kwargs"),
        (["--workers", "-1"], "--workers"),
        (["--port", "70000"], "--port"),
    ],
)
def test_cli_rejects_bad_settings_before_serving(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["serve", *argv]) == 2
    assert message in capsys.readouterr().err
