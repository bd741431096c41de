"""Opening the encrypted database: the one place that sets the key, pragmas and schema.

The key is the raw 256-bit data key (``x'…'``), so SQLCipher runs no KDF on open.
SQLCipher's own error log is switched off: damage is reported by ``store/damage.py``.
``secure_delete`` overwrites deleted content, so removed text does not linger in free
pages; WAL lets the GUI read while a backup or a worker writes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from peewee import DatabaseError
from playhouse.sqlcipher_ext import SqlCipherDatabase

from misuse_responder.i18n import _
from misuse_responder.store import models
from misuse_responder.store.errors import StoreDamaged, StoreError, StoreTooNew
from misuse_responder.store.migrations import LATEST, MIGRATIONS
from misuse_responder.store.paths import create_private_file, ensure_private_dir

PRAGMAS = (
    # First, before any page is read: SQLCipher otherwise writes "ERROR CORE ..." lines to
    # stderr for every damaged page it meets. Damage is reported in plain words instead
    # (store/damage.py), so those lines would only frighten whoever sees the console.
    ("cipher_log_level", "NONE"),
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("secure_delete", 1),
    ("synchronous", "normal"),
    ("busy_timeout", 10000),
    ("cache_size", -16000),
)


def raw_key_pragma(data_key: bytes) -> str:
    """The passphrase string SQLCipher reads as a raw key rather than text to derive from."""
    return f"x'{data_key.hex()}'"


def connect(path: Path, data_key: bytes) -> SqlCipherDatabase:
    """Open (creating if missing) ``path`` with ``data_key``; binds the models to it."""
    if not path.exists():
        create_private_file(path)
    db = SqlCipherDatabase(
        str(path), passphrase=raw_key_pragma(data_key), pragmas=PRAGMAS, check_same_thread=False
    )
    try:
        db.connect()
        db.execute_sql("SELECT count(*) FROM sqlite_master")
    except DatabaseError as exc:
        db.close()
        _refuse_full_or_unreadable(path, exc)
        raise StoreDamaged(
            _(
                "The case database is damaged and cannot be opened ({error}). This is not a "
                "wrong passphrase: restore the last backup, or ask IT."
            ).format(error=exc)
        ) from None
    models.database.initialize(db)
    return db


def _refuse_full_or_unreadable(path: Path, exc: Exception) -> None:
    """A full disk or a failing drive is not damage: say which it is (opening the database
    needs room for its -wal and -shm files, so a full disk fails here as "disk I/O error")."""
    from misuse_responder.store.diskfull import DiskFull, is_disk_full

    try:
        nearly_full = shutil.disk_usage(path.parent).free < (2 << 20)
    except OSError:
        nearly_full = False
    if is_disk_full(exc) or nearly_full:
        raise DiskFull(
            _(
                "The disk is full, so the case records cannot be opened (the database needs a "
                "little room to start). Free some space (or ask IT), then unlock again; "
                "nothing has been changed."
            )
        ) from None
    if "disk i/o error" in str(exc).lower():
        raise StoreError(
            _(
                "The case database could not be read from the disk (disk I/O error). Check "
                "that the drive is connected and working, then try again; if it keeps "
                "happening, ask IT."
            )
        ) from None


def user_version(db: SqlCipherDatabase) -> int:
    row = db.execute_sql("PRAGMA user_version").fetchone()
    return int(row[0])


def _set_version(db: SqlCipherDatabase, version: int) -> None:
    db.execute_sql(f"PRAGMA user_version = {int(version)}")


def create_schema(db: SqlCipherDatabase) -> None:
    """A new database straight at the latest schema."""
    with db.atomic():
        db.create_tables(models.TABLES)
        _set_version(db, LATEST)


def backup_before_migration(db: SqlCipherDatabase, path: Path, version: int) -> Path:
    """A consistent, still-encrypted copy of the database before it is changed."""
    folder = ensure_private_dir(path.parent / "pre-migration")
    target = folder / f"{path.stem}.v{version}.db"
    if target.exists():
        target.unlink()
    db.execute_sql("VACUUM INTO ?", (str(target),))
    return target


def upgrade(db: SqlCipherDatabase, path: Path) -> int:
    """Bring an existing database to ``LATEST``; refuse one from a newer app. Returns the
    version found."""
    found = user_version(db)
    if found > LATEST:
        raise StoreTooNew(
            _(
                "This case database was written by a newer version of Misuse Responder "
                "(schema {found}; this version reads up to {latest}). Install the newer "
                "version; the database has not been changed."
            ).format(found=found, latest=LATEST)
        )
    if found == LATEST:
        return found
    if found > 0:
        backup_before_migration(db, path, found)
    for version, step in MIGRATIONS:
        if version <= found:
            continue
        with db.atomic():
            step(db)
            _set_version(db, version)
    return found
