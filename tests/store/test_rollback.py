"""The chain's head is anchored outside the database (store/anchor.py): what a restore, a
backup, a crash and a store made before the anchors each do to it (issue 9 item 3)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from misuse_responder.store import CaseStore, anchor, audit, restore
from misuse_responder.store.db import raw_key_pragma
from tests.support import PASSPHRASE

REF = "MR-2026-0001"


def _key_file_anchor(store: CaseStore) -> dict[str, object]:
    value = json.loads(store.paths.key_file.read_text())["anchor"]
    assert isinstance(value, dict)
    return value


def test_every_record_follows_the_head(
    store: CaseStore, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(anchor, "RECORD_EVERY", 0.0)  # a write on its own: recorded at once
    store.add_entry(case_id, "first note", "Ms DSL")
    head = audit.head()
    assert head is not None
    assert anchor.read_laptop(anchor.store_id(), store.paths.root) == anchor.Head(*head)
    assert _key_file_anchor(store) == {"events": head[0], "hash": head[1]}
    laptop = next(anchor.seen_dir().glob("*.json"))
    assert laptop.parent != store.paths.root and store.paths.root not in laptop.parents


def test_a_burst_of_writes_is_recorded_at_least_on_close(store: CaseStore, case_id: int) -> None:
    for n in range(5):
        store.add_entry(case_id, f"note {n}", "Ms DSL")
    head = audit.head()
    assert head is not None
    root = store.paths.root
    sid = anchor.store_id()
    store.close()
    assert anchor.read_laptop(sid, root) == anchor.Head(*head)
    assert _key_file_anchor(store) == {"events": head[0], "hash": head[1]}


def test_a_backup_records_its_own_head(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    store.add_entry(case_id, "before the backup", "Ms DSL")
    head = audit.head()
    assert head is not None
    target = tmp_path / "friday.mrbackup"
    store.backup(target)
    with zipfile.ZipFile(target) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        key_file = json.loads(archive.read("keys.json"))
    assert manifest["head"] == {"events": head[0], "hash": head[1]}
    assert key_file["anchor"] == manifest["head"]


def test_restoring_into_a_new_folder_is_recorded_not_flagged(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    """A backup restored beside the store (to look at it) is a copy with its own record."""
    store.add_entry(case_id, "in the backup", "Ms DSL")
    target = tmp_path / "friday.mrbackup"
    store.backup(target)
    for n in range(3):
        store.add_entry(case_id, f"after the backup {n}", "Ms DSL")
    store.close()
    restored = tmp_path / "restored"
    restore(target, restored)
    assert (restored / anchor.RESTORE_NOTE).exists()
    with CaseStore.open(restored, PASSPHRASE) as again:
        report = again.verify()
        assert report.ok, [str(p) for p in report.problems]
        (event,) = audit.events_by_kind_list("store.restored")
        assert event["backup"] == "friday.mrbackup" and event["events_not_in_backup"] == 0
    assert not (restored / anchor.RESTORE_NOTE).exists()
    with CaseStore.open(store.paths.root, PASSPHRASE) as original:
        assert original.verify().ok


def test_restoring_over_the_same_folder_is_recorded(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    """The damaged folder moved away and the backup restored where it was: the laptop's
    record for that folder is ahead, and the restore is what explains it."""
    target = tmp_path / "friday.mrbackup"
    store.backup(target)
    for n in range(3):
        store.add_entry(case_id, f"after the backup {n}", "Ms DSL")
    root = store.paths.root
    store.close()
    root.rename(root.with_name("damaged-copy"))
    restore(target, root)
    with CaseStore.open(root, PASSPHRASE) as again:
        report = again.verify()
        assert report.ok, [str(p) for p in report.problems]
        (event,) = audit.events_by_kind_list("store.restored")
        assert event["events_not_in_backup"] == 3
        assert any("restored from the backup friday.mrbackup; 3 events" in n for n in report.notes)


def test_the_same_older_copy_put_back_by_hand_is_flagged(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    """The difference from a restore is the explicit act: no note, so it is a problem."""
    target = tmp_path / "friday.mrbackup"
    store.backup(target)
    store.add_entry(case_id, "after the backup", "Ms DSL")
    root = store.paths.root
    store.close()
    root.rename(root.with_name("moved-away"))
    restore(target, root)
    (root / anchor.RESTORE_NOTE).unlink()
    with CaseStore.open(root, PASSPHRASE) as again:
        problems = [str(p) for p in again.verify().problems]
    assert any("older than this laptop last saw: 1 event is missing" in p for p in problems)


def _strip_states(store: CaseStore) -> None:
    """Rewrite the chain as a store made before the state digests would have it."""
    store.close()
    conn = sqlcipher.connect(str(store.paths.db))
    conn.execute(f'PRAGMA key = "{raw_key_pragma(store.data_key)}"')
    rows = conn.execute(
        "SELECT seq, at, actor, kind, case_id, data_json FROM audit_event ORDER BY seq"
    ).fetchall()
    prev = audit.GENESIS
    for seq, at, actor, kind, case_id, data_json in rows:
        data = json.loads(data_json)
        data.pop(audit.STATE, None)
        new_json = audit.canonical(data)
        digest = audit.event_hash(prev, seq, at, actor, kind, case_id, new_json)
        conn.execute(
            "UPDATE audit_event SET data_json = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (new_json, prev, digest, seq),
        )
        prev = digest
    conn.commit()
    conn.close()
    for record in anchor.seen_dir().glob("*.json"):
        record.unlink()
    doc = json.loads(store.paths.key_file.read_text())
    doc.pop("anchor", None)
    store.paths.key_file.write_text(json.dumps(doc))


def test_a_store_made_before_the_digests_is_sealed_once_then_checked(
    store: CaseStore, case_id: int
) -> None:
    store.add_person(case_id, role="target", kind="pupil", name="Zofia", by="Ms DSL")
    _strip_states(store)
    with CaseStore.open(store.paths.root, PASSPHRASE) as again:
        sealed = [r for r in again.audit_trail(case_id) if r.kind == audit.SEALED]
        assert len(sealed) == 1
        assert again.verify().ok
    with CaseStore.open(store.paths.root, PASSPHRASE) as again:  # only once
        assert len([r for r in again.audit_trail(case_id) if r.kind == audit.SEALED]) == 1
    conn = sqlcipher.connect(str(store.paths.db))
    conn.execute(f'PRAGMA key = "{raw_key_pragma(store.data_key)}"')
    conn.execute("UPDATE person SET name = 'Someone Else'")
    conn.commit()
    conn.close()
    with CaseStore.open(store.paths.root, PASSPHRASE) as again:
        problems = [str(p) for p in again.verify().problems]
    assert any("a person's name or details were changed" in p for p in problems)


def test_the_anchor_survives_a_passphrase_change(store: CaseStore, case_id: int) -> None:
    from misuse_responder.store import FAST_KDF_FOR_TESTS

    store.close()
    with CaseStore.open(store.paths.root, PASSPHRASE) as again:
        before = _key_file_anchor(again)
        again.change_passphrase("a brand new passphrase for the office", kdf=FAST_KDF_FOR_TESTS)
        again.close()
        after = _key_file_anchor(again)
    assert isinstance(after["events"], int) and isinstance(before["events"], int)
    assert after["events"] == before["events"] + 1  # moved on by the change's own event
    with CaseStore.open(store.paths.root, "a brand new passphrase for the office") as again:
        assert again.verify().ok


def test_a_damaged_anchor_is_replaced_not_fatal(store: CaseStore) -> None:
    store.close()
    doc = json.loads(store.paths.key_file.read_text())
    doc["anchor"] = "not a head"
    store.paths.key_file.write_text(json.dumps(doc))
    with CaseStore.open(store.paths.root, PASSPHRASE) as again:
        assert again.verify().ok
    assert isinstance(_key_file_anchor(store)["events"], int)


@pytest.mark.parametrize("shared", [False, True])
def test_opening_never_moves_a_record_onto_a_diverged_chain(
    store: CaseStore, case_id: int, shared: bool
) -> None:
    sid = anchor.store_id()
    recorded = anchor.read_laptop(sid, store.paths.root)
    assert recorded is not None
    forged = anchor.Head(recorded.seq, "f" * 64)
    anchor._write_laptop(sid, forged, store.paths.root)
    store.close()
    with CaseStore.open(store.paths.root, PASSPHRASE, shared=shared) as again:
        again.add_entry(case_id, "a later write", "Ms DSL")
        problems = [str(p) for p in again.verify().problems]
    assert any("not the one this laptop last saw" in p for p in problems)
    assert anchor.read_laptop(sid, store.paths.root) == forged


def test_the_key_files_anchor_is_renamed_durably(
    store: CaseStore, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key file's new anchor is renamed into place and then its folder is fsynced: a
    power cut after the rename must not bring back the old anchor (a false rollback)."""
    synced: list[Path] = []
    monkeypatch.setattr(anchor, "RECORD_EVERY", 0.0)
    monkeypatch.setattr(anchor, "fsync_dir", lambda path: synced.append(Path(path)))
    store.add_entry(case_id, "a note", "Ms DSL")
    assert store.paths.key_file.parent in synced
