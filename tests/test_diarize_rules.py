"""The speakers stage's rules on hand-made inputs: merging two channels by time, roles, smoothing, edges,
and what a user can get wrong. No speech models here (only the Silero VAD on jfk.wav);
tests/test_diarize.py runs the stage on real audio with real models."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from pipeline.audio import Audio
from pipeline.config import load_config, section_options
from pipeline.diarize import DiarizeOptions, assign_speakers, embeddings
from pipeline.diarize.merge import join_words, merge_channels, utterances
from pipeline.diarize.roles import choose_interviewer, count_questions, label_turns
from pipeline.diarize.smooth import switch_costs, viterbi
from pipeline.diarize.speech import snap_turns
from pipeline.document import Transcript, Turn, Word
from pipeline.errors import ConfigError, DocumentError, ModelError


def words(text: str, start: float, step: float = 0.3) -> list[Word]:
    """One word every ``step`` seconds from ``start``, each lasting 0.25 s."""
    return [
        Word(token, round(start + i * step, 3), round(start + i * step + 0.25, 3), 0.9)
        for i, token in enumerate(text.split())
    ]


def options(**settings) -> DiarizeOptions:
    return section_options(load_config(overrides={"diarize": settings}), "diarize", DiarizeOptions)


# --- merging two channels by time -------------------------------------------------------------------


def test_an_overlapping_encourager_gets_its_own_turn_in_time_order() -> None:
    interviewer = words("How did it go?", 0.0) + words("Mm-hmm.", 4.1)
    participant = words("It was hard at first, I thought I was ready but then it got easier.", 1.6)
    turns = merge_channels([interviewer, participant], gap=1.0)
    assert [(t.channel, t.text) for t in turns] == [
        (0, "How did it go?"),
        (1, "It was hard at first, I thought I was"),
        (0, "Mm-hmm."),
        (1, "ready but then it got easier."),
    ]
    assert all(t.start == t.words[0].start and t.end == t.words[-1].end for t in turns)
    assert sum(len(t.words) for t in turns) == len(interviewer) + len(participant)


def test_a_long_interruption_does_not_shred_either_party_word_by_word() -> None:
    first = words("so what I wanted to say was that the", 0.0)
    second = words("sorry can I just ask about the clinic", 1.0)  # starts mid-utterance, talks over
    turns = merge_channels([first, second], gap=1.0)
    assert [t.channel for t in turns] == [0, 1, 0]
    assert turns[1].text == "sorry can I just ask about the clinic"


def test_turn_text_is_joined_as_the_recogniser_wrote_it() -> None:
    tokens = ["I", "-", "I", "-", "I", "thought,", "Mm", "-hmm.", "super", "-miner,", "right?"]
    ws = [Word(t, i * 0.2, i * 0.2 + 0.1, 1) for i, t in enumerate(tokens)]
    assert join_words(ws) == "I- I- I thought, Mm-hmm. super-miner, right?"


def test_words_of_one_channel_split_into_utterances_at_long_silences() -> None:
    groups = utterances(words("one two", 0.0) + words("three", 3.0), gap=1.0)
    assert [[w.text for w in g] for g in groups] == [["one", "two"], ["three"]]


def test_consecutive_utterances_of_one_party_are_one_turn() -> None:
    turns = merge_channels([words("Tell me more.", 0.0), words("Well it was. And then it was.", 2.0)], 0.5)
    assert [t.channel for t in turns] == [0, 1]


# --- roles ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "questions"),
    [
        ("Where did you train?", 1),
        ("Okay. And what were the first weeks like", 1),  # no "?" but a question opener
        ("Okay, so, um, how did that feel.", 1),
        ("Tell me about your supervisor.", 1),
        ("Thanks. Can you say more? Why was that?", 2),
        ("It was hard. I thought so.", 0),
        ("Whatever happened, I stayed.", 0),  # "whatever" is not "what"
    ],
)
def test_questions_are_counted_per_sentence(text: str, questions: int) -> None:
    settings = options()
    assert count_questions(text, settings.question_openers, settings.question_lead_words) == questions


def _turns(*texts: str) -> list[Turn]:
    return [Turn(float(i), i + 0.5, text) for i, text in enumerate(texts)]


def test_the_voice_asking_the_questions_is_the_interviewer_even_when_not_first() -> None:
    turns = _turns("Hello.", "Hi, thanks for calling. How did you find the program?", "It was good.",
                   "What was hard?", "The hours.")  # fmt: skip
    keys = ["b", "a", "b", "a", "b"]
    interviewer, scores = choose_interviewer(turns, keys, options())
    assert interviewer == "a" and scores == {"1": 1.0, "2": 2.0}  # "b" spoke first: a bonus of 1
    label_turns(turns, keys, interviewer, options())
    assert [t.speaker for t in turns] == ["P", "I", "P", "I", "P"]
    assert {t.role for t in turns if t.speaker == "I"} == {"interviewer"}


def test_speaking_first_decides_when_nobody_asks() -> None:
    turns = _turns("Okay so we are recording.", "Sure.", "Good.")
    interviewer, _ = choose_interviewer(turns, [0, 1, 0], options())
    assert interviewer == 0


def test_the_interviewer_can_be_named_by_order_and_participants_are_numbered() -> None:
    turns = _turns("What brought you here?", "My job.", "And you?", "My family.")
    keys = [0, 1, 2, 1]
    interviewer, _ = choose_interviewer(turns, keys, options(interviewer=2))
    assert interviewer == 1
    label_turns(turns, keys, interviewer, options(interviewer=2, participant_label="R"))
    assert [t.speaker for t in turns] == ["R1", "I", "R2", "I"]


def test_a_lone_voice_is_a_participant() -> None:
    turns = _turns("What do I think? I think it went well.")
    interviewer, _ = choose_interviewer(turns, [0], options())
    label_turns(turns, [0], interviewer, options())
    assert (turns[0].speaker, turns[0].role) == ("P", "participant")


# --- smoothing and edges ----------------------------------------------------------------------------


def test_a_speaker_change_is_cheaper_after_a_sentence_end_and_a_pause() -> None:
    ws = [Word("Right.", 0, 0.3, 1), Word("So", 1.0, 1.2, 1), Word("then", 1.2, 1.4, 1)]
    costs = switch_costs(ws, penalty=2.0, sentence_end_factor=0.3, pause_factor=0.5, pause=0.3)
    assert costs[1] == pytest.approx(0.3) and costs[2] == pytest.approx(2.0)


def test_viterbi_ignores_a_one_word_blip_but_follows_a_sustained_change() -> None:
    blip = np.array([[1, 0]] * 4 + [[0, 1]] + [[1, 0]] * 4, dtype=float)
    assert viterbi(blip, np.full(9, 3.0)) == [0] * 9
    change = np.array([[1, 0]] * 4 + [[0, 1]] * 4, dtype=float)
    assert viterbi(change, np.full(8, 3.0)) == [0] * 4 + [1] * 4


def test_turn_edges_move_to_the_speech_but_not_into_the_neighbours() -> None:
    first = Turn(1.0, 3.4, "a b", words=[Word("a", 1.0, 1.5, 1), Word("b", 2.0, 3.4, 1)])  # b stretched
    second = Turn(3.6, 5.0, "c", words=[Word("c", 3.6, 5.0, 1)])  # starts late, inside speech
    snap_turns([first, second], {None: [(0.8, 2.6), (3.2, 5.1)]}, tolerance=0.5)
    assert (first.start, first.end) == (0.8, 2.6)  # out to the speech start, in from the silence
    assert (second.start, second.end) == (3.2, 5.1)


# --- what a user can get wrong ----------------------------------------------------------------------


def test_without_resemblyzer_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "resemblyzer", None)  # as if not installed
    with pytest.raises(ModelError, match=r"speakers extra: pip install 'qualscribe\[speakers\]'.*--no-deps"):
        embeddings._resemblyzer()


def test_encoder_weights_that_do_not_exist_are_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="speaker encoder weights not found"):
        embeddings.load_encoder(str(tmp_path / "missing.pt"))


def test_a_transcript_without_word_timings_cannot_be_attributed(jfk_samples: np.ndarray) -> None:
    audio = Audio(Path("x.wav"), "0" * 64, jfk_samples, 1, 16_000, "pcm_s16le")
    transcript = Transcript("x.wav", "0" * 64, 11.0, "faster-whisper", "tiny.en", "en", [Turn(0, 1, "Hi.")])
    with pytest.raises(DocumentError, match="needs word timings"):
        assign_speakers(transcript, audio, options())


def test_a_recording_without_words_gives_no_turns_and_says_how_it_was_made(jfk_samples: np.ndarray) -> None:
    audio = Audio(Path("x.wav"), "0" * 64, jfk_samples, 1, 16_000, "pcm_s16le")
    transcript = Transcript("x.wav", "0" * 64, 11.0, "faster-whisper", "tiny.en", "en", [])
    result = assign_speakers(transcript, audio, options())
    assert result.turns == [] and result.settings["diarize"]["path"] == "mix"
    assert Transcript.from_json(result.to_json()).settings == result.settings


# --- settings a user can get wrong ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"speakers": 0}, r"speakers = 0 must be at least 1"),
        ({"speakers": -2}, r"speakers = -2 must be at least 1"),
        ({"channels": "stereo"}, r"channels = 'stereo'; choose one of auto, split, mix"),
        ({"interviewer_channel": 2}, r"interviewer_channel = 2 must be 0 \(left\), 1 \(right\) or \"auto\""),
        ({"interviewer": 0}, r"interviewer = 0 must be \"auto\" or the number of the voice"),
        ({"interviewer": "first"}, r"interviewer = 'first'"),
        ({"participant_label": "I"}, r"interviewer_label and participant_label must differ"),
        ({"window_seconds": 0.0}, r"window_seconds must be greater than 0"),
        ({"hop_seconds": 3.0}, r"hop_seconds must not exceed window_seconds"),
        ({"split_min_dominated": 1.5}, r"split_min_dominated must be between 0 and 1"),
        ({"speakers": "two"}, r"speakers = 'two' must be \"auto\" or a number of voices"),
        ({"speaker": 2}, r"unknown setting \[diarize\] speaker; known settings: .*speakers"),
    ],
)
def test_bad_settings_are_one_clear_config_error(settings: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        options(**settings)


def test_defaults_come_from_the_config_file() -> None:
    assert options() == DiarizeOptions()
    assert options(interviewer_channel="auto", speakers=3).speakers == 3
