"""The app's look: the system palette plus a small palette-only style sheet, and font helpers.

No colours are hard-coded: the style sheet uses ``palette(...)`` roles, so the system's
light or dark theme is followed. Headings are sized relative to the application font,
so a 200 % text scale grows them too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from misuse_responder.ui.icons import resources_dir
from misuse_responder.ui.text_size import keep_relative


def apply_style(app: QApplication) -> None:
    """Load resources/style/app.qss (palette roles only) into ``app``."""
    path = resources_dir() / "style" / "app.qss"
    if path.is_file():
        app.setStyleSheet(path.read_text(encoding="utf-8"))
    from misuse_responder.ui.widgets import input_guards

    input_guards.install(app)  # wheel only on a focused field; focus ring; focus kept in view


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def focus_colour(palette: QPalette) -> QColor:
    """The focus ring's colour: the theme's highlight when it stands out at least 3:1 against
    both the window and the fields' background (WCAG 2.2 focus appearance), else the text
    colour (which a usable theme always contrasts with its background)."""
    backgrounds = (palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Base))
    for candidate in (
        palette.color(QPalette.ColorRole.Highlight),
        palette.color(QPalette.ColorRole.WindowText),
    ):
        if all(contrast(candidate, bg) >= 3.0 for bg in backgrounds):
            return candidate
    light = relative_luminance(backgrounds[0]) > 0.5
    return QColor(0, 0, 0) if light else QColor(255, 255, 255)


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * factor)
    font.setBold(bold)
    return font


def plain_label(text: str = "", *, wrap: bool = True, parent: QWidget | None = None) -> QLabel:
    """A label that never interprets its text as HTML (user text may contain '<')."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setText(text)
    return label


def heading(text: str, level: int = 1, parent: QWidget | None = None) -> QLabel:
    """A plain-text heading, larger than body text by level (1 is the largest)."""
    label = plain_label(text, parent=parent)
    factor = {1: 1.6, 2: 1.3}.get(level, 1.1)
    label.setFont(scaled_font(label, factor, bold=True))
    keep_relative(label, factor)  # grows with the text size setting
    label.setAccessibleName(text)
    return label


def selectable(label: QLabel) -> QLabel:
    """Let the user select and copy a label's text with the mouse or keyboard."""
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    return label
