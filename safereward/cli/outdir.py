"""An output folder written all at once: a run's files appear together, or not at all.

``safereward score --out DIR`` writes several files that describe one run. Written in place, a
crash, a corrupt input or Ctrl-C would leave a truncated ``scores.jsonl`` beside the
``report.json`` of an earlier run, which reads as complete. Here every file is written under a
hidden temporary name in ``DIR`` and renamed into place only by ``commit``; files of the set
that this run did not write (e.g. ``report.png`` with ``--no-figure``) are removed then, so no
file of an earlier run is left beside new ones. ``abort`` removes the temporary files (and the
folder, if this run created it and it is empty), leaving ``DIR`` as it was.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO

from safereward.cli.main import CommandError


class OutputDir:
    """The files ``names`` of one run in ``path``; use ``open``/``temp``, then commit or abort."""

    def __init__(self, path: Path, names: tuple[str, ...]) -> None:
        self.path = path
        self.names = names
        self._temps: dict[str, Path] = {}
        self._created = _make_dirs(path)

    def temp(self, name: str) -> Path:
        """Where to write ``name`` until commit (same folder, so the rename is atomic)."""
        if name not in self.names:
            raise ValueError(f"{name!r} is not one of {self.names}")
        if name not in self._temps:
            stem, dot, suffix = name.rpartition(".")
            self._temps[name] = self.path / f".{stem}.partial-{os.getpid()}{dot}{suffix}"
        return self._temps[name]

    def open(self, name: str) -> IO[str]:
        """A text file for ``name``; a folder that cannot be written to is a ``CommandError``."""
        try:
            return self.temp(name).open("w", encoding="utf-8")
        except OSError as exc:
            self.abort()
            raise CommandError(f"--out {self.path}: cannot write there ({_reason(exc)})") from None

    def commit(self) -> None:
        """Move every written file into place and drop the earlier run's files not rewritten."""
        for name in self.names:
            final = self.path / name
            temp = self._temps.get(name)
            if temp is not None and temp.exists():
                os.replace(temp, final)
            elif final.is_file() or final.is_symlink():
                final.unlink()
        self._temps.clear()

    def abort(self) -> None:
        """Remove this run's temporary files; leave the folder as it was before the run."""
        for temp in self._temps.values():
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
        self._temps.clear()
        for folder in reversed(self._created):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty: never remove what someone else put there


def _make_dirs(path: Path) -> list[Path]:
    """Create ``path`` and missing parents; the ones created, outermost first."""
    if path.exists() and not path.is_dir():
        raise CommandError(f"--out {path}: exists and is not a folder")
    missing = [p for p in (path, *path.parents) if not p.exists()][::-1]
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"--out {path}: cannot create the folder ({_reason(exc)})") from None
    return missing


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
