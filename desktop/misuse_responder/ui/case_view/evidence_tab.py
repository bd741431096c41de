"""Evidence: every item with its SHA-256, thumbnails of images (never on do-not-capture cases).

Adding evidence is the evidence panel's job (ui/widgets/evidence_panel.py); this tab lists
what is stored. On a do-not-capture case no image is ever decoded or drawn here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from misuse_responder.i18n import _
from misuse_responder.ui.case_view.tables import fill, make_table
from misuse_responder.ui.style import plain_label
from misuse_responder.ui.timefmt import local_time

if TYPE_CHECKING:
    from misuse_responder.store.views import CaseDetail, EvidenceView

THUMBNAIL_MAX_BYTES = 20 * 1024 * 1024


def describe(item: EvidenceView) -> str:
    what = item.description or item.original_name or item.url or (item.text or "")[:80]
    if item.withdrawn_at is not None:
        what = _("{what} (withdrawn: {reason})").format(what=what, reason=item.withdrawn_reason)
    return what


class EvidenceTab(QWidget):
    addRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: Any = None
        layout = QVBoxLayout(self)
        self.rule = plain_label("")
        self.rule.setAccessibleName(_("Evidence rule for this case"))
        layout.addWidget(self.rule)
        self.table = make_table(
            (_("Item"), _("Kind"), _("Captured"), _("Added by"), _("SHA-256 fingerprint")),
            _("Evidence"),
            _("The fingerprint proves the item has not changed since it was stored."),
        )
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Add evidence…"))
        self.add_button.setAccessibleName(_("Add evidence"))
        self.add_button.clicked.connect(self.addRequested)
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)

    def show_case(self, store: Any, detail: CaseDetail) -> None:
        self._store = store
        do_not_capture = detail.summary.evidence_rule == "do-not-capture"
        if do_not_capture:
            self.rule.setText(
                _(
                    "Sexual images of a child may be involved: no files or images are kept for "
                    "this case, and none are shown. Record descriptions only."
                )
            )
            self.add_button.setText(_("Add a description…"))
        else:
            self.rule.setText(_("Keep screenshots, links and messages as they were found."))
            self.add_button.setText(_("Add evidence…"))
        self.add_button.setAccessibleName(self.add_button.text().rstrip("…"))
        self.add_button.setEnabled(detail.status != "closed")
        rows = [
            (describe(e), e.kind, local_time(e.captured_at), e.added_by, e.sha256)
            for e in detail.evidence
        ]
        fill(self.table, rows, [e.id for e in detail.evidence])
        self.table.setIconSize(QSize(64, 64))
        if not do_not_capture:
            for r, item in enumerate(detail.evidence):
                thumb = self._thumbnail(item)
                cell = self.table.item(r, 0)
                if thumb is not None and cell is not None:
                    cell.setIcon(QIcon(thumb))
            self.table.resizeRowsToContents()

    def thumbnails_shown(self) -> int:
        count = 0
        for r in range(self.table.rowCount()):
            cell: QTableWidgetItem | None = self.table.item(r, 0)
            if cell is not None and not cell.icon().isNull():
                count += 1
        return count

    def _thumbnail(self, item: EvidenceView) -> QPixmap | None:
        if not (item.media_type or "").startswith("image/") or item.size > THUMBNAIL_MAX_BYTES:
            return None
        if item.withdrawn_at is not None:
            return None
        try:
            data = b"".join(self._store.read_evidence(item.id))
        except Exception:  # a damaged blob is reported by verify, not by a thumbnail
            return None
        image = QImage.fromData(data)
        if image.isNull():
            return None
        return QPixmap.fromImage(
            image.scaled(
                64,
                64,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
