"""The encrypted key file: the one place a participant code leads back to a person.

The key (code → real name, recording, sha256, date) exists only encrypted at rest: scrypt turns the
passphrase into an AES-256-GCM key, and every write uses a fresh salt and nonce. The passphrase is a
function argument here; the CLI reads it from ``QUALSCRIBE_KEY_PASSPHRASE`` or a hidden prompt and never
stores or logs it.

File layout, version 1 (one byte per integer):

    magic     8   b"\\x89QSKEY\\r\\n"  a non-ASCII byte and a CRLF, so text-mode copies are caught
    version   1   1
    log2_n    1   scrypt cost n = 2**log2_n
    r, p      2   scrypt block size and parallelism
    salt     16   random per write
    nonce    12   random per write
    check    16   scrypt output bytes 32..47: tells a wrong passphrase from a damaged file
    digest    4   SHA-256 of the bytes above, truncated: tells a damaged header from a wrong passphrase
    sealed    …   AES-256-GCM of the key's JSON, with all 60 header bytes as associated data

The check and digest only choose the error message; integrity and secrecy come from AES-GCM alone, which
authenticates the header too, so no byte of the file can change without the file being rejected.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import struct
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from pipeline.codes import Key
from pipeline.errors import KeyFileError
from pipeline.private import write_private

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; run one writer at a time
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

PASSPHRASE_ENV = "QUALSCRIBE_KEY_PASSPHRASE"
MIN_PASSPHRASE_LENGTH = 8
MAGIC = b"\x89QSKEY\r\n"
VERSION = 1
_FIELDS = struct.Struct(">8sBBBB16s12s16s")
_DIGEST_SIZE = 4
HEADER_SIZE = _FIELDS.size + _DIGEST_SIZE
_TAG_SIZE = 16
# Bounds on the cost a file may ask for, so a damaged header cannot make scrypt take gigabytes.
_MAX_LOG2_N = 20
_MAX_MEMORY = 1 << 30


@dataclass(frozen=True)
class KdfParams:
    """scrypt's cost. The default takes about 0.1 s and 32 MiB per open; tests pass a lower ``n``."""

    n: int = 2**15
    r: int = 8
    p: int = 1

    def __post_init__(self) -> None:
        if self.n < 2 or self.n & (self.n - 1) or self.n.bit_length() - 1 > _MAX_LOG2_N:
            raise ValueError(f"scrypt n must be a power of two up to 2**{_MAX_LOG2_N}, not {self.n}")
        if not (1 <= self.r <= 255 and 1 <= self.p <= 255) or 128 * self.r * self.n > _MAX_MEMORY:
            raise ValueError(f"scrypt r={self.r}, p={self.p} out of range for n={self.n}")

    def derive(self, passphrase: str, salt: bytes) -> tuple[bytes, bytes]:
        """The AES key and the passphrase check, both from one scrypt run."""
        # NFC: the same passphrase typed on another system may arrive with accents composed differently
        secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
        out = Scrypt(salt=salt, length=48, n=self.n, r=self.r, p=self.p).derive(secret)
        return out[:32], out[32:]


def env_passphrase() -> str | None:
    """The passphrase from ``QUALSCRIBE_KEY_PASSPHRASE``, for scripts and batch runs; None if unset."""
    return os.environ.get(PASSPHRASE_ENV) or None


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short to protect real names, before a new key file is written."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise KeyFileError(f"the passphrase must be at least {MIN_PASSPHRASE_LENGTH} characters long")


def seal(plaintext: bytes, passphrase: str, params: KdfParams) -> bytes:
    """Encrypt ``plaintext`` into the key-file format with a fresh salt and nonce."""
    salt, nonce = os.urandom(16), os.urandom(12)
    aes_key, check = params.derive(passphrase, salt)
    log2_n = params.n.bit_length() - 1
    fields = _FIELDS.pack(MAGIC, VERSION, log2_n, params.r, params.p, salt, nonce, check)
    header = fields + hashlib.sha256(fields).digest()[:_DIGEST_SIZE]
    return header + AESGCM(aes_key).encrypt(nonce, plaintext, header)


