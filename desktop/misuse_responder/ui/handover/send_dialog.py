"""Hand a case over to the DSL: choose the DSL laptops and a folder, write the bundle.

The bundle is encrypted for the ticked laptops only, so it can travel on a USB stick or a
shared drive; the dialog says where to take it. Sending is synchronous: it reads the
case's encrypted files once and writes one file, and the store is bound to this thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _
from misuse_responder.ui.plain_errors import plain_error
from misuse_responder.ui.style import plain_label, selectable


class SendDialog(QDialog):
    """``sent`` holds the ``SentBundle`` after a successful Send."""

    def __init__(self, store: Any, author: str, case_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._store, self._author, self._case_id = store, author, case_id
        self.sent: Any = None
        self.setWindowTitle(_("Hand over to the DSL"))
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(_("Hand this case over to:")))
        self.recipients = QListWidget()
        self.recipients.setAccessibleName(_("Laptops to hand the case over to"))
        layout.addWidget(self.recipients)
        self.message = selectable(plain_label(""))
        self.message.setAccessibleName(_("Hand-over message"))
        try:
            peers = store.handover_recipients()
        except Exception as exc:
            peers = ()
            self.message.setText(plain_error(exc, _("the hand-over")))
        for peer in peers:
            item = QListWidgetItem(
                _("{label} ({school}), fingerprint {fingerprint}").format(
                    label=peer.label, school=peer.school, fingerprint=peer.fingerprint
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, peer.fingerprint)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.recipients.addItem(item)
        if not peers and not self.message.text():
            self.message.setText(
                _(
                    "No DSL laptop is set up yet. Add the DSL's address in Settings, under "
                    "Hand-over, first."
                )
            )
        layout.addWidget(plain_label(_("Save the hand-over file in this folder:")))
        row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setAccessibleName(_("Folder for the hand-over file"))
        self.browse = QPushButton(_("Browse…"))
        self.browse.setAccessibleName(_("Choose the folder"))
        self.browse.clicked.connect(self.choose_folder)
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        layout.addLayout(row)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.send_button = QPushButton(_("Send"))
        self.send_button.setAccessibleName(_("Write the hand-over file"))
        self.send_button.setEnabled(bool(peers))
        self.send_button.clicked.connect(self.send)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setAccessibleName(_("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def ticked(self) -> list[str]:
        items = (self.recipients.item(i) for i in range(self.recipients.count()))
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def send(self) -> bool:
        chosen = self.ticked()
        if not chosen:
            self.message.setText(_("Tick at least one laptop to hand the case over to."))
            return False
        folder = self.folder.text().strip()
        if not folder or not Path(folder).is_dir():
            self.message.setText(_("Choose a folder that exists, for the hand-over file."))
            return False
        try:
            sent = self._store.send_handover(
                self._case_id, Path(folder), self._author, recipients=chosen
            )
        except Exception as exc:
            self.message.setText(plain_error(exc, _("the hand-over file")))
            return False
        self.sent = sent
        names = ", ".join(p.label for p in sent.recipients)
        text = _(
            "The hand-over file is saved as {path}. Take it to {names} (a USB stick or the "
            "shared drive is fine: only that laptop can open it), and keep this laptop's "
            "copy until the DSL sends back the receipt."
        ).format(path=sent.path, names=names)
        if sent.left_sealed:
            text += " " + _(
                "{n} sealed file(s) stay on this laptop: they are never handed over."
            ).format(n=sent.left_sealed)
        self.message.setText(text)
        self.send_button.setEnabled(False)
        self.close_button.setText(_("Done"))
        return True
