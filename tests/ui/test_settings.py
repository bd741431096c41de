"""Settings: the school profile, the lock time, and changing the passphrase."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from misuse_responder.store import CaseStore
from misuse_responder.ui.main_window import MainWindow
from misuse_responder.ui.settings.prefs import load_prefs
from tests.support import PASSPHRASE
from tests.ui.conftest import AUTHOR, unlock

NEW = "a brand new passphrase for the office"


def test_change_passphrase_then_unlock_with_new(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any]
) -> None:
    window = unlocked
    window.settings_action.trigger()
    page = window.settings
    assert window.stack.currentWidget() is page
    qtbot.keyClicks(page.current, "wrong one entirely")
    page.new.setText(NEW)
    page.repeat.setText(NEW)
    page.change.click()
    assert "not right" in page.message.text()
    page.current.setText(PASSPHRASE)
    page.change.click()
    assert "changed" in page.message.text() and page.new.text() == ""
    window.lock()
    unlock(qtbot, window, NEW)
    window.lock()
    screen = window.unlock_screen
    screen.author.setText(AUTHOR)
    screen.passphrase.setText(PASSPHRASE)
    screen.unlock_button.click()
    assert window.store is None and "Wrong passphrase" in screen.message.text()
    CaseStore.open_with_recovery_key(window.data_dir, seeded["recovery"]).close()


def test_profile_and_lock_time_are_saved(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    window.show_settings()
    page = window.settings
    assert page.school.name.text() == "St Hilda's C of E Academy"
    page.school.name.setText("St Hilda's Academy")
    page.school.jurisdiction.setCurrentIndex(page.school.jurisdiction.findData("scotland"))
    dsl = next(r for r in page.school.contacts._rows if r.role == "dsl")
    dsl.name.setText("Mr Øyvind Berg")
    extra = page.school.contacts._add_deputy()
    extra.name.setText("Ms Third Deputy")
    page.save_school.click()
    page.auto_lock.setValue(12)
    page.save_lock.click()
    assert window.idle.timeout_ms() == 12 * 60_000
    assert load_prefs(window.data_dir).auto_lock_minutes == 12
    window.lock()
    store = CaseStore.open(window.data_dir, PASSPHRASE)
    try:
        profile = store.school()
    finally:
        store.close()
    assert profile.name == "St Hilda's Academy" and profile.jurisdiction == "scotland"
    assert [c.name for c in profile.contacts if c.role == "dsl"] == ["Mr Øyvind Berg"]
    assert [c.name for c in profile.contacts if c.role == "deputy-dsl"] == ["Ms Third Deputy"]
