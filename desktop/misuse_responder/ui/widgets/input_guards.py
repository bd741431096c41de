"""App-wide input rules, installed once on the application (``install``).

Wheel: a combo box, spin box or date field takes the mouse wheel only when it has the
keyboard focus. Scrolling a page while the pointer passed over "Who is responsible" used
to change the answer (and so the guidance); now the wheel scrolls the page instead, and
such fields no longer take the focus from the wheel either (only a click or Tab).

Arrow keys: move between radio buttons and select them, as in every Windows dialog.

Focus: the focused control is always scrolled into view inside its scroll area, and a
ring is drawn around it (``FocusRing``) in a colour with at least 3:1 contrast against the
window (``ui.style.focus_colour``), whatever the style draws itself.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QButtonGroup,
    QComboBox,
    QRadioButton,
    QScrollArea,
    QWidget,
)

from misuse_responder.ui.style import focus_colour

RING_WIDTH = 3  # device-independent pixels; WCAG 2.2 asks for at least 2


def _guarded(widget: QObject) -> QWidget | None:
    """The combo, spin or date field ``widget`` is (or is inside), else None."""
    current: QObject | None = widget
    for _depth in range(3):  # the field itself, or its line edit / viewport
        if isinstance(current, QComboBox | QAbstractSpinBox):
            return current
        if current is None:
            return None
        current = current.parent()
    return None


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


_BACK = (Qt.Key.Key_Up, Qt.Key.Key_Left)
_FORWARD = (Qt.Key.Key_Down, Qt.Key.Key_Right)


def _arrow_between_radios(button: QRadioButton, event: QKeyEvent) -> bool:
    """Arrow keys move to the next or previous choice and select it, as in every Windows
    dialog (Qt only moved the focus, leaving the answer unchanged)."""
    key = event.key()
    if key not in _BACK + _FORWARD or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return False
    group: QButtonGroup | None = button.group()  # None when not in a group
    if group is not None:
        buttons = [b for b in group.buttons() if isinstance(b, QRadioButton)]
    elif button.autoExclusive() and (parent := button.parentWidget()) is not None:
        buttons = [
            b
            for b in parent.findChildren(QRadioButton)
            if b.parentWidget() is parent and b.autoExclusive()
        ]
    else:
        return False
    choices = [b for b in buttons if b.isVisible() and b.isEnabled()]
    if button not in choices or len(choices) < 2:
        return False
    step = -1 if key in _BACK else 1
    target = choices[(choices.index(button) + step) % len(choices)]
    target.setFocus(Qt.FocusReason.TabFocusReason)
    target.click()  # checks it and emits clicked/toggled as a user's choice would
    return True


class InputGuard(QObject):
    """The application's event filter: the wheel rule (see the module docstring)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, QComboBox | QAbstractSpinBox):
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if kind == QEvent.Type.KeyPress and isinstance(watched, QRadioButton):
            assert isinstance(event, QKeyEvent)
            return _arrow_between_radios(watched, event)
        if kind != QEvent.Type.Wheel or not isinstance(event, QWheelEvent):
            return False
        field = _guarded(watched)
        if field is None or field.hasFocus():
            return False
        # Not focused: the field ignores it and the page around it scrolls.
        area = _scroll_area(field)
        if area is not None:
            delta = event.angleDelta()
            horizontal = delta.y() == 0 and delta.x() != 0
            bar = area.horizontalScrollBar() if horizontal else area.verticalScrollBar()
            if bar.isVisible() or bar.maximum() > bar.minimum():
                QApplication.sendEvent(bar, event.clone())
        event.accept()
        return True


class FocusRing(QWidget):
    """A ring drawn around the focused control (ignores the mouse).

    It lives beside the control, in the control's own parent, so it is clipped by the same
    scroll area and shown or hidden with it (a screen that hides the case, such as the
    lock's hide screen, never has a stray ring of another screen's control on top)."""

    def __init__(self) -> None:
        super().__init__(None)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QWidget | None = None
        self._ring = QRect()

    def follow(self, target: QWidget | None) -> None:
        old = self.target
        if old is not None:
            with contextlib.suppress(RuntimeError):
                old.removeEventFilter(self)
        self.target = target
        parent = target.parentWidget() if target is not None else None
        if target is None or parent is None or target.isWindow():
            self.target = None
            self.hide()
            return
        if self.parentWidget() is not parent:
            self.setParent(parent)
        target.installEventFilter(self)
        self.reposition()

    def reposition(self) -> None:
        target = self.target
        if target is None or not target.isVisible():
            self.hide()
            return
        margin = RING_WIDTH + 1
        self.setGeometry(target.geometry().adjusted(-margin, -margin, margin, margin))
        self._ring = self.rect()
        self.raise_()
        self.show()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() in (
            QEvent.Type.Move,
            QEvent.Type.Resize,
            QEvent.Type.Show,
            QEvent.Type.Hide,
        ):
            self.reposition()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.target is None:
            return
        painter = QPainter(self)
        pen = QPen(focus_colour(self.palette()))
        pen.setWidth(RING_WIDTH)
        painter.setPen(pen)
        half = RING_WIDTH // 2 + 1
        painter.drawRoundedRect(self._ring.adjusted(half, half, -half, -half), 3, 3)
        painter.end()


class FocusKeeper(QObject):
    """Follows the focus: scrolls the focused control into view and moves the ring to it."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.ring: FocusRing | None = None
        app.focusChanged.connect(self._focus_changed)

    def _ring(self) -> FocusRing:
        ring = self.ring
        try:
            if ring is not None:
                ring.isVisible()  # raises once Qt has deleted it with an old parent
                return ring
        except RuntimeError:
            pass
        self.ring = FocusRing()
        self.ring.destroyed.connect(self._forget)
        return self.ring

    def _forget(self, *_args: object) -> None:
        self.ring = None

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        ring = self._ring()
        if new is None or isinstance(new, FocusRing):
            ring.follow(None)
            return
        scroll_into_view(new)
        ring.follow(new)


def scroll_into_view(widget: QWidget) -> None:
    """Scroll every scroll area around ``widget`` so that it can be seen."""
    parent = widget.parentWidget()
    inner: QWidget = widget
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None:
            parent.ensureWidgetVisible(inner, 16, 16)
            inner = parent
        parent = parent.parentWidget()


_installed: dict[int, tuple[InputGuard, FocusKeeper]] = {}


def install(app: QApplication) -> None:
    """Install the wheel rule and the focus keeper on ``app`` (once; calling again is a no-op)."""
    if id(app) in _installed:
        return
    guard = InputGuard(app)
    app.installEventFilter(guard)
    _installed[id(app)] = (guard, FocusKeeper(app))
