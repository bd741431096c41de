"""One writing instance per data folder (issue 9 item 4): a second copy of the app is told
"Misuse Responder is already open on this laptop"; the read-only commands still work while
the app is open, the writing ones refuse with the same sentence; a killed app frees it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from misuse_responder.cli import main
from misuse_responder.store.instance_lock import InstanceLock
from misuse_responder.ui import app
from misuse_responder.ui.main_window import MainWindow
from tests.support import PASSPHRASE
from tests.ui.conftest import AUTHOR

SENTENCE = "Misuse Responder is already open on this laptop"


@pytest.fixture
def first_app(seeded: dict[str, Any], data_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """The real app, started as its own process on the seeded store (waiting at unlock)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONWARNINGS": "ignore"}
    child = subprocess.Popen(
        [sys.executable, "-m", "misuse_responder", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 60
    while not InstanceLock.held_elsewhere(data_dir):
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the first app never took the lock"
        time.sleep(0.05)
    yield child
    if child.poll() is None:
        child.kill()
    child.communicate(timeout=30)


@pytest.fixture
def warnings_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def record(_parent: Any, _title: str, text: str, *args: Any) -> Any:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", record)
    return shown


def test_a_second_app_is_told_and_stops(
    qtbot: QtBot, first_app: subprocess.Popen[str], data_dir: Path, warnings_shown: list[str]
) -> None:
    assert app.run(["--data-dir", str(data_dir), "--exit"]) == 1
    assert len(warnings_shown) == 1 and warnings_shown[0].startswith(SENTENCE)
    assert "Traceback" not in warnings_shown[0]


def test_a_killed_app_frees_the_store(
    qtbot: QtBot, first_app: subprocess.Popen[str], data_dir: Path, warnings_shown: list[str]
) -> None:
    first_app.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
    first_app.communicate(timeout=30)
    assert app.run(["--data-dir", str(data_dir), "--exit"]) == 0
    assert warnings_shown == []
    assert not InstanceLock.held_elsewhere(data_dir)  # and the second let it go on exit


def test_the_unlock_screen_says_so_too(
    qtbot: QtBot, first_app: subprocess.Popen[str], make_window: Callable[[], MainWindow]
) -> None:
    """A window made without app.run (no lock taken at start) still cannot open the store."""
    window = make_window()
    screen = window.unlock_screen
    screen.author.setText(AUTHOR)
    screen.passphrase.setText(PASSPHRASE)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert window.store is None
    assert screen.message.text().startswith(SENTENCE)


def test_read_only_commands_work_while_the_app_is_open_and_writing_ones_refuse(
    first_app: subprocess.Popen[str],
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    where = ["--data-dir", str(data_dir)]

    def run(*args: str) -> tuple[int, str]:
        code = main([*args, *where])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out + err

    code, out = run("cases")
    assert code == 0 and "MR-" in out
    code, out = run("verify")
    assert code == 0 and out.startswith("OK:"), out
    code, out = run("pack", "MR-2026-0001", str(tmp_path / "pack.pdf"), "--by", "Ms DSL")
    assert code == 0 and (tmp_path / "pack.pdf").stat().st_size > 0, out
    code, out = run("backup", str(tmp_path / "b.mrbackup"))
    assert code == 0, out

    screenshot = tmp_path / "note.txt"
    screenshot.write_text("a saved message")
    code, out = run("evidence", "add", "MR-2026-0001", str(screenshot), "--by", "Ms DSL")
    assert code == 3 and SENTENCE in out, out
    code, out = run("restore", str(tmp_path / "b.mrbackup"))
    assert code == 3 and SENTENCE in out, out
    code, out = run("verify")  # nothing was changed by the refusals
    assert code == 0, out
    assert first_app.poll() is None
