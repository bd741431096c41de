"""Backups: one file holding a consistent, still-encrypted copy of the whole store.

``VACUUM INTO`` takes a transactionally consistent snapshot of the database even while
the app is writing (WAL). Evidence files are immutable and are written before the row
that refers to them commits, so every file the snapshot refers to already exists;
files added after the snapshot are simply not in this backup. Nothing is decrypted:
the backup needs the passphrase or the recovery key to be of any use.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from misuse_responder.i18n import _
from misuse_responder.store import models as m
from misuse_responder.store.errors import StoreError, StoreExists
from misuse_responder.store.paths import (
    BLOB_DIR_NAME,
    DB_NAME,
    KEY_FILE_NAME,
    StorePaths,
    ensure_private_dir,
    open_private,
)
from misuse_responder.store.vault import Vault

MANIFEST = "manifest.json"
FORMAT = "misuse-responder-backup-1"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def backup(vault: Vault, target: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Write a backup file to ``target`` (refuses to overwrite). Returns the files it holds."""
    if target.exists():
        raise StoreExists(_("{path} already exists; choose a new file name.").format(path=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mr-backup-") as tmp:
        snapshot = Path(tmp) / DB_NAME
        vault.db.execute_sql("VACUUM INTO ?", (str(snapshot),))
        blob_names = sorted(
            name
            for (name,) in m.tuples(
                m.Evidence.select(m.Evidence.blob_name).where(m.Evidence.blob_name.is_null(False))
            )
        )
        members: list[tuple[str, Path]] = [
            (KEY_FILE_NAME, vault.paths.key_file),
            (DB_NAME, snapshot),
            *((f"{BLOB_DIR_NAME}/{name}", vault.paths.blob(name)) for name in blob_names),
        ]
        partial = target.with_name(f".{target.name}.part")
        os.close(open_private(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC))
        manifest: dict[str, str] = {}
        try:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
                for index, (name, path) in enumerate(members):
                    manifest[name] = _sha256(path)
                    archive.write(path, name)
                    if progress is not None:
                        progress(index + 1, len(members))
                archive.writestr(MANIFEST, json.dumps({"format": FORMAT, "files": manifest}))
            partial.replace(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return len(members)


def _bad(path: Path, why: str) -> StoreError:
    return StoreError(_("{path} is not a usable backup: {why}").format(path=path, why=why))


def restore(source: Path, root: Path) -> None:
    """Unpack a backup into ``root`` (which must not hold a store), checking every file.

    Open the restored store afterwards with the passphrase or recovery key in force when
    the backup was taken, and run ``verify``.
    """
    paths = StorePaths(root)
    if paths.exists() or (root.is_dir() and any(root.iterdir())):
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
        try:
            manifest = json.loads(archive.read(MANIFEST))
        except (KeyError, ValueError):
            raise _bad(source, _("it has no manifest")) from None
        files = manifest.get("files") if isinstance(manifest, dict) else None
        if manifest.get("format") != FORMAT or not isinstance(files, dict):
            raise _bad(source, _("unknown format"))
        if KEY_FILE_NAME not in files or DB_NAME not in files:
            raise _bad(source, _("the key file or database is missing"))
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
                fd = open_private(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
                with os.fdopen(fd, "wb") as out, archive.open(name) as src:
                    shutil.copyfileobj(src, out, 1 << 20)
                if _sha256(dest) != expected:
                    raise _bad(source, _("{name} is damaged").format(name=name))
            # The parent may be a shared folder (/tmp, a USB stick): create it, never chmod it.
            root.parent.mkdir(parents=True, exist_ok=True)
            if root.exists():
                root.rmdir()  # only an empty folder (paths.exists() was False)
            staging.replace(root)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
