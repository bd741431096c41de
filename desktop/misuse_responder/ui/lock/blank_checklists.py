"""Blank checklists from the unlock screen: a governor can print them without unlocking.

The checklists come from guides/ alone (export/checklists.py) and say nothing about any
case, so this dialog never opens the store. The school's name lives only inside the
encrypted store, so the header carries none, and the nation (which decides the roles,
steps and documents printed) is chosen here, England first. The PDF is made off the UI
thread and kept in memory for the preview, like the export dialog; printing runs on a
worker too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.export import atomic
from misuse_responder.export.checklists import render_checklist
from misuse_responder.export.labels import available_nations
from misuse_responder.export.pack import ExportResult
from misuse_responder.i18n import _, ngettext
from misuse_responder.progress import CancelToken, Progress
from misuse_responder.ui import screen_fit
from misuse_responder.ui.print_job import Printed, print_pdf
from misuse_responder.ui.settings.labels import jurisdictions
from misuse_responder.ui.widgets import pdf_preview
from misuse_responder.ui.widgets.basics import heading, text_label
from misuse_responder.ui.workers import Worker


def _kinds() -> list[tuple[str, str]]:
    return [
        ("staff", _("Staff quick card (one page)")),
        ("dsl", _("DSL checklist")),
        ("governors", _("Governors' checklist")),
    ]


class BlankChecklistsDialog(QDialog):
    """Choose a checklist, see it, then print or save it; no case data is involved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Print blank checklists"))
        self.exported: ExportResult | None = None
        self.printed: Printed | None = None
        self.worker: Worker | None = None
        self._buffer: QBuffer | None = None
        self._remake = False
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Print blank checklists")))
        layout.addWidget(
            text_label(
                _(
                    "These checklists hold nothing about any case, so they can be printed "
                    "without unlocking the case records."
                )
            )
        )
        self.choices = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for n, (kind, label) in enumerate(_kinds()):
            button = QRadioButton(label)
            button.setAccessibleName(label)
            self.choices.addButton(button, n)
            self.buttons[kind] = button
            layout.addWidget(button)
        self.buttons["governors"].setChecked(True)
        self.choices.idToggled.connect(lambda _id, on: on and self.make())
        nation_row = QFormLayout()
        self.nation = QComboBox()
        found = available_nations()
        for value, label in jurisdictions():
            if value in found:
                self.nation.addItem(label, value)
        self.nation.setAccessibleName(_("For schools in"))
        self.nation.currentIndexChanged.connect(lambda _i: self.make())
        nation_row.addRow(_("For schools in"), self.nation)
        layout.addLayout(nation_row)
        self.status = text_label("")
        self.status.setAccessibleName(_("Status"))
        layout.addWidget(self.status)
        self.document = QPdfDocument(self)
        self.view = pdf_preview.pdf_view(self, self.document, _("Preview of the checklist"))
        layout.addWidget(self.view, 1)
        row, self.print_button, self.save_button = pdf_preview.print_save_close_row(
            self.print_dialog,
            self.save_dialog,
            self.reject,
            print_name=_("Print the checklist"),
            save_name=_("Save the checklist"),
        )
        layout.addLayout(row)
        # Like the export dialog: fits a small screen, the preview scrolls above the buttons.
        screen_fit.scroll_all_but_last(layout, keep=1)
        screen_fit.fit_window(self, QSize(720, 640), name="blank-checklists")
        self._update_enabled()
        self.make()

    def kind(self) -> str:
        return _kinds()[self.choices.checkedId()][0]

    def _update_enabled(self) -> None:
        ready = self.exported is not None and self.worker is None
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def _run(self, job: Any, on_done: Any) -> bool:
        if self.worker is not None:
            return False
        worker = Worker(job, self)
        worker.done.connect(on_done)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_finished)
        self.worker = worker
        self._update_enabled()
        worker.start()
        return True

    def make(self) -> None:
        """Make the chosen checklist in the background (nothing is written to disk)."""
        kind = self.kind()
        nation = str(self.nation.currentData() or "england")

        def job(progress: Progress, cancel: CancelToken) -> ExportResult:
            return render_checklist(
                kind, None, jurisdiction=nation, progress=progress, cancel=cancel
            )

        if self._run(job, self._on_made):
            self.document.close()
            self.exported = None
            self.status.setText(_("Making the PDF…"))

    def _on_made(self, result: object) -> None:
        assert isinstance(result, ExportResult)
        chosen = (self.kind(), str(self.nation.currentData() or "england"))
        if (result.details.get("checklist"), result.details.get("jurisdiction")) != chosen:
            self._remake = True  # another was chosen while this one was made: make that
            return
        self.exported = result
        self._buffer = pdf_preview.show_pdf(self.document, result.data or b"", self)
        self.status.setText(
            ngettext(
                "Ready: {pages} page. Check the preview, then print or save it.",
                "Ready: {pages} pages. Check the preview, then print or save it.",
                result.pages,
            ).format(pages=result.pages)
        )

    def print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.document.pageCount()))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Print the previewed checklist in the background; False when there is none yet."""
        if self.exported is None or self.exported.data is None:
            return False
        pdf = self.exported.data
        self._printer = printer

        def job(progress: Progress, cancel: CancelToken) -> Printed:
            return print_pdf(pdf, printer, progress, cancel)

        if not self._run(job, self._on_printed):
            return False
        self.status.setText(_("Printing…"))
        return True

    def _on_printed(self, result: object) -> None:
        assert isinstance(result, Printed)
        self.printed = result
        self.status.setText(
            ngettext(
                "Sent {n} page to the printer.", "Sent {n} pages to the printer.", len(result.pages)
            ).format(n=len(result.pages))
        )

    def suggested_path(self) -> Path:
        """Where Save as starts: as the export dialog names the same checklist, in Documents."""
        return pdf_preview.documents_folder() / pdf_preview.checklist_file_name(self.kind())

    def save_dialog(self) -> None:
        if self.exported is None:
            return
        suggested = self.suggested_path()
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the checklist"), str(suggested), _("PDF files (*.pdf)")
        )
        if name:
            self.save_to(Path(name))

    def save_to(self, dest: Path) -> bool:
        """Write the checklist to ``dest`` (atomically); False when there is none yet."""
        if self.exported is None or self.exported.data is None or self.worker is not None:
            return False
        if dest.suffix.lower() != ".pdf":
            dest = dest.with_name(dest.name + ".pdf")
        try:
            atomic.write_private(dest, self.exported.data)
        except OSError as exc:
            self.status.setText(
                _("The checklist could not be saved: {error}").format(error=exc.strerror or exc)
            )
            return False
        self.status.setText(_("Saved as {name}.").format(name=dest.name))
        return True

    def _on_failed(self, exc: object) -> None:
        self.status.setText(_("That did not work: {error}").format(error=exc))

    def _on_finished(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.wait(10_000)
            worker.deleteLater()
        self._update_enabled()
        if self._remake and self.isVisible():
            self._remake = False
            self.make()

    def done(self, code: int) -> None:
        """Closing waits for a running job to stop, so no worker outlives the dialog."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait(10_000)
        super().done(code)
