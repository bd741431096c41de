"""Page 2 of first run: the recovery key, shown once, with a step to print or write it down."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from misuse_responder.i18n import _
from misuse_responder.ui.icons import icon
from misuse_responder.ui.screen_fit import scroll_all_but_last
from misuse_responder.ui.style import heading, plain_label, scaled_font, selectable
from misuse_responder.ui.text_size import keep_relative


class RecoveryPage(QWidget):
    """Shows the key until ``continued``; then the key is wiped from the screen."""

    continued = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Print or write down your recovery key")))
        layout.addWidget(
            plain_label(
                _(
                    "If the passphrase is forgotten, this key is the only way to open the cases. "
                    "It will not be shown again. Print it or write it down now, and keep it "
                    "somewhere locked, away from this laptop (for example with the school's "
                    "safeguarding records)."
                )
            )
        )
        self.key = selectable(plain_label(""))
        self.key.setObjectName("recoveryKey")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(scaled_font(self, 1.5).pointSizeF())
        font.setWeight(QFont.Weight.Bold)
        self.key.setFont(font)
        keep_relative(self.key, 1.5)
        self.key.setAccessibleName(_("Recovery key"))
        layout.addWidget(self.key)
        row = QHBoxLayout()
        self.print_button = QPushButton(icon("print"), _("Print the recovery key…"))
        self.print_button.setAccessibleName(_("Print the recovery key"))
        self.print_button.clicked.connect(self.print_key)
        row.addWidget(self.print_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.confirm = QCheckBox(
            _("I have printed or written down the recovery key and put it somewhere safe")
        )
        self.confirm.setAccessibleName(_("I have kept the recovery key safe"))
        layout.addWidget(self.confirm)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.continue_button = QPushButton(_("Continue"))
        self.continue_button.setAccessibleName(_("Continue"))
        self.continue_button.setEnabled(False)
        self.confirm.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self._continue)
        buttons.addWidget(self.continue_button)
        layout.addLayout(buttons)
        scroll_all_but_last(layout, keep=1)  # Continue stays in view on a small screen

    def show_key(self, key: str) -> None:
        self.key.setText(key)
        self.confirm.setChecked(False)

    def print_key(self) -> None:
        """Print the key on its own page, through the system's print dialog."""
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the recovery key"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        doc = QTextDocument()
        doc.setPlainText(
            "\n\n".join(
                (
                    _("Misuse Responder recovery key"),
                    self.key.text(),
                    _(
                        "Keep this somewhere locked, away from the laptop. It opens every case "
                        "record if the passphrase is forgotten."
                    ),
                )
            )
        )
        doc.print_(printer)

    def _continue(self) -> None:
        if not self.confirm.isChecked():
            return
        self.key.setText("")  # shown once: gone from the screen (and from memory here)
        self.continued.emit()
