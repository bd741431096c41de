"""Damaged files: the key file, the database and backups give one plain sentence, never a
traceback (issue 9, item 2). Each of these raised an uncaught exception before the fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from misuse_responder.cli import main
from misuse_responder.store import CaseStore, StoreDamaged, StoreError, crypto, damage, restore
from misuse_responder.store.paths import KEY_FILE_NAME
from tests.support import PASSPHRASE

PAGE = 4096


def _edit_kdf(key_file: Path, **values: Any) -> None:
    doc = json.loads(key_file.read_text())
    doc["passphrase"]["kdf"].update(values)
    key_file.write_text(json.dumps(doc))


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("MISUSE_RESPONDER_RECOVERY_KEY", raising=False)


# --- the key file ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "values",
    [
        {"time_cost": 0},
        {"memory_kib": 2**31},
        {"parallelism": 0},
        {"time_cost": "3"},
        {"memory_kib": 3.5},
        {"time_cost": True},
    ],
)
def test_tampered_kdf_cost_is_damage_not_a_crash(
    store: CaseStore, values: dict[str, Any], env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    root = store.paths.root
    store.close()
    _edit_kdf(root / KEY_FILE_NAME, **values)
    with pytest.raises(StoreDamaged, match="key file"):
        CaseStore.open(root, PASSPHRASE)
    code, out, err = _run(capsys, "cases", "--data-dir", str(root))
    assert code == 3
    assert "key file" in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    "damage_it",
    [
        lambda p: p.write_bytes(os.urandom(40)),
        lambda p: p.write_text("null"),
        lambda p: p.write_text("[1, 2]"),
        lambda p: p.write_text(p.read_text().replace('"nonce": "', '"nonce": "AAAA', 1)),
        lambda p: p.write_text(p.read_text().replace('"salt": "', '"salt": "!', 1)),
    ],
    ids=["junk", "null", "list", "long-nonce", "bad-base64"],
)
def test_junk_key_file_is_damage(store: CaseStore, damage_it: Any) -> None:
    root = store.paths.root
    store.close()
    damage_it(root / KEY_FILE_NAME)
    with pytest.raises(StoreDamaged):
        CaseStore.open(root, PASSPHRASE)


def test_key_file_keeps_fields_it_does_not_know(store: CaseStore) -> None:
    """store/anchor.py adds the audit anchor to the key file; a passphrase change keeps it."""
    path = store.paths.key_file
    doc = json.loads(path.read_text())
    doc["anchor"] = {"count": 7, "head": "ab" * 32}
    path.write_text(json.dumps(doc))
    store.change_passphrase("a brand new passphrase for the office", kdf=crypto.FAST_KDF_FOR_TESTS)
    assert json.loads(path.read_text())["anchor"] == {"count": 7, "head": "ab" * 32}
    updated = crypto.read_key_file(path).with_field("anchor", {"count": 8})
    crypto.write_key_file(path, updated)
    assert crypto.read_key_file(path).extra["anchor"] == {"count": 8}


# --- the database ---------------------------------------------------------------------------
def _root_page(store: CaseStore, table: str) -> int:
    row = store.db.execute_sql(
        "SELECT rootpage FROM sqlite_master WHERE type='table' AND name=?", (table,)
    ).fetchone()
    return int(row[0])


def _flip(path: Path, page: int) -> None:
    data = bytearray(path.read_bytes())
    data[(page - 1) * PAGE + 200] ^= 0xFF
    path.write_bytes(bytes(data))


def test_verify_on_a_damaged_database_says_what_is_left(
    store: CaseStore, case_id: int, tmp_path: Path, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    store.add_entry(case_id, "Spoke to the pupil", "Ms DSL")
    backup = tmp_path / "backups" / "friday.mrbackup"
    store.backup(backup)
    page = _root_page(store, "action")
    assert page >= 2
    root = store.paths.root
    store.close()
    _flip(root / "cases.db", page)

    code, out, err = _run(capsys, "verify", "--data-dir", str(root))
    assert code == 1
    assert "Traceback" not in out + err
    assert "The case database is damaged" in out
    assert "Still readable: 1 cases" in out and "1 chronology entries" in out
    assert "Cannot be read: actions" in out
    assert str(backup.resolve()) in out and "misuse-responder restore" in out


def test_damaged_database_without_backup_says_so(
    store: CaseStore, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    page = _root_page(store, "audit_event")
    root = store.paths.root
    store.close()
    _flip(root / "cases.db", page)
    code, out, err = _run(capsys, "verify", "--data-dir", str(root))
    assert code == 1 and "Traceback" not in out + err
    assert "damaged" in out and "No backup has been made" in out


def test_first_page_damaged_still_points_to_the_backup(
    store: CaseStore, tmp_path: Path, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    store.backup(tmp_path / "b.zip")
    root = store.paths.root
    store.close()
    _flip(root / "cases.db", 1)
    code, out, err = _run(capsys, "verify", "--data-dir", str(root))
    assert code == 1 and "Traceback" not in out + err
    assert "The case database is damaged" in out and str((tmp_path / "b.zip").resolve()) in out


def test_is_damage_follows_the_cause_chain() -> None:
    """peewee's failed rollback hides SQLite's own error in __context__: look through it."""
    import sqlite3

    try:
        try:
            raise sqlite3.DatabaseError("database disk image is malformed")
        except sqlite3.DatabaseError:
            raise RuntimeError("cannot rollback - no transaction is active")  # noqa: B904
    except RuntimeError as exc:
        assert damage.is_damage(exc)
    assert not damage.is_damage(ValueError("malformed"))
    assert not damage.is_damage(sqlite3.DatabaseError("database is locked"))


def test_sqlcipher_prints_nothing_on_stderr_for_a_damaged_page(
    store: CaseStore, tmp_path: Path
) -> None:
    """A real process: SQLCipher's 'ERROR CORE' lines go straight to fd 2, past Python."""
    page = _root_page(store, "action")
    root = store.paths.root
    store.close()
    _flip(root / "cases.db", page)
    result = subprocess.run(
        [sys.executable, "-m", "misuse_responder", "verify", "--data-dir", str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, "MISUSE_RESPONDER_PASSPHRASE": PASSPHRASE},
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "ERROR CORE" not in result.stderr and "Traceback" not in result.stderr
    assert "The case database is damaged" in result.stdout


# --- backups --------------------------------------------------------------------------------
def _rewrite(src: Path, dest: Path, change: Any) -> None:
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dest, "w") as o:
        for info in z.infolist():
            data = change(info.filename, z.read(info.filename))
            if data is not None:
                o.writestr(info, data)


