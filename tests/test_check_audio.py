"""The check view's player on a recording no browser plays as it is: Windows Media Audio, as an older lab
recorder writes it (encoded here from the sample call with PyAV's own wmav2 encoder).

The real server serves it at /audio/<code> as a WAV decoded once into the recording's private folder
(0600, inside work/, never out/), from the same samples the transcript was timed on; the second request
and the next server find the decode and make no other; Range requests on it give 206 and exactly those
bytes; Chromium, which cannot play the original, plays the decode from a clicked word. A recording
replaced since its run is refused, and a replaced recording's decode is never served for the new one.
"""

from __future__ import annotations

import io
import json
import os
import stat
import wave
from pathlib import Path

import numpy as np
import pytest

from pipeline.audio import AUDIO_EXTENSIONS, SAMPLE_RATE, file_sha256, load_audio
from pipeline.layout import RecordingFolder, WorkLayout
from pipeline.review.audio import PLAYABLE, Player
from tests.call_study import qualscribe_here, run_args
from tests.conftest import SAMPLES
from tests.media import encode
from tests.test_check_browser import _get
from tests.test_review_browser import _require_browser, browser_page, review_server

CLIP_SECONDS = 20
STAGES = '["transcribe", "correct", "clean", "code", "deidentify", "export"]'  # the text stages


def _wma(samples: np.ndarray, path: Path) -> Path:
    """A stereo call as Windows Media Audio 2 at 22.05 kHz, 48 kbit/s."""
    return encode(samples, SAMPLE_RATE, path, "wmav2", "fltp", 22_050, bit_rate=48_000)


def _call(start: float = 0.0) -> np.ndarray:
    samples = load_audio(SAMPLES / "interview.flac").samples
    first = int(start * SAMPLE_RATE)
    return samples[:, first : first + CLIP_SECONDS * SAMPLE_RATE]


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _require_browser()
    root = tmp_path_factory.mktemp("wma") / "study"
    qualscribe_here("init", str(root), "--roster", str(SAMPLES / "roster.csv"))
    _wma(_call(), root / "recordings" / "a_call.wma")
    with (root / "qualscribe.toml").open("a", encoding="utf-8") as settings:
        settings.write(f"\n[run]\nstages = {STAGES}\n")
    qualscribe_here(*run_args(root))
    return root


def _recording(study: Path) -> tuple[RecordingFolder, dict]:
    folder = next(iter(WorkLayout(study / "work").recordings()))
    return folder, json.loads(folder.identity.read_text(encoding="utf-8"))


def _cookie(url: str) -> tuple[str, dict[str, str]]:
    base, token = url.split("?")[0], url.split("token=")[1]
    port = int(base.rsplit(":", 1)[1].strip("/"))
    return base, {"Cookie": f"qualscribe_review_{port}={token}"}


def _stamp(path: Path) -> tuple[int, int]:
    """What a second decode would change: the file (a new one is renamed into place) and its time."""
    info = path.stat()
    return info.st_ino, info.st_mtime_ns


