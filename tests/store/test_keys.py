"""Encryption at rest: the real file is unreadable without the key; the keys behave."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from misuse_responder.store import (
    FAST_KDF_FOR_TESTS,
    CaseStore,
    StoreExists,
    StoreMissing,
    WrongPassphrase,
    WrongRecoveryKey,
    data_dir,
)
from misuse_responder.store.crypto import format_recovery_key, parse_recovery_key
from tests.store.conftest import reopen
from tests.support import PASSPHRASE, SCHOOL, Clock


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_database_file_is_encrypted(store: CaseStore, case_id: int) -> None:
    store.add_person(case_id, role="target", kind="pupil", name="Zuzanna Wiśniewska", by="dsl")
    store.add_entry(case_id, "Disclosure: she said the account is called xyzzy_secret", "dsl")
    db_path = store.paths.db
    store.close()
    raw = db_path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    for secret in (b"xyzzy_secret", "Wiśniewska".encode(), b"Hilda", b"instagram"):
        assert secret not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db_path).execute("SELECT * FROM sqlite_master").fetchall()


def test_wrong_passphrase_is_clear_and_touches_nothing(store: CaseStore, case_id: int) -> None:
    root = store.paths.root
    store.close()
    before = {p.name: _fingerprint(p) for p in root.iterdir() if p.is_file()}
    with pytest.raises(WrongPassphrase, match="Wrong passphrase"):
        CaseStore.open(root, "not the passphrase")
    after = {p.name: _fingerprint(p) for p in root.iterdir() if p.is_file()}
    assert after == before
    assert not (root / "cases.db-wal").exists()


def test_recovery_key_unlocks_and_passphrase_can_change(
    new_store: tuple[CaseStore, str], clock: Clock
) -> None:
    store, recovery = new_store
    case = store.create_case(
        {"concerns": ["threats"], "platform": "tiktok"}, "Threat in a comment", "Ms DSL"
    )
    root = store.paths.root
    store.close()
    typed = recovery.lower().replace("-", " ")  # as someone might type it from paper
    with CaseStore.open_with_recovery_key(root, typed) as recovered:
        assert recovered.case(case.id).reference == case.reference
        recovered.change_passphrase("a brand new passphrase", kdf=FAST_KDF_FOR_TESTS)
    with pytest.raises(WrongPassphrase):
        CaseStore.open(root, PASSPHRASE)
    with CaseStore.open(root, "a brand new passphrase") as reopened:
        assert reopened.case(case.id).summary.title == "Threat in a comment"
        assert reopened.verify().ok
    with CaseStore.open_with_recovery_key(root, recovery) as again:  # still works
        assert again.list_cases().items[0].id == case.id


def test_wrong_recovery_key(store: CaseStore) -> None:
    root = store.paths.root
    store.close()
    other = format_recovery_key(bytes(20))
    with pytest.raises(WrongRecoveryKey, match="Wrong recovery key"):
        CaseStore.open_with_recovery_key(root, other)
    with pytest.raises(WrongRecoveryKey, match="not a recovery key"):
        CaseStore.open_with_recovery_key(root, "1234")


def test_recovery_key_format_round_trip() -> None:
    raw = bytes(range(20))
    text = format_recovery_key(raw)
    assert len(text.split("-")) == 8 and all(len(g) == 4 for g in text.split("-"))
    assert parse_recovery_key(text) == raw
    assert parse_recovery_key(text.lower().replace("0", "o").replace("1", "l")) == raw


def test_short_passphrase_refused(root: Path) -> None:
    with pytest.raises(WrongPassphrase, match="at least"):
        CaseStore.create(root, "short", SCHOOL, kdf=FAST_KDF_FOR_TESTS)
    assert not (root / "keys.json").exists()


def test_create_twice_and_open_missing(store: CaseStore, tmp_path: Path) -> None:
    with pytest.raises(StoreExists):
        CaseStore.create(store.paths.root, PASSPHRASE, SCHOOL, kdf=FAST_KDF_FOR_TESTS)
    with pytest.raises(StoreMissing, match="init"):
        CaseStore.open(tmp_path / "elsewhere", PASSPHRASE)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_private_permissions(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    png = tmp_path / "a.txt"
    png.write_bytes(b"some evidence")
    store.add_evidence_file(case_id, png, "dsl", shows_child_sexual="no")
    for path in [store.paths.root, *store.paths.root.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path


def test_data_dir_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MISUSE_RESPONDER_DATA_DIR", str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"
    assert data_dir(tmp_path / "flag") == tmp_path / "flag"
    monkeypatch.delenv("MISUSE_RESPONDER_DATA_DIR")
    assert "MisuseResponder" in str(data_dir())


def test_default_kdf_cost_is_sensible() -> None:
    import time

    from misuse_responder.store.crypto import KdfParams, passphrase_key

    start = time.perf_counter()
    passphrase_key(PASSPHRASE, b"0" * 16, KdfParams())
    elapsed = time.perf_counter() - start
    assert 0.02 < elapsed < 3.0


def test_reopen_helper_keeps_data(store: CaseStore, case_id: int) -> None:
    again = reopen(store)
    try:
        assert again.case(case_id).summary.title.startswith("Comments")
        assert again.school().name == SCHOOL
    finally:
        again.close()
