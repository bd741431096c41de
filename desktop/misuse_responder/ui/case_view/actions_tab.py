"""Actions: each advised step (and any the DSL added), status, reference and follow-up due.

Besides the guidance's steps the DSL can add an action of their own (a call to a parent,
a meeting): like the others it is kept for good, audited and listed in the evidence pack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _
from misuse_responder.store.actions import REFERENCE_KINDS
from misuse_responder.ui.case_view.tables import fill, make_table, selected_id
from misuse_responder.ui.settings.labels import action_status_label, reference_kind_label
from misuse_responder.ui.style import plain_label
from misuse_responder.ui.timefmt import local_time

if TYPE_CHECKING:
    from misuse_responder.store.views import CaseDetail


def _due_text(action: Any, titles: dict[str, str]) -> str:
    """The follow-up as a date and time ("05/12/2026 14:30: Check the platform's reply"),
    or, before its clock starts, what starts it (it showed the label alone, no date)."""
    if action.due_at is not None:
        when = local_time(action.due_at)
        return f"{when}: {action.due_label}" if action.due_label else when
    if not action.due_label:
        return ""
    from misuse_responder.guidance.guide_text import shown_guides

    step = shown_guides().steps.get(action.step_id)
    after = step.follow_up.after if step is not None and step.follow_up is not None else None
    if after:
        return _("Date set when “{step}” is done").format(step=titles.get(after, after))
    return str(action.due_label)


class ActionsTab(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: Any = None
        self._author = ""
        self._actions: dict[int, Any] = {}
        self._case_id = 0
        layout = QVBoxLayout(self)
        self.table = make_table(
            (_("Step"), _("Status"), _("Reference"), _("Follow-up due")),
            _("Actions"),
            _("Select a step to record what was done."),
        )
        self.table.currentCellChanged.connect(lambda *_a: self._load_selected())
        layout.addWidget(self.table, 1)
        box = QGroupBox(_("Record what was done"))
        form = QFormLayout(box)
        self.status = QComboBox()
        for status in ("pending", "done", "not-applicable"):
            self.status.addItem(action_status_label(status), status)
        self.status.setAccessibleName(_("Status"))
        self.reference_kind = QComboBox()
        self.reference_kind.addItem(_("No reference"), None)
        for kind in REFERENCE_KINDS:
            self.reference_kind.addItem(reference_kind_label(kind), kind)
        self.reference_kind.setAccessibleName(_("Kind of reference"))
        self.reference = QLineEdit()
        self.reference.setAccessibleName(_("Reference"))
        self.reference.setAccessibleDescription(
            _("The reference number the platform, police or agency gave you.")
        )
        self.reason = QLineEdit()
        self.reason.setAccessibleName(_("Reason"))
        self.reason.setAccessibleDescription(_("Needed when a step does not apply."))
        self.own_title = QLineEdit()
        self.own_title.setAccessibleName(_("Your own action"))
        self.own_title.setPlaceholderText(_("For example: Phone the parents of the pupil"))
        self.own_title.returnPressed.connect(self.add_own)
        self.add_own_button = QPushButton(_("Add this action"))
        self.add_own_button.setAccessibleName(_("Add an action of your own"))
        self.add_own_button.clicked.connect(self.add_own)
        self.save = QPushButton(_("Save"))
        self.save.setAccessibleName(_("Save what was done"))
        self.save.clicked.connect(self.record)
        form.addRow(_("Status"), self.status)
        form.addRow(_("Kind of reference"), self.reference_kind)
        form.addRow(_("Reference"), self.reference)
        form.addRow(_("Reason"), self.reason)
        form.addRow(self.save)
        layout.addWidget(box)
        own = QGroupBox(_("Add an action of your own (not one of the guidance's steps)"))
        own_row = QHBoxLayout(own)
        own_row.addWidget(self.own_title, 1)
        own_row.addWidget(self.add_own_button)
        layout.addWidget(own)
        self.message = plain_label("")
        self.message.setAccessibleName(_("Message"))
        layout.addWidget(self.message)

    def show_case(self, store: Any, author: str, detail: CaseDetail) -> None:
        self._store, self._author = store, author
        self._case_id = detail.summary.id
        self._actions = {a.id: a for a in detail.actions}
        rows = []
        titles = {a.step_id: a.title for a in detail.actions}
        for a in detail.actions:
            reference = a.reference or ""
            if a.reference and a.reference_kind:
                reference = f"{reference_kind_label(a.reference_kind)}: {a.reference}"
            due = _due_text(a, titles)
            rows.append((a.title, action_status_label(a.status), reference, due))
        current = self.table.currentRow()
        fill(self.table, rows, [a.id for a in detail.actions])
        if rows:
            self.table.selectRow(min(max(current, 0), len(rows) - 1))
        self._load_selected()

    def _load_selected(self) -> None:
        action = self._actions.get(selected_id(self.table) or -1)
        if action is None:
            return
        index = self.status.findData(action.status)
        self.status.setCurrentIndex(max(index, 0))
        self.reference_kind.setCurrentIndex(
            max(self.reference_kind.findData(action.reference_kind), 0)
        )
        self.reference.setText(action.reference or "")
        self.reason.setText(action.reason or "")

    def record(self) -> bool:
        from misuse_responder.store import StoreError

        action_id = selected_id(self.table)
        if action_id is None:
            self.message.setText(_("Select a step first."))
            return False
        kind = self.reference_kind.currentData()
        if self.reference.text().strip() and kind is None:
            kind = "other"
        try:
            self._store.record_action(
                action_id,
                str(self.status.currentData()),
                self._author,
                reason=self.reason.text() or None,
                reference=self.reference.text() or None,
                reference_kind=kind if self.reference.text().strip() else None,
            )
        except StoreError as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText(_("Saved."))
        self.changed.emit()
        return True

    def add_own(self) -> bool:
        """Add the typed action to the case (pending; record it as done later)."""
        from misuse_responder.store import StoreError

        if self._store is None:
            return False
        if not self.own_title.text().strip():
            self.message.setText(_("Type the action first."))
            return False
        try:
            self._store.add_own_action(self._case_id, self.own_title.text(), self._author)
        except StoreError as exc:
            self.message.setText(str(exc))
            return False
        self.own_title.clear()
        self.message.setText(_("Action added."))
        self.changed.emit()
        return True
