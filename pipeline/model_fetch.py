"""`qualscribe models fetch NAME`: one explicit download of a CTranslate2 Whisper model, verified, atomic.

Nothing else in qualscribe touches the network. The files come from the repository faster-whisper uses
for the name (pipeline.model_hub), through huggingface_hub's client, with no token (a study's machine
must not send a stored login anywhere) and no telemetry. Each is checked against the checksum the hub
publishes (sha256 for LFS files such as model.bin, the git blob id for small ones) before the folder is
renamed into the cache in one step, so the resolver never sees a half-written or damaged model.
huggingface_hub retries a cut connection with a Range request but deletes its partial file when the
transfer fails, so files stream into qualscribe's own ``.part`` files, which the next fetch continues:
a 3 GB large-v3 does not start over after a dropped connection or a Ctrl-C.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import ModelError, StorageError
from pipeline.model_hub import HUB_REPOS, hub_name
from pipeline.models import cache_dir, fetched_dir

log = logging.getLogger(__name__)

# What faster-whisper's own download_model takes from a repository (faster_whisper/utils.py).
WANTED = ("config.json", "preprocessor_config.json", "model.bin", "tokenizer.json", "vocabulary.*")
# Without tokenizer.json faster-whisper would download a tokenizer at run time; refuse such a repository.
REQUIRED = ("model.bin", "config.json", "tokenizer.json")
RECORD = "qualscribe-fetch.json"
# Called with (file name, bytes just received, file size) while a file downloads.
OnBytes = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RemoteFile:
    """One file of the repository at a commit, with the checksum the hub publishes for it."""

    name: str
    size: int
    sha256: str | None  # LFS files: the sha256 of the content
    git_sha1: str | None  # other files: the git blob id, sha1 of "blob <size>\0" + content


@dataclass(frozen=True)
class Listing:
    repo: str
    commit: str
    files: tuple[RemoteFile, ...]


@dataclass(frozen=True)
class FetchResult:
    name: str
    path: Path
    already_installed: bool = False


def _hub() -> Any:
    """huggingface_hub with telemetry off. It reads HF_HUB_DISABLE_TELEMETRY once, at import, which may
    have been faster-whisper's, so the setting is made on its constants rather than in the environment."""
    import huggingface_hub
    from huggingface_hub import constants

    constants.HF_HUB_DISABLE_TELEMETRY = True
    return huggingface_hub


@contextlib.contextmanager
def _online() -> Iterator[None]:
    """Lift the HF_HUB_OFFLINE guard for the fetch only: qualscribe sets it (pipeline.diarize.neural) so
    that no library downloads behind the user's back, and a fetch is the user asking, by name."""
    constants = _hub().constants
    saved, constants.HF_HUB_OFFLINE = constants.HF_HUB_OFFLINE, False
    try:
        yield
    finally:
        constants.HF_HUB_OFFLINE = saved


def endpoint() -> str:
    """$HF_ENDPOINT at call time (huggingface_hub reads it once, at import), else the public hub."""
    return (os.environ.get("HF_ENDPOINT") or _hub().constants.ENDPOINT).rstrip("/")


def _no_network(name: str, where: str, exc: BaseException) -> ModelError:
    return ModelError(
        f"cannot reach the model hub at {where} to fetch {name} ({type(exc).__name__}); without a network, "
        "copy a CTranslate2 model folder (model.bin, config.json, tokenizer.json, vocabulary.*, and "
        f"preprocessor_config.json for the large-v3 family) from another machine to {fetched_dir(name)}, "
        "or give its path with --model /path/to/folder"
    )


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _wanted(name: str) -> bool:
    """A file of the model folder itself: never a path that could point outside the download folder."""
    plain = "/" not in name and "\\" not in name and not name.startswith(".")
    return plain and any(fnmatch.fnmatch(name, pattern) for pattern in WANTED)


def _remote_file(sibling: Any) -> RemoteFile:
    lfs = sibling.lfs
    return RemoteFile(
        name=sibling.rfilename,
        size=int(lfs.size if lfs else sibling.size or 0),
        sha256=lfs.sha256 if lfs else None,
        git_sha1=None if lfs else sibling.blob_id,
    )


def _incomplete(files: tuple[RemoteFile, ...], commit: str | None) -> str | None:
    """Why a listing cannot give a verified, usable model folder, or None."""
    if missing := sorted(set(REQUIRED) - {f.name for f in files}):
        return f"it has no {', '.join(missing)}"
    if unchecked := [f.name for f in files if not f.size or not (f.sha256 or f.git_sha1)]:
        return f"the hub gives no size and checksum for {', '.join(unchecked)}"
    return None if commit else "the hub gives no commit"


def list_remote(name: str, repo: str, where: str) -> Listing:
    """The repository's commit and its wanted files with their checksums: one call, never with a token."""
    hub = _hub()
    import httpx2
    from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

    try:
        info = hub.HfApi(endpoint=where, token=False).model_info(
            repo, revision="main", files_metadata=True, token=False
        )
    except (httpx2.TransportError, OfflineModeIsEnabled) as exc:
        raise _no_network(name, where, exc) from None
    except HfHubHTTPError as exc:
        raise ModelError(f"cannot fetch {name} from {where}/{repo}: {_one_line(exc)}") from None
    except (ValueError, KeyError, TypeError) as exc:  # an answer, but not a hub's (a proxy's HTML page)
        raise ModelError(f"{where} does not answer as a Hugging Face hub ({_one_line(exc)})") from None
    files = tuple(_remote_file(s) for s in info.siblings or () if _wanted(s.rfilename))
    if problem := _incomplete(files, info.sha):
        raise ModelError(f"{where}/{repo} is not a CTranslate2 Whisper model to fetch: {problem}")
    return Listing(repo=repo, commit=info.sha, files=files)


