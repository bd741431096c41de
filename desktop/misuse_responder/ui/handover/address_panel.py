"""Settings: this laptop's hand-over address, and the DSL laptops it hands cases to.

The fingerprint is shown large and in a fixed-width font because staff read it aloud to
each other (phone, in person) to check an address came from the laptop it names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _
from misuse_responder.ui import clipboard
from misuse_responder.ui.plain_errors import plain_error
from misuse_responder.ui.style import plain_label, scaled_font, selectable

ADDRESS_FILTER = "*.mraddr"


def fingerprint_label(text: str = "") -> Any:
    """A selectable, large, fixed-width label for a fingerprint to be read aloud."""
    label = selectable(plain_label(text))
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    label.setFont(font)
    label.setFont(scaled_font(label, 1.4))
    return label


class AddressPanel(QWidget):
    """Shows and edits the hand-over side of the open store; every error is one sentence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: Any = None
        self._author = ""
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                _(
                    "Staff laptops hand cases over to the DSL's laptop. Give this laptop's "
                    "address to the laptops that hand cases to it, and read the fingerprint "
                    "to each other to check it."
                )
            )
        )
        form = QFormLayout()
        row = QHBoxLayout()
        self.label_edit = QLineEdit()
        self.label_edit.setAccessibleName(_("Name of this laptop for hand-overs"))
        self.label_edit.setPlaceholderText(_("For example: DSL Ms Okafor"))
        self.save_label = QPushButton(_("Save the name"))
        self.save_label.setAccessibleName(_("Save the name of this laptop"))
        self.save_label.clicked.connect(self.save_name)
        row.addWidget(self.label_edit, 1)
        row.addWidget(self.save_label)
        form.addRow(_("Name of this laptop"), row)
        self.fingerprint = fingerprint_label()
        self.fingerprint.setAccessibleName(_("Fingerprint of this laptop"))
        form.addRow(_("Fingerprint"), self.fingerprint)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton(_("Copy address"))
        self.copy_button.setAccessibleName(_("Copy this laptop's address"))
        self.copy_button.clicked.connect(self.copy_address)
        self.save_file_button = QPushButton(_("Save as file…"))
        self.save_file_button.setAccessibleName(_("Save this laptop's address as a file"))
        self.save_file_button.clicked.connect(self.save_address_file)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_file_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        layout.addWidget(plain_label(_("Laptops this laptop hands cases to:")))
        self.recipients = QTableWidget(0, 3)
        self.recipients.setHorizontalHeaderLabels([_("Name"), _("School"), _("Fingerprint")])
        self.recipients.setAccessibleName(_("Laptops this laptop hands cases to"))
        self.recipients.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.recipients.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.recipients.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.recipients.horizontalHeader().setStretchLastSection(True)
        self.recipients.verticalHeader().setVisible(False)
        # Room for about five laptops: a tall empty table pushed its buttons off a small screen.
        self.recipients.setMaximumHeight(self.fontMetrics().lineSpacing() * 12)
        layout.addWidget(self.recipients)
        r_buttons = QHBoxLayout()
        self.add_file_button = QPushButton(_("Add from file…"))
        self.add_file_button.setAccessibleName(_("Add a laptop from its address file"))
        self.add_file_button.clicked.connect(self.add_from_file)
        self.paste_button = QPushButton(_("Paste address…"))
        self.paste_button.setAccessibleName(_("Add a laptop by pasting its address"))
        self.paste_button.clicked.connect(self.paste_address)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setAccessibleName(_("Remove the chosen laptop"))
        self.remove_button.clicked.connect(self.remove_recipient)
        for button in (self.add_file_button, self.paste_button, self.remove_button):
            r_buttons.addWidget(button)
        r_buttons.addStretch(1)
        layout.addLayout(r_buttons)
        self.message = plain_label("")
        self.message.setAccessibleName(_("Hand-over message"))
        layout.addWidget(self.message)

    def show_store(self, store: Any, author: str) -> None:
        self._store, self._author = store, author
        self.message.setText("")
        self.refresh()

    def clear(self) -> None:
        """Drop what the store showed (the app is locking)."""
        self._store = None
        self.label_edit.clear()
        self.fingerprint.setText("")
        self.recipients.setRowCount(0)
        self.message.setText("")

    def refresh(self) -> None:
        if self._store is None:
            return
        try:
            address = self._store.handover_address()
            peers = self._store.handover_recipients()
        except Exception as exc:  # one sentence, never a traceback
            self.message.setText(plain_error(exc, _("the hand-over address")))
            return
        self.label_edit.setText(address.label)
        self.fingerprint.setText(address.fingerprint)
        self.recipients.setRowCount(len(peers))
        for row, peer in enumerate(peers):
            for col, text in enumerate((peer.label, peer.school, peer.fingerprint)):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, peer.fingerprint)
                self.recipients.setItem(row, col, item)
        self.recipients.resizeColumnsToContents()

    def _label(self) -> str:
        return self.label_edit.text().strip() or _("this laptop")

    def save_name(self) -> bool:
        if self._store is None:
            return False
        try:
            self._store.set_handover_label(self.label_edit.text(), self._author)
        except Exception as exc:
            self.message.setText(plain_error(exc, _("the name of this laptop")))
            return False
        self.refresh()
        self.message.setText(_("The name of this laptop is saved."))
        return True

    def copy_address(self) -> None:
        if self._store is None:
            return
        try:
            text = self._store.handover_address_file().decode("utf-8")
        except Exception as exc:
            self.message.setText(plain_error(exc, _("the address")))
            return
        clipboard.copy_text(text)
        self.message.setText(_("The address is copied. Paste it on the other laptop."))

    def save_address_file(self) -> None:
        if self._store is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the address"), f"{self._label()}.mraddr", ADDRESS_FILTER
        )
        if not name:
            return
        try:
            Path(name).write_bytes(self._store.handover_address_file())
        except Exception as exc:
            self.message.setText(plain_error(exc, _("the address file")))
            return
        self.message.setText(_("The address is saved in {path}.").format(path=name))

    def _add(self, data: bytes | str) -> bool:
        try:
            peer = self._store.add_handover_recipient(data, self._author)
        except Exception as exc:
            self.message.setText(plain_error(exc, _("the laptop's address")))
            return False
        self.refresh()
        self.message.setText(
            _("{label} is added. Check its fingerprint with its owner: {fingerprint}").format(
                label=peer.label, fingerprint=peer.fingerprint
            )
        )
        return True

    def add_from_file(self) -> bool:
        if self._store is None:
            return False
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose an address file"), "", ADDRESS_FILTER
        )
        if not name:
            return False
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            self.message.setText(plain_error(exc, _("the laptop's address")))
            return False
        return self._add(data)

    def paste_address(self) -> bool:
        if self._store is None:
            return False
        text, ok = QInputDialog.getMultiLineText(
            self, _("Paste address"), _("Paste the other laptop's address here:")
        )
        if not ok or not text.strip():
            return False
        return self._add(text)

    def remove_recipient(self) -> bool:
        if self._store is None:
            return False
        row = self.recipients.currentRow()
        item = self.recipients.item(row, 0) if row >= 0 else None
        if item is None:
            self.message.setText(_("Choose a laptop in the list first."))
            return False
        try:
            self._store.remove_handover_recipient(
                str(item.data(Qt.ItemDataRole.UserRole)), self._author
            )
        except Exception as exc:
            self.message.setText(plain_error(exc, _("the change")))
            return False
        self.refresh()
        self.message.setText(_("The laptop is removed from the list."))
        return True
