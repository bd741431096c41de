"""Tampering is caught by verify, and the report names what was changed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from misuse_responder.export.pack import PackOptions, export_pack
from misuse_responder.store import Capture, CaseStore
from misuse_responder.store.db import raw_key_pragma
from tests.export.conftest import pdf_text
from tests.support import PASSPHRASE


@pytest.fixture
def filled(store: CaseStore, case_id: int, tmp_path: Path) -> tuple[CaseStore, int, int]:
    src = tmp_path / "shot.bin"
    src.write_bytes(bytes(range(256)) * 8000)  # ~2 MB: more than one chunk
    ev = store.add_evidence_file(case_id, src, "dsl", shows_child_sexual="no")
    entry = store.add_entry(case_id, "Original wording of the disclosure", "dsl")
    store.add_entry(case_id, "Later note", "dsl")
    assert store.verify().ok
    return store, ev, entry


def _sql(store: CaseStore, statement: str, *params: object) -> None:
    """Edit the real encrypted file behind the store's back, as an attacker with the key."""
    store.close()
    conn = sqlcipher.connect(str(store.paths.db))
    conn.execute(f'PRAGMA key = "{raw_key_pragma(store.data_key)}"')
    conn.execute(statement, params)
    conn.commit()
    conn.close()


def _problems(store: CaseStore) -> list[str]:
    with CaseStore.open(store.paths.root, PASSPHRASE) as again:
        return [str(p) for p in again.verify().problems]


def _blob(store: CaseStore) -> Path:
    (path,) = store.paths.blobs.glob("*.blob")
    return path


def test_one_byte_of_a_blob_altered(filled: tuple[CaseStore, int, int]) -> None:
    store, ev, _ = filled
    path = _blob(store)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    problems = _problems(store)
    assert len(problems) == 1
    assert f"evidence {ev} (MR-2026-0001)" in problems[0] and "altered" in problems[0]


def test_blob_truncated_at_a_chunk_boundary(filled: tuple[CaseStore, int, int]) -> None:
    store, ev, _ = filled
    path = _blob(store)
    data = path.read_bytes()
    path.write_bytes(data[: 28 + (1 << 20) + 16])  # header + first sealed chunk only
    (problem,) = _problems(store)
    assert f"evidence {ev}" in problem and "altered" in problem


def test_blob_deleted(filled: tuple[CaseStore, int, int]) -> None:
    store, ev, _ = filled
    name = _blob(store).name
    _blob(store).unlink()
    (problem,) = _problems(store)
    assert f"evidence {ev}" in problem and "missing" in problem and name in problem


def test_audit_row_edited(filled: tuple[CaseStore, int, int]) -> None:
    store, _, _ = filled
    _sql(store, "UPDATE audit_event SET actor = 'someone else' WHERE seq = 3")
    problems = _problems(store)
    assert any(p.startswith("audit event 3:") and "altered" in p for p in problems)
    assert not any(p.startswith("audit event 2:") for p in problems)


def test_audit_row_deleted(filled: tuple[CaseStore, int, int]) -> None:
    store, _, _ = filled
    _sql(store, "DELETE FROM audit_event WHERE seq = 4")
    problems = _problems(store)
    assert any(p.startswith("audit event 5:") and "missing" in p for p in problems)


def test_entry_text_edited(filled: tuple[CaseStore, int, int]) -> None:
    store, _, entry = filled
    _sql(store, "UPDATE entry SET text = 'Softened wording' WHERE id = ?", entry)
    problems = _problems(store)
    assert len(problems) == 2, problems
    assert any(f"entry {entry} (MR-2026-0001)" in p and "differs" in p for p in problems)
    assert any(p.startswith("case 1 (MR-2026-0001)") and "chronology entry" in p for p in problems)


def test_evidence_hash_edited_to_match_a_swapped_file(filled: tuple[CaseStore, int, int]) -> None:
    store, ev, _ = filled
    _sql(store, "UPDATE evidence SET sha256 = ? WHERE id = ?", "0" * 64, ev)
    problems = _problems(store)
    assert any(f"evidence {ev}" in p and "audit trail" in p for p in problems)
    assert any(f"evidence {ev}" in p and "SHA-256" in p for p in problems)


# --- issue 9 item 3: every recorded field is covered, and the head is anchored outside ----
REF = "MR-2026-0001"
WHEN = "2026-03-02T09:30:00.000000+00:00"


