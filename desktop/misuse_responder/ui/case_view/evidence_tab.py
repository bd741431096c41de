"""Evidence: every item with its SHA-256, thumbnails of images (never on do-not-capture cases).

Adding evidence is the evidence panel's job (ui/widgets/evidence_panel.py); this tab lists
what is stored. On a do-not-capture case no image is ever decoded or drawn here, and a
sealed item (a file kept before the case became do-not-capture) is never read at all: its
row says what it is and its state, and the DSL decides, with a reason kept in the audit
trail, whether to keep it sealed for the police or to delete this copy. A banner says so
while a decision is still to be made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _, ngettext
from misuse_responder.store.text import display_text
from misuse_responder.ui.case_view.tables import fill, make_table
from misuse_responder.ui.style import plain_label, scaled_font
from misuse_responder.ui.timefmt import local_time
from misuse_responder.ui.widgets import fingerprint

if TYPE_CHECKING:
    from misuse_responder.store.views import CaseDetail, EvidenceView

THUMBNAIL_MAX_BYTES = 20 * 1024 * 1024


def describe(item: EvidenceView) -> str:
    from misuse_responder.store.sealing import seal_state

    what = item.description or item.original_name or item.url or (item.text or "")[:80]
    what = display_text(what).replace("\n", " ")  # no bidi overrides or controls on screen
    state = seal_state(item)
    if state is not None:
        what = f"{what} ({state})" if what else state
    if item.withdrawn_at is not None:
        what = _("{what} (withdrawn: {reason})").format(what=what, reason=item.withdrawn_reason)
    return what


class EvidenceTab(QWidget):
    addRequested = Signal()
    changed = Signal()  # after the DSL's decision on a sealed item is recorded

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: Any = None
        self._author = ""
        layout = QVBoxLayout(self)
        self.rule = plain_label("")
        self.rule.setAccessibleName(_("Evidence rule for this case"))
        layout.addWidget(self.rule)
        self.pending = plain_label("")
        self.pending.setObjectName("banner")
        self.pending.setFont(scaled_font(self.pending, 1.0, bold=True))
        self.pending.setAccessibleName(_("Decision needed from the DSL"))
        layout.addWidget(self.pending)
        self.table = make_table(
            (_("Item"), _("Kind"), _("Captured"), _("Added by"), _("Fingerprint")),
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
        self._build_decision(layout)

    def _build_decision(self, layout: QVBoxLayout) -> None:
        self.decision_group = QGroupBox(_("For the DSL: decide about a sealed file"))
        form = QFormLayout(self.decision_group)
        self.sealed_item = QComboBox()
        self.sealed_item.setAccessibleName(_("Sealed file to decide about"))
        form.addRow(_("Sealed file"), self.sealed_item)
        self.decision_reason = QLineEdit()
        self.decision_reason.setAccessibleName(_("Reason for the decision"))
        self.decision_reason.setAccessibleDescription(
            _("Required: it is kept in the audit trail with your name.")
        )
        self.decision_reason.setPlaceholderText(
            _("For example: police asked us to keep it (ref. 1234) / police advised deleting it")
        )
        form.addRow(_("Reason (required)"), self.decision_reason)
        buttons = QHBoxLayout()
        self.keep_button = QPushButton(_("Keep sealed for the police"))
        self.keep_button.setAccessibleName(_("Keep sealed for the police"))
        self.keep_button.setAccessibleDescription(
            _("The file stays sealed and is never shown; the police can be told it is held.")
        )
        self.keep_button.clicked.connect(lambda: self.decide("keep-for-police"))
        self.delete_button = QPushButton(_("Delete this copy"))
        self.delete_button.setAccessibleName(_("Delete this copy"))
        self.delete_button.setAccessibleDescription(
            _(
                "Overwrites and deletes the stored copy for good; its fingerprint and "
                "description stay on the record."
            )
        )
        self.delete_button.clicked.connect(lambda: self.decide("delete-copy"))
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.decision_message = plain_label("")
        self.decision_message.setAccessibleName(_("Message"))
        form.addRow(self.decision_message)
        layout.addWidget(self.decision_group)

    def show_case(self, store: Any, detail: CaseDetail, author: str = "") -> None:
        self._store = store
        self._author = author or self._author
        do_not_capture = detail.summary.evidence_rule == "do-not-capture"
        live = [e for e in detail.evidence if e.withdrawn_at is None]
        sealed = [e for e in live if e.sealed]
        waiting = [e for e in sealed if e.seal_decision is None]
        if do_not_capture and sealed:
            self.rule.setText(
                ngettext(
                    "Sexual images of a child may be involved: no more files or images can be "
                    "added, and none are shown. {n} file added before the case changed is "
                    "sealed (listed below): never shown or exported. Record descriptions only.",
                    "Sexual images of a child may be involved: no more files or images can be "
                    "added, and none are shown. {n} files added before the case changed are "
                    "sealed (listed below): never shown or exported. Record descriptions only.",
                    len(sealed),
                ).format(n=len(sealed))
            )
        elif do_not_capture:
            self.rule.setText(
                _(
                    "Sexual images of a child may be involved: no files or images are kept for "
                    "this case, and none are shown. Record descriptions only."
                )
            )
        if do_not_capture:
            self.add_button.setText(_("Add a description…"))
        else:
            rule = _("Keep screenshots, links and messages as they were found.")
            if sealed:  # sealing is one-way: the facts changed back, the seal stays
                rule += " " + ngettext(
                    "{n} file was sealed when the case involved sexual images of a child: "
                    "it stays sealed, never shown or exported.",
                    "{n} files were sealed when the case involved sexual images of a child: "
                    "they stay sealed, never shown or exported.",
                    len(sealed),
                ).format(n=len(sealed))
            self.rule.setText(rule)
            self.add_button.setText(_("Add evidence…"))
        self.add_button.setAccessibleName(self.add_button.text().rstrip("…"))
        self.add_button.setEnabled(detail.status != "closed")
        rows = [
            (describe(e), e.kind, local_time(e.captured_at), e.added_by, e.sha256)
            for e in detail.evidence
        ]
        fill(self.table, rows, [e.id for e in detail.evidence])
        for r, item in enumerate(detail.evidence):
            cell = self.table.item(r, 1)
            if item.sealed and cell is not None:
                cell.setText(_("file (sealed)"))
            cell = self.table.item(r, 4)
            if cell is not None:
                cell.setText(fingerprint.short(item.sha256))
                cell.setToolTip(fingerprint.tooltip(item.sha256))
                cell.setData(Qt.ItemDataRole.UserRole, item.sha256)
        self._show_decisions(sealed, waiting)
        self.table.setIconSize(QSize(64, 64))
        if not do_not_capture:
            for r, item in enumerate(detail.evidence):
                thumb = self._thumbnail(item)
                cell = self.table.item(r, 0)
                if thumb is not None and cell is not None:
                    cell.setIcon(QIcon(thumb))
            self.table.resizeRowsToContents()

    def _show_decisions(self, sealed: list[EvidenceView], waiting: list[EvidenceView]) -> None:
        self.pending.setText(
            ngettext(
                "DSL: {n} sealed file in this case waits for your decision. Keep it sealed "
                "for the police, or delete this copy; a reason is required and kept in the "
                "audit trail.",
                "DSL: {n} sealed files in this case wait for your decision. Keep each sealed "
                "for the police, or delete this copy; a reason is required and kept in the "
                "audit trail.",
                len(waiting),
            ).format(n=len(waiting))
            if waiting
            else ""
        )
        self.pending.setVisible(bool(waiting))
        decidable = [e for e in sealed if e.seal_decision != "deleted"]
        self.sealed_item.clear()
        for item in decidable:
            name = item.original_name or _("file {id}").format(id=item.id)
            self.sealed_item.addItem(
                _("{name}, added {when} by {who}").format(
                    name=name, when=local_time(item.added_at), who=item.added_by
                ),
                item.id,
            )
        self.decision_group.setVisible(bool(decidable))

    def decide(self, decision: str) -> bool:
        """Record the DSL's decision on the chosen sealed file (a reason is required)."""
        from misuse_responder.store import StoreError

        evidence_id = self.sealed_item.currentData()
        if self._store is None or evidence_id is None:
            return False
        try:
            self._store.decide_sealed(
                int(evidence_id), decision, self.decision_reason.text(), self._author
            )
        except StoreError as exc:
            self.decision_message.setText(str(exc))
            return False
        self.decision_reason.clear()
        self.decision_message.setText(
            _("Recorded: kept sealed for the police.")
            if decision == "keep-for-police"
            else _("Recorded: the copy was deleted; its fingerprint stays on the record.")
        )
        self.changed.emit()
        return True

    def clear(self) -> None:
        """Drop every piece of case data (the app is locking)."""
        self._store = None
        self.table.setRowCount(0)
        self.sealed_item.clear()
        self.decision_reason.clear()
        for label in (self.pending, self.decision_message):
            label.setText("")
        self.pending.setVisible(False)
        self.decision_group.setVisible(False)

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
        if item.withdrawn_at is not None or item.sealed:
            return None  # a sealed item is never read, let alone drawn
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
