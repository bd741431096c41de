"""A case that becomes "do not capture" after a picture was kept: every screen agrees.

The reverse order of issue 14, tried as a new user would: a bullying case, a screenshot
added, Back, nude imagery ticked. The stop page, the evidence page and the review page must
all say the same thing (one file held, sealed, awaiting the DSL), the store must have
sealed the item, and no page may offer capture again. Then the DSL's decision in the case
view, with a required reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from misuse_responder.store import CaseStore
from misuse_responder.ui.main_window import MainWindow
from misuse_responder.ui.widgets.evidence_panel import EvidencePanel
from misuse_responder.ui.wizard import IncidentWizard, PageId
from tests.ui.conftest import AUTHOR
from tests.ui.wizard.conftest import click_next, make_wizard, vault, visible_text
from tests.ui.wizard.helpers import answer_safety, fill_facts

__all__ = ["make_wizard", "vault"]  # fixtures used below

MakeWizard = Callable[..., IncidentWizard]
CAPTURE_WORDS = ("Choose file", "Paste screenshot", "Add this file", "drag one onto")


def _add_screenshot(qtbot: QtBot, panel: EvidencePanel, shot: Path) -> None:
    panel.path.setText(str(shot))
    qtbot.mouseClick(panel.add_path, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.evidenceAdded, timeout=10000):
        qtbot.mouseClick(panel.answer_no, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_busy())


def _bullying_to_evidence(qtbot: QtBot, wizard: IncidentWizard) -> EvidencePanel:
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(
        qtbot,
        wizard,
        concerns=["bullying"],
        title="Comments about a Year 9 pupil",
        platform="instagram",
        subject="pupil",
        identified=True,
    )
    while wizard.currentId() != PageId.EVIDENCE:
        click_next(qtbot, wizard)
    panel = wizard.page_widget(PageId.EVIDENCE).panel
    assert panel is not None and panel.capture_allowed
    return panel


def test_reverse_order_every_page_agrees(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore, tmp_path: Path
) -> None:
    wizard = make_wizard()
    panel = _bullying_to_evidence(qtbot, wizard)
    shot = tmp_path / "screenshot.png"
    Image.new("RGB", (30, 20), "white").save(shot)
    _add_screenshot(qtbot, panel, shot)
    case_id = wizard.ctx.state.case_id
    assert case_id is not None
    # Back to "What happened", and nude imagery ticked.
    while wizard.currentId() != PageId.WHAT_HAPPENED:
        wizard.back()
    wizard.page_widget(PageId.WHAT_HAPPENED).concerns["nude-imagery"].setChecked(True)
    assert click_next(qtbot, wizard) == PageId.STOP

    # The store sealed the screenshot in the same step.
    items = vault.case(case_id).evidence
    assert [(e.original_name, e.sealed, e.seal_decision) for e in items] == [
        ("screenshot.png", True, None)
    ]
    stop = visible_text(wizard)
    assert "Do not view, copy, screenshot" in stop
    assert "1 file already added to this case is now sealed" in stop
    seen: dict[PageId, str] = {PageId.STOP: stop}
    while wizard.currentId() != PageId.REVIEW:
        page = PageId(click_next(qtbot, wizard))
        seen[page] = visible_text(wizard)
        buttons = [b.text() for b in wizard.currentPage().findChildren(QPushButton)]
        for word in CAPTURE_WORDS:
            assert not any(word in b for b in buttons), (page.name, buttons)
            assert word not in seen[page], (page.name, word)

    # The evidence page: a description only, and the sealed file listed as sealed.
    evidence = wizard.page_widget(PageId.EVIDENCE).panel
    assert evidence is not None and evidence is not panel and not evidence.capture_allowed
    assert not evidence.acceptDrops() and not hasattr(evidence, "choose")
    assert "No images or files can be added" in seen[PageId.EVIDENCE]
    row = evidence.items.topLevelItem(0)
    assert row is not None and "awaiting the DSL's decision" in row.text(1)
    assert "1 file added before this case changed is sealed" in seen[PageId.EVIDENCE]
    # The review page says exactly what is held, and contradicts nothing.
    review = seen[PageId.REVIEW]
    assert "Evidence items kept: 0" in review
    assert "Files sealed, awaiting the DSL's decision: 1" in review
    assert "No more images or files can be added to this case" in review
    assert "No images or files may be kept" not in review
    assert "Evidence items kept: 1" not in review
    # The steps page follows the new route (it was loaded afresh, not left as for bullying).
    assert "Report it to the platform" not in seen[PageId.STEPS]
    with qtbot.waitSignal(wizard.caseSaved, timeout=5000):
        wizard.button(wizard.WizardButton.FinishButton).click()
    detail = vault.case(case_id)
    assert detail.summary.evidence_rule == "do-not-capture"
    assert [e.sealed for e in detail.evidence] == [True]


def test_not_sure_in_the_wizard_goes_to_the_stop_page(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore, tmp_path: Path
) -> None:
    wizard = make_wizard()
    panel = _bullying_to_evidence(qtbot, wizard)
    shot = tmp_path / "photo.jpg"
    Image.new("RGB", (30, 20), "pink").save(shot)
    panel.description.setPlainText("Pupil B says it is a photo of pupil A changing for PE")
    panel.path.setText(str(shot))
    qtbot.mouseClick(panel.add_path, Qt.MouseButton.LeftButton)
    # Next is refused while the question waits: nothing half-done is left behind.
    wizard.next()
    assert wizard.currentId() == PageId.EVIDENCE
    assert "Answer the question" in wizard.currentPage().error.text()
    qtbot.mouseClick(panel.answer_not_sure, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.STOP
    state = wizard.ctx.state
    assert "nude-imagery" in state.concerns and "bullying" in state.concerns
    case_id = state.case_id
    assert case_id is not None
    detail = vault.case(case_id)
    assert detail.evidence == () and not list(vault.paths.blobs.iterdir())
    assert detail.summary.evidence_rule == "do-not-capture"
    assert any("changing for PE" in e.text and "not sure" in e.text for e in detail.entries)
    # "What happened" shows the new concern ticked; nothing was assessed twice for it.
    assert wizard.page_widget(PageId.WHAT_HAPPENED).concerns["nude-imagery"].isChecked()
    assessments = len(detail.assessments)
    while wizard.currentId() != PageId.EVIDENCE:
        click_next(qtbot, wizard)
    again = wizard.page_widget(PageId.EVIDENCE).panel
    assert again is not None and not again.capture_allowed
    assert len(vault.case(case_id).assessments) == assessments


def test_case_view_seals_on_reassessment_and_the_dsl_decides(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any], tmp_path: Path
) -> None:
    store = unlocked.store
    assert store is not None
    picture = tmp_path / "screenshot.png"
    Image.new("RGB", (40, 30), (200, 10, 10)).save(picture)
    case_id = seeded["ids"]["overdue"]
    store.add_evidence_file(case_id, picture, AUTHOR, shows_child_sexual="no")
    unlocked.open_case(case_id)
    view = unlocked.case_view
    tab = view.evidence
    assert tab.thumbnails_shown() == 1 and not tab.pending.isVisible()
    # The facts change to nude imagery in the case view.
    summary = view.summary
    summary.edit_facts.click()
    summary.facts_editor.concerns["nude-imagery"].setChecked(True)
    assert summary.reassess()
    assert "1 file already held is now sealed" in summary.changed_label.text()
    view.tabs.setCurrentWidget(tab)
    item = store.case(case_id).evidence[0]
    assert item.sealed and item.seal_decision is None
    assert tab.thumbnails_shown() == 0
    assert "sealed" in tab.table.item(0, 0).text() and tab.table.item(0, 1).text() == (
        "file (sealed)"
    )
    assert tab.pending.isVisible() and "waits for your decision" in tab.pending.text()
    assert tab.add_button.text().startswith("Add a description")
    # A reason is required.
    assert not tab.decide("keep-for-police")
    assert tab.decision_message.text()
    assert store.case(case_id).evidence[0].seal_decision is None
    tab.decision_reason.setText("PC Jones (ref. 4471) asked us to keep it sealed")
    qtbot.mouseClick(tab.keep_button, Qt.MouseButton.LeftButton)
    kept = store.case(case_id).evidence[0]
    assert kept.seal_decision == "keep-for-police" and "4471" in (kept.seal_decision_reason or "")
    assert (
        not tab.pending.isVisible() and "kept sealed for the police" in tab.table.item(0, 0).text()
    )
    # Later the police advise deleting the copy.
    tab.decision_reason.setText("Police no longer need it")
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    gone = store.case(case_id).evidence[0]
    assert gone.seal_decision == "deleted" and len(gone.sha256) == 64
    assert not list(store.paths.blobs.iterdir())
    assert not tab.decision_group.isVisible()
    kinds = [row.kind for row in store.audit_trail(case_id)]
    assert "evidence.sealed" in kinds and kinds.count("evidence.seal-decided") == 2
    # The add dialog on this case offers a description only.
    view.add_evidence()
    panel = view.findChild(EvidencePanel)
    assert panel is not None and not panel.capture_allowed and not hasattr(panel, "choose")
