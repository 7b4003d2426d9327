"""Rendering the batch runner's events: Rich bars for people, plain lines for logs, JSON lines for scripts.

Listeners are called from the runner's worker threads, so each renderer serialises its output.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn, TimeRemainingColumn

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
                task = self.progress.add_task(event.recording, total=None, stage="waiting")
                self.tasks[event.recording] = task
            if event.stage == TRANSCRIBE and event.status in (STARTED, PROGRESS):
                self.progress.update(
                    task, total=max(event.total, 0.01), completed=event.done, stage="transcribe"
                )
            elif event.stage == TRANSCRIBE and event.status in (RAN, CACHED):
                total = max(event.total, 0.01)
                self.progress.update(task, total=total, completed=total, stage=f"transcribe {event.status}")
            elif event.status == STARTED:
                self.progress.update(task, stage=event.stage)
            elif event.status == FAILED:
                self.progress.update(task, stage=f"[red]failed in {event.stage}[/red]")
            elif event.status == DONE:
                self.progress.update(task, stage="[green]done[/green]")


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
            TimeRemainingColumn(),
            console=console,
        )
        with bars:
            yield RichBars(bars)
    elif mode == "plain":

        def plain(event: Event) -> None:
            if (line := _plain_line(event)) is not None:
                with lock:
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
