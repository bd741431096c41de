"""What kill -9 leaves behind is reported by verify and removed at the next start; renames
are made durable (issue 9, item 8). Before the fix a killed evidence add left a .blob.part
that nothing removed or reported, a killed pack an empty hidden .part in the destination,
a killed backup /tmp/mr-backup-* copies, and the backup was renamed into place unsynced."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from misuse_responder.cli import main
from misuse_responder.store import CaseStore, leftovers
from misuse_responder.store.paths import StorePaths
from tests.support import PASSPHRASE

PRELUDE = """
import os, signal, sys
from pathlib import Path
def die(*_a, **_k):
    os.kill(os.getpid(), signal.SIGKILL)
"""


def _killed(script: str, *args: str) -> None:
    code = PRELUDE + textwrap.dedent(script)
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        env={**os.environ, "MISUSE_RESPONDER_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == -9, result.stderr  # it really was killed mid-write


def _kill_during_evidence_add(root: Path, case_id: int, tmp_path: Path) -> None:
    src = tmp_path / "recording.bin"
    src.write_bytes(os.urandom(3 << 20))
    _killed(
        """
        from misuse_responder.store import CaseStore
        store = CaseStore.open(Path(sys.argv[1]), os.environ["MISUSE_RESPONDER_PASSPHRASE"])
        progress = lambda done: die() if done >= 1 << 20 else None
        store.add_evidence_file(int(sys.argv[3]), Path(sys.argv[2]), "Ms DSL", progress=progress)
        """,
        str(root),
        str(src),
        str(case_id),
    )


def _kill_during_backup(root: Path, target: Path) -> None:
    _killed(
        """
        from misuse_responder.store import backup
        real, calls = backup._sha256, []
        def sha(path):
            calls.append(path)
            return die() if len(calls) == 2 else real(path)
        backup._sha256 = sha
        from misuse_responder.cli import main
        main(["backup", sys.argv[2], "--data-dir", sys.argv[1]])
        """,
        str(root),
        str(target),
    )


def _kill_during_pack(root: Path, reference: str, target: Path) -> None:
    _killed(
        """
        real_replace = Path.replace
        def replace(self, target):
            # the finished pack is about to be renamed into place: the worst moment to die
            return die() if self.suffix == ".part" else real_replace(self, target)
        Path.replace = replace
        from misuse_responder.cli import main
        main(["pack", sys.argv[2], sys.argv[3], "--data-dir", sys.argv[1]])
        """,
        str(root),
        reference,
        str(target),
    )


def test_killed_writes_are_reported_then_removed(
    store: CaseStore,
    case_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = store.paths.root
    reference = store.case(case_id).reference
    store.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    _kill_during_evidence_add(root, case_id, tmp_path)
    _kill_during_backup(root, usb / "friday.mrbackup")
    _kill_during_pack(root, reference, usb / "pack.pdf")

    paths = StorePaths(root)
    found = leftovers.find(paths)
    kinds = sorted(item.kind for item in found)
    assert kinds == ["backup", "evidence", "export", "export"], found
    assert any(p.name.endswith(".part") for p in (root / "evidence").iterdir())
    assert sorted(p.name for p in usb.iterdir()) == sorted(
        item.path.name for item in found if item.kind == "export"
    )

    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    assert main(["verify", "--data-dir", str(root)]) == 0
    out = capsys.readouterr().out
    assert "an evidence file whose adding was interrupted" in out
    assert "a backup copy whose writing was interrupted" in out
    assert "an unfinished export or backup file" in out
    assert "removed when the app next starts" in out

    removed = leftovers.clean(paths)
    assert len(removed) == 4
    assert leftovers.find(paths) == []
    assert list(usb.iterdir()) == []
    assert not any(p.name.endswith(".part") for p in (root / "evidence").iterdir())
    assert not list(root.glob(".mr-backup-*"))
    assert not list((root / "pending").iterdir())
    with CaseStore.open(root, PASSPHRASE) as again:
        assert again.verify().ok


def test_files_of_a_running_writer_are_left_alone(store: CaseStore, tmp_path: Path) -> None:
    live = store.paths.blobs / f".{'a' * 32}.blob.{os.getpid()}.part"
    live.write_bytes(b"being written")
    dead = store.paths.blobs / f".{'b' * 32}.blob.part"  # from a version without the pid
    dead.write_bytes(b"left")
    snapshot = store.paths.root / f".mr-backup-{os.getpid()}-xyz"
    snapshot.mkdir()
    assert [item.path for item in leftovers.find(store.paths)] == [dead]
    leftovers.clean(store.paths)
    assert live.exists() and snapshot.exists() and not dead.exists()


def test_old_system_temp_backup_copies_are_removed(
    store: CaseStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system_tmp = tmp_path / "systmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    old = system_tmp / "mr-backup-ab12cd_9"
    old.mkdir()
    (old / "cases.db").write_bytes(b"x" * 1000)
    other = system_tmp / "mr-backup-notours-at-all"
    other.mkdir()
    found = leftovers.find(store.paths)
    assert [item.path for item in found] == [old] and found[0].size == 1000
    leftovers.clean(store.paths)
    assert not old.exists() and other.exists()


def test_backup_is_fsynced_before_and_after_the_rename(
    store: CaseStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, Path.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", str(Path(f"/proc/self/fd/{fd}").readlink())))
        real_fsync(fd)

    def replace(self: Path, target: str | os.PathLike[str]) -> Path:
        events.append(("rename", str(self)))
        return real_replace(self, target)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to name the file descriptors")
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(Path, "replace", replace)
    target = tmp_path / "usb" / "friday.mrbackup"
    store.backup(target)
    partial = str(target.with_name(f".{target.name}.part"))
    rename = events.index(("rename", partial))
    assert ("fsync", partial) in events[:rename]  # the file's bytes are on disk first
    assert ("fsync", str(target.parent)) in events[rename:]  # then the rename itself


def test_evidence_rename_is_fsynced_before_its_row_commits(
    store: CaseStore, case_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to name the file descriptors")
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, Path.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", str(Path(f"/proc/self/fd/{fd}").readlink())))
        real_fsync(fd)

    def replace(self: Path, target: str | os.PathLike[str]) -> Path:
        events.append(("rename", str(target)))
        return real_replace(self, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(Path, "replace", replace)
    src = tmp_path / "notes.bin"
    src.write_bytes(b"evidence" * 1000)
    store.add_evidence_file(case_id, src, "Ms DSL")
    rename = next(i for i, (kind, _p) in enumerate(events) if kind == "rename")
    assert events[rename][1].endswith(".blob")
    assert ("fsync", str(store.paths.blobs)) in events[rename + 1 :]
