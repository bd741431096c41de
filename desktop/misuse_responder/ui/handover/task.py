"""The one background job a hand-over dialog runs at a time, with its progress row.

Writing or reading a bundle can mean streaming a 500 MB video, so the dialogs run the
store's hand-over calls on a ``Worker`` (ui/workers.py) and keep the window responsive.
The store is used from the worker thread exactly as the export dialog does: SQLCipher
connections are per thread (peewee keeps one per thread, opened with the same key), so
the job gets its own connection and closes it when it ends; each write is one short
``IMMEDIATE`` transaction, which the busy timeout serialises with the UI thread's.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from misuse_responder.i18n import _
from misuse_responder.progress import CancelToken, Progress
from misuse_responder.ui.workers import Worker

Call = Callable[[Progress, CancelToken], Any]


def store_job(store: Any, call: Call) -> Call:
    """``call`` on the worker thread, closing that thread's own database connection after."""

    def job(progress: Progress, cancel: CancelToken) -> Any:
        try:
            return call(progress, cancel)
        finally:
            if not store.db.is_closed():
                store.db.close()  # this thread's connection only

    return job


class ProgressRow(QWidget):
    """A progress bar and its Cancel button (none for a job that cannot be stopped),
    shown only while a job runs."""

    def __init__(self, progress_name: str, cancel_name: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setAccessibleName(progress_name)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(cancel_name or "")
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        self.cancel_button.setVisible(cancel_name is not None)
        self.hide()

    def begin(self) -> None:
        self.bar.setRange(0, 0)  # busy until the job says how much there is
        self.cancel_button.setEnabled(True)
        self.show()
        if not self.cancel_button.isHidden():
            # The buttons that had focus are greyed now; Cancel is the one thing to press.
            self.cancel_button.setFocus()

    def step(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def end(self) -> None:
        self.hide()


class Task:
    """Runs one job at a time for a dialog; ``on_busy(True/False)`` greys its buttons.

    It holds its dialog only weakly: a dialog <-> task cycle is freed by Python's cyclic
    collector, which may run on a worker thread, and PySide then deletes the dialog's Qt
    objects from there; that crashed the app (shiboken ``runDeletionInMainThread``).
    """

    def __init__(self, owner: QWidget, row: ProgressRow, on_busy: Callable[[bool], None]):
        self._owner = weakref.ref(owner)
        self._on_busy = weakref.WeakMethod(on_busy)
        self._row = row
        self.worker: Worker | None = None
        row.cancel_button.clicked.connect(self.cancel)

    def running(self) -> bool:
        return self.worker is not None

    def run(
        self,
        job: Call,
        on_done: Callable[[Any], None],
        on_failed: Callable[[Any], None],
        on_cancelled: Callable[[], None],
    ) -> bool:
        if self.worker is not None:
            return False
        worker = Worker(job, self._owner())
        worker.progress.connect(self._row.step)
        worker.done.connect(on_done)
        worker.failed.connect(on_failed)
        worker.cancelled.connect(on_cancelled)
        worker.finished.connect(self._finished)
        self.worker = worker
        self._row.begin()
        self._busy(True)
        worker.start()
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self._row.cancel_button.setEnabled(False)
            self.worker.cancel()

    def stop(self, *, wait: bool = True, timeout_ms: int = 60_000) -> None:
        """Cancel, and wait unless told not to (the dialog is closing): a bundle's temporary
        file is removed, and a transaction already begun is let finish. A job that cannot
        stop midway is better not waited for: it sees the cancel when it ends."""
        worker = self.worker
        if worker is not None:
            worker.cancel()
            if wait and worker.wait(timeout_ms):
                # Hand over how it ended now, before the dialog's ``finished``: a case stored
                # as the window closed must still be seen as received by whoever listens.
                QCoreApplication.sendPostedEvents(worker, QEvent.Type.MetaCall)

    def _finished(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.wait(10_000)
            worker.deleteLater()
        self._row.end()
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        on_busy = self._on_busy()
        if on_busy is not None:
            on_busy(busy)
