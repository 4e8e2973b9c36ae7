"""The reward over HTTP (``safereward serve``): OpenRLHF's ``/get_reward`` and a JSON API.

``settings`` and ``models`` are plain pydantic; FastAPI and uvicorn (the ``server`` extra) are
imported only by ``app`` and ``run``.
"""

from safereward.server.settings import ServerSettings

__all__ = ["ServerSettings"]
