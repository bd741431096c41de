"""The case view over a real store: chronology with corrections, actions, close and reopen,
re-assessment showing what changed, and evidence without thumbnails on do-not-capture cases."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from misuse_responder.store import CaseStore
from misuse_responder.ui.main_window import MainWindow
from tests.support import PASSPHRASE
from tests.ui.conftest import AUTHOR


def reread(window: MainWindow, case_id: int) -> Any:
    """Close the window's store and read the case back from disk."""
    root = window.data_dir
    window.lock()
    store = CaseStore.open(root, PASSPHRASE)
    try:
        return store.case(case_id)
    finally:
        store.close()


def test_chronology_entry_and_correction(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any]
) -> None:
    case_id = seeded["ids"]["overdue"]
    unlocked.open_case(case_id)
    tab = unlocked.case_view.chronology
    qtbot.keyClicks(tab.text, "Spoke to the pupil at break <b>not bold</b>")
    tab.add_button.click()
    assert tab.table.rowCount() == 1
    assert "<b>not bold</b>" in tab.table.item(0, 3).text()  # plain text, never HTML
    tab.table.selectRow(0)
    tab.correct_button.click()
    assert "Correcting entry" in tab.mode.text()
    tab.text.insertPlainText("Spoke to the pupil at lunch, not break")
    tab.add_button.click()
    assert tab.table.rowCount() == 2
    detail = reread(unlocked, case_id)
    first, second = detail.entries
    assert first.text.startswith("Spoke to the pupil at break") and first.author == AUTHOR
    assert second.corrects == first.id and first.corrected_by == (second.id,)


def test_record_action_with_reference(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any]
) -> None:
    case_id = seeded["ids"]["overdue"]
    unlocked.open_case(case_id)
    tab = unlocked.case_view.actions_tab
    titles = [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]
    row = next(i for i, t in enumerate(titles) if "platform" in t.lower())
    tab.table.selectRow(row)
    tab.status.setCurrentIndex(tab.status.findData("done"))
    tab.reference_kind.setCurrentIndex(tab.reference_kind.findData("platform"))
    tab.reference.clear()  # the seeded report already has a reference; replace it
    qtbot.keyClicks(tab.reference, "IG-12345")
    tab.save.click()
    assert tab.message.text() == "Saved."
    assert "IG-12345" in tab.table.item(row, 2).text()
    detail = reread(unlocked, case_id)
    action = next(a for a in detail.actions if a.reference == "IG-12345")
    assert action.status == "done" and action.reference_kind == "platform"
    assert action.done_by == AUTHOR


def test_close_with_reason_and_reopen(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any]
) -> None:
    case_id = seeded["ids"]["overdue"]
    unlocked.open_case(case_id)
    summary = unlocked.case_view.summary
    summary.close_button.click()
    assert summary.message.text()  # an outcome and reasons are required
    qtbot.keyClicks(summary.outcome, "Resolved with both families")
    qtbot.keyClicks(summary.close_reason, "Posts removed; restorative meeting held.")
    summary.close_button.click()
    assert summary.reopen_group.isVisibleTo(summary) and not summary.close_group.isVisibleTo(
        summary
    )
    assert not unlocked.case_view.chronology.add_button.isEnabled()
    qtbot.keyClicks(summary.reopen_reason, "New posts appeared")
    summary.reopen_button.click()
    assert summary.close_group.isVisibleTo(summary)
    detail = reread(unlocked, case_id)
    assert detail.status == "open" and detail.outcome is None
    root = unlocked.data_dir
    store = CaseStore.open(root, PASSPHRASE)
    try:
        from misuse_responder.store import audit

        events = audit.events_by_kind("case.status")
        assert any(e.get("reason") == "New posts appeared" for e in events.values())
        assert any(e.get("close_reason") for e in events.values())
    finally:
        store.close()


def test_reassess_shows_what_changed(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any]
) -> None:
    case_id = seeded["ids"]["overdue"]
    unlocked.open_case(case_id)
    summary = unlocked.case_view.summary
    summary.edit_facts.click()
    assert summary.facts_group.isVisibleTo(summary)
    summary.facts_editor.concerns["threats"].setChecked(True)
    summary.reassess_button.click()
    text = summary.changed_label.text()
    assert text.startswith("What changed:")
    assert "Police" in text or "New step" in text
    detail = reread(unlocked, case_id)
    assert "threats" in detail.facts["concerns"] and len(detail.assessments) == 2


