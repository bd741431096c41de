"""Schema version, migrations, and refusing a database from a newer app."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from playhouse.sqlcipher_ext import SqlCipherDatabase

from misuse_responder.store import CaseStore, StoreTooNew
from misuse_responder.store import db as dbmod
from misuse_responder.store.migrations import LATEST, MIGRATIONS
from tests.support import BULLYING, PASSPHRASE


def _schema(database: Any) -> dict[str, Any]:
    """Tables, columns, indexes and foreign keys, as SQLite reports them (not DDL text)."""
    out: dict[str, Any] = {}
    tables = database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall()
    for (table,) in tables:
        columns = database.execute_sql(f'PRAGMA table_info("{table}")').fetchall()
        indexes = {}
        for row in database.execute_sql(f'PRAGMA index_list("{table}")').fetchall():
            name, unique = row[1], row[2]
            cols = [r[2] for r in database.execute_sql(f'PRAGMA index_info("{name}")').fetchall()]
            indexes[name] = (unique, cols)
        fks = database.execute_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
        out[table] = (columns, indexes, sorted(fks))
    return out


def _fresh_db(path: Path, key: bytes) -> SqlCipherDatabase:
    return dbmod.connect(path, key)


def test_fresh_schema_equals_fully_migrated(tmp_path: Path) -> None:
    key = b"k" * 32
    fresh = _fresh_db(tmp_path / "fresh.db", key)
    dbmod.create_schema(fresh)
    fresh_schema, fresh_version = _schema(fresh), dbmod.user_version(fresh)
    fresh.close()
    migrated = _fresh_db(tmp_path / "migrated.db", key)
    dbmod.upgrade(migrated, tmp_path / "migrated.db")
    assert dbmod.user_version(migrated) == fresh_version == LATEST
    assert _schema(migrated) == fresh_schema
    migrated.close()


_V3_COLUMNS = (
    ("school", "head_is_dsl"),
    ("person", "aliases"),
    ("person", "age_band"),
    *(
        ("evidence", c)
        for c in (
            "sealed_at",
            "sealed_by",
            "sealed_reason",
            "seal_decision",
            "seal_decided_at",
            "seal_decided_by",
            "seal_decision_reason",
        )
    ),
)


def test_old_store_is_backed_up_then_migrated(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Take a real store back to schema 1 and open it: data kept, a backup made first."""
    from misuse_responder.store import cases

    monkeypatch.setattr(cases, "new_case_uuid", lambda: None)  # as a schema 3 case was made
    case_id = store.create_case(BULLYING, "Comments on a Year 9 pupil's post", "Ms DSL").id
    monkeypatch.undo()
    assert MIGRATIONS[0][0] == 1
    for table in ("peer", "custody", "origin_event", "origin_row"):
        store.db.execute_sql(f'DROP TABLE "{table}"')
    store.db.execute_sql('DROP INDEX "case_uuid"')
    store.db.execute_sql('ALTER TABLE "case" DROP COLUMN "uuid"')
    store.db.execute_sql('ALTER TABLE "case" DROP COLUMN "origin_reference"')
    store.db.execute_sql('DROP INDEX "case_platform_opened_at"')
    store.db.execute_sql('ALTER TABLE "evidence" DROP COLUMN "device"')
    for table, column in _V3_COLUMNS:
        store.db.execute_sql(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    store.db.execute_sql("PRAGMA user_version = 1")
    root = store.paths.root
    store.close()
    with CaseStore.open(root, PASSPHRASE) as again:
        assert dbmod.user_version(again.db) == LATEST
        assert again.case(case_id).summary.title.startswith("Comments")
        again.add_evidence_text(case_id, "after the migration", "dsl")
        assert again.verify().ok
        assert again.case(case_id).uuid is not None  # given one, audited, on first open
        assert again.handover_address().fingerprint
    backups = list((root / "pre-migration").iterdir())
    assert [b.name for b in backups] == ["cases.v1.db"]
    assert not backups[0].read_bytes().startswith(b"SQLite format 3")  # still encrypted


def test_newer_database_refused_untouched(store: CaseStore) -> None:
    store.create_case(BULLYING, "x", "dsl")
    store.db.execute_sql(f"PRAGMA user_version = {LATEST + 1}")
    root = store.paths.root
    store.close()
    before = hashlib.sha256((root / "cases.db").read_bytes()).hexdigest()
    with pytest.raises(StoreTooNew, match="newer version"):
        CaseStore.open(root, PASSPHRASE)
    assert hashlib.sha256((root / "cases.db").read_bytes()).hexdigest() == before