@pytest.mark.slow
def test_a_recording_no_browser_plays_is_served_decoded_once_from_the_private_folder(study: Path) -> None:
    folder, identity = _recording(study)
    source = Path(identity["source"])
    assert source.suffix == ".wma" and source.suffix not in PLAYABLE
    decoded = folder.playable(identity["sha256"])
    assert not decoded.exists()  # nothing is decoded until the page asks for it
    with review_server(study) as url:
        base, cookie = _cookie(url)
        whole = _get(base + "audio/P01", cookie)
        assert whole.status == 200 and whole.getheader("content-type") == "audio/wav"
        assert whole.getheader("accept-ranges") == "bytes"
        assert decoded.is_file() and whole.body == decoded.read_bytes()
        made = _stamp(decoded)
        part = _get(base + "audio/P01", {**cookie, "Range": "bytes=1000-1999"})
        assert part.status == 206
        assert part.getheader("content-range") == f"bytes 1000-1999/{len(whole.body)}"
        assert part.body == whole.body[1000:2000]
        tail = _get(base + "audio/P01", {**cookie, "Range": "bytes=-10"})
        assert tail.status == 206 and tail.body == whole.body[-10:]
        rest = _get(base + "audio/P01", {**cookie, "Range": f"bytes={len(whole.body) - 500}-"})
        assert rest.status == 206 and rest.body == whole.body[-500:]
        assert _stamp(decoded) == made, "decoded again for a second request"
    with review_server(study) as url:  # the next server finds the decode
        base, cookie = _cookie(url)
        again = _get(base + "audio/P01", {**cookie, "Range": "bytes=0-43"})
        assert again.status == 206 and again.body == whole.body[:44]
    assert _stamp(decoded) == made, "decoded again by the next server"

    # private: 0600 in the recording's 0700 folder inside work/, and no audio of any kind in out/
    assert stat.S_IMODE(decoded.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.path.stat().st_mode) == 0o700
    assert decoded.resolve().is_relative_to((study / "work").resolve())
    shared = [p for p in (study / "out").rglob("*") if p.is_file()]
    assert shared and not [p for p in shared if p.suffix in AUDIO_EXTENSIONS or p.read_bytes()[:4] == b"RIFF"]
    assert sorted(study.rglob("playable-*.wav")) == [decoded]

    # the samples the transcript was timed on: 16 kHz, both channels mixed, none lost or shifted
    with wave.open(io.BytesIO(whole.body)) as played:
        assert (played.getnchannels(), played.getframerate(), played.getsampwidth()) == (1, SAMPLE_RATE, 2)
        pcm = np.frombuffer(played.readframes(played.getnframes()), dtype="<i2") / 32767
    heard = load_audio(source).mono()
    assert len(pcm) == len(heard) and abs(len(pcm) / SAMPLE_RATE - CLIP_SECONDS) < 0.1
    assert np.max(np.abs(pcm - np.clip(heard, -1, 1))) < 2 / 32767


@pytest.mark.slow
def test_chromium_plays_the_decode_of_a_recording_it_cannot_play(study: Path) -> None:
    with review_server(study) as url, browser_page() as page:
        base, _ = _cookie(url)
        page.goto(url)
        assert page.evaluate("document.createElement('audio').canPlayType('audio/x-ms-wma')") == ""
        page.goto(base + "#/c/P01")
        # functions, not expressions: the page's CSP forbids the eval an expression's polling needs
        page.wait_for_function("() => player() && player().readyState >= 1")
        assert abs(page.evaluate("player().duration") - CLIP_SECONDS) < 0.1
        first = page.locator(".check .turns .w").nth(3)
        start = float(page.evaluate("check.view.turns[0].words[3][1]"))
        first.click()
        page.wait_for_function("(at) => !player().paused && player().currentTime > at", arg=start + 0.3)
        assert page.evaluate("player().pause(), player().error") is None
        assert not page.errors


@pytest.mark.slow
def test_a_replaced_recording_is_refused_until_it_is_run_again(study: Path) -> None:
    source = Path(_recording(study)[1]["source"])
    original = source.read_bytes()
    try:
        _wma(_call(start=30), source)
        with review_server(study) as url:
            base, cookie = _cookie(url)
            refused = _get(base + "audio/P01", cookie)
            assert refused.status == 404 and b"changed since its transcript was made" in refused.body
    finally:
        source.write_bytes(original)


def test_a_replaced_recordings_decode_is_never_served_for_the_new_one(tmp_path: Path) -> None:
    """Keyed by the recording's sha256, not its file time: a recording copied in with its old time kept
    (cp -p, a recorder's card) is decoded afresh, and the decode of the one it replaced is removed."""
    folder = RecordingFolder(tmp_path / "work" / "a_call")
    source = _wma(_call(), tmp_path / "a_call.wma")
    first, kind = Player().playable(folder, source, file_sha256(source))
    assert kind == "audio/wav" and first.parent == folder.path
    os.utime(first, (2_000_000_000, 2_000_000_000))  # the decode is newer than any recording
    _wma(_call(start=30), source)
    os.utime(source, (1_000_000_000, 1_000_000_000))
    second, _ = Player().playable(folder, source, file_sha256(source))
    assert second != first and not first.exists() and second.is_file()
    with wave.open(str(second)) as played:
        pcm = np.frombuffer(played.readframes(played.getnframes()), dtype="<i2") / 32767
    assert np.max(np.abs(pcm - np.clip(load_audio(source).mono(), -1, 1))) < 2 / 32767
