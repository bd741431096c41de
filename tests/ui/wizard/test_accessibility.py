"""Every focusable control on every page has an accessible name; keyboard-only walk-through."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QWidget, QWizard
from pytestqt.qtbot import QtBot

from misuse_responder.store import CaseStore
from misuse_responder.ui.wizard import IncidentWizard, PageId
from tests.ui.wizard.conftest import click_next
from tests.ui.wizard.helpers import answer_safety, fill_facts

MakeWizard = Callable[..., IncidentWizard]


def unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root):
            continue
        if isinstance(widget.parent(), QAbstractSpinBox):
            continue  # a spin box's own editor: screen readers read the (named) spin box
        iface = QAccessible.queryAccessibleInterface(widget)
        name = iface.text(QAccessible.Text.Name) if iface is not None else ""
        if not (name or widget.accessibleName()).strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def check_every_page(qtbot: QtBot, wizard: IncidentWizard, seen: set[int]) -> None:
    while True:
        page = wizard.currentPage()
        problems = unnamed_controls(page)
        assert problems == [], f"{PageId(wizard.currentId()).name}: {problems}"
        seen.add(wizard.currentId())
        if wizard.currentId() == PageId.REVIEW:
            break
        if wizard.currentId() == PageId.DANGER:
            wizard.page_widget(PageId.DANGER).confirm.setChecked(True)
        if wizard.currentId() == PageId.PEOPLE:
            wizard.page_widget(PageId.PEOPLE).add_row().name.setText("A Pupil")
        click_next(qtbot, wizard)
    buttons = [wizard.button(b) for b in (QWizard.WizardButton.BackButton,)]
    assert all(b.accessibleName() for b in buttons)


def test_every_page_names_its_controls(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    seen: set[int] = set()
    first = make_wizard()
    assert unnamed_controls(first.currentPage()) == []
    answer_safety(qtbot, first, danger=True)
    for page_id in (PageId.SAFETY, PageId.DANGER):
        assert unnamed_controls(first.page_widget(page_id)) == [], page_id.name
    first.page_widget(PageId.DANGER).confirm.setChecked(True)
    click_next(qtbot, first)
    assert unnamed_controls(first.page_widget(PageId.WHAT_HAPPENED)) == []
    fill_facts(qtbot, first, concerns=["nude-imagery"], title="Nudes", platform="snapchat")
    click_next(qtbot, first)
    check_every_page(qtbot, first, seen)
    second = make_wizard()
    answer_safety(qtbot, second, danger=False)
    fill_facts(
        qtbot,
        second,
        concerns=["grooming"],
        title="Grooming",
        platform="instagram",
        subject="adult",
    )
    click_next(qtbot, second)
    check_every_page(qtbot, second, seen)
    seen.update({PageId.SAFETY, PageId.DANGER, PageId.WHAT_HAPPENED})
    assert seen == set(PageId), {PageId(p).name for p in set(PageId) - seen}


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def tab_to(qtbot: QtBot, target: QWidget, limit: int = 400) -> None:
    """Press Tab until ``target`` has the keyboard focus (fails if it is unreachable)."""
    for _ in range(limit):
        if target.hasFocus():
            return
        qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
    raise AssertionError(f"{target.accessibleName()!r} cannot be reached with Tab")


def press(qtbot: QtBot, key: Qt.Key) -> None:
    qtbot.keyClick(_focused(), key)


def test_keyboard_only_walk_through(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    wizard = make_wizard()
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    safety = wizard.page_widget(PageId.SAFETY)
    tab_to(qtbot, safety.yes)
    press(qtbot, Qt.Key.Key_Space)
    assert safety.yes.isChecked()
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.DANGER
    danger = wizard.page_widget(PageId.DANGER)
    tab_to(qtbot, danger.confirm)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.WHAT_HAPPENED
    what = wizard.page_widget(PageId.WHAT_HAPPENED)
    tab_to(qtbot, what.platform)
    qtbot.keyClicks(_focused(), "Insta")
    assert what.platform.currentData() == "instagram"
    tab_to(qtbot, what.targets["pupil"])
    press(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, what.concerns["self-harm"])
    press(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, what.summary)
    qtbot.keyClicks(_focused(), "Pupil G posted that she wants to end it.")
    tab_to(qtbot, what.title_edit)
    qtbot.keyClicks(_focused(), "Worrying post by Year 11 pupil")
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.STEPS
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.PEOPLE
    people = wizard.page_widget(PageId.PEOPLE)
    tab_to(qtbot, people.add_button)
    press(qtbot, Qt.Key.Key_Space)
    assert people.rows and people.rows[0].name.hasFocus()
    qtbot.keyClicks(_focused(), "Pupil G")
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.EVIDENCE
    panel = wizard.page_widget(PageId.EVIDENCE).panel
    assert panel is not None
    tab_to(qtbot, panel.link)
    qtbot.keyClicks(_focused(), "https://www.instagram.com/p/xyz/")
    tab_to(qtbot, panel.add_link)
    with qtbot.waitSignal(panel.evidenceAdded, timeout=5000):
        press(qtbot, Qt.Key.Key_Space)
    for _ in range(10):
        if wizard.currentId() == PageId.REVIEW:
            break
        before = wizard.currentId()
        tab_to(qtbot, wizard.button(QWizard.WizardButton.NextButton))
        press(qtbot, Qt.Key.Key_Space)
        assert wizard.currentId() != before
    assert wizard.currentId() == PageId.REVIEW
    with qtbot.waitSignal(wizard.caseSaved, timeout=5000) as blocker:
        tab_to(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
        press(qtbot, Qt.Key.Key_Space)
    detail = vault.case(int(blocker.args[0]))
    assert detail.status == "open"
    assert set(detail.facts["concerns"]) == {"immediate-danger", "self-harm"}
    assert detail.facts["platform"] == "instagram"
    assert [p.name for p in detail.people] == ["Pupil G"]
    assert [e.url for e in detail.evidence] == ["https://www.instagram.com/p/xyz/"]
