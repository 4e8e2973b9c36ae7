"""Where a guard model runs: in this process (``LocalBackend``) or behind an OpenAI-compatible
chat-completions endpoint (``ServedBackend``: vLLM, SGLang, ``transformers serve``).

A backend turns a list of chat requests into one reply per request, each either the guard's
text or a ``Failure`` saying why there is none (a timeout, a refused connection, an HTTP error,
the batch deadline). It never raises on a batch, with one exception: a served endpoint that is
misconfigured (a wrong URL, an unknown model, a missing API key) raises ``GuardEndpointError``
before it has ever answered, so a bad setting stops a run at its first batch with one clear
error instead of reading every answer with the fallback judge.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import functools
import io
import json
import logging
import os
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol, runtime_checkable
from urllib.parse import urlsplit

from safereward.refusal.torch_backend import LazyModel, pick_device

logger = logging.getLogger("safereward.guard")

__all__ = [
    "DEFAULT_API_KEY_ENV",
    "Failure",
    "GuardBackend",
    "GuardEndpointError",
    "GuardRequest",
    "LocalBackend",
    "ServedBackend",
]

DEFAULT_API_KEY_ENV = "SAFEREWARD_GUARD_API_KEY"
"""The environment variable a served guard's API key is read from, unless told otherwise."""


class GuardEndpointError(ValueError):
    """A served guard that cannot work as configured (raised before it has ever answered)."""


class Failure(NamedTuple):
    """Why a request has no reply: ``kind`` is one of timeout, connection, http, deadline,
    bad_reply, error, unparseable; ``detail`` says more (never the API key)."""

    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


class GuardRequest(NamedTuple):
    """One chat for a guard, and the images its image parts stand for (in order)."""

    messages: list[dict[str, Any]]
    images: tuple[Any, ...] = ()


Reply = str | Failure


@runtime_checkable
class GuardBackend(Protocol):
    """Generates a guard's replies; never raises on a batch except ``GuardEndpointError``."""

    takes_images: bool

    def generate(
        self, requests: Sequence[GuardRequest], max_new_tokens: int, generation_prompt: bool
    ) -> list[Reply]: ...


def _clip(text: object, limit: int = 200) -> str:
    s = str(text).replace("\n", " ")
    return s if len(s) <= limit else s[: limit - 3] + "..."


# -- served ------------------------------------------------------------------------------------


