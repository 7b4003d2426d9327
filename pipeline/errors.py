"""Domain exceptions.

Library code raises these; only the CLI turns them into one line on stderr and an exit code, so a
researcher never sees a traceback for a problem they can fix themselves (a bad file, a missing model).
"""


class QualscribeError(Exception):
    """Base class: an error a user can cause and act on. ``exit_code`` is what the CLI returns."""

    exit_code = 1


class AudioError(QualscribeError):
    """The recording cannot be read: missing, empty, not audio, truncated, silent container."""

    exit_code = 3


class ModelError(QualscribeError):
    """A model is not installed, damaged, or cannot be used with the chosen engine."""

    exit_code = 4


class ConfigError(QualscribeError):
    """A setting is unknown or has a value of the wrong kind."""

    exit_code = 2


class DocumentError(QualscribeError):
    """A transcript file is not a qualscribe document, or of a version this release cannot read."""

    exit_code = 5


class KeyFileError(QualscribeError):
    """The participant key file is missing, damaged, not a key file, or the passphrase is wrong.

    Raised before anything is written, so a failed command never changes the key file on disk.
    """

    exit_code = 6


class SpeakerLinesError(DocumentError):
    """A text transcript cannot be read, or has no "Label: text" speaker lines to work on."""


class LeakError(QualscribeError):
    """A shareable file would still contain an identifier the ledger or the roster knows."""

    exit_code = 7


class StorageError(QualscribeError):
    """A file cannot be written (disk full, no permission, a folder where a file should go).

    Raised after the partial file has been removed, so nothing half-written is left behind. It would
    fail every recording alike, so a batch stops on it rather than marking file after file failed.
    """

    exit_code = 8


class StudyBusyError(QualscribeError):
    """Another batch is already running on this study's work folder."""

    exit_code = 9


class ExportError(QualscribeError):
    """An export would not be a valid file for the coding tools (a .qdpx that breaks the REFI schema).

    Raised before anything is written: an importer that meets an invalid project refuses it, often
    without saying why, so qualscribe says what is wrong instead of handing over a file that fails later.
    """

    exit_code = 10
