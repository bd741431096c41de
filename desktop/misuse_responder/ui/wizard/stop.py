"""Sexual images of a child: stop. Do not view, copy or keep them; tell the DSL now."""

from __future__ import annotations

from PySide6.QtGui import QFont

from misuse_responder.export.addressee import safeguarding_lead
from misuse_responder.i18n import _, ngettext
from misuse_responder.store import cases
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
        ):
            self.content.addWidget(text_label(line))
        self.tell = text_label(_("Tell the DSL now, in person or by phone:"))
        self.content.addWidget(self.tell)
        self.dsl = text_label("", bold=True, selectable=True)
        self.dsl.setAccessibleName(_("DSL contact details"))
        self.content.addWidget(self.dsl)
        self.content.addWidget(
            text_label(
                _(
                    "From here on this case records a written description only: the app offers "
                    "no way to attach images or files to it. Write the description on the "
                    "Evidence page."
                )
            )
        )
        self.content.addStretch(1)

        self.sealed = text_label("", bold=True)
        self.sealed.setAccessibleName(_("Files sealed in this case"))
        self.content.insertWidget(self.content.count() - 1, self.sealed)

    def load(self) -> None:
        g = self.ctx.guidance()
        escalations = g.escalate_to if g is not None else ("dsl",)
        # When the DSL is the person responsible, the engine names the deputy DSL instead.
        who = safeguarding_lead(escalations) or "dsl"
        role = self.ctx.role
        self.tell.setText(
            _("Tell {lead} now, in person or by phone:").format(lead=role("dsl", short=True))
            if who == "dsl"
            else _("Tell {deputy} now, in person or by phone (not {lead}):").format(
                deputy=role("deputy-dsl", short=True), lead=role("dsl", short=True)
            )
        )
        contacts = self.ctx.contacts_for(who)
        # Past the deputy: whoever leads when the Head is involved, or the body that takes
        # allegations against staff (the LADO where one exists).
        outside = "lado" if self.ctx.role_exists("lado") else "childrens-social-care"
        self.dsl.setText(
            "\n".join(describe_contact(c) for c in contacts)
            or (
                _(
                    "The school profile names no {role}. Tell the most senior member of staff."
                ).format(role=role("dsl"))
                if who == "dsl"
                else _(
                    "The school profile names no {role}. Tell {lead}, or {outside} directly."
                ).format(
                    role=role("deputy-dsl"),
                    lead=role(self.ctx.head_lead(), short=True),
                    outside=role(outside, short=True),
                )
            )
        )
        sealed = 0
        if self.ctx.state.case_id is not None:
            sealed = sum(
                1
                for e in cases.detail(self.ctx.state.case_id).evidence
                if e.sealed and e.seal_decision is None
            )
        self.sealed.setText(
            ngettext(
                "{n} file already added to this case is now sealed: the app will never show "
                "or export it. The DSL decides whether to keep it sealed for the police or "
                "delete the copy.",
                "{n} files already added to this case are now sealed: the app will never show "
                "or export them. The DSL decides whether to keep them sealed for the police or "
                "delete the copies.",
                sealed,
            ).format(n=sealed)
            if sealed
            else ""
        )
        self.sealed.setVisible(bool(sealed))
