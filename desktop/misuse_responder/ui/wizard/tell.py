"""Tell the right people: the escalation list, and who was told, when and how."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from misuse_responder import labels as shared
from misuse_responder.i18n import _
from misuse_responder.ui.widgets.basics import clear_layout
from misuse_responder.ui.widgets.contacts import ContactCard
from misuse_responder.ui.wizard import labels
from misuse_responder.ui.wizard.base import BasePage
from misuse_responder.ui.wizard.state import Told
from misuse_responder.ui.wizard.what_happened import from_qdt, to_qdt


class TellBox(QGroupBox):
    def __init__(self, escalation: str, name: str, card: ContactCard, told: Told) -> None:
        super().__init__(name)
        self.escalation = escalation
        self.card = card
        layout = QVBoxLayout(self)
        layout.addWidget(card)
        form = QFormLayout()
        self.done = QCheckBox(_("Told"))
        self.done.setAccessibleName(_("{who}: told").format(who=name))
        self.done.setChecked(told.done)
        form.addRow("", self.done)
        self.when = QDateTimeEdit(to_qdt(told.when) if told.when else QDateTime.currentDateTime())
        self.when.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setAccessibleName(_("{who}: when told").format(who=name))
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
        return Told(
            done=self.done.isChecked(),
            when=from_qdt(self.when.dateTime()),
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
            name = shared.escalation(escalation)
            card = ContactCard(name, self.ctx.contacts_for(escalation), show_title=False)
            told = self.ctx.state.told.get(escalation, Told())
            box = TellBox(escalation, name, card, told)
            self.boxes.append(box)
            self.holder_layout.addWidget(box)

    def save(self) -> None:
        for box in self.boxes:
            self.ctx.state.told[box.escalation] = box.told()
