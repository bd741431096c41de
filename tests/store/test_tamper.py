"""Tampering is caught by verify, and the report names what was changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from misuse_responder.store import CaseStore
from misuse_responder.store.db import raw_key_pragma
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
    (problem,) = _problems(store)
    assert f"entry {entry} (MR-2026-0001)" in problem and "differs" in problem


def test_evidence_hash_edited_to_match_a_swapped_file(filled: tuple[CaseStore, int, int]) -> None:
    store, ev, _ = filled
    _sql(store, "UPDATE evidence SET sha256 = ? WHERE id = ?", "0" * 64, ev)
    problems = _problems(store)
    assert any(f"evidence {ev}" in p and "audit trail" in p for p in problems)
    assert any(f"evidence {ev}" in p and "SHA-256" in p for p in problems)
