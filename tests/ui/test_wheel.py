"""Issue 15 item 1: the mouse wheel never changes an unfocused combo, spin or date field;
the page around it scrolls instead (installed app-wide by ui.style.apply_style)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from misuse_responder.ui.style import apply_style
from misuse_responder.ui.wizard import IncidentWizard, PageId
from tests.ui.wizard.conftest import make_wizard, vault  # noqa: F401  (fixtures)
from tests.ui.wizard.helpers import answer_safety


@pytest.fixture(autouse=True)
def guards(qapp: QApplication) -> None:
    apply_style(qapp)


def wheel(widget: QWidget, down: bool = True) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(0, 0),
        QPoint(0, -120 if down else 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_wheel_over_who_is_responsible_scrolls_the_page(
    qtbot: QtBot,
    make_wizard: Callable[..., IncidentWizard],  # noqa: F811
) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    page = wizard.page_widget(PageId.WHAT_HAPPENED)
    assert wizard.currentId() == PageId.WHAT_HAPPENED
    page.title_edit.setFocus()
    combo = page.subject
    before = combo.currentIndex()
    bar = page.scroller.verticalScrollBar()
    assert bar.maximum() > 0, "the page should be taller than the window for this test"
    bar.setValue(0)
    for _turn in range(3):
        wheel(combo)
    assert combo.currentIndex() == before
    assert combo.currentData() == "unknown"
    assert bar.value() > 0  # the page scrolled instead
    assert combo.focusPolicy() != Qt.FocusPolicy.WheelFocus


def test_focused_combo_still_takes_the_wheel(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    combo = QComboBox()
    combo.addItems(["one", "two", "three"])
    layout.addWidget(combo)
    holder.show()
    qtbot.waitExposed(holder)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo)
    assert combo.currentIndex() == 1


def test_spin_box_in_a_scroll_area(qtbot: QtBot) -> None:
    area = QScrollArea()
    qtbot.addWidget(area)
    body = QWidget()
    layout = QVBoxLayout(body)
    spin = QSpinBox()
    spin.setValue(5)
    layout.addWidget(spin)
    layout.addSpacing(3000)
    area.setWidget(body)
    area.resize(300, 300)
    area.show()
    qtbot.waitExposed(area)
    wheel(spin)
    wheel(spin.findChild(QWidget) or spin)  # over its inner line edit too
    assert spin.value() == 5
    assert area.verticalScrollBar().value() > 0
