"""Start the GUI. Until the app is built, a real main window that says so."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from misuse_responder.i18n import _


def build_window() -> QMainWindow:
    window = QMainWindow()
    window.setWindowTitle(_("Misuse Responder"))
    label = QLabel(_("Misuse Responder is being built. The incident guide will appear here."))
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setAccessibleName(_("Status"))
    window.setCentralWidget(label)
    window.resize(800, 500)
    return window


def run(args: Sequence[str]) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    window = build_window()
    window.show()
    if "--exit" in args:  # used by smoke tests and the start-up benchmark
        app.processEvents()
        return 0
    return app.exec()
