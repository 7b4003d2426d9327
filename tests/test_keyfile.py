"""The encrypted key file: round trips, and every way it can be wrong leaves it untouched."""

from __future__ import annotations

import hashlib
import json
import stat
import threading
from pathlib import Path

import pytest

from pipeline import keyfile
from pipeline.codes import CodesOptions, Key, Recording, assign_codes, new_key
from pipeline.errors import KeyFileError
from pipeline.keyfile import (
    HEADER_SIZE,
    MAGIC,
    KdfParams,
    create_key,
    read_key,
    seal,
    unseal,
    update_key,
)

FAST = KdfParams(n=2**12)  # the CLI uses 2**15; this keeps each test at milliseconds
PASSPHRASE = "correct horse battery staple"
ALICE = Recording("a" * 64, "interview-01.m4a", "Alice Example")
BOB = Recording("b" * 64, "interview-02.m4a", "Bob Sample")


@pytest.fixture
def key() -> Key:
    return assign_codes(new_key(CodesOptions()), [ALICE, BOB])


@pytest.fixture
def key_path(tmp_path: Path, key: Key) -> Path:
    path = tmp_path / "work" / "key.qskey"
    create_key(path, PASSPHRASE, key, FAST)
    return path


def _flipped(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1 :]


def _assert_rejected(path: Path, passphrase: str, message: str) -> None:
    """The key file is rejected with ``message``, and neither reading nor updating changes a byte."""
    before = path.read_bytes()
    with pytest.raises(KeyFileError, match=message) as caught:
        read_key(path, passphrase)
    assert str(caught.value).startswith(f"{path}: ")
    with pytest.raises(KeyFileError, match=message):
        update_key(path, passphrase, lambda k: assign_codes(k, [Recording("c" * 64, "c.m4a")]), FAST)
    assert path.read_bytes() == before
    assert passphrase not in str(caught.value)


def test_round_trip_and_nothing_readable_at_rest(key_path: Path, key: Key) -> None:
    assert read_key(key_path, PASSPHRASE) == key
    blob = key_path.read_bytes()
    assert blob.startswith(MAGIC)
    for secret in (b"Alice", b"Bob", b"interview-01", b"aaaaaaaa", b"P01", PASSPHRASE.encode()):
        assert secret not in blob
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_path.parent.stat().st_mode) == 0o700
    assert [p.name for p in key_path.parent.iterdir()] == ["key.qskey"]  # no temp file left behind


