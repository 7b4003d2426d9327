"""`qualscribe models fetch`: huggingface_hub's real client against a local stand-in for the hub.

The stand-in answers the two endpoints a fetch uses, with the headers the real hub sends: the model's
file listing with checksums (/api/models/{repo}/revision/{rev}?blobs=true) and the files themselves
(/{repo}/resolve/{commit}/{file}, with X-Repo-Commit, ETag, X-Linked-Etag/-Size and Range requests). It
serves tiny.en's real files, and can alter bytes, cut a connection, or go away, as a real network does.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import ModelError
from pipeline.model_fetch import RECORD
from pipeline.model_hub import HUB_ALIASES, HUB_REPOS
from pipeline.models import CT2, resolve_model

runner = CliRunner()
LFS = {"model.bin"}  # as on the hub: the weights in LFS, the small files in git


@dataclass
class FakeHub:
    files: dict[str, bytes]
    repos: tuple[str, ...]
    commit: str = hashlib.sha1(b"a commit of the stand-in hub").hexdigest()
    requests: list[dict[str, str | None]] = field(default_factory=list)
    corrupt: set[str] = field(default_factory=set)  # serve altered bytes, advertise the true checksum
    cut_at: dict[str, int] = field(default_factory=dict)  # cut the first GET of a file after N bytes
    down_after_cut: bool = False  # then answer 503, as a hub that went away
    cut_done: bool = False
    url: str = ""

    def sibling(self, name: str) -> dict:
        data = self.files[name]
        entry = {"rfilename": name, "size": len(data), "blobId": self.git_sha1(name)}
        if name in LFS:
            entry["lfs"] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "pointerSize": 134}
        return entry

    def git_sha1(self, name: str) -> str:
        data = self.files[name]
        return hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest()

    def etag(self, name: str) -> str:
        return hashlib.sha256(self.files[name]).hexdigest() if name in LFS else self.git_sha1(name)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ThreadingHTTPServer

    def log_message(self, *_: object) -> None:  # keep the test output quiet
        pass

    @property
    def hub(self) -> FakeHub:
        return self.server.hub  # type: ignore[attr-defined]

    def _send(self, status: int, body: bytes, headers: dict[str, str], head: bool = False) -> None:
        self.send_response(status)
        for key, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _api(self, path: str) -> None:
        repo, _, _rev = path.removeprefix("/api/models/").partition("/revision/")
        if repo not in self.hub.repos:
            return self._send(404, b"{}", {"X-Error-Code": "RepoNotFound"})
        info = {"id": repo, "sha": self.hub.commit, "siblings": [self.hub.sibling(n) for n in self.hub.files]}
        self._send(200, json.dumps(info).encode(), {"Content-Type": "application/json"})

    def _file(self, path: str, head: bool) -> None:
        repo, _, rest = path.lstrip("/").partition("/resolve/")
        name = rest.partition("/")[2]
        if repo not in self.hub.repos or name not in self.hub.files:
            return self._send(404, b"", {"X-Error-Code": "EntryNotFound"}, head)
        if name in self.hub.cut_at and self.hub.cut_done and self.hub.down_after_cut and not head:
            return self._send(503, b"", {})
        data = bytearray(self.hub.files[name])
        if name in self.hub.corrupt:
            data[len(data) // 2] ^= 0xFF
        headers = {
            "X-Repo-Commit": self.hub.commit,
            "ETag": f'"{self.hub.etag(name)}"',
            "Accept-Ranges": "bytes",
        }
        if name in LFS:
            headers |= {"X-Linked-Etag": f'"{self.hub.etag(name)}"', "X-Linked-Size": str(len(data))}
        start = int(self.headers.get("Range", "bytes=0-").removeprefix("bytes=").partition("-")[0] or 0)
        if start:
            headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        if not head and name in self.hub.cut_at and not self.hub.cut_done:
            return self._cut(bytes(data), headers, self.hub.cut_at[name])
        self._send(206 if start else 200, bytes(data[start:]), headers, head)

    def _cut(self, data: bytes, headers: dict[str, str], at: int) -> None:
        """Promise the whole file, send part of it, close: a dropped connection mid-download."""
        self.hub.cut_done = True
        self.send_response(200)
        for key, value in {**headers, "Content-Length": str(len(data))}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data[:at])
        self.wfile.flush()
        self.close_connection = True

    def _handle(self, head: bool) -> None:
        path = self.path.partition("?")[0]
        self.hub.requests.append(
            {"method": self.command, "path": path, "range": self.headers.get("Range"),
             "authorization": self.headers.get("Authorization"), "agent": self.headers.get("User-Agent")}
        )  # fmt: skip
        if path.startswith("/api/models/"):
            return self._api(path)
        self._file(path, head)

    def do_GET(self) -> None:
        self._handle(head=False)

    def do_HEAD(self) -> None:
        self._handle(head=True)


@pytest.fixture(scope="module")
def tiny_files() -> dict[str, bytes]:
    folder = resolve_model("tiny.en").path
    names = [
        "config.json",
        "model.bin",
        "tokenizer.json",
        *sorted(p.name for p in folder.glob("vocabulary.*")),
    ]
    return {name: (folder / name).read_bytes() for name in names}


@pytest.fixture
def hub(tiny_files: dict[str, bytes]) -> Iterator[FakeHub]:
    """tiny.en's real files, served as tiny.en and (so that no package provides it) as tiny."""
    state = FakeHub(tiny_files, ("Systran/faster-whisper-tiny.en", "Systran/faster-whisper-tiny"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.hub = state  # type: ignore[attr-defined]
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def cache(hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh qualscribe cache and Hugging Face home; a token in the environment that must not be sent."""
    monkeypatch.setenv("QUALSCRIBE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    monkeypatch.setenv("HF_TOKEN", "hf_a_stored_login_that_must_stay_here")
    return tmp_path / "cache"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def _one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qualscribe: error: "), stderr
    return lines[0]


def test_fetch_installs_a_verified_model_the_resolver_and_listing_find(
    hub: FakeHub, cache: Path, tiny_files: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(app, ["models", "fetch", "tiny"])
    assert result.exit_code == 0, result.stderr
    folder = Path(result.stdout.strip())
    assert folder == cache / "models" / "tiny"
    assert all((folder / name).read_bytes() == data for name, data in tiny_files.items())
    assert json.loads((folder / RECORD).read_text())["commit"] == hub.commit
    assert sorted(_files_under(cache)) == sorted(_files_under(folder))  # no staging or download left
    model = resolve_model("tiny")
    assert (model.name, model.kind, model.path) == ("tiny", CT2, folder)
    listing = runner.invoke(app, ["models"])
    row = next(line for line in listing.stdout.splitlines() if "Systran/faster-whisper-tiny" in line)
    assert [cell.strip() for cell in row.split("│")[1:3]] == ["tiny", "yes"]
    assert all(r["authorization"] is None for r in hub.requests)  # HF_TOKEN was never used
    assert not any("torch/" in str(r["agent"]) for r in hub.requests)  # telemetry off: no library report
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{_closed_port()}")
    again = runner.invoke(app, ["models", "fetch", "tiny"])  # installed: no network needed
    assert again.exit_code == 0 and "already installed" in again.stderr


def test_a_corrupted_file_is_refused_and_nothing_is_left(hub: FakeHub, cache: Path) -> None:
    hub.corrupt = {"model.bin"}
    result = runner.invoke(app, ["models", "fetch", "tiny.en"])
    assert result.exit_code == 4
    line = _one_error_line(result.stderr)
    assert "model.bin of tiny.en does not match the checksum" in line and "nothing was installed" in line
    assert _files_under(cache) == []
    with pytest.raises(ModelError, match="not installed; fetch it once"):
        resolve_model("tiny.en", manifest={})


def test_an_interrupted_download_continues_where_it_stopped(
    hub: FakeHub, cache: Path, tiny_files: dict[str, bytes]
) -> None:
    cut = len(tiny_files["model.bin"]) // 3
    hub.cut_at, hub.down_after_cut = {"model.bin": cut}, True
    first = runner.invoke(app, ["models", "fetch", "tiny.en"])
    assert first.exit_code == 4
    assert "stopped in model.bin" in _one_error_line(first.stderr) and "again to continue" in first.stderr
    assert not (cache / "models" / "tiny.en").exists()
    (part,) = (cache / "downloads").glob("tiny.en-*/model.bin.part")
    kept = part.stat().st_size  # what reached the disk: whole chunks of what came before the cut
    assert 0 < kept <= cut

    hub.down_after_cut, seen = False, len(hub.requests)
    second = runner.invoke(app, ["models", "fetch", "tiny.en"])
    assert second.exit_code == 0, second.stderr
    later = [r for r in hub.requests[seen:] if "/resolve/" in str(r["path"])]
    assert [r["range"] for r in later if str(r["path"]).endswith("/model.bin")] == [f"bytes={kept}-"]
    assert not any(str(r["path"]).endswith("/config.json") for r in later)  # finished files are kept
    fetched = Path(second.stdout.strip()) / "model.bin"
    assert fetched.read_bytes() == tiny_files["model.bin"]
    assert not (cache / "downloads").exists()


def test_no_network_is_one_line_saying_how_to_copy_a_model_in(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{_closed_port()}")
    result = runner.invoke(app, ["models", "fetch", "turbo"])
    assert result.exit_code == 4
    line = _one_error_line(result.stderr)
    assert "cannot reach the model hub" in line and "large-v3-turbo" in line
    assert "model.bin, config.json, tokenizer.json, vocabulary.*" in line
    assert str(cache / "models" / "large-v3-turbo") in line and "--model /path/to/folder" in line
    assert _files_under(cache) == []


def test_unknown_names_are_refused_before_any_request(hub: FakeHub, cache: Path) -> None:
    result = runner.invoke(app, ["models", "fetch", "huge"])
    assert result.exit_code == 4 and "cannot fetch 'huge': use one of tiny.en" in result.stderr
    assert hub.requests == []


def test_the_names_are_faster_whispers_own() -> None:
    from faster_whisper.utils import _MODELS

    assert {**HUB_REPOS, **{alias: HUB_REPOS[name] for alias, name in HUB_ALIASES.items()}} == _MODELS
