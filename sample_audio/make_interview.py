"""Synthesise the sample phone interview: interview.flac, interview.rttm and interview_reference.txt.

Why this exists: the later stages (speakers and roles, dropping encouragers and stutters, de-identification)
need a recording whose every word, speaker and time is known. Real interviews cannot be committed, so this
one is synthesised from interview_script.txt with espeak-ng: two clearly different voices, a phone-call
layout (interviewer on the left channel, participant on the right), fillers, a stutter, backchannels that
overlap the participant's speech, and a name, a town, an organisation and a date to redact. The layout is
deterministic, so regenerating gives the same timeline (the FLAC bytes can differ across PyAV versions).

Regenerate from the project root after editing interview_script.txt (needs espeak-ng on PATH, e.g.
`apt-get install espeak-ng`; numpy and av come from the project's venv):

    .venv/bin/python sample_audio/make_interview.py

It overwrites interview.flac (stereo, 16 kHz, 16-bit), interview.rttm (one SPEAKER line per utterance,
trimmed to the synthesised speech) and interview_reference.txt (the verbatim reference, in time order).
"""

from __future__ import annotations

import io
import itertools
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

HERE = Path(__file__).resolve().parent
SCRIPT_PATH = HERE / "interview_script.txt"
FLAC_PATH = HERE / "interview.flac"
RTTM_PATH = HERE / "interview.rttm"
REFERENCE_PATH = HERE / "interview_reference.txt"
RECORDING_ID = "interview"

SAMPLE_RATE = 16_000
# Per script prefix: espeak-ng voice, RTTM speaker name and stereo channel (0 = left, 1 = right).
VOICES = {"I": "en-us+m3", "P": "en-us+f3"}
SPEAKERS = {"I": "interviewer", "P": "participant"}
CHANNELS = {"I": 0, "P": 1}
WORDS_PER_MINUTE = 150

LEAD_IN_S = 0.5
TAIL_S = 0.5
# Silence between turns, cycled: varied like a real conversation, yet the same on every run.
TURN_GAPS_S = (0.6, 0.45, 0.75, 0.5, 0.7, 0.55, 0.8, 0.4)
# The participant's pause between the two parts of an answer that a backchannel sits in.
SPLIT_PAUSE_S = 0.5
# A backchannel starts this long before the participant resumes, so the two overlap slightly.
BACKCHANNEL_LEAD_S = 0.2
# Leading and trailing samples quieter than this fraction of the clip's peak count as silence.
SILENCE_FRACTION = 0.02
# Every clip is scaled to this peak, so both voices are equally loud.
CLIP_PEAK = 0.5

# Where espeak-ng's reading of the canonical spelling is poor, it is given the spelling on the right instead;
# the script and the reference keep the canonical one. Checked with tiny.en and qualscribe's default prompt.
SPOKEN_SPELLINGS: dict[str, str] = {
    # "Mm-hmm" is spelled out as "em em hum"; espeak-ng phoneme input makes a hummed "mm-HM" instead.
    "Mm-hmm": "[[m-'hm-]]",
    # "Danielle" comes out close to "Daniel" (tiny.en heard "and yell"); "Dan-yell" stresses the end.
    # tiny.en still writes "Daniel" at times; base gets "Danielle".
    "Danielle": "Dan-yell",
    # Hyphens barely pause, so tiny.en heard a single "I"; commas make each repeat audible.
    "I- I- I": "I, I, I",
}

# Minimal encouragers. One of these said by the interviewer between two participant lines is a backchannel
# inside one answer, not a turn of its own: it is laid out to overlap the answer (see lay_out).
ENCOURAGERS = frozenset({"Mm-hmm.", "Uh-huh.", "Right.", "Yeah.", "Okay."})

LINE_PATTERN = re.compile(r"^(?P<speaker>[IP]): (?P<text>\S.*)$")


@dataclass(frozen=True)
class Line:
    """One utterance of the script: who says it (``I`` or ``P``) and the canonical text."""

    speaker: str
    text: str


@dataclass(frozen=True)
class Placement:
    """A synthesised utterance placed on the timeline, ``start`` in samples."""

    line: Line
    start: int
    clip: np.ndarray

    @property
    def end(self) -> int:
        return self.start + len(self.clip)


def read_script(path: Path) -> list[Line]:
    """Parse ``I: ...`` / ``P: ...`` lines; any other non-blank line is a mistake, not something to skip."""
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        match = LINE_PATTERN.match(raw.strip())
        if match is None:
            raise ValueError(f"{path.name}:{number}: expected 'I: text' or 'P: text', got {raw!r}")
        lines.append(Line(match["speaker"], match["text"]))
    return lines


def spoken_text(text: str) -> str:
    """What espeak-ng is given: the canonical text with the respellings from SPOKEN_SPELLINGS."""
    for canonical, spoken in SPOKEN_SPELLINGS.items():
        text = text.replace(canonical, spoken)
    return text


