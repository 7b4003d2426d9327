"""The stages of a recording, each declared once in the registry (importing this package fills it).

Order of the default pipeline (``[run] stages``): transcribe (with speakers and roles) → correct (the
checker's corrections) → clean → code →
deidentify → export → media (the de-identified audio, off by default). A study's existing transcripts
start with ``import`` in transcription's place. A
new stage is a module here that adds itself to ``STAGES``.
"""

from __future__ import annotations

from pipeline.batch.stages import (  # noqa: F401  (they register)
    clean,
    code,
    correct,
    deidentify,
    export,
    importing,
    media,
    transcribe,
)
