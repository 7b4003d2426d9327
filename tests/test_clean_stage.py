"""The cleaning stage as a whole: removal log, merging, profiles, timings, pause marks, settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import CleanOptions, Lexicon, WordLists, clean, load_lexicon
from pipeline.clean.options import wordlists_path
from pipeline.config import load_config, section_options
from pipeline.document import Removal, Transcript, Turn, Word
from pipeline.errors import ConfigError
from pipeline.speaker_lines import format_speaker_lines, parse_speaker_lines

DIALOGUE = (
    "I: How did the first session go?\n"
    "P: Um, it went- it was, uh, fine. I- I was nervous and the the room was cold.\n"
    "I: Mm-hmm.\n"
    "P: But she talked a lot.\n"
)


def timed_turn(speaker: str, role: str, words: list[tuple[str, float, float]]) -> Turn:
    """A turn with word timings, as a recogniser and the speakers stage would produce it."""
    timed = [Word(f" {text}", start, end, 0.9) for text, start, end in words]
    return Turn(
        timed[0].start, timed[-1].end, "".join(w.text for w in timed).strip(), speaker, role, None, timed
    )


def timed_transcript(*turns: Turn) -> Transcript:
    return Transcript("call.wav", "0" * 64, 60.0, "faster-whisper", "base", "en", list(turns))


def test_removal_log_records_every_drop_with_rule_speaker_and_input_turn() -> None:
    result = clean(parse_speaker_lines(DIALOGUE), CleanOptions())
    assert [(r.rule, r.text, r.speaker, r.turn) for r in result.removals] == [
        ("stutter-fragment", "I-", "P", 1),
        ("stutter-repeat", "the", "P", 1),
        ("encourager", "Mm-hmm.", "I", 2),
    ]
    assert all(r.stage == "clean" and r.start is None and r.end is None for r in result.removals)


def test_encourager_removal_joins_the_split_turn() -> None:
    result = clean(parse_speaker_lines(DIALOGUE), CleanOptions())
    assert [(t.speaker, t.role) for t in result.turns] == [("I", "interviewer"), ("P", "participant")]
    assert result.turns[1].text == (
        "Um, it went- it was, uh, fine. I was nervous and the room was cold. But she talked a lot."
    )


def test_profiles_clean_drops_fillers_and_false_starts_full_drops_nothing() -> None:
    transcript = parse_speaker_lines(DIALOGUE)
    tidy = clean(transcript, CleanOptions(profile="clean"))
    assert tidy.turns[1].text == "It was, fine. I was nervous and the room was cold. But she talked a lot."
    assert {r.rule for r in tidy.removals} == {
        "filler", "false-start", "stutter-fragment", "stutter-repeat", "encourager",
    }  # fmt: skip
    full = clean(transcript, CleanOptions(profile="full"))
    assert format_speaker_lines(full) == DIALOGUE and full.removals == []


def test_input_is_not_changed_and_earlier_removals_are_kept() -> None:
    transcript = parse_speaker_lines(DIALOGUE)
    earlier = Removal("someday", "rule", "x", "P", 0)
    transcript.removals.append(earlier)
    before = transcript.to_dict()
    result = clean(transcript, CleanOptions())
    assert transcript.to_dict() == before
    assert result.removals[0] == earlier and len(result.removals) == 4
    result.turns[0].text = "changed"
    assert transcript.turns[0].text == "How did the first session go?"


def test_options_are_echoed_into_settings() -> None:
    result = clean(parse_speaker_lines(DIALOGUE), CleanOptions(pause_threshold=4.0))
    echoed = result.settings["clean"]
    assert echoed["profile"] == "verbatim" and echoed["pause_threshold"] == 4.0 and echoed["pauses"] is False
    assert echoed["rules"] == ["encourager", "stutter-fragment", "stutter-repeat"]
    assert len(echoed["wordlists_sha256"]) == 64


def test_timed_encourager_in_a_short_gap_is_dropped_with_its_times() -> None:
    transcript = timed_transcript(
        timed_turn("P", "participant", [("I", 0.0, 0.2), ("stayed", 0.3, 0.8), ("late.", 0.9, 1.4)]),
        timed_turn("I", "interviewer", [("Mm-hmm.", 1.6, 2.0)]),
        timed_turn("P", "participant", [("Every", 2.3, 2.6), ("night.", 2.7, 3.1)]),
    )
    result = clean(transcript, CleanOptions())
    assert len(result.turns) == 1
    merged = result.turns[0]
    assert merged.text == "I stayed late. Every night."
    assert (merged.start, merged.end) == (0.0, 3.1)
    assert [w.text for w in merged.words] == [" I", " stayed", " late.", " Every", " night."]
    assert result.removals == [Removal("clean", "encourager", "Mm-hmm.", "I", 1, 1.6, 2.0)]


def test_timed_stutter_removal_carries_word_times() -> None:
    transcript = timed_transcript(
        timed_turn("P", "participant", [("the", 0.0, 0.1), ("the", 0.2, 0.3), ("door.", 0.4, 0.8)]),
    )
    result = clean(transcript, CleanOptions())
    assert result.turns[0].text == "the door."
    assert (result.turns[0].start, [w.start for w in result.turns[0].words]) == (0.2, [0.2, 0.4])
    assert result.removals == [Removal("clean", "stutter-repeat", "the", "P", 0, 0.0, 0.1)]


def test_timed_encourager_after_a_long_silence_takes_the_floor() -> None:
    transcript = timed_transcript(
        timed_turn("P", "participant", [("That", 0.0, 0.3), ("was", 0.4, 0.6), ("all.", 0.7, 1.0)]),
        timed_turn("I", "interviewer", [("Okay.", 4.0, 4.4)]),
        timed_turn("P", "participant", [("Well,", 8.0, 8.3), ("almost.", 8.4, 9.0)]),
    )
    result = clean(transcript, CleanOptions())
    assert [t.text for t in result.turns] == ["That was all.", "Okay.", "Well, almost."]
    assert result.removals == []
    looser = clean(transcript, CleanOptions(encourager_max_gap=5.0))
    assert [t.text for t in looser.turns] == ["That was all. Well, almost."]


def test_timed_encourager_overlapping_the_other_speaker_is_dropped_even_before_a_question() -> None:
    """Said in the middle of the participant's turn, "Mm-hmm" does not open the next question."""
    transcript = timed_transcript(
        timed_turn("P", "participant", [("She", 0.0, 0.3), ("left", 0.4, 3.0), ("early.", 3.1, 6.0)]),
        timed_turn("I", "interviewer", [("Mm-hmm.", 2.0, 2.4)]),
        timed_turn("I", "interviewer", [("Why?", 6.5, 7.0)]),
    )
    result = clean(transcript, CleanOptions())
    assert [(t.speaker, t.text) for t in result.turns] == [("P", "She left early."), ("I", "Why?")]
    assert [r.rule for r in result.removals] == ["encourager"]


