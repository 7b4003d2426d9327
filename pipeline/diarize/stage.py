"""The speakers and roles stage: audio → a transcript whose turns say who spoke (``I``/``P``), in what role.

Two paths. A stereo call with one party per channel (decided from the channels' statistics, or forced)
is transcribed channel by channel and the words merged by time: attribution is then exact, and short
overlapping encouragers keep their own turns. Anything else is transcribed once as a mix, and each word
gets the voice the speaker embeddings around it point to. Either way roles come last (roles.py).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Hashable, Sequence
from typing import Any

from pipeline.audio import Audio
from pipeline.diarize.activity import speaker_activity
from pipeline.diarize.attribute import place_turn_edges, word_voices
from pipeline.diarize.channels import SPLIT, ChannelDecision, decide_channels
from pipeline.diarize.merge import merge_channels, turn_from_words
from pipeline.diarize.options import AUTO, DiarizeOptions
from pipeline.diarize.roles import choose_interviewer, label_turns
from pipeline.diarize.speech import Region, snap_turns, speech_regions
from pipeline.diarize.voices import assign_voices, group_by_voice
from pipeline.document import Transcript, Turn, Word
from pipeline.errors import ConfigError, DocumentError
from pipeline.transcribe import TranscribeOptions, transcribe
from pipeline.transcribe.engines import Progress
from pipeline.transcribe.recover import merge_checks

log = logging.getLogger(__name__)


def _words(transcript: Transcript) -> list[Word]:
    """All words in time order; a transcript with text but no word timings cannot be attributed."""
    if any(turn.text.strip() and not turn.words for turn in transcript.turns):
        raise DocumentError(
            "the speakers stage needs word timings; transcribe with [transcribe] word_timestamps = true"
        )
    return sorted((w for turn in transcript.turns for w in turn.words), key=lambda w: (w.start, w.end))


def _regions(samples: Any, options: DiarizeOptions) -> list[Region]:
    return speech_regions(samples, options.vad_threshold, options.vad_min_silence, options.vad_pad)


def _one_channel(audio: Audio, channel: int) -> Audio:
    return dataclasses.replace(audio, pcm=audio.pcm[channel : channel + 1])  # a view: no copy


def _split_progress(progress: Progress | None, channel: int, duration: float) -> Progress | None:
    """Report two passes over the recording as one pass: seconds 0..duration overall."""
    if progress is None:
        return None
    return lambda seconds: progress((channel * duration + min(seconds, duration)) / 2)


def _record(
    transcript: Transcript, options: DiarizeOptions, decision: ChannelDecision, extra: dict[str, Any]
) -> Transcript:
    transcript.settings["diarize"] = {
        **options.as_dict(),
        "path": decision.path,
        "reason": decision.reason,
        "channel_statistics": {k: v for k, v in decision.as_dict().items() if k not in ("path", "reason")},
        **extra,
    }
    return transcript


def _label(
    turns: list[Turn], keys: list[Hashable], options: DiarizeOptions, interviewer: Hashable | None = None
) -> dict[str, Any]:
    """Roles and labels, in place: ``interviewer`` is the split path's channel key, else chosen here."""
    chosen, scores = choose_interviewer(turns, keys, options)
    if interviewer is not None:
        chosen = interviewer
    label_turns(turns, keys, chosen, options)
    return {"voices": len(set(keys)), "question_scores": scores}


def _mono_turns(
    samples: Any, words: list[Word], regions: list[Region], k: int, options: DiarizeOptions
) -> tuple[list[Turn], list[int]]:
    voices = assign_voices(samples, words, regions, k, options)
    runs = group_by_voice(words, voices)
    return [turn_from_words(run) for _, run in runs], [voice for voice, _ in runs]


def _segmented_turns(
    samples: Any, words: list[Word], options: DiarizeOptions
) -> tuple[list[Turn], list[int], int]:
    """Turns by the frame-level diarizer (activity.py), words attributed frame by frame (attribute.py)."""
    if not words:
        return [], [], 0
    activity = speaker_activity(samples, options)
    runs = group_by_voice(words, word_voices(words, activity, options.word_reach))
    turns, keys = [turn_from_words(run) for _, run in runs], [voice for voice, _ in runs]
    place_turn_edges(turns, keys, activity, options.snap_tolerance)
    return turns, keys, activity.estimated


def assign_speakers(
    transcript: Transcript, audio: Audio, options: DiarizeOptions, decision: ChannelDecision | None = None
) -> Transcript:
    """Mono path on an existing transcript of ``audio``'s mix: speaker-labelled turns, same provenance.

    For a runner that caches the transcription stage: this is the part of :func:`diarize` after it.
    """
    decision = decision or ChannelDecision("mix", "speakers assigned to an existing transcript")
    words = _words(transcript)
    if options.mono_method == "segmentation":  # read piece by piece: never the whole mix as float32
        turns, keys, estimated = _segmented_turns(audio.track(), words, options)
        extra = {**_label(turns, list(keys), options), "voices_estimated": estimated}
    else:
        samples = audio.mono()
        regions = _regions(samples, options)
        turns, keys = _mono_turns(samples, words, regions, options.fixed_speakers or 2, options)
        snap_turns(turns, {None: regions}, options.snap_tolerance)
        extra = _label(turns, list(keys), options)
    result = dataclasses.replace(transcript, turns=turns, settings=dict(transcript.settings))
    return _record(result, options, decision, extra)


