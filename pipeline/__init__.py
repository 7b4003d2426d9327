"""qualscribe: offline transcription and de-identification of research interviews.

The import package is called ``pipeline`` because it is the pipeline: one module per stage (audio,
transcribe, ...) plus the CLI and batch runner that compose them.
"""

__version__ = "0.1.0"
