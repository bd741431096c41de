"""The case view names the roles as the nation the case was assessed for does (issue 12
item 3), and a re-assessment keeps the case's nation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from misuse_responder.guidance import load_guides
from misuse_responder.guidance.jurisdictions import available, guides_for, role_label
from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore, SchoolProfile
from misuse_responder.ui.case_view.summary_tab import SummaryTab
from tests.support import PASSPHRASE, SCHOOL

NATIONS = available(load_guides())
HEAD_SUBJECT = {
    "concerns": ["staff-conduct"],
    "targets": ["pupil"],
    "subject": "headteacher",
    "subject_identified": True,
}


@pytest.fixture
def store(isolated_data_dir: Path) -> Iterator[CaseStore]:
    s, _key = CaseStore.create(
        isolated_data_dir, PASSPHRASE, SCHOOL, actor="Ms Head", kdf=FAST_KDF_FOR_TESTS
    )
    yield s
    s.close()


@pytest.mark.parametrize("nation", NATIONS)
def test_the_summary_tab_says_who_to_tell_in_the_cases_words(
    nation: str, qtbot: QtBot, store: CaseStore
) -> None:
    store.set_school(SchoolProfile(SCHOOL, nation, ()), "Ms Head")
    case = store.create_case({**HEAD_SUBJECT, "jurisdiction": nation}, "About the Head", "Ms D")
    tab = SummaryTab()
    qtbot.addWidget(tab)
    tab.show_case(store, "Ms D", store.case(case.id))
    g = guides_for(load_guides(), nation)
    told = store.guidance(case.id)["escalate_to"]
    assert told
    text = tab.guidance_label.text()
    for role in told:
        assert role_label(g, nation, role) in text, role
    # Re-assessing from the facts editor keeps the case in its nation.
    assert tab.reassess()
    assert store.case(case.id).facts.get("jurisdiction", "england") == nation


@pytest.mark.parametrize("nation", NATIONS)
def test_the_hand_over_button_names_the_nations_lead(
    nation: str, qtbot: QtBot, store: CaseStore
) -> None:
    from misuse_responder.ui.case_view.view import CaseView

    store.set_school(SchoolProfile(SCHOOL, nation, ()), "Ms Head")
    case = store.create_case({**HEAD_SUBJECT, "jurisdiction": nation}, "About the Head", "Ms D")
    view = CaseView()
    qtbot.addWidget(view)
    view.show_case(store, "Ms D", case.id)
    lead = role_label(guides_for(load_guides(), nation), nation, "dsl", short=True)
    assert view.handover_button.accessibleName() == f"Hand this case over to {lead}"
