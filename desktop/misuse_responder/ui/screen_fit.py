"""Windows that fit the screen they open on, with their buttons always in view.

A school laptop is often 1366×768 at 125 % (1093×614 usable points) and some staff use
200 %; a window sized in fixed points (the wizard was 1100×700) then opens with Next,
Save or Continue below the bottom of the screen. So every window is sized here, to the
screen's available area (minus the taskbar and the window's own frame), and what does
not fit scrolls inside the window while the row of buttons stays outside the scrolling.
The size a user gives a window is remembered per screen (in the UI prefs, no case data)
and used next time on that screen, never larger than the screen.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QScrollArea,
    QSpacerItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

# Room kept for what the window manager adds around a window before it is shown (the
# title bar above, thin borders elsewhere): the frame itself is only known once shown.
FRAME_ALLOWANCE = QMargins(8, 32, 8, 8)
# Some desktops report no taskbar at all (available area == the whole screen) though one
# is drawn: then this much is kept free at the bottom.
TASKBAR_ALLOWANCE = 48
FALLBACK = QRect(0, 0, 1024, 768)
KEY_PROPERTY = "screenFitKey"
SCREEN_PROPERTY = "screenFitScreen"


class SizeBook(Protocol):
    """Where remembered sizes are kept (the main window, in the UI prefs)."""

    def remembered_size(self, key: str) -> tuple[int, int] | None: ...

    def remember_size(self, key: str, size: tuple[int, int]) -> None: ...


_book: weakref.ReferenceType[SizeBook] | None = None
_pretend: QRect | None = None


@contextmanager
def pretend_available_area(area: QRect) -> Iterator[None]:
    """For tests and screenshots: windows fitted meanwhile take ``area`` as the screen's
    available area (a small laptop's, in logical points) whatever screen there is."""
    global _pretend
    before, _pretend = _pretend, QRect(area)
    try:
        yield
    finally:
        _pretend = before


def use_size_book(book: SizeBook | None) -> None:
    """Remember window sizes in ``book`` from now on (None: remember nothing)."""
    global _book
    _book = weakref.ref(book) if book is not None else None


def _current_book() -> SizeBook | None:
    return _book() if _book is not None else None


def screen_for(window: QWidget) -> QScreen | None:
    """The screen a window is on, or will open on (its parent's, for a dialog)."""
    parent = window.parentWidget()
    for widget in (window, parent.window() if parent is not None else None):
        if widget is not None and widget.isVisible():
            return widget.screen()
    if parent is not None:
        return parent.window().screen()
    return window.screen() or QGuiApplication.primaryScreen()


def available_area(screen: QScreen | None) -> QRect:
    """The part of the screen a window may use: without the taskbar, even when the
    desktop does not say where it is."""
    if _pretend is not None:
        return QRect(_pretend)
    if screen is None:
        return QRect(FALLBACK)
    available = screen.availableGeometry()
    if available == screen.geometry() and available.height() > 4 * TASKBAR_ALLOWANCE:
        available = available.adjusted(0, 0, 0, -TASKBAR_ALLOWANCE)
    return available


def screen_key(name: str, screen_name: str, area: QRect) -> str:
    """One key per window and screen: the same laptop docked or not, or at another scale,
    has its own size."""
    return f"{name}|{screen_name}|{area.width()}x{area.height()}"


def _frame_margins(window: QWidget) -> QMargins:
    """The window's frame when it is shown with one, else the allowance."""
    if window.isVisible():
        frame, inner = window.frameGeometry(), window.geometry()
        if frame != inner:
            return QMargins(
                inner.left() - frame.left(),
                inner.top() - frame.top(),
                frame.right() - inner.right(),
                frame.bottom() - inner.bottom(),
            )
    return QMargins(FRAME_ALLOWANCE)


def fit_window(
    window: QWidget, preferred: QSize, *, name: str = "", available: QRect | None = None
) -> QSize:
    """Size ``window`` to ``preferred`` (or the size remembered for this screen), but never
    beyond the available area, and place it inside that area (over its parent, if any).

    ``available`` stands in for the screen's available area (tests pass a small laptop's).
    Returns the size given; remembers the size the window has when it is next hidden.
    """
    screen = screen_for(window)
    area = QRect(available) if available is not None else available_area(screen)
    frame = _frame_margins(window)
    room = QSize(
        max(1, area.width() - frame.left() - frame.right()),
        max(1, area.height() - frame.top() - frame.bottom()),
    )
    wanted = QSize(preferred)
    screen_name = screen.name() if screen is not None else ""
    book = _current_book()
    if name:
        key = screen_key(name, screen_name, area)
        remembered = book.remembered_size(key) if book is not None else None
        if remembered is not None:
            wanted = QSize(*remembered)
        window.setProperty(KEY_PROPERTY, key)
        window.setProperty(SCREEN_PROPERTY, screen_name)
        _track(window)
    size = wanted.boundedTo(room).expandedTo(window.minimumSizeHint().boundedTo(room))
    window.resize(size)
    _place(window, area, frame, QSize(window.width(), window.height()))
    return size


def _place(window: QWidget, area: QRect, frame: QMargins, size: QSize) -> None:
    """Centre over the parent window (or the area), then keep the whole frame inside."""
    outer = QSize(
        size.width() + frame.left() + frame.right(), size.height() + frame.top() + frame.bottom()
    )
    parent = window.parentWidget()
    centre = area.center()
    if parent is not None and parent.window().isVisible() and parent.window() is not window:
        centre = parent.window().frameGeometry().center()
    x = centre.x() - outer.width() // 2
    y = centre.y() - outer.height() // 2
    x = max(area.left(), min(x, area.left() + area.width() - outer.width()))
    y = max(area.top(), min(y, area.top() + area.height() - outer.height()))
    window.move(x, y)


class _SizeKeeper(QObject):
    """Writes the window's size to the size book when the window is hidden or closed."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Hide
            and not event.spontaneous()
            and isinstance(watched, QWidget)
        ):
            remember_now(watched)
        return False


def _track(window: QWidget) -> None:
    if window.findChild(_SizeKeeper, "screenFitKeeper") is None:
        keeper = _SizeKeeper(window)
        keeper.setObjectName("screenFitKeeper")
        window.installEventFilter(keeper)


def remember_now(window: QWidget) -> None:
    """Keep the window's current size for its screen (called when it is hidden)."""
    book = _current_book()
    key = window.property(KEY_PROPERTY)
    if book is None or not isinstance(key, str) or not key:
        return
    if window.isMaximized() or window.isFullScreen() or window.isMinimized():
        return
    screen = window.screen()
    if screen is not None and screen.name() != window.property(SCREEN_PROPERTY):
        key = screen_key(key.split("|", 1)[0], screen.name(), available_area(screen))
    book.remember_size(key, (window.width(), window.height()))


# --- scrolling the content, not the window ---------------------------------------------------
def scroll_area(widget: QWidget | None = None) -> QScrollArea:
    """A frameless scroll area that gives its content the full width (no sideways
    scrolling unless the content truly cannot be narrower)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    if widget is not None:
        area.setWidget(widget)
    return area


TAB_SCROLLER = "tabPageScroller"


class ScrollingTabs(QTabWidget):
    """Tabs whose pages scroll by themselves when the window is short, so the tab bar and
    what is above it stay put (and a page that scrolls already gets no second bar).

    ``indexOf``, ``widget``, ``currentWidget`` and ``setCurrentWidget`` speak of the pages
    as added, not of the scroll areas around them."""

    def addTab(self, page: QWidget, *args: object) -> int:  # type: ignore[override]
        area = scroll_area(page)
        area.setObjectName(TAB_SCROLLER)
        return super().addTab(area, *args)  # type: ignore[call-overload, no-any-return]

    @staticmethod
    def _page(widget: QWidget | None) -> QWidget | None:
        if isinstance(widget, QScrollArea) and widget.objectName() == TAB_SCROLLER:
            return widget.widget()
        return widget

    def indexOf(self, page: QWidget) -> int:
        for index in range(self.count()):
            if self.widget(index) is page:
                return index
        return -1

    def widget(self, index: int) -> QWidget:
        return self._page(super().widget(index))  # type: ignore[return-value]

    def currentWidget(self) -> QWidget:
        return self._page(super().currentWidget())  # type: ignore[return-value]

    def setCurrentWidget(self, page: QWidget) -> None:
        index = self.indexOf(page)
        if index >= 0:
            self.setCurrentIndex(index)


def scroll_all_but_last(layout: QBoxLayout, keep: int = 1) -> QScrollArea:
    """Move everything in ``layout`` except its last ``keep`` items (the row of buttons)
    into a scroll area that takes the place of what it holds.

    Lets a dialog built as one column keep its buttons in view on a small screen: the
    content scrolls above them instead of pushing them off the bottom."""
    count = max(0, layout.count() - keep)
    body = QWidget()
    inner = QVBoxLayout(body)
    inner.setContentsMargins(0, 0, 0, 0)
    for _index in range(count):
        stretch = layout.stretch(0)
        item = layout.takeAt(0)
        if item is None:
            continue
        widget, child = item.widget(), item.layout()
        if widget is not None:
            inner.addWidget(widget, stretch, item.alignment())
        elif child is not None:
            inner.addLayout(child, stretch)
        elif isinstance(item.spacerItem(), QSpacerItem):
            inner.addStretch(max(stretch, 1))
    area = scroll_area(body)
    area.setAccessibleName(_content_name())
    layout.insertWidget(0, area, 1)
    return area


def _content_name() -> str:
    from misuse_responder.i18n import _

    return _("Window content")


def in_view(widget: QWidget, window: QWidget | None = None) -> bool:
    """Whether the whole of ``widget`` can be seen: shown, and not cut by its window or by
    a scroll area (or anything else) it sits in."""
    top = window if window is not None else widget.window()
    if not widget.isVisible() or widget.width() <= 0 or widget.height() <= 0:
        return False
    rect = QRect(widget.rect())
    current: QWidget | None = widget
    while current is not None and current is not top:
        parent = current.parentWidget()
        if parent is None:
            return False
        rect = QRect(current.mapTo(parent, rect.topLeft()), rect.size())
        if not parent.rect().contains(rect):
            return False
        current = parent
    return current is top
