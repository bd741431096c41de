"""Your steps: the engine's guidance as a checklist, the police level, and who to tell."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFrame, QVBoxLayout, QWidget

from misuse_responder.i18n import _
from misuse_responder.ui.widgets.basics import banner, clear_layout, heading, text_label
from misuse_responder.ui.widgets.contacts import ContactCard
from misuse_responder.ui.widgets.plain_words import explain_page
from misuse_responder.ui.wizard import labels
from misuse_responder.ui.wizard.base import BasePage


class StepsPage(BasePage):
    def build(self) -> None:
        self.setTitle(_("Your steps"))
        self.setSubTitle(_("Do these in order. Tick each one when it is done."))
        self.police = banner("")
        self.content.addWidget(self.police)
        self.holder = QWidget()
        self.holder_layout = QVBoxLayout(self.holder)
        self.holder_layout.setContentsMargins(0, 0, 0, 0)
        self.content.addWidget(self.holder)
        self.boxes: dict[str, QCheckBox] = {}
        self.tell_cards: list[ContactCard] = []

    def _clear(self) -> None:
        clear_layout(self.holder_layout)
        self.boxes = {}
        self.tell_cards = []

    def load(self) -> None:
        self._clear()
        g = self.ctx.guidance()
        if g is None:
            return
        self.police.setText(labels.police(self.ctx.guides, self.ctx.jurisdiction)[g.police])
        self.police.setAccessibleName(
            labels.police(self.ctx.guides, self.ctx.jurisdiction)[g.police]
        )
        steps = self.ctx.guides.steps
        for number, step in enumerate(g.steps, start=1):
            box = QCheckBox(f"{number}. {step.title}")
            box.setAccessibleName(step.title)
            box.setAccessibleDescription(step.detail)
            box.setChecked(step.id in self.ctx.state.steps_done)
            self.boxes[step.id] = box
            self.holder_layout.addWidget(box)
            detail = text_label(step.detail)
            detail.setIndent(24)
            self.holder_layout.addWidget(detail)
            contact = self._service_contact(steps[step.id].service if step.id in steps else None)
            if contact:  # a step that sends staff to a service gives its number there
                c = text_label(contact, selectable=True)
                c.setIndent(24)
                self.holder_layout.addWidget(c)
            why = steps[step.id].why if step.id in steps else ""
            if why:
                w = text_label(_("Why: {why}").format(why=why))
                w.setIndent(24)
                self.holder_layout.addWidget(w)
            src = text_label(_("Source: {source}").format(source=step.source))
            src.setIndent(24)
            self.holder_layout.addWidget(src)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        self.holder_layout.addWidget(line)
        self.holder_layout.addWidget(heading(_("Who must be told")))
        for escalation in g.escalate_to:
            card = ContactCard(self.ctx.role(escalation), self.ctx.contacts_for(escalation))
            self.tell_cards.append(card)
            self.holder_layout.addWidget(card)
        explain_page(self, self.ctx.guides.glossary)

    def _service_contact(self, service_id: str | None) -> str:
        """ "Contact: phone …, email …" for a step's service, or "" if it lists neither."""
        service = self.ctx.guides.services.get(service_id) if service_id else None
        if service is None or not (service.phone or service.email):
            return ""
        parts = [
            _("phone {phone}").format(phone=service.phone) if service.phone else "",
            _("email {email}").format(email=service.email) if service.email else "",
        ]
        text = _("Contact: {how}").format(how=", ".join(p for p in parts if p))
        if service.hours:
            text += f" ({service.hours})"
        return text

    def save(self) -> None:
        if self.boxes:
            self.ctx.state.steps_done = [s for s, b in self.boxes.items() if b.isChecked()]
