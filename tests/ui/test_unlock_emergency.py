"""Before the passphrase, the unlock screen already says what to do if a child is in danger."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from misuse_responder.ui.lock.unlock_screen import UnlockScreen


def test_999_instruction_is_shown_before_unlocking(qtbot: QtBot, tmp_path: Path) -> None:
    screen = UnlockScreen(tmp_path / "data")
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.emergency.isVisible()
    text = screen.emergency.text()
    assert "999" in text and "designated safeguarding lead" in text
    # it sits above the passphrase field
    assert screen.emergency.mapTo(screen, screen.emergency.rect().topLeft()).y() < (
        screen.passphrase.mapTo(screen, screen.passphrase.rect().topLeft()).y()
    )
