"""Paragraph styles and small building blocks shared by the pack, checklists and summary.

Black on white only, so every document prints well on a school's mono laser printer.
Every style shapes text (``shaping=1``), so Arabic names join and run right to left.

Tables never hold a cell taller than a page: reportlab cannot split a table row, so a
chronology entry or a pasted message of any length is cut, before layout, into pieces
that each fit well inside a frame, one table row per piece (the rule between the pieces
of one cell is left out, so they read as one row continued). Long tables are made of
several tables of a few dozen rows, because reportlab re-measures every remaining row
each time it splits a table at a page end.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from typing import TypeAlias

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from misuse_responder.export import fonts
from misuse_responder.export.layout import FRAME_HEIGHT
from misuse_responder.export.text import esc, para

PIECE_SHARE = 0.4  # the most of a frame's height one piece of a table cell may take
SEGMENT_ROWS = 40  # rows per table in a long table (see the module docstring)
PIECE_WEIGHT = 10  # a row holding a piece of a long cell counts as this many short rows
GRID_PADDING = 3
PAIRS_PADDING = 6  # reportlab's default cell padding


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


class CellParagraph(Paragraph):  # type: ignore[misc]
    """A table cell's paragraph that lays its lines out once per width.

    reportlab's table asks every cell for its size each time it measures or splits the
    table (a dozen times for a cell of a long table); the lines only depend on the width.
    """

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._wrapped is not None and self._wrapped[0] == avail_width:
            return self._wrapped[1]
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        self._wrapped = (avail_width, size)
        return size

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self._wrapped = None
        parts: list[Flowable] = super().split(avail_width, avail_height)
        return parts


def p(text: str | None, kind: str = "body") -> Paragraph:
    """A paragraph of user or app text (always escaped)."""
    return Paragraph(para(text), style(kind, fonts.needs_shaping(text or "")))


def cell(text: str | None, kind: str = "cell") -> Paragraph:
    """:func:`p` for a table cell (see :class:`CellParagraph`)."""
    return CellParagraph(para(text), style(kind, fonts.needs_shaping(text or "")))


def markup(text: str, kind: str = "body") -> Paragraph:
    """A paragraph whose markup the caller built from escaped pieces."""
    return Paragraph(text, style(kind, fonts.needs_shaping(text)))


def heading(text: str, level: int = 1) -> Paragraph:
    return markup(esc(text), "h1" if level == 1 else "h2")


def space(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


def pieces(text: str, width: float, kind: str = "cell") -> list[str]:
    """``text`` cut into pieces that each fit in a ``width``-wide cell well inside a frame.

    The bound assumes every character is one em wide (a CJK ideograph; Latin letters are
    about half that) and every line break starts a new line, so a piece can never
    outgrow the frame whatever the script. Cuts fall on a space where there is one near
    the end of a piece, so words stay whole; all the text is kept, in order.
    """
    st = style(kind)
    per_line = max(1, int(width // st.fontSize))
    max_lines = max(2, int(FRAME_HEIGHT * PIECE_SHARE // st.leading))
    if len(text) // per_line + text.count("\n") + 1 <= max_lines:
        return [text]
    out: list[str] = []
    current: list[str] = []
    used = 0
    for line in text.split("\n"):
        while True:
            need = max(1, math.ceil(len(line) / per_line))
            room = max_lines - used
            if need <= room:
                current.append(line)
                used += need
                break
            if room <= 1 and current:
                out.append("\n".join(current))
                current, used = [], 0
                continue
            take = room * per_line
            cut = line.rfind(" ", take // 2, take + 1)
            cut = take if cut <= 0 else cut + 1
            current.append(line[:cut])
            out.append("\n".join(current))
            current, used = [], 0
            line = line[cut:]
    if current:
        out.append("\n".join(current))
    return out


Cell: TypeAlias = str | Flowable | None


def _split_rows(
    rows: Sequence[Sequence[Cell]], widths: Sequence[float], padding: float, skip: int
) -> tuple[list[list[Cell]], list[int]]:
    """Rows with long string cells spread over continuation rows; the index of each
    logical row's last physical row is returned too (where a rule is drawn)."""
    out: list[list[Cell]] = []
    ends: list[int] = []
    for r, row in enumerate(rows):
        split: list[list[Cell]] = []
        for c, cell in enumerate(row):
            if r < skip or not isinstance(cell, str):
                split.append([cell])
            else:
                split.append(list(pieces(cell, widths[c] - 2 * padding)))
        depth = max((len(x) for x in split), default=1)
        for n in range(depth):
            out.append([x[n] if n < len(x) else "" for x in split])
        ends.append(len(out) - 1)
    return out, ends