@pytest.fixture
def recorded(store: CaseStore, case_id: int, tmp_path: Path) -> CaseStore:
    """A case with a person, a file, a pasted message with a handle, entries and actions."""
    store.add_person(case_id, role="target", kind="pupil", name="Zofia Wiśniewska", by="dsl")
    store.add_person(case_id, role="subject", kind="pupil", name="Liam O'Brien", by="dsl")
    src = tmp_path / "post.bin"
    src.write_bytes(b"a saved post" * 500)
    store.add_evidence_file(case_id, src, "dsl", Capture("The post as saved"))
    store.add_evidence_text(
        case_id, "you are weird", "dsl", Capture("Comment under the post", account="@nasty_acc")
    )
    store.add_entry(case_id, "Zofia told me about the comments", "Ms DSL")
    store.add_entry(case_id, "Spoke to Liam's form tutor", "Ms DSL")
    assert store.verify().ok
    return store


def _last_event_and_its_entry(store: CaseStore) -> None:
    """A careful attacker: remove the last entry, its search row and its audit event, and put
    the case's updated_at back, so that what is left is a valid chain with matching rows."""
    store.close()
    conn = sqlcipher.connect(str(store.paths.db))
    conn.execute(f'PRAGMA key = "{raw_key_pragma(store.data_key)}"')
    (entry_id,) = conn.execute("SELECT max(id) FROM entry").fetchone()
    (seq,) = conn.execute("SELECT max(seq) FROM audit_event").fetchone()
    (before,) = conn.execute("SELECT at FROM audit_event WHERE seq = ?", (seq - 1,)).fetchone()
    conn.execute("DELETE FROM search_text WHERE source = ?", (f"entry:{entry_id}",))
    conn.execute("DELETE FROM entry WHERE id = ?", (entry_id,))
    conn.execute("DELETE FROM audit_event WHERE seq = ?", (seq,))
    conn.execute('UPDATE "case" SET updated_at = ?', (before,))
    conn.commit()
    conn.close()


def _roll_back_cases_db(store: CaseStore, whole_folder: bool) -> None:
    """Copy the store aside, write two more entries, then put the older copy back."""
    root = store.paths.root
    case_id = store.case_id(REF)
    store.close()
    saved = root.with_name("older-copy")
    shutil.copytree(root, saved)
    with CaseStore.open(root, PASSPHRASE) as later:
        later.add_entry(case_id, "Parents informed", "Ms DSL")
        later.add_entry(case_id, "Platform report made", "Ms DSL")
    if whole_folder:
        shutil.rmtree(root)
        shutil.copytree(saved, root)
    else:
        for name in ("cases.db", "cases.db-wal", "cases.db-shm"):
            (root / name).unlink(missing_ok=True)
            if (saved / name).exists():
                shutil.copy2(saved / name, root / name)


