"""Outside agencies: only those the guidance names, with when, how, and a reference."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from misuse_responder.i18n import _
from misuse_responder.store import cases
from misuse_responder.ui.widgets.basics import LinkRow, banner, clear_layout, text_label
from misuse_responder.ui.widgets.plain_words import explain_page
from misuse_responder.ui.wizard import labels
from misuse_responder.ui.wizard.base import BasePage
from misuse_responder.ui.wizard.context import Agency

# The store's kinds of reference, for each agency (display/recording only).
REFERENCE_KINDS = {
    "police": "police",
    "ceop": "ceop",
    "iwf": "iwf",
    "report-harmful-content": "rhc",
    "childrens-social-care": "social-care",
}


class AgencyBox(QGroupBox):
    def __init__(self, agency: Agency, due: str) -> None:
        service = agency.service
        super().__init__(service.name)
        self.agency = agency
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(_("When: {text}").format(text=service.for_)))
        layout.addWidget(text_label(_("Not for: {text}").format(text=service.not_for)))
        layout.addWidget(text_label(_("How: {text}").format(text=service.how)))
        for what, value in (
            (_("Phone"), service.phone),
            (_("Email"), service.email),
            (_("Hours"), service.hours),
        ):
            if value:
                line = text_label(f"{what}: {value}", selectable=True)
                line.setAccessibleName(f"{service.name}: {what}")
                layout.addWidget(line)
        if service.note:
            layout.addWidget(text_label(service.note))
        for link in service.links:
            layout.addWidget(LinkRow(link.label, link.url))
        checked = service.checked.strftime("%d/%m/%Y")
        layout.addWidget(text_label(labels.confidence(service.confidence, checked, service=True)))
        if due:
            layout.addWidget(text_label(due, bold=True))
        form = QFormLayout()
        self.done = QCheckBox(_("Done"))
        self.done.setAccessibleName(_("{name}: done").format(name=service.name))
        form.addRow("", self.done)
        self.reference = QLineEdit()
        self.reference.setAccessibleName(_("{name}: reference").format(name=service.name))
        self.reference.textChanged.connect(lambda t: self.done.setChecked(True) if t else None)
        form.addRow(_("Reference"), self.reference)
        layout.addLayout(form)


class AgenciesPage(BasePage):
    def build(self) -> None:
        self.setTitle(_("Outside agencies"))
        self.setSubTitle(
            _("Only the agencies the guidance names for this incident. Record any reference.")
        )
        self.holder = QWidget()
        self.holder_layout = QVBoxLayout(self.holder)
        self.holder_layout.setContentsMargins(0, 0, 0, 0)
        self.content.addWidget(self.holder)
        self.content.addStretch(1)
        self.boxes: list[AgencyBox] = []

    def load(self) -> None:
        clear_layout(self.holder_layout)
        self.boxes = []
        dues: dict[str, str] = {}
        if self.ctx.state.case_id is not None:
            for action in cases.detail(self.ctx.state.case_id).actions:
                if action.due_label:
                    when = (
                        action.due_at.astimezone().strftime("%d/%m/%Y %H:%M")
                        if action.due_at
                        else _("once the step before it is done")
                    )
                    dues[action.step_id] = f"{action.due_label}: {when}"
        state = self.ctx.state
        for agency in self.ctx.agencies():
            box = AgencyBox(agency, dues.get(agency.step_id, ""))
            box.reference.setText(state.references.get(agency.step_id, ""))
            box.done.setChecked(state.referred.get(agency.step_id, False))
            self.boxes.append(box)
            self.holder_layout.addWidget(box)
        if any(b.agency.service.confidence != "confirmed" for b in self.boxes):
            self.holder_layout.insertWidget(0, banner(labels.not_confirmed_notice()))
        explain_page(self, self.ctx.guides.glossary)

    def save(self) -> None:
        for box in self.boxes:
            step = box.agency.step_id
            self.ctx.state.referred[step] = box.done.isChecked()
            text = box.reference.text().strip()
            if text:
                self.ctx.state.references[step] = text
            else:
                self.ctx.state.references.pop(step, None)