def _manifest(value: Any) -> Any:
    return lambda name, data: json.dumps(value).encode() if name == "manifest.json" else data


@pytest.mark.parametrize(
    ("how", "words"),
    [
        ("crc", "damaged"),
        ("missing-member", "missing"),
        ("manifest-null", "manifest"),
        ("manifest-list", "manifest"),
        ("manifest-files-list", "manifest"),
        ("manifest-hash-number", "manifest"),
        ("manifest-junk", "manifest"),
        ("truncated", "not a usable backup"),
    ],
)
def test_damaged_backup_is_one_sentence(
    store: CaseStore,
    tmp_path: Path,
    how: str,
    words: str,
    env: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = tmp_path / "good.zip"
    store.backup(good)
    bad = tmp_path / f"{how}.zip"
    if how == "crc":
        with zipfile.ZipFile(good) as z:
            info = z.getinfo("cases.db")
        data = bytearray(good.read_bytes())
        data[info.header_offset + 30 + len(info.filename) + 5000] ^= 0xFF
        bad.write_bytes(bytes(data))
    elif how == "missing-member":
        _rewrite(good, bad, lambda name, data: None if name == "cases.db" else data)
    elif how == "manifest-null":
        _rewrite(good, bad, _manifest(None))
    elif how == "manifest-list":
        _rewrite(good, bad, _manifest([1, 2]))
    elif how == "manifest-files-list":
        _rewrite(good, bad, _manifest({"format": "misuse-responder-backup-1", "files": []}))
    elif how == "manifest-hash-number":
        files = {"keys.json": 1, "cases.db": 2}
        _rewrite(good, bad, _manifest({"format": "misuse-responder-backup-1", "files": files}))
    elif how == "manifest-junk":
        _rewrite(good, bad, lambda n, d: b"\xff\xfe{" if n == "manifest.json" else d)
    else:
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    target = tmp_path / "restored"
    with pytest.raises(StoreError, match=words):
        restore(bad, target)
    assert not target.exists() and not (tmp_path / ".restored.restoring").exists()
    code, out, err = _run(capsys, "restore", str(bad), "--data-dir", str(tmp_path / "r2"))
    assert code == 3 and "Traceback" not in out + err
    assert len(err.strip().splitlines()) == 1 and "not a usable backup" in err


# --- the last resort ------------------------------------------------------------------------
def test_an_unexpected_failure_is_one_sentence(
    store: CaseStore,
    env: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def boom(*_a: Any, **_k: Any) -> Any:
        raise RuntimeError("something odd\nover two lines")

    monkeypatch.setattr(CaseStore, "list_cases", boom)
    monkeypatch.delenv("MISUSE_RESPONDER_DEBUG", raising=False)
    code, out, err = _run(capsys, "cases", "--data-dir", str(store.paths.root))
    assert code == 4
    assert "Traceback" not in out + err
    assert err.count("\n") == 1 and "something unexpected went wrong" in err


def test_oversized_key_file_and_manifest_are_not_read(store: CaseStore, tmp_path: Path) -> None:
    """A 'key file' or manifest of gigabytes must be refused, not loaded into memory."""
    good = tmp_path / "good.zip"
    store.backup(good)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(good) as z, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as o:
        for info in z.infolist():
            if info.filename != "manifest.json":
                o.writestr(info.filename, z.read(info.filename))
        o.writestr("manifest.json", b" " * (65 << 20))
    with pytest.raises(StoreError, match="far too large"):
        restore(bomb, tmp_path / "r")
    root = store.paths.root
    store.close()
    with (root / KEY_FILE_NAME).open("ab") as handle:
        handle.truncate(2 << 20)
    with pytest.raises(StoreDamaged, match="far larger"):
        CaseStore.open(root, PASSPHRASE)


def test_an_edited_last_backup_note_cannot_send_escape_codes(store: CaseStore) -> None:
    (store.paths.root / damage.LAST_BACKUP_NAME).write_text(
        json.dumps({"path": "/media/usb/\x1b[2Jb.zip", "written_at": "junk"})
    )
    found = damage.last_backup(store.paths)
    assert found is not None and "\x1b" not in str(found.path) and found.written_at is None
    (store.paths.root / damage.LAST_BACKUP_NAME).write_text("[")
    assert damage.last_backup(store.paths) is None
