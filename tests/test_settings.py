"""Settings: every mistake a user made in the first wave is refused with one line naming the setting,
before any audio is decoded, and the dataclass defaults are configs/default.toml's."""

from __future__ import annotations

import dataclasses
import shutil
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.batch.cache import read_stage_log
from pipeline.cli import app
from pipeline.errors import ConfigError
from pipeline.layout import WorkLayout
from pipeline.resources import data_dir
from pipeline.settings import SECTIONS, Settings, load_settings
from tests.conftest import SAMPLES

BROKEN_YAML = "models: [unclosed\n"

# (settings text, the words the one-line error must contain)
MISTAKES = [
    ('[deid]\ncategories = ["NAMES", "PLACE"]\n', ["[deid] categories", "'NAMES'", "NAME"]),
    ('[deid]\ncategories = ["name", "place"]\n', ["[deid] categories", "did you mean 'NAME'"]),
    ("[deid]\ncategories = []\n", ["[deid] categories", "empty"]),
    ('[deid]\ntag_style = "numberd"\n', ["[deid] tag_style", "numbered, plain"]),
    ('[deid]\nplain_categories = ["PHONES"]\n', ["[deid] plain_categories", "'PHONES'"]),
    ('[trancribe]\nmodel = "tiny.en"\n', ["[trancribe]", "known sections", "transcribe"]),
    ('[transcribe]\nmodle = "tiny.en"\n', ["[transcribe] modle", "known settings"]),
    ('[transcribe]\nbeam_size = "five"\n', ["[transcribe] beam_size", "wrong type"]),
    ('[transcribe]\nlanguage = "xx"\n', ["[transcribe] language = 'xx'", "known"]),
    ('[transcribe]\nmodel = "tiny.en"\nlanguage = "de"\n', ["[transcribe] language = 'de'", "English only"]),
    ('[transcribe]\nengine = "faster-whisperr"\n', ["[transcribe] engine", "faster-whisper, openai-whisper"]),
    ('[transcribe]\nmodel = "huge-v9"\n', ["[transcribe] model = 'huge-v9'", "unknown model"]),
    ('[transcribe]\nmodel = "tiny.en"\nbatch_size = -1\n', ["[transcribe] batch_size = -1", "at least 0"]),
    ('[transcribe]\nmodel = "tiny.en"\nbatch_size = 8.5\n', ["[transcribe] batch_size = 8.5", "wrong type"]),
    (
        '[transcribe]\nmodel = "tiny.en"\nengine = "openai-whisper"\nbatch_size = 8\n',
        ["[transcribe] batch_size = 8", "faster-whisper only"],
    ),
    (
        '[transcribe]\nmodel = "tiny.en"\nvad = false\nbatch_size = 8\n',
        ["[transcribe] batch_size = 8", "needs vad = true"],
    ),
    ('[clean]\nprofile = "verbatm"\n', ["[clean] profile = 'verbatm'", "verbatim"]),
    ('[deid]\nnlp_config = "{broken}"\n', ["[deid] nlp_config", "not valid YAML"]),
    ('[export]\nformats = ["txt", "pdf"]\n', ["[export] formats", "'pdf'"]),
    ('[run]\nstages = ["transcribe", "clen", "code", "deidentify", "export"]\n', ["[run] stages", "'clen'"]),
    (
        '[run]\nstages = ["transcribe", "code", "clean", "deidentify", "export"]\n',
        ["[run] stages", "'clean'"],
    ),
]


@pytest.fixture
def recordings(tmp_path: Path) -> Path:
    folder = tmp_path / "recordings"
    folder.mkdir()
    shutil.copy(SAMPLES / "jfk.wav", folder / "jfk.wav")
    return folder


@pytest.mark.parametrize(("text", "words"), MISTAKES, ids=[m[0].replace("\n", " ")[:40] for m in MISTAKES])
def test_a_settings_mistake_is_one_line_naming_the_setting_before_any_audio(
    text: str, words: list[str], recordings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUALSCRIBE_KEY_PASSPHRASE", "settings test")
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN_YAML)
    settings = tmp_path / "settings.toml"
    base = "" if "[transcribe]" in text else '[transcribe]\nmodel = "tiny.en"\n'
    settings.write_text(base + text.replace("{broken}", str(broken)))
    work = tmp_path / "work"
    args = ["run", str(recordings), "-c", str(settings), "-o", str(tmp_path / "out"), "-w", str(work)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (ConfigError.exit_code, 4), result.output  # 4: a model that is not there
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qualscribe: error: "), result.stderr
    for word in words:
        assert word in lines[0]
    # refused before the study was touched: no transcription, no key file, no shareable folder
    layout = WorkLayout(work)
    assert not any(e["stage"] == "transcribe" for e in read_stage_log(layout.stage_log))
    assert not layout.key_file.exists() and not (tmp_path / "out").exists()


def test_the_dataclass_defaults_are_the_default_settings_file() -> None:
    """configs/default.toml is the one source of defaults: the dataclasses may not drift from it."""
    raw = tomllib.loads((data_dir("configs") / "default.toml").read_text())
    assert set(raw) == set(SECTIONS)
    for name, cls in SECTIONS.items():
        fields = {f.name for f in dataclasses.fields(cls)}
        assert set(raw[name]) == fields, name  # every setting documented there, nothing extra
    assert load_settings(check=False) == Settings()


def test_the_default_settings_pass_every_check() -> None:
    settings = load_settings(overrides={"transcribe": {"model": "tiny.en"}})
    assert settings.deid.categories[0] == "NAME" and settings.run.stages[0] == "transcribe"


def test_flags_override_the_file_and_are_checked_like_it(tmp_path: Path) -> None:
    settings = tmp_path / "s.toml"
    settings.write_text('[transcribe]\nmodel = "tiny.en"\nlanguage = "en"\n')
    assert load_settings(settings, {"transcribe": {"beam_size": 2}}).transcribe.beam_size == 2
    with pytest.raises(ConfigError, match=r"\[transcribe\] language = 'fr'"):
        load_settings(settings, {"transcribe": {"language": "fr"}})
