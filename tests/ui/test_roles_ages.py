"""Ages, the DSL role, the harm tests and agency staff: asked in plain words, only when they
apply, and read back from the facts the store assessed (not from the widgets).

Also: "The Head teacher is also the DSL" in the school profile, the tell page offering the
deputy DSL when the DSL is the person responsible, and drafts from before the age question.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from misuse_responder.store import CaseStore, profile_facts
from misuse_responder.ui.main_window import MainWindow
from misuse_responder.ui.settings.school_form import SchoolForm
from misuse_responder.ui.wizard import IncidentWizard, PageId
from misuse_responder.ui.wizard.answers import supported_fact_keys
from misuse_responder.ui.wizard.state import WizardState
from tests.support import PASSPHRASE
from tests.ui.wizard.conftest import (
    CHAIR,
    DSL,
    HEAD,
    click_box,
    click_next,
    make_wizard,
    vault,
    visible_text,
)
from tests.ui.wizard.helpers import answer_safety, fill_facts

__all__ = ["make_wizard", "vault"]  # fixtures used below

MakeWizard = Callable[..., IncidentWizard]
NEW_KEYS = {
    "target_age",
    "subject_age",
    "head_is_dsl",
    "has_deputy_dsl",
    "subject_is_dsl",
    "harm_tests",
    "subject_agency_staff",
}
needs_contract = pytest.mark.skipif(
    not supported_fact_keys() >= NEW_KEYS,
    reason="the engine's facts contract does not know the new keys yet",
)


def _assessed(store: CaseStore, case_id: int) -> dict[str, Any]:
    """The facts of the store's latest assessment of the case."""
    return store.case(case_id).assessments[-1].facts