def unseal(blob: bytes, passphrase: str) -> bytes:
    """Decrypt a key file's bytes; each way it can fail is a KeyFileError with its own message."""
    if not blob.startswith(MAGIC):
        raise KeyFileError("not a qualscribe key file")
    if len(blob) < HEADER_SIZE + _TAG_SIZE:
        raise KeyFileError("the key file is truncated")
    header = blob[:HEADER_SIZE]
    _, version, log2_n, r, p, salt, nonce, check = _FIELDS.unpack(header[: _FIELDS.size])
    if hashlib.sha256(header[: _FIELDS.size]).digest()[:_DIGEST_SIZE] != header[_FIELDS.size :]:
        raise KeyFileError("the key file's header is damaged or has been tampered with")
    if version != VERSION:
        raise KeyFileError(f"key file format version {version} is not supported (this release reads 1)")
    try:
        params = KdfParams(2**log2_n, r, p)
    except ValueError as exc:
        raise KeyFileError(f"the key file's header is damaged ({exc})") from None
    aes_key, expected = params.derive(passphrase, salt)
    if not hmac.compare_digest(check, expected):
        raise KeyFileError("wrong passphrase for the key file")
    try:
        return AESGCM(aes_key).decrypt(nonce, blob[HEADER_SIZE:], header)
    except InvalidTag:
        raise KeyFileError("the key file is damaged or has been tampered with") from None


def read_key(path: Path, passphrase: str) -> Key:
    """Open and decrypt the key file at ``path``."""
    return _decode(_read(path), passphrase, path)


def create_key(path: Path, passphrase: str, key: Key, params: KdfParams | None = None) -> None:
    """Write a new key file; an existing file at ``path`` is never overwritten."""
    check_new_passphrase(passphrase)
    if path.exists():
        raise KeyFileError(f"{path}: a key file already exists; it was left as it is")
    _write(path, _encode(key, passphrase, params or KdfParams()))
    log.info("created key file %s", path)


def update_key(
    path: Path, passphrase: str, change: Callable[[Key], Key], params: KdfParams | None = None
) -> Key:
    """Decrypt, apply ``change``, and re-encrypt, holding a lock so two runs never lose a code.

    Any error (passphrase, damage, or one raised by ``change``) leaves the file exactly as it was; the
    file is rewritten, atomically, only when the key actually changed.
    """
    with _locked(path) as handle:
        key = _decode(handle.read(), passphrase, path)
        changed = change(key)
        if changed != key:
            _write(path, _encode(changed, passphrase, params or KdfParams()))
            log.info("updated key file %s (%d codes)", path, len(changed.entries))
    return changed


def _encode(key: Key, passphrase: str, params: KdfParams) -> bytes:
    return seal(json.dumps(key.to_dict(), ensure_ascii=False).encode("utf-8"), passphrase, params)


def _decode(blob: bytes, passphrase: str, path: Path) -> Key:
    try:
        plaintext = unseal(blob, passphrase)
        try:
            data = json.loads(plaintext)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise KeyFileError(f"decrypted, but the contents are not JSON ({exc})") from None
        return Key.from_dict(data)
    except KeyFileError as exc:
        raise KeyFileError(f"{path}: {exc}") from None


def _missing(path: Path) -> KeyFileError:
    return KeyFileError(f"{path}: no key file here (create one with `qualscribe codes init {path}`)")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise _missing(path) from None
    except OSError as exc:
        raise KeyFileError(f"{path}: cannot read the key file: {exc.strerror or exc}") from None


@contextmanager
def _locked(path: Path) -> Iterator[BinaryIO]:
    """The key file open for reading under an exclusive lock that stays valid across atomic renames.

    A writer replaces the file by rename, so after waiting for the lock we check the path still names
    the inode we locked; if not, another run has just written a new version and we lock that instead.
    """
    while True:
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise _missing(path) from None
        except OSError as exc:
            raise KeyFileError(f"{path}: cannot open the key file: {exc.strerror or exc}") from None
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            current = os.stat(path).st_ino
        except FileNotFoundError:
            current = None
        if current == os.fstat(handle.fileno()).st_ino:
            break
        handle.close()
    with handle:
        yield handle


def _write(path: Path, blob: bytes) -> None:
    """Atomically write ``blob`` readable by the owner only; a new folder is made private (0700)."""
    write_private(path, blob)
