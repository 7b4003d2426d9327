from pathlib import Path

import pytest

from pipeline.document import SCHEMA_VERSION, Removal, Transcript, Turn, Word, load_transcript
from pipeline.errors import DocumentError


def _transcript() -> Transcript:
    return Transcript(
        source="recordings/p01.m4a",
        sha256="ab" * 32,
        duration=61.25,
        engine="faster-whisper",
        model="tiny.en",
        language="en",
        turns=[
            Turn(
                start=0.0,
                end=2.5,
                text="So how did you start?",
                speaker="I",
                role="interviewer",
                channel=0,
                words=[Word("So", 0.0, 0.3, 0.98), Word("how", 0.3, 0.5, 0.91)],
            ),
            Turn(start=2.7, end=5.0, text="Um, I- I was in Fresno — naïve.", speaker="P", role="participant"),
        ],
        settings={"transcribe": {"beam_size": 5, "initial_prompt": None}},
        removals=[
            Removal(stage="clean", rule="encourager", text="Mm-hmm.", speaker="I", turn=2, start=6.1, end=6.4)
        ],
    )


def test_json_round_trip_is_lossless(tmp_path: Path) -> None:
    original = _transcript()
    path = tmp_path / "t.json"
    path.write_text(original.to_json(), encoding="utf-8")
    assert load_transcript(path) == original
    assert f'"version": {SCHEMA_VERSION}' in original.to_json()
    assert "naïve" in path.read_text(encoding="utf-8")  # UTF-8, not \u escapes


def test_text_joins_turns() -> None:
    assert _transcript().text == "So how did you start?\nUm, I- I was in Fresno — naïve."


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("format"), "not a qualscribe transcript"),
        (lambda d: d.update(version=SCHEMA_VERSION + 1), "not supported"),
        (lambda d: d["turns"][0].pop("text"), "malformed"),
    ],
)
def test_foreign_or_damaged_json_is_a_clear_error(mutate, message: str) -> None:
    data = _transcript().to_dict()
    mutate(data)
    with pytest.raises(DocumentError, match=message):
        Transcript.from_dict(data)


def test_invalid_json_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="not valid JSON"):
        Transcript.from_json("{nope")
    with pytest.raises(DocumentError, match="cannot read"):
        load_transcript(tmp_path / "missing.json")