class ServedBackend:
    """An OpenAI-compatible ``/chat/completions`` endpoint, called asynchronously.

    At most ``concurrency`` requests are in flight; each has ``timeout_s`` and is retried up to
    ``retries`` times after a timeout, a dropped connection, 408, 429 or a 5xx, waiting
    ``backoff_s``, then twice that, and so on; the whole batch stops at ``deadline_s`` (what has
    no reply by then is a ``deadline`` failure). Greedy: ``temperature`` 0. The API key is read
    from the environment variable ``api_key_env`` when a batch starts and sent only as a bearer
    header; it is never stored, pickled, printed or logged.

    Until the endpoint has answered once, the first request of a batch goes alone, as a probe:
    a refused connection, an unknown host, an HTTP 4xx or a 200 that is not a chat completion
    raises ``GuardEndpointError`` naming the URL and the model. After that, every failure is
    per request and goes to the judge's fallback.
    """

    takes_images = True

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key_env: str | None = None,
        concurrency: int = 64,
        timeout_s: float = 30.0,
        retries: int = 2,
        backoff_s: float = 0.5,
        deadline_s: float = 120.0,
        extra_body: dict[str, Any] | None = None,
    ) -> None:
        self.url = chat_url(base_url)
        if not isinstance(model, str) or not model:
            raise ValueError("a served guard needs model= (the model name the server serves)")
        if concurrency < 1 or retries < 0:
            raise ValueError("concurrency must be >= 1 and retries >= 0")
        if not (timeout_s > 0 and deadline_s > 0 and backoff_s >= 0):
            raise ValueError("timeout_s and deadline_s must be > 0, backoff_s >= 0")
        if api_key_env is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", api_key_env):
            raise ValueError(
                f"api_key_env must name an environment variable (e.g. OPENAI_API_KEY), "
                f"got {api_key_env!r}; the key itself never goes into a config"
            )
        self.model = model
        self.api_key_env = api_key_env
        self.concurrency = int(concurrency)
        self.timeout_s = float(timeout_s)
        self.retries = int(retries)
        self.backoff_s = float(backoff_s)
        self.deadline_s = float(deadline_s)
        self.extra_body = dict(extra_body or {})
        self.checked = False
        """The endpoint has answered a chat completion in this process."""

    def __repr__(self) -> str:
        key = self.api_key_env or DEFAULT_API_KEY_ENV
        return f"ServedBackend(url={self.url!r}, model={self.model!r}, api key from ${key})"

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["checked"] = False  # another process checks the endpoint again
        return state

    def generate(
        self, requests: Sequence[GuardRequest], max_new_tokens: int, generation_prompt: bool
    ) -> list[Reply]:
        if not requests:
            return []
        return _run(self._batch(list(requests), max_new_tokens))

    def _headers(self) -> dict[str, str]:
        name = self.api_key_env or DEFAULT_API_KEY_ENV
        key = os.environ.get(name, "")
        if self.api_key_env is not None and not key:
            raise GuardEndpointError(
                f"guard endpoint {self.url}: api_key_env={name!r} but ${name} is not set "
                "where the reward runs"
            )
        return {"Authorization": f"Bearer {key}"} if key else {}

    async def _batch(self, requests: list[GuardRequest], max_new_tokens: int) -> list[Reply]:
        import aiohttp

        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.deadline_s
        out: list[Reply | None] = [None] * len(requests)
        connector = aiohttp.TCPConnector(limit=self.concurrency, force_close=False)
        timeout = aiohttp.ClientTimeout(total=self.timeout_s)
        async with aiohttp.ClientSession(
            connector=connector,
            timeout=timeout,
            headers=self._headers(),
            cookie_jar=aiohttp.DummyCookieJar(),  # a guard sets no cookies: skip the jar
        ) as session:
            start = 0
            if not self.checked:  # a probe: a misconfigured endpoint raises here
                out[0] = await self._one(session, requests[0], max_new_tokens, deadline)
                start = 1
            todo = iter(range(start, len(requests)))

            async def worker() -> None:  # ``concurrency`` workers: at most that many in flight
                for i in todo:
                    try:
                        out[i] = await self._one(session, requests[i], max_new_tokens, deadline)
                    except GuardEndpointError:
                        raise
                    except Exception as exc:  # never lose the batch to one request
                        out[i] = Failure("error", _clip(repr(exc)))

            workers = min(self.concurrency, len(requests) - start)
            tasks = [asyncio.create_task(worker()) for _ in range(workers)]
            if tasks:
                done, pending = await asyncio.wait(tasks, timeout=max(deadline - loop.time(), 0))
                for task in pending:
                    task.cancel()
                await asyncio.gather(*pending, return_exceptions=True)
                for task in done:
                    if task.exception() is not None:  # only GuardEndpointError gets here
                        raise task.exception()  # type: ignore[misc]
        missed = Failure("deadline", f"no reply within the batch deadline of {self.deadline_s}s")
        return [missed if r is None else r for r in out]

    async def _one(
        self, session: Any, request: GuardRequest, max_new_tokens: int, deadline: float
    ) -> Reply:
        import aiohttp

        body = {
            **self.extra_body,
            "model": self.model,
            "messages": _with_images(request),
            "max_tokens": max_new_tokens,
            "temperature": 0,
        }
        payload = json.dumps(body).encode()
        url = _url(self.url)
        loop = asyncio.get_running_loop()
        last = Failure("deadline", "the batch deadline passed before the request was sent")
        for attempt in range(self.retries + 1):
            if attempt:
                wait = self.backoff_s * 2 ** (attempt - 1)
                if loop.time() + wait >= deadline:
                    break
                await asyncio.sleep(wait)
            try:
                async with session.post(url, data=payload, headers=_JSON) as resp:
                    text = (await resp.read()).decode("utf-8", "replace")
                    status = resp.status
            except TimeoutError:
                last = Failure("timeout", f"no reply within {self.timeout_s}s")
                continue
            except aiohttp.ClientConnectorError as exc:
                last = Failure("connection", _clip(exc))
                if not self.checked:
                    raise GuardEndpointError(
                        f"guard endpoint {self.url}: cannot connect ({_clip(exc)}); check "
                        "base_url (the server's API root, e.g. http://127.0.0.1:8000/v1) and "
                        "that the server is up"
                    ) from None
                continue
            except aiohttp.ClientError as exc:  # dropped connection, bad payload
                last = Failure("connection", _clip(repr(exc)))
                continue
            if status == 200:
                content = _content(text)
                if content is not None:
                    self.checked = True
                    return content
                if not self.checked:
                    raise GuardEndpointError(
                        f"guard endpoint {self.url} answered 200 but not with a chat "
                        f"completion ({_clip(text)}); check base_url"
                    )
                return Failure("bad_reply", f"not a chat completion: {_clip(text)}")
            if status in (408, 429) or status >= 500:
                last = Failure("http", f"HTTP {status}: {_clip(text)}")
                continue
            if not self.checked:
                raise GuardEndpointError(_explain(self.url, self.model, status, text))
            return Failure("http", f"HTTP {status}: {_clip(text)}")
        return last


