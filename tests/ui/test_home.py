"""The home screen (issue 15 items 9 and 12): a clear start before any case exists, every
unfinished incident one click from "Continue recording", open cases after unlock whatever
filter was left, and an empty filter that says what it hides."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore
from misuse_responder.ui.main_window import MainWindow
from misuse_responder.ui.wizard import IncidentWizard, PageId
from tests.support import PASSPHRASE, SCHOOL
from tests.ui.conftest import unlock, visible_texts
from tests.ui.wizard.helpers import answer_safety, fill_facts


def _empty_store(data_dir: Path) -> None:
    store, _recovery = CaseStore.create(
        data_dir, PASSPHRASE, SCHOOL, actor="Ms Head", kdf=FAST_KDF_FOR_TESTS
    )
    store.close()


def test_first_home_screen_offers_record_an_incident(
    qtbot: QtBot, data_dir: Path, make_window: Callable[[], MainWindow]
) -> None:
    _empty_store(data_dir)
    window = make_window()
    unlock(qtbot, window)
    page = window.case_list
    assert page.start.isVisible() and not page.table.isVisible()
    shown = visible_texts(window)
    assert "Record an incident" in shown
    assert "Is anyone in danger right now?" in shown  # the safety question, before any record
    assert any("call 999 now" in text for text in shown)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.start.button)  # Enter starts it
    qtbot.keyClick(page.start.button, Qt.Key.Key_Space)
    wizard = window.wizard
    assert isinstance(wizard, IncidentWizard)
    qtbot.waitExposed(wizard)
    assert wizard.currentId() == PageId.SAFETY


def test_a_kept_draft_is_one_click_away_without_locking(
    qtbot: QtBot, data_dir: Path, make_window: Callable[[], MainWindow]
) -> None:
    _empty_store(data_dir)
    window = make_window()
    unlock(qtbot, window)
    wizard = window.new_incident()
    qtbot.waitExposed(wizard)
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(qtbot, wizard, concerns=["bullying"], title="Comments in a Year 8 chat")
    qtbot.mouseClick(wizard.button(wizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.close_question is not None
    wizard.close_question.keep.click()
    qtbot.waitUntil(lambda: window.wizard is None)
    page = window.case_list
    # Before: "No cases yet." and no way back to the draft until the app was locked.
    qtbot.waitUntil(lambda: page.drafts_box.isVisible())
    assert not page.start.isVisible() and page.table.isVisible()
    assert "Comments in a Year 8 chat" in page.drafts_box.rows[0][0].text()
    assert page.model is not None and page.model.rowCount() == 1
    status = page.model.index(0, 2).data()
    assert status == "Draft: not finished"
    page.table.setCurrentIndex(page.model.index(0, 0))
    assert page.continue_button.isVisible()
    page.drafts_box.buttons()[0].click()
    resumed = window.wizard
    assert isinstance(resumed, IncidentWizard) and resumed is not wizard
    qtbot.waitExposed(resumed)
    assert resumed.ctx.state.title == "Comments in a Year 8 chat"


def test_unlock_shows_open_cases_whatever_filter_was_left(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any]
) -> None:
    page = unlocked.case_list
    unlocked.store.open_case(seeded["ids"]["nudes"], "Ms DSL")  # no drafts left
    page.status.setCurrentIndex(page.status.findText("Drafts"))
    assert page.model is not None and page.model.rowCount() == 0
    # The empty filter says what it hides and offers the way out.
    assert "No drafts." in page.empty.text() and "3 other cases are hidden" in page.empty.text()
    assert page.show_all.isVisible()
    page.show_all.click()
    assert page.model.rowCount() == 3
    page.search.setText("raffle")
    page.status.setCurrentIndex(page.status.findText("Open cases"))
    assert page.empty.text() == "No cases match “raffle”. Only open cases were searched."
    page.search.clear()
    page.status.setCurrentIndex(page.status.findText("Drafts"))
    unlocked.lock()
    unlock(qtbot, unlocked)
    assert page.status.currentIndex() == 0  # open and draft cases again
    assert page.model is not None and page.model.rowCount() == 2
    assert page.empty.text() == ""


def test_an_unreadable_draft_is_said_not_hidden(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any]
) -> None:
    from misuse_responder.store import drafts

    folder = drafts.drafts_dir(unlocked.store)
    folder.mkdir(exist_ok=True)
    damaged = folder / f"{'ab' * 16}{drafts.SUFFIX}"
    damaged.write_bytes(b"not a draft at all")
    page = unlocked.case_list
    page.refresh()
    box = page.drafts_box
    assert box.isVisible() and box.unreadable.isVisible()
    said = box.unreadable.text()
    assert said.startswith(f"The draft {'ab' * 16} is damaged (cut short or altered)")
    assert said.endswith(f"The file is kept in {folder}.")
    assert "Traceback" not in said and damaged.exists()  # kept, never deleted on its own
    assert box.buttons() == []
