"""The training commands in docs/openrlhf.md use flags that OpenRLHF 0.11.2's trainer defines."""

from __future__ import annotations

import re
from pathlib import Path

import openrlhf

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "openrlhf.md"


def trainer_flags() -> set[str]:
    source = (Path(openrlhf.__file__).parent / "cli" / "train_ppo_ray.py").read_text()
    flags = set(re.findall(r'"(--[a-z][a-z0-9_.]*)"', source))
    for template in re.findall(r'f"--\{prefix\}(\.[a-z0-9_.]+)"', source):
        flags |= {f"--actor{template}", f"--critic{template}"}
    return flags


def test_guide_training_flags_exist_in_openrlhf() -> None:
    flags = trainer_flags()
    assert "--reward.remote_url" in flags and "--remote_rm_url" not in flags
    text = GUIDE.read_text()
    command = text[text.index("python -m openrlhf.cli.train_ppo_ray") :].split("```")[0]
    used = set(re.findall(r"(--[a-z][a-z0-9_.]*)", command))
    assert len(used) > 15
    assert used <= flags, sorted(used - flags)
    assert "--reward.remote_url http://127.0.0.1:5000/get_reward" in text
