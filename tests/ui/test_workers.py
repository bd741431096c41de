"""Background work reports progress, results, errors and cancellation through signals."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from misuse_responder.progress import CancelToken
from misuse_responder.ui.workers import Worker


def test_result_and_progress_arrive_on_the_ui_thread(qtbot: QtBot) -> None:
    seen: list[tuple[int, int]] = []
    threads: list[object] = []

    def job(progress: object, cancel: CancelToken) -> str:
        threads.append(threading.current_thread())
        for i in range(3):
            progress(i + 1, 3)  # type: ignore[operator]
        return "ok"

    worker = Worker(job)
    worker.progress.connect(lambda d, t: seen.append((d, t)))
    with qtbot.waitSignal(worker.done, timeout=5000) as blocker:
        worker.start()
    assert blocker.args == ["ok"]
    qtbot.waitUntil(lambda: seen == [(1, 3), (2, 3), (3, 3)])
    assert threads[0] is not threading.main_thread()
    assert worker.wait(5000)


def test_errors_are_reported(qtbot: QtBot) -> None:
    def job(progress: object, cancel: CancelToken) -> None:
        raise OSError("disk full")

    worker = Worker(job)
    with qtbot.waitSignal(worker.failed, timeout=5000) as blocker:
        worker.start()
    assert isinstance(blocker.args[0], OSError)
    assert worker.wait(5000)


def test_cancel(qtbot: QtBot) -> None:
    started = threading.Event()

    def job(progress: object, cancel: CancelToken) -> None:
        started.set()
        while True:
            cancel.raise_if_cancelled()
            threading.Event().wait(0.01)

    worker = Worker(job)
    with qtbot.waitSignal(worker.cancelled, timeout=5000):
        worker.start()
        assert started.wait(5)
        worker.cancel()
    assert worker.wait(5000)


def test_caller_may_drop_the_worker_at_any_time(qtbot: QtBot) -> None:
    import gc

    results: list[object] = []
    finished: list[bool] = []
    for _ in range(10):
        worker = Worker(lambda progress, cancel: 42)
        worker.done.connect(results.append)
        holder = [worker]
        worker.finished.connect(lambda h=holder: (finished.append(True), h.clear()))
        worker.start()
        del worker, holder
        gc.collect()
    qtbot.waitUntil(lambda: len(results) == 10 and len(finished) == 10, timeout=5000)
    from misuse_responder.ui import workers

    qtbot.waitUntil(lambda: not workers._LIVE, timeout=5000)
    gc.collect()
    assert results == [42] * 10
