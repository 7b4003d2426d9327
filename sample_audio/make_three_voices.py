"""Synthesise three_voices.flac and three_voices.rttm: an interview with a participant and her partner.

Why this exists: the speakers stage estimates how many people talk, and an interview with a second
participant (a partner, a colleague) or a second interviewer must come out with three voices, not two.
Real recordings of that cannot be committed, so this one is spoken by three espeak-ng voices on one mono
track, with short turns, a quick reply and one overlapping interjection. Two voices are espeak-ng's; the
partner is a real one, cut from jfk.wav (public domain), since CAM++ hears espeak-ng's male voices as
nearly one person (cosine 0.85 between them, as close as two lines of one voice). The layout is fixed, so
regenerating gives the same timeline. Needs espeak-ng on PATH (`apt-get install espeak-ng`):

    .venv/bin/python sample_audio/make_three_voices.py
"""

from __future__ import annotations

import av
import numpy as np
from make_interview import HERE, SAMPLE_RATE, seconds, synthesise, trim_and_level

FLAC_PATH = HERE / "three_voices.flac"
RTTM_PATH = HERE / "three_voices.rttm"
RECORDING_ID = "three_voices"
VOICES = {"interviewer": "en-us+m3", "participant": "en-us+f3"}
# the partner's lines: stretches of jfk.wav (seconds), what is said in each as the script's text
JFK = HERE / "jfk.wav"
JFK_PIECES = {
    "And so my fellow Americans, ask not": (0.29, 4.382),
    "what your country can do for you, ask what you can do for your country.": (5.41, 10.526),
}
# (speaker, text, gap in seconds before it starts; negative overlaps the previous line)
SCRIPT = (
    ("interviewer", "Thank you both for coming in today. Could you tell me how you first met?", 0.5),
    ("participant", "We met at a community garden about six years ago, in the spring.", 0.6),
    ("partner", "And so my fellow Americans, ask not", 0.5),
    ("participant", "He was very polite about it, though.", 0.4),
    ("interviewer", "And what made you decide to take part in this study?", 0.7),
    ("partner", "what your country can do for you, ask what you can do for your country.", 0.6),
    ("participant", "Yes, exactly.", -0.3),
    ("participant", "And we both care about how families manage caring for older parents.", 0.5),
    ("interviewer", "How do you share the caring between the two of you?", 0.6),
    ("interviewer", "I see. And who does most of the driving, to appointments and to the pharmacy?", 0.5),
    ("participant", "And I handle the phone calls, the forms, and the medication schedule.", 0.5),
    ("interviewer", "That sounds like a lot of coordination. Thank you.", 0.6),
)
TAIL_S = 0.5


def _jfk(text: str) -> np.ndarray:
    with av.open(str(JFK)) as container:
        samples = np.concatenate([f.to_ndarray().reshape(-1) for f in container.decode(audio=0)])
    start, end = JFK_PIECES[text]
    pcm = samples[round(start * SAMPLE_RATE) : round(end * SAMPLE_RATE)]
    return (pcm / 32768.0 if pcm.dtype == np.int16 else pcm).astype(np.float32)


def render() -> tuple[np.ndarray, list[tuple[str, int, int]]]:
    """The mono mix and each line's (speaker, first sample, sample count)."""
    placed: list[tuple[str, int, np.ndarray]] = []
    end = 0
    for speaker, text, gap in SCRIPT:
        clip = trim_and_level(_jfk(text) if speaker == "partner" else synthesise(text, VOICES[speaker]))
        start = max(0, end + seconds(gap)) if placed else seconds(gap)
        placed.append((speaker, start, clip))
        end = max(end, start + len(clip))
    audio = np.zeros(end + seconds(TAIL_S), dtype=np.float32)
    for _, start, clip in placed:
        audio[start : start + len(clip)] += clip
    return audio, [(speaker, start, len(clip)) for speaker, start, clip in placed]


def write_flac(audio: np.ndarray) -> None:
    pcm = np.clip(np.round(audio * 32767), -32768, 32767).astype(np.int16)
    frame = av.AudioFrame.from_ndarray(pcm[None, :], format="s16", layout="mono")
    frame.sample_rate = SAMPLE_RATE
    with av.open(str(FLAC_PATH), "w", format="flac") as container:
        stream = container.add_stream("flac", rate=SAMPLE_RATE, layout="mono")
        stream.format = "s16"
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)


def main() -> None:
    audio, lines = render()
    write_flac(audio)
    rows = [
        f"SPEAKER {RECORDING_ID} 1 {start / SAMPLE_RATE:.3f} {count / SAMPLE_RATE:.3f} "
        f"<NA> <NA> {who} <NA> <NA>"
        for who, start, count in sorted(lines, key=lambda line: line[1])
    ]
    RTTM_PATH.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{FLAC_PATH.name}: {len(audio) / SAMPLE_RATE:.1f} s, {len(lines)} lines")


if __name__ == "__main__":
    main()
