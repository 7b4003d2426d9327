"""Real Whisper weights (tiny.en) on real speech, through both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.audio import SAMPLE_RATE, load_audio
from pipeline.config import load_config, section_options
from pipeline.errors import ConfigError
from pipeline.transcribe import TranscribeOptions, transcribe
from pipeline.wer import normalise, wer
from tests.media import AUDIO_FORMATS, encode


def _options(**changes) -> TranscribeOptions:
    defaults = section_options(load_config(), "transcribe", TranscribeOptions)
    return TranscribeOptions(**{**defaults.as_dict(), "model": "tiny.en", **changes})


@pytest.fixture(scope="module")
def jfk_transcripts(jfk_wav: Path) -> dict:
    audio = load_audio(jfk_wav)
    return {
        engine: transcribe(audio, _options(engine=engine)) for engine in ("faster-whisper", "openai-whisper")
    }


@pytest.mark.parametrize("engine", ["faster-whisper", "openai-whisper"])
def test_jfk_word_error_rate(jfk_transcripts: dict, jfk_reference: str, engine: str) -> None:
    transcript = jfk_transcripts[engine]
    assert wer(jfk_reference, transcript.text) <= 0.05, transcript.text


@pytest.mark.parametrize("engine", ["faster-whisper", "openai-whisper"])
def test_transcript_records_provenance_and_timed_words(jfk_transcripts: dict, jfk_wav: Path, engine: str):
    t = jfk_transcripts[engine]
    assert (t.engine, t.model, t.language) == (engine, "tiny.en", "en")
    assert t.source == str(jfk_wav) and len(t.sha256) == 64 and t.duration == pytest.approx(11.0)
    assert t.settings["transcribe"]["vad"] is True
    assert t.settings["transcribe"]["condition_on_previous_text"] is False
    words = [w for turn in t.turns for w in turn.words]
    assert normalise(" ".join(w.text for w in words)) == normalise(t.text)
    assert all(0 <= w.start <= w.end <= 11.05 and 0 < w.probability <= 1 for w in words)
    assert [w.start for w in words] == sorted(w.start for w in words)
    country = [w for w in words if normalise(w.text) == "country"]
    assert country[-1].end > 9.0  # the last word is at the end of the clip, not squeezed at its start


def test_engines_agree_on_the_same_weights(jfk_transcripts: dict) -> None:
    fw, ow = jfk_transcripts["faster-whisper"], jfk_transcripts["openai-whisper"]
    assert normalise(fw.text) == normalise(ow.text)
    fw_words = [w for turn in fw.turns for w in turn.words]
    ow_words = [w for turn in ow.turns for w in turn.words]
    assert len(fw_words) == len(ow_words)
    # int8 (CTranslate2) vs float32 (PyTorch) inference: word times agree to a few hundredths of a second
    assert max(abs(a.start - b.start) for a, b in zip(fw_words, ow_words, strict=True)) <= 0.1


@pytest.mark.parametrize("ext", list(AUDIO_FORMATS))
def test_compressed_formats_give_the_same_text(
    ext: str, jfk_samples, jfk_transcripts: dict, tmp_path: Path
) -> None:
    codec, fmt, rate = AUDIO_FORMATS[ext]
    path = encode(jfk_samples, SAMPLE_RATE, tmp_path / f"jfk.{ext}", codec, fmt, rate)
    transcript = transcribe(load_audio(path), _options())
    assert normalise(transcript.text) == normalise(jfk_transcripts["faster-whisper"].text)


def test_english_only_model_refuses_other_languages(jfk_wav: Path) -> None:
    with pytest.raises(ConfigError, match="English only"):
        transcribe(load_audio(jfk_wav), _options(language="de"))


def test_unknown_engine_lists_the_known_ones(jfk_wav: Path) -> None:
    with pytest.raises(
        ConfigError, match="unknown engine 'whisperx'; known engines: faster-whisper, openai-whisper"
    ):
        transcribe(load_audio(jfk_wav), _options(engine="whisperx"))
