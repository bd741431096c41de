"""The main window with the real incident wizard: new incident, lock saves the draft,
the draft is offered after unlocking and resumes; the evidence panel opens from a case."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from misuse_responder.ui.main_window import MainWindow
from misuse_responder.ui.wizard import IncidentWizard, PageId, pending_drafts
from tests.ui.conftest import unlock


def test_new_incident_opens_the_wizard(qtbot: QtBot, unlocked: MainWindow) -> None:
    unlocked.new_action.trigger()
    wizard = unlocked.wizard
    assert isinstance(wizard, IncidentWizard)
    qtbot.waitExposed(wizard)
    assert wizard.currentId() == PageId.SAFETY
    assert unlocked.new_incident() is wizard  # a second press brings the same one forward


def test_case_saved_refreshes_and_opens_the_case(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any]
) -> None:
    wizard = unlocked.new_incident()
    wizard.caseSaved.emit(seeded["ids"]["nudes"])
    assert unlocked.stack.currentWidget() is unlocked.case_view
    assert unlocked.case_view.case_id == seeded["ids"]["nudes"]


def test_lock_saves_the_wizard_draft_and_unlock_offers_it(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    wizard = unlocked.new_incident()
    qtbot.waitExposed(wizard)
    wizard.page_widget(PageId.SAFETY).no.setChecked(True)
    unlocked.lock()
    assert unlocked.wizard is None and not wizard.isVisible()
    unlock(qtbot, unlocked)
    assert len(pending_drafts(unlocked.store)) == 1
    box = unlocked.case_list.drafts_box
    assert box.isVisible() and "not finished" in box.title.text()
    box.buttons()[0].click()
    resumed = unlocked.wizard
    assert isinstance(resumed, IncidentWizard) and resumed.draft_id is not None
    assert resumed.page_widget(PageId.SAFETY).no.isChecked()


def test_add_evidence_opens_the_panel(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any]
) -> None:
    from misuse_responder.ui.widgets.evidence_panel import EvidencePanel

    unlocked.open_case(seeded["ids"]["nudes"])
    unlocked.case_view.evidence.add_button.click()
    dialog = unlocked.case_view._panel
    assert dialog is not None and dialog.isVisible()
    panel = dialog.findChild(EvidencePanel)
    assert panel is not None and not panel.capture_allowed  # do-not-capture: descriptions only
    dialog.accept()
