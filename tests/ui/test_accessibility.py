"""Every screen: focusable controls have accessible names, and text fits at 200 % scale."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QWidget,
)
from pytestqt.qtbot import QtBot

from misuse_responder.ui.main_window import MainWindow
from tests.ui.conftest import unlock


def unnamed_controls(root: QWidget) -> list[str]:
    """Focusable, visible, enabled controls with no accessible name set."""
    problems = []
    for w in [root, *root.findChildren(QWidget)]:
        if w.focusPolicy() == Qt.FocusPolicy.NoFocus or not w.isVisibleTo(root):
            continue
        if not w.isEnabled():
            continue
        proxy_owner = w.parentWidget()
        if proxy_owner is not None and w.focusProxy() is proxy_owner:
            continue  # e.g. a spin box's inner line edit: the spin box carries the name
        if isinstance(w, QAbstractScrollArea) and not w.accessibleName():
            # scroll areas holding a form are containers; item views must be named
            from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit

            if not isinstance(w, QAbstractItemView | QPlainTextEdit):
                continue
        if not w.accessibleName().strip():
            problems.append(
                f"{type(w).__name__} {w.objectName()!r} text={getattr(w, 'text', lambda: '')()!r}"
            )
    return problems


def test_first_run_screens_are_named(qtbot: QtBot, make_window: Callable[[], MainWindow]) -> None:
    window = make_window()
    assert unnamed_controls(window) == []
    from tests.support import PASSPHRASE

    setup = window.first_run.setup  # type: ignore[union-attr]
    setup.school.name.setText("A School")
    setup.author.setText("Me")
    setup.passphrase.setText(PASSPHRASE)
    setup.repeat.setText(PASSPHRASE)
    setup.create_button.click()
    assert unnamed_controls(window) == []


def test_every_screen_names_its_controls(
    qtbot: QtBot, seeded: dict[str, Any], make_window: Callable[[], MainWindow]
) -> None:
    window = make_window()
    problems: dict[str, list[str]] = {}

    def check(name: str) -> None:
        found = unnamed_controls(window)
        if found:
            problems[name] = found

    check("unlock")
    window.unlock_screen.use_recovery.click()
    check("unlock with recovery key")
    window.unlock_screen.use_recovery.click()
    unlock(qtbot, window)
    check("case list")
    for name in ("overdue", "nudes", "closed"):
        window.open_case(seeded["ids"][name])
        for index in range(window.case_view.tabs.count()):
            window.case_view.tabs.setCurrentIndex(index)
            window.case_view.summary.edit_facts.setChecked(True)
            check(f"case {name} tab {window.case_view.tabs.tabText(index)}")
    window.show_settings()
    check("settings")
    window.hide_everything()
    check("hidden")
    window.unhide()
    assert problems == {}


def clipped(root: QWidget) -> list[str]:
    """Labels and buttons whose text does not fit the space they were given."""
    bad = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or not isinstance(w, QLabel | QAbstractButton):
            continue
        if not w.text():
            continue
        hint = w.minimumSizeHint() if isinstance(w, QLabel) and w.wordWrap() else w.sizeHint()
        if isinstance(w, QLabel) and w.wordWrap():
            needed = w.heightForWidth(w.width())
            if needed > w.height() + 1:
                bad.append(f"{type(w).__name__} {w.text()[:40]!r} h {w.height()} < {needed}")
            continue
        if w.width() + 1 < hint.width() or w.height() + 1 < hint.height():
            bad.append(
                f"{type(w).__name__} {w.text()[:40]!r} {w.width()}x{w.height()} < "
                f"{hint.width()}x{hint.height()}"
            )
    return bad


@pytest.fixture
def double_font() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = QFont(app.font())
    big = QFont(original)
    big.setPointSizeF(original.pointSizeF() * 2)
    app.setFont(big)
    yield
    app.setFont(original)


def test_clipping_check_can_fail(qtbot: QtBot) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    label = QLabel("A label far too long for its box", box)
    label.setFixedWidth(20)
    box.show()
    assert clipped(box)


def test_text_fits_at_200_percent(
    qtbot: QtBot, seeded: dict[str, Any], double_font: None, make_window: Callable[[], MainWindow]
) -> None:
    window = make_window()
    window.resize(1366, 768)
    problems: dict[str, list[str]] = {}

    def check(name: str) -> None:
        qtbot.wait(1)
        found = clipped(window.stack.currentWidget())
        if found:
            problems[name] = found

    check("unlock")
    unlock(qtbot, window)
    check("case list")
    window.open_case(seeded["ids"]["overdue"])
    for index in range(window.case_view.tabs.count()):
        window.case_view.tabs.setCurrentIndex(index)
        check(f"case tab {index}")
    window.show_settings()
    check("settings")
    assert problems == {}
