"""The app starts, shows its first screen, and exits cleanly with --exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from misuse_responder.ui.app import run
from misuse_responder.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def test_exit_shows_first_run_then_returns_zero(qtbot: QtBot, tmp_path: Path) -> None:
    before = set(QApplication.topLevelWidgets())
    assert run(["--data-dir", str(tmp_path / "fresh"), "--exit"]) == 0
    windows = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w not in before
    ]
    assert len(windows) == 1 and windows[0].first_run is not None
    windows[0].deleteLater()


def test_start_loads_neither_network_nor_exports(tmp_path: Path) -> None:
    """In a fresh process: no QtNetwork ever, and no reportlab/export code at start-up."""
    code = (
        "import sys\n"
        "from misuse_responder.ui.app import run\n"
        f"assert run(['--data-dir', {str(tmp_path / 'd')!r}, '--exit']) == 0\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6.QtNetwork', 'reportlab',"
        " 'misuse_responder.export', 'misuse_responder.ui.wizard'))]\n"
        "assert not bad, bad\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = str(ROOT / "desktop")
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