def test_timed_encourager_that_lasts_too_long_is_kept() -> None:
    transcript = timed_transcript(
        timed_turn("P", "participant", [("It", 0.0, 0.2), ("hurt.", 0.3, 0.8)]),
        timed_turn("I", "interviewer", [("Mmmm.", 0.9, 4.5)]),
        timed_turn("P", "participant", [("A", 4.6, 4.7), ("lot.", 4.8, 5.0)]),
    )
    assert len(clean(transcript, CleanOptions()).turns) == 3


def test_pause_marks_from_word_timings_only_when_asked() -> None:
    transcript = timed_transcript(
        timed_turn("I", "interviewer", [("And", 0.0, 0.2), ("then?", 0.3, 0.7)]),
        timed_turn("P", "participant", [("Then", 3.3, 3.6), ("I", 3.7, 3.8), ("waited.", 7.0, 7.5)]),
        timed_turn("I", "interviewer", [("Okay.", 8.0, 8.3)]),
    )
    assert [t.text for t in clean(transcript, CleanOptions()).turns] == [
        "And then?",
        "Then I waited.",
        "Okay.",
    ]
    marked = clean(transcript, CleanOptions(pauses=True, pause_threshold=2.0))
    assert [t.text for t in marked.turns] == ["And then?", "(pause 3 s) Then I (pause 3 s) waited.", "Okay."]
    assert [w.text for w in marked.turns[1].words] == [" Then", " I", " waited."]
    fewer = clean(transcript, CleanOptions(pauses=True, pause_threshold=3.0, pause_mark="[{seconds}s]"))
    assert [t.text for t in fewer.turns] == ["And then?", "Then I [3s] waited.", "Okay."]


def test_untimed_text_gets_no_pause_marks() -> None:
    result = clean(parse_speaker_lines(DIALOGUE), CleanOptions(pauses=True))
    assert "pause" not in result.text


