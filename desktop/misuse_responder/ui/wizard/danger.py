"""Someone is in danger: call 999 and tell the DSL before anything else."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox

from misuse_responder.i18n import _
from misuse_responder.ui.widgets.basics import banner, text_label
from misuse_responder.ui.wizard.base import BasePage
from misuse_responder.ui.wizard.context import describe_contact


class DangerPage(BasePage):
    def build(self) -> None:
        self.setTitle(_("Call 999 now"))
        self.setSubTitle(_("Someone may be hurt at any moment. The record can wait."))
        big = banner(_("Call 999 now."))
        font = QFont(big.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        big.setFont(font)
        self.content.addWidget(big)
        self.content.addWidget(
            text_label(
                _(
                    "Tell them where the child or person is, if you know. Stay with a child "
                    "who is with you."
                )
            )
        )
        lead = self.ctx.role("dsl", short=True)
        self.dsl_heading = text_label(
            _("Then tell {lead} straight away:").format(lead=lead), bold=True
        )
        self.content.addWidget(self.dsl_heading)
        self.dsl = text_label("", selectable=True)
        self.dsl.setAccessibleName(_("Contact details: {role}").format(role=self.ctx.role("dsl")))
        font = QFont(self.dsl.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.dsl.setFont(font)
        self.content.addWidget(self.dsl)
        self.content.addWidget(
            text_label(
                _(
                    "Speak to them in person or by phone, not by email. If neither {lead} nor "
                    "{deputy} can be reached, tell the most senior member of staff on site."
                ).format(lead=lead, deputy=self.ctx.role("deputy-dsl", short=True))
            )
        )
        self.confirm = QCheckBox(_("I have called 999 and told {lead}").format(lead=lead))
        self.confirm.setAccessibleName(self.confirm.text())
        self.confirm.setAccessibleDescription(_("Tick this to continue to the record."))
        self.confirm.toggled.connect(lambda _on: self.completeChanged.emit())
        self.content.addWidget(self.confirm)
        self.content.addStretch(1)

    def load(self) -> None:
        contacts = self.ctx.dsl_contacts()
        if contacts:
            self.dsl.setText("\n".join(describe_contact(c) for c in contacts))
        else:
            self.dsl.setText(
                _(
                    "The school profile names no {role}. Tell the most senior member of staff."
                ).format(role=self.ctx.role("dsl"))
            )
        self.confirm.setChecked(self.ctx.state.danger_confirmed)

    def save(self) -> None:
        self.ctx.state.danger_confirmed = self.confirm.isChecked()

    def missing(self) -> str:
        if self.confirm.isChecked():
            return ""
        return _("To go on, call 999 and tell {lead}, then tick the box to say so.").format(
            lead=self.ctx.role("dsl", short=True)
        )
