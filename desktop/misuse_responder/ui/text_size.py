"""The text size setting (100 % to 200 % of the system's size), applied to the whole app.

Staff who need larger text should not have to change the whole laptop's scaling. The
application font is scaled from the system's own size (read once, at the first call);
widgets sharing that font follow by themselves. Headings and the recovery key set a
font of their own, larger by a factor; they are marked with ``keep_relative`` so a change
of text size while the app runs scales them too.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

FACTOR_PROPERTY = "relativeTextFactor"
BASE_PROPERTY = "baseTextPointSize"
PERCENT_PROPERTY = "textSizePercent"


def keep_relative(widget: QWidget, factor: float) -> None:
    """Mark ``widget`` as having its own font ``factor`` times the text size."""
    widget.setProperty(FACTOR_PROPERTY, float(factor))


def base_point_size(app: QApplication) -> float:
    """The system's text size in points (what 100 % means), remembered at the first call."""
    base = app.property(BASE_PROPERTY)
    if isinstance(base, float) and base > 0:
        return base
    size = app.font().pointSizeF()
    if size <= 0:  # a font given in pixels: treat 1 px as 0.75 pt (96 dpi)
        size = max(app.font().pixelSize(), 12) * 0.75
    app.setProperty(BASE_PROPERTY, float(size))
    return float(size)


def current_percent(app: QApplication | None = None) -> int:
    app = app or _app()
    value = app.property(PERCENT_PROPERTY) if app is not None else None
    return value if isinstance(value, int) else 100


def apply_text_size(percent: int, app: QApplication | None = None) -> bool:
    """Set the app's text to ``percent`` of the system size; True when anything changed."""
    app = app or _app()
    if app is None:
        return False
    base = base_point_size(app)
    if percent == current_percent(app):
        return False
    size = base * percent / 100
    font = QFont(app.font())
    font.setPointSizeF(size)
    app.setFont(font)
    sheet = app.styleSheet()
    if sheet:  # with a style sheet, widgets already made keep their old font until repolished
        app.setStyleSheet(sheet)
    for widget in app.allWidgets():
        factor = widget.property(FACTOR_PROPERTY)
        if isinstance(factor, float) and factor > 0:
            own = QFont(widget.font())
            own.setPointSizeF(size * factor)
            widget.setFont(own)
    app.setProperty(PERCENT_PROPERTY, int(percent))
    return True


def _app() -> QApplication | None:
    instance = QApplication.instance()
    return instance if isinstance(instance, QApplication) else None
