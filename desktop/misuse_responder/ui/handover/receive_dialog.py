"""Receive a hand-over: open a ``.mrcase`` file, show what it holds, then store it.

Nothing is stored until Receive. A laptop that has never handed a case here before is only
trusted once the DSL ticks that they checked its fingerprint with the sender (read aloud
or on the phone): a bundle signed by a stranger's key would otherwise look just as real.

Checking (decrypt, signature, every hash) and storing both run on a worker with a progress
row (ui/handover/task.py says how the store is used from it): a bundle may carry a 500 MB
video. The check shows a busy bar (the bundle reader reports no progress) and cannot be
stopped midway: Cancel or closing the window lets it end, then drops what it unpacked.
Storing shows the evidence copied so far and stops there on Cancel, before its single
transaction, so the store is unchanged and Receive can be pressed again.
"""

from __future__ import annotations

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
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _, ngettext
from misuse_responder.labels import case_status
from misuse_responder.progress import Cancelled, CancelToken, Progress
from misuse_responder.ui import screen_fit
from misuse_responder.ui.handover.address_panel import fingerprint_label
from misuse_responder.ui.handover.task import ProgressRow, Task, store_job
from misuse_responder.ui.plain_errors import plain_error
from misuse_responder.ui.style import plain_label, selectable
from misuse_responder.ui.timefmt import local_time

BUNDLE_FILTER = "*.mrcase"


def new_items_text(new: Any) -> str:
    """What accepting would add, in words."""
    if new.nothing:
        return _("Nothing new: this laptop already holds everything in this file.")
    parts = []
    if new.new_case:
        parts.append(_("a new case"))
    counted = (
        (new.entries, ngettext("{n} chronology entry", "{n} chronology entries", new.entries)),
        (new.evidence, ngettext("{n} evidence item", "{n} evidence items", new.evidence)),
        (new.people, ngettext("{n} person", "{n} people", new.people)),
        (new.actions, ngettext("{n} action", "{n} actions", new.actions)),
        (new.assessments, ngettext("{n} assessment", "{n} assessments", new.assessments)),
    )
    parts += [words.format(n=count) for count, words in counted if count]
    if new.status_change:
        parts.append(_("the status is now {status}").format(status=case_status(new.status_change)))
    return ", ".join(parts)


