"""Participant codes: stable, never reused, of the configured form; and the `qualscribe codes` commands."""

from __future__ import annotations

import hashlib
import itertools
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import codes
from pipeline.cli import app
from pipeline.codes import (
    CodeScheme,
    CodesOptions,
    Key,
    KeyEntry,
    Recording,
    assign_codes,
    new_key,
    recording_from_path,
)
from pipeline.config import load_config, section_options
from pipeline.errors import AudioError, ConfigError, KeyFileError
from pipeline.keyfile import PASSPHRASE_ENV

PASSPHRASE = "correct horse battery staple"


def _rec(file_name: str, name: str | None = None) -> Recording:
    """A recording whose identity (sha256) follows from its file name, as distinct audio would."""
    return Recording(hashlib.sha256(file_name.encode()).hexdigest(), file_name, name)


def _codes(key: Key) -> dict[str, str]:
    return {e.recording: e.code for e in key.entries}


# --- assignment ---------------------------------------------------------------------------------------


def test_sequential_codes_follow_file_names_not_argument_order() -> None:
    key = assign_codes(new_key(CodesOptions()), [_rec("c.m4a"), _rec("a.m4a"), _rec("b.m4a")])
    assert _codes(key) == {"a.m4a": "P01", "b.m4a": "P02", "c.m4a": "P03"}


def test_rerun_changes_nothing_and_new_recordings_get_the_next_codes() -> None:
    first = assign_codes(new_key(CodesOptions()), [_rec("b.m4a"), _rec("d.m4a")], today=date(2024, 3, 1))
    assert assign_codes(first, [_rec("d.m4a"), _rec("b.m4a")], today=date(2024, 4, 1)) == first
    later = assign_codes(first, [_rec("a.m4a"), _rec("b.m4a"), _rec("c.m4a")], today=date(2024, 4, 1))
    assert _codes(later) == {"b.m4a": "P01", "d.m4a": "P02", "a.m4a": "P03", "c.m4a": "P04"}
    assert [e.assigned for e in later.entries] == ["2024-03-01", "2024-03-01", "2024-04-01", "2024-04-01"]


def test_a_renamed_recording_keeps_its_code() -> None:
    key = assign_codes(new_key(CodesOptions()), [_rec("a.m4a"), _rec("b.m4a")])
    renamed = Recording(_rec("b.m4a").sha256, "participant-two.m4a")
    assert assign_codes(key, [renamed]) == key


def test_the_same_recording_twice_in_a_batch_gets_one_code() -> None:
    key = assign_codes(new_key(CodesOptions()), [_rec("a.m4a"), _rec("a.m4a")])
    assert [e.code for e in key.entries] == ["P01"]


def test_next_code_follows_the_highest_ever_issued_not_the_count() -> None:
    """P02 is absent (say its entry was lost); handing it out again could merge two people."""
    scheme = CodeScheme("sequential", "P", 2)
    key = Key(
        scheme, (KeyEntry("P01", None, "a", "1" * 64, "2024-01-01"), KeyEntry("P03", None, "c", "3" * 64, ""))
    )
    assert _codes(assign_codes(key, [_rec("x.m4a")]))["x.m4a"] == "P04"


def test_sequential_codes_outgrow_their_width_and_take_the_prefix() -> None:
    key = Key(CodeScheme("sequential", "S", 2), (KeyEntry("S99", None, "a", "9" * 64, "2024-01-01"),))
    assert _codes(assign_codes(key, [_rec("x.m4a")]))["x.m4a"] == "S100"
    wide = assign_codes(new_key(CodesOptions(prefix="INT-", width=3)), [_rec("x.m4a")])
    assert _codes(wide) == {"x.m4a": "INT-001"}


def test_random_codes_have_the_configured_shape_and_are_unique() -> None:
    options = CodesOptions(style="random", prefix="Q", random_length=5)
    key = assign_codes(new_key(options), [_rec(f"{i:03d}.m4a") for i in range(300)])
    found = [e.code for e in key.entries]
    assert len(set(found)) == 300
    assert all(re.fullmatch(r"Q[0-9A-HJKMNP-TV-Z]{5}", code) for code in found)
    again = assign_codes(new_key(options), [_rec(f"{i:03d}.m4a") for i in range(300)])
    assert [e.code for e in again.entries] != found  # drawn from a CSPRNG, not derived from the files


