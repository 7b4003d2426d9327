"""The de-identified audio's cost: seconds per audio second of the media stage's work (decode, tone,
encode, the audio leak gate's re-transcription, publish), against the issue's bound of 0.05.

The sample interview (stereo call) is repeated ``--copies`` times, its cleaned transcript and ledger
(from a study made by ``qualscribe run`` on it, ``--study``) shifted with it, so the redaction density is
the sample's. The model is loaded before the timed part, as the transcription stage has loaded it by the
time the media stage runs.

    .venv/bin/python bench/media.py --study STUDY [--copies 10] [--format opus]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from pipeline.deid.leakgate import KnownIdentifier, LeakGate
    from pipeline.deid.ledger import load_ledger
    from pipeline.document import load_transcript
    from pipeline.media.codec import decode_native, encode
    from pipeline.media.write import AudioJob, deidentified_audio
    from pipeline.models import resolve_model
    from pipeline.settings import study_settings
    from pipeline.transcribe.engines import get_engine

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--study", type=Path, required=True)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--format", default="opus")
    args = parser.parse_args()
    settings = study_settings(args.study, check=False)
    folder = next(p for p in (args.study / "work").iterdir() if (p / "clean.json").is_file())
    cleaned, ledger = load_transcript(folder / "clean.json"), load_ledger(folder / "ledger.json")
    samples, rate = decode_native(ROOT / "sample_audio" / "interview.flac")
    step = samples.shape[1] / rate
    turns, entries = [], []
    for k in range(args.copies):
        shift = k * step
        for t in cleaned.turns:
            words = [dataclasses.replace(w, start=w.start + shift, end=w.end + shift) for w in t.words]
            turns.append(dataclasses.replace(t, start=t.start + shift, end=t.end + shift, words=words))
        entries += [dataclasses.replace(e, turn=e.turn + k * len(cleaned.turns)) for e in ledger]
    long = dataclasses.replace(cleaned, turns=turns, duration=step * args.copies)
    options = dataclasses.replace(settings.export, audio="bleep", audio_format=args.format)
    gate = LeakGate([KnownIdentifier(e.original, e.tag) for e in ledger])
    tr = settings.transcribe
    get_engine(tr.engine, resolve_model(tr.model), tr.compute_type, tr.cpu_threads, tr.workers)
    with tempfile.TemporaryDirectory() as tmp:
        source = encode(np.tile(samples, args.copies), rate, Path(tmp) / "long.flac", "wav")
        job = AudioJob(source, Path(tmp) / "work" / f"draft.{args.format}", Path(tmp) / f"P01.{args.format}")
        began = time.monotonic()
        written = deidentified_audio(job, long, entries, options, tr, gate)
        seconds = time.monotonic() - began
    duration = step * args.copies
    print(
        f"{duration / 60:.1f} min, {len(written.spans)} spans, {written.stretches} stretches listened to, "
        f"{args.format}, model {tr.model}: {seconds:.1f} s = {seconds / duration:.3f} x the duration"
    )


if __name__ == "__main__":
    main()
