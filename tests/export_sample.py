"""A small de-identified transcript shared by the export tests: two speakers, tags, odd characters."""

from __future__ import annotations

from pipeline.document import Transcript, Turn

TURNS = [
    ("I", "interviewer", 0.0, 4.25, "Can you tell me about your first year of clinical training?"),
    (
        "P01",
        "participant",
        4.8,
        19.96,
        "Um, it was pretty overwhelming at first. I worked at [ORG 1] in [PLACE 1] with [NAME 1] — "
        'and, like, 5 < 6 & "quotes" didn\'t help.',
    ),
    ("I", "interviewer", 20.5, 23.0, "What changed?"),
    ("P01", "participant", 3661.04, 3675.55, "I ran my first group session on my own. Café naïve."),
]


def sample_transcript() -> Transcript:
    return Transcript(
        source="P01",
        sha256="0" * 64,
        duration=3680.0,
        engine="faster-whisper",
        model="tiny.en",
        language="en",
        turns=[Turn(start, end, text, speaker, role) for speaker, role, start, end, text in TURNS],
        settings={"deid": {"tag_style": "numbered"}},
    )


def words(text: str) -> list[str]:
    return text.split()


def source_words(transcript: Transcript) -> list[str]:
    return [w for turn in transcript.turns for w in turn.text.split()]