def test_a_random_code_already_issued_is_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    draws = itertools.chain("7K2Q", "7K2Q", "7K2Q", "9XMV")
    monkeypatch.setattr(codes.secrets, "choice", lambda alphabet: next(draws))
    options = CodesOptions(style="random")
    first = assign_codes(new_key(options), [_rec("a.m4a")])
    second = assign_codes(first, [_rec("b.m4a")])
    assert _codes(second) == {"a.m4a": "P7K2Q", "b.m4a": "P9XMV"}


def test_a_real_name_fills_in_but_never_replaces_another() -> None:
    key = assign_codes(new_key(CodesOptions()), [_rec("a.m4a")])
    named = assign_codes(key, [_rec("a.m4a", "Alice Example")])
    assert named.entries[0].name == "Alice Example" and named.entries[0].code == "P01"
    assert assign_codes(named, [_rec("a.m4a")]) == named
    with pytest.raises(KeyFileError, match="already has code P01 for another participant") as caught:
        assign_codes(named, [_rec("a.m4a", "Bob Sample")])
    assert "Alice" not in str(caught.value) and "Bob" not in str(caught.value)  # stderr is no place for names


def test_the_form_of_code_cannot_change_halfway_through_a_study() -> None:
    key = assign_codes(new_key(CodesOptions()), [_rec("a.m4a")])
    with pytest.raises(
        ConfigError, match=r"holds sequential codes like P01, but .* ask for random codes like P7K2"
    ):
        assign_codes(key, [_rec("b.m4a")], CodesOptions(style="random"))
    assert _codes(assign_codes(key, [_rec("b.m4a")], CodesOptions()))["b.m4a"] == "P02"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"style": "alphabetical"}, "style = 'alphabetical'"),
        ({"prefix": "1P"}, "prefix = '1P'"),
        ({"prefix": "P 1"}, "prefix = 'P 1'"),
        ({"width": 0}, "width = 0"),
        ({"style": "random", "random_length": 3}, "random_length = 3"),
        ({"with": 3}, r"unknown setting \[codes\] with; known settings: prefix, random_length, style, width"),
        ({"width": "2"}, "wrong type"),
    ],
)
def test_bad_codes_settings_are_config_errors(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        new_key(section_options(load_config(None, {"codes": settings}), "codes", CodesOptions))


def test_default_settings_give_p01() -> None:
    options = section_options(load_config(), "codes", CodesOptions)
    assert options.scheme() == CodeScheme("sequential", "P", 2)


def test_recordings_are_identified_by_content(tmp_path: Path) -> None:
    audio = tmp_path / "interview.m4a"
    audio.write_bytes(b"\x00\x01 some audio bytes")
    rec = recording_from_path(audio, "Alice Example")
    assert rec == Recording(hashlib.sha256(audio.read_bytes()).hexdigest(), "interview.m4a", "Alice Example")
    with pytest.raises(AudioError, match="no such recording"):
        recording_from_path(tmp_path / "missing.m4a")


def test_malformed_key_contents_are_key_file_errors() -> None:
    good = assign_codes(new_key(CodesOptions()), [_rec("a.m4a")]).to_dict()
    assert Key.from_dict(good).entries[0].code == "P01"
    with pytest.raises(KeyFileError, match="malformed"):
        Key.from_dict({**good, "entries": [{"code": "P01"}]})
    with pytest.raises(KeyFileError, match="version 9 is not supported"):
        Key.from_dict({**good, "version": 9})


# --- the command line -----------------------------------------------------------------------------------

runner = CliRunner()
ENV = {PASSPHRASE_ENV: PASSPHRASE}


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A study folder with three recordings (content is all that identifies them)."""
    for name in ("b.m4a", "a.m4a", "c.wav"):
        (tmp_path / name).write_bytes(f"audio of {name}".encode())
    return tmp_path


def _invoke(*args: str | Path, env: dict[str, str | None] | None = None, **kwargs: object):
    return runner.invoke(app, [str(a) for a in args], env=ENV if env is None else env, **kwargs)


def test_cli_init_assign_lookup_show(study: Path) -> None:
    key = study / "work" / "key.qskey"
    result = _invoke("codes", "init", key)
    assert result.exit_code == 0, result.output
    assert "sequential codes like P01" in result.stdout

    result = _invoke("codes", "assign", key, study / "b.m4a", "--name", "Bea Example")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"P01\t{study / 'b.m4a'}\n"
    assert "Bea" not in result.output  # assign never prints a name

    result = _invoke("codes", "assign", key, study / "c.wav", study / "b.m4a", study / "a.m4a")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"P03\t{study / 'c.wav'}",
        f"P01\t{study / 'b.m4a'}",
        f"P02\t{study / 'a.m4a'}",
    ]
    assert "2 new code(s); 1 recording(s) already had one" in result.stderr

    (study / "a.m4a").rename(study / "renamed.m4a")
    result = _invoke("codes", "lookup", key, study / "renamed.m4a")
    assert (result.exit_code, result.stdout) == (0, "P02\n")

    result = _invoke("codes", "show", key)
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("│ P")]
    assert len(rows) == 3
    assert "P01" in rows[0] and "Bea Example" in rows[0] and "b.m4a" in rows[0]
    assert "P02" in rows[1] and "a.m4a" in rows[1] and "P03" in rows[2] and "c.wav" in rows[2]
    assert "real names" in result.stderr  # warned: stdout is not a terminal here
    assert PASSPHRASE not in result.output


def test_cli_random_codes_from_the_study_settings(study: Path) -> None:
    settings = study / "qualscribe.toml"
    settings.write_text('[codes]\nstyle = "random"\nprefix = "R"\n')
    key = study / "key.qskey"
    assert _invoke("codes", "init", key, "--config", settings).exit_code == 0
    result = _invoke("codes", "assign", key, study / "a.m4a", "--config", settings)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"R[0-9A-HJKMNP-TV-Z]{4}\t\S+\n", result.stdout)
    result = _invoke("codes", "assign", key, study / "b.m4a")  # default settings: sequential
    assert result.exit_code == 2 and "ask for sequential codes" in result.stderr


def test_cli_errors_are_one_line_with_their_exit_codes_and_change_nothing(study: Path) -> None:
    key = study / "key.qskey"
    assert _invoke("codes", "assign", key, study / "a.m4a").exit_code == 6  # no key file yet
    assert not key.exists()
    assert _invoke("codes", "init", key).exit_code == 0
    assert _invoke("codes", "assign", key, study / "a.m4a").exit_code == 0
    before = key.read_bytes()

    cases = [
        (
            ["codes", "assign", key, study / "b.m4a"],
            {PASSPHRASE_ENV: "not the passphrase"},
            6,
            "wrong passphrase",
        ),
        (["codes", "show", key], {PASSPHRASE_ENV: "not the passphrase"}, 6, "wrong passphrase"),
        (["codes", "init", key], None, 6, "already exists"),
        (["codes", "lookup", key, study / "c.wav"], None, 6, "no code in"),
        (["codes", "show", study / "missing.qskey"], None, 6, "no key file here"),
        (["codes", "show", study / "a.m4a"], None, 6, "not a qualscribe key file"),
        (["codes", "assign", key, study / "missing.m4a"], None, 3, "no such recording"),
        (["codes", "assign", key, study / "a.m4a", study / "b.m4a", "--name", "X"], None, 2, "--name"),
    ]
    for args, env, code, message in cases:
        result = _invoke(*args, env=env)
        assert result.exit_code == code, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
        if code != 2:  # usage errors are click's; domain errors are one line
            assert result.stderr.count("\n") == 1 and result.stderr.startswith("qualscribe: error: ")
        assert key.read_bytes() == before

    key.write_bytes(before[:-1])  # damaged on disk
    result = _invoke("codes", "assign", key, study / "b.m4a")
    assert result.exit_code == 6 and "damaged or has been tampered with" in result.stderr
    assert key.read_bytes() == before[:-1]
