"""Hand a case over to the DSL: choose the DSL laptops and a folder, write the bundle.

The bundle is encrypted for the ticked laptops only, so it can travel on a USB stick or a
shared drive; the dialog says where to take it. The send runs on a worker (ui/handover/
task.py says how the store is used from it) with a progress bar, since a case may carry a
500 MB video: the window stays responsive, and Cancel or closing the window stops the write
between chunks. The bundle only appears at its final name once complete (it is written to a
temporary file beside it), so a cancelled or failed send leaves no half file there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _, ngettext
from misuse_responder.progress import CancelToken, Progress
from misuse_responder.store.diskfull import is_disk_full
from misuse_responder.ui import screen_fit
from misuse_responder.ui.handover.task import ProgressRow, Task, store_job
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
                _("{label} ({school})\nFingerprint {fingerprint}").format(
                    label=peer.label, school=peer.school, fingerprint=peer.fingerprint
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, peer.fingerprint)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.recipients.addItem(item)
        # As tall as the laptops listed (up to about four), so the message below has room.
        self.recipients.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        self.recipients.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.recipients.setMaximumHeight(self.fontMetrics().lineSpacing() * 9)
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
        self.progress = ProgressRow(
            _("Progress of the hand-over file"), _("Cancel writing the hand-over file")
        )
        layout.addStretch(1)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.send_button = QPushButton(_("Send"))
        self.send_button.setAccessibleName(_("Write the hand-over file"))
        self.send_button.setEnabled(bool(peers))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setAccessibleName(_("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.task = Task(self, self.progress, self._set_busy)
        # On a small screen the choices scroll; the progress, the message (a word-wrapped label
        # in a scroll area kept its first height, cutting the result to one line), Send and
        # Close stay in view.
        screen_fit.scroll_all_but_last(layout, keep=3)
        screen_fit.fit_window(self, QSize(640, 380), name="handover-send")

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

    def busy(self) -> bool:
        return self.task.running()

    def _set_busy(self, busy: bool) -> None:
        done = self.sent is not None
        for widget in (self.recipients, self.folder, self.browse):
            widget.setEnabled(not busy and not done)
        self.send_button.setEnabled(not busy and not done and self.recipients.count() > 0)
        self.close_button.setEnabled(not busy)
        if not busy:
            (self.close_button if done else self.send_button).setFocus()

    def send(self) -> bool:
        """Start writing the bundle in the background; False if it could not start."""
        if self.busy() or self.sent is not None:
            return False
        chosen = self.ticked()
        if not chosen:
            self.message.setText(_("Tick at least one laptop to hand the case over to."))
            return False
        folder = self.folder.text().strip()
        if not folder or not Path(folder).is_dir():
            self.message.setText(_("Choose a folder that exists, for the hand-over file."))
            return False
        store, case_id, author, out = self._store, self._case_id, self._author, Path(folder)

        def call(progress: Progress, cancel: CancelToken) -> Any:
            return store.send_handover(
                case_id, out, author, recipients=chosen, progress=progress, cancel=cancel
            )

        self.message.setText(_("Writing the hand-over file…"))
        return self.task.run(
            store_job(store, call), self._on_sent, self._on_failed, self._on_cancelled
        )

    def _on_failed(self, exc: object) -> None:
        assert isinstance(exc, BaseException)
        if isinstance(exc, OSError) and not is_disk_full(exc):
            # The folder went away or refused the write (a USB stick pulled out): not a bug,
            # and nothing was typed here to keep, so say what to check instead.
            self.message.setText(
                _(
                    "The hand-over file could not be written in that folder ({detail}). "
                    "Check that the folder (or the USB stick) is still there and can be "
                    "written to, then send again: nothing was sent."
                ).format(detail=exc.strerror or type(exc).__name__)
            )
            return
        self.message.setText(plain_error(exc, _("the hand-over file")))

    def _on_cancelled(self) -> None:
        self.message.setText(_("Cancelled: no hand-over file was written."))

    def _on_sent(self, sent: Any) -> None:
        self.sent = sent
        names = ", ".join(p.label for p in sent.recipients)
        text = _(
            "The hand-over file is saved as {path}. Take it to {names} (a USB stick or the "
            "shared drive is fine: only that laptop can open it), and keep this laptop's "
            "copy until the DSL sends back the receipt."
        ).format(path=sent.path, names=names)
        if sent.left_sealed:
            text += " " + ngettext(
                "{n} sealed file stays on this laptop: it is never handed over.",
                "{n} sealed files stay on this laptop: they are never handed over.",
                sent.left_sealed,
            ).format(n=sent.left_sealed)
        self.message.setText(text)
        self.close_button.setText(_("Done"))

    # --- closing -------------------------------------------------------------------------
    def done(self, code: int) -> None:
        self.task.stop()  # a write in progress is stopped; its temporary file removed
        super().done(code)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.done(QDialog.DialogCode.Rejected)
        event.accept()
