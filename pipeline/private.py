"""Private by construction: every folder that holds identifying data is 0700, every such file 0600.

Raw transcripts, ledgers, the key file, the roster copy, review decisions and the stage cache all go
through these helpers, so no command can leave identifying text readable by other users of a shared
lab machine because it forgot a ``chmod``. Writes are atomic (see :mod:`pipeline.atomic`).
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.atomic import atomic_path
from pipeline.errors import StorageError

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create (or tighten) ``path`` and any missing parents, readable by its owner only."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    try:
        path.mkdir(parents=True, exist_ok=True)
        for folder in (path, *missing):  # new parents too: they are the study's private tree
            os.chmod(folder, FOLDER_MODE)
    except OSError as exc:
        raise StorageError(f"cannot create private folder {path}: {exc.strerror or exc}") from exc
    return path


def new_private_parents(path: Path) -> None:
    """Create the missing folders above ``path`` readable by their owner only. A folder that exists is
    left as it is: it may be the user's own (the current folder, for ``redact --ledger ledger.json``);
    the study's own folders are tightened by :func:`private_dir` where they are opened."""
    if not path.parent.exists():
        private_dir(path.parent)


def write_private(path: Path, content: str | bytes) -> Path:
    """Atomically write ``content`` to ``path``, readable by its owner only (0600)."""
    new_private_parents(path)
    with atomic_path(path) as tmp:
        os.chmod(tmp, FILE_MODE)
        if isinstance(content, bytes):
            tmp.write_bytes(content)
        else:
            with tmp.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(content)
    return path


def append_private(path: Path, line: str) -> None:
    """Append one line (0600 file) and flush it to disk: logs are records."""
    new_private_parents(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        try:
            os.write(fd, (line.rstrip("\n") + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc
