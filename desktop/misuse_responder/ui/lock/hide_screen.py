"""The hide screen: a blank, neutral page that tells someone walking past nothing.

It shows one plain button and no title, case data, app name or icon. Leaving it needs
a deliberate click or Enter on that button (not any key), so a bumped keyboard does
not reveal anything.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from misuse_responder.i18n import _


class HideScreen(QWidget):
    """Emits ``unhideRequested`` when the user clicks or presses Enter on "Continue"."""

    unhideRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hideScreen")
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.continue_button = QPushButton(_("Continue"))
        self.continue_button.setAccessibleName(_("Continue"))
        self.continue_button.setAccessibleDescription(_("Show the screen again."))
        self.continue_button.setAutoDefault(True)
        self.continue_button.clicked.connect(self.unhideRequested)
        row.addWidget(self.continue_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

    def focus(self) -> None:
        self.continue_button.setFocus(Qt.FocusReason.OtherFocusReason)
