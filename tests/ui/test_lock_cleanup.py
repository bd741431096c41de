"""Locking leaves nothing behind (issue 9, item 14): a running evidence add is cancelled and
waited for (no partial file, nothing stored, no late signal on a wiped screen), what the
app put on the clipboard is cleared, and a draft that could not be kept is reported. The
old lock just closed the dialog (the add went on), left the clipboard, and swallowed the
draft's failure. Also: the next unlock removes what killed writes left (item 8)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from misuse_responder.store import CaseStore, blobs
from misuse_responder.store.diskfull import disk_full
from misuse_responder.ui import clipboard, workers
from misuse_responder.ui.main_window import MainWindow
from misuse_responder.ui.widgets.evidence_panel import EvidencePanel
from tests.support import PASSPHRASE
from tests.ui.conftest import unlock


def _panel(window: MainWindow, case_id: int) -> EvidencePanel:
    window.open_case(case_id)
    window.case_view.add_evidence()
    panel = window.case_view.findChild(EvidencePanel)
    assert panel is not None
    return panel


def test_lock_cancels_a_running_evidence_add(
    qtbot: QtBot,
    unlocked: MainWindow,
    seeded: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    case_id = seeded["ids"]["overdue"]
    big = tmp_path / "recording.bin"
    big.write_bytes(b"\x01" * (24 << 20))
    real_read = blobs._read_full

    def slow_read(src: Any, size: int) -> bytes:
        time.sleep(0.02)  # a slow USB stick: 24 chunks take about half a second
        return real_read(src, size)

    monkeypatch.setattr(blobs, "_read_full", slow_read)
    panel = _panel(unlocked, case_id)
    panel.add_file(big)
    worker = panel.worker
    assert worker is not None
    qtbot.waitUntil(lambda: panel.progress.value() > 0, timeout=5000)
    unlocked.lock()
    assert not worker.is_running() and worker.outcome == "cancelled"
    message = unlocked.unlock_screen.message.text()
    assert "Locking stopped adding recording.bin" in message and "add it again" in message
    qtbot.wait(50)  # let any late signal arrive: it must reach nothing
    root = unlocked.data_dir
    assert [p.name for p in (root / "evidence").iterdir()] == []  # no .part, no blob
    with CaseStore.open(root, PASSPHRASE) as store:
        assert store.case(case_id).evidence == ()
    assert "Traceback" not in capfd.readouterr().err
    assert workers.running() == []


def test_lock_clears_what_the_app_copied_only(qtbot: QtBot, unlocked: MainWindow) -> None:
    board = QGuiApplication.clipboard()
    clipboard.copy_text("Łukasz Nowak, Year 9")
    unlocked.lock()
    assert board.text() == ""
    assert "copied from the case records was cleared" in unlocked.unlock_screen.message.text()
    unlock(qtbot, unlocked)

    # Copied in another program while the app was in the background: the user's own.
    real_focus = QGuiApplication.focusWindow
    QGuiApplication.focusWindow = staticmethod(lambda: None)  # type: ignore[method-assign]
    try:
        board.setText("shopping list")
    finally:
        QGuiApplication.focusWindow = real_focus  # type: ignore[method-assign]
    unlocked.lock()
    assert board.text() == "shopping list"
    assert "cleared" not in unlocked.unlock_screen.message.text()
    board.clear()


def test_lock_clears_a_copy_made_in_a_widget(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    window.activateWindow()
    field = window.case_list.search
    field.setFocus()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None, timeout=3000)
    field.setText("Zofia Wiśniewska")
    field.selectAll()
    field.copy()
    assert QGuiApplication.clipboard().text() == "Zofia Wiśniewska"
    window.lock()
    assert QGuiApplication.clipboard().text() == ""


class FailingDraft(QWidget):
    """An open incident whose draft cannot be written (the disk is full)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Window)

    def save_draft(self) -> None:
        raise disk_full("the draft")


def test_lock_says_when_a_draft_could_not_be_kept(unlocked: MainWindow) -> None:
    wizard = FailingDraft(unlocked)
    wizard.show()
    unlocked.lock("Locked after 5 minutes without use.")
    message = unlocked.unlock_screen.message.text()
    assert message.startswith("Locked after 5 minutes without use.")
    assert "could not be kept as a draft (the disk is full)" in message
    assert not wizard.isVisible() and unlocked.is_locked()


def test_unlocking_removes_what_killed_writes_left(
    qtbot: QtBot, seeded: dict[str, Any], make_window: Any, data_dir: Path
) -> None:
    stale = data_dir / "evidence" / f".{'c' * 32}.blob.999999999.part"
    stale.write_bytes(b"\0" * 4096)
    window: MainWindow = make_window()
    assert stale.exists()  # nothing is touched before the passphrase is given
    unlock(qtbot, window)
    assert not stale.exists()


def test_stop_all_with_a_worker_nobody_listens_to(qtbot: QtBot) -> None:
    """Detaching signals with no receivers must not warn (an error under -W error)."""
    from misuse_responder.progress import CancelToken

    def job(progress: Any, cancel: CancelToken) -> int:
        for _i in range(2000):
            cancel.raise_if_cancelled()
            time.sleep(0.005)
        return 1

    worker = workers.Worker(job, description="drawing the preview")
    worker.start()
    qtbot.waitUntil(lambda: worker.is_running(), timeout=3000)
    stopped = workers.stop_all()
    assert stopped == [worker] and worker.outcome == "cancelled" and not worker.is_running()
