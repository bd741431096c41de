"""The app starts, shows its first screen, and exits cleanly with --exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore
from misuse_responder.ui.app import run
from misuse_responder.ui.main_window import MainWindow
from tests.support import PASSPHRASE, SCHOOL

ROOT = Path(__file__).resolve().parents[2]


def test_exit_shows_first_run_then_returns_zero(qtbot: QtBot, tmp_path: Path) -> None:
    before = set(QApplication.topLevelWidgets())
    assert run(["--data-dir", str(tmp_path / "fresh"), "--exit"]) == 0
    windows = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w not in before
    ]
    assert len(windows) == 1 and windows[0].first_run is not None
    windows[0].deleteLater()


def test_exit_report_names_first_run_then_unlock(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frozen build's smoke test tells the two first screens apart by this file."""
    report = tmp_path / "screen.txt"
    monkeypatch.setenv("MISUSE_RESPONDER_EXIT_REPORT", str(report))
    root = tmp_path / "store"
    before = set(QApplication.topLevelWidgets())
    assert run(["--data-dir", str(root), "--exit"]) == 0
    assert report.read_text(encoding="utf-8") == "FirstRunWidget\n"
    CaseStore.create(root, PASSPHRASE, SCHOOL, kdf=FAST_KDF_FOR_TESTS)[0].close()
    assert run(["--data-dir", str(root), "--exit"]) == 0
    assert report.read_text(encoding="utf-8") == "UnlockScreen\n"
    for window in set(QApplication.topLevelWidgets()) - before:
        window.deleteLater()


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
