"""Cycles are collected on the UI thread, even when a worker thread is the one allocating."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from misuse_responder.ui import gc_guard


@pytest.fixture
def collector(qtbot: QtBot) -> Iterator[gc_guard.UiThreadCollector]:
    from PySide6.QtCore import QObject

    parent = QObject()
    guard = gc_guard.install(parent)
    yield guard
    guard.stop()
    assert gc.isenabled()


def test_a_worker_thread_allocating_never_runs_the_collector(
    collector: gc_guard.UiThreadCollector, qtbot: QtBot
) -> None:
    threads: list[str] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:

        def allocate() -> None:
            for _ in range(200_000):  # far past every threshold
                a: list[object] = []
                a.append(a)  # a cycle: only the collector frees it

        worker = threading.Thread(target=allocate, name="worker")
        worker.start()
        worker.join()
        assert "worker" not in threads
        qtbot.waitUntil(lambda: threading.main_thread().name in threads, timeout=3000)
        assert "worker" not in threads
    finally:
        gc.callbacks.remove(note)


def test_without_the_guard_the_worker_thread_would_collect() -> None:
    """The hazard is real: without the guard, the allocating thread runs the collection."""
    threads: list[str] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.enable()
    gc.callbacks.append(note)
    try:

        def allocate() -> None:
            for _ in range(200_000):
                a: list[object] = []
                a.append(a)

        worker = threading.Thread(target=allocate, name="worker")
        worker.start()
        worker.join()
    finally:
        gc.callbacks.remove(note)
    assert "worker" in threads
