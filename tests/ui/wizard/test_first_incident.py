"""Issue 15, the wizard as a stressed teacher lives it: nothing recorded wrong (evidence
details carried over, every DSL named as told, typed dates ignored), "What happened"
short with the missing answer said beside Next, progress on every page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from misuse_responder.store import CaseStore
from misuse_responder.ui.wizard import IncidentWizard, PageId
from tests.ui.wizard.conftest import DSL, click_next, visible_text
from tests.ui.wizard.helpers import answer_safety, fill_facts
from tests.ui.wizard.test_walkthroughs import finish, walk_to

MakeWizard = Callable[..., IncidentWizard]
DEPUTY = "Ms Dee Deputy"


def _to_evidence(qtbot: QtBot, wizard: IncidentWizard) -> None:
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(qtbot, wizard, concerns=["bullying"], title="Comments", platform="instagram")
    walk_to(qtbot, wizard, PageId.EVIDENCE)


def test_evidence_form_is_cleared_and_a_mistake_can_be_withdrawn(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    wizard = make_wizard()
    _to_evidence(qtbot, wizard)
    panel = wizard.page_widget(PageId.EVIDENCE).panel
    assert panel is not None
    case_id = panel.case_id
    panel.description.setPlainText("Screenshot of the comments")
    panel.url.setText("https://instagram.example/p/1")
    panel.account.setText("@jade_x09")
    panel.message.setPlainText("you are such a loser")
    qtbot.mouseClick(panel.add_text, Qt.MouseButton.LeftButton)
    # Cleared for the next item, and what was added is said next to the list.
    assert panel.description.toPlainText() == ""
    assert panel.url.text() == "" and panel.account.text() == ""
    assert panel.last_added.isVisible()
    assert "Screenshot of the comments" in panel.last_added.text()
    # The next item is saved with its own details only.
    panel.description.setPlainText("Link to the account")
    panel.link.setText("https://instagram.example/jade")
    qtbot.mouseClick(panel.add_link, Qt.MouseButton.LeftButton)
    items = vault.case(case_id).evidence
    assert [(e.kind, e.description, e.url, e.account) for e in items] == [
        ("text", "Screenshot of the comments", "https://instagram.example/p/1", "@jade_x09"),
        ("link", "Link to the account", "https://instagram.example/jade", None),
    ]
    # The link was a mistake: withdraw it, with a reason; its fingerprint stays.
    sha = items[1].sha256
    panel.items.setCurrentItem(panel.items.topLevelItem(1))
    assert not panel.withdraw_button.isEnabled()  # no reason yet
    panel.withdraw_reason.setText("Wrong account")
    assert panel.withdraw_button.isEnabled()
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    after = vault.case(case_id).evidence[1]
    assert after.withdrawn_at is not None and after.withdrawn_reason == "Wrong account"
    assert after.sha256 == sha
    row = panel.items.topLevelItem(1)
    assert (
        "withdrawn" in row.text(1)
        and "Wrong account" in row.text(1)
        and row.data(2, Qt.ItemDataRole.UserRole) == sha
    )
    assert vault.case(case_id).evidence[0].withdrawn_at is None
    walk_to(qtbot, wizard, PageId.REVIEW)
    summary = wizard.page_widget(PageId.REVIEW).summary.text()
    assert "Evidence items kept: 1" in summary
    assert "Withdrawn (still in the record, with the reason): 1" in summary


def test_told_records_only_the_person_picked(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    wizard = make_wizard()
    _to_evidence(qtbot, wizard)
    walk_to(qtbot, wizard, PageId.TELL)
    tell = wizard.page_widget(PageId.TELL)
    box = next(b for b in tell.boxes if b.escalation == "dsl")
    assert set(box.people) == {DSL, DEPUTY}  # both DSL contacts offered, neither ticked
    assert not any(b.isChecked() for b in box.people.values())
    box.people[DSL].setChecked(True)
    walk_to(qtbot, wizard, PageId.REVIEW)
    case_id = finish(qtbot, wizard)
    told = [e.text for e in vault.case(case_id).entries if e.kind == "contact"]
    assert len(told) == 1 and DSL in told[0] and DEPUTY not in told[0], told


def test_typed_uk_dates_stay_as_typed_and_reach_the_store(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    page = wizard.page_widget(PageId.WHAT_HAPPENED)
    page.happened.clear()
    qtbot.keyClicks(page.happened, "01/09/2026 08:45")
    assert page.happened.text() == "01/09/2026 08:45"
    page.happened.clearFocus()
    assert page.happened.text() == "01/09/2026 08:45"
    fill_facts(qtbot, wizard, concerns=["bullying"], title="Dates", summary="Said in form time.")
    assert page.happened.text() == "01/09/2026 08:45"
    click_next(qtbot, wizard)
    case_id = wizard.ctx.state.case_id
    assert case_id is not None
    note = next(e for e in vault.case(case_id).entries if "form time" in e.text)
    assert note.occurred_at is not None
    local = note.occurred_at.astimezone()
    assert (local.day, local.month, local.year, local.hour, local.minute) == (1, 9, 2026, 8, 45)
    # Back: the page shows the date as it was typed.
    wizard.back()
    assert page.happened.text() == "01/09/2026 08:45"


def test_a_typed_date_that_is_not_a_date_is_said_beside_next(
    qtbot: QtBot, make_wizard: MakeWizard
) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    page = wizard.page_widget(PageId.WHAT_HAPPENED)
    fill_facts(qtbot, wizard, concerns=["bullying"], title="Dates")
    page.found.setText("31/02/2026")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "31/02/2026 is not a real date" in page.missing_note.text()
    page.found.setText("28/02/2026 10:00")
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_date_of_birth_typed_the_uk_way(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    wizard = make_wizard()
    _to_evidence(qtbot, wizard)
    wizard.back()
    assert wizard.currentId() == PageId.PEOPLE
    people = wizard.page_widget(PageId.PEOPLE)
    row = people.add_row()
    row.name.setText("Jade")
    qtbot.keyClicks(row.dob, "12/13/2012")  # month first: not a UK date, said beside Next
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert people.missing_note.text().startswith("Jade: Date of birth:")
    row.dob.clear()
    qtbot.keyClicks(row.dob, "12/03/2012")
    assert row.dob.text() == "12/03/2012"
    click_next(qtbot, wizard)
    case_id = wizard.ctx.state.case_id
    person = next(p for p in vault.case(case_id).people if p.removed_at is None)
    assert person.date_of_birth == date(2012, 3, 12).isoformat()
    wizard.back()
    assert people.rows[0].dob.text() == "12/03/2012"


def test_no_utc_and_uk_dates_on_every_page(
    qtbot: QtBot, make_wizard: MakeWizard, tmp_path: Path
) -> None:
    wizard = make_wizard()
    _to_evidence(qtbot, wizard)
    seen = walk_to(qtbot, wizard, PageId.REVIEW)
    assert seen
    wizard.restart()
    for _step in range(12):
        text = visible_text(wizard)
        assert "UTC" not in text and "+00:00" not in text
        if wizard.currentId() == PageId.REVIEW:
            break
        click_next(qtbot, wizard)
    today = datetime.now().strftime("%d/%m/%Y")
    assert today in wizard.page_widget(PageId.WHAT_HAPPENED).found.text()


def test_what_happened_groups_concerns_and_says_what_is_missing(
    qtbot: QtBot, make_wizard: MakeWizard
) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    page = wizard.page_widget(PageId.WHAT_HAPPENED)
    # The four Cs, the commonest first; explanations hidden until asked for.
    titles = [box.title() for box in page.concern_groups.values()]
    assert titles[:4] == [
        "How people behaved (conduct)",
        "Who got in touch (contact)",
        "What was seen (content)",
        "Money and scams (commerce)",
    ]
    first = next(iter(page.concern_rows))
    assert first == "bullying"
    row = page.concern_rows["bullying"]
    assert not row.explain.isVisible()
    assert row.box.toolTip() == row.explain.text() != ""
    qtbot.mouseClick(row.more, Qt.MouseButton.LeftButton)
    assert row.explain.isVisible()
    row.box.setFocus()
    qtbot.keyClick(row.box, Qt.Key.Key_F1)
    assert not row.explain.isVisible()
    # What is needed comes first on the page (before the dates and the people).
    assert (
        page.concern_groups["conduct"]
        .mapTo(page.body, page.concern_groups["conduct"].rect().topLeft())
        .y()
        < page.happened.mapTo(page.body, page.happened.rect().topLeft()).y()
    )
    assert (
        page.title_edit.mapTo(page.body, page.title_edit.rect().topLeft()).y()
        < page.happened.mapTo(page.body, page.happened.rect().topLeft()).y()
    )
    # Next is grey: the sentence beside it says why, and changes as things are given.
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    assert page.missing_note.isVisible()
    assert page.missing_note.text() == "To go on, tick what it is about and give it a short title."
    page.concerns["bullying"].setChecked(True)
    assert page.missing_note.text() == "To go on, give it a short title."
    qtbot.keyClicks(page.title_edit, "Comments")
    assert next_button.isEnabled() and not page.missing_note.isVisible()
    # The note is outside the scrolled content, so it is always in view near Next.
    assert not page.body.isAncestorOf(page.missing_note)


def test_step_n_of_m_on_every_page(qtbot: QtBot, make_wizard: MakeWizard) -> None:
    wizard = make_wizard()
    safety = wizard.page_widget(PageId.SAFETY)
    assert safety.title().startswith("Step 1 of ")
    assert safety.step_title() == "Safety first"
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(qtbot, wizard, concerns=["bullying"], title="Comments", platform="instagram")
    click_next(qtbot, wizard)
    route = wizard.ctx.route()
    total = len(route)
    assert route[:3] == [PageId.SAFETY, PageId.WHAT_HAPPENED, PageId.STEPS]
    number = 3
    while True:
        page = wizard.page_widget(PageId(wizard.currentId()))
        assert page.title() == f"Step {number} of {total}: {page.step_title()}"
        assert visible_text(wizard).count(page.step_title()) >= 1
        if wizard.currentId() == PageId.REVIEW:
            break
        click_next(qtbot, wizard)
        number += 1
    assert number == total