Tamper = Callable[[CaseStore], None]
CASES: dict[str, tuple[Tamper, str]] = {
    "person name edited": (
        lambda s: _sql(s, "UPDATE person SET name = 'Someone Else' WHERE id = 1"),
        "a person's name or details were changed",
    ),
    "person row deleted": (
        lambda s: _sql(s, "DELETE FROM person WHERE id = 2"),
        "a person was deleted",
    ),
    "case title edited": (
        lambda s: _sql(s, """UPDATE "case" SET title = 'Nothing much happened'"""),
        "the case's own record",
    ),
    "evidence description edited": (
        lambda s: _sql(s, "UPDATE evidence SET description = 'A friendly post' WHERE id = 1"),
        "an evidence item's record",
    ),
    "evidence handle edited": (
        lambda s: _sql(s, "UPDATE evidence SET account = '@someone_else' WHERE id = 2"),
        "an evidence item's record",
    ),
    "evidence withdrawn with no event": (
        lambda s: _sql(
            s,
            "UPDATE evidence SET withdrawn_at = ?, withdrawn_by = 'x', withdrawn_reason = 'y' "
            "WHERE id = 1",
            WHEN,
        ),
        "an evidence item's record",
    ),
    "action marked done with no event": (
        lambda s: _sql(
            s,
            "UPDATE action SET status = 'done', done_at = ?, done_by = 'x' "
            "WHERE id = (SELECT min(id) FROM action)",
            WHEN,
        ),
        "an action",
    ),
    "evidence rule switched to do-not-capture": (
        lambda s: _sql(s, """UPDATE "case" SET evidence_rule = 'do-not-capture'"""),
        "the case's own record",
    ),
    "entry author edited": (
        lambda s: _sql(s, "UPDATE entry SET author = 'Mr Nobody' WHERE id = 1"),
        "a chronology entry",
    ),
    "entry time edited": (
        lambda s: _sql(s, "UPDATE entry SET at = ? WHERE id = 1", WHEN),
        "a chronology entry",
    ),
    "last events and their rows deleted": (
        _last_event_and_its_entry,
        "older than this laptop last saw: 1 event is missing",
    ),
    "cases.db rolled back": (
        lambda s: _roll_back_cases_db(s, whole_folder=False),
        "older than this laptop last saw: 2 events are missing",
    ),
    "whole data folder rolled back": (
        lambda s: _roll_back_cases_db(s, whole_folder=True),
        "older than this laptop last saw: 2 events are missing",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_tampering_is_caught_by_verify_and_the_pack(
    recorded: CaseStore, name: str, tmp_path: Path
) -> None:
    tamper, expected = CASES[name]
    tamper(recorded)
    with CaseStore.open(recorded.paths.root, PASSPHRASE) as again:
        report = again.verify()
        problems = [str(p) for p in report.problems]
        assert any(expected in p for p in problems), problems
        if not expected.startswith("older"):
            assert any(p.startswith(f"case 1 ({REF})") for p in problems), problems
        pack = tmp_path / "pack.pdf"
        result = export_pack(again, again.case_id(REF), pack, PackOptions(), author="Ms DSL")
        assert result.details["integrity_ok"] is False
        text = " ".join(pdf_text(pack).split())
        assert "FAILED: the audit trail or this case's records do not match" in text
        assert "All checks passed" not in text
        assert " ".join(expected.split()) in text


def test_the_key_file_alone_catches_a_rolled_back_database(recorded: CaseStore) -> None:
    """On another laptop (no record of this store there) the key file's anchor still works."""
    _roll_back_cases_db(recorded, whole_folder=False)
    for record in recorded_laptop_records():
        record.unlink()
    with CaseStore.open(recorded.paths.root, PASSPHRASE) as again:
        problems = [str(p) for p in again.verify().problems]
    assert any("older than its key file records: 2 events are missing" in p for p in problems)


def recorded_laptop_records() -> list[Path]:
    from misuse_responder.store import anchor

    return sorted(anchor.seen_dir().glob("*.json"))


def test_a_rolled_back_store_stays_flagged_after_new_writes(recorded: CaseStore) -> None:
    """Writing on top of an older copy never moves the records onto the new branch."""
    _roll_back_cases_db(recorded, whole_folder=False)
    with CaseStore.open(recorded.paths.root, PASSPHRASE) as again:
        for n in range(4):  # more events than were lost
            again.add_entry(again.case_id(REF), f"written on the old copy {n}", "Ms DSL")
        problems = [str(p) for p in again.verify().problems]
    assert any("not the one this laptop last saw" in p for p in problems), problems
    assert any("does not match its key file" in p for p in problems), problems


def test_an_interrupted_anchor_write_is_not_tampering(recorded: CaseStore) -> None:
    """Killed between the commit and the record: the database is ahead, which is fine."""
    from misuse_responder.store import anchor

    real = anchor.record
    anchor.record = lambda vault, **_kw: None  # type: ignore[assignment]
    try:
        recorded.add_entry(recorded.case_id(REF), "committed, record not moved", "Ms DSL")
    finally:
        anchor.record = real  # type: ignore[assignment]
    assert recorded.verify().ok
    recorded.close()
    with CaseStore.open(recorded.paths.root, PASSPHRASE) as again:
        assert again.verify().ok


def test_an_untouched_store_passes_and_the_pack_prints_the_head(
    recorded: CaseStore, tmp_path: Path
) -> None:
    report = recorded.verify()
    assert report.ok and report.head is not None
    pack = tmp_path / "pack.pdf"
    export_pack(recorded, recorded.case_id(REF), pack, PackOptions(), author="Ms DSL")
    text = "".join(pdf_text(pack).split())
    assert "Allcheckspassed" in text and report.head.hash in text


def test_a_later_change_to_the_case_does_not_hide_an_edit(recorded: CaseStore) -> None:
    """The next legitimate write records the state it leaves; it must not launder an edit
    made before it: the rows are checked against the last event first (committed state)."""
    _sql(recorded, "UPDATE person SET name = 'Someone Else' WHERE id = 1")
    with CaseStore.open(recorded.paths.root, PASSPHRASE) as again:
        again.add_entry(again.case_id(REF), "an ordinary note, made afterwards", "Ms DSL")
        again.add_entry(again.case_id(REF), "and another", "Ms DSL")
        problems = [str(p) for p in again.verify().problems]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"case 1 ({REF}): found before audit event")
    assert "a person's name or details were changed" in problems[0]
