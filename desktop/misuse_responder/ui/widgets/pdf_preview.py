"""The parts every PDF dialog shares: the preview, the Print / Save as / Close row, showing a
PDF held in memory, and where Save as starts.

The export dialog and the blank checklists dialog (shown while the app is locked) both
preview a PDF made in memory and then print or save it; one copy of these parts keeps them
looking and behaving alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QStandardPaths
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from misuse_responder.i18n import _


def pdf_view(parent: QWidget, document: QPdfDocument, name: str) -> QPdfView:
    """A preview of ``document``: every page, fitted to the width."""
    view = QPdfView(parent)
    view.setDocument(document)
    view.setPageMode(QPdfView.PageMode.MultiPage)
    view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
    view.setAccessibleName(name)
    view.setMinimumHeight(200)
    return view


def print_save_close_row(
    on_print: Callable[[], None],
    on_save: Callable[[], None],
    on_close: Callable[[], None],
    *,
    print_name: str,
    save_name: str,
) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """The row under a preview: Print…, Save as… and Close, at the right."""
    row = QHBoxLayout()
    print_button = QPushButton(_("Print…"))
    print_button.setAccessibleName(print_name)
    print_button.clicked.connect(on_print)
    save_button = QPushButton(_("Save as…"))
    save_button.setAccessibleName(save_name)
    save_button.clicked.connect(on_save)
    close = QPushButton(_("Close"))
    close.setAccessibleName(_("Close"))
    close.clicked.connect(on_close)
    row.addStretch(1)
    row.addWidget(print_button)
    row.addWidget(save_button)
    row.addWidget(close)
    return row, print_button, save_button


def show_pdf(document: QPdfDocument, data: bytes, owner: QObject) -> QBuffer:
    """Load ``data`` into ``document`` from memory (nothing touches the disk); keep the
    returned buffer for as long as the document shows it."""
    buffer = QBuffer(owner)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return buffer


def documents_folder() -> Path:
    """Where Save as starts: the Documents folder (home if there is none)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


def checklist_file_name(checklist: str) -> str:
    """The file name Save as offers for a checklist (ids as export/checklists.py has them)."""
    return {
        "staff": _("Staff quick card.pdf"),
        "dsl": _("DSL checklist.pdf"),
        "governors": _("Governors' checklist.pdf"),
    }[checklist]