def synthesise(text: str, voice: str) -> np.ndarray:
    """Speak ``text`` with espeak-ng and return it as mono float32 at 16 kHz (espeak-ng writes 22.05 kHz)."""
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(WORDS_PER_MINUTE), "--stdout", text],
        check=True,
        capture_output=True,
    ).stdout
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    chunks = []
    with av.open(io.BytesIO(wav), format="wav") as container:
        for frame in container.decode(audio=0):
            chunks.extend(out.to_ndarray()[0] for out in resampler.resample(frame))
    chunks.extend(out.to_ndarray()[0] for out in resampler.resample(None))
    return np.concatenate(chunks).astype(np.float32)


def trim_and_level(clip: np.ndarray) -> np.ndarray:
    """Cut espeak-ng's leading and trailing silence, so the RTTM times mark speech, and scale to CLIP_PEAK."""
    peak = float(np.abs(clip).max())
    loud = np.flatnonzero(np.abs(clip) > SILENCE_FRACTION * peak)
    trimmed = clip[loud[0] : loud[-1] + 1]
    return (trimmed * (CLIP_PEAK / peak)).astype(np.float32)


def seconds(value: float) -> int:
    """A duration in seconds as a whole number of samples."""
    return round(value * SAMPLE_RATE)


def is_backchannel(lines: list[Line], index: int) -> bool:
    """An interviewer's encourager between two participant lines is said inside one answer, not a turn."""
    if not 0 < index < len(lines) - 1:
        return False
    line = lines[index]
    answer_goes_on = lines[index - 1].speaker == lines[index + 1].speaker == "P"
    return line.speaker == "I" and line.text in ENCOURAGERS and answer_goes_on


def lay_out(lines: list[Line], clips: list[np.ndarray]) -> list[Placement]:
    """Place each clip after the previous turn; a backchannel overlaps the start of the answer's second part.

    Around a backchannel the participant pauses SPLIT_PAUSE_S between the two parts of the answer, and the
    backchannel starts BACKCHANNEL_LEAD_S before the second part begins.
    """
    placed: list[Placement] = []
    gaps = itertools.cycle(TURN_GAPS_S)
    for index, (line, clip) in enumerate(zip(lines, clips, strict=True)):
        if not placed:
            start = seconds(LEAD_IN_S)
        elif is_backchannel(lines, index):
            start = placed[-1].end + seconds(SPLIT_PAUSE_S) - seconds(BACKCHANNEL_LEAD_S)
        elif is_backchannel(lines, index - 1):
            start = placed[-2].end + seconds(SPLIT_PAUSE_S)
        else:
            start = max(p.end for p in placed) + seconds(next(gaps))
        placed.append(Placement(line, start, clip))
    return placed


def render(placements: list[Placement]) -> np.ndarray:
    """Mix the clips into a (2, n) float32 array: each party on their own channel, as on a phone line."""
    length = max(p.end for p in placements) + seconds(TAIL_S)
    audio = np.zeros((2, length), dtype=np.float32)
    for p in placements:
        audio[CHANNELS[p.line.speaker], p.start : p.end] += p.clip
    return audio


def write_flac(path: Path, audio: np.ndarray) -> None:
    """Write stereo 16-bit FLAC at 16 kHz: lossless and small, since each channel is silent half the time."""
    pcm = np.clip(np.round(audio * 32767), -32768, 32767).astype(np.int16)
    frame = av.AudioFrame.from_ndarray(pcm.T.reshape(1, -1), format="s16", layout="stereo")
    frame.sample_rate = SAMPLE_RATE
    with av.open(str(path), "w", format="flac") as container:
        stream = container.add_stream("flac", rate=SAMPLE_RATE, layout="stereo")
        stream.format = "s16"
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)


def write_rttm(path: Path, placements: list[Placement]) -> None:
    """One standard RTTM SPEAKER line per utterance, in time order."""
    rows = [
        f"SPEAKER {RECORDING_ID} 1 {p.start / SAMPLE_RATE:.3f} {len(p.clip) / SAMPLE_RATE:.3f} "
        f"<NA> <NA> {SPEAKERS[p.line.speaker]} <NA> <NA>"
        for p in sorted(placements, key=lambda p: p.start)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def write_reference(path: Path, placements: list[Placement]) -> None:
    """The verbatim reference: what was spoken, in the order it starts, with the script's prefixes."""
    rows = [f"{p.line.speaker}: {p.line.text}" for p in sorted(placements, key=lambda p: p.start)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def main() -> None:
    lines = read_script(SCRIPT_PATH)
    clips = [trim_and_level(synthesise(spoken_text(line.text), VOICES[line.speaker])) for line in lines]
    placements = lay_out(lines, clips)
    audio = render(placements)
    write_flac(FLAC_PATH, audio)
    write_rttm(RTTM_PATH, placements)
    write_reference(REFERENCE_PATH, placements)
    print(f"{FLAC_PATH.name}: {audio.shape[1] / SAMPLE_RATE:.1f} s, {len(placements)} utterances")


if __name__ == "__main__":
    main()
