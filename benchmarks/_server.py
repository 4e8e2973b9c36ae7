"""A ``safereward serve`` process for the server benchmarks: started, awaited, measured, stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(args: Sequence[str], timeout_s: float = 120) -> Iterator[tuple[str, int]]:
    """``safereward serve ARGS`` on a free loopback port; yields (base URL, server pid)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "safereward.cli.main", "serve", "--host", "127.0.0.1",
         "--port", str(port), *args],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with status {process.returncode}")
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=60)


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of ``pid`` in KiB (Linux); empty if it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    fields = (line.split(":") for line in text.splitlines())
    return {k: int(v.split()[0]) for k, v in fields if k in ("VmRSS", "VmHWM")}


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def memory_mib(pid: int) -> dict[str, float]:
    """Resident memory of the server and its worker processes: now, and the peak of each."""
    procs = [pid, *_children(pid)]
    stats = [_status(p) for p in procs]
    return {
        "rss_server": stats[0].get("VmRSS", 0) / 1024,
        "rss_total": sum(s.get("VmRSS", 0) for s in stats) / 1024,
        "peak_server": stats[0].get("VmHWM", 0) / 1024,
        "peak_total": sum(s.get("VmHWM", 0) for s in stats) / 1024,
        "processes": len(procs),
    }
