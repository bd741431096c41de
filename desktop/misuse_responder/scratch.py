"""Private scratch folders for the few plain files the app must write, and their clean-up.

Previews are kept in memory (the export dialog never writes a PDF to disk until the user
saves it), but a pasted screenshot has to be a file for a moment before the store
encrypts it. Such files go in a folder of the data folder that only the owner can open
(0700), never in the shared system temporary folder, and are removed as soon as they are
used. A crash can still leave one behind, so every start removes what an earlier run
left: scratch folders in the data folder, and the ``mr-export-*`` / ``mr-paste-*``
folders that older versions wrote to the system temporary folder (the owner's only).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

PREFIXES = ("mr-export-", "mr-paste-")
SCRATCH = "scratch"


def scratch_dir(data_dir: Path, prefix: str) -> Path:
    """A new folder only the owner can open, inside the data folder's scratch folder."""
    base = data_dir / SCRATCH
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    base.chmod(0o700)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base))  # mkdtemp makes it 0700


def clean_stale(data_dir: Path | None, temp_dir: Path | None = None) -> int:
    """Remove scratch and temporary folders left by an earlier run; returns how many.

    Call at start-up, before anything new is written. Folders of other users in the
    system temporary folder are left alone."""
    removed = 0
    folders: list[Path] = []
    if data_dir is not None and (data_dir / SCRATCH).is_dir():
        folders += [p for p in (data_dir / SCRATCH).iterdir() if p.name.startswith(PREFIXES)]
    temp = Path(temp_dir) if temp_dir is not None else Path(tempfile.gettempdir())
    try:
        candidates = [p for p in temp.iterdir() if p.name.startswith(PREFIXES)]
    except OSError:
        candidates = []
    uid = os.getuid() if hasattr(os, "getuid") else None
    for path in candidates:
        try:
            info = path.lstat()
        except OSError:
            continue
        if uid is None or info.st_uid == uid:
            folders.append(path)
    for path in folders:
        if path.is_symlink() or not path.is_dir():
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed += 0 if path.exists() else 1
    return removed
