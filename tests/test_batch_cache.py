"""The stage cache's rules: a stage is finished only for the same audio, the same settings and with all of
its files still there; the stage log survives a line cut short by a kill."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from pipeline.batch.cache import StageLog, StageManifest, read_stage_log, settings_key
from pipeline.batch.scheduler import run_in_threads
from pipeline.layout import RecordingFolder


def test_keys_change_with_settings_and_upstream_but_not_with_dict_order() -> None:
    base = settings_key("sha-a", {"clean": {"profile": "verbatim", "pauses": False}})
    assert base == settings_key("sha-a", {"clean": {"pauses": False, "profile": "verbatim"}})
    assert base != settings_key("sha-a", {"clean": {"profile": "clean", "pauses": False}})
    assert base != settings_key("sha-b", {"clean": {"profile": "verbatim", "pauses": False}})


def test_a_stage_is_finished_only_with_its_key_and_all_its_files(tmp_path: Path) -> None:
    result = tmp_path / "clean.json"
    result.write_text("{}")
    manifest = StageManifest(RecordingFolder(tmp_path), "sha-a")
    assert not manifest.finished("clean", "k1")
    manifest.record("clean", "k1", [result], 0.5)

    again = StageManifest(RecordingFolder(tmp_path), "sha-a")  # as a rerun reads it from disk
    assert again.finished("clean", "k1")
    assert not again.finished("clean", "k2")  # other settings
    assert not StageManifest(RecordingFolder(tmp_path), "sha-b").finished(
        "clean", "k1"
    )  # other audio, same file name
    result.unlink()
    assert not again.finished("clean", "k1")  # its output was deleted: run it again


def test_files_outside_the_folder_are_kept_by_absolute_path(tmp_path: Path) -> None:
    out = tmp_path / "out" / "P01.txt"
    out.parent.mkdir()
    out.write_text("x")
    folder = tmp_path / "work"
    folder.mkdir()
    StageManifest(RecordingFolder(folder), "s").record("export", "k", [out], 0.1)
    assert StageManifest(RecordingFolder(folder), "s").files("export") == [out]


def test_a_damaged_manifest_means_nothing_is_finished(tmp_path: Path) -> None:
    (tmp_path / "stages.json").write_text('{"format": "qualscribe.stages", "sha')
    assert not StageManifest(RecordingFolder(tmp_path), "s").finished("transcribe", "k")


def test_stage_log_skips_a_line_cut_short(tmp_path: Path) -> None:
    log = StageLog(tmp_path / "stages.log")
    log.write("a", "transcribe", "ran", 1.25)
    with (tmp_path / "stages.log").open("a") as handle:
        handle.write('{"recording": "b", "stage": "tra')  # what a kill mid-write leaves
    entries = read_stage_log(tmp_path / "stages.log")
    assert [(e["recording"], e["stage"], e["outcome"], e["seconds"]) for e in entries] == [
        ("a", "transcribe", "ran", 1.25)
    ]


def test_threads_work_in_order_and_hand_back_errors() -> None:
    started: list[int] = []
    lock = threading.Lock()

    def work(item: int) -> int:
        with lock:
            started.append(item)
        if item == 2:
            raise ValueError("broken recording")
        return item * 10

    with run_in_threads([1, 2, 3, 4], work, threads=1) as futures:
        assert futures[1].result() == 10
        with pytest.raises(ValueError, match="broken recording"):
            futures[2].result()
        assert [futures[i].result() for i in (3, 4)] == [30, 40]
    assert started == [1, 2, 3, 4]


def test_leaving_early_cancels_what_has_not_started() -> None:
    gate = threading.Event()

    def work(item: int) -> int:
        gate.wait(5)
        return item

    with run_in_threads([1, 2, 3], work, threads=1) as futures:
        time.sleep(0.05)  # the worker is now inside item 1
    gate.set()
    assert futures[2].cancelled() and futures[3].cancelled()
    assert futures[1].result(timeout=5) == 1


def test_several_threads_run_at_once() -> None:
    both = threading.Barrier(2, timeout=5)

    def work(item: int) -> int:
        both.wait()  # returns only if the two items run at the same time
        return item

    with run_in_threads([1, 2], work, threads=2) as futures:
        assert sorted(f.result(timeout=10) for f in futures.values()) == [1, 2]
