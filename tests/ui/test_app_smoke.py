"""The app starts, shows its first screen, and exits cleanly with --exit."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from misuse_responder.ui.app import run
from misuse_responder.ui.main_window import MainWindow


def test_exit_shows_first_run_then_returns_zero(qtbot: QtBot, tmp_path: Path) -> None:
    assert run(["--data-dir", str(tmp_path / "fresh"), "--exit"]) == 0
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    assert windows and windows[-1].first_run is not None
    for window in windows:
        window.deleteLater()
    assert "PySide6.QtNetwork" not in sys.modules
    assert "reportlab" not in sys.modules  # exports load only when asked for
