"""Issue 15 item 16, the keyboard: focus on the first field when a page opens, arrow keys
between radio buttons, a date field is one Tab stop, a visible 3:1 focus ring, and the
focused control always scrolled into view."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from misuse_responder.ui.style import apply_style, contrast, focus_colour
from misuse_responder.ui.widgets.dates import UkDateField
from misuse_responder.ui.widgets.input_guards import FocusRing
from misuse_responder.ui.wizard import IncidentWizard, PageId
from tests.ui.wizard.conftest import make_wizard, vault  # noqa: F401  (fixtures)
from tests.ui.wizard.helpers import answer_safety

MakeWizard = Callable[..., IncidentWizard]


@pytest.fixture(autouse=True)
def guards(qapp: QApplication) -> None:
    apply_style(qapp)


def test_focus_goes_to_the_first_field(qtbot: QtBot, make_wizard: MakeWizard) -> None:  # noqa: F811
    wizard = make_wizard()
    safety = wizard.page_widget(PageId.SAFETY)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is safety.yes)
    answer_safety(qtbot, wizard, danger=False)
    page = wizard.page_widget(PageId.WHAT_HAPPENED)
    first = next(iter(page.concerns.values()))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)


def test_arrow_keys_move_between_radio_buttons(qtbot: QtBot, make_wizard: MakeWizard) -> None:  # noqa: F811
    wizard = make_wizard()
    safety = wizard.page_widget(PageId.SAFETY)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is safety.yes)
    qtbot.keyClick(safety.yes, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is safety.no and safety.no.isChecked()
    qtbot.keyClick(safety.no, Qt.Key.Key_Up)
    assert QApplication.focusWidget() is safety.yes and safety.yes.isChecked()
    qtbot.keyClick(safety.yes, Qt.Key.Key_Right)
    assert safety.no.isChecked()
    # The two answers are one Tab stop, as in a Windows dialog: Tab leaves the question.
    qtbot.keyClick(safety.no, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() not in (safety.yes, safety.no)


def test_a_date_field_is_one_tab_stop(qtbot: QtBot, make_wizard: MakeWizard) -> None:  # noqa: F811
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    page = wizard.page_widget(PageId.WHAT_HAPPENED)
    first = next(iter(page.concerns.values()))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)  # the page has opened
    page.happened.setFocus()
    qtbot.waitUntil(page.happened.hasFocus)
    qtbot.keyClick(page.happened, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.found
    assert isinstance(page.happened, UkDateField) and isinstance(page.happened, QLineEdit)


def test_focus_ring_contrast_and_scrolled_into_view(
    qtbot: QtBot,
    make_wizard: MakeWizard,  # noqa: F811
) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    page = wizard.page_widget(PageId.WHAT_HAPPENED)
    first = next(iter(page.concerns.values()))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)  # the page has opened
    bar = page.scroller.verticalScrollBar()
    bar.setValue(0)
    page.summary.setFocus(Qt.FocusReason.TabFocusReason)  # far down the page
    qtbot.waitUntil(page.summary.hasFocus)
    assert bar.value() > 0
    viewport = page.scroller.viewport()
    top = page.summary.mapTo(viewport, page.summary.rect().topLeft()).y()
    assert 0 <= top < viewport.height()
    rings = [r for r in wizard.findChildren(FocusRing) if r.isVisible()]
    assert len(rings) == 1 and rings[0].target is page.summary
    assert rings[0].parentWidget() is page.summary.parentWidget()  # clipped with it
    ring = rings[0].geometry()
    assert ring.contains(page.summary.geometry())
    palette = wizard.palette()
    colour = focus_colour(palette)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        assert contrast(colour, palette.color(role)) >= 3.0


def test_focus_colour_falls_back_when_the_highlight_is_faint() -> None:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#efefef"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#9ccbee"))  # 1.6:1 on white
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#000000"))
    assert contrast(focus_colour(palette), QColor("#ffffff")) >= 3.0
    assert focus_colour(palette) == QColor("#000000")
