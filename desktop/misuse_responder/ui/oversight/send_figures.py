"""Send figures to the trust: the school's counts for a period, as a ``.mrsummary`` file.

The file is encrypted to the trust's address, so the school must first load that address
(the ``.mraddr`` the trust's oversight lead sends). Its name and fingerprint are shown large
before anything is saved, as on the hand-over address panel: an address swapped in an email
would send the school's figures to someone else, and only reading the fingerprint aloud
with the trust (by phone) catches that. The file is written on a worker with a progress row
(ui/handover/task.py), and the dialog says where it is and that it holds only counts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.dates import long_date
from misuse_responder.handover.address import HandoverAddress
from misuse_responder.i18n import _
from misuse_responder.progress import CancelToken, Progress
from misuse_responder.store.diskfull import is_disk_full
from misuse_responder.ui import screen_fit
from misuse_responder.ui.handover.address_panel import ADDRESS_FILTER, fingerprint_label
from misuse_responder.ui.handover.task import ProgressRow, Task, store_job
from misuse_responder.ui.oversight import core
from misuse_responder.ui.style import heading, plain_label, selectable
from misuse_responder.ui.widgets.dates import UkDateField
from misuse_responder.ui.widgets.pdf_preview import documents_folder


def address_name(address: HandoverAddress) -> str:
    """ "Trust oversight (Northfield Trust)": the name the trust gave its store, and whose."""
    if address.school and address.school != address.label:
        return _("{label} ({school})").format(label=address.label, school=address.school)
    return address.label or address.school


class SendFiguresDialog(QDialog):
    """``written`` holds the path of the ``.mrsummary`` after a successful write."""

    def __init__(
        self,
        store: Any,
        author: str,
        period: tuple[date, date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store, self._author = store, author
        self.written: Path | None = None
        self.pending: HandoverAddress | None = None  # loaded, not yet checked and saved
        self._pending_data = b""  # that address file's bytes, saved as they came
        self.setWindowTitle(_("Send figures to the trust"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Send figures to the trust"), level=2))
        layout.addWidget(
            plain_label(
                _(
                    "The trust gets only counts for the period (how many cases of each kind, "
                    "how they were closed, which referrals were made): no names, references "
                    "or notes."
                )
            )
        )
        self._build_trust(layout)
        form = QFormLayout()
        self.date_from = UkDateField(_("Start of the period"), with_time=False)
        self.date_to = UkDateField(_("End of the period"), with_time=False)
        if period is not None:
            self.date_from.set_value(period[0])
            self.date_to.set_value(period[1])
        form.addRow(_("Figures from:"), self.date_from)
        form.addRow(_("to:"), self.date_to)
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(str(documents_folder()))
        self.folder.setAccessibleName(_("Folder for the figures file"))
        self.browse = QPushButton(_("Browse…"))
        self.browse.setAccessibleName(_("Choose the folder for the figures file"))
        self.browse.clicked.connect(self.choose_folder)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        form.addRow(_("Save it in:"), folder_row)
        layout.addLayout(form)
        layout.addStretch(1)
        self.progress = ProgressRow(
            _("Progress of the figures file"), _("Cancel writing the figures file")
        )
        layout.addWidget(self.progress)
        self.message = selectable(plain_label(""))
        self.message.setAccessibleName(_("Message"))
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.write_button = QPushButton(_("Write the file"))
        self.write_button.setAccessibleName(_("Write the figures file for the trust"))
        self.write_button.setDefault(True)
        self.write_button.clicked.connect(self.write)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setAccessibleName(_("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.task = Task(self, self.progress, self._set_busy)
        for signal in (self.date_from.changed, self.date_to.changed, self.folder.textChanged):
            signal.connect(self._update)
        self.checked_box.toggled.connect(self._update)
        self.show_trust()
        # Progress, the message and the buttons stay in view; the rest scrolls if it must.
        screen_fit.scroll_all_but_last(layout, keep=3)
        screen_fit.fit_window(self, QSize(640, 520), name="oversight-send")

    # --- the trust's address -------------------------------------------------------------
    def _build_trust(self, layout: QVBoxLayout) -> None:
        # One label per state, each made with its text and only shown or hidden: a
        # word-wrapped label in a scroll area whose text grows keeps its first height, which
        # cut the phone-check sentence to one line.
        self.no_trust_note = plain_label(
            _(
                "No trust address is set yet: load the address file (.mraddr) your "
                "trust's oversight lead sent you."
            )
        )
        self.trust_set_note = plain_label(
            _("The figures are encrypted so that only this trust can open them:")
        )
        self.check_note = plain_label(
            _(
                "Phone the trust's oversight lead and read this fingerprint together. "
                "Use the address only if every character matches."
            )
        )
        self.check_note.setObjectName("warningBanner")
        self.check_note.setMargin(8)
        for note in (self.no_trust_note, self.trust_set_note, self.check_note):
            note.setAccessibleName(_("The trust's address"))
            layout.addWidget(note)
        form = QFormLayout()
        self.trust_name = selectable(plain_label(""))
        self.trust_name.setAccessibleName(_("Name of the trust's address"))
        self.trust_fingerprint = fingerprint_label()
        self.trust_fingerprint.setAccessibleName(_("Fingerprint of the trust's address"))
        form.addRow(_("Trust:"), self.trust_name)
        form.addRow(_("Fingerprint:"), self.trust_fingerprint)
        form.setContentsMargins(0, 0, 0, 0)
        self.trust_form = QWidget()
        self.trust_form.setLayout(form)
        layout.addWidget(self.trust_form)
        self.checked_box = QCheckBox(
            _("I have read this fingerprint with the trust's oversight lead and it matches")
        )
        self.checked_box.setAccessibleName(
            _("I have checked the fingerprint with the trust's oversight lead")
        )
        layout.addWidget(self.checked_box)
        row = QHBoxLayout()
        self.load_button = QPushButton(_("Load the trust's address…"))
        self.load_button.setAccessibleName(_("Load the trust's address file"))
        self.load_button.clicked.connect(lambda: self.load_address())
        self.use_button = QPushButton(_("Use this address"))
        self.use_button.setAccessibleName(_("Use this address for the trust"))
        self.use_button.clicked.connect(self.use_address)
        row.addWidget(self.load_button)
        row.addWidget(self.use_button)
        row.addStretch(1)
        layout.addLayout(row)

    def trust(self) -> HandoverAddress | None:
        try:
            return core.trust_address(self._store)
        except Exception as exc:
            self.message.setText(core.sentence(exc, _("the trust's address")))
            return None

    def show_trust(self) -> None:
        """What the trust part says: the address loaded and waiting for its check, the one
        set, or the one sentence on where an address comes from."""
        shown = self.pending or self.trust()
        self.check_note.setVisible(self.pending is not None)
        self.trust_set_note.setVisible(self.pending is None and shown is not None)
        self.no_trust_note.setVisible(shown is None)
        self.trust_form.setVisible(shown is not None)
        self.trust_name.setText(address_name(shown) if shown else "")
        self.trust_fingerprint.setText(shown.fingerprint if shown else "")
        self.checked_box.setVisible(self.pending is not None)
        self.use_button.setVisible(self.pending is not None)
        self.load_button.setText(
            _("Load another address…") if shown is not None else _("Load the trust's address…")
        )
        self._update()

    def load_address(self, path: Path | None = None) -> bool:
        """Read an address file and show it for the phone check; nothing is saved yet."""
        if path is None:
            name, _filter = QFileDialog.getOpenFileName(
                self, _("Choose the trust's address file"), "", ADDRESS_FILTER
            )
            if not name:
                return False
            path = Path(name)
        try:
            data = path.read_bytes()
            address = core.read_address(data)
        except OSError as exc:
            self.message.setText(core.unreadable(exc))
            return False
        except Exception as exc:
            self.message.setText(core.sentence(exc, _("the trust's address")))
            return False
        self.pending, self._pending_data = address, data
        self.checked_box.setChecked(False)
        self.message.setText("")
        self.show_trust()
        self.checked_box.setFocus()
        return True

    def use_address(self) -> bool:
        """Save the loaded address as the trust's, once its fingerprint is checked."""
        if self.pending is None or not self.checked_box.isChecked():
            return False
        try:
            core.set_trust_address(self._store, self._pending_data, self._author)
        except Exception as exc:
            self.message.setText(core.sentence(exc, _("the trust's address")))
            return False
        self.pending, self._pending_data = None, b""
        self.message.setText(_("The trust's address is saved."))
        self.show_trust()
        self.write_button.setFocus()
        return True

    # --- the file ------------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def period(self) -> tuple[date, date] | None:
        start, end = self.date_from.date_value(), self.date_to.date_value()
        if start is None or end is None or end < start:
            return None
        return start, end

    def problem(self) -> str:
        """Why the file cannot be written yet ('' when it can)."""
        if self.pending is not None:
            return _("Check the fingerprint and press Use this address first.")
        if self.trust() is None:
            return _("Load the trust's address first.")
        for field in (self.date_from, self.date_to):
            if field.problem():
                return field.problem()
        if self.period() is None:
            return _("Give the first and last day of the period, the first before the last.")
        folder = self.folder.text().strip()
        if not folder or not Path(folder).is_dir():
            return _("Choose a folder that exists, for the figures file.")
        return ""

    def busy(self) -> bool:
        return self.task.running()

    def _update(self, *_args: object) -> None:
        if self.busy():
            return
        self.use_button.setEnabled(self.checked_box.isChecked())
        self.write_button.setEnabled(not self.problem())

    def _set_busy(self, busy: bool) -> None:
        for widget in (
            self.date_from,
            self.date_to,
            self.folder,
            self.browse,
            self.load_button,
            self.use_button,
            self.checked_box,
        ):
            widget.setEnabled(not busy)
        self.close_button.setEnabled(not busy)
        if busy:
            self.write_button.setEnabled(False)
        else:
            self._update()
            (self.close_button if self.written else self.write_button).setFocus()

    def write(self) -> bool:
        """Start writing the figures file in the background; False if it could not start."""
        if self.busy():
            return False
        problem = self.problem()
        period = self.period()
        if problem or period is None:
            self.message.setText(problem)
            return False
        start, end = period
        try:
            school = self._store.school().name
        except Exception:
            school = ""
        dest = Path(self.folder.text().strip()) / core.summary_file_name(school, start, end)
        store, author = self._store, self._author

        def call(progress: Progress, cancel: CancelToken) -> Path:
            return core.write_trust_summary(store, start, end, dest, author, progress, cancel)

        self.written = None
        self.message.setText(_("Writing the figures file…"))
        return self.task.run(
            store_job(store, call), self._on_written, self._on_failed, self._on_cancelled
        )

    def _on_written(self, path: object) -> None:
        assert isinstance(path, Path)
        self.written = path
        period = self.period()
        when = (
            _("from {start} to {end}").format(start=long_date(period[0]), end=long_date(period[1]))
            if period
            else ""
        )
        self.message.setText(
            _(
                "The figures {when} are saved as {path}. The file holds only counts (no names, "
                "references or notes) and only the trust can open it: send it to the trust's "
                "oversight lead by email or on a USB stick."
            ).format(when=when, path=path)
        )
        self.close_button.setText(_("Done"))

    def _on_failed(self, exc: object) -> None:
        assert isinstance(exc, BaseException)
        if isinstance(exc, OSError) and not is_disk_full(exc):
            self.message.setText(
                _(
                    "The figures file could not be written in that folder ({detail}). Check "
                    "that the folder (or the USB stick) is still there and can be written "
                    "to, then try again."
                ).format(detail=exc.strerror or type(exc).__name__)
            )
            return
        self.message.setText(core.sentence(exc, _("the figures file")))

    def _on_cancelled(self) -> None:
        self.message.setText(_("Cancelled: no figures file was written."))

    # --- closing -------------------------------------------------------------------------
    def done(self, code: int) -> None:
        self.task.stop()
        super().done(code)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.done(QDialog.DialogCode.Rejected)
        event.accept()
