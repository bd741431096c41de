"""One writing instance per data folder: an operating-system lock on a file inside it.

Two copies of the app writing to one store would each believe they see all of it (and the
second would show a stale case list while the first changes it). The lock is the
operating system's own (``flock`` on POSIX, ``msvcrt.locking`` on Windows) on
``.misuse-responder.lock`` in the data folder, so it is released however the holder ends,
a crash or a kill included; there is no stale lock file to clear by hand. Read-only
commands (list, verify, export) open the store without it.

Within one process the lock is counted, not taken twice: the app takes it at start and the
store it opens later shares it.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from misuse_responder.i18n import _
from misuse_responder.store.errors import StoreLocked
from misuse_responder.store.paths import ensure_private_dir, open_private

LOCK_NAME = ".misuse-responder.lock"

_guard = threading.Lock()
_held: dict[Path, list[int]] = {}  # resolved folder -> [file descriptor, holders]


def already_open() -> StoreLocked:
    return StoreLocked(
        _(
            "Misuse Responder is already open on this laptop. Use the window that is already "
            "open, or close it and try again."
        )
    )


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass


class InstanceLock:
    """A held lock on one data folder; ``release`` (or the process ending) lets it go."""

    def __init__(self, key: Path) -> None:
        self._key: Path | None = key

    @classmethod
    def acquire(cls, root: Path) -> InstanceLock:
        """Take the folder's lock (creating the folder), or raise ``StoreLocked``."""
        ensure_private_dir(root)
        key = root.resolve()
        with _guard:
            entry = _held.get(key)
            if entry is not None:
                entry[1] += 1
                return cls(key)
            fd = open_private(key / LOCK_NAME, os.O_RDWR | os.O_CREAT)
            if not _try_lock(fd):
                os.close(fd)
                raise already_open()
            _held[key] = [fd, 1]
            return cls(key)

    @classmethod
    def try_acquire(cls, root: Path) -> InstanceLock | None:
        try:
            return cls.acquire(root)
        except StoreLocked:
            return None

    @staticmethod
    def held_elsewhere(root: Path) -> bool:
        """Is another process holding the folder's lock right now? (Takes nothing.)"""
        if not root.is_dir():
            return False
        probe = InstanceLock.try_acquire(root)
        if probe is None:
            return True
        probe.release()
        return False

    def release(self) -> None:
        key, self._key = self._key, None
        if key is None:
            return
        with _guard:
            entry = _held.get(key)
            if entry is None:
                return
            entry[1] -= 1
            if entry[1] <= 0:
                del _held[key]
                _unlock(entry[0])
                os.close(entry[0])  # closing the descriptor releases the lock anyway

    @property
    def held(self) -> bool:
        return self._key is not None
