"""Atomic file writes: an interrupted run never leaves a half-written transcript or model file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from pipeline.errors import StorageError


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it is renamed over ``path``, on error removed.

    The temporary file lives in the destination folder so the final rename never crosses filesystems.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_open(path: Path, mode: str = "w") -> Iterator[IO]:
    """Open a file for writing that appears at ``path`` only once it is complete."""
    binary = "b" in mode
    with atomic_path(path) as tmp:
        handle = tmp.open(mode) if binary else tmp.open(mode, encoding="utf-8", newline="\n")
        with handle:
            yield handle


def write_text_atomic(path: Path, content: str) -> None:
    with atomic_open(path) as handle:
        handle.write(content)
