"""ASR benchmark: wall time, CPU time, real-time factor and WER for each engine × model × batch size ×
recording, and the whole `qualscribe transcribe` command of one engine against the other.

Recordings are sample_audio/'s files plus one minutes-long recording built by concatenating the ones with
a reference (real speech, so RTF on it reflects an interview rather than an 11-second clip). The model is
loaded before timing (its load time is listed apart), so the table's figures are transcription speed through
the project's own ``transcribe`` (pieces of ``chunk_seconds``, the speech check's re-decodes, the
configs/default.toml settings: verbatim prompt, word timestamps, language).
``--batch-sizes`` sets ``[transcribe] batch_size`` for faster-whisper (0 = window by window; openai-whisper
has no batched pipeline and runs at 0 only). CPU s is the process's CPU time over all its threads, which
other jobs on the machine disturb less than wall time.

``--ratio`` then times the whole command in a fresh process per run (start-up, settings, model load,
decoding, writing the raw transcript) for each engine on the same audio, after one untimed run of each
(which converts the openai-whisper checkpoint once), and prints the ratio of the medians; ``--engines ""``
skips the table.

    .venv/bin/python bench/asr.py [--minutes 5] [--engines faster-whisper,openai-whisper]
                                  [--models tiny.en,base] [--batch-sizes 0,8] [--long-only]
                                  [--ratio [--ratio-model tiny.en] [--ratio-seconds 170]
                                   [--ratio-batch-size 0] [--repeats 3]]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.audio import AUDIO_EXTENSIONS, SAMPLE_RATE, Audio, load_audio  # noqa: E402
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


def build_cut_recording(sources: list[Path], seconds: float, folder: Path) -> Path:
    """The sample recordings cycled (1 s apart) and cut at ``seconds``: the same audio for every engine."""
    from tests.media import write_wav

    pieces, total = [], 0
    gap = np.zeros(SAMPLE_RATE, dtype=np.float32)
    while total < seconds * SAMPLE_RATE:
        for source in sources:
            pieces += [load_audio(source).mono(), gap]
            total += pieces[-2].size + gap.size
    samples = np.concatenate(pieces)[: int(seconds * SAMPLE_RATE)]
    return write_wav(samples[None, :], SAMPLE_RATE, folder / f"cut_{seconds:g}s.wav")


def load_average() -> str:
    """The machine's load now: wall times on a shared machine mean little without it."""
    return "load average now {:.2f}, {:.2f}, {:.2f} (1, 5, 15 min)".format(*os.getloadavg())


def timed(audio: Audio, options: TranscribeOptions) -> tuple[float, float, object]:
    """(wall s, CPU s of every thread of this process, transcript) of one ``transcribe`` call."""
    wall, cpu = time.perf_counter(), time.process_time()
    transcript = transcribe(audio, options)
    return time.perf_counter() - wall, time.process_time() - cpu, transcript


