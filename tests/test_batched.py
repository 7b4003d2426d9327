"""faster-whisper's batched pipeline (``[transcribe] batch_size``): real tiny.en weights on real speech,
the same text every time, and the fallback it lacks decided by the sequential pipeline's thresholds."""

from __future__ import annotations

import dataclasses
import itertools
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.audio import load_audio
from pipeline.config import load_config, section_options
from pipeline.transcribe import TranscribeOptions, transcribe
from pipeline.transcribe.batched import CLIP_SECONDS, speech_clips, verdict
from pipeline.wer import wer
from tests.conftest import SAMPLES


def _options(**changes) -> TranscribeOptions:
    defaults = section_options(load_config(), "transcribe", TranscribeOptions)
    return TranscribeOptions(**{**defaults.as_dict(), "model": "tiny.en", "batch_size": 8, **changes})


def _turns(transcript) -> str:
    return json.dumps([dataclasses.asdict(t) for t in transcript.turns])


def test_batched_transcribes_jfk_and_gives_the_same_text_twice(jfk_wav: Path, jfk_reference: str) -> None:
    audio = load_audio(jfk_wav)
    first = transcribe(audio, _options(cpu_threads=2))
    assert wer(jfk_reference, first.text) < 0.05, first.text
    assert first.settings["transcribe"]["batch_size"] == 8
    words = [w for turn in first.turns for w in turn.words]
    assert words and all(0 <= w.start <= w.end <= 11.05 for w in words)
    again = transcribe(audio, _options(cpu_threads=1))  # one thread instead of two, as --jobs 2 gives
    assert _turns(again) == _turns(first)


def test_window_by_window_keeps_the_settings_and_cache_keys_transcripts_had_before() -> None:
    for size in (0, 1):
        assert "batch_size" not in TranscribeOptions(batch_size=size).as_dict()
    assert TranscribeOptions(batch_size=4).as_dict()["batch_size"] == 4


def test_clips_follow_the_speech_and_fit_whisper_s_window() -> None:
    samples = load_audio(SAMPLES / "interview.flac").mono()
    clips = speech_clips(samples)
    assert len(clips) >= 3  # 65 s of speech
    assert all(0 < end - start <= CLIP_SECONDS for start, end in clips)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(clips))


def _segment(text: str, avg_logprob: float = -0.2, no_speech_prob: float = 0.1) -> SimpleNamespace:
    return SimpleNamespace(text=text, avg_logprob=avg_logprob, no_speech_prob=no_speech_prob)


@pytest.mark.parametrize(
    ("segments", "outcome"),
    [
        ([_segment(" And so, my fellow Americans, ask not what your country can do for you.")], "ok"),
        ([_segment(" My-my super-" + "my-" * 80)], "failed"),  # a loop: compression ratio far above 2.4
        ([_segment(" Mm-hmm." * 40)], "failed"),
        ([_segment(" Right, so.", avg_logprob=-1.4)], "failed"),  # improbable text
        ([_segment(" you", avg_logprob=-1.4, no_speech_prob=0.9)], "silence"),  # dropped, as sequentially
        ([_segment(" Thank you.", avg_logprob=-0.5, no_speech_prob=0.9)], "ok"),  # probable: kept
    ],
)
def test_a_clip_is_judged_by_the_sequential_pipeline_s_thresholds(segments: list, outcome: str) -> None:
    assert verdict(segments) == outcome
