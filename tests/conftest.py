"""Test-wide safety: headless Qt, a private data folder per test, and no network."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from misuse_responder.ui.qt_workarounds import pin_singletons

# Before any QApplication exists: without a platform and a display, Qt aborts the process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# PySide6 6.12 over-releases None/True/False (see ui/qt_workarounds.py); qtbot.waitUntil
# calls qWait in a loop, so without this a long session aborts at random or at exit.
pin_singletons()


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own data folder; nothing touches the real user's files."""
    data = tmp_path / "data"
    monkeypatch.setenv("MISUSE_RESPONDER_DATA_DIR", str(data))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / "xdg" / var.lower()))
    monkeypatch.delenv("MISUSE_RESPONDER_PASSPHRASE", raising=False)
    yield data


class NetworkBlocked(RuntimeError):
    """A test tried to reach the network; the app must never do that."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse Internet sockets from Python (unshare -n also blocks Qt's own C++ sockets)."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guard(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkBlocked(f"network connection attempted to {address!r}")
        return real_connect(self, address)

    def guard_ex(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkBlocked(f"network connection attempted to {address!r}")
        return real_connect_ex(self, address)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise NetworkBlocked(f"network lookup attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket.socket, "connect_ex", guard_ex)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
