"""Progress events: what the batch runner tells whoever watches it (a progress bar, a log, a script).

The runner knows nothing of terminals; it calls a listener with these from its worker threads, and the
CLI renders them as Rich bars, plain lines or JSON lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

# stage names, in pipeline order
TRANSCRIBE = "transcribe"
CLEAN = "clean"
DEIDENTIFY = "deidentify"
CODE = "code"
EXPORT = "export"
STAGES = (TRANSCRIBE, CLEAN, DEIDENTIFY, CODE, EXPORT)

# statuses
QUEUED = "queued"  # the batch has this recording to do (stage "recording"), sent for all at the start
STARTED = "started"  # a stage begins; for transcription ``total`` is the audio's duration
# transcription has reached ``done`` audio seconds of ``total``, at ``speed`` (audio seconds per second, over
# the last minute) with ``eta`` seconds left
PROGRESS = "progress"
RAN = "ran"  # a stage finished now
CACHED = "cached"  # a stage's result from an earlier run was still valid
FAILED = "failed"  # the recording failed in this stage; ``message`` says why
DONE = "done"  # the whole recording is finished (stage "recording")
WARNING = "warning"  # something the user should look at; ``message`` says what (never an original)


@dataclass(frozen=True)
class Event:
    recording: str
    stage: str
    status: str
    seconds: float = 0.0
    done: float = 0.0
    total: float = 0.0
    message: str = ""
    speed: float = 0.0
    eta: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        values = {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}
        return {k: v for k, v in values.items() if v not in ("", 0.0) or k in ("recording", "stage")}


Listener = Callable[[Event], None]


def ignore(_: Event) -> None:
    """The listener for callers that do not watch."""