def split_speakers(
    per_channel: Sequence[Transcript],
    audio: Audio,
    options: DiarizeOptions,
    decision: ChannelDecision | None = None,
) -> Transcript:
    """Split path on the two channels' own transcripts: their words merged by time into labelled turns.

    For a runner that caches the transcription stage: this is the part of :func:`diarize` after the
    two per-channel transcriptions. The result has the first channel's provenance and settings.
    """
    decision = decision or ChannelDecision(SPLIT, "speakers assigned to existing per-channel transcripts")
    if len(per_channel) != 2 or audio.channels != 2:
        raise ConfigError("the split path needs a two-channel recording and one transcript per channel")
    turns = merge_channels(
        [_words(t) for t in per_channel],
        options.utterance_gap,
        options.interjection_min_seconds,
        options.interjection_min_probability,
    )
    regions = {ch: _regions(audio.track(ch), options) for ch in (0, 1)}  # read piece by piece
    channel_keys: list[Hashable] = [turn.channel for turn in turns]
    interviewer: Hashable | None = options.interviewer_channel
    if interviewer == AUTO:
        interviewer, _ = choose_interviewer(turns, channel_keys, options)
    keys = channel_keys
    if (options.fixed_speakers or 2) > 2:
        turns, keys = _split_more_voices(audio, turns, regions, options, interviewer)
        interviewer = (interviewer, 0) if interviewer is not None else None
    snap_turns(turns, regions, options.snap_tolerance)
    extra = _label(turns, keys, options, interviewer)
    base = per_channel[0]
    # each channel's speech check, as one: counts summed, still-empty stretches with their channel
    checks = merge_checks([t.settings.get("speech_check") for t in per_channel])
    settings = {**base.settings, "speech_check": checks}
    result = dataclasses.replace(base, turns=turns, settings=settings)
    return _record(result, options, decision, extra)


def _split_more_voices(
    audio: Audio,
    turns: list[Turn],
    regions: dict[int, list[Region]],
    options: DiarizeOptions,
    interviewer_channel: Hashable | None,
) -> tuple[list[Turn], list[Hashable]]:
    """More than two voices on a split call: the interviewer's channel is one voice, the other is diarized
    into ``speakers - 1`` voices with the mono path's embeddings. Keys are (channel, voice)."""
    other = 0 if interviewer_channel == 1 else 1
    other_words = sorted((w for t in turns if t.channel == other for w in t.words), key=lambda w: w.start)
    voices = assign_voices(
        audio.channel(other), other_words, regions[other], (options.fixed_speakers or 2) - 1, options
    )
    voice_of = {id(w): v for w, v in zip(other_words, voices, strict=True)}
    out_turns: list[Turn] = []
    keys: list[Hashable] = []
    for turn in turns:
        if turn.channel != other:
            out_turns.append(turn)
            keys.append((turn.channel, 0))
            continue
        for voice, run in group_by_voice(turn.words, [voice_of[id(w)] for w in turn.words]):
            out_turns.append(turn_from_words(run, other))
            keys.append((other, voice))
    return out_turns, keys


def diarize(
    audio: Audio,
    options: DiarizeOptions,
    transcribe_options: TranscribeOptions,
    progress: Progress | None = None,
) -> Transcript:
    """Transcribe ``audio`` and return its speaker-labelled turns with roles.

    A stereo call with one party per channel (or ``channels = "split"``) is transcribed channel by
    channel; otherwise the mix is transcribed once and the voices are told apart by speaker embeddings.
    ``progress`` is called with the audio seconds done, 0..duration, on both paths. The transcript's
    provenance is the transcription stage's; ``settings["diarize"]`` holds these options, the path taken
    and why (the channel statistics), and each voice's question score.
    """
    if not transcribe_options.word_timestamps:
        raise ConfigError("the speakers stage needs word timings; set [transcribe] word_timestamps = true")
    decision = decide_channels(audio, options)
    log.info("%s: %s path (%s)", audio.path, decision.path, decision.reason)
    if decision.path == SPLIT:
        per_channel = [
            transcribe(
                _one_channel(audio, ch), transcribe_options, _split_progress(progress, ch, audio.duration)
            )
            for ch in (0, 1)
        ]
        return split_speakers(per_channel, audio, options, decision)
    transcript = transcribe(audio, transcribe_options, progress)
    return assign_speakers(transcript, audio, options, decision)
