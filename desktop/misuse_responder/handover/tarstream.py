"""The few ustar pieces the bundle needs, built with the standard ``tarfile`` headers.

Python's ``tarfile`` copies a member in one call and needs its size first, which suits
neither an age stream of unknown length nor a push-style decryptor; so the members are laid
out here from ``tarfile.TarInfo`` headers, block by block, exactly as ``tar`` expects.
"""

from __future__ import annotations

import tarfile

BLOCK = 512
RECORD = tarfile.RECORDSIZE  # 20 blocks, as tar pads an archive
END = 2 * BLOCK


def header(name: str, size: int, mtime: int) -> bytes:
    """A ustar header for a regular file readable by its owner only."""
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode, info.type = size, mtime, 0o600, tarfile.REGTYPE
    return info.tobuf(format=tarfile.USTAR_FORMAT, encoding="utf-8", errors="strict")


def padding(size: int) -> int:
    """Zero bytes after a member of ``size`` bytes to reach the next block."""
    return -size % BLOCK


def member_span(size: int) -> int:
    return BLOCK + size + padding(size)


def archive_end(length: int) -> int:
    """Bytes of the end marker and record padding after ``length`` bytes of members."""
    total = length + END
    return END + (-total % RECORD)


def parse_header(block: bytes) -> tarfile.TarInfo:
    """A header block; raises ``tarfile.TarError`` on a bad checksum or format."""
    return tarfile.TarInfo.frombuf(block, encoding="utf-8", errors="strict")
