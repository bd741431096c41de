"""Run long core work on a QThread and report back only through signals.

The core function has the shape ``fn(progress, cancel) -> result`` (see ``progress.py``).
The UI never touches the worker's objects from another thread: progress, the result and
errors arrive as queued signals on the UI thread.

Locking must not leave a job writing behind a locked screen: ``stop_all`` cancels every
running worker, waits for its thread, and detaches it so that no late signal reaches a
screen that has been wiped. Each worker can say what it was doing (``description``) and
how it ended (``outcome``), for the lock to tell the user what was stopped.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from misuse_responder.progress import Cancelled, CancelToken

Job = Callable[[Callable[[int, int], None], CancelToken], Any]

# Workers that have started and whose thread has not yet been cleaned up. Holding them here
# means a caller may drop its reference at any time (even inside a handler of ``finished``)
# without Python destroying the QThread while Qt is still delivering its signals.
_LIVE: set[Worker] = set()


class _Runner(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()

    def __init__(self, job: Job, token: CancelToken) -> None:
        super().__init__()
        self._job = job
        self._token = token
        self.outcome = ""  # "done" | "failed" | "cancelled", set before the signal is sent

    @Slot()
    def run(self) -> None:
        try:
            result = self._job(self.progress.emit, self._token)
        except Cancelled:
            self.outcome = "cancelled"
            self.cancelled.emit()
        except Exception as exc:  # reported to the UI as a clear message, never a crash
            self.outcome = "failed"
            self.failed.emit(exc)
        else:
            self.outcome = "done"
            self.done.emit(result)
        finally:
            # End the thread from inside: waiting for it (the lock does) must not depend on
            # the UI thread first delivering the signal that would otherwise quit it.
            thread = QThread.currentThread()
            if thread is not None:
                thread.quit()


class Worker(QObject):
    """One background job; it keeps itself alive until its thread has finished.

    Signals: ``progress(done, total)``, ``done(result)``, ``failed(exception)``,
    ``cancelled()``, and ``finished()`` after any of the last three.
    """

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, job: Job, parent: QObject | None = None, *, description: str = "") -> None:
        super().__init__(parent)
        self.description = description  # e.g. "adding photo.jpg", for the lock's message
        self.token = CancelToken()
        self._thread = QThread()
        self._runner = _Runner(job, self.token)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progress.connect(self.progress)
        self._runner.done.connect(self._on_done)
        self._runner.failed.connect(self._on_failed)
        self._runner.cancelled.connect(self._on_cancelled)
        self._thread.finished.connect(self._on_thread_finished)

    def start(self) -> None:
        _LIVE.add(self)
        self._thread.start()

    def cancel(self) -> None:
        self.token.cancel()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, ms: int = 30_000) -> bool:
        return self._thread.wait(ms)

    @property
    def outcome(self) -> str:
        """How the job ended ("done", "failed", "cancelled"), or "" while it runs."""
        return self._runner.outcome

    def detach(self) -> None:
        """Deliver nothing more to whoever connected (the screen has been wiped)."""
        # PySide6 warns (an error under -W error) when a signal has nobody to disconnect.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            for signal in (self.progress, self.done, self.failed, self.cancelled):
                with contextlib.suppress(RuntimeError, TypeError, SystemError):
                    signal.disconnect()

    def _stop(self) -> None:
        self._thread.quit()

    def _on_thread_finished(self) -> None:
        self.finished.emit()
        # Let go only after Qt has finished delivering this signal.
        QTimer.singleShot(0, lambda: _LIVE.discard(self))

    def _on_done(self, result: object) -> None:
        self._stop()
        self.done.emit(result)

    def _on_failed(self, exc: object) -> None:
        self._stop()
        self.failed.emit(exc)

    def _on_cancelled(self) -> None:
        self._stop()
        self.cancelled.emit()


def running() -> list[Worker]:
    """Every worker whose job has not finished yet."""
    return [w for w in list(_LIVE) if w.is_running() and not w.outcome]


def stop_all(timeout_ms: int = 30_000) -> list[Worker]:
    """Cancel every running job, wait for each to stop, and detach it (used by the lock).

    Returns the workers that were running, whose ``outcome`` says how each ended: a job
    past its last cancel check (an evidence file being committed) finishes ("done").
    """
    stopped = running()
    for worker in stopped:
        worker.cancel()
    for worker in stopped:
        worker.detach()
        worker.wait(timeout_ms)
    return stopped
