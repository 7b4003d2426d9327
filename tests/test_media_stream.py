"""The de-identified audio block by block (issue 16: a three-hour call must not be held whole, 4 GB of
floats at 48 kHz, several times): the same samples and the same file as the whole-array path, however
the decoder cuts the blocks, and the audio leak gate reads only the stretches it listens to."""

from __future__ import annotations

import dataclasses
import itertools
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from pipeline.audio import SAMPLE_RATE, load_audio
from pipeline.export.options import ExportOptions
from pipeline.media.codec import BLOCK, decode_native, encode, frames_of
from pipeline.media.excerpts import load_excerpts
from pipeline.media.redact import Tone, redact, redact_blocks
from pipeline.media.spans import Span
from pipeline.media.write import AudioJob, write_draft
from tests.conftest import SAMPLES
from tests.media import encode as encode_test_file
from tests.media import write_wav

RATE = 8_000
SPANS = [
    Span(0.0, 0.3, ("[A]",)),  # from the first sample
    Span(1.0, 2.5, ("[B]",)),
    Span(2.0, 3.2, ("[C]",)),  # overlapping the one before: the later span wins, as in redact()
    Span(4.0, 4.0001, ("[D]",)),  # a few samples
    Span(5.6, 7.0, ("[E]",)),  # past the end (6 s): its tone fades out at the end
]


def _cuts(samples: np.ndarray, seed: int) -> list[np.ndarray]:
    """``samples`` cut at random places, as a decoder's frames are (some a single sample)."""
    rng = np.random.default_rng(seed)
    edges = np.unique(np.concatenate([[0], rng.integers(0, samples.shape[1], 60), [samples.shape[1]]]))
    return [samples[:, a:b] for a, b in itertools.pairwise(edges)]


@pytest.mark.parametrize("mode", ["bleep", "silence"])
@pytest.mark.parametrize("seed", range(4))
def test_redacting_block_by_block_gives_the_whole_array_s_samples(mode: str, seed: int) -> None:
    samples = np.random.default_rng(99).uniform(-0.5, 0.5, (2, 6 * RATE)).astype(np.float32)
    kept = samples.copy()
    tone = Tone(mode)
    blocks = list(redact_blocks(_cuts(samples, seed), RATE, SPANS, tone))
    assert np.array_equal(np.concatenate(blocks, axis=1), redact(samples, RATE, SPANS, tone))
    assert np.array_equal(samples, kept)  # the decoder's blocks are never written to


def test_frames_for_the_encoder_do_not_depend_on_how_the_blocks_were_cut() -> None:
    samples = np.arange(3 * 10_000, dtype=np.float32).reshape(3, -1)
    frames = list(frames_of(_cuts(samples, 0)))
    assert [start for start, _ in frames] == list(range(0, 10_000, BLOCK))
    assert all(chunk.shape[1] == BLOCK for _, chunk in frames[:-1])
    assert np.array_equal(np.concatenate([chunk for _, chunk in frames], axis=1), samples)


def test_the_streamed_draft_is_the_file_the_whole_array_path_writes(tmp_path: Path) -> None:
    source = SAMPLES / "interview.flac"
    options = dataclasses.replace(ExportOptions(), audio="bleep", audio_format="wav")
    spans = [Span(10.0, 11.5, ("[NAME]",)), Span(64.9, 66.0, ("[ORG]",))]
    duration = write_draft(AudioJob(source, tmp_path / "draft.wav", tmp_path / "x.wav"), spans, options)
    samples, rate = decode_native(source)
    tone = Tone(options.audio, options.audio_tone_hz, options.audio_tone_level)
    whole = encode(redact(samples, rate, spans, tone), rate, tmp_path / "whole.wav", "wav")
    assert (tmp_path / "draft.wav").read_bytes() == whole.read_bytes()
    assert duration == samples.shape[1] / rate


def test_a_long_draft_is_never_held_whole(tmp_path: Path) -> None:
    pcm = (np.random.default_rng(1).uniform(-0.3, 0.3, (2, 600 * SAMPLE_RATE))).astype(np.float32)
    source = write_wav(pcm, SAMPLE_RATE, tmp_path / "long.wav")  # ten minutes of stereo
    options = dataclasses.replace(ExportOptions(), audio="bleep", audio_format="wav")
    job = AudioJob(source, tmp_path / "d.wav", tmp_path / "x.wav")
    tracemalloc.start()
    try:
        write_draft(job, [Span(60, 62, ("[N]",))], options)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < pcm.nbytes / 10  # one float copy is 77 MB; the whole-array path held five


def test_excerpts_are_the_loaded_audio_s_samples_there(tmp_path: Path) -> None:
    call = load_audio(SAMPLES / "interview.flac").samples
    path = encode_test_file(call, SAMPLE_RATE, tmp_path / "call.mp3", "libmp3lame", "fltp", 44_100)
    loaded = load_audio(path)
    ranges = [(0, 5_000), (160_000, 200_123), (loaded.pcm.shape[1] - 100, loaded.pcm.shape[1] + 900)]
    excerpts = load_excerpts(path, ranges)
    assert excerpts.duration == loaded.duration
    track = loaded.track()
    for start, end in ranges:
        assert np.array_equal(excerpts[start:end], track[start:end])
    assert np.array_equal(excerpts[170_000:180_000], track[170_000:180_000])
    with pytest.raises(ValueError, match="not kept"):
        excerpts[4_000:6_000]


def test_the_gate_listens_with_the_bleep_taken_out_and_the_voice_left_in() -> None:
    """A bleep left in made greedy tiny.en write words for it and loop, so what the gate heard depended
    on the CPU; taken out, it is near silence, while the recording's voice keeps its energy."""
    voice = load_audio(SAMPLES / "interview.flac").mono()[: 4 * SAMPLE_RATE]
    bleep = Tone("bleep", 1000.0, 0.1)
    toned = redact(voice[None, :], SAMPLE_RATE, [Span(1.0, 2.0, ("[A]",))], bleep)[0]
    heard = bleep.without(toned, SAMPLE_RATE)
    inside, outside = slice(SAMPLE_RATE, 2 * SAMPLE_RATE), slice(2 * SAMPLE_RATE + 800, None)
    assert np.sqrt(np.mean(toned[inside] ** 2)) > 0.07  # the tone is there, at 0.1/sqrt(2)
    assert np.sqrt(np.mean(heard[inside] ** 2)) < 0.005  # and gone once the band is out
    energy = float(np.sum(voice[outside] ** 2))
    assert (
        float(np.sum((heard[outside] - voice[outside]) ** 2)) < 0.06 * energy
    )  # the voice, nearly as it was
    assert Tone("silence").without(toned, SAMPLE_RATE) is toned  # nothing to take out of a silence
