"""Bar charts for the governors' summary (reportlab graphics, black and grey only)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors

from misuse_responder.export import fonts

BAR = 14.0


def bar_chart(items: Sequence[tuple[str, int]], width: float) -> Drawing:
    """One horizontal bar per item, labelled; callers pass only counts that may be shown."""
    fonts.register()
    label_width = width * 0.45
    height = BAR * len(items) + 30
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 18
    chart.width = width - label_width - 20
    chart.height = BAR * len(items)
    # reportlab draws the first item at the bottom; reverse so the table order reads down
    chart.data = [[count for _label, count in reversed(items)]]
    chart.categoryAxis.categoryNames = [_short(label) for label, _count in reversed(items)]
    chart.categoryAxis.labels.fontName = fonts.BODY
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin = 0
    top = max((count for _label, count in items), default=1)
    chart.valueAxis.valueMax = max(top, 1)
    chart.valueAxis.valueStep = max(1, round(top / 5))
    chart.valueAxis.labels.fontName = fonts.BODY
    chart.valueAxis.labels.fontSize = 7.5
    chart.bars[0].fillColor = colors.Color(0.35, 0.35, 0.35)
    chart.bars[0].strokeColor = colors.black
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = fonts.BODY
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _short(label: str, limit: int = 48) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
