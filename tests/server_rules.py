"""Reward expressions that misbehave on a marker, for the server's deadline tests.

A module of its own (``server_rules:HANGS``), importable by the server's worker processes:
they are spawned with the test process's ``sys.path``.
"""

from __future__ import annotations

import os
import time

from safereward import FORMAT, gate, rule

HANG = "HANG-NOW"
"""An answer holding this makes ``HANGS`` sleep for ``HANG_S`` seconds."""
HANG_S = 120.0
DIE = "DIE-NOW"
"""An answer holding this makes ``DIES`` end its worker process at once."""


@rule("hangs_on_marker", uses_verdict=False)
def _hangs(ctx) -> float:
    if HANG in (ctx.parsed.answer or ""):
        time.sleep(HANG_S)
    return 1.0


@rule("dies_on_marker", uses_verdict=False)
def _dies(ctx) -> float:
    if DIE in (ctx.parsed.answer or ""):
        os._exit(3)
    return 1.0


HANGS = gate(FORMAT) * _hangs
DIES = gate(FORMAT) * _dies
