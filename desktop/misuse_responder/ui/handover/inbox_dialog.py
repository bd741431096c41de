"""The hand-over inbox: the ``.mrcase`` files waiting in the folder the school syncs.

The app only reads that folder (it never deletes or moves a file there, and opens no network
connection itself); each file opens in the receive dialog, which checks it in full.
Listing hashes each new file (to say whether it was already received), which for a bundle
holding a video takes seconds, so it runs on a worker (ui/handover/task.py) with a progress
bar; closing the window stops it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _
from misuse_responder.progress import CancelToken, Progress
from misuse_responder.ui import screen_fit
from misuse_responder.ui.handover.task import ProgressRow, Task, store_job
from misuse_responder.ui.plain_errors import plain_error
from misuse_responder.ui.style import plain_label, selectable
from misuse_responder.ui.timefmt import local_time


class InboxDialog(QDialog):
    """``opened`` is the path chosen for receiving (the caller opens the receive dialog)."""

    def __init__(self, store: Any, author: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._author = store, author
        self.items: list[Any] = []
        self.opened: Path | None = None
        self.setWindowTitle(_("Hand-over inbox"))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.folder_label = selectable(plain_label(""))
        self.folder_label.setWordWrap(True)
        self.folder_label.setAccessibleName(_("Inbox folder"))
        self.choose_button = QPushButton(_("Choose the inbox folder…"))
        self.choose_button.setAccessibleName(_("Choose the inbox folder"))
        self.choose_button.clicked.connect(self.choose_folder)
        row.addWidget(self.folder_label, 1)
        row.addWidget(self.choose_button)
        layout.addLayout(row)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("File"), _("For"), _("Arrived"), _("State")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):  # the date on one line, not wrapped into two
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(_("Hand-over files waiting in the inbox"))
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._update)
        self.table.cellDoubleClicked.connect(lambda *_a: self.open_selected())
        layout.addWidget(self.table, 1)
        self.progress = ProgressRow(_("Looking in the inbox"), None)
        layout.addWidget(self.progress)
        self.message = selectable(plain_label(""))
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Inbox message"))
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton(
            _("Receive the chosen file…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button.setAccessibleName(_("Receive the chosen hand-over file"))
        self.open_button.clicked.connect(self.open_selected)
        self.refresh_button = buttons.addButton(
            _("Look again"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.refresh_button.setAccessibleName(_("Look in the inbox folder again"))
        self.refresh_button.clicked.connect(self.refresh)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(_("Close"))
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.task = Task(self, self.progress, self._set_busy)
        # On a small screen the list scrolls; the progress, the message and the buttons stay.
        screen_fit.scroll_all_but_last(layout, keep=3)
        screen_fit.fit_window(self, QSize(760, 460), name="handover-inbox")
        self.refresh()

    def busy(self) -> bool:
        return self.task.running()

    def _set_busy(self, busy: bool) -> None:
        self.choose_button.setEnabled(not busy)
        self.refresh_button.setEnabled(not busy)
        self._update()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the inbox folder"))
        if folder:
            self.set_folder(folder)

    def set_folder(self, folder: str) -> bool:
        try:
            self._store.set_handover_inbox_folder(folder, self._author)
        except Exception as exc:
            self.message.setText(plain_error(exc, _("the inbox folder")))
            return False
        self.refresh()
        return True

    def refresh(self) -> bool:
        """List the inbox in the background (False if a listing is already running)."""
        if self.busy():
            return False
        folder = self._store.handover_inbox_folder()
        self.items = []
        self.table.setRowCount(0)
        self.message.setText("")
        if not folder:
            self.folder_label.setText(
                _(
                    "No inbox folder yet. If the school syncs a folder for hand-overs "
                    "(OneDrive, SharePoint, Google Drive), choose it here."
                )
            )
            self._update()
            return True
        self.folder_label.setText(_("Inbox: {folder}").format(folder=folder))
        store = self._store

        def call(progress: Progress, cancel: CancelToken) -> Any:
            return store.handover_inbox(Path(folder), progress, cancel)

        self.message.setText(_("Looking in the inbox…"))
        return self.task.run(
            store_job(store, call),
            self._show_items,
            lambda exc: self.message.setText(plain_error(exc, _("the inbox"))),
            lambda: self.message.setText(""),
        )

    def _show_items(self, items: Any) -> None:
        self.items = list(items)
        self.table.setRowCount(0)
        self.message.setText("")
        for item in self.items:
            n = self.table.rowCount()
            self.table.insertRow(n)
            if item.problem:
                state = item.problem
            elif item.already_received:
                state = _("Already received")
            elif not item.for_this_laptop:
                state = _("For another laptop")
            else:
                state = _("Waiting")
            for col, text in enumerate(
                (item.path.name, ", ".join(item.addressed_to), local_time(item.modified), state)
            ):
                self.table.setItem(n, col, QTableWidgetItem(text))
        if not self.items:
            self.message.setText(_("Nothing is waiting in the inbox."))
        self._update()

    def _update(self) -> None:
        row = self.table.currentRow()
        self.open_button.setEnabled(0 <= row < len(self.items) and not self.busy())

    def open_selected(self) -> bool:
        row = self.table.currentRow()
        if not 0 <= row < len(self.items) or self.busy():
            return False
        self.opened = self.items[row].path
        self.accept()
        return True

    # --- closing -------------------------------------------------------------------------
    def done(self, code: int) -> None:
        self.task.stop()  # a listing only reads; it stops within a megabyte of hashing
        super().done(code)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.done(QDialog.DialogCode.Rejected)
        event.accept()
