"""Tell the right people: the escalation list, and who was told, when and how."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _
from misuse_responder.store.records import ContactInfo
from misuse_responder.ui.widgets.basics import clear_layout
from misuse_responder.ui.widgets.contacts import ContactCard
from misuse_responder.ui.widgets.dates import UkDateField
from misuse_responder.ui.wizard import labels
from misuse_responder.ui.wizard.base import BasePage
from misuse_responder.ui.wizard.state import Told


class TellBox(QGroupBox):
    """One escalation: a tick box per person in the school profile for it (only those
    ticked are recorded as told), or a single "Told" box when the profile names nobody."""

    def __init__(
        self,
        escalation: str,
        name: str,
        card: ContactCard,
        told: Told,
        contacts: list[ContactInfo] | None = None,
    ) -> None:
        super().__init__(name)
        self.escalation = escalation
        self.card = card
        layout = QVBoxLayout(self)
        layout.addWidget(card)
        form = QFormLayout()
        names = [c.name for c in contacts or [] if c.name]
        self.people: dict[str, QCheckBox] = {}
        picked = set(told.who)
        if told.done and not picked and len(names) == 1:
            picked = {names[0]}  # a draft from before the choice: one person, so them
        for person in names:
            box = QCheckBox(_("Told {person}").format(person=person))
            box.setAccessibleName(_("{who}: told {person}").format(who=name, person=person))
            box.setChecked(person in picked)
            self.people[person] = box
            form.addRow("", box)
        self.done = QCheckBox(_("Told"))
        self.done.setAccessibleName(_("{who}: told").format(who=name))
        self.done.setChecked(told.done and not names)
        self.done.setVisible(not names)
        if not names:
            form.addRow("", self.done)
        self.when = UkDateField(_("{who}: when told").format(who=name))
        self.when.set_iso(told.when)
        if not told.when:
            self.when.set_value(datetime.now().replace(second=0, microsecond=0))
        form.addRow(_("When"), self.when)
        self.how = QComboBox()
        for key, text in labels.how_told().items():
            self.how.addItem(text, key)
        self.how.setCurrentIndex(max(0, self.how.findData(told.how)))
        self.how.setAccessibleName(_("{who}: how told").format(who=name))
        form.addRow(_("How"), self.how)
        self.note = QLineEdit(told.note)
        self.note.setAccessibleName(_("{who}: note").format(who=name))
        form.addRow(_("Note"), self.note)
        layout.addLayout(form)

    def told(self) -> Told:
        who = [person for person, box in self.people.items() if box.isChecked()]
        return Told(
            done=bool(who) if self.people else self.done.isChecked(),
            who=who,
            when=self.when.iso(),
            how=str(self.how.currentData()),
            note=self.note.text().strip(),
        )


class TellPage(BasePage):
    def build(self) -> None:
        self.setTitle(_("Tell the right people"))
        self.setSubTitle(_("The people the guidance says must know. Record when and how."))
        self.holder = QWidget()
        self.holder_layout = QVBoxLayout(self.holder)
        self.holder_layout.setContentsMargins(0, 0, 0, 0)
        self.content.addWidget(self.holder)
        self.content.addStretch(1)
        self.boxes: list[TellBox] = []

    def load(self) -> None:
        clear_layout(self.holder_layout)
        self.boxes = []
        g = self.ctx.guidance()
        if g is None:
            return
        for escalation in g.escalate_to:
            name = self.ctx.role(escalation)
            card = ContactCard(name, self.ctx.contacts_for(escalation), show_title=False)
            told = self.ctx.state.told.get(escalation, Told())
            contacts = self.ctx.contacts_for(escalation)
            box = TellBox(escalation, name, card, told, contacts)
            box.when.changed.connect(self.completeChanged.emit)
            self.boxes.append(box)
            self.holder_layout.addWidget(box)

    def save(self) -> None:
        for box in self.boxes:
            self.ctx.state.told[box.escalation] = box.told()

    def missing(self) -> str:
        problems = [b.when.problem() for b in self.boxes if b.when.problem()]
        return " ".join(problems)
