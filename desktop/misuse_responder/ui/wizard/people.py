"""People involved: one row per person and role, saved to the store when Next is pressed."""

from __future__ import annotations

import itertools
from datetime import date

from PySide6.QtWidgets import QComboBox, QGridLayout, QLineEdit, QPushButton, QWidget

from misuse_responder.i18n import _
from misuse_responder.store import records
from misuse_responder.ui.widgets.basics import clear_layout, text_label
from misuse_responder.ui.widgets.dates import UkDateField
from misuse_responder.ui.wizard import labels
from misuse_responder.ui.wizard.base import BasePage
from misuse_responder.ui.wizard.state import Person


class PersonRow:
    """The widgets for one person (created per row, laid out in the page's grid)."""

    def __init__(self, number: int, person: Person) -> None:
        self.stored_id = person.stored_id
        self.role = QComboBox()
        for key, text in labels.roles().items():
            self.role.addItem(text, key)
        self.role.setCurrentIndex(max(0, self.role.findData(person.role)))
        self.kind = QComboBox()
        for key, text in labels.kinds().items():
            self.kind.addItem(text, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(person.kind)))
        self.name = QLineEdit(person.name)
        self.year = QLineEdit(person.year_group)
        self.year.setPlaceholderText(_("e.g. Year 9"))
        self.dob = UkDateField(_("Date of birth"), with_time=False, optional=True)
        self.dob.set_iso(person.date_of_birth)
        if person.date_of_birth and not self.dob.text():
            self.dob.setText(person.date_of_birth)  # kept as typed, refused on Next
        self.remove = QPushButton(_("Remove"))
        for widget, what in (
            (self.role, _("Role")),
            (self.kind, _("Kind")),
            (self.name, _("Name")),
            (self.year, _("Year group (optional)")),
            (self.dob, _("Date of birth (optional)")),
            (self.remove, _("Remove")),
        ):
            widget.setAccessibleName(_("Person {n}: {what}").format(n=number, what=what))

    def widgets(self) -> list[QWidget]:
        return [self.role, self.kind, self.name, self.year, self.dob, self.remove]

    def person(self) -> Person:
        return Person(
            role=str(self.role.currentData()),
            kind=str(self.kind.currentData()),
            name=self.name.text().strip(),
            year_group=self.year.text().strip(),
            # ISO when it is a date (typed 12/03/2012), else the text as typed (refused on Next)
            date_of_birth=self.dob.iso() or self.dob.text().strip(),
            stored_id=self.stored_id,
        )


class PeoplePage(BasePage):
    def build(self) -> None:
        self.setTitle(_("People involved"))
        self.setSubTitle(
            _("One row per person and role. Names are kept encrypted on this computer only.")
        )
        self.grid_holder = QWidget()
        self.grid = QGridLayout(self.grid_holder)
        self.content.addWidget(self.grid_holder)
        self.add_button = QPushButton(_("Add a person"))
        self.add_button.setAccessibleName(_("Add a person"))
        self.add_button.clicked.connect(self.add_row)
        self.content.addWidget(self.add_button)
        self.content.addStretch(1)
        self.rows: list[PersonRow] = []
        self.stored: dict[int, tuple[str, ...]] = {}

    def _headers(self) -> None:
        for col, text in enumerate(
            (_("Role"), _("Kind"), _("Name"), _("Year group"), _("Date of birth"), "")
        ):
            if text:
                self.grid.addWidget(text_label(text, bold=True), 0, col)
        self.grid.setColumnStretch(2, 1)

    def _render(self, people: list[Person]) -> None:
        clear_layout(self.grid)
        self._headers()
        self.rows = []
        for person in people:
            self._append(person)

    def _append(self, person: Person) -> PersonRow:
        row = PersonRow(len(self.rows) + 1, person)
        r = len(self.rows) + 1
        for col, widget in enumerate(row.widgets()):
            self.grid.addWidget(widget, r, col)
        row.remove.clicked.connect(lambda _c=False, row=row: self.remove_row(row))
        row.dob.changed.connect(self.completeChanged.emit)
        self.rows.append(row)
        self._tab_order()
        return row

    def _tab_order(self) -> None:
        """Rows in reading order, then the Add button (new rows would otherwise come last)."""
        chain = [w for r in self.rows for w in r.widgets()] + [self.add_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def add_row(self) -> PersonRow:
        row = self._append(Person())
        for widget in row.widgets():
            widget.show()  # shown now, so the name field can take the focus at once
        row.name.setFocus()
        return row

    def remove_row(self, row: PersonRow) -> None:
        people = [r.person() for r in self.rows if r is not row]
        self._render(people)
        self.add_button.setFocus()

    def load(self) -> None:
        self._render(list(self.ctx.state.people))

    def missing(self) -> str:
        """A date of birth that is not a date (an empty one is fine: it is optional)."""
        for number, row in enumerate(self.rows, start=1):
            problem = row.dob.problem()
            if problem:
                who = row.name.text().strip() or _("Person {n}").format(n=number)
                return _("{who}: {problem}").format(who=who, problem=problem)
        return ""

    def save(self) -> None:
        self.ctx.state.people = [r.person() for r in self.rows]

    def commit(self) -> None:
        """Bring the store in line with the rows: new rows added, removed or changed replaced."""
        s = self.ctx.state
        assert s.case_id is not None
        for person in s.people:
            if person.date_of_birth:
                try:
                    date.fromisoformat(person.date_of_birth)
                except ValueError:
                    raise ValueError(
                        _(
                            "{name}: type the date of birth as day/month/year, like 12/03/2012."
                        ).format(name=person.name or _("A person"))
                    ) from None
        keep = {p.stored_id for p in s.people if p.stored_id is not None}
        stored = s.recorded
        for key in [k for k in stored if k.startswith("person:")]:
            pid = int(key.split(":", 1)[1])
            if pid not in keep:
                records.remove_person(
                    self.ctx.vault, pid, self.ctx.author, _("Removed while recording the incident")
                )
                del stored[key]
        for person in s.people:
            if not person.name:
                continue
            signature = "|".join(person.signature())
            if person.stored_id is not None:
                if stored.get(f"person:{person.stored_id}") == signature:
                    continue
                records.remove_person(
                    self.ctx.vault, person.stored_id, self.ctx.author, _("Details corrected")
                )
                stored.pop(f"person:{person.stored_id}", None)
            person.stored_id = records.add_person(
                self.ctx.vault,
                s.case_id,
                role=person.role,
                kind=person.kind,
                name=person.name,
                by=self.ctx.author,
                year_group=person.year_group or None,
                date_of_birth=date.fromisoformat(person.date_of_birth)
                if person.date_of_birth
                else None,
            )
            stored[f"person:{person.stored_id}"] = signature
        self.load()