class ReceiveDialog(QDialog):
    """``received`` holds the ``ReceivedCase`` after Receive; closing otherwise discards."""

    def __init__(
        self, store: Any, author: str, path: Path | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._store, self._author = store, author
        self.preview: Any = None
        self.received: Any = None
        self.setWindowTitle(_("Receive a hand-over"))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.file_label = selectable(plain_label(_("No file chosen yet.")))
        self.file_label.setAccessibleName(_("Hand-over file"))
        self.choose_button = QPushButton(_("Choose the file…"))
        self.choose_button.setAccessibleName(_("Choose the hand-over file"))
        self.choose_button.clicked.connect(self.choose_file)
        row.addWidget(self.file_label, 1)
        row.addWidget(self.choose_button)
        layout.addLayout(row)
        form = QFormLayout()
        self.reference = selectable(plain_label(""))
        self.title = selectable(plain_label(""))
        self.sender = selectable(plain_label(""))
        self.fingerprint = fingerprint_label()
        self.sent_by = selectable(plain_label(""))
        self.new = plain_label("")
        self.checks = plain_label("")
        for label, widget in (
            (_("Reference"), self.reference),
            (_("Title"), self.title),
            (_("From laptop"), self.sender),
            (_("Its fingerprint"), self.fingerprint),
            (_("Sent by"), self.sent_by),
            (_("What is new"), self.new),
            (_("Checks passed"), self.checks),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        layout.addLayout(form)
        layout.addStretch(1)
        # Below the scrolling, next to Receive: on a small screen the reason Receive is greyed
        # (the fingerprint not yet checked) must not be scrolled out of sight.
        self.warning = plain_label("")
        self.warning.setObjectName("warningBanner")
        self.warning.setMargin(8)  # the banner's border otherwise touches the text
        self.warning.hide()
        layout.addWidget(self.warning)
        self.checked_box = QCheckBox(_("I have checked this fingerprint with the sender"))
        self.checked_box.setAccessibleName(_("I have checked this fingerprint with the sender"))
        self.checked_box.toggled.connect(self._update_buttons)
        self.checked_box.hide()
        layout.addWidget(self.checked_box)
        self.progress = ProgressRow(
            _("Progress of the hand-over"), _("Cancel checking or receiving the hand-over")
        )
        layout.addWidget(self.progress)
        self.message = selectable(plain_label(""))
        self.message.setAccessibleName(_("Hand-over message"))
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.receive_button = QPushButton(_("Receive"))
        self.receive_button.setAccessibleName(_("Receive the case"))
        self.receive_button.setEnabled(False)
        self.receive_button.clicked.connect(self.receive)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        buttons.addWidget(self.receive_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self._closed = False
        self._storing = False  # the running job is accept (else the check, or nothing)
        self.task = Task(self, self.progress, self._set_busy)
        # On a small screen what the file holds scrolls; the fingerprint warning, the
        # progress, the message (outside the scrolling, where a changed word-wrapped label
        # keeps its full height), Receive and Cancel stay in view.
        screen_fit.scroll_all_but_last(layout, keep=5)
        screen_fit.fit_window(self, QSize(680, 520), name="handover-receive")
        self.finished.connect(lambda _r: self._discard())
        if path is not None:
            self.load(path)

    def busy(self) -> bool:
        return self.task.running()

    def _set_busy(self, busy: bool) -> None:
        if not busy:
            self._storing = False
        done = self.received is not None
        self.choose_button.setEnabled(not busy and not done)
        self.checked_box.setEnabled(not busy and not done)
        self.cancel_button.setEnabled(not busy)
        self._update_buttons()
        if not busy:  # focus was on the greyed Cancel of the progress row
            ready = self.receive_button.isEnabled()
            (self.receive_button if ready else self.cancel_button).setFocus()

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the hand-over file"), "", BUNDLE_FILTER
        )
        if name:
            self.load(Path(name))

    def _discard(self) -> None:
        if self.preview is not None:
            preview, self.preview = self.preview, None
            try:
                self._store.discard_handover(preview)
            except Exception as exc:  # the staging folder is cleaned at the next start
                self.message.setText(plain_error(exc, _("the hand-over")))

    def load(self, path: Path) -> bool:
        """Check and decrypt ``path`` in the background, then show what it holds (nothing
        is stored yet). False if a job is already running."""
        if self.busy():
            return False
        self._discard()
        self._show(None)
        self.file_label.setText(str(path))
        store = self._store

        def call(progress: Progress, cancel: CancelToken) -> Any:
            preview = store.preview_handover(path, cancel, progress)
            if cancel.cancelled:  # closed or locked while it was checked: keep nothing
                store.discard_handover(preview)
                raise Cancelled
            return preview

        self.message.setText(_("Checking the hand-over file…"))
        return self.task.run(
            store_job(store, call), self._on_checked, self._on_check_failed, self._on_cancelled
        )

    def _on_checked(self, preview: Any) -> None:
        if self._closed:  # arrived after the window closed: drop its staging folder
            self._store.discard_handover(preview)
            return
        self.preview = preview
        self.message.setText("")
        self._show(preview)

    def _on_check_failed(self, exc: object) -> None:
        assert isinstance(exc, BaseException)
        self.message.setText(plain_error(exc, _("the hand-over")))
        self._show(None)

    def _on_cancelled(self) -> None:
        self.message.setText(_("Cancelled: nothing was added to this laptop."))

    def _show(self, p: Any) -> None:
        self.reference.setText(p.origin_reference if p else "")
        self.title.setText(p.title if p else "")
        self.sender.setText(
            _("{label} ({school})").format(label=p.sender.label, school=p.sender.school)
            if p
            else ""
        )
        self.fingerprint.setText(p.sender.fingerprint if p else "")
        self.sent_by.setText(
            _("{name}, {when}").format(name=p.sender_name, when=local_time(p.created_at))
            if p
            else ""
        )
        self.new.setText(new_items_text(p.new) if p else "")
        self.checks.setText("\n".join(_(c) for c in p.checks) if p else "")
        unknown = p is not None and not p.sender_known
        self.warning.setText(
            _(
                "This laptop has not handed a case here before. Before you receive it, "
                "ring or see the sender and read the fingerprint above to each other: it "
                "must be exactly the same on their laptop (Settings, Hand-over)."
            )
            if unknown
            else ""
        )
        self.warning.setVisible(unknown)
        self.checked_box.setChecked(False)
        self.checked_box.setVisible(unknown)
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        p = self.preview
        ok = p is not None and (p.sender_known or self.checked_box.isChecked())
        self.receive_button.setEnabled(ok and not self.busy())

    def receive(self) -> bool:
        """Store the checked case in the background; False if it could not start."""
        p = self.preview
        if p is None or self.busy():
            return False
        store, author, trust = self._store, self._author, self.checked_box.isChecked()

        def call(progress: Progress, cancel: CancelToken) -> Any:
            return store.accept_handover(
                p, author, trust_new_sender=trust, progress=progress, cancel=cancel
            )

        self.message.setText(_("Receiving the case…"))
        self._storing = True
        return self.task.run(
            store_job(store, call), self._on_received, self._on_receive_failed, self._on_cancelled
        )

    def _on_receive_failed(self, exc: object) -> None:
        assert isinstance(exc, BaseException)
        self.message.setText(plain_error(exc, _("the case")))

    def _on_received(self, received: Any) -> None:
        self.preview = None  # accepting removed the staging folder
        self.received = received
        text = _("The case is received here as {reference}.").format(reference=received.reference)
        if received.receipt_path is not None:
            text += " " + _(
                "The receipt is saved as {path}: take it back to the sender, so their "
                "laptop can remove its copy."
            ).format(path=received.receipt_path)
        elif received.receipt_error:
            text += " " + received.receipt_error
        self.message.setText(text)
        self.warning.hide()  # the sender is known now
        self.checked_box.hide()
        self.cancel_button.setText(_("Done"))

    # --- closing -------------------------------------------------------------------------
    def done(self, code: int) -> None:
        self._closed = True
        # Storing stops before its transaction: wait for that. A check cannot stop midway
        # (seconds for a video): it runs on and drops what it unpacked when it ends.
        self.task.stop(wait=self._storing)
        super().done(code)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.done(QDialog.DialogCode.Rejected)
        event.accept()
