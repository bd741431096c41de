"""SVG icons from resources/icons, drawn in the palette's text colour.

The SVGs use ``currentColor``; it is replaced by the current palette's window-text
colour when an icon is made, so icons follow light and dark themes without a second set.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QGuiApplication, QIcon, QPalette, QPixmap

_SIZES = (16, 24, 32, 48, 64)


def resources_dir() -> Path:
    """resources/: the installed copy next to the package, else the source tree's."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "resources"
    if installed.is_dir():
        return installed
    return package.parent.parent / "resources"


@cache
def _svg_text(name: str) -> str:
    return (resources_dir() / "icons" / f"{name}.svg").read_text(encoding="utf-8")


def icon(name: str) -> QIcon:
    """The icon ``name`` (a file stem in resources/icons), coloured for the current palette."""
    colour = QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()
    svg = _svg_text(name).replace("currentColor", colour)
    result = QIcon()
    for size in _SIZES:
        sized = svg.replace('width="24" height="24"', f'width="{size}" height="{size}"')
        pixmap = QPixmap()
        pixmap.loadFromData(QByteArray(sized.encode("utf-8")), "SVG")
        result.addPixmap(pixmap)
    return result