def _progress_class(name: str, size: int, on_bytes: OnBytes | None) -> type:
    """A stand-in for the tqdm bar huggingface_hub's http_get drives, reporting to ``on_bytes``."""

    class Bar:
        def __init__(self, **_: Any) -> None:
            pass

        def __enter__(self) -> Bar:
            return self

        def __exit__(self, *_: Any) -> None:
            return None

        def update(self, n: float | None = 1) -> None:
            if on_bytes is not None:
                on_bytes(name, int(n or 0), size)

    return Bar


def download_file(url: str, part: Path, file: RemoteFile, on_bytes: OnBytes | None = None) -> None:
    """Stream ``url`` into ``part``, continuing from the bytes an earlier, interrupted fetch left there."""
    from huggingface_hub.file_download import http_get
    from huggingface_hub.utils import build_hf_headers

    done = part.stat().st_size if part.exists() else 0
    if done > file.size:  # not a prefix of this file: start again
        part.unlink()
        done = 0
    if done == file.size:
        return
    if done and on_bytes is not None:
        on_bytes(file.name, done, file.size)
    # identity: a compressed body would make the byte counts and the Range offsets meaningless
    headers = build_hf_headers(token=False, headers={"Accept-Encoding": "identity"})
    with part.open("r+b" if done else "wb") as handle:
        handle.seek(done)
        http_get(
            url,
            handle,
            resume_size=done,
            headers=headers,
            expected_size=file.size,
            tqdm_class=_progress_class(file.name, file.size, on_bytes),
        )


def _download_all(name: str, listing: Listing, where: str, work: Path, on_bytes: OnBytes | None) -> None:
    """Every wanted file into ``work``; a failure keeps the .part files for the next fetch to continue."""
    hub = _hub()
    import httpx2
    from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

    for file in listing.files:
        url = hub.hf_hub_url(listing.repo, file.name, revision=listing.commit, endpoint=where)
        try:
            download_file(url, work / f"{file.name}.part", file, on_bytes)
        except (httpx2.HTTPError, HfHubHTTPError, OfflineModeIsEnabled, OSError) as exc:
            raise ModelError(
                f"the download of {name} stopped in {file.name} ({_one_line(exc)}); run "
                f"`qualscribe models fetch {name}` again to continue where it stopped"
            ) from None


def _digest(path: Path, algorithm: str, prefix: bytes = b"") -> str:
    digest = hashlib.new(algorithm, prefix)
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def matches(path: Path, file: RemoteFile) -> bool:
    """Whether the bytes at ``path`` are the file the hub describes (size first: cheap and clear)."""
    if path.stat().st_size != file.size:
        return False
    if file.sha256:
        return _digest(path, "sha256") == file.sha256
    return _digest(path, "sha1", f"blob {file.size}\0".encode()) == file.git_sha1


def _publish(name: str, listing: Listing, where: str, work: Path) -> Path:
    """Move the downloaded files into a staging folder, verify each, then rename it into place."""
    target = fetched_dir(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        for file in listing.files:
            staged = staging / file.name
            shutil.move(work / f"{file.name}.part", staged)
            if not matches(staged, file):
                raise ModelError(
                    f"{file.name} of {name} does not match the checksum {listing.repo} publishes for it "
                    "(damaged in transfer, or altered); nothing was installed"
                )
        # what the folder is and where it came from, so its origin can be checked later
        files = {f.name: asdict(f) for f in listing.files}
        record = {"source": f"{where}/{listing.repo}", "commit": listing.commit, "files": files}
        (staging / RECORD).write_text(json.dumps(record, indent=2) + "\n")
        try:
            staging.rename(target)
        except OSError:
            if not (target / "model.bin").is_file():  # not a concurrent fetch that finished first
                raise
    finally:  # verified and moved, or refused: either way the download is over
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
        with contextlib.suppress(OSError):
            work.parent.rmdir()  # the downloads folder, when no other fetch is under way
    return target


def _download_folder(name: str, commit: str) -> Path:
    """One folder per model and hub commit; a left-over one of an older commit cannot be continued."""
    downloads = cache_dir() / "downloads"
    work = downloads / f"{name}-{commit[:12]}"
    for stale in downloads.glob(f"{name}-*"):  # exactly this name: large-v3-… is not large-v3-turbo-…
        if stale != work and re.fullmatch(rf"{re.escape(name)}-[0-9a-f]{{12}}", stale.name):
            shutil.rmtree(stale, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    return work


def fetch_model(requested: str, on_bytes: OnBytes | None = None) -> FetchResult:
    """Fetch the model ``requested`` into the cache unless it is there: verified, and atomic."""
    name = hub_name(requested)
    if name is None:
        raise ModelError(f"cannot fetch {requested!r}: use one of {', '.join(HUB_REPOS)}, large or turbo")
    if (fetched_dir(name) / "model.bin").is_file():
        return FetchResult(name=name, path=fetched_dir(name), already_installed=True)
    where = endpoint()
    try:
        with _online():
            listing = list_remote(name, HUB_REPOS[name], where)
            work = _download_folder(name, listing.commit)
            _download_all(name, listing, where, work, on_bytes)
        path = _publish(name, listing, where, work)
    except OSError as exc:  # the cache cannot be written: disk full, no permission
        raise StorageError(f"cannot write {name} into {cache_dir()}: {_one_line(exc)}") from None
    log.info("fetched %s from %s/%s at %s into %s", name, where, listing.repo, listing.commit, path)
    return FetchResult(name=name, path=path)
