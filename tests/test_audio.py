"""The audio stage on real speech in every container it claims to read, and on every kind of bad input."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from pipeline.audio import SAMPLE_RATE, load_audio
from pipeline.errors import AudioError
from tests.media import AUDIO_FORMATS, encode, encode_video, write_wav


@pytest.fixture(scope="session")
def jfk_formats(tmp_path_factory: pytest.TempPathFactory, jfk_samples: np.ndarray) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    files = {
        ext: encode(jfk_samples, SAMPLE_RATE, folder / f"jfk.{ext}", codec, fmt, rate)
        for ext, (codec, fmt, rate) in AUDIO_FORMATS.items()
    }
    files["mp4"] = encode_video(jfk_samples, SAMPLE_RATE, folder / "jfk.mp4")
    return files


@pytest.mark.parametrize("ext", [*AUDIO_FORMATS, "mp4"])
def test_every_container_decodes_to_16k_float32(jfk_formats: dict[str, Path], jfk_samples, ext: str) -> None:
    audio = load_audio(jfk_formats[ext])
    assert audio.samples.dtype == np.float32
    assert audio.channels == 1
    assert audio.duration == pytest.approx(11.0, abs=0.15)
    # the decoded speech is the speech we encoded: strongly correlated, not noise or silence
    n = min(audio.samples.shape[1], jfk_samples.shape[1]) - 4000
    lag = int(np.argmax(np.correlate(audio.samples[0, 2000:2400], jfk_samples[0, 2000:2400], "full"))) - 399
    a = audio.samples[0, 4000 + lag : n + lag] if lag >= 0 else audio.samples[0, 4000:n]
    b = jfk_samples[0, 4000 : 4000 + a.size]
    assert np.corrcoef(a, b)[0, 1] > 0.9


def test_stereo_call_keeps_both_channels(tmp_path: Path, jfk_samples: np.ndarray) -> None:
    speech = jfk_samples[0]
    left = np.concatenate([speech[: SAMPLE_RATE * 5], np.zeros(SAMPLE_RATE * 5, np.float32)])
    right = np.concatenate(
        [np.zeros(SAMPLE_RATE * 5, np.float32), speech[SAMPLE_RATE * 5 : SAMPLE_RATE * 10]]
    )
    path = write_wav(np.stack([left, right]), SAMPLE_RATE, tmp_path / "call.wav")
    audio = load_audio(path)
    assert audio.channels == 2 and audio.source_channels == 2
    energy = (audio.samples**2).reshape(2, 2, -1).sum(axis=2)  # [channel, half]
    assert energy[0, 0] > 100 * energy[0, 1]  # left speaks first, then is silent
    assert energy[1, 1] > 100 * energy[1, 0]  # right answers in the second half
    assert audio.mono().shape == (audio.samples.shape[1],)


def test_resamples_other_rates(tmp_path: Path, jfk_samples: np.ndarray) -> None:
    path = encode(jfk_samples, SAMPLE_RATE, tmp_path / "jfk44.flac", "flac", "s16", 44_100)
    audio = load_audio(path)
    assert audio.source_rate == 44_100
    assert audio.samples.shape[1] == pytest.approx(jfk_samples.shape[1], abs=200)


def test_sha256_identifies_the_source_file(jfk_wav: Path) -> None:
    import hashlib

    assert load_audio(jfk_wav).sha256 == hashlib.sha256(jfk_wav.read_bytes()).hexdigest()


# ---- bad input: one clear line on stderr, a non-zero exit, never a traceback ----


def _zero_length_wav(path: Path) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
    return path


def _bad_inputs(tmp: Path, jfk_formats: dict[str, Path]) -> dict[str, tuple[Path, str]]:
    (tmp / "text.wav").write_text("Interview notes, not audio.\n")
    (tmp / "empty.wav").write_bytes(b"")
    (tmp / "folder.wav").mkdir()
    mp3 = jfk_formats["mp3"].read_bytes()
    (tmp / "truncated.mp3").write_bytes(mp3[: len(mp3) // 2])
    return {
        "missing": (tmp / "nowhere.wav", "no such file"),
        "directory": (tmp / "folder.wav", "is a directory"),
        "empty": (tmp / "empty.wav", "empty"),
        "zero-length": (_zero_length_wav(tmp / "zero.wav"), "no audio"),
        "text renamed .wav": (tmp / "text.wav", "not a recognised audio"),
        "truncated mp3": (tmp / "truncated.mp3", "truncated"),
    }


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory, jfk_formats) -> dict[str, tuple[Path, str]]:
    return _bad_inputs(tmp_path_factory.mktemp("bad"), jfk_formats)


@pytest.mark.parametrize(
    "case", ["missing", "directory", "empty", "zero-length", "text renamed .wav", "truncated mp3"]
)
def test_bad_input_raises_audio_error(bad_inputs, case: str) -> None:
    path, message = bad_inputs[case]
    with pytest.raises(AudioError, match=message):
        load_audio(path)


@pytest.mark.parametrize(
    "case", ["missing", "directory", "empty", "zero-length", "text renamed .wav", "truncated mp3"]
)
def test_bad_input_on_the_command_line(bad_inputs, tmp_path: Path, case: str) -> None:
    path, message = bad_inputs[case]
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "transcribe", str(path), "-m", "tiny.en", "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("qualscribe: error: ") and message in lines[0]
    assert str(path.name) in lines[0]
    assert not list(tmp_path.iterdir())  # nothing written for a file that could not be read
