"""Vocal sounds are never identifiers: Whisper writes backchannels and hesitations in endless spellings,
and one tagged as a name ("Uh-uh" as [NAME 2]) made the leak gate refuse a whole interview, because its
removals log held the variant "Uh-huh"."""

from __future__ import annotations

import pytest

from pipeline.deid.filters import vocal_sound
from pipeline.deid.stage import deidentify
from pipeline.deid.tags import TagBook
from pipeline.document import Transcript, Turn
from pipeline.settings import load_settings

SOUNDS = ["Uh-uh", "uh-uh.", "Mhm", "Hmm", "Mm-hmm", "Huh", "Uh-oh", "Erm", "Uhhh", "Mmm-hmm", "Nuh-uh"]
WORDS = ["Ruth", "Hugh", "Mumbai", "Emma", "Hans", "Uma", "Otto", "Noah", "Ahmed", "Ohio", "Erma", "Omaha"]


@pytest.mark.parametrize("sound", SOUNDS)
def test_a_vocal_sound_is_recognised(sound: str) -> None:
    assert vocal_sound(sound)


@pytest.mark.parametrize("word", WORDS)
def test_a_name_or_place_is_not_a_vocal_sound(word: str) -> None:
    assert not vocal_sound(word)


def test_the_stage_tags_the_name_and_leaves_the_sounds() -> None:
    turns = [
        Turn(0.0, 2.0, "Uh-uh.", "I", "interviewer"),
        Turn(2.0, 6.0, "Hmm. Uh-uh, no, Ruth never met her supervisor in Omaha.", "P", "participant"),
        Turn(6.0, 7.0, "Mhm.", "I", "interviewer"),
    ]
    transcript = Transcript("x.flac", "0" * 64, 7.0, "e", "m", "en", turns=turns)
    shareable, ledger = deidentify(transcript, load_settings(check=False).deid, TagBook())
    texts = [t.text for t in shareable.turns]
    assert texts[0] == "Uh-uh." and texts[2] == "Mhm."
    assert texts[1].startswith("Hmm. Uh-uh, no, [NAME 1] never met") and "Omaha" not in texts[1]
    assert {e.original for e in ledger} == {"Ruth", "Omaha"}
