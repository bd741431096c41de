"""Export: choose a PDF, make it in the background, preview it, then print or save it.

For a case: the evidence pack (addressed as the guidance says: Head, or Chair when the
Head is involved), the redacted pack, or the DSL copy, with an optional password.
Without a case: the three checklists and the governors' yearly summary for a period.
The PDF is made off the UI thread and kept in memory: the preview reads it from a
QBuffer, so no plain copy is ever written to a temporary folder (a crash used to leave
``/tmp/mr-export-*/pack.pdf`` behind). Printing (page by page, in bands, honouring the
page range: ``print_job.py``) and saving (atomically, 0600, then logged in the audit trail
with its SHA-256) run on workers too, so the window never stalls.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QSize
from PySide6.QtGui import QCloseEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder import labels as shared
from misuse_responder.export import atomic
from misuse_responder.export.checklists import render_checklist
from misuse_responder.export.encrypt import MIN_PASSWORD
from misuse_responder.export.labels import nation_guides
from misuse_responder.export.pack import (
    DSL_COPY,
    ExportResult,
    PackOptions,
    pack_jurisdiction,
    recipient_for,
    record_export,
    render_pack,
)
from misuse_responder.export.summary import render_summary
from misuse_responder.i18n import _, ngettext
from misuse_responder.progress import CancelToken, Progress
from misuse_responder.store import StoreError
from misuse_responder.store.diskfull import is_disk_full
from misuse_responder.ui import screen_fit
from misuse_responder.ui.print_job import Printed, PrintFailed, print_pdf
from misuse_responder.ui.widgets import pdf_preview
from misuse_responder.ui.widgets.basics import heading, text_label
from misuse_responder.ui.widgets.dates import UkDateField
from misuse_responder.ui.workers import Worker


def school_year_so_far(today: date) -> tuple[date, date]:
    """The governors' summary's default period: from 1 September of the current school
    year up to today. Up to today rather than 31 August: the summary can only count what has
    happened, and a period ending next summer would print as if the year were over."""
    start_year = today.year if today.month >= 9 else today.year - 1
    return date(start_year, 9, 1), today


class ExportDialog(QDialog):
    """Make, preview, print and save one PDF at a time."""

    def __init__(
        self, vault: Any, author: str, case_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = vault
        self.author = author
        self.case_id = case_id
        self.worker: Worker | None = None  # making the PDF
        self.task: Worker | None = None  # printing or saving it
        self.exported: ExportResult | None = None
        self._buffer: QBuffer | None = None  # the preview's PDF, in memory
        self._printer: QPrinter | None = None  # kept alive while a print job runs
        self.printed: Printed | None = None  # what the last print job did
        # Bumped by every change of choice, dates or password: a PDF made for an older
        # generation never becomes the preview (issue 15 item 5: a stale one was printed).
        self.generation = 0
        self.setWindowTitle(_("Export a PDF"))
        self.document = QPdfDocument(self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Which PDF?")))
        self.choices = QButtonGroup(self)
        self._kinds: dict[int, str] = {}
        if case_id is not None:
            self._case_choices(layout)
        else:
            self._general_choices(layout)
        self._build_progress(layout)
        self._build_preview(layout)
        self._watch_changes()
        # On a small screen the choices and preview scroll; Print/Save/Close stay in view.
        screen_fit.scroll_all_but_last(layout, keep=1)
        screen_fit.fit_window(self, QSize(720, 640), name="export")
        self._update_enabled()

    # --- the choices ---------------------------------------------------------------------
    def _choice(self, layout: QVBoxLayout, kind: str, label: str) -> QRadioButton:
        button = QRadioButton(label)
        button.setAccessibleName(label)
        index = len(self._kinds)
        self._kinds[index] = kind
        self.choices.addButton(button, index)
        layout.addWidget(button)
        if index == 0:
            button.setChecked(True)
        return button

    def _case_choices(self, layout: QVBoxLayout) -> None:
        guidance = self.store.guidance(self.case_id)
        school = self.store.school()
        # The pack's own rule and words, for the nation the case follows.
        facts = self.store.case(self.case_id).facts
        guides = nation_guides(pack_jurisdiction(PackOptions(), facts))
        recipient = recipient_for(guidance, school, "addressed", guides)
        self.pack_button = self._choice(
            layout, "pack", _("Evidence pack for {who}").format(who=recipient.short)
        )
        self._choice(layout, "redacted", _("Redacted pack (names replaced by roles)"))
        dsl = recipient_for(guidance, school, DSL_COPY, guides)
        lead = shared.escalation("dsl", guides, short=True)
        self._choice(
            layout,
            "dsl",
            _("Copy for {lead}").format(lead=lead)
            if dsl.role == "dsl"
            else _("Copy for {who} ({lead} is involved)").format(who=dsl.short, lead=lead),
        )
        if recipient.escalation != "headteacher":
            head = shared.escalation("headteacher", guides, short=True)
            layout.addWidget(
                text_label(
                    _(
                        "{head} is involved in this concern, so the pack is addressed to {who}."
                    ).format(head=head[:1].upper() + head[1:], who=recipient.short)
                )
            )
        self.use_password = QCheckBox(_("Protect the PDF with a password (for sending it on)"))
        self.use_password.setAccessibleName(_("Protect the PDF with a password"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Password"))
        self.password.setAccessibleDescription(
            ngettext(
                "At least {n} character. Send it separately from the PDF.",
                "At least {n} characters. Send it separately from the PDF.",
                MIN_PASSWORD,
            ).format(n=MIN_PASSWORD)
        )
        self.password_again = QLineEdit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again.setAccessibleName(_("Password again"))
        form = QFormLayout()
        form.addRow(self.use_password)
        form.addRow(_("Password:"), self.password)
        form.addRow(_("Again:"), self.password_again)
        layout.addLayout(form)
        self.use_password.toggled.connect(self._update_enabled)
        self.password.textChanged.connect(self._update_enabled)
        self.password_again.textChanged.connect(self._update_enabled)
        self._change_signals = [
            self.use_password.toggled,
            self.password.textChanged,
            self.password_again.textChanged,
        ]

    def _general_choices(self, layout: QVBoxLayout) -> None:
        self._choice(layout, "staff", _("Staff quick card (one page)"))
        self._choice(layout, "dsl-checklist", _("DSL checklist"))
        self._choice(layout, "governors", _("Governors' checklist"))
        self._choice(layout, "summary", _("Yearly summary for governors (anonymised)"))
        start, end = school_year_so_far(date.today())
        self.date_from = UkDateField(_("Start of the summary period"), with_time=False)
        self.date_to = UkDateField(_("End of the summary period"), with_time=False)
        self.date_from.set_value(start)
        self.date_to.set_value(end)
        form = QFormLayout()
        form.addRow(_("Summary from:"), self.date_from)
        form.addRow(_("to:"), self.date_to)
        layout.addLayout(form)
        self._oversight_buttons(layout)
        self.choices.idToggled.connect(lambda *_args: self._update_enabled())
        self.date_from.changed.connect(self._update_enabled)
        self.date_to.changed.connect(self._update_enabled)
        self._change_signals = [self.date_from.changed, self.date_to.changed]

    def _oversight_buttons(self, layout: QVBoxLayout) -> None:
        """Issue 13: the summary's figures for the trust, and (on the trust's own store) the
        report merged from every school's figures. Beside the governors' summary, since both
        count the same cases for a period."""
        row = QHBoxLayout()
        self.send_figures_button = QPushButton(_("Send figures to the trust…"))
        self.send_figures_button.setAccessibleName(_("Send figures to the trust"))
        description = _(
            "Write this period's counts (no names or notes) in a file only the trust can open."
        )
        self.send_figures_button.setToolTip(description)
        self.send_figures_button.setAccessibleDescription(description)
        self.send_figures_button.clicked.connect(lambda: self.send_figures())
        self.trust_report_button = QPushButton(_("Trust report…"))
        self.trust_report_button.setAccessibleName(_("Trust report"))
        description = _("For the trust: merge the schools' figures files into one report.")
        self.trust_report_button.setToolTip(description)
        self.trust_report_button.setAccessibleDescription(description)
        self.trust_report_button.clicked.connect(lambda: self.trust_report())
        row.addWidget(self.send_figures_button)
        row.addWidget(self.trust_report_button)
        row.addStretch(1)
        layout.addLayout(row)

    def _summary_period(self) -> tuple[date, date] | None:
        start, end = self.date_from.date_value(), self.date_to.date_value()
        if start is None or end is None or end < start:
            return None
        return start, end

    def send_figures(self) -> Any:
        """The school's figures for the summary's period, for the trust (opened on top)."""
        from misuse_responder.ui.oversight.send_figures import SendFiguresDialog

        dialog = SendFiguresDialog(self.store, self.author, self._summary_period(), self)
        dialog.open()
        return dialog

    def trust_report(self) -> Any:
        """On the trust's store: the schools' figures files merged into one PDF."""
        from misuse_responder.ui.oversight.report_dialog import TrustReportDialog

        dialog = TrustReportDialog(self.store, self.author, self)
        dialog.open()
        return dialog

    def _watch_changes(self) -> None:
        """Any change of what the PDF would hold makes the preview stale."""
        self.choices.idToggled.connect(lambda _id, checked: self._invalidate() if checked else None)
        for signal in getattr(self, "_change_signals", []):
            signal.connect(self._invalidate)

    def _invalidate(self, *_args: object) -> None:
        """Forget the preview (and a PDF still being made): Print and Save go grey until the
        PDF is made again, so what is printed is always what is chosen."""
        self.generation += 1
        stale = self.exported is not None or self.worker is not None
        if self.exported is not None:
            self.exported = None
            self.document.close()
            self.printed = None
        if self.worker is not None:
            self.worker.cancel()
        if stale:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.status.setText(_("Change made: make the PDF again to see the new preview."))
            self._problem_shown = False
        self._update_enabled()

    # --- progress and preview ------------------------------------------------------------
    def _build_progress(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        self.make_button = QPushButton(_("Make the PDF"))
        self.make_button.setAccessibleName(_("Make the PDF"))
        self.make_button.setDefault(True)
        self.make_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel making the PDF"))
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Progress"))
        self.progress.setValue(0)
        row.addWidget(self.make_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        self.status = text_label("")
        self.status.setAccessibleName(_("Status"))
        layout.addWidget(self.status)

    def _build_preview(self, layout: QVBoxLayout) -> None:
        self.view = pdf_preview.pdf_view(self, self.document, _("Preview of the PDF"))
        layout.addWidget(self.view, 1)
        row, self.print_button, self.save_button = pdf_preview.print_save_close_row(
            self.print_dialog,
            self.save_dialog,
            self.reject,
            print_name=_("Print the PDF"),
            save_name=_("Save the PDF"),
        )
        layout.addLayout(row)

    def kind(self) -> str:
        return self._kinds[self.choices.checkedId()]

    def _password(self) -> str | None:
        if self.case_id is None or not self.use_password.isChecked():
            return None
        return self.password.text()

    def _problem(self) -> str:
        """Why the PDF cannot be made yet ('' when it can)."""
        if self.case_id is not None and self.use_password.isChecked():
            if len(self.password.text()) < MIN_PASSWORD:
                return ngettext(
                    "The password must be at least {n} character long.",
                    "The password must be at least {n} characters long.",
                    MIN_PASSWORD,
                ).format(n=MIN_PASSWORD)
            if self.password.text() != self.password_again.text():
                return _("The two passwords are different.")
        summary = self.case_id is None and self.kind() == "summary"
        if summary:
            for field in (self.date_from, self.date_to):
                if field.problem():
                    return field.problem()
            start, end = self.date_from.date_value(), self.date_to.date_value()
            if start is not None and end is not None and end < start:
                return _("The period ends before it starts.")
        return ""

    def _update_enabled(self) -> None:
        running = self.worker is not None or self.task is not None
        problem = self._problem()
        self.make_button.setEnabled(not running and not problem)
        self.cancel_button.setEnabled(running)
        ready = self.exported is not None and not running
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        if self.case_id is not None:
            self.password.setEnabled(self.use_password.isChecked())
            self.password_again.setEnabled(self.use_password.isChecked())
        if problem and not running:
            self.status.setText(problem)
            self._problem_shown = True
        elif getattr(self, "_problem_shown", False):
            self.status.setText("")
            self._problem_shown = False

    # --- making the PDF ------------------------------------------------------------------
    def _job(self) -> Any:
        kind = self.kind()
        target = None  # in memory: see the module docstring
        store, author, case_id = self.store, self.author, self.case_id
        password = self._password()
        start = self.date_from.date_value() if case_id is None else None
        end = self.date_to.date_value() if case_id is None else None

        def job(progress: Progress, cancel: CancelToken) -> ExportResult:
            try:
                if case_id is not None:
                    options = PackOptions(
                        variant=DSL_COPY if kind == "dsl" else "addressed",
                        redacted=kind == "redacted",
                        password=password,
                    )
                    return render_pack(
                        store,
                        case_id,
                        target,
                        options,
                        author=author,
                        progress=progress,
                        cancel=cancel,
                    )
                if kind == "summary":
                    assert start is not None and end is not None
                    return render_summary(start, end, target, progress=progress, cancel=cancel)
                checklist = "dsl" if kind == "dsl-checklist" else kind
                school = store.school()
                return render_checklist(
                    checklist,
                    target,
                    school=school.name,
                    jurisdiction=school.jurisdiction,
                    progress=progress,
                    cancel=cancel,
                )
            finally:
                if not store.db.is_closed():
                    store.db.close()  # this thread's own connection only

        return job

    def start(self) -> None:
        """Make the chosen PDF in the background."""
        if self.worker is not None or self._problem():
            return
        self.document.close()
        self.exported = None
        self.progress.setRange(0, 0)
        self.status.setText(_("Making the PDF…"))
        worker = Worker(self._job(), self)
        generation = self.generation
        worker.progress.connect(
            lambda d, t: self._on_progress(d, t) if generation == self.generation else None
        )
        worker.done.connect(lambda r: self._on_done(r, generation))
        worker.failed.connect(lambda e: self._on_failed(e, generation))
        worker.cancelled.connect(lambda: self._on_cancelled(generation))
        worker.finished.connect(self._on_finished)
        self.worker = worker
        self._update_enabled()
        worker.start()

    def cancel(self) -> None:
        for worker in (self.worker, self.task):
            if worker is not None:
                self.status.setText(_("Cancelling…"))
                worker.cancel()

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _on_done(self, result: object, generation: int | None = None) -> None:
        assert isinstance(result, ExportResult)
        if generation is not None and generation != self.generation:
            return  # made for what was chosen before a change: never shown as current
        self.exported = result
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if result.details.get("encrypted"):
            self.document.setPassword(self._password() or "")
        self._buffer = pdf_preview.show_pdf(self.document, result.data or b"", self)
        text = ngettext(
            "Ready: {pages} page. Check the preview, then print or save it.",
            "Ready: {pages} pages. Check the preview, then print or save it.",
            result.pages,
        ).format(pages=result.pages)
        if result.details.get("integrity_ok") is False:
            text += " " + _("WARNING: the integrity check failed; the pack says what failed.")
        self.status.setText(text)

    def _on_failed(self, exc: object, generation: int | None = None) -> None:
        if generation is not None and generation != self.generation:
            return
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText(_("The PDF could not be made: {error}").format(error=exc))

    def _on_cancelled(self, generation: int | None = None) -> None:
        if generation is not None and generation != self.generation:
            return  # cancelled by a change: the status already says so
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText(_("Cancelled. Nothing was saved."))

    def _on_finished(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.wait(10_000)
            worker.deleteLater()
        self._update_enabled()

    # --- printing and saving (both on a worker) -------------------------------------------
    def print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.document.pageCount()))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Print the previewed PDF (the pages chosen on ``printer``) in the background.

        Returns False when there is nothing to print or something else is running."""
        if self.exported is None or self.exported.data is None or self._busy():
            return False
        pdf, password = self.exported.data, self._password()
        self._printer = printer

        def job(progress: Progress, cancel: CancelToken) -> Printed:
            return print_pdf(pdf, printer, progress, cancel, password)

        self.status.setText(_("Printing…"))
        self._start_task(job, self._on_printed)
        return True

    def save_dialog(self) -> None:
        if self.exported is None:
            return
        suggested = self.suggested_path()
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the PDF"), str(suggested), _("PDF files (*.pdf)")
        )
        if name:
            self.save_to(Path(name))

    def suggested_name(self) -> str:
        """The file name Save as offers: the case reference and what the PDF is
        ("MR-2026-0003 evidence pack.pdf"), or the checklist's or summary's name."""
        kind = self.kind()
        if self.case_id is not None:
            reference = self.store.case(self.case_id).reference
            what = {
                "pack": _("evidence pack"),
                "redacted": _("redacted evidence pack"),
                "dsl": _("evidence pack, DSL copy"),
            }[kind]
            return f"{reference} {what}.pdf"
        if kind == "summary":
            start, end = self.date_from.date_value(), self.date_to.date_value()
            if start is not None and end is not None:
                return _("Governors' summary {start} to {end}.pdf").format(
                    start=start.strftime("%d-%m-%Y"), end=end.strftime("%d-%m-%Y")
                )
            return _("Governors' summary.pdf")
        return pdf_preview.checklist_file_name("dsl" if kind == "dsl-checklist" else kind)

    def suggested_path(self) -> Path:
        """Where Save as starts: the Documents folder (home if there is none)."""
        return pdf_preview.documents_folder() / self.suggested_name()

    def save_to(self, dest: Path) -> bool:
        """Write the previewed PDF to ``dest`` atomically (0600) and log it, in the
        background. Returns False when there is nothing to save or something is running."""
        if self.exported is None or self.exported.data is None or self._busy():
            return False
        if dest.suffix.lower() != ".pdf":
            dest = dest.with_name(dest.name + ".pdf")
        exported, store, author = self.exported, self.store, self.author
        data = exported.data
        assert data is not None

        def job(progress: Progress, cancel: CancelToken) -> Path:
            try:
                atomic.write_private(dest, data)
                if exported.kind in ("pack", "summary"):
                    record_export(store, exported, author, dest)
            finally:
                if not store.db.is_closed():
                    store.db.close()  # this thread's own connection only
            return dest

        self.status.setText(_("Saving…"))
        self._start_task(job, self._on_saved)
        return True

    def _busy(self) -> bool:
        return self.worker is not None or self.task is not None

    def _start_task(self, job: Any, on_done: Any) -> None:
        task = Worker(job, self)
        task.progress.connect(self._on_progress)
        task.done.connect(on_done)
        task.failed.connect(self._on_task_failed)
        task.cancelled.connect(self._on_task_cancelled)
        task.finished.connect(self._on_task_finished)
        self.task = task
        self._update_enabled()
        task.start()

    def _on_printed(self, result: object) -> None:
        assert isinstance(result, Printed)
        self.printed = result
        self.status.setText(
            ngettext(
                "Sent {n} page to the printer.", "Sent {n} pages to the printer.", len(result.pages)
            ).format(n=len(result.pages))
        )

    def _on_saved(self, result: object) -> None:
        self.status.setText(_("Saved to {path}.").format(path=result))

    def _on_task_failed(self, exc: object) -> None:
        if isinstance(exc, PrintFailed):
            self.status.setText(str(exc))
        elif isinstance(exc, BaseException) and is_disk_full(exc):
            self.status.setText(
                _(
                    "The disk is full, so the PDF was not saved. Nothing was lost: the case "
                    "and this preview are unchanged. Free some space (or ask IT), then save "
                    "again."
                )
            )
        elif isinstance(exc, OSError | StoreError):
            self.status.setText(_("The PDF could not be saved: {error}").format(error=exc))
        else:
            self.status.setText(_("That did not work: {error}").format(error=exc))

    def _on_task_cancelled(self) -> None:
        self.status.setText(_("Cancelled."))

    def _on_task_finished(self) -> None:
        task, self.task = self.task, None
        if task is not None:
            task.wait(10_000)
            task.deleteLater()
        self._printer = None
        self._update_enabled()

    # --- closing -------------------------------------------------------------------------
    def done(self, code: int) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait(30_000)
        if self.task is not None:  # a save is let finish; a print is stopped
            if self._printer is not None:
                self.task.cancel()
            self.task.wait(60_000)
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
        super().done(code)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.done(QDialog.DialogCode.Rejected)
        event.accept()
