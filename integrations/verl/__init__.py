"""safereward for verl 0.9.1: a drop-in ``compute_score`` file and the ``safegrpo`` reward manager.

Nothing here imports verl at import time: ``reward.py`` is loaded by verl from its file path,
and ``manager.py`` is imported by verl itself through the ``verl.plugins`` entry point.
"""

MANAGER_NAME = "safegrpo"
"""The name the reward manager is registered under (``reward.reward_manager.name``)."""

__all__ = ["MANAGER_NAME"]
