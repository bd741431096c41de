"""Notice when nobody has touched the app for a while, so it can lock itself.

An event filter on the QApplication sees every key, mouse and touch event for every
window (the wizard and dialogs included) and restarts a single-shot timer. Reading counts
as use too: scrolling, the pointer moving over a window (hover), focus moving within one
and a window being brought forward, so a teacher reading back a child's account in the
wizard is not locked out mid-conversation.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.InputMethod,
    QEvent.Type.Scroll,
    QEvent.Type.HoverMove,
    QEvent.Type.HoverEnter,
    QEvent.Type.Enter,
    QEvent.Type.FocusIn,
    QEvent.Type.WindowActivate,
    QEvent.Type.ShortcutOverride,
}


class IdleWatcher(QObject):
    """Emits ``idle`` after ``timeout_ms`` without input while started."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, timeout_ms))
        self._timer.timeout.connect(self.idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timer.setInterval(max(1, timeout_ms))
        if self._timer.isActive():
            self._timer.start()

    def timeout_ms(self) -> int:
        return self._timer.interval()

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def is_running(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self._timer.isActive():
            self._timer.start()
        return False

    def detach(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
