"""Drafts through the wizard: resume after a crash, and Back keeps what was typed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from misuse_responder.store import CaseStore
from misuse_responder.ui.wizard import IncidentWizard, PageId, pending_drafts
from tests.ui.wizard.conftest import click_next
from tests.ui.wizard.helpers import answer_safety, fill_facts

MakeWizard = Callable[..., IncidentWizard]


def test_resume_after_crash(qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(
        qtbot,
        wizard,
        concerns=["bullying", "threats"],
        title="Threats in a Year 8 chat",
        platform="whatsapp",
        subject="pupil",
        summary="Pupil E was told she would be beaten up.",
    )
    click_next(qtbot, wizard)  # the page change saves a draft
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.PEOPLE
    people = wizard.page_widget(PageId.PEOPLE)
    people.add_row().name.setText("Émilie Brontë")
    wizard.save_draft()  # as the app does before auto-lock
    case_id = wizard.ctx.state.case_id
    assessments = len(vault.case(case_id).assessments)
    # The crash: the window goes without finishing, closing or saving anything more.
    wizard.currentIdChanged.disconnect()
    wizard.setParent(None)
    wizard.deleteLater()
    qtbot.wait(1)

    offered = pending_drafts(vault)
    assert [d.title for d in offered] == ["Threats in a Year 8 chat"]
    resumed = IncidentWizard(vault, "Ms Teacher", draft_id=offered[0].id)
    qtbot.addWidget(resumed)
    resumed.show()
    assert resumed.currentId() == PageId.PEOPLE
    rows = resumed.page_widget(PageId.PEOPLE).rows
    assert [r.name.text() for r in rows] == ["Émilie Brontë"]
    what = resumed.page_widget(PageId.WHAT_HAPPENED)
    assert what.title_edit.text() == "Threats in a Year 8 chat"
    assert what.concerns["threats"].isChecked() and what.concerns["bullying"].isChecked()
    assert what.summary.toPlainText() == "Pupil E was told she would be beaten up."
    assert what.platform.currentData() == "whatsapp"
    # Nothing was written twice while walking back to where the user was.
    assert resumed.ctx.state.case_id == case_id
    assert len(vault.list_cases().items) == 1
    assert len(vault.case(case_id).assessments) == assessments
    assert len(vault.case(case_id).entries) == 1
    # Back works after resuming, and finishing removes the draft.
    resumed.back()
    assert resumed.currentId() == PageId.STEPS
    while resumed.currentId() != PageId.REVIEW:
        click_next(qtbot, resumed)
    with qtbot.waitSignal(resumed.caseSaved, timeout=5000):
        resumed.button(QWizard.WizardButton.FinishButton).click()
    assert pending_drafts(vault) == []
    names = [p.name for p in vault.case(case_id).people if p.removed_at is None]
    assert names == ["Émilie Brontë"]


def test_back_keeps_entered_data(qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(
        qtbot,
        wizard,
        concerns=["impersonation"],
        title="Fake account of Mr F",
        platform="tiktok",
        targets=("staff",),
        summary="A fake TikTok account uses Mr F's photo.",
    )
    click_next(qtbot, wizard)
    case_id = wizard.ctx.state.case_id
    wizard.back()
    assert wizard.currentId() == PageId.WHAT_HAPPENED
    what = wizard.page_widget(PageId.WHAT_HAPPENED)
    assert what.title_edit.text() == "Fake account of Mr F"
    assert what.concerns["impersonation"].isChecked()
    assert what.targets["staff"].isChecked() and not what.targets["pupil"].isChecked()
    assert what.summary.toPlainText() == "A fake TikTok account uses Mr F's photo."
    assert what.platform.currentData() == "tiktok"
    wizard.back()
    assert wizard.page_widget(PageId.SAFETY).no.isChecked()
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.ctx.state.case_id == case_id
    assert len(vault.case(case_id).assessments) == 1  # unchanged facts: no new assessment
    # Change a fact after Back: the case is re-assessed, not duplicated.
    wizard.back()
    what.concerns["harassment"].setChecked(True)
    click_next(qtbot, wizard)
    assert len(vault.case(case_id).assessments) == 2
    assert "harassment" in vault.case(case_id).facts["concerns"]
    assert len(vault.list_cases().items) == 1


def test_full_disk_while_saving_a_draft_is_said_and_loses_nothing(
    qtbot: QtBot, make_wizard: MakeWizard, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from misuse_responder.store import drafts

    def no_space(*args: object, **kwargs: object) -> str:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    wizard = make_wizard()
    monkeypatch.setattr(drafts, "save_draft", no_space)
    answer_safety(qtbot, wizard, danger=False)
    assert wizard.currentId() == PageId.WHAT_HAPPENED  # the user was not stopped
    assert wizard.draft_warning.isVisible()
    assert "No space left on device" in wizard.draft_warning.text()
    assert wizard.page_widget(PageId.SAFETY).no.isChecked()
    wizard.draft_warning.accept()
    monkeypatch.undo()
    fill_facts(qtbot, wizard, concerns=["bullying"], title="Comments", summary="Seen at lunch.")
    click_next(qtbot, wizard)  # space again: the draft is written
    assert wizard.draft_id is not None
    assert [d.id for d in pending_drafts(wizard.vault)] == [wizard.draft_id]
