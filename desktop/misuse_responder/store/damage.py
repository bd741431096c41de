""" "The case database is damaged": what can still be read, and where the last backup is.

A flipped byte on any page but the first lets the store open, then fails the first query
that touches that page (SQLCipher's page check, or SQLite's "database disk image is
malformed"). At that moment a member of staff needs three things, not a traceback: that
the database is damaged (not a wrong passphrase, not a bug), which records can still be
read (so they can copy out what matters), and where the last backup is (to restore it).

The last backup is recorded in a small file beside the database when a backup is written,
because the database itself is exactly what cannot be trusted here.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from peewee import DatabaseError as PeeweeDatabaseError

from misuse_responder.i18n import _
from misuse_responder.store.paths import StorePaths, atomic_write
from misuse_responder.store.text import display_text

LAST_BACKUP_NAME = "last-backup.json"

# Tables a member of staff thinks in, in the order they matter, and how to name them.
_TABLES = (
    ("case", "cases"),
    ("person", "people"),
    ("entry", "chronology entries"),
    ("evidence", "evidence items"),
    ("action", "actions"),
    ("audit_event", "audit events"),
    ("school", "school details"),
    ("contact", "contacts"),
    ("setting", "settings (keys)"),
)

# SQLite / SQLCipher wording for a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB, failed HMAC).
_DAMAGE_WORDS = (
    "malformed",
    "not a database",
    "file is encrypted",
    "corrupt",
    "hmac",
    "disk image",
    "database corruption",
    "btreeinitpage",
)


def is_damage(exc: BaseException) -> bool:
    """True when ``exc`` (or what caused it) is SQLite reporting a damaged database file."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        is_db_error = isinstance(current, PeeweeDatabaseError | sqlite3.DatabaseError) or (
            type(current).__name__ == "DatabaseError"
        )
        if is_db_error and any(word in str(current).lower() for word in _DAMAGE_WORDS):
            return True
        current = current.__cause__ or current.__context__
    return False


@dataclass(frozen=True)
class TableState:
    """One table: how many rows could be read, or why none could."""

    table: str
    label: str
    rows: int | None
    error: str = ""

    @property
    def readable(self) -> bool:
        return self.rows is not None


@dataclass(frozen=True)
class LastBackup:
    """The last backup this store wrote (recorded outside the database)."""

    path: Path
    written_at: datetime | None
    exists: bool


@dataclass(frozen=True)
class DamageReport:
    """What to tell staff about a damaged database, line by line."""

    detail: str
    tables: tuple[TableState, ...]
    last_backup: LastBackup | None
    pre_migration: tuple[Path, ...] = ()

    def lines(self) -> list[str]:
        out = [
            _(
                "The case database is damaged ({detail}). This is not a wrong passphrase: part "
                "of the file cannot be read. Do not add anything to it until it is restored."
            ).format(detail=self.detail)
        ]
        readable = [t for t in self.tables if t.readable]
        damaged = [t for t in self.tables if not t.readable]
        if readable:
            out.append(
                _("Still readable: {tables}.").format(
                    tables=", ".join(f"{t.rows} {_(t.label)}" for t in readable)
                )
            )
        if damaged:
            out.append(
                _("Cannot be read: {tables}.").format(tables=", ".join(_(t.label) for t in damaged))
            )
        out.append(self.backup_line())
        return out

    def backup_line(self) -> str:
        backup = self.last_backup
        if backup is not None and backup.exists:
            when = (
                backup.written_at.astimezone().strftime("%Y-%m-%d %H:%M")
                if backup.written_at
                else _("an unknown time")
            )
            return _(
                "The last backup is {path} (written {when}). Restore it into a new folder with "
                "'misuse-responder restore', then run 'misuse-responder verify' on it."
            ).format(path=backup.path, when=when)
        if backup is not None:
            return _(
                "The last backup was written to {path}, but it is not there now (a USB stick "
                "or network drive not plugged in?). Find it, or ask IT for a copy of the data "
                "folder."
            ).format(path=backup.path)
        if self.pre_migration:
            return _(
                "No backup has been made on this laptop. There is an older copy from before an "
                "upgrade in {path}; ask IT before using it."
            ).format(path=self.pre_migration[-1].parent)
        return _(
            "No backup has been made on this laptop. Ask IT whether the data folder is backed "
            "up, and keep this folder as it is."
        )


def record_backup(paths: StorePaths, target: Path, written_at: str) -> None:
    """Remember where the last backup went (beside the database, never inside it)."""
    doc = {"path": str(Path(target).resolve()), "written_at": written_at}
    atomic_write(paths.root / LAST_BACKUP_NAME, (json.dumps(doc) + "\n").encode("utf-8"))


def last_backup(paths: StorePaths) -> LastBackup | None:
    """The recorded last backup, or None (also when the record itself is unreadable)."""
    try:
        doc: Any = json.loads((paths.root / LAST_BACKUP_NAME).read_bytes())
        # Shown on a terminal: no control codes (an edited note must not send escape codes).
        path = Path(display_text(str(doc["path"])).replace("\n", " "))
        when_text = doc.get("written_at")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    try:
        when = datetime.fromisoformat(when_text) if isinstance(when_text, str) else None
    except ValueError:
        when = None  # the path still matters more than when
    try:
        exists = path.is_file()
    except OSError:
        exists = False
    return LastBackup(path, when, exists)


def survey(db: Any) -> tuple[TableState, ...]:
    """Read every row of each table staff care about; count what comes back."""
    states = []
    for table, label in _TABLES:
        try:
            cursor = db.execute_sql(f'SELECT * FROM "{table}"')
            rows = 0
            while batch := cursor.fetchmany(500):
                rows += len(batch)
            states.append(TableState(table, label, rows))
        except Exception as exc:  # any failure means: this table cannot be trusted
            states.append(TableState(table, label, None, str(exc)))
    return tuple(states)


def assess(db: Any, paths: StorePaths, exc: BaseException | str) -> DamageReport:
    """Everything to tell staff once ``exc`` has shown the database is damaged."""
    detail = exc if isinstance(exc, str) else str(exc)
    detail = " ".join(detail.split())[:160] or _("damaged pages")
    tables: tuple[TableState, ...] = ()
    if db is not None:
        tables = survey(db)
    pre: tuple[Path, ...] = ()
    try:
        if paths.migration_backups.is_dir():
            pre = tuple(sorted(paths.migration_backups.glob("*.db")))
    except OSError:
        pre = ()
    return DamageReport(detail, tables, last_backup(paths), pre)


def short_message(paths: StorePaths, exc: BaseException | str) -> str:
    """Two sentences for a screen: the database is damaged, and where the last backup is."""
    report = assess(None, paths, exc)
    return " ".join(
        (
            _(
                "The case database is damaged: part of it cannot be read ({detail}). This is "
                "not a wrong passphrase; nothing more can be added until it is restored."
            ).format(detail=report.detail),
            report.backup_line(),
        )
    )
