"""What a killed or crashed write leaves behind, found for ``verify`` and removed at start.

Every write that can be interrupted works on a temporary file first: an evidence file is
encrypted into ``evidence/.<name>.blob.<pid>.part``, a backup snapshot goes into
``.mr-backup-<pid>-*`` in the data folder, small files use ``.<name>.<pid>.tmp``, and a pack
or backup outside the data folder is written to a hidden ``.part`` beside its destination.
A kill -9 or a power cut leaves those behind: encrypted, but taking space (860 MB after 30
killed adds) and confusing anyone who looks.

Names carry the writing process's id, so a leftover is removed only once that process is
gone (a backup running in another window is never touched). Files written outside the data
folder cannot be found by looking, so their temporary names are noted in ``pending/`` in the
data folder while they are written and forgotten when the write ends.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from misuse_responder.i18n import _, ngettext
from misuse_responder.store.paths import StorePaths, ensure_private_dir

PENDING_DIR = "pending"
_EVIDENCE_PART = re.compile(r"^\.[0-9a-f]{32}\.blob(?:\.(\d+))?\.part$")
_SNAPSHOT = re.compile(r"^\.mr-backup-(\d+)-")
_TMP = re.compile(r"^\..+\.(\d+)(?:\.[a-z]+)?\.tmp$")  # also .keys.json.<pid>.anchor.tmp
_OLD_SNAPSHOT = re.compile(r"^mr-backup-[a-z0-9_]{8}$")  # in the system temp folder (old versions)
_PENDING = re.compile(r"^(\d+)-[0-9a-f]{32}$")

_journal: Path | None = None


@dataclass(frozen=True)
class Leftover:
    """One file or folder left by an interrupted write."""

    path: Path
    kind: str  # evidence | backup | temporary | export
    size: int


def _alive(pid: int) -> bool:
    """Is process ``pid`` still running (then its temporary files are in use)?"""
    if pid == os.getpid():
        return True
    if os.name == "nt":  # pragma: no cover - Windows only
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x100000, False, pid)  # SYNCHRONIZE
        if not handle:
            return False
        try:
            return bool(kernel32.WaitForSingleObject(handle, 0) == 0x102)  # WAIT_TIMEOUT
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _size(path: Path) -> int:
    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        return path.stat().st_size
    except OSError:
        return 0


def _stale(pid_text: str | None) -> bool:
    return pid_text is None or not _alive(int(pid_text))


def _scan(folder: Path, pattern: re.Pattern[str], kind: str) -> Iterator[Leftover]:
    try:
        entries = sorted(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return
    for path in entries:
        match = pattern.match(path.name)
        if match and _stale(match.group(1) if match.groups() else None):
            yield Leftover(path, kind, _size(path))


def _owned_by_me(path: Path) -> bool:
    getuid = getattr(os, "getuid", None)
    try:
        return getuid is None or path.stat().st_uid == getuid()
    except OSError:
        return False


def find(paths: StorePaths) -> list[Leftover]:
    """Every leftover of an interrupted write whose writer is no longer running."""
    found = list(_scan(paths.blobs, _EVIDENCE_PART, "evidence"))
    found += _scan(paths.root, _SNAPSHOT, "backup")
    for folder in (paths.root, paths.root / "drafts"):
        found += _scan(folder, _TMP, "temporary")
    system_tmp = Path(tempfile.gettempdir())
    found += [
        item for item in _scan(system_tmp, _OLD_SNAPSHOT, "backup") if _owned_by_me(item.path)
    ]
    found += _pending(paths)
    return found


def _pending(paths: StorePaths) -> list[Leftover]:
    folder = paths.root / PENDING_DIR
    found = []
    for note in _scan(folder, _PENDING, "export"):
        try:
            target = Path(note.path.read_text("utf-8").strip())
        except (OSError, ValueError):
            target = None
        hidden_part = target is not None and target.name.startswith(".")
        if hidden_part and target is not None and target.suffix == ".part" and target.exists():
            found.append(Leftover(target, "export", _size(target)))
    return found


def clean(paths: StorePaths) -> list[Leftover]:
    """Remove every stale leftover (and the notes about them); returns what was removed."""
    removed = []
    for item in find(paths):
        try:
            if item.path.is_dir():
                shutil.rmtree(item.path)
            else:
                item.path.unlink(missing_ok=True)
        except OSError:
            continue
        removed.append(item)
    folder = paths.root / PENDING_DIR
    for note in _scan(folder, _PENDING, "export"):
        with contextlib.suppress(OSError):
            note.path.unlink()
    return removed


def describe(items: list[Leftover]) -> list[str]:
    """One line per leftover, for ``verify``'s report."""
    words = {
        "evidence": _("an evidence file whose adding was interrupted"),
        "backup": _("a backup copy whose writing was interrupted"),
        "temporary": _("a temporary file from an interrupted save"),
        "export": _("an unfinished export or backup file"),
    }
    return [
        _("{path}: {what} ({size}); it is removed when the app next starts.").format(
            path=item.path, what=words[item.kind], size=_human(item.size)
        )
        for item in items
    ]


def _human(size: int) -> str:
    if size < 1024:
        return ngettext("{n} byte", "{n} bytes", size).format(n=size)
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def use_journal(root: Path | None) -> None:
    """Note temporary files written outside the data folder in ``root/pending`` (None: stop)."""
    global _journal
    _journal = None if root is None else root / PENDING_DIR


@contextlib.contextmanager
def noted(temp: Path) -> Iterator[None]:
    """While the block runs, ``temp`` (a hidden ``.part`` file) is noted as being written."""
    note = None
    if _journal is not None:
        with contextlib.suppress(OSError):
            ensure_private_dir(_journal)
            note = _journal / f"{os.getpid()}-{uuid.uuid4().hex}"
            note.write_text(str(Path(temp).resolve()), "utf-8")
    try:
        yield
    finally:
        if note is not None:
            with contextlib.suppress(OSError):
                note.unlink()
