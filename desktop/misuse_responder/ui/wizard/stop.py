"""Sexual images of a child: stop. Do not view, copy or keep them; tell the DSL now."""

from __future__ import annotations

from PySide6.QtGui import QFont

from misuse_responder.i18n import _
from misuse_responder.ui.widgets.basics import banner, text_label
from misuse_responder.ui.wizard.base import BasePage
from misuse_responder.ui.wizard.context import describe_contact


class StopPage(BasePage):
    def build(self) -> None:
        self.setTitle(_("Stop: do not look at or keep the images"))
        self.setSubTitle(_("Sexual images of anyone under 18 must never be copied or stored."))
        big = banner(_("Do not view, copy, screenshot, forward, print or delete the images."))
        font = QFont(big.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        big.setFont(font)
        self.content.addWidget(big)
        for line in (
            _("Never ask a child to show or send them to you."),
            _(
                "Secure the device: put it somewhere locked, switched on, and do not search, "
                "unlock or change it."
            ),
            _("Tell the DSL now, in person or by phone:"),
        ):
            self.content.addWidget(text_label(line))
        self.dsl = text_label("", bold=True, selectable=True)
        self.dsl.setAccessibleName(_("DSL contact details"))
        self.content.addWidget(self.dsl)
        self.content.addWidget(
            text_label(
                _(
                    "From here on this case records a written description only: the app offers "
                    "no way to attach images or files to it."
                )
            )
        )
        self.content.addStretch(1)

    def load(self) -> None:
        contacts = self.ctx.dsl_contacts()
        self.dsl.setText(
            "\n".join(describe_contact(c) for c in contacts)
            or _("No DSL is saved in the school profile. Tell the most senior member of staff.")
        )
