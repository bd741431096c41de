"""The first home screen, before any case exists: one clear way to start, and what the app is for.

An empty table with a small "No cases yet." told a teacher in a hurry nothing about what to
do next. The start panel leads with the same question the guide asks first (is anyone in
danger right now?), so the person who has just been told something worrying sees at once
that 999 comes before any record, and then offers the one button that matters.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from misuse_responder.i18n import _
from misuse_responder.ui.style import heading, plain_label


class StartPanel(QFrame):
    """ "Record an incident", with the safety question first. Emits ``startIncident``."""

    startIncident = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        self.title = heading(_("Something has happened online?"))
        layout.addWidget(self.title)
        self.purpose = plain_label(
            _(
                "This app walks you through what the school's policy says to do when a pupil "
                "or a member of staff is harmed or targeted online: keeping the evidence safely, "
                "asking for it to be taken down, reporting it and telling the right people. "
                "What you record stays on this laptop, locked with the passphrase."
            )
        )
        layout.addWidget(self.purpose)
        self.danger = heading(_("Is anyone in danger right now?"), 2)
        layout.addWidget(self.danger)
        self.danger_advice = plain_label(
            _(
                "If a child may be hurt, or hurt themselves, at any moment: call 999 now, then "
                "tell the designated safeguarding lead (DSL). The record can wait."
            )
        )
        layout.addWidget(self.danger_advice)
        self.button = QPushButton(_("Record an incident"))
        self.button.setObjectName("primaryButton")
        self.button.setDefault(True)
        self.button.setMinimumHeight(44)
        self.button.setFont(heading("", 2).font())
        self.button.setAccessibleName(_("Record an incident"))
        self.button.setAccessibleDescription(
            _("Starts the step-by-step guide. Its first question is whether anyone is in danger.")
        )
        self.button.clicked.connect(self.startIncident)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.no_cases = plain_label(
            _("There are no cases yet. Cases you record will be listed here.")
        )
        self.no_cases.setAccessibleName(_("Case list status"))
        layout.addWidget(self.no_cases)
        layout.addStretch(1)
