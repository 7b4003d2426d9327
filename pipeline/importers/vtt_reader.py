"""WebVTT (.vtt) transcripts, read with webvtt-py: each cue a turn, with its times and its speaker.

The speaker is the cue's voice span (``<v Name>``, as qualscribe's and noScribe's exports write it) or a
"Name:" opening its text. A cue with several voices becomes one turn per voice, all with the cue's
times. Consecutive cues of one speaker stay separate turns: the cue structure is the file's timing, and
a coding tool that links media needs it. The "WEBVTT" line and its title (noScribe puts the audio
file's name there), NOTE, STYLE and REGION blocks are the library's to skip, never transcript text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from pipeline.document import Transcript, Turn
from pipeline.errors import SpeakerLinesError
from pipeline.importers.common import decode, make_transcript, make_turn, parse_clock, plain, read_bytes
from pipeline.speaker_lines import SpeakerLinesOptions, split_label

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>")


def read_vtt(path: Path, options: SpeakerLinesOptions) -> Transcript:
    """The cues of a .vtt as turns; a file that is not WebVTT is one clear error."""
    data = read_bytes(path)
    try:
        captions = webvtt.from_string(decode(data, path))
    except (MalformedFileError, MalformedCaptionError) as exc:
        raise SpeakerLinesError(f"cannot read transcript {path}: not a WebVTT file ({exc})") from exc
    turns: list[Turn] = []
    for caption in captions:
        start, end = parse_clock(caption.start) or 0.0, parse_clock(caption.end) or 0.0
        for speaker, text in _voices(caption.raw_text):
            turns.append(make_turn(options, text, speaker, start, end))
    return make_transcript(path, data, turns, "vtt")


def _voices(raw: str) -> list[tuple[str, str]]:
    """``(speaker, text)`` for each voice of a cue's raw text; text before any voice has a "Name:" or none."""
    marks = list(_VOICE.finditer(raw))
    pieces = [("", raw[: marks[0].start()] if marks else raw)]
    ends = [mark.start() for mark in marks[1:]] + [len(raw)] if marks else []
    pieces += [(mark.group(1).strip(), raw[mark.end() : end]) for mark, end in zip(marks, ends, strict=True)]
    voices = []
    for speaker, text in pieces:
        text = html.unescape(plain(text))
        labelled = None if speaker else split_label(text)
        voices.append(labelled if labelled else (speaker, text))
    return [(speaker, text) for speaker, text in voices if text]
