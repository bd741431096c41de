"""Page 1 of first run: the school, the user's name and the passphrase (typed twice)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _
from misuse_responder.ui.settings.school_form import SchoolForm
from misuse_responder.ui.style import heading, plain_label


def passphrase_edit(name: str, description: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    edit.setAccessibleDescription(description)
    return edit


class SetupPage(QWidget):
    """Collects what is needed to create the store; ``createRequested`` when ready."""

    createRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addWidget(heading(_("Set up Misuse Responder for your school")))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        # In the scrolled part: at 200 % the form needs every line the screen has.
        layout.addWidget(
            plain_label(
                _(
                    "This takes about five minutes and is done once per laptop. Everything you "
                    "record stays on this laptop, locked with a passphrase."
                )
            )
        )
        layout.addWidget(heading(_("Your school"), 2))
        self.school = SchoolForm()
        layout.addWidget(self.school)

        layout.addWidget(heading(_("You"), 2))
        you = QFormLayout()
        self.author = QLineEdit()
        self.author.setAccessibleName(_("Your name"))
        self.author.setAccessibleDescription(_("Recorded against everything you add to a case."))
        you.addRow(_("Your name"), self.author)
        layout.addLayout(you)

        layout.addWidget(heading(_("Passphrase"), 2))
        layout.addWidget(
            plain_label(
                _(
                    "Choose a passphrase of several words that only the people who use this "
                    "app will know. It unlocks every case, so do not write it on the laptop."
                )
            )
        )
        form = QFormLayout()
        self.passphrase = passphrase_edit(
            _("Passphrase"), _("At least a few words; it unlocks the case records.")
        )
        self.repeat = passphrase_edit(_("Passphrase again"), _("Type the same passphrase again."))
        form.addRow(_("Passphrase"), self.passphrase)
        form.addRow(_("Passphrase again"), self.repeat)
        layout.addLayout(form)
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.message = plain_label("")
        self.message.setAccessibleName(_("Problems to fix"))
        self.message.setObjectName("errorMessage")
        outer.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.create_button = QPushButton(_("Create the app's records"))
        self.create_button.setAccessibleName(_("Create the app's records"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.createRequested)
        buttons.addWidget(self.create_button)
        outer.addLayout(buttons)
        for edit in (self.passphrase, self.repeat):
            edit.returnPressed.connect(self.createRequested)
        self.passphrase.textChanged.connect(self.show_strength)
        self.repeat.textChanged.connect(self.show_strength)

    def show_strength(self) -> None:
        """Say what is wrong with the passphrase, in the store's own words, as it is typed."""
        self.message.setText(self.problem() or "")

    def problem(self) -> str | None:
        """The first thing stopping the store being created, as a sentence; None if none."""
        from misuse_responder.store import StoreError
        from misuse_responder.store.crypto import check_passphrase_strength

        if not self.school.name.text().strip():
            return _("Type the school's name.")
        if not self.author.text().strip():
            return _("Type your name.")
        try:
            # The school's and the user's names are the first words a guesser would try.
            context = (self.school.name.text(), self.author.text())
            check_passphrase_strength(self.passphrase.text(), context)
        except StoreError as exc:
            return str(exc)
        if self.passphrase.text() != self.repeat.text():
            return _("The two passphrases are not the same.")
        return None

    def focus_first(self) -> None:
        self.school.name.setFocus(Qt.FocusReason.OtherFocusReason)
