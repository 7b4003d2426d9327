"""ASR benchmark: wall time, real-time factor and WER for each engine × model × recording.

Recordings are sample_audio/'s files plus one minutes-long recording built by concatenating them (real
speech, so RTF on it reflects an interview rather than an 11-second clip). The model is loaded and
warmed up before timing, so the figures are steady-state transcription speed; load time is listed apart.

    .venv/bin/python bench/asr.py [--minutes 5] [--engines faster-whisper,openai-whisper]
                                  [--models tiny.en,base]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.audio import AUDIO_EXTENSIONS, SAMPLE_RATE, load_audio  # noqa: E402
from pipeline.config import load_config, section_options  # noqa: E402
from pipeline.models import resolve_model  # noqa: E402
from pipeline.transcribe import TranscribeOptions, transcribe  # noqa: E402
from pipeline.transcribe.engines import get_engine  # noqa: E402
from pipeline.wer import wer  # noqa: E402

SAMPLES = ROOT / "sample_audio"
SPEAKER_LABEL = re.compile(r"^\s*[A-Za-z0-9]+:\s*", re.MULTILINE)


def reference_for(path: Path) -> str | None:
    """``<stem>_reference.txt`` beside the recording, with speaker labels (``I:``/``P:``) removed."""
    ref = path.with_name(f"{path.stem}_reference.txt")
    return SPEAKER_LABEL.sub("", ref.read_text()) if ref.is_file() else None


def build_long_recording(sources: list[Path], minutes: float, folder: Path) -> tuple[Path, str]:
    """Concatenate the sample recordings (1 s apart) until ``minutes`` long; return file and reference."""
    from tests.media import write_wav

    pieces, refs, total = [], [], 0.0
    gap = np.zeros(SAMPLE_RATE, dtype=np.float32)
    while total < minutes * 60:
        for source in sources:
            pieces += [load_audio(source).mono(), gap]
            refs.append(reference_for(source) or "")
            total += pieces[-2].size / SAMPLE_RATE + 1
    path = write_wav(np.concatenate(pieces)[None, :], SAMPLE_RATE, folder / f"long_{minutes:g}min.wav")
    return path, "\n".join(refs)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=5.0, help="length of the concatenated recording")
    parser.add_argument("--engines", default="faster-whisper,openai-whisper")
    parser.add_argument("--models", default="tiny.en,base")
    args = parser.parse_args()

    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in AUDIO_EXTENSIONS)
    referenced = [p for p in samples if reference_for(p) is not None]
    defaults = section_options(load_config(), "transcribe", TranscribeOptions)
    print("| engine | model | recording | audio s | load s | wall s | RTF | WER |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        long_path, long_ref = build_long_recording(referenced, args.minutes, Path(tmp))
        recordings = [(p, reference_for(p)) for p in samples] + [(long_path, long_ref)]
        for engine in args.engines.split(","):
            for model in args.models.split(","):
                options = TranscribeOptions(**{**defaults.as_dict(), "engine": engine, "model": model})
                began = time.perf_counter()
                get_engine(engine, resolve_model(model), options.compute_type, options.cpu_threads)
                load = time.perf_counter() - began
                for path, reference in recordings:
                    audio = load_audio(path)
                    began = time.perf_counter()
                    transcript = transcribe(audio, options)
                    wall = time.perf_counter() - began
                    score = f"{wer(reference, transcript.text):.3f}" if reference else "–"
                    print(
                        f"| {engine} | {model} | {path.name} | {audio.duration:.1f} | {load:.1f} "
                        f"| {wall:.1f} | {wall / audio.duration:.3f} | {score} |",
                        flush=True,
                    )
                    load = 0.0


if __name__ == "__main__":
    main()