def table(args: argparse.Namespace, recordings: list[tuple[Path, str | None]]) -> None:
    """One row per engine × model × batch size × recording, the model loaded before the first."""
    defaults = section_options(load_config(), "transcribe", TranscribeOptions)
    print(f"{os.cpu_count()} cores, before the table: {load_average()}")
    print(
        "| engine | model | batch | recording | audio s | load s | wall s | CPU s | RTF | WER | re-decoded |"
    )
    print("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for engine in args.engines.split(","):
        for model in args.models.split(","):
            sizes = [int(b) for b in args.batch_sizes.split(",")] if engine == "faster-whisper" else [0]
            base = {**defaults.as_dict(), "engine": engine, "model": model}
            options = TranscribeOptions(**base)
            began = time.perf_counter()
            # the same cache key transcribe() uses, so the timed calls find the model loaded
            get_engine(
                engine, resolve_model(model), options.compute_type, options.cpu_threads, options.workers
            )
            load = time.perf_counter() - began
            for size in sizes:
                options = TranscribeOptions(**{**base, "batch_size": size})
                for path, reference in recordings:
                    audio = load_audio(path)
                    wall, cpu, transcript = timed(audio, options)
                    score = f"{wer(reference, transcript.text):.3f}" if reference else "–"
                    check = transcript.settings["speech_check"]
                    print(
                        f"| {engine} | {model} | {size} | {path.name} | {audio.duration:.1f} | {load:.1f} "
                        f"| {wall:.1f} | {cpu:.1f} | {wall / audio.duration:.3f} | {score} "
                        f"| {check['redecoded']} |",
                        flush=True,
                    )
                    load = 0.0
    print(f"after the table: {load_average()}")


def _command(audio: Path, engine: str, args: argparse.Namespace, folder: Path) -> tuple[float, float]:
    """(wall s, CPU s) of one whole `qualscribe transcribe` run in a fresh process."""
    config = folder / "bench.toml"
    size = args.ratio_batch_size if engine == "faster-whisper" else 0
    config.write_text(f"[transcribe]\nbatch_size = {size}\n")
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "transcribe",
        str(audio),
        "-e",
        engine,
        "-m",
        args.ratio_model,
    ]
    command += ["-c", str(config), "-o", str(folder / engine)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()}")
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def ratio(args: argparse.Namespace, folder: Path) -> None:
    """The whole command of each engine on the same audio, runs alternating, and the ratio of medians."""
    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in AUDIO_EXTENSIONS)
    audio = build_cut_recording(samples, args.ratio_seconds, folder)
    engines = ("faster-whisper", "openai-whisper")
    for engine in engines:  # untimed: converts the openai-whisper checkpoint once, fills the file cache
        _command(audio, engine, args, folder)
    runs: dict[str, list[tuple[float, float]]] = {engine: [] for engine in engines}
    for _ in range(args.repeats):
        for engine in engines:
            runs[engine].append(_command(audio, engine, args, folder))
    print(
        f"\nWhole `qualscribe transcribe` command, {args.ratio_model}, {args.ratio_seconds:g} s "
        f"({', '.join(p.name for p in samples)} cycled 1 s apart and cut), faster-whisper batch_size = "
        f"{args.ratio_batch_size}, {args.repeats} runs each, alternating; {load_average()}:"
    )
    medians = {}
    for engine, timings in runs.items():
        medians[engine] = [statistics.median(t[i] for t in timings) for i in (0, 1)]
        listed = ", ".join(f"{wall:.2f}" for wall, _ in timings)
        print(
            f"  {engine}: median {medians[engine][0]:.2f} s wall, {medians[engine][1]:.2f} s CPU "
            f"(wall of each run: {listed})"
        )
    (faster_wall, faster_cpu), (openai_wall, openai_cpu) = (medians[engine] for engine in engines)
    walls, cpus = openai_wall / faster_wall, openai_cpu / faster_cpu
    print(f"  ratio openai-whisper / faster-whisper: {walls:.2f} wall, {cpus:.2f} CPU")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=5.0, help="length of the concatenated recording")
    parser.add_argument("--engines", default="faster-whisper,openai-whisper")
    parser.add_argument("--models", default="tiny.en,base")
    parser.add_argument("--batch-sizes", default="0", help="faster-whisper's batch_size values to compare")
    parser.add_argument("--long-only", action="store_true", help="only the concatenated recording")
    parser.add_argument("--ratio", action="store_true", help="also time the whole command of both engines")
    parser.add_argument("--ratio-model", default="tiny.en")
    parser.add_argument("--ratio-seconds", type=float, default=170.0)
    parser.add_argument("--ratio-batch-size", type=int, default=0, help="faster-whisper's, in the command")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each command")
    args = parser.parse_args()

    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in AUDIO_EXTENSIONS)
    referenced = [p for p in samples if reference_for(p) is not None]
    with tempfile.TemporaryDirectory() as tmp:
        long_path, long_ref = build_long_recording(referenced, args.minutes, Path(tmp))
        recordings = [] if args.long_only else [(p, reference_for(p)) for p in samples]
        if args.engines:
            table(args, [*recordings, (long_path, long_ref)])
        if args.ratio:
            ratio(args, Path(tmp))


if __name__ == "__main__":
    main()
