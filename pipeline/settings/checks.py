"""The checks a setting's type cannot express: is the value one the stage knows, and does what it names
exist on this machine? Run when the settings are read, so a mistake costs a second, not a transcription.

Each failure is one line that starts with the setting it is about, as ``setting [deid] categories``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from pipeline.errors import ConfigError, ModelError, QualscribeError

if TYPE_CHECKING:
    from pipeline.settings import Settings
    from pipeline.transcribe.options import TranscribeOptions

TAG_STYLES = ("numbered", "plain")
# what CTranslate2 and PyTorch accept for the weights' precision on a CPU
COMPUTE_TYPES = ("default", "auto", "int8", "int8_float32", "int16", "float32", "float16", "bfloat16")


def check_settings(settings: Settings, sections: Iterable[str] | None = None) -> None:
    """The values of ``sections`` (all when None), in pipeline order: the first mistake is reported.

    A command that only cleans or redacts text checks what it uses: it needs no Whisper model.
    """
    wanted = set(CHECKS) if sections is None else set(sections)
    for name, check in CHECKS.items():
        if name in wanted:
            check(settings)


def _check_run(settings: Settings) -> None:
    _one_of(settings.run.executor, ("local", "ray"), "run", "executor")
    if settings.run.executor == "ray" and importlib.util.find_spec("ray") is None:
        raise ConfigError("setting [run] executor = 'ray' needs Ray: pip install 'qualscribe[ray]'")


def _check_codes(settings: Settings) -> None:
    settings.codes.scheme()  # raises a ConfigError naming the [codes] setting


def _check_review(settings: Settings) -> None:
    _between(settings.review.low_confidence, 0, 1, "review", "low_confidence")
    _between(settings.review.low_probability, 0, 1, "review", "low_probability")
    _at_least(settings.review.gap_min_seconds, 0, "review", "gap_min_seconds")
    _at_least(settings.review.silence_margin, 0, "review", "silence_margin")


def _one_of(value: Any, known: Iterable[str], section: str, key: str) -> None:
    known = list(known)
    if value not in known:
        hint = next((k for k in known if isinstance(value, str) and k.lower() == value.lower()), None)
        suggestion = f" (did you mean {hint!r}?)" if hint else ""
        raise ConfigError(
            f"setting [{section}] {key} = {value!r} is not known{suggestion}; known: {', '.join(known)}"
        )


def _between(value: float, low: float, high: float, section: str, key: str) -> None:
    if not low <= value <= high:
        raise ConfigError(f"setting [{section}] {key} = {value!r} must be between {low} and {high}")


def _at_least(value: float, low: float, section: str, key: str) -> None:
    if value < low:
        raise ConfigError(f"setting [{section}] {key} = {value!r} must be at least {low}")


def whisper_languages() -> tuple[str, ...]:
    """The language codes Whisper models know (from faster-whisper, which both engines' weights share)."""
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    return tuple(_LANGUAGE_CODES)


def _check_transcribe(settings: Settings) -> None:
    from pipeline.models import resolve_model
    from pipeline.transcribe.engines import engine_names

    options = settings.transcribe
    _one_of(options.engine, engine_names(), "transcribe", "engine")
    _one_of(options.compute_type, COMPUTE_TYPES, "transcribe", "compute_type")
    _one_of(options.language, whisper_languages(), "transcribe", "language")
    for key, low in (
        ("beam_size", 1), ("cpu_threads", 0), ("workers", 1), ("chunk_seconds", 0), ("batch_size", 0),
        ("seed", 0),
        ("recover_min_silence", 0), ("recover_min_seconds", 0), ("recover_gap_seconds", 0.5),
        ("recover_words_per_second", 0), ("recover_pad_seconds", 0),
    ):  # fmt: skip
        _at_least(getattr(options, key), low, "transcribe", key)
    _check_batching(options)
    try:
        model = resolve_model(options.model)
    except ModelError as exc:
        raise ModelError(f"setting [transcribe] model = {options.model!r}: {exc}") from None
    if model.english_only and options.language != "en":
        raise ConfigError(
            f"setting [transcribe] language = {options.language!r}: model {model.name} understands English "
            'only; use language = "en" or a multilingual model (without .en)'
        )


def _check_batching(options: TranscribeOptions) -> None:
    """Batches are faster-whisper's, cut at the speech detector's pauses: refused where they cannot be."""
    if options.batch_size <= 1:
        return
    if options.engine != "faster-whisper":
        raise ConfigError(
            f"setting [transcribe] batch_size = {options.batch_size} works with engine faster-whisper only "
            f"(engine is {options.engine!r}); use batch_size = 0"
        )
    if not options.vad:
        raise ConfigError(
            f"setting [transcribe] batch_size = {options.batch_size} needs vad = true (the speech detector "
            "cuts the clips that are decoded together); use batch_size = 0 without it"
        )


def _check_clean(settings: Settings) -> None:
    from pipeline.clean.options import load_lexicon

    options = settings.clean
    try:
        lexicon = load_lexicon(options.wordlists)
    except ConfigError as exc:
        raise ConfigError(f"setting [clean] wordlists = {options.wordlists!r}: {exc}") from None
    _one_of(options.profile, sorted(lexicon.profiles), "clean", "profile")


def _check_deid(settings: Settings) -> None:
    from pipeline.deid.options import ALL_CATEGORIES

    options = settings.deid
    if not options.categories:
        raise ConfigError(
            "setting [deid] categories is empty: nothing would be redacted; name the categories to redact"
        )
    for key in ("categories", "plain_categories"):
        for value in getattr(options, key):
            _one_of(value, ALL_CATEGORIES, "deid", key)
    _one_of(options.tag_style, TAG_STYLES, "deid", "tag_style")
    _between(options.min_score, 0, 1, "deid", "min_score")
    _between(options.roster_fuzzy_threshold, 0, 100, "deid", "roster_fuzzy_threshold")
    _between(options.variant_similarity, 0, 100, "deid", "variant_similarity")
    for key in ("variant_max_zipf", "variant_initial_max_zipf", "recase_max_zipf", "rare_max_zipf"):
        _between(getattr(options, key), 0, 8, "deid", key)
    _at_least(options.variant_min_letters, 1, "deid", "variant_min_letters")
    for key in ("nlp_config", "recognizers_config", "analyzer_config"):
        _check_yaml(options.config_path(getattr(options, key)), key)
    _check_spacy_models(options.config_path(options.nlp_config))
    from pipeline.deid.wordlists import load_word_lists

    try:
        load_word_lists(options.config_path(options.word_lists))
    except QualscribeError as exc:
        raise ConfigError(f"setting [deid] word_lists = {options.word_lists!r}: {exc}") from None


def _check_yaml(path: Path, key: str) -> dict[str, Any]:
    """Presidio falls back to its own defaults when a file does not parse: here that is an error."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"setting [deid] {key}: cannot read {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        reason = str(exc).splitlines()[0]
        raise ConfigError(f"setting [deid] {key}: {path} is not valid YAML ({reason})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"setting [deid] {key}: {path} must be a YAML mapping")
    return data


def _check_spacy_models(path: Path) -> None:
    """The spaCy models the NLP configuration names must be installed packages (nothing downloads)."""
    models = _check_yaml(path, "nlp_config").get("models")
    if not isinstance(models, list) or not models:
        raise ConfigError(f"setting [deid] nlp_config: {path} names no models")
    for model in models:
        name = model.get("model_name") if isinstance(model, dict) else None
        if not isinstance(name, str) or importlib.util.find_spec(name) is None:
            raise ModelError(
                f"setting [deid] nlp_config: spaCy model {name!r} named in {path} is not installed"
            )


def _check_export(settings: Settings) -> None:
    from pipeline.export.registry import STUDY_FORMATS, formats_named

    try:
        formats_named([f for f in settings.export.formats if f not in STUDY_FORMATS])
    except ConfigError as exc:
        raise ConfigError(f"setting [export] formats: {exc}") from None
    from pipeline.media.options import AUDIO_FORMATS, AUDIO_MODES

    options = settings.export
    _one_of(options.audio, AUDIO_MODES, "export", "audio")
    _one_of(options.audio_format, AUDIO_FORMATS, "export", "audio_format")
    for key in ("audio_margin", "audio_check_context"):
        _at_least(getattr(options, key), 0, "export", key)
    _between(options.audio_tone_hz, 20, 7900, "export", "audio_tone_hz")  # below 16 kHz's Nyquist
    _between(options.audio_tone_level, 0, 1, "export", "audio_tone_level")


CHECKS: dict[str, Callable[[Settings], None]] = {
    "transcribe": _check_transcribe,
    "clean": _check_clean,
    "deid": _check_deid,
    "export": _check_export,
    "codes": _check_codes,
    "run": _check_run,
    "review": _check_review,
}
