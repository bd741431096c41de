"""The audit chain's head, kept outside the database, so an older or shortened one is seen.

The hash chain proves that no event *inside* the database was changed, but not that none
is missing from its end: delete the last events and their rows, or put back an older copy
of ``cases.db`` (or of the whole data folder), and what is left is a perfectly valid,
shorter chain. So the head (how many events, and the last one's hash) is also kept:

- in the key file (``keys.json``, top-level field ``anchor``): it travels with the store,
  so ``cases.db`` put back on its own is caught;
- in this laptop's own record, outside the data folder (the per-user state folder,
  ``MisuseResponder-LastSeen/<store id>-<folder>.json``, one per store and folder): so the
  whole data folder put back is caught ("older than this laptop last saw");
- in every backup's manifest, and printed in every exported pack, for anyone to compare.

Both records are moved on after a write transaction has committed (at most every two
seconds during a burst of writes, and always on open and close), while holding the
database's write lock (so two processes cannot move them out of order, and the key file
is never rewritten by two at once). A crash between the commit and the record leaves the
record behind the database, which is not tampering: the database may be *ahead* of a
record as long as its chain contains the recorded event at the recorded place. Only a
database behind a record, or one whose event at that place differs, is a problem. A
record is never moved onto a chain that does not extend it, so a rollback stays visible
after later writes. A restore is an explicit act: it leaves a note in the restored folder,
and the first open records an audit event and moves this laptop's record to the restored
head on purpose.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from misuse_responder.i18n import _, ngettext
from misuse_responder.store import audit, crypto
from misuse_responder.store import models as m
from misuse_responder.store.errors import StoreError
from misuse_responder.store.paths import atomic_write, ensure_private_dir, fsync_dir, open_private

if TYPE_CHECKING:
    from misuse_responder.store.vault import Vault

FIELD = "anchor"
SEEN_APP = "MisuseResponder-LastSeen"  # a sibling of the data folder, never inside it
SEEN_ENV = "MISUSE_RESPONDER_SEEN_DIR"
RESTORE_NOTE = "restored-from-backup.json"


@dataclass(frozen=True)
class Head:
    """How many events the chain had (``seq`` of the last) and the last event's hash."""

    seq: int
    hash: str

    def to_json(self) -> dict[str, Any]:
        return {"events": self.seq, "hash": self.hash}

    @classmethod
    def parse(cls, value: object) -> Head | None:
        if not isinstance(value, dict):
            return None
        seq, digest = value.get("events"), value.get("hash")
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
            return None
        if not isinstance(digest, str) or len(digest) != 64:
            return None
        return cls(seq, digest)


@dataclass(frozen=True)
class Anchors:
    """The two records, read before the database snapshot they are compared with."""

    key_file: Head | None
    laptop: Head | None


def seen_dir() -> Path:
    override = os.environ.get(SEEN_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_state_dir(SEEN_APP, appauthor=False))


def _seen_path(store_id: str, root: Path) -> Path:
    """One record per store *and* folder: a backup restored into a second folder (to look
    at it) is a copy with its own record, not a rollback of the first."""
    safe = "".join(ch for ch in store_id if ch.isalnum())[:32] or "store"
    where = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:16]
    return seen_dir() / f"{safe}-{where}.json"


def store_id() -> str:
    row = m.Setting.get_or_none(m.Setting.key == "store_id")
    return bytes(row.value).decode("ascii", "replace") if row is not None else "store"


def db_head() -> Head | None:
    found = audit.head()
    return None if found is None else Head(*found)


# --- reading -------------------------------------------------------------------------------
def read_key_file_anchor(key_file: Path) -> Head | None:
    try:
        doc = json.loads(key_file.read_bytes())
    except (OSError, ValueError):
        return None
    return Head.parse(doc.get(FIELD)) if isinstance(doc, dict) else None


def read_laptop(sid: str, root: Path) -> Head | None:
    try:
        doc = json.loads(_seen_path(sid, root).read_bytes())
    except (OSError, ValueError):
        return None
    return Head.parse(doc) if isinstance(doc, dict) else None


