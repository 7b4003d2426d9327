"""SubRip (.srt) transcripts, read with the srt library: each cue a turn, with its times.

SRT has no voice markup, so the speaker is a "Name:" opening the cue's text (qualscribe's own export
writes "P01: " there). Font and italics tags and SSA codes ("{\\an8}") are dropped; the lines of a cue
become one line. Consecutive cues of one speaker stay separate turns, keeping the file's timing.
"""

from __future__ import annotations

import html
from pathlib import Path

import srt

from pipeline.document import Transcript
from pipeline.errors import SpeakerLinesError
from pipeline.importers.common import decode, make_transcript, make_turn, plain, read_bytes
from pipeline.speaker_lines import SpeakerLinesOptions, split_label


def read_srt(path: Path, options: SpeakerLinesOptions) -> Transcript:
    """The cues of a .srt as turns; a file that is not SubRip is one clear error."""
    data = read_bytes(path)
    try:
        cues = list(srt.parse(decode(data, path)))
    except srt.SRTParseError as exc:
        raise SpeakerLinesError(f"cannot read transcript {path}: not a SubRip file ({exc})") from exc
    turns = []
    for cue in cues:
        text = html.unescape(plain(cue.content))
        speaker, text = split_label(text) or ("", text)
        turns.append(make_turn(options, text, speaker, cue.start.total_seconds(), cue.end.total_seconds()))
    return make_transcript(path, data, turns, "srt")
