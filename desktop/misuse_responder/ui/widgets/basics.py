"""Small building blocks: plain-text labels, headings, and a link row with Copy / Open.

Every label here shows text as plain text (never HTML), wraps, and can be read by a
screen reader; links are shown as text the user may copy or hand to their own browser,
because the app itself never connects to anything.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLayout, QPushButton, QWidget

from misuse_responder.i18n import _
from misuse_responder.ui.text_size import keep_relative


def text_label(text: str, *, bold: bool = False, selectable: bool = False) -> QLabel:
    """A word-wrapped plain-text label (user and guide text is never interpreted as HTML)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if bold:
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
    if selectable:
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return label


def heading(text: str) -> QLabel:
    label = text_label(text, bold=True)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    keep_relative(label, 1.15)  # grows with the text size setting
    label.setAccessibleName(text)
    return label


def banner(text: str) -> QLabel:
    """A framed, bold notice (uses the palette's highlight roles, no fixed colours)."""
    label = text_label(text, bold=True)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setBackgroundRole(QPalette.ColorRole.AlternateBase)
    label.setAutoFillBackground(True)
    label.setMargin(8)
    label.setAccessibleName(text)
    return label


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget in ``layout`` (pages rebuilt from new guidance)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()


class LinkRow(QWidget):
    """A link shown as text, with Copy and Open-in-browser buttons."""

    def __init__(self, label: str, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.url = url
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        text = text_label(f"{label}: {url}", selectable=True)
        text.setAccessibleName(label)
        layout.addWidget(text, 1)
        self.copy_button = QPushButton(_("Copy"))
        self.copy_button.setAccessibleName(_("Copy link: {label}").format(label=label))
        self.copy_button.setAccessibleDescription(url)
        self.copy_button.clicked.connect(self.copy)
        layout.addWidget(self.copy_button)
        self.open_button = QPushButton(_("Open in browser"))
        self.open_button.setAccessibleName(_("Open in browser: {label}").format(label=label))
        self.open_button.setAccessibleDescription(
            _("Hands the link to your web browser; this app never connects itself.")
        )
        self.open_button.clicked.connect(self.open)
        layout.addWidget(self.open_button)

    def copy(self) -> None:
        from misuse_responder.ui.clipboard import copy_text

        copy_text(self.url)

    def open(self) -> None:
        QDesktopServices.openUrl(QUrl(self.url))