def test_header_records_the_kdf_cost_so_any_cost_opens(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "key.qskey"
    create_key(path, PASSPHRASE, key, KdfParams(n=2**11, r=4, p=2))
    assert path.read_bytes()[8:12] == bytes([1, 11, 4, 2])  # version, log2 n, r, p
    assert read_key(path, PASSPHRASE) == key


def test_every_write_has_a_fresh_salt_and_nonce(key: Key) -> None:
    first, second = seal(b"same", PASSPHRASE, FAST), seal(b"same", PASSPHRASE, FAST)
    assert first[12:28] != second[12:28]  # salt
    assert first[28:40] != second[28:40]  # nonce
    assert unseal(first, PASSPHRASE) == unseal(second, PASSPHRASE) == b"same"


def test_unicode_passphrase_opens_however_its_accents_are_encoded(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "key.qskey"
    create_key(path, "caf\u00e9 au lait noir", key, FAST)  # é composed
    assert read_key(path, "cafe\u0301 au lait noir") == key  # e + combining accent


def test_wrong_passphrase_is_named_and_changes_nothing(key_path: Path) -> None:
    _assert_rejected(key_path, "incorrect horse battery staple", "wrong passphrase")


@pytest.mark.parametrize("where", [HEADER_SIZE, HEADER_SIZE + 20, -1])
def test_flipped_ciphertext_byte_is_tampering_not_a_wrong_passphrase(key_path: Path, where: int) -> None:
    blob = key_path.read_bytes()
    key_path.write_bytes(_flipped(blob, where % len(blob)))
    _assert_rejected(key_path, PASSPHRASE, "damaged or has been tampered with")


@pytest.mark.parametrize(
    ("offset", "field"),
    [(8, "version"), (9, "log2 n"), (10, "r"), (12, "salt"), (28, "nonce"), (40, "check"), (56, "digest")],
)
def test_flipped_header_byte_is_damage_not_a_wrong_passphrase(
    key_path: Path, offset: int, field: str
) -> None:
    key_path.write_bytes(_flipped(key_path.read_bytes(), offset))
    _assert_rejected(key_path, PASSPHRASE, "header is damaged or has been tampered with")


def test_header_tampering_with_a_recomputed_digest_is_still_rejected(key_path: Path) -> None:
    """The digest only picks the message; AES-GCM authenticates the header itself."""
    blob = bytearray(key_path.read_bytes())
    blob[28] ^= 0x01  # nonce
    blob[56:60] = hashlib.sha256(bytes(blob[:56])).digest()[:4]
    key_path.write_bytes(bytes(blob))
    _assert_rejected(key_path, PASSPHRASE, "damaged or has been tampered with")


def _with_header_byte(blob: bytes, offset: int, value: int) -> bytes:
    """``blob`` with one header byte set and a matching digest: a well-formed but different header."""
    fields = bytearray(blob[:56])
    fields[offset] = value
    return bytes(fields) + hashlib.sha256(bytes(fields)).digest()[:4] + blob[60:]


def test_future_format_version_is_named(key_path: Path) -> None:
    key_path.write_bytes(_with_header_byte(key_path.read_bytes(), 8, 2))
    _assert_rejected(key_path, PASSPHRASE, "format version 2 is not supported")


def test_absurd_kdf_cost_is_refused_before_scrypt_runs(key_path: Path) -> None:
    key_path.write_bytes(_with_header_byte(key_path.read_bytes(), 9, 40))  # n = 2**40
    _assert_rejected(key_path, PASSPHRASE, "header is damaged")


@pytest.mark.parametrize("keep", [0, 7, HEADER_SIZE - 1, HEADER_SIZE + 15])
def test_truncated_key_file_is_rejected(key_path: Path, keep: int) -> None:
    key_path.write_bytes(key_path.read_bytes()[:keep])
    _assert_rejected(key_path, PASSPHRASE, "not a qualscribe key file" if keep < len(MAGIC) else "truncated")


def test_key_file_cut_inside_the_ciphertext_is_rejected(key_path: Path) -> None:
    key_path.write_bytes(key_path.read_bytes()[:-1])
    _assert_rejected(key_path, PASSPHRASE, "damaged or has been tampered with")


@pytest.mark.parametrize(
    "content",
    [b"", b'{"format": "qualscribe.key", "entries": []}\n', b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(64)],
)
def test_other_files_are_not_key_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "key.qskey"
    path.write_bytes(content)
    _assert_rejected(path, PASSPHRASE, "not a qualscribe key file")


@pytest.mark.parametrize(
    ("plaintext", "message"),
    [
        (b"\xff\xfe", "not JSON"),
        (b"[]", "not a qualscribe key"),
        (b'{"format": "qualscribe.key"}', "version"),
    ],
)
def test_decrypted_contents_are_checked(tmp_path: Path, plaintext: bytes, message: str) -> None:
    path = tmp_path / "key.qskey"
    path.write_bytes(seal(plaintext, PASSPHRASE, FAST))
    _assert_rejected(path, PASSPHRASE, message)


def test_missing_key_file_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "work" / "key.qskey"
    with pytest.raises(KeyFileError, match=r"no key file here \(create one with `qualscribe codes init"):
        read_key(path, PASSPHRASE)
    with pytest.raises(KeyFileError, match="no key file here"):
        update_key(path, PASSPHRASE, lambda k: k, FAST)
    assert not path.exists()


def test_create_never_overwrites_and_refuses_a_short_passphrase(key_path: Path, tmp_path: Path) -> None:
    before = key_path.read_bytes()
    with pytest.raises(KeyFileError, match="already exists"):
        create_key(key_path, PASSPHRASE, new_key(CodesOptions()), FAST)
    assert key_path.read_bytes() == before
    short = tmp_path / "short.qskey"
    with pytest.raises(KeyFileError, match="at least 8 characters"):
        create_key(short, "1234567", new_key(CodesOptions()), FAST)
    assert not short.exists()


def test_update_rewrites_only_when_the_key_changes(key_path: Path, key: Key) -> None:
    before = key_path.read_bytes()
    assert update_key(key_path, PASSPHRASE, lambda k: assign_codes(k, [ALICE]), FAST) == key
    assert key_path.read_bytes() == before
    carol = Recording("c" * 64, "interview-03.m4a")
    updated = update_key(key_path, PASSPHRASE, lambda k: assign_codes(k, [carol]), FAST)
    assert [e.code for e in updated.entries] == ["P01", "P02", "P03"]
    assert read_key(key_path, PASSPHRASE) == updated
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600


def test_an_error_inside_the_update_leaves_the_file_as_it_was(key_path: Path) -> None:
    before = key_path.read_bytes()

    def fail(key: Key) -> Key:
        raise KeyFileError("roster and key disagree")

    with pytest.raises(KeyFileError, match="roster and key disagree"):
        update_key(key_path, PASSPHRASE, fail, FAST)
    assert key_path.read_bytes() == before


@pytest.mark.skipif(keyfile.fcntl is None, reason="advisory locks are POSIX-only")
def test_concurrent_updates_never_hand_out_the_same_code(key_path: Path) -> None:
    """The second run waits for the first: without the lock both would read P02 as the next code."""
    inside, release = threading.Event(), threading.Event()
    carol, dave = Recording("c" * 64, "c.m4a"), Recording("d" * 64, "d.m4a")

    def slow(key: Key) -> Key:
        inside.set()
        release.wait(10)
        return assign_codes(key, [carol])

    first = threading.Thread(target=update_key, args=(key_path, PASSPHRASE, slow, FAST))
    first.start()
    assert inside.wait(10)
    second = threading.Thread(
        target=update_key, args=(key_path, PASSPHRASE, lambda k: assign_codes(k, [dave]), FAST)
    )
    second.start()
    second.join(0.5)
    assert second.is_alive()  # blocked on the lock
    release.set()
    first.join(10)
    second.join(10)
    entries = read_key(key_path, PASSPHRASE).entries
    assert sorted((e.code, e.recording) for e in entries[2:]) == [("P03", "c.m4a"), ("P04", "d.m4a")]


def test_key_json_carries_format_and_version(key: Key) -> None:
    data = json.loads(json.dumps(key.to_dict()))
    assert data["format"] == "qualscribe.key" and data["version"] == 1
    assert Key.from_dict(data) == key


def test_the_whole_header_is_authenticated_as_associated_data(key_path: Path) -> None:
    """Decrypting without the header as AAD fails: the header cannot be swapped for another."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    blob = key_path.read_bytes()
    aes_key, _ = FAST.derive(PASSPHRASE, blob[12:28])
    with pytest.raises(InvalidTag):
        AESGCM(aes_key).decrypt(blob[28:40], blob[HEADER_SIZE:], None)
    assert AESGCM(aes_key).decrypt(blob[28:40], blob[HEADER_SIZE:], blob[:HEADER_SIZE]).startswith(b"{")
