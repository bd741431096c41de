"""Backups: one file holding a consistent, still-encrypted copy of the whole store.

``VACUUM INTO`` takes a transactionally consistent snapshot of the database even while
the app is writing (WAL). Evidence files are immutable and are written before the row
that refers to them commits, so every file the snapshot refers to already exists;
files added after the snapshot are simply not in this backup. Nothing is decrypted:
the backup needs the passphrase or the recovery key to be of any use.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from misuse_responder.i18n import _
from misuse_responder.store import anchor, leftovers
from misuse_responder.store import models as m
from misuse_responder.store.damage import record_backup
from misuse_responder.store.diskfull import DiskFull, is_disk_full
from misuse_responder.store.errors import StoreError, StoreExists
from misuse_responder.store.instance_lock import LOCK_NAME, InstanceLock, already_open
from misuse_responder.store.paths import (
    BLOB_DIR_NAME,
    DB_NAME,
    KEY_FILE_NAME,
    StorePaths,
    ensure_private_dir,
    fsync_dir,
    open_private,
)
from misuse_responder.store.vault import Vault

MANIFEST = "manifest.json"
MAX_MANIFEST = 64 << 20  # about a million evidence files; past that it is damage or a bomb
FORMAT = "misuse-responder-backup-1"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


SNAPSHOT_PREFIX = ".mr-backup-"


def backup(vault: Vault, target: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Write a backup file to ``target`` (refuses to overwrite). Returns the files it holds.

    The database snapshot is taken into a hidden folder inside the (owner-only) data folder,
    named with this process's id so the next start can tell a killed backup's leftovers from
    a running one (store/leftovers.py). The backup is written to a hidden ``.part`` file
    beside ``target``, fsynced, renamed into place, and the folder fsynced, so a power cut
    leaves the old state or a complete backup, never an empty file under the real name. A
    full disk is named as such and leaves nothing behind.
    """
    if target.exists():
        raise StoreExists(_("{path} already exists; choose a new file name.").format(path=target))
    partial = target.with_name(f".{target.name}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(
            prefix=f"{SNAPSHOT_PREFIX}{os.getpid()}-", dir=vault.paths.root
        ) as tmp:
            with leftovers.noted(partial):
                count = _write_backup(vault, Path(tmp), partial, progress)
            partial.replace(target)
            fsync_dir(target.parent)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if is_disk_full(exc):
            raise DiskFull(
                _(
                    "The disk is full, so the backup was not written and nothing was left "
                    "behind. Free some space (or choose another drive) and try again."
                )
            ) from None
        raise
    with contextlib.suppress(OSError):  # the backup is complete; only the note is lost
        record_backup(vault.paths, target, vault.now())
    return count


def _write_backup(
    vault: Vault, tmp: Path, partial: Path, progress: Callable[[int, int], None] | None
) -> int:
    snapshot = tmp / DB_NAME
    vault.db.execute_sql("VACUUM INTO ?", (str(snapshot),))
    # The snapshot's own chain head goes in the manifest and in the backup's key file, so
    # a restore is measured against what the backup holds, not what came after it.
    head = anchor.head_of_file(snapshot, vault.data_key)
    blob_names = sorted(
        name
        for (name,) in m.tuples(
            m.Evidence.select(m.Evidence.blob_name).where(m.Evidence.blob_name.is_null(False))
        )
    )
    members: list[tuple[str, Path]] = [
        (KEY_FILE_NAME, anchor.key_file_for_backup(vault, head, tmp)),
        (DB_NAME, snapshot),
        *((f"{BLOB_DIR_NAME}/{name}", vault.paths.blob(name)) for name in blob_names),
    ]
    os.close(open_private(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC))
    manifest: dict[str, str] = {}
    with partial.open("r+b") as handle:
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
            for index, (name, path) in enumerate(members):
                manifest[name] = _sha256(path)
                archive.write(path, name)
                if progress is not None:
                    progress(index + 1, len(members))
            head_json = head.to_json() if head is not None else None
            archive.writestr(
                MANIFEST, json.dumps({"format": FORMAT, "files": manifest, "head": head_json})
            )
        handle.flush()
        os.fsync(handle.fileno())
    return len(members)


