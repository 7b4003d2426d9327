"""No lost speech: speech the VAD heard but Whisper left (nearly) empty is decoded again on its own.

Whisper reads 30-second windows and now and then jumps over a sentence or an answer, most often when a
window's first decode loops and the fallback lands on a shorter text: the words of that stretch are then
simply missing from the raw transcript, and nothing downstream can notice. After each piece is
transcribed, every VAD speech stretch is held against the words found in it; one with far fewer words
than its length implies is cut out (with a little margin) and decoded alone, from the next temperature,
without earlier text but with the verbatim prompt. Only words outside the time the stretch's first words
already cover are added, so nothing is doubled. A stretch still empty is listed for the check page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pipeline.audio import SAMPLE_RATE
from pipeline.document import Turn, Word
from pipeline.transcribe.chunks import shifted
from pipeline.transcribe.options import TranscribeOptions

# faster-whisper's (and openai-whisper's) fallback ladder; a re-decode starts one step up
TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
# a re-decoded word this close to a word already there is the same word, not a recovered one
OVERLAP_MARGIN = 0.1

Decode = Callable[[np.ndarray, Sequence[float]], Iterable[Turn]]
"""Decodes a cut of samples with the given temperatures (no VAD): turns with piece-relative times."""


@dataclass
class SpeechCheck:
    """What the check found over a recording (or channel); stored in ``settings["speech_check"]``."""

    stretches: int = 0
    redecoded: int = 0
    recovered: int = 0
    words_recovered: int = 0
    # (start, end) seconds of speech stretches that stayed without words after the re-decode
    empty: list[tuple[float, float]] = field(default_factory=list)

    def add(self, other: SpeechCheck) -> None:
        self.stretches += other.stretches
        self.redecoded += other.redecoded
        self.recovered += other.recovered
        self.words_recovered += other.words_recovered
        self.empty += other.empty

    def as_dict(self) -> dict[str, Any]:
        empty = [{"start": start, "end": end} for start, end in self.empty]
        return {**dataclasses.asdict(self), "empty": empty}


def merge_checks(checks: Sequence[dict[str, Any] | None]) -> dict[str, Any]:
    """The split path's two channels' checks as one: counts summed, empty stretches with their channel."""
    merged: dict[str, Any] = {**SpeechCheck().as_dict()}
    for channel, check in enumerate(checks):
        if not check:
            continue
        for key in ("stretches", "redecoded", "recovered", "words_recovered"):
            merged[key] += check.get(key, 0)
        merged["empty"] += [{**item, "channel": channel} for item in check.get("empty", [])]
    merged["empty"].sort(key=lambda item: (item["start"], item.get("channel", 0)))
    return merged


def speech_stretches(samples: np.ndarray, min_silence: float) -> list[tuple[float, float]]:
    """The VAD's speech stretches of ``samples`` in seconds, ending at pauses of ``min_silence``."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    vad = VadOptions(min_silence_duration_ms=round(min_silence * 1000))
    return [(c["start"] / SAMPLE_RATE, c["end"] / SAMPLE_RATE) for c in get_speech_timestamps(samples, vad)]


def _inside(words: Sequence[Word], start: float, end: float) -> list[Word]:
    return [w for w in words if start <= (w.start + w.end) / 2 <= end]


def _holes(start: float, end: float, known: Sequence[Word], gap: float) -> list[tuple[float, float]]:
    """Parts of a stretch at least ``gap`` long in which no word was found (between words or at its ends)."""
    holes, reached = [], start
    for word in known:
        if word.start - reached >= gap:
            holes.append((reached, word.start))
        reached = max(reached, word.end)
    if end - reached >= gap:
        holes.append((reached, end))
    return holes


def _suspects(start: float, end: float, known: Sequence[Word], options: TranscribeOptions):
    """What to decode again: the whole stretch if it holds far too few words, else its long holes."""
    if len(known) < options.recover_words_per_second * (end - start):
        return [(start, end, known)]
    return [(s, e, ()) for s, e in _holes(start, end, known, options.recover_gap_seconds)]


def _new_words(turns: Iterable[Turn], start: float, end: float, known: Sequence[Word]) -> list[Turn]:
    """Re-decoded turns cut down to the words within the span that no known word already covers.

    A hole's edges touch the words around it, so its re-decoded neighbours must fall clearly inside."""
    if known:
        covered = (known[0].start - OVERLAP_MARGIN, known[-1].end + OVERLAP_MARGIN)
    else:
        covered = None
        start, end = start + OVERLAP_MARGIN, end - OVERLAP_MARGIN
    out = []
    for turn in turns:
        words = [
            w
            for w in _inside(turn.words, start, end)
            if covered is None or not covered[0] <= (w.start + w.end) / 2 <= covered[1]
        ]
        if words:
            text = turn.text if len(words) == len(turn.words) else " ".join(w.text for w in words)
            span = {"start": words[0].start, "end": words[-1].end}
            out.append(dataclasses.replace(turn, **span, text=text, words=words))
    return out


def _redecode(samples: np.ndarray, start: float, end: float, pad: float, decode: Decode) -> list[Turn]:
    """A cut ``pad`` wider than start..end decoded alone, from the next temperature; recording times."""
    low = max(0, int((start - pad) * SAMPLE_RATE))
    cut = samples[low : int((end + pad) * SAMPLE_RATE)]
    return [shifted(t, low / SAMPLE_RATE) for t in decode(cut, TEMPERATURES[1:])]


def check_speech(
    samples: np.ndarray, turns: list[Turn], options: TranscribeOptions, decode: Decode
) -> tuple[list[Turn], SpeechCheck]:
    """``turns`` of ``samples`` (piece-relative times) with the words of near-empty speech recovered."""
    check = SpeechCheck()
    if not options.recover:
        return turns, check
    words = sorted((w for t in turns for w in t.words), key=lambda w: w.start)
    added: list[Turn] = []
    for start, end in speech_stretches(samples, options.recover_min_silence):
        if end - start < options.recover_min_seconds:
            continue
        check.stretches += 1
        for low, high, known in _suspects(start, end, _inside(words, start, end), options):
            check.redecoded += 1
            found = _redecode(samples, low, high, options.recover_pad_seconds, decode)
            new = _new_words(found, low, high, known)
            if count := sum(len(t.words) for t in new):
                check.recovered += 1
                check.words_recovered += count
                added += new
            elif not known:
                check.empty.append((round(low, 2), round(high, 2)))
    if not added:
        return turns, check
    return sorted(turns + added, key=lambda t: (t.start, t.end)), check
