"""Issue 15 item 11: the wizard speaks plain words (real source titles, explained acronyms)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QLabel
from pytestqt.qtbot import QtBot

from misuse_responder.ui.wizard import IncidentWizard, PageId
from tests.ui.wizard.conftest import click_next, visible_text
from tests.ui.wizard.helpers import answer_safety, fill_facts

MakeWizard = Callable[..., IncidentWizard]


def open_steps(qtbot: QtBot, make_wizard: MakeWizard) -> IncidentWizard:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(
        qtbot,
        wizard,
        concerns=["bullying"],
        title="Comments on a Year 9 pupil's post",
        platform="instagram",
        subject="pupil",
        identified=True,
    )
    assert click_next(qtbot, wizard) == PageId.STEPS
    return wizard


def test_steps_show_sources_by_their_real_titles(qtbot: QtBot, make_wizard: MakeWizard) -> None:
    wizard = open_steps(qtbot, make_wizard)
    text = visible_text(wizard)
    assert "Source: " in text
    assert "the school's social media policy" in text
    assert "seed" not in text.lower()


def open_staff_case(qtbot: QtBot, make_wizard: MakeWizard, platform: str) -> IncidentWizard:
    """Abusive posts about a teacher: the guidance sends staff to POSH."""
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(
        qtbot,
        wizard,
        concerns=["bullying"],
        title="Posts about Mr Reed",
        platform=platform,
        targets=("staff",),
    )
    assert click_next(qtbot, wizard) == PageId.STEPS
    return wizard


def walk_to(qtbot: QtBot, wizard: IncidentWizard, target: PageId) -> None:
    for _ in range(12):
        if wizard.currentId() == target:
            return
        click_next(qtbot, wizard)
    raise AssertionError(f"never reached {target.name}")


def test_a_step_sending_staff_to_posh_gives_its_contact(
    qtbot: QtBot, make_wizard: MakeWizard
) -> None:
    wizard = open_staff_case(qtbot, make_wizard, "instagram")
    steps = wizard.page_widget(PageId.STEPS)
    assert "call-posh" in steps.boxes
    text = visible_text(wizard)
    assert "Contact: phone 0344 381 4772, email helpline@saferinternet.org.uk" in text


def test_platform_page_says_not_confirmed_once_and_gives_poshs_contact(
    qtbot: QtBot, make_wizard: MakeWizard
) -> None:
    wizard = open_staff_case(qtbot, make_wizard, "instagram")
    walk_to(qtbot, wizard, PageId.PLATFORM)
    text = visible_text(wizard)
    assert text.count("Not confirmed*") >= 2  # each unconfirmed line is marked...
    assert text.count("check before relying on it") == 1  # ...and the warning said once
    assert "POSH" in text and "0344 381 4772" in text  # the routes say "ask POSH"


def test_unlisted_platform_gives_poshs_contact(qtbot: QtBot, make_wizard: MakeWizard) -> None:
    wizard = open_staff_case(qtbot, make_wizard, "other")
    walk_to(qtbot, wizard, PageId.PLATFORM)
    text = visible_text(wizard)
    assert "not in the app's directory" in text
    assert "0344 381 4772" in text and "helpline@saferinternet.org.uk" in text


def test_steps_page_explains_acronyms_once_and_on_hover(
    qtbot: QtBot, make_wizard: MakeWizard
) -> None:
    wizard = open_staff_case(qtbot, make_wizard, "instagram")
    page = wizard.page_widget(PageId.STEPS)
    text = visible_text(wizard)
    assert text.count("KCSIE") >= 2
    assert text.count("KCSIE (Keeping Children Safe in Education)") == 1  # first use only
    assert text.count("CEOP (the National Crime Agency's child protection command)") == 1
    using = [
        w
        for w in page.findChildren(QLabel) + page.findChildren(QCheckBox)
        if w.isVisibleTo(page) and ("KCSIE" in w.text() or "CEOP" in w.text())
    ]
    assert len(using) >= 3
    for w in using:
        assert "KCSIE: Keeping Children Safe in Education" in w.toolTip() or (
            "CEOP: CEOP (Child Exploitation and Online Protection)" in w.toolTip()
        )
