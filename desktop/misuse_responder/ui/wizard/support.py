"""Support: what to offer the people affected (from guides/support.yaml), recorded."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from misuse_responder.guidance import FactsError, support_for
from misuse_responder.guidance.guides import SupportItem
from misuse_responder.i18n import _
from misuse_responder.ui.widgets.basics import clear_layout, text_label
from misuse_responder.ui.wizard.base import BasePage


class SupportPage(BasePage):
    def build(self) -> None:
        self.setTitle(_("Support"))
        self.setSubTitle(_("What to offer the person affected. Tick what you have offered."))
        self.holder = QWidget()
        self.holder_layout = QVBoxLayout(self.holder)
        self.holder_layout.setContentsMargins(0, 0, 0, 0)
        self.content.addWidget(self.holder)
        form = QFormLayout()
        self.note = QLineEdit()
        self.note.setAccessibleName(_("Anything else offered"))
        form.addRow(_("Anything else offered"), self.note)
        self.content.addLayout(form)
        self.content.addStretch(1)
        self.boxes: dict[str, QCheckBox] = {}

    def load(self) -> None:
        clear_layout(self.holder_layout)
        self.boxes = {}
        s = self.ctx.state
        items = self._items()
        if not items:
            self.holder_layout.addWidget(
                text_label(_("The guide has no specific support items for this incident."))
            )
        for item in items:
            box = QCheckBox(item.title)
            box.setAccessibleName(item.title)
            box.setAccessibleDescription(item.detail)
            box.setChecked(item.id in s.support)
            self.boxes[item.id] = box
            self.holder_layout.addWidget(box)
            detail = text_label(item.detail)
            detail.setIndent(24)
            self.holder_layout.addWidget(detail)
            if item.service and item.service in self.ctx.guides.services:
                service = self.ctx.guides.services[item.service]
                extra = ", ".join(x for x in (service.name, service.phone or "") if x)
                line = text_label(extra, selectable=True)
                line.setIndent(24)
                self.holder_layout.addWidget(line)
        self.note.setText(s.support_note)

    def _items(self) -> list[SupportItem]:
        """The engine decides what is offered (ages, who does the DSL's job), never this page."""
        try:
            facts = self.ctx.state.facts()
        except FactsError:
            return []
        return support_for(facts, self.ctx.guides, self.ctx.guidance())

    def save(self) -> None:
        if self.boxes:
            self.ctx.state.support = [k for k, b in self.boxes.items() if b.isChecked()]
        self.ctx.state.support_note = self.note.text().strip()

    def offered_titles(self) -> list[str]:
        return [b.text() for b in self.boxes.values() if b.isChecked()]
