"""Closing the wizard (issue 15 item 9): Esc, Close… and the window's X ask "Keep as draft /
Discard / Go back"; Discard says what is lost and discards through the store, audited; a
close the app makes itself (the lock) keeps the draft without asking."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from misuse_responder.store import CaseStore
from misuse_responder.store.discard import DISCARDED
from misuse_responder.ui.wizard import IncidentWizard, PageId, pending_drafts
from tests.ui.wizard.conftest import AUTHOR, click_next
from tests.ui.wizard.helpers import answer_safety, fill_facts

MakeWizard = Callable[..., IncidentWizard]


class SpontaneousClose(QCloseEvent):
    """A close event as the window system sends it when the window's X is clicked."""

    def spontaneous(self) -> bool:
        return True


def _to_people(qtbot: QtBot, wizard: IncidentWizard) -> int:
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(qtbot, wizard, concerns=["bullying"], title="Comments in a Year 8 chat")
    while wizard.currentId() != PageId.PEOPLE:
        click_next(qtbot, wizard)
    case_id = wizard.ctx.state.case_id
    assert case_id is not None
    return case_id


def test_escape_asks_and_go_back_returns_to_the_page(qtbot: QtBot, make_wizard: MakeWizard) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    box = wizard.close_question
    assert box is not None and box.isVisible()  # the old wizard closed at once, no question
    assert wizard.isVisible()
    assert sorted(b.text() for b in box.buttons()) == ["Discard…", "Go back", "Keep as draft"]
    assert box.defaultButton() is box.keep and box.escapeButton() is box.back
    box.back.click()
    assert wizard.isVisible() and wizard.currentId() == PageId.WHAT_HAPPENED
    assert not box.isVisible()


def test_close_button_and_window_x_ask_too(qtbot: QtBot, make_wizard: MakeWizard) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    close = wizard.button(QWizard.WizardButton.CancelButton)
    assert close.text() == "Close…"
    close.click()
    assert wizard.close_question is not None and wizard.close_question.isVisible()
    wizard.close_question.back.click()
    assert wizard.isVisible()
    # The window's own X: the window system's close arrives as a spontaneous close event
    # (Qt's QWidgetWindow::closeEvent); one the app makes (close(), the lock) does not.
    wizard.close_question = None
    event = SpontaneousClose()
    wizard.closeEvent(event)
    assert not event.isAccepted() and wizard.isVisible()
    assert wizard.close_question is not None and wizard.close_question.isVisible()
    wizard.close_question.back.click()
    assert wizard.isVisible()


def test_keep_as_draft_keeps_it(qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore) -> None:
    wizard = make_wizard()
    case_id = _to_people(qtbot, wizard)
    wizard.page_widget(PageId.PEOPLE).add_row().name.setText("Zoë Ødegård")
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.close_question is not None
    wizard.close_question.keep.click()
    assert not wizard.isVisible()
    offered = pending_drafts(vault)
    assert [d.case_id for d in offered] == [case_id]
    assert vault.case(case_id).status == "draft"
    resumed = make_wizard(draft_id=offered[0].id)
    assert resumed.currentId() == PageId.PEOPLE
    assert resumed.page_widget(PageId.PEOPLE).rows[0].name.text() == "Zoë Ødegård"


def test_discard_says_what_is_lost_and_is_audited(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    wizard = make_wizard()
    case_id = _to_people(qtbot, wizard)
    reference = vault.case(case_id).reference
    vault.add_evidence_text(case_id, "you are a loser", AUTHOR)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.close_question is not None
    wizard.close_question.discard.click()
    confirm = wizard.discard_question
    assert confirm is not None and confirm.isVisible()
    assert confirm.defaultButton() is confirm.back  # the safe answer is the default
    said = confirm.text() + " " + confirm.informativeText()
    assert "Comments in a Year 8 chat" in said
    assert "cannot be got back" in said
    assert reference in said and "1 evidence item" in said
    assert "Discarded before it was finished" in said
    # "Go back" on the confirmation discards nothing and leaves the wizard open.
    confirm.back.click()
    assert wizard.isVisible() and len(pending_drafts(vault)) == 1
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.close_question is not None
    wizard.close_question.discard.click()
    assert wizard.discard_question is not None
    wizard.discard_question.discard.click()
    assert not wizard.isVisible()
    assert pending_drafts(vault) == []  # the draft is gone (and not saved again on closing)
    detail = vault.case(case_id)
    assert detail.status == "closed" and detail.outcome == "Discarded before it was finished"
    assert detail.closed_by == AUTHOR
    kinds = [row.kind for row in vault.audit_trail(case_id)]
    assert DISCARDED in kinds and "case.status" in kinds
    assert len(detail.evidence) == 1  # evidence once added is never removed


def test_discard_before_any_case_is_recorded_in_the_trail(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    from misuse_responder.store import audit

    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)  # a draft is saved, no case yet
    assert len(pending_drafts(vault)) == 1
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.close_question is not None
    wizard.close_question.discard.click()
    assert wizard.discard_question is not None
    assert "Nothing from it has been saved" in wizard.discard_question.informativeText()
    wizard.discard_question.discard.click()
    assert not wizard.isVisible() and pending_drafts(vault) == []
    events = audit.events_by_kind_list(DISCARDED)
    assert len(events) == 1 and events[0]["case"] is None and events[0]["draft"]


def test_nothing_typed_closes_without_asking(qtbot: QtBot, make_wizard: MakeWizard) -> None:
    wizard = make_wizard()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.close_question is None and not wizard.isVisible()


def test_a_close_by_the_app_keeps_the_draft_without_asking(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    wizard.close()  # what locking and quitting do: not a spontaneous close
    assert wizard.close_question is None and not wizard.isVisible()
    assert len(pending_drafts(vault)) == 1


def test_locking_while_the_question_is_open_keeps_the_draft(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    box = wizard.close_question
    assert box is not None and box.isVisible()
    # The lock closes every window, the question among them (in any order).
    box.close()
    wizard.close()
    assert not wizard.isVisible() and len(pending_drafts(vault)) == 1
