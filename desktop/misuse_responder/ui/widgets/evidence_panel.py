"""The evidence panel: add files, pasted images, message text and links to a case.

Self-contained, so the wizard and the case view use the same widget. Whether files may
be added at all is read from the case's current guidance in the store
(``evidence == "do-not-capture"`` means sexual images of a child): then the panel
builds no file, paste or drop route whatsoever and offers only a written description,
with the reason. Large files are hashed and encrypted on a worker thread with a
progress bar and a Cancel button; the store's refusals are shown as they are, and
nothing typed is cleared when something fails.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _
from misuse_responder.progress import CancelToken, Progress
from misuse_responder.store import cases, evidence
from misuse_responder.store.errors import StoreError
from misuse_responder.store.evidence import Capture
from misuse_responder.store.vault import Vault
from misuse_responder.ui.widgets.basics import banner, text_label
from misuse_responder.ui.workers import Worker


def _button(text: str, description: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(text.replace("…", ""))
    if description:
        button.setAccessibleDescription(description)
    return button


def _text_edit(name: str, lines: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setAccessibleName(name)
    spacing = edit.fontMetrics().lineSpacing()
    edit.setMinimumHeight(spacing * lines + 12)
    edit.setMaximumHeight(spacing * (lines + 3) + 12)
    return edit


class EvidencePanel(QWidget):
    evidenceAdded = Signal(int)  # evidence id

    def __init__(
        self, vault: Vault, case_id: int, author: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case_id = case_id
        self.author = author
        self.worker: Worker | None = None
        self._retired: Worker | None = None
        self._temp: Path | None = None
        guidance = cases.current_guidance(case_id)
        self.capture_allowed = guidance.get("evidence") == "capture"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = text_label("", selectable=True)
        self.status.setAccessibleName(_("Evidence status"))
        if self.capture_allowed:
            self._build_capture(layout)
        else:
            self._build_description_only(layout)
        layout.addWidget(self.status)
        layout.addWidget(text_label(_("Kept for this case"), bold=True))
        self.items = QTreeWidget()
        self.items.setAccessibleName(_("Evidence kept for this case"))
        self.items.setHeaderLabels([_("Kind"), _("Item"), _("SHA-256 fingerprint")])
        self.items.setRootIsDecorated(False)
        self.items.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        layout.addWidget(self.items)
        self.setAcceptDrops(self.capture_allowed)
        self.refresh()

    # --- building ---------------------------------------------------------------------
    def _details_form(self, layout: QVBoxLayout) -> None:
        box = QGroupBox(_("About the item you are adding"))
        form = QFormLayout(box)
        self.url = QLineEdit()
        self.url.setAccessibleName(_("Web address (URL) where it was seen"))
        form.addRow(_("Web address (URL)"), self.url)
        self.account = QLineEdit()
        self.account.setAccessibleName(_("Account name or handle"))
        form.addRow(_("Account or handle"), self.account)
        self.captured = QDateTimeEdit(QDateTime.currentDateTime())
        self.captured.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.captured.setCalendarPopup(True)
        self.captured.setAccessibleName(_("When it was captured"))
        form.addRow(_("Captured at"), self.captured)
        self.description = _text_edit(_("Description of the item"), 3)
        form.addRow(_("Description"), self.description)
        layout.addWidget(box)

    def _build_capture(self, layout: QVBoxLayout) -> None:
        self._details_form(layout)
        files = QGroupBox(_("Add a screenshot or file"))
        fl = QVBoxLayout(files)
        fl.addWidget(
            text_label(
                _(
                    "Choose a file, drag one onto this panel, paste a screenshot, or type the "
                    "file's path. Each file's SHA-256 fingerprint is recorded."
                )
            )
        )
        row = QHBoxLayout()
        self.choose = _button(_("Choose file…"), _("Opens a file dialog"))
        self.choose.clicked.connect(self.choose_file)
        row.addWidget(self.choose)
        self.paste = _button(_("Paste screenshot"), _("Adds the image currently on the clipboard"))
        self.paste.clicked.connect(self.paste_image)
        row.addWidget(self.paste)
        row.addStretch(1)
        fl.addLayout(row)
        prow = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setAccessibleName(_("Path of a file to add"))
        self.path.setPlaceholderText(_("Or type the full path of a file"))
        self.path.returnPressed.connect(self.add_typed_path)
        prow.addWidget(self.path, 1)
        self.add_path = _button(_("Add this file"))
        self.add_path.clicked.connect(self.add_typed_path)
        prow.addWidget(self.add_path)
        fl.addLayout(prow)
        brow = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Progress adding the file"))
        self.progress.setVisible(False)
        brow.addWidget(self.progress, 1)
        self.cancel = _button(_("Cancel"), _("Stop adding this file"))
        self.cancel.setVisible(False)
        self.cancel.clicked.connect(self.cancel_work)
        brow.addWidget(self.cancel)
        fl.addLayout(brow)
        layout.addWidget(files)

        text = QGroupBox(_("Message text"))
        tl = QVBoxLayout(text)
        self.message = _text_edit(_("Message text to keep"), 3)
        self.message.setPlaceholderText(_("Paste or type the message exactly as it appears"))
        tl.addWidget(self.message)
        self.add_text = _button(_("Add message text"))
        self.add_text.clicked.connect(self.add_message)
        tl.addWidget(self.add_text, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(text)

        link = QGroupBox(_("Link"))
        ll = QHBoxLayout(link)
        self.link = QLineEdit()
        self.link.setAccessibleName(_("Link to keep"))
        self.link.setPlaceholderText("https://…")
        ll.addWidget(self.link, 1)
        self.add_link = _button(_("Add link"))
        self.add_link.clicked.connect(self.add_link_item)
        ll.addWidget(self.add_link)
        layout.addWidget(link)

    def _build_description_only(self, layout: QVBoxLayout) -> None:
        layout.addWidget(
            banner(
                _(
                    "No images or files can be added to this case. It may involve sexual images "
                    "of someone under 18: copying, saving or sharing them can be an offence, "
                    "even for safeguarding. Write a description of what was reported instead."
                )
            )
        )
        self.description = _text_edit(_("Written description of what was reported"), 5)
        self.description.setPlaceholderText(
            _(
                "Who told you, when, what they said it showed (in their words), where it was "
                "shared, account names, and who may have it."
            )
        )
        layout.addWidget(self.description)
        self.add_description = _button(_("Record description"))
        self.add_description.clicked.connect(self.record_description)
        layout.addWidget(self.add_description, 0, Qt.AlignmentFlag.AlignLeft)

    # --- the list ------------------------------------------------------------------------
    def refresh(self) -> None:
        self.items.clear()
        kinds = {"file": _("File"), "text": _("Text"), "link": _("Link")}
        for item in cases.detail(self.case_id).evidence:
            what = item.original_name or item.url or item.description or (item.text or "")
            row = QTreeWidgetItem([kinds.get(item.kind, item.kind), what[:120], item.sha256])
            row.setData(0, Qt.ItemDataRole.UserRole, item.id)
            self.items.addTopLevelItem(row)
        for column in range(3):
            self.items.resizeColumnToContents(column)

    def _added(self, evidence_id: int, what: str) -> None:
        self.refresh()
        sha = ""
        for i in range(self.items.topLevelItemCount()):
            row = self.items.topLevelItem(i)
            if row is not None and row.data(0, Qt.ItemDataRole.UserRole) == evidence_id:
                sha = row.text(2)
        self.status.setText(_("Added {what}. SHA-256: {sha}").format(what=what, sha=sha))
        self.evidenceAdded.emit(evidence_id)

    def _failed(self, exc: object) -> None:
        if isinstance(exc, StoreError | ValueError):
            message = str(exc)
        else:
            message = _("It could not be added: {error}").format(error=exc)
        self.status.setText(_("Not added. {message}").format(message=message))

    def _capture(self) -> Capture:
        moment = datetime.fromisoformat(
            self.captured.dateTime().toString("yyyy-MM-ddTHH:mm:ss")
        ).astimezone()
        return Capture(
            description=self.description.toPlainText().strip(),
            url=self.url.text().strip() or None,
            account=self.account.text().strip() or None,
            captured_at=moment,
        )

    # --- text, links, descriptions (quick: on the UI thread) -------------------------------
    def add_message(self) -> None:
        text = self.message.toPlainText()
        try:
            new_id = evidence.add_text(self.vault, self.case_id, text, self.author, self._capture())
        except (StoreError, ValueError) as exc:
            self._failed(exc)
            return
        self.message.clear()
        self._added(new_id, _("the message text"))

    def add_link_item(self) -> None:
        try:
            new_id = evidence.add_link(
                self.vault, self.case_id, self.link.text(), self.author, self._capture()
            )
        except (StoreError, ValueError) as exc:
            self._failed(exc)
            return
        self.link.clear()
        self._added(new_id, _("the link"))

    def record_description(self) -> None:
        capture = Capture(description=_("Written description (no copy of any image was kept)"))
        try:
            new_id = evidence.add_text(
                self.vault, self.case_id, self.description.toPlainText(), self.author, capture
            )
        except (StoreError, ValueError) as exc:
            self._failed(exc)
            return
        self.description.clear()
        self._added(new_id, _("the description"))

    # --- files (slow: on a worker thread) ---------------------------------------------------
    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Choose a file to keep as evidence"))
        if name:
            self.add_file(Path(name))

    def add_typed_path(self) -> None:
        text = self.path.text().strip().strip('"')
        if not text:
            self.status.setText(_("Type the full path of a file first."))
            return
        self.add_file(Path(text).expanduser())

    def paste_image(self) -> None:
        image: QImage = QGuiApplication.clipboard().image()
        if image.isNull():
            self.status.setText(_("There is no picture on the clipboard to paste."))
            return
        self._add_image(image, _("pasted screenshot"))

    def _add_image(self, image: QImage, label: str) -> None:
        folder = Path(tempfile.mkdtemp(prefix="mr-paste-"))
        folder.chmod(0o700)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = folder / f"screenshot-{stamp}.png"
        if not image.save(str(target)):
            shutil.rmtree(folder, ignore_errors=True)
            self.status.setText(_("The pasted picture could not be read."))
            return
        self._temp = folder
        self.add_file(target, label=label)

    def add_file(self, path: Path, *, label: str | None = None) -> None:
        """Hash, encrypt and store ``path`` on a worker thread (refused by the store on
        do-not-capture cases even if called)."""
        if self.worker is not None:
            self.status.setText(_("Wait for the file being added to finish."))
            return
        vault, case_id, author = self.vault, self.case_id, self.author
        capture = self._capture()
        try:
            total = path.stat().st_size
        except OSError:
            total = 0

        def job(progress: Progress, cancel: CancelToken) -> int:
            def step(done: int) -> None:
                cancel.raise_if_cancelled()
                progress(done, total)

            try:
                return evidence.add_file(vault, case_id, path, author, capture, progress=step)
            finally:
                vault.db.close()  # this thread's own connection

        what = label or path.name
        worker = Worker(job, self)
        worker.progress.connect(self._on_progress)
        worker.done.connect(lambda new_id: self._added(int(new_id), what))
        worker.done.connect(lambda _id: self.path.clear() if self.capture_allowed else None)
        worker.failed.connect(self._failed)
        worker.cancelled.connect(
            lambda: self.status.setText(_("Cancelled: {what} was not added.").format(what=what))
        )
        worker.finished.connect(self._work_finished)
        self.worker = worker
        self._set_busy(True)
        self.status.setText(_("Adding {what}…").format(what=what))
        worker.start()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _set_busy(self, busy: bool) -> None:
        if not self.capture_allowed:
            return
        self.progress.setVisible(busy)
        self.progress.setValue(0)
        self.cancel.setVisible(busy)
        for button in (self.choose, self.paste, self.add_path):
            button.setEnabled(not busy)

    def cancel_work(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _work_finished(self) -> None:
        if self.worker is not None:
            self.worker.wait()
        # Keep the finished worker (and its QThread) alive until the next job: dropping the
        # last reference inside its own ``finished`` signal would destroy the thread object
        # while Qt is still delivering that signal.
        self._retired = self.worker
        self.worker = None
        self._set_busy(False)
        if self._temp is not None:
            shutil.rmtree(self._temp, ignore_errors=True)
            self._temp = None

    def is_busy(self) -> bool:
        return self.worker is not None

    # --- drag and drop ------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if self.capture_allowed and (mime.hasUrls() or mime.hasImage()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self.capture_allowed:
            event.ignore()
            return
        mime = event.mimeData()
        local = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        if local:
            event.acceptProposedAction()
            self.add_file(local[0])
            if len(local) > 1:
                self.status.setText(_("Only the first file was added: drop files one at a time."))
        elif mime.hasImage():
            event.acceptProposedAction()
            self._add_image(QImage(mime.imageData()), _("dropped picture"))
        else:
            event.ignore()
