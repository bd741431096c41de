"""The page every export shares: A4, a header and footer on every page, "Page x of y".

The header names the school and (for a pack) the case reference with the protective
marking; the footer says when the document was made and from which app and guide
versions, so a printed page on its own still says where it came from. The total page
count is only known at the end, so pages are kept until the document is complete and
then finished with the header and footer (the usual reportlab "numbered canvas").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from misuse_responder import __version__
from misuse_responder.export import fonts
from misuse_responder.export.text import esc
from misuse_responder.i18n import _
from misuse_responder.progress import CancelToken, Progress, no_progress

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
HEADER_SPACE = 14 * mm
FOOTER_SPACE = 14 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
FRAME_HEIGHT = PAGE_HEIGHT - 2 * MARGIN - HEADER_SPACE - FOOTER_SPACE


# The Government Security Classifications marking, in English whatever the pack's language:
# whoever handles a printed Welsh pack (police, a court, a council office) must still see it.
ENGLISH_MARKING = "OFFICIAL–SENSITIVE"


def marking() -> str:
    """The protective marking; in another language, its own name then the English one."""
    from misuse_responder.i18n import ENGLISH, current_language

    text = _("OFFICIAL–SENSITIVE: contains personal data about children")
    if current_language() == ENGLISH or ENGLISH_MARKING in text:
        return text
    return _("{marking} ({english})").format(marking=text, english=ENGLISH_MARKING)


@dataclass(frozen=True)
class PageInfo:
    """What every page says about the document it belongs to."""

    title: str
    school: str
    guide_version: str
    generated: datetime
    reference: str | None = None
    marking: str | None = None
    app_version: str = __version__

    def footer_text(self) -> str:
        local = self.generated.astimezone()
        return _("Generated {when} · Misuse Responder {app} · guide {guide}").format(
            when=local.strftime("%d/%m/%Y %H:%M"),
            app=self.app_version,
            guide=self.guide_version,
        )


def _para(text: str, name: str, size: float, bold: bool = False, align: int = 0) -> Paragraph:
    """One line of the header or footer (user text such as the school name, escaped)."""
    style = ParagraphStyle(
        name,
        fontName=fonts.BOLD if bold else fonts.BODY,
        fontSize=size,
        leading=size * 1.25,
        alignment=align,
        shaping=int(fonts.needs_shaping(text)),
    )
    return Paragraph(esc(text), style)


def _numbered_canvas(info: PageInfo) -> type[Canvas]:
    """A canvas class that draws the header and footer once the page total is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for number, state in enumerate(self._saved, start=1):
                self.__dict__.update(state)
                _decorate(self, info, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _decorate(canvas: Canvas, info: PageInfo, number: int, total: int) -> None:
    canvas.saveState()
    top = PAGE_HEIGHT - MARGIN
    left_w = FRAME_WIDTH * 0.62
    school = _para(info.school, "hdr-school", 10, bold=True)
    _w, h = school.wrap(left_w, 30 * mm)
    school.drawOn(canvas, MARGIN, top - h)
    right = _para(info.reference or info.title, "hdr-ref", 10, bold=True, align=TA_RIGHT)
    _w, rh = right.wrap(FRAME_WIDTH - left_w, 30 * mm)
    right.drawOn(canvas, MARGIN + left_w, top - rh)
    y = top - max(h, rh) - 1 * mm
    if info.marking:
        mark = _para(info.marking, "hdr-mark", 8.5, bold=True)
        _w, mh = mark.wrap(FRAME_WIDTH, 20 * mm)
        mark.drawOn(canvas, MARGIN, y - mh)
        y -= mh + 1 * mm
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)

    bottom = MARGIN
    canvas.line(
        MARGIN, bottom + FOOTER_SPACE - 4 * mm, PAGE_WIDTH - MARGIN, bottom + FOOTER_SPACE - 4 * mm
    )
    foot = _para(info.footer_text(), "ftr", 7.5)
    page_text = _("Page {number} of {total}").format(number=number, total=total)
    page = _para(page_text, "ftr-page", 8.5, bold=True, align=TA_RIGHT)
    _w, fh = foot.wrap(FRAME_WIDTH * 0.75, FOOTER_SPACE)
    foot.drawOn(canvas, MARGIN, bottom + FOOTER_SPACE - 5 * mm - fh)
    _w, ph = page.wrap(FRAME_WIDTH * 0.25, FOOTER_SPACE)
    page.drawOn(canvas, MARGIN + FRAME_WIDTH * 0.75, bottom + FOOTER_SPACE - 5 * mm - ph)
    canvas.restoreState()


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    """Checks for Cancel and reports progress after every flowable."""

    def __init__(
        self, target: Any, info: PageInfo, total: int, progress: Progress, cancel: CancelToken
    ) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + HEADER_SPACE,
            bottomMargin=MARGIN + FOOTER_SPACE,
            title=info.title,
            author=info.school,
            creator=f"Misuse Responder {info.app_version}",
            producer=f"Misuse Responder {info.app_version}",
            invariant=1,
        )
        frame = Frame(
            MARGIN, MARGIN + FOOTER_SPACE, FRAME_WIDTH, FRAME_HEIGHT, id="body", showBoundary=0
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._total = max(1, total)
        self._done = 0
        self._progress = progress
        self._cancel = cancel

    def afterFlowable(self, flowable: Flowable) -> None:
        self._cancel.raise_if_cancelled()
        self._done += 1
        self._progress(min(self._done, self._total), self._total)


def build(
    target: IO[bytes] | str,
    story: list[Flowable],
    info: PageInfo,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    on_page: Callable[[int], None] | None = None,
) -> int:
    """Lay ``story`` out into ``target``; returns the number of pages."""
    fonts.register()
    doc = _Doc(target, info, len(story), progress, cancel or CancelToken())
    doc.build(story, canvasmaker=_numbered_canvas(info))
    pages: int = doc.page
    return pages
