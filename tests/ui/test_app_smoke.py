"""The app opens a real Qt main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from misuse_responder.ui.app import build_window


def test_main_window_shows(qtbot: QtBot) -> None:
    window = build_window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "Misuse Responder"
    label = window.centralWidget()
    assert isinstance(label, QLabel) and "being built" in label.text()
    assert "PySide6.QtNetwork" not in sys.modules
