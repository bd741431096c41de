"""An unlocked store: the data folder, the open database, the blob key, and the clock.

Everything that needs keys goes through here: creating a store (the recovery key is
returned once and never kept), unlocking with the passphrase or the recovery key,
and changing the passphrase (a rewrap of the key file; evidence is not re-encrypted).
One store is open per process at a time (the models are bound to it).

A store opened for writing holds the data folder's instance lock (store/instance_lock.py),
so a second copy of the app cannot write to it; ``shared=True`` (the read-only commands)
opens without it when it is taken. Every write transaction records its audit events with
the state they leave (store/audit.py) and, once committed, moves the chain's anchors on
(store/anchor.py); ``snapshot()`` is one read transaction for checks that must see the
audit trail and the rows at the same moment.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from playhouse.sqlcipher_ext import SqlCipherDatabase

from misuse_responder.i18n import _
from misuse_responder.store import anchor, audit, crypto, db
from misuse_responder.store.errors import StoreDamaged, StoreError, StoreExists, StoreMissing
from misuse_responder.store.instance_lock import InstanceLock
from misuse_responder.store.models import School, Setting
from misuse_responder.store.paths import StorePaths, ensure_private_dir

Clock = Callable[[], datetime]
JURISDICTIONS = ("england", "wales", "scotland", "northern-ireland")


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """The stored spelling of a time: UTC, microseconds, so text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_iso(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


class Vault:
    """An open, unlocked store. Use ``create`` or ``open``/``open_with_recovery_key``."""

    def __init__(
        self,
        paths: StorePaths,
        database: SqlCipherDatabase,
        data_key: bytes,
        clock: Clock,
        lock: InstanceLock | None = None,
    ) -> None:
        self.paths = paths
        self.db = database
        self._data_key = data_key
        self.clock = clock
        self.lock = lock  # None: opened shared (read-only commands while the app is open)
        self._witness: Any = None  # a second connection: see _committed
        self._witness_lock = threading.Lock()
        row = Setting.get_or_none(Setting.key == "blob_key")
        if row is None:
            raise StoreDamaged(_("The case database has no evidence key: it is damaged."))
        self.blob_key: bytes = bytes(row.value)

    # --- lifecycle -----------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        root: Path,
        passphrase: str,
        school_name: str,
        *,
        jurisdiction: str = "england",
        actor: str = "",
        kdf: crypto.KdfParams | None = None,
        clock: Clock = utc_now,
    ) -> tuple[Self, str]:
        """Make a new store in ``root``. Returns it and the recovery key (show it once)."""
        paths = StorePaths(root)
        if paths.key_file.exists():
            raise StoreExists(_("There is already a case store in {path}.").format(path=paths.root))
        lock = InstanceLock.acquire(paths.root)
        try:
            return cls._create(
                paths, passphrase, school_name, jurisdiction, actor, kdf, clock, lock
            )
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _create(
        cls,
        paths: StorePaths,
        passphrase: str,
        school_name: str,
        jurisdiction: str,
        actor: str,
        kdf: crypto.KdfParams | None,
        clock: Clock,
        lock: InstanceLock,
    ) -> tuple[Self, str]:
        from misuse_responder.store.text import MAX_NAME, clean_line

        if paths.key_file.exists():
            raise StoreExists(_("There is already a case store in {path}.").format(path=paths.root))
        if paths.db.exists():
            raise StoreExists(
                _(
                    "{path} holds a case database but no key file. Restore the key file from "
                    "a backup, or move the database away before starting a new store."
                ).format(path=paths.db)
            )
        crypto.check_passphrase_strength(passphrase)
        name = clean_line(school_name, _("The school's name"), MAX_NAME)
        if jurisdiction not in JURISDICTIONS:
            raise StoreDamaged(_("Unknown jurisdiction {value}.").format(value=jurisdiction))
        ensure_private_dir(paths.root)
        ensure_private_dir(paths.blobs)
        data_key = secrets.token_bytes(crypto.KEY_BYTES)
        recovery = crypto.new_recovery_key()
        database = db.connect(paths.db, data_key)
        try:
            db.create_schema(database)
            now = iso(clock())
            with database.atomic("IMMEDIATE"), audit.collecting():
                Setting.create(key="blob_key", value=secrets.token_bytes(32))
                Setting.create(key="store_id", value=uuid.uuid4().hex.encode())
                Setting.create(key="created_at", value=now.encode())
                from misuse_responder.handover.keys import HandoverKeys

                # The hand-over key pair (store/handover_keys.py): private keys only in here.
                Setting.create(key="handover_keys", value=HandoverKeys.generate().to_secret_bytes())
                School.create(id=1, name=name, jurisdiction=jurisdiction, updated_at=now)
                audit.append(
                    now,
                    actor,
                    "store.created",
                    None,
                    {"school": name, "jurisdiction": jurisdiction},
                )
            key_file = crypto.new_key_file(
                data_key, passphrase, recovery, kdf or crypto.KdfParams()
            )
            # Last: until the key file exists the folder does not count as a store.
            crypto.write_key_file(paths.key_file, key_file)
            vault = cls(paths, database, data_key, clock, lock)
            anchor.record(vault, force=True)
        except BaseException:
            database.close()
            raise
        return vault, crypto.format_recovery_key(recovery)

    @classmethod
    def open(
        cls, root: Path, passphrase: str, *, clock: Clock = utc_now, shared: bool = False
    ) -> Self:
        """Unlock with the passphrase (``WrongPassphrase`` leaves every file untouched).

        Raises ``StoreLocked`` if another process has the store open for writing, unless
        ``shared`` (a read-only command), which then opens it without the lock."""
        paths = StorePaths(root)
        key_file = cls._key_file(paths)
        lock = cls._lock(paths, shared)
        try:
            data_key = crypto.unwrap_with_passphrase(key_file, passphrase)
            return cls._open_with_key(paths, data_key, clock, lock)
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    @classmethod
    def open_with_recovery_key(
        cls, root: Path, recovery_key: str, *, clock: Clock = utc_now, shared: bool = False
    ) -> Self:
        """Unlock with the printed recovery key; the caller should then set a new passphrase."""
        paths = StorePaths(root)
        key_file = cls._key_file(paths)
        raw = crypto.parse_recovery_key(recovery_key)
        lock = cls._lock(paths, shared)
        try:
            data_key = crypto.unwrap_with_recovery(key_file, raw)
            return cls._open_with_key(paths, data_key, clock, lock)
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    @staticmethod
    def _lock(paths: StorePaths, shared: bool) -> InstanceLock | None:
        if shared:
            return InstanceLock.try_acquire(paths.root)
        return InstanceLock.acquire(paths.root)

    @staticmethod
    def _key_file(paths: StorePaths) -> crypto.KeyFile:
        try:
            return crypto.read_key_file(paths.key_file)
        except FileNotFoundError:
            raise StoreMissing(
                _(
                    "There is no case store in {path} yet. Run 'misuse-responder init' first."
                ).format(path=paths.root)
            ) from None

    @classmethod
    def _open_with_key(
        cls, paths: StorePaths, data_key: bytes, clock: Clock, lock: InstanceLock | None
    ) -> Self:
        if not paths.db.exists():
            raise StoreDamaged(
                _("The key file is here but the case database {path} is missing.").format(
                    path=paths.db
                )
            )
        database = db.connect(paths.db, data_key)
        try:
            db.upgrade(database, paths.db)
            vault = cls(paths, database, data_key, clock, lock)
            if lock is not None:
                vault._on_open()
            return vault
        except BaseException:
            database.close()
            raise

    def _on_open(self) -> None:
        """What only the writing instance does on open: record a restore, give a store
        made before the state digests its first sealed state, and catch the anchors up
        after an interrupted write."""
        from peewee import DatabaseError

        try:
            anchor.accept_restore(self)
            if audit.first_stateful_seq() is None and audit.head() is not None:
                with self.write():
                    audit.seal_all(self.now())
            from misuse_responder.store import handover_keys, handover_receive

            handover_keys.ensure_keys(self)  # a store made before hand-over (schema 4)
            handover_keys.ensure_case_ids(self)
            handover_receive.clean_staging(self.paths)  # left by a receive killed midway
            anchor.record(self, force=True)
        except DatabaseError:
            pass  # a damaged database: ``verify`` names the damage; nothing is changed here

    def close(self) -> None:
        with self._witness_lock:
            if self._witness is not None:
                self._witness.close()
                self._witness = None
        if not self.db.is_closed():
            if self.lock is not None:
                with contextlib.suppress(Exception):  # closing must never fail
                    anchor.record(self, force=True)
            self.db.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- keys ---------------------------------------------------------------------------
    def change_passphrase(
        self, new_passphrase: str, *, actor: str = "", kdf: crypto.KdfParams | None = None
    ) -> None:
        """Rewrap the data key under a new passphrase; the recovery key keeps working."""
        crypto.check_passphrase_strength(new_passphrase)
        current = crypto.read_key_file(self.paths.key_file)
        updated = crypto.rewrap_passphrase(current, self._data_key, new_passphrase, kdf)
        anchor.write_key_file_locked(self, updated)
        with self.write():
            audit.append(self.now(), actor, "store.passphrase-changed", None, {})

    @property
    def data_key(self) -> bytes:
        return self._data_key

    # --- helpers for the service modules -----------------------------------------------
    def now(self) -> str:
        return iso(self.clock())

    def write(self) -> Any:
        """A write transaction that takes the lock at once, so the audit chain never forks.

        A full disk comes out as ``DiskFull`` (one sentence), not as peewee's misleading
        "cannot rollback - no transaction is active" (store/diskfull.py).
        """
        return _translating_disk_full(self._recorded_write())

    @contextlib.contextmanager
    def _recorded_write(self) -> Iterator[Any]:
        """The transaction, its audit events written with the state they leave just before
        it commits, then (outermost only, once committed) the anchors moved on."""
        with self.db.atomic("IMMEDIATE") as txn, audit.collecting(self._committed):
            yield txn
        if not self.db.in_transaction():
            anchor.record(self)

    def _committed(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Run a query on a second connection, which sees the rows as last committed (not
        this transaction's changes): how a write finds rows changed behind its back."""
        with self._witness_lock:
            if self._witness is None:
                from sqlcipher3 import dbapi2 as sqlcipher

                conn = sqlcipher.connect(str(self.paths.db), check_same_thread=False)
                conn.execute("PRAGMA cipher_log_level = NONE")
                conn.execute(f'PRAGMA key = "{db.raw_key_pragma(self._data_key)}"')
                self._witness = conn
            return list(self._witness.execute(sql, params))

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: everything read inside sees the same committed moment (in
        WAL mode a deferred transaction keeps its snapshot until it ends), so a check never
        compares the audit trail of one moment with the rows of another."""
        if self.db.in_transaction():
            yield
            return
        with self.db.atomic():
            self.db.execute_sql("SELECT count(*) FROM audit_event").fetchone()  # start it now
            yield


@contextlib.contextmanager
def _translating_disk_full(transaction: Any) -> Iterator[Any]:
    from misuse_responder.store.diskfull import disk_full, is_disk_full

    try:
        with transaction as txn:
            yield txn
    except StoreError:
        raise
    except Exception as exc:
        if is_disk_full(exc):
            raise disk_full(_("the change")) from None
        raise
