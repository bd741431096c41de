"""Driving the wizard's pages like a user, and reading the store back."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from misuse_responder.ui.wizard import IncidentWizard, PageId
from tests.ui.wizard.conftest import click_box, click_next


def answer_safety(qtbot: QtBot, wizard: IncidentWizard, danger: bool) -> int:
    page = wizard.page_widget(PageId.SAFETY)
    assert wizard.currentId() == PageId.SAFETY
    click_box(qtbot, page.yes if danger else page.no)
    return click_next(qtbot, wizard)


def fill_facts(
    qtbot: QtBot,
    wizard: IncidentWizard,
    *,
    concerns: list[str],
    title: str,
    platform: str = "other",
    targets: tuple[str, ...] = ("pupil",),
    subject: str = "unknown",
    identified: bool = False,
    school_account: bool = False,
    summary: str = "",
) -> None:
    page = wizard.page_widget(PageId.WHAT_HAPPENED)
    assert wizard.currentId() == PageId.WHAT_HAPPENED
    page.platform.setCurrentIndex(page.platform.findData(platform))
    assert page.platform.currentData() == platform
    page.school_account.setChecked(school_account)
    for tid, box in page.targets.items():
        box.setChecked(tid in targets)
    page.subject.setCurrentIndex(page.subject.findData(subject))
    page.identified.setChecked(identified)
    for cid in concerns:
        page.concerns[cid].setChecked(True)
    page.summary.setPlainText(summary)
    qtbot.keyClicks(page.title_edit, title)
