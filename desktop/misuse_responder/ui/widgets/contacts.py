"""Who must be told: the engine's escalation list with the school's contact details."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from misuse_responder.i18n import _
from misuse_responder.store.records import ContactInfo
from misuse_responder.ui.widgets.basics import text_label


def contact_lines(contacts: list[ContactInfo]) -> str:
    lines = []
    for c in contacts:
        parts = [p for p in (c.name, c.title, c.phone, c.email) if p]
        lines.append(", ".join(parts))
    return "\n".join(lines)


class ContactCard(QWidget):
    """One escalation: who it is, and how to reach them (from the school profile)."""

    def __init__(
        self,
        role_label: str,
        contacts: list[ContactInfo],
        parent: QWidget | None = None,
        *,
        show_title: bool = True,
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        if show_title:
            layout.addWidget(text_label(role_label, bold=True))
        if contacts:
            details = text_label(contact_lines(contacts), selectable=True)
        else:
            details = text_label(_("No contact saved in the school profile: add one in Settings."))
        details.setAccessibleName(role_label)
        self.details = details
        layout.addWidget(details)
