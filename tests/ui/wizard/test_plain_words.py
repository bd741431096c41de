"""Issue 15 item 11: the wizard speaks plain words (real source titles, explained acronyms)."""

from __future__ import annotations

from collections.abc import Callable

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
