"""safereward for OpenRLHF 0.11.2: a ``reward_func`` file and the ``prepare openrlhf`` writer.

Pass ``reward_func.py`` (its path: ``REWARD_FILE``) to ``--reward.remote_url``, or run
``safereward serve`` and pass ``http://HOST:PORT/get_reward``. Nothing here imports OpenRLHF.
"""

from pathlib import Path

REWARD_FILE = str(Path(__file__).resolve().with_name("reward_func.py"))
"""The absolute path to give ``--reward.remote_url``."""

LABEL_KEY = "label"
"""The dataset column (``--data.label_key``) holding the three tags as a JSON object string."""

__all__ = ["LABEL_KEY", "REWARD_FILE"]
