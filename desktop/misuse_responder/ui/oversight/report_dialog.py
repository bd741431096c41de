"""Trust report: the schools' ``.mrsummary`` files merged into one PDF (and a CSV).

For the trust's oversight lead, on the trust's own store: the files are encrypted to this
store's hand-over address, so that is the address the trust gives its schools. The store
reads every file, merges, hides small numbers after merging and draws the PDF on a worker
(ui/handover/task.py); the report is made whole or not at all. A school never confirmed
here is shown by name and fingerprint and included only once the lead says they checked it
with that school (by phone): a file signed by a stranger's key would otherwise look just as
real. Every refusal is the store's one sentence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _, ngettext
from misuse_responder.progress import CancelToken, Progress
from misuse_responder.store.diskfull import is_disk_full
from misuse_responder.ui import screen_fit
from misuse_responder.ui.handover.task import ProgressRow, Task, store_job
from misuse_responder.ui.oversight import core
from misuse_responder.ui.style import heading, plain_label, scaled_font, selectable
from misuse_responder.ui.widgets.pdf_preview import documents_folder


def summary_filter() -> str:
    return _("Figures files (*{suffix})").format(suffix=core.SUFFIX)


class FileList(QWidget):
    """A short list of chosen files with Add files… and Remove."""

    changed = Signal()

    def __init__(
        self,
        name: str,
        add_name: str,
        remove_name: str,
        lines: int = 6,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setAccessibleName(name)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.setMaximumHeight(self.fontMetrics().lineSpacing() * lines)
        layout.addWidget(self.list, 1)
        column = QVBoxLayout()
        self.add_button = QPushButton(_("Add files…"))
        self.add_button.setAccessibleName(add_name)
        self.add_button.clicked.connect(lambda: self.choose())
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setAccessibleName(remove_name)
        self.remove_button.clicked.connect(self.remove_chosen)
        column.addWidget(self.add_button)
        column.addWidget(self.remove_button)
        column.addStretch(1)
        layout.addLayout(column)
        self._name = name

    def paths(self) -> list[Path]:
        return [Path(self.list.item(i).text()) for i in range(self.list.count())]

    def add(self, paths: list[Path]) -> None:
        have = set(self.paths())
        for path in paths:
            if path not in have:
                self.list.addItem(str(path))
                have.add(path)
        self.changed.emit()

    def choose(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, self._name, "", summary_filter())
        if names:
            self.add([Path(n) for n in names])

    def remove_chosen(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.changed.emit()


class TrustReportDialog(QDialog):
    """``result`` holds the ``ExportResult`` after a report is made."""

    def __init__(self, store: Any, author: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._author = store, author
        self.result: Any = None
        self.unknown: tuple[core.School, ...] = ()
        self.confirmed: set[str] = set()  # fingerprints checked by phone in this dialog
        self.setWindowTitle(_("Trust report"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Trust report"), level=2))
        self.address_note = selectable(plain_label(self._address_text()))
        self.address_note.setAccessibleName(_("This trust's address"))
        layout.addWidget(self.address_note)
        layout.addWidget(plain_label(_("The schools' figures files for the period:")))
        self.files = FileList(
            _("The schools' figures files"),
            _("Add the schools' figures files"),
            _("Remove the chosen figures files"),
        )
        layout.addWidget(self.files)
        layout.addWidget(
            plain_label(
                _("The previous period's files, to show the change (you can leave this empty):")
            )
        )
        self.previous = FileList(
            _("The previous period's figures files"),
            _("Add the previous period's figures files"),
            _("Remove the chosen files of the previous period"),
            lines=4,
        )
        layout.addWidget(self.previous)
        form = QFormLayout()
        pdf_row = QHBoxLayout()
        self.pdf_path = QLineEdit(str(documents_folder() / (_("Trust report") + ".pdf")))
        self.pdf_path.setAccessibleName(_("Where to save the report"))
        self.pdf_browse = QPushButton(_("Browse…"))
        self.pdf_browse.setAccessibleName(_("Choose where to save the report"))
        self.pdf_browse.clicked.connect(self.choose_pdf)
        pdf_row.addWidget(self.pdf_path, 1)
        pdf_row.addWidget(self.pdf_browse)
        form.addRow(_("Save the report as:"), pdf_row)
        self.use_csv = QCheckBox(_("Also save the figures as a spreadsheet (CSV)"))
        self.use_csv.setAccessibleName(_("Also save the figures as a spreadsheet"))
        form.addRow(self.use_csv)
        csv_row = QHBoxLayout()
        self.csv_path = QLineEdit(str(documents_folder() / (_("Trust report") + ".csv")))
        self.csv_path.setAccessibleName(_("Where to save the spreadsheet"))
        self.csv_browse = QPushButton(_("Browse…"))
        self.csv_browse.setAccessibleName(_("Choose where to save the spreadsheet"))
        self.csv_browse.clicked.connect(self.choose_csv)
        csv_row.addWidget(self.csv_path, 1)
        csv_row.addWidget(self.csv_browse)
        form.addRow(_("Spreadsheet:"), csv_row)
        layout.addLayout(form)
        self._build_unknown(layout)
        layout.addStretch(1)
        self.progress = ProgressRow(_("Progress of the report"), _("Cancel making the report"))
        layout.addWidget(self.progress)
        self.message = selectable(plain_label(""))
        self.message.setAccessibleName(_("Message"))
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.make_button = QPushButton(_("Make the report"))
        self.make_button.setAccessibleName(_("Make the trust report"))
        self.make_button.setDefault(True)
        self.make_button.clicked.connect(self.make)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setAccessibleName(_("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.make_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.task = Task(self, self.progress, self._set_busy)
        for signal in (self.files.changed, self.previous.changed):
            signal.connect(self._files_changed)
        self.pdf_path.textChanged.connect(self._csv_beside_pdf)
        for signal in (self.pdf_path.textChanged, self.csv_path.textChanged, self.use_csv.toggled):
            signal.connect(self._update)
        # Progress, the message and the buttons stay in view; the rest scrolls if it must.
        self.scroller = screen_fit.scroll_all_but_last(layout, keep=3)
        screen_fit.fit_window(self, QSize(760, 640), name="oversight-report")
        self._update()

    def _address_text(self) -> str:
        try:
            fingerprint = core.own_address(self._store).fingerprint
            known = len(core.trusted_schools(self._store))
        except Exception as exc:
            return core.sentence(exc, _("this trust's address"))
        text = _(
            "Schools send their figures to this store's own hand-over address: give each "
            "school the address file from Settings, under Hand-over, and read its "
            "fingerprint to their DSL: {fingerprint}."
        ).format(fingerprint=fingerprint)
        if known:
            text += " " + ngettext(
                "{n} school is already confirmed here.",
                "{n} schools are already confirmed here.",
                known,
            ).format(n=known)
        return text

    def _build_unknown(self, layout: QVBoxLayout) -> None:
        """The schools to confirm, shown only when the store names some."""
        self.unknown_box = QWidget()
        box = QVBoxLayout(self.unknown_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.unknown_text = plain_label(
            _(
                "These schools are new here. Phone each school's DSL and read the fingerprint "
                "together; include them only if every character matches."
            )
        )
        self.unknown_text.setObjectName("warningBanner")
        self.unknown_text.setMargin(8)
        box.addWidget(self.unknown_text)
        self.unknown_table = QTableWidget(0, 2)
        self.unknown_table.setHorizontalHeaderLabels([_("School"), _("Fingerprint")])
        self.unknown_table.setAccessibleName(_("Schools to confirm"))
        self.unknown_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.unknown_table.verticalHeader().setVisible(False)
        header = self.unknown_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        box.addWidget(self.unknown_table)
        self.confirm_box = QCheckBox(_("I have checked each fingerprint with its school"))
        self.confirm_box.setAccessibleName(_("I have checked each fingerprint with its school"))
        self.confirm_box.toggled.connect(self._update)
        box.addWidget(self.confirm_box)
        row = QHBoxLayout()
        self.include_button = QPushButton(_("Include them and make the report"))
        self.include_button.setAccessibleName(_("Include these schools and make the report"))
        self.include_button.clicked.connect(self.include_unknown)
        row.addWidget(self.include_button)
        row.addStretch(1)
        box.addLayout(row)
        self.unknown_box.hide()
        layout.addWidget(self.unknown_box)

    def _show_unknown(self, schools: tuple[core.School, ...]) -> None:
        self.unknown = schools
        table = self.unknown_table
        table.setRowCount(len(schools))
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setPointSizeF(scaled_font(table, 1.2).pointSizeF())
        for row, school in enumerate(schools):
            name = QTableWidgetItem(school.name)
            name.setData(Qt.ItemDataRole.UserRole, school.fingerprint)
            fingerprint = QTableWidgetItem(school.fingerprint)
            fingerprint.setFont(fixed)
            table.setItem(row, 0, name)
            table.setItem(row, 1, fingerprint)
        table.resizeRowsToContents()
        # As tall as its rows (up to about eight), so the check and Include sit just below.
        rows = sum(table.rowHeight(r) for r in range(min(len(schools), 8)))
        table.setFixedHeight(table.horizontalHeader().height() + rows + 2 * table.frameWidth())
        self.confirm_box.setChecked(False)
        self.unknown_box.setVisible(bool(schools))
        self._update()
        if schools:
            # On a small screen the list is below the fold: bring the question into view.
            QTimer.singleShot(0, self._show_question)

    def _show_question(self) -> None:
        if self.unknown_box.isVisible():
            self.scroller.ensureWidgetVisible(self.include_button)
            self.scroller.ensureWidgetVisible(self.unknown_text)

    # --- choosing ------------------------------------------------------------------------
    def choose_pdf(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the report"), self.pdf_path.text(), _("PDF files (*.pdf)")
        )
        if name:
            self.pdf_path.setText(name)

    def choose_csv(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the spreadsheet"), self.csv_path.text(), _("CSV files (*.csv)")
        )
        if name:
            self.csv_path.setText(name)
            self.use_csv.setChecked(True)

    def _csv_beside_pdf(self, text: str) -> None:
        """Until the spreadsheet is asked for, it is offered beside the report."""
        pdf = self._out(text, ".pdf")
        if pdf is not None and not self.use_csv.isChecked():
            self.csv_path.setText(str(pdf.with_suffix(".csv")))

    def _files_changed(self) -> None:
        """Other files: the schools to confirm are asked for again by the next run."""
        self._show_unknown(())
        self.result = None
        self._update()

    def _out(self, text: str, suffix: str) -> Path | None:
        text = text.strip()
        if not text:
            return None
        path = Path(text)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        return path

    def problem(self) -> str:
        """Why the report cannot be made yet ('' when it can)."""
        if not self.files.paths():
            return _("Add the schools' figures files first.")
        pdf = self._out(self.pdf_path.text(), ".pdf")
        if pdf is None or not pdf.parent.is_dir():
            return _("Choose where to save the report, in a folder that exists.")
        if self.use_csv.isChecked():
            csv = self._out(self.csv_path.text(), ".csv")
            if csv is None or not csv.parent.is_dir():
                return _("Choose where to save the spreadsheet, in a folder that exists.")
            if csv == pdf:
                return _("The spreadsheet and the report need different file names.")
        return ""

    def busy(self) -> bool:
        return self.task.running()

    def _update(self, *_args: object) -> None:
        if self.busy():
            return
        self.csv_path.setEnabled(self.use_csv.isChecked())
        self.csv_browse.setEnabled(self.use_csv.isChecked())
        self.include_button.setEnabled(self.confirm_box.isChecked() and not self.problem())
        # While schools wait to be confirmed, Include is the way on (Make would only ask again).
        self.make_button.setEnabled(not self.problem() and not self.unknown_box.isVisible())

    def _set_busy(self, busy: bool) -> None:
        for widget in (
            self.files,
            self.previous,
            self.pdf_path,
            self.pdf_browse,
            self.use_csv,
            self.csv_path,
            self.csv_browse,
            self.unknown_box,
            self.close_button,
        ):
            widget.setEnabled(not busy)
        if busy:
            self.make_button.setEnabled(False)
        else:
            self._update()
            if self.unknown_box.isVisible():
                self.confirm_box.setFocus()
            else:
                (self.close_button if self.result else self.make_button).setFocus()

    # --- making --------------------------------------------------------------------------
    def include_unknown(self) -> bool:
        """The lead has checked every listed fingerprint: include them and run again."""
        if not self.unknown or not self.confirm_box.isChecked():
            return False
        self.confirmed |= {school.fingerprint for school in self.unknown}
        self._show_unknown(())
        return self.make()

    def make(self) -> bool:
        """Start making the report in the background; False if it could not start."""
        if self.busy():
            return False
        problem = self.problem()
        pdf = self._out(self.pdf_path.text(), ".pdf")
        if problem or pdf is None:
            self.message.setText(problem)
            return False
        csv = self._out(self.csv_path.text(), ".csv") if self.use_csv.isChecked() else None
        store, author = self._store, self._author
        paths, previous = self.files.paths(), self.previous.paths()
        confirmed = tuple(sorted(self.confirmed))

        def call(progress: Progress, cancel: CancelToken) -> Any:
            return core.trust_report(
                store,
                paths,
                pdf,
                author,
                previous=previous,
                confirmed=confirmed,
                csv_out=csv,
                progress=progress,
                cancel=cancel,
            )

        self.result = None
        self._csv = csv
        self.message.setText(_("Reading the files and making the report…"))
        return self.task.run(
            store_job(store, call), self._on_made, self._on_failed, self._on_cancelled
        )

    def _on_made(self, result: Any) -> None:
        self.result = result
        text = ngettext(
            "The report is saved as {path} ({pages} page).",
            "The report is saved as {path} ({pages} pages).",
            result.pages,
        ).format(path=result.path, pages=result.pages)
        if self._csv is not None:
            text += " " + _(
                "The figures are also saved as {path}, with the same numbers hidden as in "
                "the report."
            ).format(path=self._csv)
        self.message.setText(text)
        self.close_button.setText(_("Done"))

    def _on_failed(self, exc: object) -> None:
        assert isinstance(exc, BaseException)
        if isinstance(exc, core.UnknownSchools):
            self._show_unknown(exc.schools)
            self.message.setText(str(exc))
            return
        if isinstance(exc, OSError) and not is_disk_full(exc):
            self.message.setText(
                _(
                    "The report could not be made ({detail}). Check that the files and the "
                    "folder are still there, then try again: nothing was saved."
                ).format(detail=exc.strerror or type(exc).__name__)
            )
            return
        self.message.setText(core.sentence(exc, _("the report")))

    def _on_cancelled(self) -> None:
        self.message.setText(_("Cancelled: no report was saved."))

    # --- closing -------------------------------------------------------------------------
    def done(self, code: int) -> None:
        self.task.stop()
        super().done(code)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.done(QDialog.DialogCode.Rejected)
        event.accept()
