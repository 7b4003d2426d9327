"""Rendering the batch runner's events: Rich bars for people, plain lines for logs, JSON lines for scripts.

Listeners are called from the runner's worker threads, so each renderer serialises its output.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from pipeline.batch.events import (
    CACHED,
    DONE,
    FAILED,
    PROGRESS,
    QUEUED,
    RAN,
    STARTED,
    TRANSCRIBE,
    Event,
    Listener,
)

MODES = ("rich", "plain", "json", "quiet")


class RichBars:
    """One bar per recording: transcription moves it by audio time (so the ETA is in audio terms), the
    text stages show by name; a finished recording's bar stays with its outcome."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}
        self.lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        with self.lock:
            task = self.tasks.get(event.recording)
            if task is None:
                task = self.progress.add_task(event.recording, total=None, stage="waiting", eta="")
                self.tasks[event.recording] = task
            if event.stage == TRANSCRIBE and event.status in (STARTED, PROGRESS):
                # the ETA from the runner's moving window of speed, not Rich's own estimate (which swung 2x)
                eta = f"{_clock(event.eta)} left" if event.speed > 0 else ""
                self.progress.update(
                    task, total=max(event.total, 0.01), completed=event.done, stage="transcribe", eta=eta
                )
            elif event.stage == TRANSCRIBE and event.status in (RAN, CACHED):
                total = max(event.total, 0.01)
                self.progress.update(
                    task, total=total, completed=total, stage=f"transcribe {event.status}", eta=""
                )
            elif event.status == STARTED:
                self.progress.update(task, stage=event.stage)
            elif event.status == FAILED:
                self.progress.update(task, stage=f"[red]failed in {event.stage}[/red]")
            elif event.status == DONE:
                self.progress.update(task, stage="[green]done[/green]")


# --progress plain prints a transcription line at least this often (wall seconds), or per this share of audio
PLAIN_EVERY_SECONDS = 30.0
PLAIN_EVERY_SHARE = 0.05


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}" if minutes >= 60 else f"{minutes}:{secs:02d}"


def progress_line(event: Event) -> str:
    """Position, speed and time left of a transcription, for a log."""
    share = event.done / event.total if event.total else 0.0
    line = f"{event.recording}: transcribing {_clock(event.done)} of {_clock(event.total)} ({share:.0%})"
    if event.speed > 0:
        line += f", {event.speed:.1f}x real time, about {_clock(event.eta)} left"
    return line


class PlainThrottle:
    """Lets through a recording's progress event when 30 s of wall time or 5% of its audio have passed
    since the last one let through: a log shows that work goes on without a line per segment."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.last: dict[str, tuple[float, float]] = {}

    def due(self, event: Event) -> bool:
        now = self.clock()
        if event.status == STARTED:
            self.last[event.recording] = (now, 0.0)
            return False
        wall, done = self.last.get(event.recording, (now, 0.0))
        if now - wall >= PLAIN_EVERY_SECONDS or event.done - done >= PLAIN_EVERY_SHARE * event.total:
            self.last[event.recording] = (now, event.done)
            return True
        return False


def _plain_line(event: Event) -> str | None:
    if event.status in (PROGRESS, QUEUED) or (event.status == STARTED and event.stage != TRANSCRIBE):
        return None
    if event.status == STARTED:
        return f"{event.recording}: transcribing {event.total:.0f} s of audio"
    if event.status == FAILED:
        return f"{event.recording}: failed in {event.stage}: {event.message}"
    if event.status == RAN and event.message:
        return f"{event.recording}: {event.stage} finished: {event.message}"
    if event.status == DONE:
        return f"{event.recording}: done in {event.seconds:.1f} s"
    if event.status == RAN:
        return f"{event.recording}: {event.stage} finished in {event.seconds:.1f} s"
    return f"{event.recording}: {event.stage} {event.status}"


@contextmanager
def progress_listener(mode: str, console: Console) -> Iterator[Listener]:
    """A listener for ``mode``; Rich bars draw on ``console`` (stderr) for the block's duration."""
    lock = threading.Lock()
    if mode == "rich":
        bars = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[stage]}"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[eta]}"),
            console=console,
        )
        with bars:
            yield RichBars(bars)
    elif mode == "plain":
        throttle = PlainThrottle()

        def plain(event: Event) -> None:
            with lock:
                line = _plain_line(event)
                if event.stage == TRANSCRIBE and event.status in (STARTED, PROGRESS) and throttle.due(event):
                    line = progress_line(event)
                if line is not None:
                    typer.echo(line, err=True)

        yield plain
    elif mode == "json":

        def as_json(event: Event) -> None:
            with lock:
                sys.stdout.write(json.dumps({"event": "stage", **event.to_dict()}) + "\n")
                sys.stdout.flush()

        yield as_json
    else:
        yield lambda _event: None