def read(vault: Vault) -> Anchors:
    """Both records. Read them *before* starting the snapshot they are checked against: a
    record is only ever written after its events committed, so it can then never be ahead
    of the snapshot for any reason but a rollback."""
    return Anchors(
        read_key_file_anchor(vault.paths.key_file), read_laptop(store_id(), vault.paths.root)
    )


# --- writing -------------------------------------------------------------------------------
# Durability, in order: the database's committed events are flushed to disk first (the WAL
# is fsynced; the database itself runs with synchronous=NORMAL, which does not flush each
# commit), so no record can outlive, after a power cut, the events it names. Then the
# records: the key file's copy is fsynced before it is renamed over the old one (never an
# empty or half key file); the folder is not fsynced, and this laptop's copy is not
# fsynced at all, because a record lost in a power cut is only behind, which is allowed.
def _flush_database(db_path: Path) -> None:
    wal = db_path.with_name(db_path.name + "-wal")
    for path in (wal, db_path):
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            continue
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        return


def _replace(path: Path, data: bytes, fsync: bool) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.anchor.tmp")
    fd = open_private(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if fsync:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    try:
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if fsync:
        fsync_dir(path.parent)  # the rename itself survives a power cut too


def _write_key_file(key_file: Path, head: Head) -> None:
    current = crypto.read_key_file(key_file)
    _replace(key_file, current.with_field(FIELD, head.to_json()).to_json(), fsync=True)


_made: set[Path] = set()


def _write_laptop(sid: str, head: Head, root: Path) -> None:
    path = _seen_path(sid, root)
    if path.parent not in _made:
        ensure_private_dir(path.parent)
        _made.add(path.parent)
    doc = {**head.to_json(), "store": sid, "folder": str(root)}
    _replace(path, (json.dumps(doc, indent=2) + "\n").encode("utf-8"), fsync=False)


def _extends(record: Head | None, head: Head) -> bool:
    """May ``record`` be moved on to ``head``? Only if the chain contains it."""
    if record is None:
        return True
    if record.seq >= head.seq:
        return False
    return audit.hash_at(record.seq) == record.hash


RECORD_EVERY = 2.0  # seconds: a burst of writes moves the records once, not at each write
_recorded_at: dict[Path, float] = {}


def record(vault: Vault, *, force: bool = False) -> None:
    """Move both records on to the database's head; call after a write has committed.

    A write moves them at once, except during a burst of writes, when they move at most
    once every ``RECORD_EVERY`` seconds (each move costs an fsync of the database and
    one of the key file); ``force`` (open, close, backup, restore) always moves them. A
    record behind the database is allowed, so what this gives up is only that events
    written in the last seconds before a crash, if removed by hand afterwards, could go
    unseen; closing (and so locking) the store always leaves both records exact.

    Runs under the database's write lock (an empty IMMEDIATE transaction), so records only
    ever move forward and the key file has one writer at a time. A failure to write a
    record (full disk) is not the change's failure: the record stays behind, which the
    next write or open puts right."""
    if vault.db.in_transaction():
        return
    key_path = vault.paths.key_file
    if not force and time.monotonic() - _recorded_at.get(key_path, -RECORD_EVERY) < RECORD_EVERY:
        return
    _recorded_at[key_path] = time.monotonic()
    with contextlib.suppress(OSError, StoreError), vault.db.atomic("IMMEDIATE"):
        head = db_head()
        if head is None:
            return
        sid = store_id()
        on_key_file = _extends(read_key_file_anchor(key_path), head)
        on_laptop = _extends(read_laptop(sid, vault.paths.root), head)
        if on_key_file or on_laptop:
            _flush_database(vault.paths.db)
        if on_key_file:
            _write_key_file(key_path, head)
        if on_laptop:
            _write_laptop(sid, head, vault.paths.root)


def write_key_file_locked(vault: Vault, key_file: crypto.KeyFile) -> None:
    """Rewrite the key file (e.g. a new passphrase) keeping the anchor as it is on disk."""
    with vault.db.atomic("IMMEDIATE"):
        on_disk = read_key_file_anchor(vault.paths.key_file)
        if on_disk is not None:
            key_file = key_file.with_field(FIELD, on_disk.to_json())
        crypto.write_key_file(vault.paths.key_file, key_file)


# --- checking ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AnchorProblem:
    source: str  # "key-file" | "laptop"
    message: str


def check(anchors: Anchors, head: Head | None) -> list[AnchorProblem]:
    """Compare the records with the database's chain (inside the snapshot being checked)."""
    problems: list[AnchorProblem] = []
    have = head.seq if head is not None else 0
    for source, found in (("laptop", anchors.laptop), ("key-file", anchors.key_file)):
        if found is None:
            continue
        if have < found.seq:
            missing = ngettext(
                "{n} event is missing", "{n} events are missing", found.seq - have
            ).format(n=found.seq - have)
            text = (
                _(
                    "the case database is older than this laptop last saw: {missing} (this "
                    "laptop last saw {seen} events; the database has {have}). It may have "
                    "been put back from an older copy: find the newest copy or backup before "
                    "changing anything."
                )
                if source == "laptop"
                else _(
                    "the case database is older than its key file records: {missing} (the "
                    "key file records {seen} events; the database has {have}). It may have "
                    "been put back from an older copy: find the newest copy or backup before "
                    "changing anything."
                )
            )
            problems.append(
                AnchorProblem(source, text.format(missing=missing, seen=found.seq, have=have))
            )
        elif audit.hash_at(found.seq) != found.hash:
            text = (
                _(
                    "the case database is not the one this laptop last saw: its event {seq} "
                    "differs (an older copy was put back and then changed)."
                )
                if source == "laptop"
                else _(
                    "the case database does not match its key file: its event {seq} differs "
                    "(an older copy was put back and then changed)."
                )
            )
            problems.append(AnchorProblem(source, text.format(seq=found.seq)))
    return problems


# --- backups and restores --------------------------------------------------------------
def head_of_file(db_path: Path, data_key: bytes) -> Head | None:
    """The chain head of another copy of the database (a backup's snapshot)."""
    from sqlcipher3 import dbapi2 as sqlcipher

    from misuse_responder.store.db import raw_key_pragma

    conn = sqlcipher.connect(str(db_path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{raw_key_pragma(data_key)}"')
        row = conn.execute("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    return None if row is None else Head(int(row[0]), str(row[1]))


def key_file_for_backup(vault: Vault, head: Head | None, folder: Path) -> Path:
    """A copy of the key file whose anchor is the backup's own head (not a later one)."""
    current = crypto.read_key_file(vault.paths.key_file)
    if head is not None:
        current = current.with_field(FIELD, head.to_json())
    path = folder / "keys.json"
    atomic_write(path, current.to_json())
    return path


def write_restore_note(folder: Path, backup_name: str, head: object, at: str) -> None:
    doc = {"backup": backup_name, "head": head, "at": at}
    atomic_write(folder / RESTORE_NOTE, (json.dumps(doc, indent=2) + "\n").encode("utf-8"))


def accept_restore(vault: Vault, actor: str = "") -> bool:
    """The first open after a restore: record it, and move this laptop's record to the
    restored head on purpose (the events after it are not in the backup). True if done."""
    note_path = vault.paths.root / RESTORE_NOTE
    try:
        note = json.loads(note_path.read_bytes())
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        note = {}
    if not isinstance(note, dict):
        note = {}
    sid = store_id()
    seen = read_laptop(sid, vault.paths.root)
    with vault.write():
        head = db_head()
        missing = 0
        if seen is not None and head is not None and not _extends(seen, head):
            missing = max(0, seen.seq - head.seq)
        audit.append(
            vault.now(),
            actor,
            "store.restored",
            None,
            {
                "backup": str(note.get("backup", "")),
                "restored_at": str(note.get("at", "")),
                "laptop_last_saw": seen.to_json() if seen is not None else None,
                "events_not_in_backup": missing,
            },
        )
    head = db_head()
    if head is not None:
        with contextlib.suppress(OSError):
            _write_laptop(sid, head, vault.paths.root)
    note_path.unlink(missing_ok=True)
    return True