def test_a_turn_left_empty_disappears_and_its_neighbours_join() -> None:
    transcript = parse_speaker_lines("I: So you were,\nP: Um.\nI: what, in your second year?\n")
    result = clean(transcript, CleanOptions(profile="clean"))
    assert format_speaker_lines(result) == "I: So you were, what, in your second year?\n"
    assert [(r.rule, r.text, r.turn) for r in result.removals] == [("filler", "Um.", 1)]


def test_study_settings_choose_the_profile_and_reject_typos(tmp_path: Path) -> None:
    study = tmp_path / "qualscribe.toml"
    study.write_text('[clean]\nprofile = "clean"\npause_threshold = 3\n')
    options = section_options(load_config(study), "clean", CleanOptions)
    assert (
        options.profile == "clean" and options.pause_threshold == 3 and options.wordlists == "cleaning.toml"
    )
    study.write_text("[clean]\npause_treshold = 3\n")
    with pytest.raises(ConfigError, match=r"unknown setting \[clean\] pause_treshold.*pause_threshold"):
        section_options(load_config(study), "clean", CleanOptions)


def test_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(
        ConfigError, match="unknown cleaning profile 'tidy'; known profiles: clean, full, verbatim"
    ):
        clean(parse_speaker_lines(DIALOGUE), CleanOptions(profile="tidy"))


def test_a_study_word_list_file_changes_what_counts_as_an_encourager(tmp_path: Path) -> None:
    shipped = wordlists_path("cleaning.toml")
    custom = tmp_path / "words.toml"
    custom.write_text(shipped.read_text().replace('"indeed",', '"indeed", "go on",'))
    transcript = parse_speaker_lines("P: I kept quiet.\nI: Go on.\nP: Then I spoke.\n")
    assert len(clean(transcript, CleanOptions()).turns) == 3
    result = clean(transcript, CleanOptions(wordlists=str(custom)))
    assert format_speaker_lines(result) == "P: I kept quiet. Then I spoke.\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[profiles]\nverbatim = ["encourager", "mumble"]\n', "unknown rule.*mumble.*known rules"),
        ('[profiles]\nverbatim = []\n[words]\nfilers = ["um"]\n', r"unknown setting \[words\] filers"),
        ("[words]\n", r"\[profiles\] must map"),
        ("[profiles]\nverbatim = []\n[extra]\n", "unknown section"),
    ],
)
def test_broken_word_list_files_are_settings_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "words.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_lexicon(str(path))


def test_lexicon_can_be_built_by_hand() -> None:
    """A stage's parts can be passed in: here a lexicon that knows a single encourager."""
    lexicon = Lexicon.from_lists(WordLists(encouragers=["aha"]), {"only": ["encourager"]})
    transcript = parse_speaker_lines("P: I saw it.\nI: Aha.\nP: The the end.\nI: Mm-hmm.\nP: Yes.\n")
    result = clean(transcript, CleanOptions(profile="only"), lexicon)
    assert format_speaker_lines(result) == "P: I saw it. The the end.\nI: Mm-hmm.\nP: Yes.\n"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("P: I stayed home, um.\n", "P: I stayed home.\n"),
        ("P: Um, so we left.\n", "P: So we left.\n"),
        ('P: She said, "uh, fine."\n', 'P: She said, "fine."\n'),
    ],
)
def test_removed_words_leave_capitals_stops_and_quotes_in_place(given: str, expected: str) -> None:
    assert format_speaker_lines(clean(parse_speaker_lines(given), CleanOptions(profile="clean"))) == expected


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"pause_mark": "(pause {secs} s)"}, "may only use {seconds}"),
        ({"pause_threshold": -1.0}, "pause_threshold must not be negative"),
        ({"repeat_max_words": 0}, "repeat_max_words must be at least 1"),
    ],
)
def test_unusable_settings_fail_when_read(tmp_path: Path, setting: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        section_options(load_config(None, {"clean": setting}), "clean", CleanOptions)


def test_word_lists_must_be_strings(tmp_path: Path) -> None:
    path = tmp_path / "words.toml"
    path.write_text('[profiles]\nverbatim = []\n[words]\nfillers = ["um", 3]\n')
    with pytest.raises(ConfigError, match=r"\[words\] fillers must be a list of strings"):
        load_lexicon(str(path))
