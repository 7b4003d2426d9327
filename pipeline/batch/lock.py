"""One batch at a time per study: two would race for the same files, tag numbers and key file.

The lock is the first thing a run takes, before the key file is created, the roster read or any
recording hashed, so two first runs started together cannot both create a key file: the second is
refused at once. Holding it also makes it safe to sweep the temporary files a killed run left behind (an
atomic write interrupted by SIGKILL leaves its ``.name.xxxx.tmp``; the real file was never touched).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import StorageError, StudyBusyError
from pipeline.layout import WorkLayout
from pipeline.private import private_dir


@contextmanager
def study_lock(layout: WorkLayout, out: Path) -> Iterator[None]:
    """Hold the study's lock for the block; refused with StudyBusyError while another run holds it."""
    private_dir(layout.root)
    try:
        handle = os.fdopen(os.open(layout.lock_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "a")
    except OSError as exc:
        raise StorageError(f"cannot create {layout.lock_file}: {exc.strerror or exc}") from exc
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StudyBusyError(
            f"another qualscribe run is working on {layout.root}; wait for it to finish"
        ) from None
    try:
        _sweep(layout, out)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _sweep(layout: WorkLayout, out: Path) -> None:
    folders = [layout.root, out, *[p for p in layout.root.iterdir() if p.is_dir()]]
    for folder in folders:
        if folder.is_dir():
            for stale in folder.glob(".*.tmp"):
                stale.unlink(missing_ok=True)
