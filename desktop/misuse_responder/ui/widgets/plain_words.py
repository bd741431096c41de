"""Short words explained on screen: guides/glossary.yaml applied to a page's widgets.

Pages call ``explain_page`` after building their text: the first use of each term on the
page is spelled out (guidance/glossary.py decides how) and every line that uses a term gets
its meaning as a tooltip, so a hover explains DSL, LADO or CEOP wherever they appear.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

from misuse_responder.guidance.glossary import Glossary
from misuse_responder.guidance.guide_text import shown_guides

_OWN = "plainWordsOwnToolTip"


def _readable(widget: QWidget) -> bool:
    if isinstance(widget, QLabel):  # plain text only: rich labels hold links
        return widget.textFormat() == Qt.TextFormat.PlainText and bool(widget.text())
    return isinstance(widget, QAbstractButton | QGroupBox)


def _wraps(widget: QWidget) -> bool:
    """Only text that wraps is spelled out: a group's title, a button or a one-line label
    does not wrap, so a long expansion there made the page scroll sideways at 200 %. Those
    keep the short word and explain it on hover; the next wrapping line spells it out."""
    return isinstance(widget, QLabel) and widget.wordWrap()


def _text(widget: QWidget) -> str:
    return widget.title() if isinstance(widget, QGroupBox) else widget.text()  # type: ignore[attr-defined,no-any-return]


def explain_widgets(widgets: Sequence[QWidget], words: Glossary | None = None) -> None:
    """Spell out each term at its first use across ``widgets`` (in reading order) and give
    every widget that uses one a tooltip with its meaning (added to any tooltip it has)."""
    words = words if words is not None else shown_guides().glossary
    shown = [w for w in widgets if _readable(w)]
    wrapping = [w for w in shown if _wraps(w)]
    expanded = dict(zip(wrapping, words.explain([_text(w) for w in wrapping]), strict=True))
    for widget in shown:
        text = expanded.get(widget, _text(widget))
        if text != _text(widget):
            widget.setText(text)  # type: ignore[attr-defined]
        # The widget's own tooltip (e.g. a fingerprint) stays; our part is replaced each time.
        own = widget.property(_OWN)
        if own is None:
            own = widget.toolTip()
            widget.setProperty(_OWN, own)
        hover = words.tooltip(text)
        widget.setToolTip("\n\n".join(t for t in (str(own), hover) if t))


def explain_page(page: QWidget, words: Glossary | None = None) -> None:
    """``explain_widgets`` over every widget on ``page``, in the order they were made."""
    explain_widgets(page.findChildren(QWidget), words)
