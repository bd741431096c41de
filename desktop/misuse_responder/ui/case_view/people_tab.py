"""People involved: one row per person and role; removal keeps the row with a reason.

For the selected person the DSL can also record extra names to hide in the redacted pack
(nicknames such as "Zosia", handles such as "@zosia_w"), one a line; a preview shows the
label that replaces them and the case's own text as the redacted pack will show it, made
by the same matcher the pack uses (export/redact.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.export import redact
from misuse_responder.i18n import _, ngettext
from misuse_responder.store.records import KINDS, ROLES
from misuse_responder.ui.case_view.tables import fill, make_table, selected_id
from misuse_responder.ui.settings.labels import person_kind_label, person_role_label
from misuse_responder.ui.style import plain_label

if TYPE_CHECKING:
    from misuse_responder.store.views import CaseDetail

PREVIEW_CHARS = 160


class PeopleTab(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: Any = None
        self._author = ""
        self._case_id = 0
        self._detail: CaseDetail | None = None
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
        layout.addWidget(self._build_terms())
        self.message = plain_label("")
        self.message.setAccessibleName(_("Message"))
        layout.addWidget(self.message)
        self.table.itemSelectionChanged.connect(self._selected)

    # --- extra names hidden in the redacted pack ------------------------------------------
    def _build_terms(self) -> QGroupBox:
        box = QGroupBox(_("Other names to hide in the redacted pack (selected person)"))
        grid = QGridLayout(box)
        self.terms = QPlainTextEdit()
        self.terms.setAccessibleName(_("Other names and handles, one a line"))
        self.terms.setPlaceholderText(_("Nicknames and handles, one a line (for example Zosia)"))
        self.terms.setMaximumHeight(70)
        self.terms.textChanged.connect(self._update_preview)
        self.save_terms = QPushButton(_("Save these names"))
        self.save_terms.setAccessibleName(_("Save the other names for the selected person"))
        self.save_terms.clicked.connect(self.save_aliases)
        self.preview = QLabel("")
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName(_("Redaction preview"))
        grid.addWidget(self.terms, 0, 0)
        grid.addWidget(self.save_terms, 0, 1)
        grid.addWidget(self.preview, 1, 0, 1, 2)
        self.terms.setEnabled(False)
        self.save_terms.setEnabled(False)
        return box

    def _selected(self) -> None:
        person = self._selected_person()
        self.terms.blockSignals(True)
        self.terms.setPlainText("\n".join(person.aliases) if person is not None else "")
        self.terms.blockSignals(False)
        self.terms.setEnabled(person is not None)
        self.save_terms.setEnabled(person is not None)
        self._update_preview()

    def _selected_person(self) -> Any:
        pid = selected_id(self.table)
        if self._detail is None or pid is None:
            return None
        return next((p for p in self._detail.people if p.id == pid), None)

    def _typed_terms(self) -> list[str]:
        return [line.strip() for line in self.terms.toPlainText().splitlines() if line.strip()]

    def _update_preview(self) -> None:
        """What the redacted pack will show, with the terms as they are typed now."""
        person = self._selected_person()
        if person is None or self._detail is None:
            self.preview.setText(_("Select a person to see how the redacted pack hides them."))
            return
        if person.kind in redact.KEEP_KINDS:
            self.preview.setText(_("Staff keep their names in the redacted pack."))
            return
        people = [
            replace(p, aliases=tuple(self._typed_terms())) if p.id == person.id else p
            for p in self._detail.people
        ]
        handles = [e.account for e in self._detail.evidence]
        red = redact.build(people, True, handles)
        label = red.labels.get(person.id, "")
        terms = red.terms.get(label, ())
        sample = [self._detail.summary.title, *(e.text for e in self._detail.entries[:3])]
        shown = "\n".join("• " + red(text)[:PREVIEW_CHARS] for text in sample if text)
        self.preview.setText(
            _(
                "In the redacted pack, \u201c{label}\u201d replaces: {terms}; also written without "
                "accents, in other cases, joined by _ . - or run together, with other endings, "
                "and inside handles and file names. The case as it will read:\n{sample}"
            ).format(label=label, terms=", ".join(terms), sample=shown)
        )

    def save_aliases(self) -> bool:
        from misuse_responder.store import StoreError

        person = self._selected_person()
        if person is None:
            self.message.setText(_("Select the person first."))
            return False
        try:
            kept = self._store.set_person_aliases(person.id, self._typed_terms(), self._author)
        except StoreError as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText(
            ngettext(
                "Saved: {n} other name is hidden in the redacted pack.",
                "Saved: {n} other names are hidden in the redacted pack.",
                len(kept),
            ).format(n=len(kept))
        )
        self.changed.emit()
        return True

    def show_case(self, store: Any, author: str, detail: CaseDetail) -> None:
        self._store, self._author, self._case_id = store, author, detail.id
        self._detail = detail
        selected = selected_id(self.table)
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
        ids = [p.id for p in detail.people]
        if selected in ids:
            self.table.selectRow(ids.index(selected))
        self._selected()

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
