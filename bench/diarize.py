"""Speakers-stage benchmark: DER per recording and path, and the time the stage adds per audio minute.

Recordings: the pyannote.audio sample (a 30-second two-speaker phone call, mono; fetched from PyPI into
a cache folder, see tests/diarize_eval.py), the synthetic interview, both as its mono mix (channels
averaged) and as the stereo call it is (interviewer left, participant right), jfk.wav (one voice, no
RTTM: only the number of voices found is printed) and three_voices.flac (two espeak-ng voices and a real
one, sample_audio/make_three_voices.py). DER is scored on the
stage's own turns with pyannote.metrics, overlaps included, without a collar and with the NIST collar
(±0.25 s around reference boundaries). Added time: for the mono path, the speaker assignment after the
one transcription; for the stereo path, the whole stage minus one transcription of the mix.

    .venv/bin/python bench/diarize.py [--models tiny.en,base] [--repeat 3] [--quiet] [--method embeddings]

``--method embeddings`` runs the earlier Resemblyzer mono path (two voices) for comparison.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.audio import Audio, load_audio  # noqa: E402
from pipeline.config import load_config, section_options  # noqa: E402
from pipeline.diarize import DiarizeOptions, assign_speakers, diarize  # noqa: E402
from pipeline.diarize.activity import speaker_activity  # noqa: E402
from pipeline.diarize.embeddings import embed_windows  # noqa: E402
from pipeline.transcribe import TranscribeOptions, transcribe  # noqa: E402
from tests.diarize_eval import der, pyannote_sample  # noqa: E402

INTERVIEW = ROOT / "sample_audio" / "interview.flac"
INTERVIEW_RTTM = ROOT / "sample_audio" / "interview.rttm"
JFK = ROOT / "sample_audio" / "jfk.wav"
THREE = ROOT / "sample_audio" / "three_voices.flac"
THREE_RTTM = ROOT / "sample_audio" / "three_voices.rttm"
NIST_COLLAR = 0.5  # pyannote's collar is the whole width: ±0.25 s


def mono_mix(audio: Audio) -> Audio:
    return dataclasses.replace(audio, pcm=audio.mono()[None, :])


def timed(call, repeat: int):
    """The result of ``call()`` and its fastest wall time over ``repeat`` runs (the machine is shared)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.monotonic()
        result = call()
        best = min(best, time.monotonic() - began)
    return result, best


def run(
    name: str,
    audio: Audio,
    rttm: Path | None,
    topts: TranscribeOptions,
    dopts: DiarizeOptions,
    quiet: bool,
    repeat: int,
) -> None:
    plain, asr = timed(lambda: transcribe(mono_mix(audio), topts), repeat)
    if audio.channels == 1:
        result, added = timed(lambda: assign_speakers(plain, audio, dopts), repeat)
    else:
        result, whole = timed(lambda: diarize(audio, dopts, topts), repeat)
        added = whole - asr
    minutes = audio.duration / 60
    path = result.settings["diarize"]["path"]
    voices = result.settings["diarize"]["voices"]
    scores = (
        f"collar 0: {der(rttm, result)}\n{'':<31}±0.25 s:  {der(rttm, result, collar=NIST_COLLAR)}"
        if rttm
        else "no reference RTTM"
    )
    print(
        f"{name:<16} {topts.model:<8} {path:<5}  {voices} voice(s); {scores}\n"
        f"{'':<16} {'':<8} {'':<5}  transcription {asr:.1f} s, speakers stage adds {added:.1f} s "
        f"= {added / minutes:.1f} s per audio minute (fastest of {repeat})"
    )
    for turn in [] if quiet else result.turns:
        print(f"{'':<24}{turn.speaker:>3} [{turn.start:6.2f}-{turn.end:6.2f}] {turn.text}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--models", default="tiny.en,base")
    parser.add_argument("--quiet", action="store_true", help="figures only, no turns")
    parser.add_argument("--method", default="", help='mono method: "segmentation" or "embeddings"')
    parser.add_argument("--only", default="", help="comma-separated recording names to run (default all)")
    parser.add_argument("--repeat", type=int, default=1, help="time each step this often, keep the fastest")
    args = parser.parse_args()
    config = load_config()
    dopts = section_options(config, "diarize", DiarizeOptions)
    if args.method:
        dopts = dataclasses.replace(dopts, mono_method=args.method)
    base = section_options(config, "transcribe", TranscribeOptions)
    sample_wav, sample_rttm = pyannote_sample()
    interview = load_audio(INTERVIEW)
    recordings = [
        ("pyannote sample", load_audio(sample_wav), sample_rttm),
        ("interview mono", mono_mix(interview), INTERVIEW_RTTM),
        ("interview stereo", interview, INTERVIEW_RTTM),
        ("one voice (jfk)", load_audio(JFK), None),
        ("three voices", load_audio(THREE), THREE_RTTM),
    ]
    if args.only:
        recordings = [r for r in recordings if r[0] in args.only.split(",")]
    for model in args.models.split(","):
        topts = dataclasses.replace(base, model=model)
        # load and warm the models before timing: load times are one-off, not per audio minute
        transcribe(recordings[0][1], topts)
        embed_windows(recordings[0][1].mono(), [(7.0, 9.0)], dopts.window_seconds, dopts.hop_seconds)
        speaker_activity(recordings[0][1].mono(), dopts)
        for name, audio, rttm in recordings:
            run(name, audio, rttm, topts, dopts, args.quiet, args.repeat)


if __name__ == "__main__":
    main()
