"""Fixtures for the wizard: a real unlocked store with a school profile and contacts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget, QWizard
from pytestqt.qtbot import QtBot

from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore, ContactInfo, SchoolProfile
from misuse_responder.ui.wizard import IncidentWizard, PageId

PASSPHRASE = "correct horse battery staple"
AUTHOR = "Ms Teacher"
HEAD = "Mrs Ada Headley"
DSL = "Mr Dev Safeguard"
DSL_PHONE = "01632 960123"
CHAIR = "Dr Cora Chairwoman"
MODERATOR = "Ms Mona Moderator"
LADO = "Lee Lado"


@pytest.fixture
def vault(isolated_data_dir: Path) -> Iterator[CaseStore]:
    store, _recovery = CaseStore.create(
        isolated_data_dir, PASSPHRASE, "St Hilda's Academy", actor=HEAD, kdf=FAST_KDF_FOR_TESTS
    )
    store.set_school(
        SchoolProfile(
            "St Hilda's Academy",
            "england",
            (
                ContactInfo("head", HEAD, "Head teacher", "01632 960001", "head@example.org"),
                ContactInfo("dsl", DSL, "DSL", DSL_PHONE, "dsl@example.org"),
                ContactInfo("deputy-dsl", "Ms Dee Deputy", "Deputy DSL", "01632 960124", ""),
                ContactInfo("chair", CHAIR, "Chair of Governors", "07700 900111", ""),
                ContactInfo("lado", LADO, "LADO", "01632 960999", ""),
                ContactInfo("moderator", MODERATOR, "Social media lead", "01632 960555", ""),
                ContactInfo("slt-media", "Mr Sam Senior", "Deputy Head", "01632 960002", ""),
            ),
        ),
        HEAD,
    )
    yield store
    store.close()


@pytest.fixture
def make_wizard(qtbot: QtBot, vault: CaseStore) -> Callable[..., IncidentWizard]:
    def make(draft_id: str | None = None) -> IncidentWizard:
        wizard = IncidentWizard(vault, AUTHOR, draft_id=draft_id)
        qtbot.addWidget(wizard)
        wizard.resize(1366, 768)
        wizard.show()
        qtbot.waitExposed(wizard)
        return wizard

    return make


def click_next(qtbot: QtBot, wizard: IncidentWizard) -> int:
    """Press Next like a user; return the new page id (fails if the page did not change)."""
    before = wizard.currentId()
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled(), f"Next is disabled on {PageId(before).name}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    page = wizard.currentPage()
    error = getattr(page, "error", None)
    assert wizard.currentId() != before, f"stayed on {PageId(before).name}: " + (
        error.text() if error is not None else ""
    )
    return wizard.currentId()


def visible_text(widget: QWidget) -> str:
    """All the text a user can see on a page (labels, buttons, boxes, group titles)."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QLineEdit

    parts: list[str] = []
    for child in widget.findChildren(QWidget):
        if not child.isVisibleTo(widget):
            continue
        if isinstance(child, QLabel | QAbstractButton):
            parts.append(child.text())
        elif isinstance(child, QGroupBox):
            parts.append(child.title())
        elif isinstance(child, QLineEdit):
            parts.append(child.text())
    if isinstance(widget, QWizard):
        page = widget.currentPage()
        parts += [page.title(), page.subTitle()]
    return "\n".join(parts)


def click_box(qtbot: QtBot, box: QWidget) -> None:
    """Click a check box or radio button on its indicator (the row may be wider than its text)."""
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
