"""The evidence panel: add files, pasted images, message text and links to a case.

Self-contained, so the wizard and the case view use the same widget. Whether files may
be added at all is read from the case's current guidance in the store
(``evidence == "do-not-capture"`` means sexual images of a child): then the panel
builds no file, paste or drop route whatsoever and offers only a written description,
with the reason. Large files are hashed and encrypted on a worker thread with a
progress bar and a Cancel button; the store's refusals are shown as they are, and
nothing typed is cleared when something fails.

Before any image or video is added, whichever way it came (file dialog, typed path,
drag and drop, pasted screenshot), the panel asks one question: does it show a child
nude, partly nude, in underwear or in a sexual way? Only "No" lets it in. "Yes" or
"Not sure" adds nothing (a pasted picture is dropped, never written to disk), records a
description instead and moves the case to the sexual-imagery route in the store, which
seals any file already held; the panel then rebuilds itself as description-only and
emits ``imageWithheld`` (the wizard shows its stop page). No preview is ever drawn.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _, ngettext
from misuse_responder.progress import CancelToken, Progress
from misuse_responder.scratch import scratch_dir
from misuse_responder.store import cases, evidence
from misuse_responder.store.errors import ImageQuestionRefused, StoreError
from misuse_responder.store.evidence import Capture, image_question, needs_image_question
from misuse_responder.store.sealing import seal_state
from misuse_responder.store.text import display_text
from misuse_responder.store.vault import Vault
from misuse_responder.ui.widgets import fingerprint
from misuse_responder.ui.widgets.basics import banner, text_label
from misuse_responder.ui.widgets.dates import UkDateField
from misuse_responder.ui.widgets.input_guards import scroll_into_view
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


# The widgets that exist only while files may be added (dropped when the case switches).
_CAPTURE_WIDGETS = (
    "url",
    "account",
    "captured",
    "choose",
    "paste",
    "path",
    "add_path",
    "progress",
    "cancel",
    "message",
    "add_text",
    "link",
    "add_link",
    "question_box",
    "question",
    "answer_yes",
    "answer_no",
    "answer_not_sure",
)


def _worth_asking(path: Path) -> bool:
    """A missing or empty file is refused by the store with its own plain reason first."""
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


class _Pending:
    """An image or video waiting for the answer to the question (nothing written yet)."""

    def __init__(self, label: str, path: Path | None = None, image: QImage | None = None) -> None:
        self.label = label
        self.path = path
        self.image = image
        self.pasted = False


class EvidencePanel(QWidget):
    evidenceAdded = Signal(int)  # evidence id
    evidenceWithdrawn = Signal(int)  # evidence id: withdrawn with a reason, still stored
    imageWithheld = Signal(object)  # the store's WithheldImage: the case is now do-not-capture

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
        self._pending: _Pending | None = None
        self._last: Path | None = None
        guidance = cases.current_guidance(case_id)
        self.capture_allowed = guidance.get("evidence") == "capture"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = text_label("", selectable=True)
        self.status.setAccessibleName(_("Evidence status"))
        self.body = QWidget()
        self._build_body()
        layout.addWidget(self.body)
        layout.addWidget(self.status)
        layout.addWidget(text_label(_("Kept for this case"), bold=True))
        # What was just added, next to the list (the form above is cleared for the next one).
        self.last_added = text_label("", selectable=True)
        self.last_added.setAccessibleName(_("Last item added"))
        self.last_added.setVisible(False)
        layout.addWidget(self.last_added)
        self.items = QTreeWidget()
        self.items.setAccessibleName(_("Evidence kept for this case"))
        self.items.setHeaderLabels([_("Kind"), _("Item"), _("Fingerprint")])
        self.items.setRootIsDecorated(False)
        self.items.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        layout.addWidget(self.items)
        # Withdrawing an item added by mistake: it stays stored with its fingerprint, and the
        # record shows it was withdrawn, by whom and why (the store's audited withdraw).
        wrow = QHBoxLayout()
        self.withdraw_reason = QLineEdit()
        self.withdraw_reason.setAccessibleName(_("Why the selected item is being withdrawn"))
        self.withdraw_reason.setPlaceholderText(
            _("Added by mistake? Select it, say why, then Withdraw")
        )
        wrow.addWidget(self.withdraw_reason, 1)
        self.withdraw_button = _button(
            _("Withdraw selected item"),
            _("It stays in the record, marked as withdrawn with your reason"),
        )
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        wrow.addWidget(self.withdraw_button)
        layout.addLayout(wrow)
        self.items.currentItemChanged.connect(lambda *_a: self._update_withdraw())
        self.withdraw_reason.textChanged.connect(lambda _t: self._update_withdraw())
        self.setAcceptDrops(self.capture_allowed)
        self.refresh()

    # --- building ---------------------------------------------------------------------
    def _build_body(self) -> None:
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        if self.capture_allowed:
            self._build_capture(body)
        else:
            self._build_description_only(body)

    def _switch_to_description_only(self) -> None:
        """The case became do-not-capture: no file, paste or drop route survives."""
        self._pending = None
        self.capture_allowed = False
        self.setAcceptDrops(False)
        old = self.body
        self.body = QWidget()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.replaceWidget(old, self.body)
        old.setParent(None)
        old.deleteLater()
        for name in _CAPTURE_WIDGETS:
            if name in self.__dict__:
                delattr(self, name)
        self._build_body()
        self.body.show()
        self.description.setFocus()

    def _details_form(self, layout: QVBoxLayout) -> None:
        box = QGroupBox(_("About the item you are adding"))
        form = QFormLayout(box)
        self.url = QLineEdit()
        self.url.setAccessibleName(_("Web address (URL) where it was seen"))
        form.addRow(_("Web address (URL)"), self.url)
        self.account = QLineEdit()
        self.account.setAccessibleName(_("Account name or handle"))
        form.addRow(_("Account or handle"), self.account)
        self.captured = UkDateField(_("When it was captured"))
        self.captured.set_value(datetime.now().replace(second=0, microsecond=0))
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
                    "file's path. Each file's fingerprint is recorded: it proves the file is "
                    "unchanged."
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
        self._build_question(layout)

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

    def _build_question(self, layout: QVBoxLayout) -> None:
        """The one question before an image or video is added (hidden until one is offered)."""
        self.question_box = QGroupBox(_("Before it is added"))
        ql = QVBoxLayout(self.question_box)
        self.question = text_label("", bold=True)
        self.question.setAccessibleName(_("Question before adding a picture or video"))
        ql.addWidget(self.question)
        ql.addWidget(
            text_label(
                _(
                    "Answer from what you already know: do not open or look at it again to "
                    "check. If you are not sure, choose Not sure: it is then not added, and "
                    "you write a description instead."
                )
            )
        )
        row = QHBoxLayout()
        self.answer_yes = _button(_("Yes"), _("It is not added; write a description instead"))
        self.answer_no = _button(_("No"), _("Add it to the case"))
        self.answer_not_sure = _button(
            _("Not sure"), _("It is not added; write a description instead")
        )
        for button, answer in (
            (self.answer_yes, "yes"),
            (self.answer_no, "no"),
            (self.answer_not_sure, "not-sure"),
        ):
            button.clicked.connect(lambda _c=False, a=answer: self.answer(a))
            row.addWidget(button)
        row.addStretch(1)
        ql.addLayout(row)
        self.question_box.setVisible(False)
        layout.addWidget(self.question_box)

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
        self.sealed_note: QLabel = text_label("")
        self.sealed_note.setAccessibleName(_("Files sealed in this case"))
        layout.addWidget(self.sealed_note)

    # --- the list ------------------------------------------------------------------------
    def refresh(self) -> None:
        self.items.clear()
        kinds = {"file": _("File"), "text": _("Text"), "link": _("Link")}
        sealed = 0
        for item in cases.detail(self.case_id).evidence:
            what = item.original_name or item.url or item.description or (item.text or "")
            what = display_text(what).replace("\n", " ")  # shown without bidi overrides
            kind = kinds.get(item.kind, item.kind)
            state = seal_state(item)
            if state is not None:
                sealed += 1
                kind = _("File (sealed)")
                what = state
            if item.withdrawn_at is not None:
                kind = _("{kind} (withdrawn)").format(kind=kind)
                what = _("{what} (withdrawn: {reason})").format(
                    what=what, reason=display_text(item.withdrawn_reason or "")
                )
            row = QTreeWidgetItem([kind, what[:160], fingerprint.short(item.sha256)])
            row.setToolTip(2, fingerprint.tooltip(item.sha256))
            row.setData(2, Qt.ItemDataRole.UserRole, item.sha256)
            row.setData(0, Qt.ItemDataRole.UserRole, item.id)
            row.setData(1, Qt.ItemDataRole.UserRole, item.withdrawn_at is None and state is None)
            self.items.addTopLevelItem(row)
        for column in range(3):
            self.items.resizeColumnToContents(column)
        self._update_withdraw()
        if not self.capture_allowed:
            self.sealed_note.setText(
                ngettext(
                    "{n} file added before this case changed is sealed: never shown or "
                    "exported. The DSL decides whether to keep it sealed for the police or "
                    "delete the copy.",
                    "{n} files added before this case changed are sealed: never shown or "
                    "exported. The DSL decides whether to keep them sealed for the police or "
                    "delete the copies.",
                    sealed,
                ).format(n=sealed)
                if sealed
                else ""
            )
            self.sealed_note.setVisible(bool(sealed))

    def _added(self, evidence_id: int, what: str) -> None:
        self.refresh()
        sha = ""
        for i in range(self.items.topLevelItemCount()):
            row = self.items.topLevelItem(i)
            if row is not None and row.data(0, Qt.ItemDataRole.UserRole) == evidence_id:
                sha = str(row.data(2, Qt.ItemDataRole.UserRole))
                self.items.setCurrentItem(row)
                self.items.scrollToItem(row)
        description = ""
        if self.capture_allowed:
            description = self.description.toPlainText().strip()
            self._clear_details()  # the next item starts empty: nothing carries over
        added = _("Added {what}. Fingerprint: {sha}").format(what=what, sha=fingerprint.short(sha))
        if description:
            added += "\n" + _("Description: {text}").format(text=display_text(description))
        added += "\n" + _("The form above is empty again, ready for the next item.")
        self.status.setText("")  # said once, here, next to the list
        self.last_added.setText(added)
        self.last_added.setToolTip(fingerprint.tooltip(sha))
        self.last_added.setVisible(True)
        scroll_into_view(self.items)
        self.evidenceAdded.emit(evidence_id)

    def _clear_details(self) -> None:
        """Empty the form about the item, so the next one is never saved with its details."""
        self.url.clear()
        self.account.clear()
        self.description.clear()
        self.captured.set_value(datetime.now().replace(second=0, microsecond=0))

    # --- withdrawing ---------------------------------------------------------------------------
    def _selected_id(self) -> int | None:
        row = self.items.currentItem()
        if row is None or not row.data(1, Qt.ItemDataRole.UserRole):
            return None
        return int(row.data(0, Qt.ItemDataRole.UserRole))

    def _update_withdraw(self) -> None:
        self.withdraw_button.setEnabled(
            self._selected_id() is not None and bool(self.withdraw_reason.text().strip())
        )

    def withdraw_selected(self) -> None:
        """Withdraw the selected item with the reason typed (it stays stored and hashed)."""
        evidence_id = self._selected_id()
        reason = self.withdraw_reason.text().strip()
        if evidence_id is None:
            self.status.setText(_("Select the item to withdraw in the list first."))
            return
        if not reason:
            self.status.setText(_("Say why the item is being withdrawn."))
            return
        try:
            evidence.withdraw(self.vault, evidence_id, self.author, reason)
        except (StoreError, ValueError) as exc:
            self.status.setText(_("Not withdrawn. {message}").format(message=exc))
            return
        self.withdraw_reason.clear()
        self.refresh()
        self.status.setText(
            _("Withdrawn: it stays in the record, marked as withdrawn with your reason.")
        )
        self.evidenceWithdrawn.emit(evidence_id)

    def _failed(self, exc: object) -> None:
        if isinstance(exc, ImageQuestionRefused) and exc.answer is None and self._last:
            # The store recognised a picture the panel did not: ask now.
            self._ask(_Pending(self._last.name, path=self._last))
            return
        if isinstance(exc, StoreError | ValueError):
            message = str(exc)
        else:
            message = _("It could not be added: {error}").format(error=exc)
        self.status.setText(_("Not added. {message}").format(message=message))

    def _capture(self) -> Capture:
        problem = self.captured.problem()
        if problem:
            raise ValueError(problem)
        typed = self.captured.value()
        moment = typed.astimezone() if typed is not None else None
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
        pending = _Pending(_("pasted screenshot"), image=image)
        pending.pasted = True
        self._ask(pending)

    def _add_image(self, image: QImage, label: str) -> None:
        """Write the picture (answered "No") to a private scratch file and add it.

        In the data folder's owner-only scratch folder, not the shared /tmp; a crash that
        leaves it there is cleaned up at the next start (scratch.py)."""
        folder = scratch_dir(self.vault.paths.root, "mr-paste-")
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = folder / f"screenshot-{stamp}.png"
        if not image.save(str(target)):
            shutil.rmtree(folder, ignore_errors=True)
            self.status.setText(_("The pasted picture could not be read."))
            return
        self._temp = folder
        self.add_file(target, label=label, answer="no")

    # --- the question ---------------------------------------------------------------------
    def _ask(self, pending: _Pending) -> None:
        """Hold the picture or video (nothing written) and ask the question."""
        if not self.capture_allowed:
            self.status.setText(_("No images or files can be added to this case."))
            return
        self._pending = pending
        self.question.setText(
            _("You are adding {what}. {question}").format(
                what=pending.label, question=image_question()
            )
        )
        self.question_box.setVisible(True)
        self._set_busy(False)
        self.status.setText(_("Answer the question before it is added."))
        self.answer_not_sure.setFocus()

    def pending_question(self) -> bool:
        """Whether a picture or video is waiting for the answer."""
        return self._pending is not None

    def answer(self, answer: str) -> None:
        """The answer to the question: "no" adds it; "yes" or "not-sure" withholds it."""
        pending = self._pending
        if pending is None or not self.capture_allowed:
            return
        self._pending = None
        self.question_box.setVisible(False)
        self._set_busy(False)
        if answer == "no":
            if pending.image is not None:
                self._add_image(pending.image, pending.label)
            elif pending.path is not None:
                self.add_file(pending.path, label=pending.label, answer="no")
            return
        self._withhold(pending, answer)

    def _withhold(self, pending: _Pending, answer: str) -> None:
        """Keep nothing, record a description, and move the case to the sexual-imagery route."""
        pending.image = None  # a pasted picture is dropped, never written anywhere
        if pending.pasted:
            QGuiApplication.clipboard().clear()
        typed = self.description.toPlainText().strip()
        description = typed or _(
            "Not described when it was offered: a description follows, or ask the member of "
            "staff who recorded it."
        )
        name = pending.path.name if pending.path is not None else None
        try:
            result = evidence.record_withheld_image(
                self.vault, self.case_id, description, answer, self.author, file_name=name
            )
        except (StoreError, ValueError) as exc:
            self._failed(exc)
            return
        if self.capture_allowed:
            self.path.clear()
        self._switch_to_description_only()
        if typed:
            self.description.setPlainText("")
        self.status.setText(
            _(
                "Not added: {what}. No copy was kept. Do not open, copy or forward it. "
                "This case now follows the steps for sexual images of a child: tell the DSL "
                "now. {more}"
            ).format(
                what=pending.label,
                more=_("Your description was recorded.")
                if typed
                else _("Write below what you were told it shows (in words, never the image)."),
            )
        )
        self.refresh()
        self.imageWithheld.emit(result)

    def add_file(self, path: Path, *, label: str | None = None, answer: str | None = None) -> None:
        """Hash, encrypt and store ``path`` on a worker thread. An image or video is first
        held for the question (``answer`` is the reply, "no" once given); the store refuses
        files on do-not-capture cases, and images without the answer "no", even if called."""
        if self.worker is not None:
            self.status.setText(_("Wait for the file being added to finish."))
            return
        if answer is None and _worth_asking(path) and needs_image_question(path):
            self._ask(_Pending(label or path.name, path=path))
            return
        vault, case_id, author = self.vault, self.case_id, self.author
        try:
            capture = self._capture()
        except ValueError as exc:
            self._failed(exc)
            return
        try:
            total = path.stat().st_size
        except OSError:
            total = 0

        def job(progress: Progress, cancel: CancelToken) -> int:
            def step(done: int) -> None:
                cancel.raise_if_cancelled()
                progress(done, total)

            try:
                return evidence.add_file(
                    vault,
                    case_id,
                    path,
                    author,
                    capture,
                    progress=step,
                    shows_child_sexual=answer,  # type: ignore[arg-type]
                )
            finally:
                vault.db.close()  # this thread's own connection

        what = label or path.name
        self._last = path
        # The description is what the lock names if it has to stop this add (ui/workers.py).
        worker = Worker(job, self, description=_("adding {what}").format(what=what))
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
            button.setEnabled(not busy and self._pending is None)

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
            self._ask(_Pending(_("dropped picture"), image=QImage(mime.imageData())))
        else:
            event.ignore()
