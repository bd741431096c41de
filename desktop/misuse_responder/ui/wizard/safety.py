"""Safety first: is anyone in danger right now? (A "yes" is itself a fact for the engine.)"""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QRadioButton

from misuse_responder.i18n import _
from misuse_responder.ui.widgets.basics import heading, text_label
from misuse_responder.ui.wizard.base import BasePage


class SafetyPage(BasePage):
    def build(self) -> None:
        self.setTitle(_("Safety first"))
        self.setSubTitle(_("Before anything else, one question."))
        self.content.addWidget(heading(_("Is anyone in danger right now?")))
        self.content.addWidget(
            text_label(
                _(
                    "For example a child who may be hurt, or hurt themselves, at any moment, "
                    "or who is about to meet someone who means them harm."
                )
            )
        )
        self.yes = QRadioButton(_("Yes, someone may be in danger right now"))
        self.yes.setAccessibleName(_("Yes, someone may be in danger right now"))
        self.no = QRadioButton(_("No, nobody is in danger right now"))
        self.no.setAccessibleName(_("No, nobody is in danger right now"))
        self.group = QButtonGroup(self)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        self.group.buttonToggled.connect(lambda *_args: self.completeChanged.emit())
        self.content.addWidget(self.yes)
        self.content.addWidget(self.no)
        self.content.addStretch(1)

    def load(self) -> None:
        danger = self.ctx.state.danger
        if danger is not None:
            (self.yes if danger else self.no).setChecked(True)

    def save(self) -> None:
        if self.yes.isChecked():
            self.ctx.state.danger = True
        elif self.no.isChecked():
            self.ctx.state.danger = False

    def missing(self) -> str:
        if self.yes.isChecked() or self.no.isChecked():
            return ""
        return _("To go on, answer the question: is anyone in danger right now?")

    def nextId(self) -> int:
        self.save()  # the answer decides the route even before Next is pressed
        return super().nextId()
