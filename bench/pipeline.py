"""Whole-pipeline benchmark: seconds per stage, seconds per audio minute, real-time factor and peak RSS.

A long recording is built by concatenating sample_audio/interview.flac (a two-party stereo call, real
files through the real decoder) with a second of silence between copies; ``--layouts mono`` also runs its
mono mix, which takes the speaker-embedding path instead of the channel split. Each configuration runs
``qualscribe``'s batch runner on a fresh study in a fresh process, so the wall time includes loading the
models (as a transcriber's run does) and the peak RSS is that run's alone. The speech check's counts
(stretches decoded again, words they gave back, stretches still empty) come from the raw transcript.

    .venv/bin/python bench/pipeline.py [--minutes 12] [--models tiny.en,base] [--layouts stereo,mono]
    .venv/bin/python bench/pipeline.py --minutes 30 --models base --layouts stereo      # issue 16
    .venv/bin/python bench/pipeline.py --minutes 180 --models base --layouts stereo     # ~35 min, 2 cores
    .venv/bin/python bench/pipeline.py --minutes 180 --layouts stereo --decode-only     # ~1 min

``--keep DIR`` builds and runs in DIR and leaves it there, so a failed run's work folder can be read.
``--decode-only`` transcribes nothing: it measures what holding the decoded audio costs (decoding, the
channel statistics, and with ``--regions`` the speech detection of both channels) and the peak RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = ("transcribe", "clean", "deidentify", "export", "media")
# the de-identified audio is measured too ([export] audio, --audio off to leave it out); the bound
# is 0.05 x the recording's duration, printed as "media/dur"
AUDIO = os.environ.get("QUALSCRIBE_BENCH_AUDIO", "bleep")
BLOCK = 4096  # samples per frame handed to the FLAC encoder


def build_recording(minutes: float, layout: str, folder: Path) -> Path:
    """The interview repeated until ``minutes`` long, as a stereo call or its mono mix (FLAC, 16-bit).

    Written copy by copy, so a three-hour recording costs no more memory here than one copy.
    """
    import av

    from pipeline.audio import SAMPLE_RATE, load_audio
    from pipeline.pcm import to_pcm

    call = load_audio(ROOT / "sample_audio" / "interview.flac")
    pcm = call.pcm if layout == "stereo" else to_pcm(call.mono())[None, :]
    silence = np.zeros((pcm.shape[0], SAMPLE_RATE), dtype=np.int16)
    copies = int(np.ceil(minutes * 60 / (call.duration + 1)))
    flac = folder / f"interview_{layout}_{minutes:g}min.flac"
    name = "stereo" if layout == "stereo" else "mono"
    with av.open(str(flac), "w") as target:
        stream = target.add_stream("flac", rate=SAMPLE_RATE, layout=name)
        written = 0
        for part in [pcm, silence] * copies:
            for start in range(0, part.shape[1], BLOCK):
                block = np.ascontiguousarray(part[:, start : start + BLOCK].T).reshape(1, -1)
                frame = av.AudioFrame.from_ndarray(block, format="s16", layout=name)
                frame.sample_rate, frame.pts = SAMPLE_RATE, written
                written += block.shape[1] // pcm.shape[0]
                for packet in stream.encode(frame):
                    target.mux(packet)
        for packet in stream.encode(None):
            target.mux(packet)
    return flac


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(recording: str, model: str, work: str) -> None:
    """Run in a fresh process: the whole pipeline on one recording; print figures as JSON."""
    from pipeline.batch.events import RAN, Event
    from pipeline.batch.runner import run_batch
    from pipeline.settings import load_settings

    stages: dict[str, float] = defaultdict(float)
    peaks: dict[str, float] = {}

    def listener(event: Event) -> None:
        if event.status == RAN and event.stage in STAGES:
            stages[event.stage] += event.seconds
            peaks[event.stage] = _peak_mb()  # the peak so far: once transcribed, what transcription took

    settings = load_settings(
        overrides={
            "transcribe": {"model": model},
            "output": {
                "work": f"{work}/work",
                "out": f"{work}/out",
                "roster": str(ROOT / "sample_audio/roster.csv"),
            },
            "export": {"formats": ["txt", "json", "docx"], "audio": AUDIO, "audio_format": "opus"},
        }
    )
    began = time.monotonic()
    results = run_batch([Path(recording)], settings, "benchmark passphrase", listener).results
    wall = time.monotonic() - began
    assert results[0].status == "done", results[0].error
    raw = json.loads(next(Path(work, "work").glob("*/transcript.json")).read_text())
    check = raw.get("settings", {}).get("speech_check", {})
    figures = {"wall": wall, "duration": results[0].duration, "stages": stages, "peak_mb": _peak_mb()}
    print(json.dumps({**figures, "peaks": peaks, "check": check}))


def decode_child(recording: str, regions: bool) -> None:
    """Run in a fresh process: decode ``recording`` and read it as the speakers stage does, untranscribed.

    The peak RSS after each step, in MB, and the seconds each took; no model but the speech detector's.
    """
    from pipeline.audio import load_audio
    from pipeline.diarize.channels import decide_channels
    from pipeline.diarize.options import DiarizeOptions
    from pipeline.diarize.speech import speech_regions

    steps: dict[str, tuple[float, float]] = {"start": (0.0, _peak_mb())}
    began = time.monotonic()
    audio = load_audio(Path(recording))
    steps["decoded"] = (time.monotonic() - began, _peak_mb())
    options = DiarizeOptions()
    began = time.monotonic()
    decision = decide_channels(audio, options)
    steps["channel statistics"] = (time.monotonic() - began, _peak_mb())
    if regions:
        for channel in range(audio.channels):
            began = time.monotonic()
            speech_regions(
                audio.track(channel), options.vad_threshold, options.vad_min_silence, options.vad_pad
            )
            steps[f"speech regions, channel {channel}"] = (time.monotonic() - began, _peak_mb())
    held = audio.pcm.nbytes / 2**20
    print(json.dumps({"duration": audio.duration, "held_mb": held, "path": decision.path, "steps": steps}))


def _spawn(*args: str) -> dict:
    """This script again in a fresh process, with ``args``; its last line of output, as JSON."""
    done = subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=12.0)
    parser.add_argument("--models", default="tiny.en,base")
    parser.add_argument("--layouts", default="stereo,mono")
    parser.add_argument("--audio", default=AUDIO, help="[export] audio: bleep, silence or off")
    parser.add_argument("--decode-only", action="store_true", help="decode and measure memory only")
    parser.add_argument("--regions", action="store_true", help="with --decode-only: also detect speech")
    parser.add_argument(
        "--keep", type=Path, help="build and run in this folder and keep it (to inspect a failure)"
    )
    parser.add_argument("--child", nargs=3, metavar=("RECORDING", "MODEL", "WORK"), help=argparse.SUPPRESS)
    parser.add_argument("--decode-child", metavar="RECORDING", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.decode_child:
        decode_child(args.decode_child, args.regions)
        return
    os.environ["QUALSCRIBE_BENCH_AUDIO"] = args.audio
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    place = (
        contextlib.nullcontext(str(args.keep))
        if args.keep
        else tempfile.TemporaryDirectory(prefix="qualscribe-bench-")
    )
    with place as tmp:
        for layout in args.layouts.split(","):
            recording = str(build_recording(args.minutes, layout, Path(tmp)))
            if args.decode_only:
                _decoded(layout, _spawn("--decode-child", recording, *(["--regions"] * args.regions)))
                continue
            rows = []
            for model in args.models.split(","):
                figures = _spawn("--child", recording, model, str(Path(tmp) / f"{layout}-{model}"))
                rows.append((layout, model, figures))
                print(f"done: {layout} {model} in {figures['wall']:.0f} s", file=sys.stderr)
            _table(rows)


def _decoded(layout: str, figures: dict) -> None:
    print(
        f"\n{layout}: {figures['duration'] / 60:.1f} min decoded, {figures['held_mb']:.0f} MB of samples "
        f"held, {figures['path']} path"
    )
    for step, (seconds, peak) in figures["steps"].items():
        print(f"  {step}: {seconds:.1f} s, peak RSS {peak:.0f} MB")


def _table(rows: list[tuple[str, str, dict]]) -> None:
    """One Markdown table of the runs on one recording."""
    minutes = rows[0][2]["duration"] / 60
    print(
        f"\nWhole pipeline on {minutes:.1f} min of audio ({os.cpu_count()} cores); s = seconds, "
        "s/min = seconds per audio minute; wall includes loading the models; peak RSS of the whole run "
        "and (in brackets) until transcription had finished\n"
    )
    header = "| recording | model | " + " | ".join(f"{s} s (s/min)" for s in STAGES)
    print(
        header
        + " | media/dur | wall s | RTF | peak RSS | stretches re-decoded | words recovered | still empty |"
    )
    print("|" + " --- |" * (len(STAGES) + 9))
    for layout, model, f in rows:
        per = [f"{f['stages'].get(s, 0.0):.1f} ({f['stages'].get(s, 0.0) / minutes:.2f})" for s in STAGES]
        rtf = f["wall"] / f["duration"]
        peak = f"{f['peak_mb']:.0f} MB ({f['peaks'].get('transcribe', 0.0):.0f})"
        print(
            f"| {layout} | {model} | "
            + " | ".join(per)
            + f" | {f['stages'].get('media', 0.0) / f['duration']:.3f}"
            + f" | {f['wall']:.0f} | {rtf:.3f} | {peak} | {_check(f['check'])} |"
        )
    for layout, model, f in rows:
        after = ", ".join(f"{stage} {mb:.0f} MB" for stage, mb in f["peaks"].items())
        print(f"\n{layout} {model}: peak RSS once each stage had run: {after}")


def _check(check: dict) -> str:
    """The speech check's counts (pipeline/transcribe/recover.py): what was decoded again, and kept."""
    empty = check.get("empty", [])
    return f"{check.get('redecoded', 0)} | {check.get('words_recovered', 0)} | {len(empty)}"


if __name__ == "__main__":
    main()
