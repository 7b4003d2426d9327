"""The passphrase prompt as a person and as a script meet it: on a real terminal, and without one.

The prompt is offered only on a terminal, so these tests run ``qualscribe`` on a pseudo-terminal (or with
stdin from /dev/null) in a subprocess, as a user would, rather than through CliRunner's fake streams.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.keyfile import PASSPHRASE_ENV, read_key

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A folder with one recording (its content is all that identifies it)."""
    (tmp_path / "a.m4a").write_bytes(b"audio of a.m4a")
    return tmp_path


QUALSCRIBE = Path(sys.executable).with_name("qualscribe")


def _as_in_a_terminal() -> None:
    """SIGINT delivered and not ignored in the child, as a shell gives a program it starts. In the whole
    suite under CI the child once ignored Ctrl-C at the prompt (still running 60 s later), which it
    never did alone: a disposition (SIG_IGN, inherited across exec) or a signal mask (blocked,
    inherited too) left by the test process is the likely cause, not confirmed."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _in_terminal(
    args: list[str | Path], answers: list[str], interrupt: bool = False, timeout: float = 60
) -> tuple[int, str]:
    """Run qualscribe on a real pseudo-terminal (stdin, stdout and stderr), typing each answer once its
    prompt (a line ending in ": ") is shown, then Ctrl-D (or, with ``interrupt``, sending SIGINT as
    Ctrl-C does); return the exit code and all the terminal saw.

    The prompts are only offered on a terminal, so a test of them needs one; waiting for each prompt
    means the answer arrives after echo is off, as when a person types it.
    """
    master, slave = os.openpty()
    env = {k: v for k, v in os.environ.items() if k != PASSPHRASE_ENV}
    proc = subprocess.Popen(
        [str(QUALSCRIBE), *map(str, args)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        preexec_fn=_as_in_a_terminal,
    )
    os.close(slave)
    seen, answered_at, pending = b"", -1, list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # EIO: every process holding the terminal has closed it
                    break
                seen += chunk
            elif proc.poll() is not None:
                break
            if seen.endswith(b": ") and len(seen) != answered_at:
                answered_at = len(seen)
                if pending:
                    os.write(master, (pending.pop(0) + "\n").encode())
                elif interrupt:
                    proc.send_signal(signal.SIGINT)
                else:
                    os.write(master, b"\x04")
        try:
            code = proc.wait(timeout=max(deadline - time.monotonic(), 1))
        except subprocess.TimeoutExpired:  # fail with what the terminal showed, not a bare timeout
            pytest.fail(f"qualscribe still running after {timeout} s; the terminal showed {seen!r}")
        return code, seen.decode("utf-8", "replace")
    finally:
        proc.kill()
        os.close(master)


def test_cli_prompts_twice_for_a_new_passphrase_and_once_after(study: Path) -> None:
    key = study / "key.qskey"
    code, seen = _in_terminal(["codes", "init", key], [PASSPHRASE, PASSPHRASE])
    assert code == 0, seen
    assert seen.count("passphrase") >= 2 and "Repeat for confirmation" in seen
    assert PASSPHRASE not in seen  # hidden input: the terminal never echoed it
    code, seen = _in_terminal(["codes", "assign", key, study / "a.m4a"], [PASSPHRASE])
    assert code == 0, seen
    assert "Key file passphrase" in seen and "Repeat" not in seen and PASSPHRASE not in seen
    assert f"P01\t{study / 'a.m4a'}" in seen.replace("\r", "").splitlines()
    assert read_key(key, PASSPHRASE).entries[0].recording == "a.m4a"


def test_cli_mismatched_confirmation_creates_nothing(study: Path) -> None:
    key = study / "key.qskey"
    code, seen = _in_terminal(["codes", "init", key], [PASSPHRASE, "something else"])  # then Ctrl-D
    assert "do not match" in seen and code == 130, seen
    assert not key.exists()


def test_ctrl_c_at_the_prompt_is_an_interruption(study: Path) -> None:
    """Exit code 130 and qualscribe's own line, as for Ctrl-C anywhere else; not click's "Aborted!"."""
    key = study / "key.qskey"
    code, seen = _in_terminal(["codes", "init", key], [], interrupt=True)
    assert code == 130, seen
    assert seen.replace("\r", "").endswith("qualscribe: interrupted\n") and "Abort" not in seen
    assert not key.exists()


def test_no_terminal_and_no_passphrase_is_one_line_with_exit_code_6(tmp_path: Path) -> None:
    """A script without QUALSCRIBE_KEY_PASSPHRASE gets told how to give one, not getpass's warning that
    the passphrase may be echoed followed by "Aborted."."""
    key = tmp_path / "work" / "key.qskey"
    env = {k: v for k, v in os.environ.items() if k != PASSPHRASE_ENV}
    proc = subprocess.run(
        [str(QUALSCRIBE), "codes", "init", str(key)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 6, proc.stderr
    assert proc.stderr.splitlines() == [
        f"qualscribe: error: no passphrase for the key file: set {PASSPHRASE_ENV} or run in a terminal"
    ]
    assert "GetPassWarning" not in proc.stderr and "Abort" not in proc.stderr + proc.stdout
    assert proc.stdout == "" and not key.exists()