@needs_contract
def test_staff_subject_asks_the_harm_tests_and_they_reach_the_store(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    page = wizard.page_widget(PageId.WHAT_HAPPENED)
    q = page.questions
    # Nothing about an adult in school until one is chosen.
    assert not q.adult.isVisible()
    fill_facts(
        qtbot,
        wizard,
        concerns=["staff-conduct"],
        title="Teacher messaging a pupil privately",
        platform="whatsapp",
        subject="staff",
        identified=True,
    )
    assert page.about.isVisible() and q.adult.isVisible()
    assert q.target_age.isVisible() and not q.subject_age.isVisible()  # staff: an adult
    assert q.is_dsl.isVisible() and q.agency.isVisible()
    text = visible_text(page)
    for words in (
        "How old is the child affected?",
        "Is the person responsible the DSL?",
        "Are they agency or supply staff?",
        "Has this person harmed a child, or may they have?",
        "Might they have committed a criminal offence against or related to a child?",
        "Not sure counts as yes",
    ):
        assert words in text, words
    # Every question starts at "Not sure".
    assert all(c.value() == "not-sure" for c in q.harm.values())
    q.target_age.setCurrentIndex(q.target_age.findData("13-15"))
    click_box(qtbot, q.is_dsl.buttons["no"])
    click_box(qtbot, q.agency.buttons["yes"])
    for test in ("harmed", "offence", "risk"):
        click_box(qtbot, q.harm[test].buttons["no"])
    assert click_next(qtbot, wizard) == PageId.STEPS
    case_id = wizard.ctx.state.case_id
    assert case_id is not None
    facts = _assessed(vault, case_id)
    assert facts["target_age"] == "13-15"
    assert facts["subject_age"] == "unknown"
    assert facts["subject_is_dsl"] is False
    assert facts["subject_agency_staff"] is True
    assert facts["harm_tests"] == {
        "harmed": "no",
        "offence": "no",
        "risk": "no",
        "unsuitable": "not-sure",
    }
    assert facts["head_is_dsl"] is False and facts["has_deputy_dsl"] is True
    # Back, change an answer: the case is re-assessed with it.
    wizard.back()
    click_box(qtbot, q.harm["unsuitable"].buttons["no"])
    click_next(qtbot, wizard)
    assert _assessed(vault, case_id)["harm_tests"]["unsuitable"] == "no"
    assert len(vault.case(case_id).assessments) == 2


@needs_contract
def test_pupil_subject_age_and_not_sure_is_unknown(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(
        qtbot,
        wizard,
        concerns=["nude-imagery"],
        title="Sixth-former shared a photo",
        subject="pupil",
    )
    q = wizard.page_widget(PageId.WHAT_HAPPENED).questions
    assert q.subject_age.isVisible() and q.target_age.isVisible() and not q.adult.isVisible()
    assert [q.subject_age.itemText(i) for i in range(q.subject_age.count())] == [
        "Not sure",
        "Under 13",
        "13 to 15",
        "16 or 17",
        "18 or over",
    ]
    q.subject_age.setCurrentIndex(q.subject_age.findData("18-plus"))
    assert click_next(qtbot, wizard) == PageId.STOP
    facts = _assessed(vault, wizard.ctx.state.case_id)
    assert facts["subject_age"] == "18-plus" and facts["target_age"] == "unknown"
    assert "harm_tests" not in facts or facts["harm_tests"] == dict.fromkeys(
        ("harmed", "offence", "risk", "unsuitable"), "not-sure"
    )
    assert facts["subject_is_dsl"] is False and facts["subject_agency_staff"] is False


@needs_contract
def test_head_who_is_dsl_is_not_asked_and_the_deputy_is_told(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    profile = vault.school()
    vault.set_school(
        type(profile)(profile.name, profile.jurisdiction, profile.contacts, head_is_dsl=True),
        HEAD,
    )
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(
        qtbot,
        wizard,
        concerns=["staff-conduct"],
        title="Head teacher's messages to a pupil",
        platform="whatsapp",
        subject="headteacher",
        identified=True,
    )
    q = wizard.page_widget(PageId.WHAT_HAPPENED).questions
    assert q.head_dsl_note.isVisible() and not q.is_dsl.isVisible() and not q.agency.isVisible()
    assert "the Head teacher is also the DSL" in q.head_dsl_note.text()
    click_next(qtbot, wizard)
    facts = _assessed(vault, wizard.ctx.state.case_id)
    assert facts["head_is_dsl"] is True and facts["subject_is_dsl"] is True
    while wizard.currentId() != PageId.TELL:
        click_next(qtbot, wizard)
    tell = wizard.page_widget(PageId.TELL)
    escalations = [b.escalation for b in tell.boxes]
    assert "dsl" not in escalations and "headteacher" not in escalations
    assert "deputy-dsl" in escalations
    text = visible_text(tell)
    assert "Ms Dee Deputy" in text and CHAIR in text
    assert DSL not in text and HEAD not in text
    deputy = next(b for b in tell.boxes if b.escalation == "deputy-dsl")
    assert deputy.title() == "Deputy designated safeguarding lead (deputy DSL)"


def test_a_draft_from_before_the_age_question_still_loads() -> None:
    old = {
        "danger": False,
        "concerns": ["bullying"],
        "subject": "pupil",
        "subject_under_13": True,
        "title": "Old draft",
        "a_key_from_the_future": 1,
        "harm_tests": "damaged",
    }
    state = WizardState.from_dict(old)
    assert state.subject_age == "under-13" and state.target_age == "unknown"
    assert state.harm_tests == {} and state.title == "Old draft"
    facts = state.facts()
    assert facts.subject_under_13 and facts.subject_age == "under-13"


@needs_contract
def test_facts_editor_asks_the_same_questions(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any]
) -> None:
    store = unlocked.store
    assert store is not None
    case_id = seeded["ids"]["overdue"]
    unlocked.open_case(case_id)
    summary = unlocked.case_view.summary
    summary.edit_facts.click()
    editor = summary.facts_editor
    q = editor.questions
    editor.subject.setCurrentIndex(editor.subject.findData("staff"))
    assert editor.about.isVisibleTo(summary) and q.adult.isVisibleTo(summary)
    click_box(qtbot, q.agency.buttons["yes"])
    click_box(qtbot, q.is_dsl.buttons["no"])
    for choice in q.harm.values():
        click_box(qtbot, choice.buttons["no"])
    q.target_age.setCurrentIndex(q.target_age.findData("16-17"))
    qtbot.mouseClick(summary.reassess_button, Qt.MouseButton.LeftButton)
    facts = _assessed(store, case_id)
    assert facts["subject"] == "staff" and facts["subject_agency_staff"] is True
    assert facts["harm_tests"] == dict.fromkeys(("harmed", "offence", "risk", "unsuitable"), "no")
    assert facts["target_age"] == "16-17"
    # Shown again from the stored facts.
    unlocked.open_case(case_id)
    assert editor.questions.agency.value() == "yes"
    assert editor.questions.harm["risk"].value() == "no"


def test_school_profile_says_the_head_is_the_dsl(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any]
) -> None:
    store = unlocked.store
    assert store is not None
    unlocked.show_settings()
    form: SchoolForm = unlocked.settings.school
    assert not form.head_is_dsl.isChecked()
    click_box(qtbot, form.head_is_dsl)
    assert unlocked.settings.save_profile()
    assert store.school().head_is_dsl is True
    unlocked.show_settings()
    assert form.head_is_dsl.isChecked()


@needs_contract
def test_stop_page_sends_staff_to_the_deputy_when_the_dsl_is_responsible(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(
        qtbot,
        wizard,
        concerns=["nude-imagery"],
        title="Photo of a pupil on the DSL's phone",
        subject="staff",
        identified=True,
    )
    q = wizard.page_widget(PageId.WHAT_HAPPENED).questions
    click_box(qtbot, q.is_dsl.buttons["yes"])
    assert click_next(qtbot, wizard) == PageId.STOP
    stop = wizard.page_widget(PageId.STOP)
    assert "Tell the deputy DSL now" in stop.tell.text()
    assert "Ms Dee Deputy" in stop.dsl.text() and DSL not in stop.dsl.text()
    assert DSL not in visible_text(wizard)
    assert _assessed(vault, wizard.ctx.state.case_id)["subject_is_dsl"] is True


def test_first_run_keeps_head_is_dsl_and_a_deputy(
    qtbot: QtBot, data_dir: Path, make_window: Callable[[], MainWindow]
) -> None:
    window = make_window()
    assert window.first_run is not None
    setup = window.first_run.setup
    setup.school.name.setText("Little Oak Primary")
    rows = setup.school.contacts._rows
    next(r for r in rows if r.role == "head").name.setText("Mrs Head")
    next(r for r in rows if r.role == "deputy-dsl").name.setText("Mr Deputy")
    click_box(qtbot, setup.school.head_is_dsl)
    setup.author.setText("Mrs Head")
    setup.passphrase.setText(PASSPHRASE)
    setup.repeat.setText(PASSPHRASE)
    assert window.first_run.create_store(), setup.message.text()
    window.first_run.recovery.confirm.setChecked(True)
    window.first_run.recovery.continue_button.click()
    qtbot.waitUntil(lambda: window.store is not None)
    store = window.store
    assert store is not None
    profile = store.school()
    assert profile.head_is_dsl is True
    assert profile_facts(profile) == {"head_is_dsl": True, "has_deputy_dsl": True}
