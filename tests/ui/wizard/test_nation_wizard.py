"""The wizard follows the school's nation (issue 12 item 3): the facts carry it, and the
pages name the roles as that nation's guidance does."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from misuse_responder.guidance import load_guides
from misuse_responder.guidance.jurisdictions import available, guides_for, role_label
from misuse_responder.store import CaseStore, SchoolProfile
from misuse_responder.ui.wizard import IncidentWizard, PageId
from tests.ui.wizard.conftest import HEAD, click_next, visible_text
from tests.ui.wizard.helpers import answer_safety, fill_facts

MakeWizard = Callable[..., IncidentWizard]
NATIONS = available(load_guides())


def _move(vault: CaseStore, nation: str) -> None:
    school = vault.school()
    vault.set_school(SchoolProfile(school.name, nation, school.contacts), HEAD)


@pytest.mark.parametrize("nation", NATIONS)
def test_the_review_page_names_the_nations_roles(
    nation: str, qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    _move(vault, nation)
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(
        qtbot,
        wizard,
        concerns=["bullying"],
        title="Comments under a pupil's post",
        platform="instagram",
        subject="pupil",
        identified=True,
    )
    while wizard.currentId() != PageId.REVIEW:
        click_next(qtbot, wizard)
    g = guides_for(load_guides(), nation)
    text = visible_text(wizard.page_widget(PageId.REVIEW))
    assert role_label(g, nation, "dsl") in text
    case_id = wizard.ctx.state.case_id
    assert case_id is not None
    recorded = vault.case(case_id).facts
    assert recorded.get("jurisdiction", "england") == nation  # England is the default
    steps = {a.step_id: a.title for a in vault.case(case_id).actions}
    assert steps == {s.id: s.title for s in g.steps.values() if s.id in steps}


@pytest.mark.skipif("scotland" not in NATIONS, reason="no Scottish overlay in guides/ yet")
def test_a_scottish_school_sees_the_child_protection_co_ordinator(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    _move(vault, "scotland")
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(
        qtbot,
        wizard,
        concerns=["staff-conduct"],
        title="A teacher's messages to a pupil",
        platform="whatsapp",
        subject="staff",
        identified=True,
    )
    # The pages whose role words the app itself chooses (the agencies page quotes
    # services.yaml, which has no per-nation text yet).
    checked = (PageId.STEPS, PageId.TELL, PageId.REVIEW)
    seen: list[str] = []
    while wizard.currentId() != PageId.REVIEW:
        if click_next(qtbot, wizard) in checked:
            seen.append(visible_text(wizard))
    assert len(seen) == len(checked)
    review = visible_text(wizard.page_widget(PageId.REVIEW))
    assert "child protection co-ordinator" in review.lower()
    for page in seen:  # never a LADO to contact (only that Scotland has none)
        assert re.sub(r"Scotland has no LADO", "", page).count("LADO") == 0, page
        for english in ("Designated safeguarding lead", "the DSL", "Chair of Governors"):
            assert english not in page, (english, page)
