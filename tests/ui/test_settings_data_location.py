"""Settings says where the cases are kept (and whether that is portable) and where IT's
note is, each copyable; a read-only stick in portable mode is one clear sentence at start."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from misuse_responder.store.paths import DATA_DIR_ENV, PORTABLE_DIR_NAME, PORTABLE_MARKER
from misuse_responder.ui import app
from misuse_responder.ui.main_window import MainWindow
from misuse_responder.ui.settings.data_location import DataLocationPanel
from tests.ui.conftest import visible_texts


def frozen_on_a_stick(monkeypatch: pytest.MonkeyPatch, stick: Path) -> Path:
    stick.mkdir(parents=True)
    (stick / "misuse-responder.exe").write_bytes(b"")
    (stick / PORTABLE_MARKER).write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(stick / "misuse-responder.exe"))
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    return stick.resolve() / PORTABLE_DIR_NAME


def test_settings_shows_the_data_and_log_folders(
    qtbot: QtBot, unlocked: MainWindow, data_dir: Path
) -> None:
    window = unlocked
    window.settings_action.trigger()
    page = window.settings
    panel = page.data_location
    assert window.stack.currentWidget() is page
    texts = visible_texts(page)
    assert str(data_dir) in texts and str(data_dir / "logs") in texts
    assert "chosen when the app was started" in panel.how.text()
    panel.copy_folder.click()
    assert QGuiApplication.clipboard().text() == str(data_dir)
    panel.copy_logs.click()
    assert QGuiApplication.clipboard().text() == str(data_dir / "logs")
    assert "Copied" in panel.copied.text()


def test_portable_is_said_plainly(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = frozen_on_a_stick(monkeypatch, tmp_path / "stick")
    panel = DataLocationPanel()
    qtbot.addWidget(panel)
    panel.show_folder(root)
    assert panel.how.text().startswith("Portable: the cases are kept beside the program")
    assert "portable.txt" in panel.how.text() and "not on this laptop" in panel.how.text()
    assert panel.folder.text() == str(root) and panel.logs.text() == str(root / "logs")


def test_a_read_only_stick_is_one_sentence_at_start(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = frozen_on_a_stick(monkeypatch, tmp_path / "stick")
    shown: list[str] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning", lambda _p, _t, text: shown.append(text)
    )

    def read_only(_root: Path) -> None:
        raise OSError(30, "Read-only file system", str(_root))

    monkeypatch.setattr("misuse_responder.store.instance_lock.InstanceLock.acquire", read_only)
    assert app.hold_instance_lock(root) is None
    assert len(shown) == 1 and "portable.txt" in shown[0] and str(root) in shown[0]
    assert "locked or read-only" in shown[0]
