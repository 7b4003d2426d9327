from pathlib import Path

import pytest

from pipeline.config import load_config, section_options
from pipeline.errors import ConfigError
from pipeline.transcribe import TranscribeOptions


def test_defaults_then_study_file_then_flags(tmp_path: Path) -> None:
    study = tmp_path / "qualscribe.toml"
    study.write_text('[transcribe]\nmodel = "tiny.en"\nbeam_size = 2\n')
    config = load_config(study, {"transcribe": {"beam_size": 3, "language": None}})
    options = section_options(config, "transcribe", TranscribeOptions)
    assert options.model == "tiny.en"  # from the study file
    assert options.beam_size == 3  # the flag wins
    assert options.language == "en"  # None means "not given": the default stays
    assert options.engine == "faster-whisper" and options.vad and not options.condition_on_previous_text
    assert "Um" in (options.initial_prompt or "")


def test_unknown_setting_names_the_known_ones(tmp_path: Path) -> None:
    study = tmp_path / "qualscribe.toml"
    study.write_text("[transcribe]\nbeamsize = 2\n")
    with pytest.raises(
        ConfigError, match=r"unknown setting \[transcribe\] beamsize; known settings: .*beam_size"
    ):
        section_options(load_config(study), "transcribe", TranscribeOptions)


def test_wrong_type_and_bad_toml(tmp_path: Path) -> None:
    study = tmp_path / "qualscribe.toml"
    study.write_text('[transcribe]\nbeam_size = "five"\n')
    with pytest.raises(ConfigError, match="wrong type"):
        section_options(load_config(study), "transcribe", TranscribeOptions)
    study.write_text("[transcribe\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(study)
