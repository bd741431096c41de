"""The evidence panel on its own: paste, drop, and clear errors that lose nothing."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage
from pytestqt.qtbot import QtBot

from misuse_responder.store import CaseStore
from misuse_responder.ui.widgets.evidence_panel import EvidencePanel

BULLYING = {"concerns": ["bullying"], "targets": ["pupil"], "platform": "instagram"}


def test_paste_drop_and_errors(qtbot: QtBot, vault: CaseStore, tmp_path: Path) -> None:
    case_id = vault.create_case(BULLYING, "Comments", "Ms Teacher").id
    panel = EvidencePanel(vault, case_id, "Ms Teacher")
    qtbot.addWidget(panel)
    panel.show()
    # A missing file: a clear message, and the description typed is kept.
    panel.description.setPlainText("Screenshot of the comments")
    panel.path.setText(str(tmp_path / "missing.png"))
    qtbot.mouseClick(panel.add_path, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_busy())
    assert "Not added" in panel.status.text()
    assert panel.description.toPlainText() == "Screenshot of the comments"
    # Pasting a screenshot from the clipboard.
    image = QImage(30, 20, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    QGuiApplication.clipboard().setImage(image)
    qtbot.mouseClick(panel.paste, Qt.MouseButton.LeftButton)
    assert panel.pending_question()  # the question about the picture comes first
    qtbot.mouseClick(panel.answer_no, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_busy())
    assert "Fingerprint: " in panel.last_added.text(), panel.status.text()
    assert "SHA-256" not in panel.last_added.text()  # issue 15 item 11: the hash is on hover
    assert "Fingerprint (SHA-256): " in panel.last_added.toolTip()
    # Dropping a file onto the panel.
    shot = tmp_path / "drop.png"
    Image.new("RGB", (12, 12), "red").save(shot)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(shot))])
    drop = QDropEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    added: list[int] = []
    panel.evidenceAdded.connect(added.append)
    panel.dropEvent(drop)  # Qt offers no synthetic drag-and-drop; the handler itself
    assert drop.isAccepted()
    assert panel.pending_question()
    qtbot.mouseClick(panel.answer_no, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_busy())
    assert len(added) == 1, panel.status.text()
    files = [e for e in vault.case(case_id).evidence if e.kind == "file"]
    assert len(files) == 2
    assert files[1].original_name == "drop.png"
    # The form is cleared after each item (issue 15 item 2): the dropped picture does not
    # carry the pasted screenshot's description.
    assert files[0].description == "Screenshot of the comments"
    assert files[1].description == ""
    assert panel.items.topLevelItemCount() == 2
    rows = [panel.items.topLevelItem(i) for i in range(2)]
    assert {r.data(2, Qt.ItemDataRole.UserRole) for r in rows} == {f.sha256 for f in files}
    # Plain words (issue 15 item 11): a short fingerprint, the full SHA-256 on hover.
    assert all(
        len(r.text(2)) < 20 and r.data(2, Qt.ItemDataRole.UserRole) in r.toolTip(2) for r in rows
    )
    assert panel.items.headerItem().text(2) == "Fingerprint"
