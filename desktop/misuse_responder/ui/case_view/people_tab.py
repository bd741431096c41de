"""People involved: one row per person and role; removal keeps the row with a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _
from misuse_responder.store.records import KINDS, ROLES
from misuse_responder.ui.case_view.tables import fill, make_table, selected_id
from misuse_responder.ui.settings.labels import person_kind_label, person_role_label
from misuse_responder.ui.style import plain_label

if TYPE_CHECKING:
    from misuse_responder.store.views import CaseDetail


class PeopleTab(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: Any = None
        self._author = ""
        self._case_id = 0
        layout = QVBoxLayout(self)
        self.table = make_table(
            (_("Name"), _("Role"), _("Who they are"), _("Year group"), _("Notes")), _("People")
        )
        layout.addWidget(self.table, 1)
        box = QGroupBox(_("Add a person"))
        grid = QGridLayout(box)
        self.name = QLineEdit()
        self.name.setAccessibleName(_("Name"))
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(person_role_label(role), role)
        self.role.setAccessibleName(_("Role in the incident"))
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(person_kind_label(kind), kind)
        self.kind.setAccessibleName(_("Who they are"))
        self.year = QLineEdit()
        self.year.setAccessibleName(_("Year group"))
        self.add_button = QPushButton(_("Add the person"))
        self.add_button.setAccessibleName(_("Add the person"))
        self.add_button.clicked.connect(self.add)
        for col, (text, widget) in enumerate(
            (
                (_("Name"), self.name),
                (_("Role"), self.role),
                (_("Who they are"), self.kind),
                (_("Year group"), self.year),
            )
        ):
            grid.addWidget(plain_label(text, wrap=False), 0, col)
            grid.addWidget(widget, 1, col)
        grid.addWidget(self.add_button, 1, 4)
        layout.addWidget(box)
        row = QHBoxLayout()
        self.remove_reason = QLineEdit()
        self.remove_reason.setAccessibleName(_("Reason for removing the selected person"))
        self.remove_reason.setPlaceholderText(_("Reason for removing the selected person"))
        self.remove_button = QPushButton(_("Remove the selected person"))
        self.remove_button.setAccessibleName(_("Remove the selected person"))
        self.remove_button.clicked.connect(self.remove)
        row.addWidget(self.remove_reason, 1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.message = plain_label("")
        self.message.setAccessibleName(_("Message"))
        layout.addWidget(self.message)

    def show_case(self, store: Any, author: str, detail: CaseDetail) -> None:
        self._store, self._author, self._case_id = store, author, detail.id
        rows = []
        for p in detail.people:
            note = (
                _("Removed: {reason}").format(reason=p.removed_reason or "") if p.removed_at else ""
            )
            rows.append(
                (
                    p.name,
                    person_role_label(p.role),
                    person_kind_label(p.kind),
                    p.year_group or "",
                    note,
                )
            )
        fill(self.table, rows, [p.id for p in detail.people])

    def add(self) -> bool:
        from misuse_responder.store import StoreError

        try:
            self._store.add_person(
                self._case_id,
                role=str(self.role.currentData()),
                kind=str(self.kind.currentData()),
                name=self.name.text(),
                by=self._author,
                year_group=self.year.text().strip() or None,
            )
        except StoreError as exc:
            self.message.setText(str(exc))
            return False
        self.name.clear()
        self.year.clear()
        self.message.setText("")
        self.changed.emit()
        return True

    def remove(self) -> bool:
        from misuse_responder.store import StoreError

        person = selected_id(self.table)
        if person is None:
            self.message.setText(_("Select the person to remove first."))
            return False
        try:
            self._store.remove_person(person, self._author, self.remove_reason.text())
        except StoreError as exc:
            self.message.setText(str(exc))
            return False
        self.remove_reason.clear()
        self.changed.emit()
        return True