def test_evidence_hashes_and_no_thumbnails_on_do_not_capture(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any], tmp_path: Any
) -> None:
    from PIL import Image

    store = unlocked.store
    picture = tmp_path / "screenshot.png"
    Image.new("RGB", (40, 30), (200, 10, 10)).save(picture)
    ok_case = seeded["ids"]["overdue"]
    store.add_evidence_file(ok_case, picture, AUTHOR, shows_child_sexual="no")
    store.add_evidence_text(seeded["ids"]["nudes"], "Described only: image of a pupil", AUTHOR)
    unlocked.open_case(ok_case)
    tab = unlocked.case_view.evidence
    assert tab.table.rowCount() == 1
    # Plain words (issue 15 item 11): "Fingerprint", short, with the full SHA-256 on hover.
    cell = tab.table.item(0, 4)
    assert tab.table.horizontalHeaderItem(4).text() == "Fingerprint"
    assert cell.text().endswith("…") and len(cell.data(Qt.ItemDataRole.UserRole)) == 64
    assert cell.data(Qt.ItemDataRole.UserRole) in cell.toolTip()
    assert tab.thumbnails_shown() == 1
    unlocked.open_case(seeded["ids"]["nudes"])
    assert tab.thumbnails_shown() == 0
    assert "no files or images" in tab.rule.text()
    assert tab.add_button.text().startswith("Add a description")


def test_own_action_due_times_and_a_readable_audit_trail(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any], tmp_path: Any
) -> None:
    """Issue 15 item 14: only the guidance's steps could be recorded; the audit trail was
    cut-off JSON."""
    import io
    import re

    from pypdf import PdfReader

    from misuse_responder.export.pack import PackOptions, render_pack

    case_id = seeded["ids"]["overdue"]
    unlocked.open_case(case_id)
    tab = unlocked.case_view.actions_tab
    rows = range(tab.table.rowCount())
    dues = [tab.table.item(r, 3).text() for r in rows]
    assert any(re.match(r"\d\d/\d\d/\d{4} \d\d:\d\d: Check the", d) for d in dues)
    assert not any("UTC" in d or "+00" in d for d in dues)
    report = next(r for r in rows if tab.table.item(r, 0).text() == "Report it to the platform")
    tab.table.selectRow(report)
    tab.status.setCurrentIndex(tab.status.findData("pending"))  # not reported after all
    tab.reference.clear()
    tab.save.click()
    waiting = [tab.table.item(r, 3).text() for r in rows]
    assert "Date set when “Report it to the platform” is done" in waiting
    before = tab.table.rowCount()
    qtbot.keyClicks(tab.own_title, "Phone the pupil's parents")
    qtbot.mouseClick(tab.add_own_button, Qt.MouseButton.LeftButton)
    assert tab.message.text() == "Action added." and tab.own_title.text() == ""
    assert tab.table.rowCount() == before + 1
    titles = [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]
    assert "Phone the pupil's parents" in titles
    audit = unlocked.case_view.audit
    lines = [audit.table.item(r, 2).text() for r in range(audit.table.rowCount())]
    assert lines[-1] == f"{AUTHOR} added an action of their own: Phone the pupil's parents."
    assert not any("{" in line or '"' in line for line in lines)
    assert any(
        line.startswith("Ms DSL recorded ") and "as done (reference IG-1)" in line for line in lines
    )
    last = audit.table.rowCount() - 1
    assert '"title": "Phone the pupil\'s parents"' in audit.table.item(last, 2).toolTip()
    audit.table.selectRow(last)
    assert "action.added" in audit.details.toPlainText()
    detail = reread(unlocked, case_id)
    own = next(a for a in detail.actions if a.title == "Phone the pupil's parents")
    assert own.status == "pending" and own.step_id.startswith("own-")
    store = CaseStore.open(unlocked.data_dir, PASSPHRASE)
    try:
        pack = render_pack(store, case_id, None, PackOptions(), author=AUTHOR)
    finally:
        store.close()
    assert pack.data is not None
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pack.data)).pages)
    actions = text[text.index("6. Actions") :]
    assert "Phone the pupil's parents" in " ".join(actions.split())
