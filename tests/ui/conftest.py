"""UI fixtures: a real encrypted store on disk (cheap KDF) and the real main window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore
from misuse_responder.ui.main_window import MainWindow
from tests.support import BULLYING, NUDES, PASSPHRASE, SCHOOL, Clock

AUTHOR = "Ms Okafor"


@pytest.fixture
def data_dir(isolated_data_dir: Path) -> Path:
    return isolated_data_dir


@pytest.fixture
def seeded(data_dir: Path) -> dict[str, Any]:
    """A store on disk with a few cases (Unicode names, one overdue follow-up), closed again.

    Returns the recovery key and the case ids by name.
    """
    past = Clock(datetime.now(UTC) - timedelta(days=5))
    store, recovery = CaseStore.create(
        data_dir, PASSPHRASE, SCHOOL, actor="Ms Head", kdf=FAST_KDF_FOR_TESTS, clock=past
    )
    ids: dict[str, int] = {}
    try:
        overdue = store.create_case(BULLYING, "Comments under a Year 9 pupil's post", "Ms DSL")
        store.open_case(overdue.id, "Ms DSL")
        # Reported to the platform five days ago: the check for its reply (48 h) is overdue.
        report = next(
            a for a in store.case(overdue.id).actions if a.step_id == "report-to-platform"
        )
        store.record_action(
            report.id, "done", "Ms DSL", reference="IG-1", reference_kind="platform"
        )
        store.add_person(overdue.id, role="target", kind="pupil", name="Łukasz Nowak", by="x")
        ids["overdue"] = overdue.id
        store.clock = Clock(datetime.now(UTC) - timedelta(hours=1))
        zoe = store.create_case(NUDES, "Images shared in a Year 10 chat", "Ms DSL")
        store.add_person(zoe.id, role="target", kind="pupil", name="Zoë Ødegård", by="x")
        ids["nudes"] = zoe.id
        plain = store.create_case(
            {"concerns": ["scam"], "platform": "other"}, "Fake raffle page", "Mr Patel"
        )
        store.close_case(plain.id, "Mr Patel", "Page taken down", "The platform removed it.")
        ids["closed"] = plain.id
    finally:
        store.close()
    return {"recovery": recovery, "ids": ids}


@pytest.fixture
def make_window(qtbot: QtBot, data_dir: Path) -> Iterator[Callable[[], MainWindow]]:
    made: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(data_dir, kdf=FAST_KDF_FOR_TESTS)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        if window.store is not None:
            window.lock()


def unlock(qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    screen = window.unlock_screen
    screen.author.setText(AUTHOR)
    screen.passphrase.setText(passphrase)
    screen.unlock_button.click()
    qtbot.waitUntil(lambda: window.store is not None)


@pytest.fixture
def unlocked(
    seeded: dict[str, Any], make_window: Callable[[], MainWindow], qtbot: QtBot
) -> MainWindow:
    window = make_window()
    unlock(qtbot, window)
    return window


def visible_texts(root: QWidget) -> list[str]:
    """Every piece of text a person could read on screen under ``root``."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLineEdit, QPlainTextEdit

    texts: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisible():
            continue
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            texts.append(w.text())
        elif isinstance(w, QPlainTextEdit):
            texts.append(w.toPlainText())
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            for r in range(model.rowCount()):
                for c in range(model.columnCount()):
                    texts.append(str(model.index(r, c).data() or ""))
    return texts


def all_windows_texts() -> list[str]:
    texts: list[str] = []
    for w in QApplication.topLevelWidgets():
        if w.isVisible():
            texts.extend(visible_texts(w))
            texts.append(w.windowTitle())
    return texts
