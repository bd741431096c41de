"""The school profile form (name, jurisdiction, contacts), shared by first run and settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from misuse_responder.i18n import _
from misuse_responder.ui.settings.contacts_editor import ContactsEditor
from misuse_responder.ui.settings.labels import jurisdictions
from misuse_responder.ui.style import heading, plain_label

if TYPE_CHECKING:
    from misuse_responder.store import SchoolProfile


class SchoolForm(QWidget):
    """Edits a :class:`SchoolProfile`; ``profile()`` reads it back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setAccessibleName(_("School name"))
        self.name.setAccessibleDescription(_("The school's name as it appears on letters."))
        self.jurisdiction = QComboBox()
        for value, label in jurisdictions():
            self.jurisdiction.addItem(label, value)
        self.jurisdiction.setAccessibleName(_("Where the school is"))
        self.jurisdiction.setAccessibleDescription(
            _("The UK nation whose safeguarding guidance applies.")
        )
        form.addRow(_("School name"), self.name)
        form.addRow(_("Where the school is"), self.jurisdiction)
        layout.addLayout(form)
        layout.addWidget(heading(_("Who to tell"), 2))
        layout.addWidget(
            plain_label(
                _(
                    "The guidance tells staff who to contact. Fill in the people your school "
                    "uses; leave a row empty if it does not apply. You can change these later "
                    "in Settings."
                )
            )
        )
        self.contacts = ContactsEditor()
        layout.addWidget(self.contacts)
        QWidget.setTabOrder(self.name, self.jurisdiction)
        QWidget.setTabOrder(self.jurisdiction, self.contacts.first_field())

    def profile(self) -> SchoolProfile:
        from misuse_responder.store import SchoolProfile

        return SchoolProfile(
            self.name.text().strip(),
            str(self.jurisdiction.currentData()),
            self.contacts.contacts(),
        )

    def set_profile(self, profile: SchoolProfile) -> None:
        self.name.setText(profile.name)
        index = self.jurisdiction.findData(profile.jurisdiction)
        self.jurisdiction.setCurrentIndex(max(index, 0))
        self.contacts.set_contacts(profile.contacts)
