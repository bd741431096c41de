"""Reading the DSL's receipt on the staff laptop, and removing the case it proves arrived.

Nothing is removed without a receipt the store has checked (store/handover_removal.py), and
the removal is confirmed in words that say what will go and what stays (the stub).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _
from misuse_responder.ui import screen_fit
from misuse_responder.ui.plain_errors import plain_error
from misuse_responder.ui.style import plain_label, selectable
from misuse_responder.ui.timefmt import local_time

RECEIPT_FILTER = "*.mrreceipt"


class ReceiptDialog(QDialog):
    """``removed`` is the case id once its records have left this laptop."""

    def __init__(
        self, store: Any, author: str, path: Path | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._store, self._author = store, author
        self.receipt: Any = None
        self.removed: int | None = None
        self.setWindowTitle(_("Read a hand-over receipt"))
        layout = QVBoxLayout(self)
        self.choose_button = QPushButton(_("Choose the receipt file…"))
        self.choose_button.setAccessibleName(_("Choose the receipt file"))
        self.choose_button.clicked.connect(self.choose_file)
        layout.addWidget(self.choose_button)
        self.message = selectable(plain_label(_("No receipt chosen yet.")))
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Receipt message"))
        layout.addWidget(self.message)
        layout.addStretch(1)
        buttons = QDialogButtonBox()
        self.remove_button = buttons.addButton(
            _("Remove the case from this laptop"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.remove_button.setAccessibleName(_("Remove the case from this laptop"))
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(_("Close"))
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        # Wide enough that a fingerprint is not broken across two lines.
        screen_fit.fit_window(self, QSize(600, 320), name="handover-receipt")
        if path is not None:
            self.load(path)

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the receipt"),
            "",
            _("Hand-over receipts ({f})").format(f=RECEIPT_FILTER),
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> bool:
        self.receipt = None
        self.remove_button.setEnabled(False)
        try:
            data = Path(path).read_bytes()[: 1 << 20]
            receipt = self._store.check_receipt(data)
        except Exception as exc:  # every failure is one sentence
            self.message.setText(plain_error(exc, _("the receipt")))
            return False
        self.receipt = receipt
        if receipt.already_removed:
            self.message.setText(
                _("{ref} has already been removed from this laptop; only its stub is here.").format(
                    ref=receipt.reference
                )
            )
            return True
        self.message.setText(
            _(
                "{ref} reached {to} ({fp}) on {when}; their laptop checked it in full.\n\n"
                "Removing it deletes everything recorded in the case from this laptop: people, "
                "chronology, actions and evidence files. Only a stub stays: the reference and "
                "where and when it was handed over."
            ).format(
                ref=receipt.reference,
                to=receipt.receiver.label,
                fp=receipt.receiver.fingerprint,
                when=local_time(receipt.received_at),
            )
        )
        self.remove_button.setEnabled(True)
        return True

    def remove(self) -> bool:
        if self.receipt is None or self.receipt.already_removed:
            return False
        try:
            self._store.remove_handed_over(self.receipt, self._author)
        except Exception as exc:
            self.message.setText(plain_error(exc, _("the removal")))
            return False
        self.removed = self.receipt.case_id
        self.remove_button.setEnabled(False)
        self.message.setText(
            _("{ref} has been removed from this laptop; its stub remains.").format(
                ref=self.receipt.reference
            )
        )
        return True
