"""Transcription speed and time left, from a moving window of measurements.

The speed of a transcription is not steady: silences go by fast (the VAD skips them), a fallback decode or
a re-decoded stretch is slow, and a second recording transcribed alongside (``--jobs``) halves it. An ETA
from the speed since the start swings with every such stretch early on and lags later; one from the last
few seconds jumps. The speed over the last ``window`` seconds of wall time follows real changes without
jumping by 2x at each segment.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class Pace:
    """Feed it the audio seconds done; it says the speed (audio s per wall s) and the seconds left."""

    def __init__(
        self, total: float, window: float = WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.total = total
        self.window = window
        self.clock = clock
        self._points: deque[tuple[float, float]] = deque([(clock(), 0.0)])

    def restart(self, total: float) -> None:
        """Measure from now (once the audio is decoded: decoding is not transcription speed)."""
        self.total = total
        self._points = deque([(self.clock(), 0.0)])

    def update(self, done: float) -> tuple[float, float]:
        """(speed, eta) after reaching ``done`` audio seconds; (0, 0) until a speed can be measured."""
        now = self.clock()
        self._points.append((now, done))
        # keep one point older than the window, so the window always spans it
        while len(self._points) > 2 and now - self._points[1][0] >= self.window:
            self._points.popleft()
        then, before = self._points[0]
        if now - then <= 0 or done <= before:
            return 0.0, 0.0
        speed = (done - before) / (now - then)
        return speed, max(0.0, self.total - done) / speed
