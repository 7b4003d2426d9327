"""Whole-pipeline benchmark: seconds per stage, seconds per audio minute, real-time factor and peak RSS.

A long recording is built by concatenating sample_audio/interview.flac (a two-party stereo call, real
files through the real decoder) with a second of silence between copies; ``--layouts mono`` also runs its
mono mix, which takes the speaker-embedding path instead of the channel split. Each configuration runs
``qualscribe``'s batch runner on a fresh study in a fresh process, so the wall time includes loading the
models (as a transcriber's run does) and the peak RSS is that run's alone.

    .venv/bin/python bench/pipeline.py [--minutes 12] [--models tiny.en,base] [--layouts stereo,mono]
"""

from __future__ import annotations

import argparse
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


def build_recording(minutes: float, layout: str, folder: Path) -> Path:
    """The interview repeated until ``minutes`` long, as a stereo call or its mono mix (FLAC)."""
    from pipeline.audio import SAMPLE_RATE, load_audio
    from tests.media import write_wav

    call = load_audio(ROOT / "sample_audio" / "interview.flac").samples
    if layout == "mono":
        call = call.mean(axis=0, keepdims=True)
    gap = np.zeros((call.shape[0], SAMPLE_RATE), dtype=np.float32)
    copies = int(np.ceil(minutes * 60 / (call.shape[1] / SAMPLE_RATE + 1)))
    samples = np.concatenate([part for _ in range(copies) for part in (call, gap)], axis=1)
    wav = write_wav(samples, SAMPLE_RATE, folder / f"interview_{layout}_{minutes:g}min.wav")
    flac = wav.with_suffix(".flac")
    import av

    with av.open(str(wav)) as source, av.open(str(flac), "w") as target:
        stream = target.add_stream(
            "flac", rate=SAMPLE_RATE, layout="stereo" if layout == "stereo" else "mono"
        )
        for frame in source.decode(audio=0):
            for packet in stream.encode(frame):
                target.mux(packet)
        for packet in stream.encode(None):
            target.mux(packet)
    wav.unlink()
    return flac


def child(recording: str, model: str, work: str) -> None:
    """Run in a fresh process: the whole pipeline on one recording; print figures as JSON."""
    from pipeline.batch.events import RAN, Event
    from pipeline.batch.runner import run_batch
    from pipeline.settings import load_settings

    stages: dict[str, float] = defaultdict(float)

    def listener(event: Event) -> None:
        if event.status == RAN and event.stage in STAGES:
            stages[event.stage] += event.seconds

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
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    raw = json.loads(next(Path(work, "work").glob("*/transcript.json")).read_text())
    check = raw.get("settings", {}).get("speech_check", {})
    figures = {"wall": wall, "duration": results[0].duration, "stages": stages, "peak_mb": peak_mb}
    print(json.dumps({**figures, "check": check}))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=12.0)
    parser.add_argument("--models", default="tiny.en,base")
    parser.add_argument("--layouts", default="stereo,mono")
    parser.add_argument("--audio", default=AUDIO, help="[export] audio: bleep, silence or off")
    parser.add_argument("--child", nargs=3, metavar=("RECORDING", "MODEL", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="qualscribe-bench-") as tmp:
        for layout in args.layouts.split(","):
            recording = build_recording(args.minutes, layout, Path(tmp))
            for model in args.models.split(","):
                work = Path(tmp) / f"{layout}-{model}"
                done = subprocess.run(
                    [sys.executable, __file__, "--child", str(recording), model, str(work)],
                    capture_output=True,
                    text=True,
                    env={**os.environ, "PYTHONPATH": str(ROOT), "QUALSCRIBE_BENCH_AUDIO": args.audio},
                    check=False,
                )
                if done.returncode != 0:
                    sys.exit(f"{layout} {model} failed:\n{done.stderr[-3000:]}")
                figures = json.loads(done.stdout.strip().splitlines()[-1])
                rows.append((layout, model, figures))
                print(f"done: {layout} {model} in {figures['wall']:.0f} s", file=sys.stderr)
    minutes = rows[0][2]["duration"] / 60
    print(
        f"\nWhole pipeline on {minutes:.1f} min of audio ({os.cpu_count()} cores); s = seconds, "
        "s/min = seconds per audio minute; wall includes loading the models\n"
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
        print(
            f"| {layout} | {model} | "
            + " | ".join(per)
            + f" | {f['stages'].get('media', 0.0) / f['duration']:.3f}"
            + f" | {f['wall']:.0f} | {rtf:.3f} | {f['peak_mb']:.0f} MB | {_check(f['check'])} |"
        )


def _check(check: dict) -> str:
    """The speech check's counts (pipeline/transcribe/recover.py): what was decoded again, and kept."""
    empty = check.get("empty", [])
    return f"{check.get('redecoded', 0)} | {check.get('words_recovered', 0)} | {len(empty)}"


if __name__ == "__main__":
    main()
