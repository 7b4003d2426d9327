"""Decoded audio held as int16 (issue 16: a three-hour stereo call under 2 GB): the floats every reader
gets are FFmpeg's own for a 16-bit 16 kHz source and within half a step otherwise, a mix read slice by
slice is the whole mix, and the stages read long audio piece by piece, never as one float copy."""

from __future__ import annotations

import dataclasses
import tracemalloc
from pathlib import Path

import av
import numpy as np
import pytest

import pipeline.pcm
from pipeline.audio import SAMPLE_RATE, Audio, load_audio
from pipeline.diarize import diarize
from pipeline.diarize.channels import channel_statistics, decide_channels
from pipeline.diarize.options import DiarizeOptions
from pipeline.pcm import Track, to_pcm
from pipeline.transcribe import TranscribeOptions
from pipeline.transcribe.chunks import chunk_bounds
from tests.conftest import SAMPLES
from tests.media import encode

STEP = 1 / 32768


def _fltp(path: Path) -> np.ndarray:
    """What FFmpeg's float output gives at 16 kHz (the decode before audio was held as int16)."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        layout = "stereo" if stream.codec_context.channels == 2 else "mono"
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=SAMPLE_RATE)
        frames = [*container.decode(stream), None]
        return np.concatenate([o.to_ndarray() for f in frames for o in resampler.resample(f)], axis=1)


def test_a_16_bit_16_khz_source_is_held_as_int16_and_read_as_ffmpeg_s_own_floats() -> None:
    path = SAMPLES / "interview.flac"
    audio = load_audio(path)
    assert audio.pcm.dtype == np.int16 and audio.pcm.nbytes == 2 * 2 * audio.pcm.shape[1]
    floats = _fltp(path)
    assert audio.samples.dtype == np.float32 and np.array_equal(audio.samples, floats)
    assert np.array_equal(audio.channel(1), floats[1])
    assert np.array_equal(audio.mono(), floats.mean(axis=0, dtype=np.float32))


def test_a_resampled_source_is_the_nearest_16_bit_step(tmp_path: Path, jfk_samples: np.ndarray) -> None:
    path = encode(jfk_samples, SAMPLE_RATE, tmp_path / "jfk44.flac", "flac", "s16", 44_100)
    floats = _fltp(path)
    held = load_audio(path).samples
    assert not np.array_equal(held, floats)  # resampling gives values between the steps
    assert np.max(np.abs(held - floats)) <= STEP / 2 + 1e-9  # rounded, not truncated (up to a step)


def test_to_pcm_rounds_and_clips_to_full_scale() -> None:
    floats = np.array([0.0, 0.5 * STEP, 1.5 * STEP, -1.4 * STEP, 1.2, -1.3], dtype=np.float32)
    assert to_pcm(floats).tolist() == [0, 0, 2, -1, 32767, -32768]


def test_a_track_slice_is_that_slice_of_the_whole_mix(monkeypatch: pytest.MonkeyPatch) -> None:
    audio = load_audio(SAMPLES / "interview.flac")
    whole = audio.samples.mean(axis=0, dtype=np.float32)
    monkeypatch.setattr(pipeline.pcm, "MIX_BLOCK", 1000)  # many blocks, and a slice across them
    track = audio.track()
    assert len(track) == audio.pcm.shape[1]
    assert np.array_equal(track[12_345:54_321], whole[12_345:54_321])
    assert np.array_equal(np.asarray(track), whole) and np.array_equal(audio.mono(), whole)
    assert np.array_equal(audio.track(0)[5:9], audio.samples[0, 5:9])
    with pytest.raises(TypeError):
        track[::2]
    in_memory = dataclasses.replace(audio, pcm=audio.samples)  # float32 audio reads the same
    assert np.array_equal(in_memory.track()[100:2000], whole[100:2000])


def test_channel_statistics_are_the_same_from_int16_as_from_float32() -> None:
    audio = load_audio(SAMPLES / "interview.flac")
    options = DiarizeOptions()
    assert channel_statistics(audio.pcm, options) == channel_statistics(audio.samples, options)


def _peak_bytes(call) -> int:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_long_audio_is_read_a_piece_at_a_time() -> None:
    """Ten minutes of stereo: the channel statistics and the piece cuts convert pieces, not the whole."""
    rng = np.random.default_rng(0)
    pcm = (rng.standard_normal((2, 600 * SAMPLE_RATE)) * 3000).astype(np.int16)
    audio = Audio(Path("long.wav"), "0" * 64, pcm, 2, SAMPLE_RATE, "pcm_s16le")
    whole = 4 * pcm.size  # bytes of one float32 copy of every channel (77 MB)
    assert _peak_bytes(lambda: decide_channels(audio, DiarizeOptions())) < whole / 4
    assert _peak_bytes(lambda: chunk_bounds(audio.track(), 60.0)) < whole / 4


@pytest.mark.slow
def test_the_speakers_stage_reads_a_stereo_call_piece_by_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    """The split path (channel statistics, each channel's pieces and speech regions) never asks for a
    whole float copy of the recording or of a channel: three hours of stereo would be 0.7 GB each."""
    audio = load_audio(SAMPLES / "interview.flac")

    def whole(*_args: object) -> np.ndarray:
        raise AssertionError("a whole float32 copy of the recording")

    for reader in ("mono", "channel", "__array__"):
        monkeypatch.setattr(Track if reader == "__array__" else Audio, reader, whole)
    monkeypatch.setattr(Audio, "samples", property(whole))
    options = TranscribeOptions(model="tiny.en", chunk_seconds=40.0)
    transcript = diarize(audio, DiarizeOptions(), options)
    assert transcript.settings["diarize"]["path"] == "split"
    assert "clinical training" in " ".join(t.text for t in transcript.turns)
