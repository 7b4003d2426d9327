"""Reproducible text (issue 16): the same audio gives byte-identical transcripts whatever the study, the
recordings' names and folders, or ``--jobs``.

Two studies in different folders hold byte copies of the same two recordings under other names: the
sample call's first half minute, and it twice over. The first runs with ``--jobs 1``, the second with
``--jobs 2`` (two recordings transcribed at once, on one thread each instead of the default count), in
the same process after the first, so a sampler that carried state from one run to the next would show
too. The speech
check's rule is made strict (``recover_gap_seconds = 0.5``: every half second of speech without a word is
decoded again, by sampling), so the seeded sampler's text reaches the transcripts: with ``seed = 1``
instead of 0 both recordings' transcripts differ (measured), so a seed taken from a file's name or
place would too. Pieces of 20 seconds give the longer recording four pieces, whose cuts must not
depend on anything but the audio either.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from pipeline.audio import SAMPLE_RATE, load_audio
from pipeline.cli import app
from pipeline.document import load_transcript
from tests.conftest import SAMPLES
from tests.media import write_wav

runner = CliRunner()
STRICT = "[transcribe]\nchunk_seconds = 20.0\nrecover_gap_seconds = 0.5\n"
# the call's first half minute holds both speakers' turns: enough to test, half the time of the whole
EXCERPT_SECONDS = 30


@pytest.fixture(scope="module")
def recordings(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The sample call's first 30 s and that excerpt twice with a second of silence between (61 s),
    stereo."""
    folder = tmp_path_factory.mktemp("recordings")
    call = load_audio(SAMPLES / "interview.flac").samples[:, : EXCERPT_SECONDS * SAMPLE_RATE]
    twice = np.concatenate([call, np.zeros((2, SAMPLE_RATE), dtype=np.float32), call], axis=1)
    once = write_wav(call, SAMPLE_RATE, folder / "once.wav")
    return [once, write_wav(twice, SAMPLE_RATE, folder / "twice.wav")]


def _study(root: Path, names: list[str], sources: list[Path]) -> Path:
    """A study made by ``qualscribe init`` at ``root``, with tiny.en, the strict speech check, text
    exports, and ``sources`` copied in as ``names`` (sorted as ``sources`` are: same codes, same order)."""
    result = runner.invoke(app, ["init", str(root), "--roster", str(SAMPLES / "roster.csv")])
    assert result.exit_code == 0, result.output
    settings = root / "qualscribe.toml"
    text = settings.read_text().replace('model = "base"', 'model = "tiny.en"')
    text = text.replace('formats = ["txt", "json", "docx"]', 'formats = ["txt", "json"]')
    settings.write_text(text.replace("[transcribe]\n", STRICT, 1))
    for name, source in zip(names, sources, strict=True):
        shutil.copy(source, root / "recordings" / name)
    return root


def _run(study: Path, jobs: int) -> None:
    env = {"QUALSCRIBE_KEY_PASSPHRASE": "reproducible test passphrase"}
    result = runner.invoke(app, ["run", str(study), "--jobs", str(jobs), "--progress", "quiet"], env=env)
    assert result.exit_code == 0, result.output


def _transcripts(study: Path, names: list[str]) -> list[dict[str, bytes]]:
    """Per recording, in order: the raw transcript (JSON and text) from the private folder and the
    de-identified one (text and JSON) from the shareable folder. Blanked: the two places that name
    where the text came from, not what it says (the raw JSON's source path, the text export's header
    line with the study's name), and the export's date, which midnight may change between the runs."""
    files = []
    for code, name in enumerate(names, start=1):
        work = study / "work" / Path(name).stem
        source = str(study / "recordings" / name).encode()
        raw = (work / "transcript.json").read_bytes()
        assert raw.count(source) == 1
        shared = (study / "out" / f"P{code:02d}.txt").read_bytes()
        header = f"\nStudy: {study.name}\n".encode()
        assert shared.count(header) == 1
        shared = shared.replace(header, b"\nSTUDY\n")
        shared = re.sub(rb"\nExported: [0-9-]+\n", b"\nExported: DATE\n", shared)
        files.append(
            {
                "transcript.json": raw.replace(source, b"SOURCE"),
                "transcript.txt": (work / "transcript.txt").read_bytes(),
                "out.txt": shared,
                "out.json": (study / "out" / f"P{code:02d}.json").read_bytes(),
            }
        )
    return files


@pytest.mark.slow
def test_two_studies_and_two_job_counts_give_byte_identical_transcripts(
    tmp_path: Path, recordings: list[Path]
) -> None:
    first_names = ["a_call.wav", "b_twice.wav"]
    second_names = ["Interview 07 (phone).wav", "interview_07_again.wav"]
    first = _study(tmp_path / "one" / "study", first_names, recordings)
    second = _study(tmp_path / "elsewhere" / "another study", second_names, recordings)
    _run(first, jobs=1)
    _run(second, jobs=2)
    ours, theirs = _transcripts(first, first_names), _transcripts(second, second_names)
    for name, mine, other in zip(first_names, ours, theirs, strict=True):
        for kind in mine:
            assert mine[kind] == other[kind], (name, kind)
    # sampled text is in them: the stretches decoded again gave words (else the seed would not matter)
    for name in first_names:
        check = load_transcript(first / "work" / Path(name).stem / "transcript.json").settings["speech_check"]
        assert check["redecoded"] > 0 and check["words_recovered"] > 0, (name, check)
