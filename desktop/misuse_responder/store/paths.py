"""Where the store lives: a private per-user folder, never the install folder.

Locked-down school laptops install the app read-only, and several staff may share a
machine, so everything goes under the user's own data folder with owner-only
permissions. ``--data-dir`` and ``MISUSE_RESPONDER_DATA_DIR`` override it for
portable use and for tests.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "MISUSE_RESPONDER_DATA_DIR"
APP_NAME = "MisuseResponder"

DB_NAME = "cases.db"
KEY_FILE_NAME = "keys.json"
BLOB_DIR_NAME = "evidence"
MIGRATION_BACKUP_DIR = "pre-migration"

DIR_MODE = 0o700
FILE_MODE = 0o600


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: the explicit override, then the environment, then the platform default."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it owner-only on POSIX."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if os.name == "posix":
        path.chmod(DIR_MODE)
    return path


def create_private_file(path: Path) -> None:
    """Create an empty owner-only file if missing (SQLite then gives -wal/-shm the same mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    os.close(fd)
    if os.name == "posix":
        path.chmod(FILE_MODE)


def open_private(path: Path, flags: int) -> int:
    """``os.open`` with owner-only permissions for anything it creates."""
    return os.open(path, flags | getattr(os, "O_BINARY", 0), FILE_MODE)


def fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable (a no-op where directories cannot be opened)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so a crash leaves the old or the new file, never half."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = open_private(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        tmp.replace(path)
    except BaseException:
        # A full disk (or any failure) leaves the old file as it was and no temporary file.
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


class StorePaths:
    """The files of one store inside its data folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def db(self) -> Path:
        return self.root / DB_NAME

    @property
    def key_file(self) -> Path:
        return self.root / KEY_FILE_NAME

    @property
    def blobs(self) -> Path:
        return self.root / BLOB_DIR_NAME

    @property
    def migration_backups(self) -> Path:
        return self.root / MIGRATION_BACKUP_DIR

    def blob(self, name: str) -> Path:
        return self.blobs / name

    def exists(self) -> bool:
        return self.key_file.exists() or self.db.exists()
