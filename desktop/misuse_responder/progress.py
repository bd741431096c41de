"""Progress and cancellation for long work, without Qt.

Long core functions (hashing a large file, building a PDF) take a ``progress`` callback and
a ``CancelToken``; the UI wraps them in a worker thread (``ui/workers.py``) and the command
line simply passes nothing. This keeps the core testable and the UI responsive.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Progress = Callable[[int, int], None]  # (done, total); total 0 means "unknown"


def no_progress(done: int, total: int) -> None:
    """The progress callback for callers that do not show progress."""


class Cancelled(Exception):
    """The user cancelled the work; whatever it was writing has been cleaned up."""


class CancelToken:
    """A flag one thread sets and another polls between chunks of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled
