"""Auto-lock after idle time, and the hide screen that shows nothing of the cases."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QFocusEvent, QHoverEvent
from PySide6.QtWidgets import QApplication, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from misuse_responder.ui.main_window import MainWindow
from misuse_responder.ui.settings.prefs import PREFS_NAME, Prefs, load_prefs, save_prefs
from tests.ui.conftest import all_windows_texts, unlock, visible_texts


def _case_texts(window: MainWindow) -> list[str]:
    return [
        "Comments under a Year 9 pupil's post",
        "Images shared in a Year 10 chat",
        "Łukasz",
        "MR-",
        "St Hilda",
    ]


class FakeWizard(QWidget):
    """Stands in for an open incident wizard: records that it was asked to save."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.saved = 0
        self.setWindowTitle("Incident: Łukasz")

    def save_draft(self) -> None:
        self.saved += 1


def test_auto_lock_after_idle(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    window.open_case(window.case_list.model.case_at(0).id)  # type: ignore[union-attr]
    wizard = FakeWizard(window)
    wizard.show()
    window.set_idle_timeout_ms(50)
    qtbot.waitUntil(window.is_locked, timeout=3000)
    assert wizard.saved == 1 and not wizard.isVisible()
    assert window.stack.currentWidget() is window.unlock_screen
    assert "without use" in window.unlock_screen.message.text()
    texts = " ".join(all_windows_texts())
    for secret in _case_texts(window):
        assert secret not in texts
    assert window.case_view.title.text() == ""
    unlock(qtbot, window)
    assert window.stack.currentWidget() is window.home


def test_input_keeps_it_unlocked(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    window.set_idle_timeout_ms(400)
    for _ in range(6):
        qtbot.keyClick(window.case_list.search, Qt.Key.Key_A)
        qtbot.wait(100)  # an event-loop wait, not a sleep: typing goes on past 400 ms
    assert not window.is_locked()
    qtbot.waitUntil(window.is_locked, timeout=3000)


def test_hide_screen_shows_nothing_and_needs_a_deliberate_click(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    window = unlocked
    window.activateWindow()
    window.open_case(window.case_list.model.case_at(0).id)  # type: ignore[union-attr]
    wizard = FakeWizard(window)
    wizard.show()
    assert any("Łukasz" in t for t in all_windows_texts())
    window.hide_action.trigger()
    assert window.is_hidden()
    assert window.stack.currentWidget() is window.hide_screen
    assert not wizard.isVisible() and not window.toolbar.isVisible()
    texts = " ".join(all_windows_texts())
    for secret in [*_case_texts(window), "Misuse", "Incident"]:
        assert secret not in texts
    shown = [w for w in window.findChildren(QWidget) if w.isVisible()]
    assert all(
        w is window.hide_screen
        or window.hide_screen.isAncestorOf(w)
        or w.isAncestorOf(window.hide_screen)
        for w in shown
    )
    assert visible_texts(window.hide_screen) == ["Continue"]
    qtbot.keyClick(window.hide_screen, Qt.Key.Key_A)  # a bumped key does not unhide
    assert window.is_hidden()
    window.hide_screen.continue_button.click()
    assert not window.is_hidden() and wizard.isVisible()
    assert window.stack.currentWidget() is window.case_view
    assert not window.is_locked()


def test_hide_key_works_everywhere_and_relocks_after_a_while(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    window = unlocked
    window.set_hide_relock_ms(50)
    wizard = FakeWizard(window)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    qtbot.keyClick(wizard, Qt.Key.Key_F12)  # F12 works from any window of the app
    assert window.is_hidden()
    qtbot.waitUntil(window.is_locked, timeout=3000)
    assert window.is_hidden()  # still covered: locking does not reveal the unlock screen
    assert wizard.saved == 1
    window.hide_screen.continue_button.click()
    assert window.stack.currentWidget() is window.unlock_screen


def test_default_idle_time_fits_a_conversation_and_old_default_moves(tmp_path: Path) -> None:
    """Issue 15 item 10: 5 minutes shut the wizard while a teacher listened to a child."""
    assert load_prefs(tmp_path).auto_lock_minutes == 15
    (tmp_path / PREFS_NAME).write_text(json.dumps({"auto_lock_minutes": 5}), encoding="utf-8")
    assert load_prefs(tmp_path).auto_lock_minutes == 15  # the old default, never chosen
    save_prefs(tmp_path, Prefs(auto_lock_minutes=5))  # chosen in Settings now: kept
    assert load_prefs(tmp_path).auto_lock_minutes == 5
    (tmp_path / PREFS_NAME).write_text(json.dumps({"auto_lock_minutes": 8}), encoding="utf-8")
    assert load_prefs(tmp_path).auto_lock_minutes == 8


def test_reading_in_the_wizard_keeps_it_unlocked(qtbot: QtBot, unlocked: MainWindow) -> None:
    """Hover, scrolling and focus moving in the wizard (its own window) count as use."""
    window = unlocked
    wizard = window.new_incident()
    qtbot.waitExposed(wizard)
    window.set_idle_timeout_ms(400)
    target = wizard.focusWidget() or wizard
    for n in range(8):
        if n % 2:
            at = QPointF(20, 20 + n)
            QApplication.sendEvent(wizard, QHoverEvent(QEvent.Type.HoverMove, at, at, at))
        else:
            QApplication.sendEvent(target, QFocusEvent(QEvent.Type.FocusIn))
        qtbot.wait(100)
    assert not window.is_locked()
    qtbot.waitUntil(window.is_locked, timeout=3000)


def test_lock_key_is_shown_and_works_from_the_wizard(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    button = window.toolbar.widgetForAction(window.lock_action)
    assert isinstance(button, QToolButton) and button.text() == "Lock (Ctrl+L)"
    wizard = window.new_incident()
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    qtbot.keyClick(wizard, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.is_locked, timeout=3000)
    assert window.stack.currentWidget() is window.unlock_screen
    assert window.wizard is None
