"""A Welsh school's teacher walks through an incident in Welsh (issue 12 item 4), with the
real catalogue (built by scripts/setup.sh) and the real Welsh guide texts in guides/text/cy/:
the pages, Qt's own buttons and the guidance's steps are Welsh, and what is stored keeps the
same ids and routing as an English walk-through."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from misuse_responder import i18n
from misuse_responder.guidance import load_guides
from misuse_responder.guidance.engine import assess_data
from misuse_responder.guidance.guide_text import translated
from misuse_responder.guidance.jurisdictions import guides_for
from misuse_responder.store import CaseStore, SchoolProfile
from misuse_responder.ui import language
from misuse_responder.ui.wizard import IncidentWizard, PageId
from tests.ui.wizard.conftest import HEAD, click_next, visible_text
from tests.ui.wizard.helpers import answer_safety, fill_facts

MakeWizard = Callable[..., IncidentWizard]
MO = i18n._LOCALE_DIR / "cy" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"


@pytest.fixture
def in_welsh(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[None]:
    assert MO.is_file(), "run scripts/setup.sh (it compiles the Welsh catalogue)"
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    i18n.reset()
    language.install(qapp)
    with i18n.temporary_language("cy"):
        language.language_changed()
        yield
    i18n.reset()
    language.language_changed()


def _walk(qtbot: QtBot, make_wizard: MakeWizard) -> tuple[IncidentWizard, dict[PageId, str]]:
    wizard = make_wizard()
    seen = {PageId.SAFETY: wizard.currentPage().title()}
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(
        qtbot,
        wizard,
        concerns=["bullying"],
        title="Sylwadau cas o dan bost disgybl",
        platform="instagram",
        subject="pupil",
        identified=True,
    )
    while wizard.currentId() != PageId.REVIEW:
        page = click_next(qtbot, wizard)
        seen[PageId(page)] = visible_text(wizard)
    return wizard, seen


def test_a_welsh_school_walks_through_an_incident_in_welsh(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore, in_welsh: None
) -> None:
    school = vault.school()
    vault.set_school(SchoolProfile(school.name, "wales", school.contacts), HEAD)
    wizard, seen = _walk(qtbot, make_wizard)

    assert seen[PageId.SAFETY] == "Cam 1 o 8: Diogelwch yn gyntaf"
    assert wizard.button(QWizard.WizardButton.BackButton).text() != "< &Back"
    welsh = guides_for(translated(load_guides(), "cy"), "wales")
    english = guides_for(load_guides(), "wales")
    steps_text = seen[PageId.STEPS]
    shown = [s for s in welsh.steps.values() if s.title.split("{")[0].strip() in steps_text]
    assert shown, steps_text
    for step in shown:  # a Welsh title really differs from its English one
        assert step.title != english.steps[step.id].title
    assert "Tell the DSL" not in steps_text

    case_id = wizard.ctx.state.case_id
    assert case_id is not None
    case = vault.case(case_id)
    assert case.facts["jurisdiction"] == "wales"
    routed = assess_data(dict(case.facts), load_guides())
    assert {a.step_id for a in case.actions} <= set(routed.step_ids)
    wizard.close()
