"""A full disk on every write path: one sentence naming it, nothing half-written, no temporary
files, and what was typed kept (issue 9, item 9). On the old code an entry raised peewee's
"cannot rollback - no transaction is active", drafts, backups and the passphrase change
raised a raw OSError and left .tmp/.part files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from misuse_responder.cli import main
from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore, StoreError, drafts
from misuse_responder.store.diskfull import DiskFull
from tests.store.full_disk import Filler, small_disk, temp_files
from tests.support import BULLYING, PASSPHRASE, SCHOOL, Clock

NEW_PASSPHRASE = "a brand new passphrase for the office"


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "disk") as folder:
        yield folder


@pytest.fixture
def full_store(disk: Path) -> Iterator[tuple[CaseStore, int]]:
    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    store, _key = CaseStore.create(
        disk / "data", PASSPHRASE, SCHOOL, kdf=FAST_KDF_FOR_TESTS, clock=clock
    )
    case_id = store.create_case(BULLYING, "Comments on a post", "Ms DSL").id
    store.add_entry(case_id, "Spoke to the pupil", "Ms DSL")
    yield store, case_id
    store.close()


def test_entry_on_a_full_disk_says_so_and_changes_nothing(
    full_store: tuple[CaseStore, int], disk: Path
) -> None:
    store, case_id = full_store
    filler = Filler(disk)
    before = store.case(case_id)
    with pytest.raises(DiskFull, match="disk is full") as refused:
        store.add_entry(case_id, "What the parent said on the phone. " * 4000, "Ms DSL")
    assert "cannot rollback" not in str(refused.value)
    assert len(store.case(case_id).entries) == len(before.entries)
    filler.remove()
    store.add_entry(case_id, "Written once there was space again", "Ms DSL")
    assert len(store.case(case_id).entries) == len(before.entries) + 1
    assert store.verify().ok


def test_draft_on_a_full_disk_keeps_the_last_one(
    full_store: tuple[CaseStore, int], disk: Path
) -> None:
    store, _case = full_store
    draft_id = drafts.save_draft(store, {"title": "first"}, title="first")
    filler = Filler(disk)
    with pytest.raises(DiskFull, match="the draft"):
        drafts.save_draft(store, {"notes": "x" * 200_000}, draft_id=draft_id, title="second")
    assert drafts.load_draft(store, draft_id) == {"title": "first"}
    assert temp_files(store.paths.root) == []
    filler.remove()


def test_backup_on_a_full_disk_leaves_nothing(
    full_store: tuple[CaseStore, int], disk: Path, tmp_path: Path
) -> None:
    store, case_id = full_store
    src = tmp_path / "notes.bin"
    src.write_bytes(b"evidence " * 100_000)
    store.add_evidence_file(case_id, src, "Ms DSL", shows_child_sexual="no")
    target = disk / "usb" / "friday.mrbackup"
    filler = Filler(disk)
    filler.leave(400_000)  # room for the snapshot, not for the backup as well
    with pytest.raises(DiskFull, match="disk is full"):
        store.backup(target)
    assert not target.exists()
    assert temp_files(disk) == []
    filler.remove()
    assert store.backup(target) == 3


def test_passphrase_change_on_a_full_disk_keeps_the_old_one(
    full_store: tuple[CaseStore, int], disk: Path
) -> None:
    store, _case = full_store
    before = store.paths.key_file.read_bytes()
    filler = Filler(disk)
    with pytest.raises(DiskFull, match="passphrase"):
        store.change_passphrase(NEW_PASSPHRASE, kdf=FAST_KDF_FOR_TESTS)
    assert store.paths.key_file.read_bytes() == before
    assert temp_files(store.paths.root) == []
    filler.remove()
    root = store.paths.root
    store.close()
    CaseStore.open(root, PASSPHRASE).close()


def test_pack_and_backup_commands_on_a_full_disk(
    full_store: tuple[CaseStore, int],
    disk: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store, case_id = full_store
    reference = store.case(case_id).reference
    root = store.paths.root
    store.close()
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    filler = Filler(disk)
    filler.leave(60_000)  # enough to open the store, not to write a pack
    out = disk / "out"
    out.mkdir()
    code = main(["pack", reference, str(out / "pack.pdf"), "--data-dir", str(root)])
    err = capsys.readouterr().err
    assert code != 0 and "disk is full" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert list(out.iterdir()) == []
    code = main(["backup", str(out / "b.zip"), "--data-dir", str(root)])
    err = capsys.readouterr().err
    assert code == 3 and "disk is full" in err
    assert list(out.iterdir()) == [] and temp_files(root) == []
    filler.remove()


def test_store_error_subclass() -> None:
    assert issubclass(DiskFull, StoreError)


def test_opening_on_a_full_disk_says_full_not_damaged(
    full_store: tuple[CaseStore, int], disk: Path
) -> None:
    """Opening needs room for the -wal and -shm files; SQLite says 'disk I/O error'."""
    store, _case = full_store
    root = store.paths.root
    store.close()
    filler = Filler(disk)
    with pytest.raises(DiskFull, match="disk is full") as refused:
        CaseStore.open(root, PASSPHRASE)
    assert "damaged" not in str(refused.value)
    filler.remove()
    CaseStore.open(root, PASSPHRASE).close()
