"""Writing an export so that it is either complete or not there at all.

The PDF is written to a hidden temporary file in the destination folder (so the final
rename is on one file system and therefore atomic), flushed to disk, and only then
renamed over the chosen name. Cancel, a crash or a full disk leave no half-written
file that someone could later mistake for the real pack. Every export is personal data,
so the file is readable by its owner only (0600), whatever wrote it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from misuse_responder.store import leftovers

PRIVATE = 0o600


@contextlib.contextmanager
def atomic_path(dest: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success it becomes ``dest``.

    Anything raised inside the block (including ``Cancelled``) removes the temporary
    file and leaves ``dest`` as it was.
    """
    dest = Path(dest)
    folder = dest.parent if str(dest.parent) else Path()
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=folder)
    os.close(fd)
    temp = Path(name)
    # Noted in the open store's data folder while it is written, so a kill -9 here leaves a
    # file the next start can find and remove (store/leftovers.py).
    with leftovers.noted(temp):
        try:
            yield temp
            with temp.open("rb+") as handle:
                handle.flush()
                os.fsync(handle.fileno())
            temp.chmod(PRIVATE)  # a writer may have replaced the file (pikepdf writes 0644)
            temp.replace(dest)
            _fsync_dir(folder)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise


def write_private(dest: Path, data: bytes) -> None:
    """Write ``data`` to ``dest`` atomically, readable by its owner only."""
    with atomic_path(dest) as temp, temp.open("wb") as out:
        out.write(data)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
