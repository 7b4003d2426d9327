"""The values ``[export] audio`` and ``audio_format`` may take, and how each format is written.

Its own module, free of PyAV, so the settings check can name the known values without decoding anything.
"""

from __future__ import annotations

from dataclasses import dataclass

OFF = "off"
BLEEP = "bleep"
SILENCE = "silence"
AUDIO_MODES = (OFF, BLEEP, SILENCE)


@dataclass(frozen=True)
class AudioFormat:
    """How one ``audio_format`` is written: PyAV codec, sample format and the rates it can encode
    (empty: any); a rate it cannot take is resampled to ``rates[-1]``."""

    extension: str
    codec: str
    sample_format: str
    rates: tuple[int, ...] = ()
    bit_rate: int = 0  # per channel, bits per second; 0 = the encoder's default
    options: tuple[tuple[str, str], ...] = ()


FORMATS = {
    # Opus encodes at 48 kHz only (of the rates a recording usually has); the Ogg pre-skip and end
    # granule trim its padding, so the file decodes to the recording's length
    # 32 kbit/s a channel is transparent for speech; compression level 5 halves libopus's time
    "opus": AudioFormat("opus", "libopus", "flt", (48_000,), 32_000, (("compression_level", "5"),)),
    "mp3": AudioFormat(
        "mp3",
        "libmp3lame",
        "fltp",
        (8_000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000),
        32_000,
    ),
    "wav": AudioFormat("wav", "pcm_s16le", "s16"),
}
AUDIO_FORMATS = tuple(FORMATS)
