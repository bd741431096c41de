"""Paragraph styles and small building blocks shared by the pack, checklists and summary.

Black on white only, so every document prints well on a school's mono laser printer.
Every style shapes text (``shaping=1``), so Arabic names join and run right to left.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from misuse_responder.export import fonts
from misuse_responder.export.text import esc, para


@cache
def style(name: str, shaped: bool = False) -> ParagraphStyle:
    """A named style; ``shaped`` for text in Arabic and other scripts that must be shaped."""
    fonts.register()
    base = {"fontName": fonts.BODY, "fontSize": 9.5, "leading": 12.5, "shaping": int(shaped)}
    table: dict[str, dict[str, object]] = {
        "title": {"fontName": fonts.BOLD, "fontSize": 18, "leading": 22, "spaceAfter": 4 * mm},
        "h1": {
            "fontName": fonts.BOLD,
            "fontSize": 13,
            "leading": 16,
            "spaceBefore": 5 * mm,
            "spaceAfter": 2 * mm,
            "keepWithNext": 1,
        },
        "h2": {
            "fontName": fonts.BOLD,
            "fontSize": 10.5,
            "leading": 13,
            "spaceBefore": 3 * mm,
            "spaceAfter": 1 * mm,
            "keepWithNext": 1,
        },
        "body": {"spaceAfter": 1.5 * mm},
        "cell": {"fontSize": 8.5, "leading": 10.5},
        "cellb": {"fontName": fonts.BOLD, "fontSize": 8.5, "leading": 10.5},
        "mono": {"fontSize": 7.5, "leading": 9.5},
        "small": {"fontSize": 8, "leading": 10},
        "box": {"fontSize": 10, "leading": 13},
    }
    return ParagraphStyle(name, **{**base, **table[name]})


def p(text: str | None, kind: str = "body") -> Paragraph:
    """A paragraph of user or app text (always escaped)."""
    return Paragraph(para(text), style(kind, fonts.needs_shaping(text or "")))


def markup(text: str, kind: str = "body") -> Paragraph:
    """A paragraph whose markup the caller built from escaped pieces."""
    return Paragraph(text, style(kind, fonts.needs_shaping(text)))


def heading(text: str, level: int = 1) -> Paragraph:
    return markup(esc(text), "h1" if level == 1 else "h2")


def space(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


def grid(
    rows: Sequence[Sequence[str | Flowable | None]],
    widths: Sequence[float],
    header: bool = True,
    repeat: bool = True,
    heights: Sequence[float | None] | None = None,
) -> Table:
    """A ruled table; strings are escaped user text, the first row bold when ``header``."""
    cells = []
    for r, row in enumerate(rows):
        kind = "cellb" if header and r == 0 else "cell"
        cells.append([c if isinstance(c, Flowable) else p(c or "", kind) for c in row])
    table = Table(
        cells,
        colWidths=list(widths),
        rowHeights=list(heights) if heights is not None else None,
        repeatRows=1 if header and repeat else 0,
    )
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)))
    table.setStyle(TableStyle(commands))
    return table


def pairs(rows: Sequence[tuple[str, str | None]], width: float) -> Table:
    """A two-column label/value table (labels bold)."""
    cells = [[p(k, "cellb"), p(v or "—", "cell")] for k, v in rows]
    table = Table(cells, colWidths=[width * 0.3, width * 0.7])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


class TickBox(Flowable):  # type: ignore[misc]
    """An empty square to tick by hand."""

    def __init__(self, size: float = 4 * mm) -> None:
        super().__init__()
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)
