"""Backups and the command line (init, cases, verify, backup, restore)."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

import pytest

from misuse_responder.cli import main
from misuse_responder.store import CaseStore, StoreError, StoreExists, restore
from tests.support import BULLYING, PASSPHRASE


def test_backup_restore_round_trip(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    src = tmp_path / "clip.bin"
    src.write_bytes(b"evidence bytes" * 1000)
    ev = store.add_evidence_file(case_id, src, "dsl", shows_child_sexual="no")
    target = tmp_path / "backups" / "store.mrbackup"
    assert store.backup(target) == 3
    with pytest.raises(StoreExists):
        store.backup(target)
    store.add_entry(case_id, "written after the backup", "dsl")
    restored = tmp_path / "restored"
    restore(target, restored)
    with CaseStore.open(restored, PASSPHRASE) as again:
        d = again.case(case_id)
        assert [e.text for e in d.entries] == []
        assert b"".join(again.read_evidence(ev)) == src.read_bytes()
        assert again.verify().ok
    with pytest.raises(StoreExists):
        restore(target, restored)


def test_backup_while_another_thread_writes(store: CaseStore, tmp_path: Path) -> None:
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                store.create_case(BULLYING, "busy", "dsl")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for i in range(3):
            store.backup(tmp_path / f"b{i}.zip")
    finally:
        stop.set()
        thread.join()
    assert not errors
    restore(tmp_path / "b2.zip", tmp_path / "r")
    with CaseStore.open(tmp_path / "r", PASSPHRASE) as again:
        assert again.verify().ok


def test_damaged_backup_refused(store: CaseStore, tmp_path: Path) -> None:
    target = tmp_path / "b.zip"
    store.backup(target)
    with zipfile.ZipFile(target) as src, zipfile.ZipFile(tmp_path / "bad.zip", "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "cases.db":
                data = data[:-1] + bytes([data[-1] ^ 1])
            out.writestr(info, data)
    with pytest.raises(StoreError, match="damaged"):
        restore(tmp_path / "bad.zip", tmp_path / "r")
    assert not (tmp_path / "r").exists()
    with pytest.raises(StoreError, match="not a usable backup"):
        (tmp_path / "junk.zip").write_bytes(b"junk")
        restore(tmp_path / "junk.zip", tmp_path / "r")


def test_cli_end_to_end(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "cli-data"
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    assert main(["init", "--school", "Oakfield Primary", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    recovery = out.strip().splitlines()[-1].strip()
    assert len(recovery.split("-")) == 8
    assert main(["init", "--school", "Again", "--data-dir", str(data)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already" in err and "Traceback" not in err

    with CaseStore.open(data, PASSPHRASE) as store:
        ref = store.create_case(BULLYING, "Nasty comments", "Ms DSL").reference
    assert main(["cases", "--data-dir", str(data)]) == 0
    assert ref in capsys.readouterr().out
    assert main(["verify", "--data-dir", str(data)]) == 0
    assert "OK" in capsys.readouterr().out
    backup = tmp_path / "backup.zip"
    assert main(["backup", str(backup), "--data-dir", str(data)]) == 0
    assert main(["restore", str(backup), "--data-dir", str(tmp_path / "r")]) == 0
    capsys.readouterr()

    monkeypatch.delenv("MISUSE_RESPONDER_PASSPHRASE")
    monkeypatch.setenv("MISUSE_RESPONDER_RECOVERY_KEY", recovery)
    assert main(["cases", "--data-dir", str(tmp_path / "r")]) == 0
    assert ref in capsys.readouterr().out
    monkeypatch.delenv("MISUSE_RESPONDER_RECOVERY_KEY")

    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", "a wrong passphrase")
    assert main(["verify", "--data-dir", str(data)]) == 3
    err = capsys.readouterr().err
    assert err == "misuse-responder verify: Wrong passphrase: the store was not opened.\n"


def test_cli_verify_fails_on_tampering(
    store: CaseStore,
    case_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    src = tmp_path / "f.bin"
    src.write_bytes(b"x" * 5000)
    ev = store.add_evidence_file(case_id, src, "dsl", shows_child_sexual="no")
    root = store.paths.root
    store.close()
    (blob,) = (root / "evidence").glob("*.blob")
    blob.unlink()
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    assert main(["verify", "--data-dir", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"PROBLEM: evidence {ev} (MR-2026-0001): its file" in out and "missing" in out


def test_cli_without_passphrase_in_a_script(
    store: CaseStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = store.paths.root
    store.close()
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["cases", "--data-dir", str(root)]) == 2
    assert "MISUSE_RESPONDER_PASSPHRASE" in capsys.readouterr().err
