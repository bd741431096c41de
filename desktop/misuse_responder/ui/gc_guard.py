"""Python's cycle collector runs only on the UI thread while the app is up.

The automatic collector runs in whichever thread happens to allocate when a threshold is
crossed. If that is a worker thread (an export, a hand-over, hashing a video) and the
garbage holds a widget caught in a reference cycle (a dialog and the task that calls back
into it), PySide deletes the widget from that thread, and Qt crashes the app: the hand-over
dialogs did exactly this under a stress test. Turning the automatic collector off and
collecting from a UI-thread timer, with the same thresholds, keeps every deletion on the UI
thread; plain reference counting (which frees almost everything) is unaffected.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class UiThreadCollector(QObject):
    """Checks the collector's counts every ``INTERVAL_MS`` and collects on the UI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        gc.disable()
        self._timer.start()

    def check(self) -> None:
        """Collect the generations whose count has passed its threshold, oldest first."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            threshold = self._thresholds[generation]
            if threshold and counts[generation] > threshold:
                gc.collect(generation)
                return

    def stop(self) -> None:
        """Hand collection back to Python (when the app's event loop has ended)."""
        self._timer.stop()
        gc.enable()


def install(parent: QObject) -> UiThreadCollector:
    return UiThreadCollector(parent)
