"""Settings: where this laptop keeps its cases, and where the note for IT is.

IT asks "where is the data?" before a backup, a laptop swap or a support call, and a DSL
running from a USB stick needs to see that the cases are on the stick, not the laptop.
Both folders are selectable and have a Copy button, to paste into an e-mail to IT.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from misuse_responder.diagnostics import logs_folder
from misuse_responder.i18n import _
from misuse_responder.store.paths import PORTABLE_MARKER, Source, source_of
from misuse_responder.ui import clipboard
from misuse_responder.ui.style import plain_label, selectable


def _how(source: Source) -> str:
    if source == "portable":
        return _(
            "Portable: the cases are kept beside the program (the file {marker} is there), "
            "for example on its USB stick, not on this laptop. Keep the stick locked away."
        ).format(marker=PORTABLE_MARKER)
    if source == "default":
        return _(
            "On this laptop, in your own user folder: other people who log in to this laptop "
            "cannot open it."
        )
    return _("A folder chosen when the app was started (by IT, or with --data-dir).")


class DataLocationPanel(QWidget):
    """The data folder, how it was chosen, and the log folder; each copyable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # One column (no form): a long path wraps and its row grows, at any text size.
        form = QVBoxLayout(self)
        self.how = plain_label("")
        self.how.setAccessibleName(_("How the data folder was chosen"))
        form.addWidget(self.how)
        self.folder, self.copy_folder = self._row(
            form, _("Cases are kept in"), _("Copy the data folder")
        )
        self.logs, self.copy_logs = self._row(
            form, _("Notes for IT (no names or case details)"), _("Copy the log folder")
        )
        self.copy_folder.clicked.connect(lambda: self._copy(self.folder))
        self.copy_logs.clicked.connect(lambda: self._copy(self.logs))
        self.copied = plain_label("")
        form.addWidget(self.copied)

    def _row(self, form: QVBoxLayout, title: str, button_name: str) -> tuple[QLabel, QPushButton]:
        label = selectable(plain_label(""))
        label.setAccessibleName(title)
        button = QPushButton(_("Copy"))
        button.setAccessibleName(button_name)
        row = QHBoxLayout()
        row.addWidget(label, 1)
        row.addWidget(button)
        form.addWidget(plain_label(title))
        form.addLayout(row)
        return label, button

    def show_folder(self, root: Path) -> None:
        self.how.setText(_how(source_of(root)))
        self.folder.setText(str(root))
        self.logs.setText(str(logs_folder(root)))
        self.copied.setText("")

    def _copy(self, label: QLabel) -> None:
        clipboard.copy_text(label.text())
        self.copied.setText(_("Copied: paste it where you need it."))