_JSON = {"Content-Type": "application/json"}


@functools.lru_cache(maxsize=64)
def _url(url: str) -> Any:
    """The URL parsed once (aiohttp parses a string URL on every request)."""
    from yarl import URL

    return URL(url)


def chat_url(base_url: str) -> str:
    """The chat-completions URL of an OpenAI-style API root (``.../v1``); a full
    ``.../chat/completions`` URL is taken as it is."""
    if not isinstance(base_url, str) or not base_url:
        raise ValueError("base_url must be the server's API root, e.g. http://127.0.0.1:8000/v1")
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"base_url {base_url!r} is not an http(s) URL; give the API root, e.g. "
            "http://127.0.0.1:8000/v1"
        )
    url = base_url.rstrip("/")
    return url if url.endswith("/chat/completions") else url + "/chat/completions"


def _explain(url: str, model: str, status: int, text: str) -> str:
    why = {
        401: "unauthorized: set the API key's environment variable (api_key_env)",
        403: "forbidden: the API key is not accepted",
        404: "not found: base_url should be the API root (often ending in /v1), or the model "
        "is unknown",
    }.get(status, f"the server refused the request; is model={model!r} the name it serves?")
    return f"guard endpoint {url} answered HTTP {status} ({why}): {_clip(text)}"


def _content(text: str) -> str | None:
    try:
        data = json.loads(text)
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return content if isinstance(content, str) else None


def _with_images(request: GuardRequest) -> list[dict[str, Any]]:
    """The messages with each ``{"type": "image"}`` part as an OpenAI ``image_url`` part."""
    if not request.images:
        return request.messages
    images = iter(request.images)
    out = []
    for message in request.messages:
        content = message.get("content")
        if isinstance(content, list):
            parts = []
            for part in content:
                if isinstance(part, dict) and part.get("type") == "image":
                    url = _data_url(next(images, None))
                    if url is not None:
                        parts.append({"type": "image_url", "image_url": {"url": url}})
                else:
                    parts.append(part)
            message = {**message, "content": parts}
        out.append(message)
    return out


def _data_url(image: Any) -> str | None:
    """An image as a URL a chat endpoint reads: URLs as given, bytes and PIL images as PNG
    data URLs."""
    if image is None:
        return None
    if isinstance(image, str):
        return image
    if isinstance(image, (bytes, bytearray)):
        raw = bytes(image)
    elif isinstance(image, dict) and isinstance(image.get("bytes"), (bytes, bytearray)):
        raw = bytes(image["bytes"])  # a datasets/parquet image struct
    else:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        raw = buffer.getvalue()
    return "data:image/png;base64," + base64.b64encode(raw).decode("ascii")


