"""A real full disk for tests: a small tmpfs mounted for the test and filled to the brim.

Monkeypatching ``os.write`` would only show that the code handles the exception we chose to
raise; SQLite, zipfile and reportlab each meet a full disk in their own way (SQLITE_FULL, a
short write, ENOSPC at close), so the honest test is a disk that really is full. Mounting
needs root (CI runs as root); elsewhere the tests are skipped with that reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "16m") -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("a real full disk needs a tmpfs, which only root can mount")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


class Filler:
    """Takes every free byte of a disk; ``leave(n)`` gives n bytes back."""

    def __init__(self, disk: Path) -> None:
        self.path = disk / "filler.bin"
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            block = 1 << 16
            while block >= 512:  # big pieces first, then smaller until not even 512 bytes fit
                try:
                    os.write(fd, b"\0" * block)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
                    block //= 2
        finally:
            os.close(fd)
        self.size = self.path.stat().st_size

    def leave(self, free_bytes: int) -> None:
        self.size = max(0, self.size - free_bytes)
        os.truncate(self.path, self.size)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def temp_files(folder: Path) -> list[str]:
    """Temporary or partial files anywhere under ``folder`` (what a failed write leaves)."""
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.name.endswith((".tmp", ".part")) or p.name.startswith(".mr-backup-")
    )
