"""The school's contacts, one row per role: the people the guidance routes staff to.

One fixed row per role (two for deputy DSLs, more on demand) keeps it obvious which
contact the app will show for "tell the Chair of Governors", and is quick by keyboard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _
from misuse_responder.store.contact_roles import editor_rows
from misuse_responder.ui.settings.labels import contact_role_exists, contact_role_label
from misuse_responder.ui.style import plain_label

if TYPE_CHECKING:
    from misuse_responder.guidance import Guides
    from misuse_responder.store import ContactInfo


class _ContactRow:
    """The four fields of one contact, named for screen readers by role and field."""

    def __init__(self, role: str, index: int) -> None:
        self.role = role
        self.index = index
        self.label = plain_label("", wrap=True)
        self.name = QLineEdit()
        self.title = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.label.setBuddy(self.name)
        self.name_for(None, None)

    def name_for(self, guides: Guides | None, jurisdiction: str | None) -> None:
        """Label the row (and its fields, for screen readers) in the nation's words."""
        role_name = contact_role_label(self.role, guides, jurisdiction)
        if self.role == "deputy-dsl":
            role_name = _("{role} {number}").format(role=role_name, number=self.index)
        self.label.setText(role_name)
        for edit, what in (
            (self.name, _("name")),
            (self.title, _("job title")),
            (self.phone, _("phone")),
            (self.email, _("email")),
        ):
            edit.setAccessibleName(_("{role}: {field}").format(role=role_name, field=what))
            edit.setAccessibleDescription(
                _("Contact details the app shows when the guidance says to tell this person.")
            )
            edit.setPlaceholderText(what.capitalize())

    def set_shown(self, shown: bool) -> None:
        """Hide a role the nation does not have; what it holds is kept (and saved)."""
        for widget in (self.label, *self.widgets()):
            widget.setVisible(shown)

    def widgets(self) -> list[QLineEdit]:
        return [self.name, self.title, self.phone, self.email]

    def contact(self) -> ContactInfo | None:
        values = [w.text().strip() for w in self.widgets()]
        if not any(values):
            return None
        from misuse_responder.store import ContactInfo

        return ContactInfo(self.role, *values)

    def set(self, contact: ContactInfo) -> None:
        self.name.setText(contact.name)
        self.title.setText(contact.title)
        self.phone.setText(contact.phone)
        self.email.setText(contact.email)


class ContactsEditor(QWidget):
    """Edit ``tuple[ContactInfo, ...]``; empty rows are left out of ``contacts()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_ContactRow] = []
        self._nation: tuple[Guides | None, str | None] = (None, None)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._grid = QGridLayout()
        for column, text in enumerate(
            (_("Role"), _("Name"), _("Job title"), _("Phone"), _("Email"))
        ):
            label = plain_label(text, wrap=False)
            self._grid.addWidget(label, 0, column)
        outer.addLayout(self._grid)
        deputies = 0
        for role in editor_rows():
            if role == "deputy-dsl":
                deputies += 1
            self._add_row(role, deputies)
        more = QHBoxLayout()
        self.add_deputy = QPushButton(_("Add another deputy DSL"))
        self.add_deputy.setAccessibleName(_("Add another deputy DSL"))
        self.add_deputy.clicked.connect(self._add_deputy)
        more.addWidget(self.add_deputy)
        more.addStretch(1)
        outer.addLayout(more)

    def set_jurisdiction(self, jurisdiction: str, guides: Guides | None) -> None:
        """Name the rows in the words of the school's nation (``guides``: its view of
        guides/; None: England's words), and hide the roles it does not have (no LADO in
        Scotland); a hidden row keeps its details."""
        self._nation = (guides, jurisdiction)
        for row in self._rows:
            row.name_for(guides, jurisdiction)
            row.set_shown(guides is None or contact_role_exists(row.role, guides, jurisdiction))
        self.add_deputy.setText(self._add_deputy_text())
        self.add_deputy.setAccessibleName(self.add_deputy.text())

    def _add_deputy_text(self) -> str:
        guides, jurisdiction = self._nation
        return (
            _("Add another: {role}").format(
                role=contact_role_label("deputy-dsl", guides, jurisdiction)
            )
            if guides is not None
            else _("Add another deputy DSL")
        )

    def shown_rows(self) -> list[_ContactRow]:
        return [row for row in self._rows if not row.label.isHidden()]

    def _add_row(self, role: str, index: int = 0, at: int | None = None) -> _ContactRow:
        row = _ContactRow(role, index)
        guides, jurisdiction = self._nation
        if guides is not None:
            row.name_for(guides, jurisdiction)
        if at is None:
            self._rows.append(row)
        else:
            self._rows.insert(at, row)
        self._relayout()
        return row

    def _relayout(self) -> None:
        for index, row in enumerate(self._rows, start=1):
            self._grid.addWidget(row.label, index, 0)
            for column, widget in enumerate(row.widgets(), start=1):
                self._grid.addWidget(widget, index, column)
        previous: QWidget | None = None
        for row in self._rows:
            for widget in row.widgets():
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
        if previous is not None and hasattr(self, "add_deputy"):
            QWidget.setTabOrder(previous, self.add_deputy)

    def _deputy_count(self) -> int:
        return sum(1 for r in self._rows if r.role == "deputy-dsl")

    def _add_deputy(self) -> _ContactRow:
        last = max(i for i, r in enumerate(self._rows) if r.role == "deputy-dsl")
        row = self._add_row("deputy-dsl", self._deputy_count() + 1, at=last + 1)
        row.name.setFocus()
        return row

    def contacts(self) -> tuple[ContactInfo, ...]:
        return tuple(c for c in (row.contact() for row in self._rows) if c is not None)

    def set_contacts(self, contacts: tuple[ContactInfo, ...]) -> None:
        for row in self._rows:
            for widget in row.widgets():
                widget.clear()
        used: set[int] = set()
        for contact in contacts:
            free = [i for i, r in enumerate(self._rows) if r.role == contact.role and i not in used]
            if not free:
                if contact.role != "deputy-dsl":
                    continue
                self._add_deputy()
                free = [
                    i for i, r in enumerate(self._rows) if r.role == contact.role and i not in used
                ]
            used.add(free[0])
            self._rows[free[0]].set(contact)

    def first_field(self) -> QLineEdit:
        return self._rows[0].name

    def role_labels(self) -> list[QLabel]:
        return [row.label for row in self._rows]