def _run(coro: Any) -> Any:
    """Run ``coro`` to completion from synchronous code, also when this thread already runs an
    event loop (then on a helper thread, with a loop of its own)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


# -- local -------------------------------------------------------------------------------------

_DTYPES = ("auto", "float32", "bfloat16", "float16")


class LocalBackend(LazyModel):
    """A Hugging Face causal LM (or image-text-to-text model) on this machine.

    Prompts are rendered with the checkpoint's chat template, left-padded (decoder-only models
    generate after the last position), sorted by length into batches of ``batch_size`` and
    decoded greedily; only the new tokens are read. Images go to the processor when the
    checkpoint has one that takes them. A batch that fails (out of memory, say) gives a
    ``Failure`` for its requests and the others go on. Loads with ``local_files_only``.
    """

    def __init__(
        self,
        model: str | Path,
        *,
        device: str | None = None,
        dtype: str = "auto",
        batch_size: int = 16,
    ) -> None:
        super().__init__()
        path = Path(model)
        if not (path / "config.json").is_file():
            raise FileNotFoundError(
                f"no model checkpoint (config.json) at {path}; a local guard takes model=PATH "
                "(a served one takes base_url= and the model's served name)"
            )
        if dtype not in _DTYPES:
            raise ValueError(f"dtype must be one of {', '.join(_DTYPES)}, got {dtype!r}")
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self.path: Path | None = path
        self.device = pick_device(device)
        self.dtype = dtype
        self.batch_size = int(batch_size)
        self.model()  # load now: a bad checkpoint fails when the judge is built

    @classmethod
    def from_objects(
        cls, model: Any, processor: Any, *, device: str | None = None, batch_size: int = 16
    ) -> LocalBackend:
        """A backend around a loaded model and its tokenizer or processor (tests, notebooks)."""
        self = cls.__new__(cls)
        LazyModel.__init__(self)
        self.path = None
        self.device = pick_device(device)
        self.dtype = "as loaded"
        self.batch_size = int(batch_size)
        self._model = _prepared(processor, model.to(self.device).eval())
        return self

    def __repr__(self) -> str:
        return f"LocalBackend(path={self.path!r}, device={self.device!r}, dtype={self.dtype!r})"

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        if self.path is None:  # built from objects: nothing to reload them from
            state["_model"] = self._model
        return state

    @property
    def takes_images(self) -> bool:  # type: ignore[override]
        processor, _ = self.model()
        return getattr(processor, "image_processor", None) is not None

    def _load(self) -> Any:
        import transformers

        assert self.path is not None
        processor: Any
        try:
            processor = transformers.AutoProcessor.from_pretrained(self.path, local_files_only=True)
        except Exception:  # a checkpoint without a processor config: its tokenizer
            processor = transformers.AutoTokenizer.from_pretrained(self.path, local_files_only=True)
        auto = (
            transformers.AutoModelForImageTextToText
            if getattr(processor, "image_processor", None) is not None
            else transformers.AutoModelForCausalLM
        )
        net = auto.from_pretrained(self.path, local_files_only=True, dtype=self.dtype)
        return _prepared(processor, net.to(self.device).eval())

    def generate(
        self, requests: Sequence[GuardRequest], max_new_tokens: int, generation_prompt: bool
    ) -> list[Reply]:
        if not requests:
            return []
        processor, net = self.model()
        try:
            texts = [
                processor.apply_chat_template(
                    r.messages, tokenize=False, add_generation_prompt=generation_prompt
                )
                for r in requests
            ]
        except Exception as exc:  # a template that rejects these messages: every item falls back
            return [Failure("error", f"chat template failed: {_clip(repr(exc))}")] * len(requests)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[Reply] = [Failure("error", "not generated")] * len(texts)
        with self._lock:
            for at in range(0, len(order), self.batch_size):
                part = order[at : at + self.batch_size]
                try:
                    replies = self._generate(
                        processor,
                        net,
                        [texts[i] for i in part],
                        [requests[i] for i in part],
                        max_new_tokens,
                    )
                except Exception as exc:
                    replies = [Failure("error", _clip(repr(exc)))] * len(part)
                for i, reply in zip(part, replies, strict=True):
                    out[i] = reply
        return out

    def _generate(
        self,
        processor: Any,
        net: Any,
        texts: list[str],
        requests: list[GuardRequest],
        max_new_tokens: int,
    ) -> list[Reply]:
        import torch

        tokenizer = getattr(processor, "tokenizer", processor)
        images = [img for r in requests for img in r.images]
        if images and getattr(processor, "image_processor", None) is not None:
            enc = processor(text=texts, images=images, padding=True, return_tensors="pt")
        else:
            enc = tokenizer(texts, padding=True, return_tensors="pt", add_special_tokens=False)
        enc = {k: v.to(self.device) if hasattr(v, "to") else v for k, v in enc.items()}
        started = time.perf_counter()
        with torch.inference_mode():
            ids = net.generate(
                **enc,
                max_new_tokens=max_new_tokens,
                do_sample=False,
                pad_token_id=tokenizer.pad_token_id,
            )
        logger.debug("guard: %d prompts in %.3fs", len(texts), time.perf_counter() - started)
        new = ids[:, enc["input_ids"].shape[1] :]
        return list(tokenizer.batch_decode(new, skip_special_tokens=True))


def _prepared(processor: Any, net: Any) -> tuple[Any, Any]:
    """Left padding and a pad token, set once on the guard's own tokenizer; a checkpoint
    without a chat template fails here, when the judge is built."""
    tokenizer = getattr(processor, "tokenizer", processor)
    tokenizer.padding_side = "left"
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    template = getattr(processor, "chat_template", None) or getattr(
        tokenizer, "chat_template", None
    )
    if not template:
        raise ValueError("the guard checkpoint has no chat template; guard formats need one")
    return processor, net
