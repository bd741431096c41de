"""Where the store lives: a private per-user folder, never the install folder.

Locked-down school laptops install the app read-only, and several staff may share a
machine, so everything goes under the user's own data folder with owner-only
permissions. ``--data-dir`` and ``MISUSE_RESPONDER_DATA_DIR`` override it (tests, IT).

Portable mode is for running from a school-issued encrypted USB stick: a ``portable.txt``
beside the frozen executable puts the data folder beside it, so the cases travel with the
stick and nothing is left on the laptop. The order: ``--data-dir``, then the environment,
then ``portable.txt``, then the platform's per-user folder.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import platformdirs

DATA_DIR_ENV = "MISUSE_RESPONDER_DATA_DIR"
APP_NAME = "MisuseResponder"
PORTABLE_MARKER = "portable.txt"
PORTABLE_DIR_NAME = "MisuseResponder-data"
# From source there is no executable of ours to sit beside (sys.executable is Python's), so
# portable mode is honoured only when frozen, or where this names the folder (tests).
PORTABLE_ROOT_ENV = "MISUSE_RESPONDER_PORTABLE_ROOT"

DB_NAME = "cases.db"
KEY_FILE_NAME = "keys.json"
BLOB_DIR_NAME = "evidence"
MIGRATION_BACKUP_DIR = "pre-migration"

DIR_MODE = 0o700
FILE_MODE = 0o600


Source = Literal["option", "environment", "portable", "default"]


@dataclass(frozen=True)
class DataLocation:
    """The data folder and what chose it (Settings shows both)."""

    path: Path
    source: Source

    @property
    def portable(self) -> bool:
        return self.source == "portable"


def program_dir() -> Path | None:
    """The folder ``portable.txt`` is looked for in: the frozen executable's, or
    ``MISUSE_RESPONDER_PORTABLE_ROOT`` from source; None from source without it."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    env = os.environ.get(PORTABLE_ROOT_ENV)
    return Path(env).expanduser() if env else None


def portable_data_dir() -> Path | None:
    """``<program folder>/MisuseResponder-data`` when ``portable.txt`` is beside the program."""
    base = program_dir()
    if base is None or not (base / PORTABLE_MARKER).is_file():
        return None
    return base / PORTABLE_DIR_NAME


def locate_data_dir(override: str | os.PathLike[str] | None = None) -> DataLocation:
    """The data folder: the explicit override, then the environment, then portable mode,
    then the platform default."""
    if override:
        return DataLocation(Path(override).expanduser(), "option")
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return DataLocation(Path(env).expanduser(), "environment")
    portable = portable_data_dir()
    if portable is not None:
        return DataLocation(portable, "portable")
    return DataLocation(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)), "default")


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder (``locate_data_dir`` says why this one)."""
    return locate_data_dir(override).path


def source_of(root: Path) -> Source:
    """What would have chosen ``root`` (for Settings, after the app was started with it)."""
    if portable_data_dir() == root:
        return "portable"
    if data_dir() == root and os.environ.get(DATA_DIR_ENV):
        return "environment"
    if Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) == root:
        return "default"
    return "option"


def unusable_sentence(root: Path, error: OSError) -> str:
    """Why the data folder cannot be used, in words; for portable mode, what to do about it."""
    from misuse_responder.i18n import _

    if portable_data_dir() == root:
        return _(
            "Misuse Responder is set to keep its data beside the program (the file "
            "portable.txt is there), but it cannot write to {path}. The USB stick may be "
            "locked or read-only: unlock it, or move the program to a drive you can write "
            "to. To keep the data on this laptop instead, delete portable.txt."
        ).format(path=root)
    return _("The data folder {path} cannot be used: {error}").format(
        path=root, error=error.strerror or error
    )


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