def _table(
    cells: list[list[Flowable]],
    widths: Sequence[float],
    ends: Sequence[int],
    base: list[tuple[object, ...]],
    heights: Sequence[float | None] | None,
    repeat: int,
) -> Table:
    table = Table(
        cells,
        colWidths=list(widths),
        rowHeights=list(heights) if heights is not None else None,
        repeatRows=repeat,
    )
    commands: list[tuple[object, ...]] = [
        ("BOX", (0, 0), (-1, -1), 0.4, colors.black),
        ("LINEAFTER", (0, 0), (-2, -1), 0.4, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *base,
    ]
    if len(ends) == len(cells):  # no continuation rows: a plain grid
        commands.append(("INNERGRID", (0, 0), (-1, -1), 0.4, colors.black))
    else:
        commands += [("LINEBELOW", (0, r), (-1, r), 0.4, colors.black) for r in ends[:-1]]
    table.setStyle(TableStyle(commands))
    return table


def _tables(
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    *,
    header: bool,
    repeat: bool,
    heights: Sequence[float | None] | None,
    padding: float,
    label_column: bool,
    segment: bool,
) -> list[Table]:
    skip = 1 if header else 0
    physical, ends = _split_rows(rows, widths, padding, skip)
    if heights is not None and len(physical) != len(heights):
        heights = None  # a fixed-height form whose cells had to grow: let them
    cells: list[list[Flowable]] = []
    for r, row in enumerate(physical):
        bold = header and r == 0
        cells.append(
            [
                c
                if isinstance(c, Flowable)
                else cell(c or "", "cellb" if bold or (label_column and i == 0) else "cell")
                for i, c in enumerate(row)
            ]
        )
    base: list[tuple[object, ...]] = []
    if padding != PAIRS_PADDING:
        base += [
            ("LEFTPADDING", (0, 0), (-1, -1), padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ]
    if not segment or (len(cells) <= SEGMENT_ROWS and len(ends) == len(cells)):
        if header:
            base.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)))
        return [_table(cells, widths, ends, base, heights, 1 if header and repeat else 0)]
    out: list[Table] = []
    start = 0
    continued = {r for r in range(len(cells)) if r not in ends or (r - 1 not in ends and r > 0)}
    while start < len(cells):
        stop, weight = start, 0
        while stop < len(cells) and weight < SEGMENT_ROWS:
            weight += PIECE_WEIGHT if stop in continued else 1
            stop += 1
        part = cells[start:stop]
        part_ends = [e - start for e in ends if start <= e < stop]
        if not part_ends or part_ends[-1] != len(part) - 1:
            part_ends.append(len(part) - 1)
        commands = list(base)
        if header and start == 0:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)))
        out.append(_table(part, widths, part_ends, commands, None, 0))
        start = stop
    return out


def grid(
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    header: bool = True,
    repeat: bool = True,
    heights: Sequence[float | None] | None = None,
) -> Table:
    """A ruled table; strings are escaped user text, the first row bold when ``header``.

    Long string cells flow over continuation rows (see :func:`pieces`)."""
    return _tables(
        rows,
        widths,
        header=header,
        repeat=repeat,
        heights=heights,
        padding=GRID_PADDING,
        label_column=False,
        segment=False,
    )[0]


def grid_flow(
    rows: Sequence[Sequence[Cell]], widths: Sequence[float], header: bool = True
) -> list[Flowable]:
    """:func:`grid` for tables that may be very long (user text of any length)."""
    return list(
        _tables(
            rows,
            widths,
            header=header,
            repeat=True,
            heights=None,
            padding=GRID_PADDING,
            label_column=False,
            segment=True,
        )
    )


def pairs(rows: Sequence[tuple[str, str | None]], width: float) -> Table:
    """A two-column label/value table (labels bold)."""
    table = pairs_flow(rows, width, segment=False)[0]
    assert isinstance(table, Table)
    return table


def pairs_flow(
    rows: Sequence[tuple[str, str | None]], width: float, segment: bool = True
) -> list[Flowable]:
    """:func:`pairs` for values that may be very long (user text of any length)."""
    return list(
        _tables(
            [[k, v or "—"] for k, v in rows],
            [width * 0.3, width * 0.7],
            header=False,
            repeat=False,
            heights=None,
            padding=PAIRS_PADDING,
            label_column=True,
            segment=segment,
        )
    )


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