def _bad(path: Path, why: str) -> StoreError:
    return StoreError(_("{path} is not a usable backup: {why}").format(path=path, why=why))


def restore(source: Path, root: Path) -> None:
    """Unpack a backup into ``root`` (which must not hold a store), checking every file.

    Open the restored store afterwards with the passphrase or recovery key in force when
    the backup was taken, and run ``verify``.
    """
    paths = StorePaths(root)
    if InstanceLock.held_elsewhere(root):
        raise already_open()
    if paths.exists() or (root.is_dir() and any(p.name != LOCK_NAME for p in root.iterdir())):
        raise StoreExists(
            _("{path} is not empty; restore into a new or empty folder.").format(path=root)
        )
    try:
        archive = zipfile.ZipFile(source)
    except FileNotFoundError:
        raise StoreError(_("No such file: {path}").format(path=source)) from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise _bad(source, str(exc)) from None
    with archive:
        files = _read_manifest(archive, source)
        staging = root.with_name(f".{root.name}.restoring")
        if staging.exists():
            shutil.rmtree(staging)
        ensure_private_dir(staging / BLOB_DIR_NAME)
        try:
            for name, expected in files.items():
                parts = Path(name).parts
                safe = len(parts) in (1, 2) and ".." not in parts and not Path(name).is_absolute()
                if not safe or (len(parts) == 2 and parts[0] != BLOB_DIR_NAME):
                    raise _bad(source, _("it names an unexpected file {name}").format(name=name))
                dest = staging / name
                _unpack_member(archive, source, name, dest)
                if _sha256(dest) != expected:
                    raise _bad(source, _("{name} is damaged").format(name=name))
            # The parent may be a shared folder (/tmp, a USB stick): create it, never chmod it.
            root.parent.mkdir(parents=True, exist_ok=True)
            anchor.write_restore_note(
                staging, source.name, _manifest_head(archive), datetime.now(UTC).isoformat()
            )
            if root.exists():
                (root / LOCK_NAME).unlink(missing_ok=True)
                root.rmdir()  # only an empty folder (paths.exists() was False)
            fsync_dir(staging / BLOB_DIR_NAME)
            fsync_dir(staging)
            staging.replace(root)
            fsync_dir(root.parent)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def _manifest_head(archive: zipfile.ZipFile) -> object:
    """The chain head the backup recorded (None for a backup made before it did)."""
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError, OSError, zipfile.BadZipFile):
        return None
    return manifest.get("head") if isinstance(manifest, dict) else None


def _read_manifest(archive: zipfile.ZipFile, source: Path) -> dict[str, str]:
    """The manifest's file list, or a plain refusal whatever shape the damage takes."""
    try:
        if archive.getinfo(MANIFEST).file_size > MAX_MANIFEST:
            raise _bad(source, _("its manifest is damaged (far too large)"))
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise _bad(source, _("it has no manifest")) from None
    except (ValueError, RecursionError):
        raise _bad(source, _("its manifest is damaged")) from None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise _bad(source, _("its manifest is damaged ({error})").format(error=exc)) from None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(files, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
    ):
        raise _bad(source, _("its manifest is damaged or of an unknown format"))
    if KEY_FILE_NAME not in files or DB_NAME not in files:
        raise _bad(source, _("the key file or database is missing"))
    return files


def _unpack_member(archive: zipfile.ZipFile, source: Path, name: str, dest: Path) -> None:
    """Copy one member out (fsynced); a missing or damaged member is a plain refusal."""
    fd = open_private(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        with os.fdopen(fd, "wb") as out, archive.open(name) as src:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
    except KeyError:
        raise _bad(source, _("{name} is listed but missing").format(name=name)) from None
    except (zipfile.BadZipFile, EOFError, zlib.error, ValueError) as exc:
        raise _bad(source, _("{name} is damaged ({error})").format(name=name, error=exc)) from None
