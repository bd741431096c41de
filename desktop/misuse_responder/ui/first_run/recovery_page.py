"""Page 2 of first run: the recovery key, shown once, with a step to print or write it down.

The key is shown and printed in a monospaced font (0 and O, 1 and I look different), in
groups of four; the printed page names the school and the date, so a key found in a
drawer years later says which laptop's cases it opens and when it was made.
"""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from misuse_responder.i18n import _
from misuse_responder.ui.icons import icon
from misuse_responder.ui.screen_fit import scroll_all_but_last
from misuse_responder.ui.style import heading, plain_label, scaled_font, selectable
from misuse_responder.ui.text_size import keep_relative

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

MONO_FAMILIES = ["DejaVu Sans Mono", "Liberation Mono", "Consolas", "Menlo", "Courier New"]
GROUPS_PER_LINE = 4


def key_groups(key: str) -> list[str]:
    """The key's groups of four, whatever separators it was given with."""
    return [g for g in key.replace(" ", "-").split("-") if g]


def mono_font(base: QFont) -> QFont:
    """A monospaced font at ``base``'s size: the system's fixed font, else a known one."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setFamilies([font.family(), *MONO_FAMILIES])
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setFixedPitch(True)
    font.setPointSizeF(base.pointSizeF())
    return font


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
        self._key = ""
        self._school = ""
        self.key = selectable(plain_label(""))
        self.key.setObjectName("recoveryKey")
        font = mono_font(scaled_font(self, 1.5))
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

    def show_key(self, key: str, school: str = "") -> None:
        """Show ``key`` in groups (two lines of four); ``school`` heads the printed page."""
        self._key, self._school = key, school
        groups = key_groups(key)
        lines = [
            "  ".join(groups[i : i + GROUPS_PER_LINE])
            for i in range(0, len(groups), GROUPS_PER_LINE)
        ]
        self.key.setText("\n".join(lines))
        self.confirm.setChecked(False)

    def print_key(self) -> None:
        """Print the key on its own page, through the system's print dialog."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the recovery key"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter, today: date | None = None) -> None:
        """Lay out the page: title, school and date, the key in monospaced groups, advice."""
        from PySide6.QtGui import QTextDocument

        when = (today or date.today()).strftime("%d/%m/%Y")
        groups = key_groups(self._key)
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td style='padding: 4px 10px'>{html.escape(g)}</td>"
                for g in groups[i : i + GROUPS_PER_LINE]
            )
            + "</tr>"
            for i in range(0, len(groups), GROUPS_PER_LINE)
        )
        families = ", ".join(f"'{f}'" for f in MONO_FAMILIES)
        details = [_("Made on {date}").format(date=when)]
        if self._school:
            details.insert(0, _("School: {name}").format(name=self._school))
        doc = QTextDocument()
        doc.setDefaultFont(scaled_font(self, 1.0))
        doc.setHtml(
            f"<h2>{html.escape(_('Misuse Responder recovery key'))}</h2>"
            + "".join(f"<p>{html.escape(d)}</p>" for d in details)
            + f'<table style="font-family: {families}, monospace; font-size: 20pt;'
            f' font-weight: bold" cellspacing="0">{rows}</table>'
            + "<p>"
            + html.escape(
                _(
                    "Keep this somewhere locked, away from the laptop. It opens every case "
                    "record if the passphrase is forgotten. Dashes and spaces between the "
                    "groups do not matter when typing it."
                )
            )
            + "</p>"
        )
        doc.print_(printer)

    def _continue(self) -> None:
        if not self.confirm.isChecked():
            return
        self.key.setText("")  # shown once: gone from the screen (and from memory here)
        self._key = ""
        self.continued.emit()
