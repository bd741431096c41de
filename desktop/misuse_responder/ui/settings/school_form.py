"""The school profile form (name, jurisdiction, who holds the DSL role, contacts).

Shared by first run and settings. "The Head teacher is also the DSL" matters: without it,
a concern about the Head would send staff to tell the DSL, who is the same person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from misuse_responder.i18n import _
from misuse_responder.ui.settings.contacts_editor import ContactsEditor
from misuse_responder.ui.settings.labels import jurisdictions
from misuse_responder.ui.style import heading, plain_label

if TYPE_CHECKING:
    from misuse_responder.guidance import Guides
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
        self.head_is_dsl = QCheckBox(_("The Head teacher is also the DSL"))
        self.head_is_dsl.setAccessibleName(_("The Head teacher is also the DSL"))
        self.head_is_dsl.setAccessibleDescription(
            _(
                "Common in small schools. Then a concern about the Head goes to the deputy "
                "DSL and the Chair of Governors, never to the Head."
            )
        )
        layout.addWidget(self.head_is_dsl)
        self.contacts = ContactsEditor()
        layout.addWidget(self.contacts)
        self.deputy_note = plain_label(
            _(
                "If the Head is also the DSL, or a concern is ever about the DSL, the app "
                "sends staff to a deputy DSL: fill in at least one if your school has one."
            )
        )
        layout.addWidget(self.deputy_note)
        # England's words until another nation is chosen (guides/ is not loaded at start).
        self._name_roles("england", None)
        self.jurisdiction.currentIndexChanged.connect(lambda _i: self._nation_changed())
        QWidget.setTabOrder(self.name, self.jurisdiction)
        QWidget.setTabOrder(self.jurisdiction, self.head_is_dsl)
        QWidget.setTabOrder(self.head_is_dsl, self.contacts.first_field())

    def _nation_changed(self) -> None:
        """Name the roles as the chosen nation's guidance does ("child protection
        co-ordinator" in Scotland) and hide the ones it does not have."""
        from misuse_responder.labels import NoGuidance, nation_guides

        nation = str(self.jurisdiction.currentData())
        try:
            guides: Guides | None = nation_guides(nation)
        except NoGuidance:  # a nation guides/ has no words for yet: England's words
            guides = None
        self._name_roles(nation, guides)

    def _name_roles(self, nation: str, guides: Guides | None) -> None:
        """The roles' words: the nation's from ``guides``; England's without (at start)."""
        from misuse_responder import labels as shared
        from misuse_responder.labels import head_lead

        self.contacts.set_jurisdiction(nation, guides)
        head = shared.escalation("headteacher", guides, nation, short=True)
        text = _("{head} is also {lead}").format(
            head=head[:1].upper() + head[1:],
            lead=shared.escalation("dsl", guides, nation, short=True),
        )
        self.head_is_dsl.setText(text)
        self.head_is_dsl.setAccessibleName(text)

        def role(role_id: str) -> str:
            return shared.escalation(role_id, guides, nation, short=True)

        lead = head_lead(guides)
        self.head_is_dsl.setAccessibleDescription(
            _(
                "Common in small schools. Then a concern about the Head goes to {deputy} and "
                "{lead}, never to the Head."
            ).format(deputy=role("deputy-dsl"), lead=role(lead))
        )
        self.deputy_note.setText(
            _(
                "If the Head is also {dsl}, or a concern is ever about {dsl}, the app sends "
                "staff to {deputy}: fill in at least one if your school has one."
            ).format(dsl=role("dsl"), deputy=role("deputy-dsl"))
        )

    def profile(self) -> SchoolProfile:
        from misuse_responder.store import SchoolProfile

        return SchoolProfile(
            self.name.text().strip(),
            str(self.jurisdiction.currentData()),
            self.contacts.contacts(),
            head_is_dsl=self.head_is_dsl.isChecked(),
        )

    def set_profile(self, profile: SchoolProfile) -> None:
        self.name.setText(profile.name)
        index = self.jurisdiction.findData(profile.jurisdiction)
        self.jurisdiction.setCurrentIndex(max(index, 0))
        self.head_is_dsl.setChecked(profile.head_is_dsl)
        self.contacts.set_contacts(profile.contacts)
