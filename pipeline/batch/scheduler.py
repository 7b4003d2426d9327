"""Run a function over items on a few daemon threads, handing back one future per item.

Not ``ThreadPoolExecutor``: its threads are joined at interpreter exit, so Ctrl-C or a fatal error in a
batch would wait for an hour-long transcription to finish. Daemon threads die with the process, which is
safe because every result is written atomically: an interrupted item has simply not finished.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T", bound=Hashable)
R = TypeVar("R")


@contextmanager
def run_in_threads(items: Sequence[T], work: Callable[[T], R], threads: int) -> Iterator[dict[T, Future[R]]]:
    """Start ``work(item)`` for the items in order on ``threads`` threads; futures are keyed by item.

    Leaving the block cancels the items not yet started (after an error, nothing new begins).
    """
    futures: dict[T, Future[R]] = {item: Future() for item in items}
    pending: queue.Queue[T] = queue.Queue()
    for item in items:
        pending.put(item)

    def worker() -> None:
        while True:
            try:
                item = pending.get_nowait()
            except queue.Empty:
                return
            future = futures[item]
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(work(item))
            except BaseException as exc:  # handed to the caller, who decides what is fatal
                future.set_exception(exc)

    for number in range(max(1, min(threads, len(items)))):
        threading.Thread(target=worker, name=f"qualscribe-worker-{number}", daemon=True).start()
    try:
        yield futures
    finally:
        for future in futures.values():
            future.cancel()
