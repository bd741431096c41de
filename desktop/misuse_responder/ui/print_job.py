"""Printing a PDF off the UI thread: page by page, at the printer's resolution, in bands.

The old way rendered each whole page to one image at full printer resolution on the UI
thread (about 140 MB a page at 600 dpi, 560 MB at 1200 dpi) and printed every page
whatever range was chosen. Here a worker opens its own copy of the PDF (from memory),
prints only the chosen pages, and renders each page in horizontal bands of at most
``BAND_PIXELS`` pixels at the printer's own resolution, drawing each band as soon as it
is made. Memory stays at one band (about 0.5 MB) whatever the printer; and because Qt
holds Python's lock while it renders and while the printer compresses what is drawn,
keeping every band small keeps each of those moments short; a 1 ms sleep after each band
hands the lock to the UI thread, which would otherwise lose the hand-over (see _draw_page).
Bands are drawn without an alpha channel, which would double what the printer encodes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter

from misuse_responder.i18n import _
from misuse_responder.progress import Cancelled, CancelToken, Progress

BAND_PIXELS = 150_000  # ~0.5 MB a band; a band takes ~10 ms to render and draw
YIELD_SECONDS = 0.001  # after each band: see _draw_page


class PrintFailed(Exception):
    """Printing could not start or go on (the message is one plain sentence)."""


@dataclass(frozen=True)
class Printed:
    pages: list[int]  # the page numbers printed (1-based)
    largest_band: int  # pixels in the largest image rendered at any one time
    page_width: int  # a page's width in printer pixels (its resolution at work)


def chosen_pages(printer: QPrinter, count: int) -> list[int]:
    """The 0-based pages to print: the range chosen in the print dialog, or all."""
    ranges = printer.pageRanges()
    if ranges.isEmpty():
        return list(range(count))
    return [index for index in range(count) if ranges.contains(index + 1)]


def print_pdf(
    pdf: bytes,
    printer: QPrinter,
    progress: Progress,
    cancel: CancelToken,
    password: str | None = None,
    band_pixels: int = BAND_PIXELS,
) -> Printed:
    """Print ``pdf`` (held in memory) on ``printer``; run it on a worker thread."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    if password:
        document.setPassword(password)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise PrintFailed(_("The PDF could not be opened for printing."))
    pages = chosen_pages(printer, document.pageCount())
    if not pages:
        raise PrintFailed(
            _("None of the chosen pages is in this PDF (it has {n} pages).").format(
                n=document.pageCount()
            )
        )
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(_("The printer could not be started."))
    largest = width = 0
    try:
        for n, index in enumerate(pages):
            cancel.raise_if_cancelled()
            if n and not printer.newPage():
                raise PrintFailed(_("The printer stopped before the end."))
            band, width = _draw_page(painter, document, index, band_pixels, cancel)
            largest = max(largest, band)
            progress(n + 1, len(pages))
    except Cancelled:
        printer.abort()
        raise
    finally:
        painter.end()
        document.close()
        buffer.close()
    return Printed([i + 1 for i in pages], largest, width)


def _draw_page(
    painter: QPainter,
    document: QPdfDocument,
    index: int,
    band_pixels: int,
    cancel: CancelToken,
) -> tuple[int, int]:
    """One page scaled to the printable area, drawn band by band; returns the largest
    band's pixel count and the page's width in printer pixels."""
    area = painter.viewport()
    page = document.pagePointSize(index)
    scale = min(area.width() / page.width(), area.height() / page.height())
    width = max(1, int(page.width() * scale))
    height = max(1, int(page.height() * scale))
    rows = max(1, band_pixels // width)
    options = QPdfDocumentRenderOptions()
    options.setScaledSize(QSize(width, height))
    largest = 0
    for top in range(0, height, rows):
        cancel.raise_if_cancelled()
        band = min(rows, height - top)
        options.setScaledClipRect(QRect(0, top, width, band))
        image = document.render(index, QSize(width, band), options)
        if not image.isNull():
            image = image.convertToFormat(QImage.Format.Format_RGB888)
        if image.isNull():
            raise PrintFailed(_("Page {n} could not be drawn for the printer.").format(n=index + 1))
        painter.drawImage(QPoint(0, top), image)
        largest = max(largest, image.width() * image.height())
        # Hand Python's lock to the UI thread. Qt's render and draw calls let go of it and
        # take it back within microseconds, and CPython's waiting thread loses nearly every
        # such hand-over (the "convoy effect"): measured, the window stalled 0.5-1.6 s a
        # page although no single band took 30 ms. A real sleep is a hand-over it wins.
        time.sleep(YIELD_SECONDS)
    return largest, width
