"""Warnings a user must act on (a stale review decision, a roster row that matches no recording, a role
setting that could not be followed) reach the run's summary and its events, not only a log that is
switched off.

Library code keeps warning through the ``pipeline`` logger; while a stage runs, a handler bound to the
stage's thread collects those records for the recording it works on. Warnings never quote an original:
the messages name settings, lines and turns only (checked where they are written).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

LOGGER = "pipeline"


class _ThreadWarnings(logging.Handler):
    """Passes the warnings logged on one thread to ``sink``."""

    def __init__(self, thread: int, sink: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self.thread = thread
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.sink(record.getMessage())


@contextmanager
def collect_warnings(sink: Callable[[str], None]) -> Iterator[None]:
    """Hand every warning logged under ``pipeline`` on this thread during the block to ``sink``.

    The logger must let warnings through (the CLI keeps it at WARNING and quiets only the printing
    handler), else there is nothing to collect.
    """
    logger = logging.getLogger(LOGGER)
    handler = _ThreadWarnings(threading.get_ident(), sink)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
