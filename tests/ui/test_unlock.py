"""Unlocking: right and wrong passphrase, and the recovery key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from misuse_responder.ui.main_window import MainWindow
from tests.support import PASSPHRASE
from tests.ui.conftest import AUTHOR, unlock


def test_wrong_then_right_passphrase(
    qtbot: QtBot, seeded: dict[str, Any], make_window: Callable[[], MainWindow]
) -> None:
    window = make_window()
    screen = window.unlock_screen
    assert window.stack.currentWidget() is screen
    qtbot.keyClicks(screen.author, AUTHOR)
    qtbot.keyClicks(screen.passphrase, "not the passphrase at all")
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert window.store is None
    assert "Wrong passphrase" in screen.message.text()
    assert "Traceback" not in screen.message.text()
    assert window.stack.currentWidget() is screen
    screen.passphrase.setText(PASSPHRASE)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.store is not None)
    assert window.stack.currentWidget() is window.home
    assert window.author == AUTHOR
    assert window.case_list.model is not None and window.case_list.model.rowCount() == 2


def test_the_name_is_asked_every_time_and_recent_names_are_offered(
    qtbot: QtBot, seeded: dict[str, Any], make_window: Callable[[], MainWindow]
) -> None:
    """Issue 15 item 4: on a shared laptop a pre-filled name credited work to the wrong person."""
    first = make_window()
    unlock(qtbot, first)
    first.lock()
    screen = first.unlock_screen
    assert screen.author.text() == ""  # after a lock: asked again
    assert [b.text() for b in screen.recent_buttons] == [AUTHOR]
    screen.author.setText("Mr Patel")
    screen.passphrase.setText(PASSPHRASE)
    screen.unlock_button.click()
    qtbot.waitUntil(lambda: first.store is not None)
    assert first.author == "Mr Patel"
    first.lock()
    second = make_window()  # the app started again
    screen = second.unlock_screen
    assert screen.author.text() == ""
    assert [b.text() for b in screen.recent_buttons] == ["Mr Patel", AUTHOR]  # newest first
    screen.passphrase.setText(PASSPHRASE)
    screen.unlock_button.click()
    assert second.store is None and screen.message.text() == "Type your name first."
    screen.recent_buttons[1].click()  # picking a name is a deliberate act
    assert screen.author.text() == AUTHOR
    screen.passphrase.setText(PASSPHRASE)
    screen.unlock_button.click()
    qtbot.waitUntil(lambda: second.store is not None)
    assert second.author == AUTHOR
    second.lock()
    assert [b.text() for b in second.unlock_screen.recent_buttons] == [AUTHOR, "Mr Patel"]
    row = second.unlock_screen.recent_row
    shown = [b for b in row.findChildren(QPushButton) if b.isVisibleTo(row)]
    assert [b.text() for b in shown] == [AUTHOR, "Mr Patel"]  # old buttons never linger


def test_recovery_key_unlocks_and_asks_for_a_new_passphrase(
    qtbot: QtBot, seeded: dict[str, Any], make_window: Callable[[], MainWindow]
) -> None:
    window = make_window()
    screen = window.unlock_screen
    screen.author.setText(AUTHOR)
    screen.use_recovery.click()
    assert screen.recovery_key.isVisible() and not screen.passphrase.isVisible()
    qtbot.keyClicks(screen.recovery_key, "AAAA-BBBB")
    screen.unlock_button.click()
    assert window.store is None and "not a recovery key" in screen.message.text()
    screen.recovery_key.setText(seeded["recovery"].lower())  # case and dashes forgiven
    screen.unlock_button.click()
    qtbot.waitUntil(lambda: window.store is not None)
    assert window.notice.isVisible()
    assert "recovery key" in window.notice_text.text()
