"""The audio leak gate: listen to the written file where it was redacted, before anyone else can.

A span's word timings can be a few tenths off, a name can be said once more where the transcript heard
something else, and a tone can leave a syllable audible. So every redacted stretch of the written file,
with some context each side, is transcribed again with the study's own model; a ledger original or a
roster entry (or a spelling variant of a name, as the text gate knows them) heard there refuses the
file. The refusal names the tag and the time, never the original: the message may reach a shared log.

The model is the study's own (``[transcribe]``: engine, weights, language), loaded once per process.
Stretches are packed into windows of up to 28 s (Whisper encodes 30 s whatever it is given) and decoded
greedily at temperature 0, without the verbatim prompt, the VAD (with it, the model heard nothing after
the first stretch of a window) or the speech check's re-decodes: with those, the tone made tiny.en loop
on "My- my- my-" through every temperature fallback (12.6 s for the sample interview's three stretches,
against about 1 s packed; the unredacted name was heard either way). The bleep's own band is taken
out of every stretch before it is decoded: left in, it made greedy tiny.en write words for the tone and
loop on them, so whether a name left unredacted was heard depended on the CPU's arithmetic (heard with
AVX-512 kernels, "My... My..." with AVX2 ones).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from pipeline.audio import SAMPLE_RATE
from pipeline.deid.leakgate import LeakGate
from pipeline.errors import LeakError
from pipeline.media.excerpts import Excerpts, load_excerpts
from pipeline.media.redact import Tone
from pipeline.media.spans import Span, merge
from pipeline.models import resolve_model
from pipeline.pcm import Track
from pipeline.transcribe import TranscribeOptions
from pipeline.transcribe.engines import get_engine

GAP_SECONDS = 1.0  # silence between two stretches laid end to end
WINDOW_SECONDS = 28.0  # stretches packed into one decoding window, within Whisper's 30 s
GREEDY = (0.0,)  # no temperature fallback: a tone is not speech the model should try harder on
_TAG = re.compile(r"(\[[^\]]*\])\s*$")


@dataclass(frozen=True)
class Stretch:
    """One stretch listened to: its redacted spans, and where it lies in the recording."""

    spans: tuple[Span, ...]
    start: float
    end: float


def stretches(spans: list[Span], context: float, duration: float) -> list[Stretch]:
    """Each span with ``context`` seconds each side; spans whose contexts overlap are one stretch."""
    wide = merge([Span(max(0.0, s.start - context), min(duration, s.end + context), s.tags) for s in spans])
    return [
        Stretch(tuple(s for s in spans if s.start < w.end and s.end > w.start), w.start, w.end) for w in wide
    ]


def groups(parts: list[Stretch]) -> list[list[Stretch]]:
    """Stretches packed in order into windows of at most WINDOW_SECONDS (gaps included): Whisper encodes
    30 seconds whatever it is given, so one stretch per call would pay for 30 s each time."""
    packed: list[list[Stretch]] = []
    length = 0.0
    for part in parts:
        size = part.end - part.start + GAP_SECONDS
        if packed and length + size <= WINDOW_SECONDS:
            packed[-1].append(part)
            length += size
        else:
            packed.append([part])
            length = size
    return packed


def samples_of(part: Stretch) -> tuple[int, int]:
    """The stretch's sample range at 16 kHz."""
    return int(part.start * SAMPLE_RATE), int(np.ceil(part.end * SAMPLE_RATE))


def heard(mono: Excerpts | Track, parts: list[Stretch], options: TranscribeOptions, tone: Tone) -> list[str]:
    """What the model hears in each stretch of the decoded file's mix ``mono`` (one text per stretch):
    the stretches of a window laid end to end with a second of silence between, each word given back to
    the stretch its middle falls in. The bleep is taken out of each stretch first (``Tone.without``)."""
    model = resolve_model(options.model)
    engine = get_engine(options.engine, model, options.compute_type, options.cpu_threads, options.workers)
    plain = listening(options)
    gap = np.zeros(int(GAP_SECONDS * SAMPLE_RATE), dtype=np.float32)
    texts: dict[int, list[str]] = {id(p): [] for p in parts}
    for window in groups(parts):
        pieces, starts, at = [], [], 0.0
        for part in window:
            start, end = samples_of(part)
            cut = tone.without(mono[start:end], SAMPLE_RATE)
            pieces += [cut, gap]
            starts.append(at)
            at += (len(cut) + len(gap)) / SAMPLE_RATE
        laid = np.ascontiguousarray(np.concatenate(pieces))
        for word in (w for turn in engine.transcribe(laid, plain, None, GREEDY) for w in turn.words):
            index = max(0, int(np.searchsorted(starts, (word.start + word.end) / 2, side="right")) - 1)
            texts[id(window[index])].append(word.text)
    return [" ".join(texts[id(p)]) for p in parts]


def listening(options: TranscribeOptions) -> TranscribeOptions:
    """The study's transcription settings as the gate decodes with them (see the module's note)."""
    return replace(
        options, beam_size=1, initial_prompt=None, condition_on_previous_text=False, vad=False,
        word_timestamps=True,
    )  # fmt: skip


def clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes) // 60:d}:{int(minutes) % 60:02d}:{rest:04.1f}"


def check_audio(
    path: Path,
    spans: list[Span],
    gate: LeakGate,
    options: TranscribeOptions,
    context: float,
    destination: str,
    tone: Tone,
) -> int:
    """Refuse (LeakError) the audio at ``path`` if an identifier is heard in a redacted stretch; the
    number of stretches listened to otherwise. ``destination`` is the name the refusal gives the file."""
    if not spans:
        return 0
    # only the stretches are decoded and kept; their ends are clamped once the file's length is known
    wide = stretches(spans, context, math.inf)
    excerpts = load_excerpts(path, [samples_of(part) for part in wide])
    parts = stretches(spans, context, excerpts.duration)
    for part, text in zip(parts, heard(excerpts, parts, options, tone), strict=True):
        try:
            gate.check(text, destination)
        except LeakError as exc:
            found = _TAG.search(str(exc))
            what = found.group(1) if found else "a known identifier"
            times = ", ".join(f"{clock(s.start)}–{clock(s.end)} ({' '.join(s.tags)})" for s in part.spans)
            raise LeakError(
                f"refusing to write {destination}: the original of {what} is still heard in the audio "
                f"near the redacted span(s) at {times}"
            ) from None
    return len(parts)
