"""Encrypted evidence files: chunked AES-256-GCM, so a 500 MB video streams in 1 MiB steps.

Each blob gets its own key (HKDF from the store's blob key and a random salt), so the
chunk counter can serve as the nonce. The last chunk is marked in its nonce: cutting
a blob short, or appending to it, fails authentication instead of silently returning
part of the evidence. The SHA-256 that identifies the evidence is of the ORIGINAL
bytes, computed while they stream through, never of the ciphertext.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from misuse_responder.store.paths import fsync_dir, open_private

MAGIC = b"MRBLOB1\n"
CHUNK = 1 << 20
TAG = 16
_SALT = 16
_HEADER = len(MAGIC) + _SALT + 4
_INFO = b"misuse-responder evidence blob v1"

Progress = Callable[[int], None]


class BlobCorrupt(Exception):
    """The blob failed authentication: altered, truncated, or not one of ours."""


@dataclass(frozen=True)
class Stored:
    """What writing a blob measured about the original bytes."""

    sha256: str
    size: int
    head: bytes  # the first bytes, to sniff the media type without reading the file twice


def _blob_key(master: bytes, salt: bytes) -> AESGCM:
    return AESGCM(HKDF(hashes.SHA256(), 32, salt=salt, info=_INFO).derive(master))


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _read_full(src: BinaryIO, size: int) -> bytes:
    parts = []
    while size > 0:
        part = src.read(size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def encrypt_stream(
    src: BinaryIO, dest: Path, master: bytes, progress: Progress | None = None
) -> Stored:
    """Encrypt ``src`` into a new file ``dest`` (fsynced), hashing the plaintext on the way."""
    salt = secrets.token_bytes(_SALT)
    header = MAGIC + salt + CHUNK.to_bytes(4, "big")
    aead = _blob_key(master, salt)
    digest = hashlib.sha256()
    fd = open_private(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    size = 0
    head = b""
    try:
        with os.fdopen(fd, "wb", closefd=True) as out:
            out.write(header)
            index = 0
            chunk = _read_full(src, CHUNK)
            while True:
                nxt = _read_full(src, CHUNK) if len(chunk) == CHUNK else b""
                last = not nxt
                digest.update(chunk)
                if index == 0:
                    head = chunk[:4096]
                size += len(chunk)
                out.write(aead.encrypt(_nonce(index, last), chunk, header))
                if progress is not None:
                    progress(size)
                if last:
                    break
                chunk, index = nxt, index + 1
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    fsync_dir(dest.parent)
    return Stored(digest.hexdigest(), size, head)


def decrypt_chunks(path: Path, master: bytes) -> Iterator[bytes]:
    """Yield the original bytes of a blob, authenticating every chunk (raises BlobCorrupt)."""
    with path.open("rb") as src:
        header = _read_full(src, _HEADER)
        if len(header) != _HEADER or not header.startswith(MAGIC):
            raise BlobCorrupt("not an evidence blob")
        salt = header[len(MAGIC) : len(MAGIC) + _SALT]
        chunk_size = int.from_bytes(header[-4:], "big")
        aead = _blob_key(master, salt)
        index = 0
        sealed = _read_full(src, chunk_size + TAG)
        while True:
            nxt = _read_full(src, chunk_size + TAG) if len(sealed) == chunk_size + TAG else b""
            last = not nxt
            try:
                yield aead.decrypt(_nonce(index, last), sealed, header)
            except InvalidTag:
                raise BlobCorrupt(f"chunk {index} failed authentication") from None
            if last:
                return
            sealed, index = nxt, index + 1


def hash_blob(path: Path, master: bytes) -> tuple[str, int]:
    """SHA-256 and size of a blob's original bytes (raises BlobCorrupt, OSError)."""
    digest = hashlib.sha256()
    size = 0
    for chunk in decrypt_chunks(path, master):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size
