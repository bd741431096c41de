"""The GUI on a damaged database, and its last resort: one sentence on the screen, never a
traceback (issue 9, item 2). Before, a damaged page met at unlock left the app half
unlocked (store open, unlock screen still showing) with a traceback on stderr."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore
from misuse_responder.ui import last_resort
from misuse_responder.ui.main_window import MainWindow
from tests.support import BULLYING, PASSPHRASE, SCHOOL
from tests.ui.conftest import AUTHOR


def _damaged_store(root: Path, table: str, backup: Path | None = None) -> None:
    store, _key = CaseStore.create(root, PASSPHRASE, SCHOOL, kdf=FAST_KDF_FOR_TESTS)
    case = store.create_case(BULLYING, "Comments on a post", "Ms DSL")
    store.add_entry(case.id, "Spoke to the pupil", "Ms DSL")
    if backup is not None:
        store.backup(backup)
    page = store.db.execute_sql(
        "SELECT rootpage FROM sqlite_master WHERE name=?", (table,)
    ).fetchone()[0]
    store.close()
    data = bytearray((root / "cases.db").read_bytes())
    data[(page - 1) * 4096 + 300] ^= 0xFF
    (root / "cases.db").write_bytes(bytes(data))


@pytest.mark.parametrize("table", ["case", "setting"])
def test_unlocking_a_damaged_database_says_so(
    qtbot: QtBot,
    data_dir: Path,
    tmp_path: Path,
    make_window: Any,
    table: str,
    capfd: pytest.CaptureFixture[str],
) -> None:
    backup = tmp_path / "usb" / "monday.mrbackup"
    _damaged_store(data_dir, table, backup)
    window: MainWindow = make_window()
    screen = window.unlock_screen
    screen.author.setText(AUTHOR)
    screen.passphrase.setText(PASSPHRASE)
    screen.unlock_button.click()
    assert window.store is None and window.stack.currentWidget() is screen
    message = screen.message.text()
    assert "The case database is damaged" in message and "not a wrong passphrase" in message
    assert str(backup.resolve()) in message
    err = capfd.readouterr().err
    assert "Traceback" not in err and "ERROR CORE" not in err


def test_last_resort_is_one_sentence(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning", lambda _p, _t, text: shown.append(text)
    )
    monkeypatch.delenv("MISUSE_RESPONDER_DEBUG", raising=False)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    last_resort.install()
    assert sys.excepthook is last_resort.handle

    def fire(exc: Exception) -> None:
        try:
            raise exc
        except Exception as caught:
            last_resort.handle(type(caught), caught, caught.__traceback__)

    for exc in (
        RuntimeError("no such savepoint"),
        sqlite3.DatabaseError("database disk image is malformed"),
        OSError(28, "No space left on device"),
    ):
        QTimer.singleShot(0, lambda exc=exc: fire(exc))  # as from a slot: inside the loop
    qtbot.waitUntil(lambda: len(shown) == 3)
    assert "Something unexpected went wrong (RuntimeError)" in shown[0]
    assert "The case database is damaged" in shown[1]
    assert "The disk is full" in shown[2]
    assert "Traceback" not in capfd.readouterr().err
    records = [r for r in caplog.records if r.name == "misuse_responder"]
    assert len(records) == 3 and all(r.exc_info is None for r in records)  # one line each


def test_outside_the_running_app_no_box_waits_for_ever(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the app has returned (a script around it) a modal box would hang the process."""
    shown: list[str] = []
    passed_on: list[BaseException] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning", lambda _p, _t, text: shown.append(text)
    )
    monkeypatch.setattr(sys, "excepthook", lambda _k, exc, _tb: passed_on.append(exc))
    last_resort.install()
    error = AssertionError("a script's own check")
    last_resort.handle(AssertionError, error, None)
    assert shown == [] and passed_on == [error]
