"""The GUI's last resort and plain errors write IT's note safely and say where it is: an
exception whose message holds a pupil's name and case text reaches neither the log nor
(for an unexpected error) the dialog; the dialog says what is safe and names the log folder."""

from __future__ import annotations

import faulthandler
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from misuse_responder import diagnostics
from misuse_responder.guidance.facts import parse_facts
from misuse_responder.store.errors import StoreError
from misuse_responder.ui import last_resort
from misuse_responder.ui.plain_errors import plain_error

NAME = "Zoë Ødegård"
SECRETS = (NAME, "محمد", "李华", "shared the photo in the Year 10 group")
CASE_TEXT = f"{NAME}, محمد and 李华 shared the photo in the Year 10 group"


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's hooks installed on a data folder; every hook and handler undone after."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.delenv("MISUSE_RESPONDER_DEBUG", raising=False)
    was_enabled = faulthandler.is_enabled()
    root = tmp_path / "data"
    last_resort.install(root)
    yield root
    diagnostics.shutdown_log()
    if not was_enabled:
        faulthandler.disable()


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning", lambda _p, _t, text: texts.append(text)
    )
    return texts


def log_text(root: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (root / "logs").glob("*.log*"))


def engine_error() -> Exception:
    try:
        parse_facts({"concerns": [CASE_TEXT]}, set())
    except Exception as exc:
        return exc
    raise AssertionError("parse_facts accepted an unknown concern")


def fire(exc: BaseException) -> None:
    last_resort.handle(type(exc), exc, exc.__traceback__)


def test_an_unexpected_error_is_a_calm_dialog_and_a_safe_note(
    qtbot: QtBot, installed: Path, shown: list[str]
) -> None:
    assert sys.excepthook is last_resort.handle
    exc = engine_error()
    QTimer.singleShot(0, lambda: fire(exc))  # as from a slot: inside the event loop
    qtbot.waitUntil(lambda: len(shown) == 1)
    text = shown[0]
    assert text.startswith("Something unexpected went wrong (FactsError).")
    assert "Everything you saved before this is safe in the case store" in text
    assert "the change you were making may not have been saved" in text
    assert "no names or case details" in text and str(installed / "logs") in text
    logged = log_text(installed)
    assert "unexpected failure: misuse_responder.guidance.facts.FactsError at " in logged
    assert "misuse_responder.guidance.facts:_choices:" in logged
    for secret in SECRETS:
        assert secret not in text and secret not in logged


def test_store_disk_and_damage_keep_their_own_sentences(
    qtbot: QtBot, installed: Path, shown: list[str]
) -> None:
    for exc in (
        StoreError("The case store is locked by another program."),
        OSError(28, "No space left on device"),
        sqlite3.DatabaseError(f"database disk image is malformed near {NAME}"),
    ):
        QTimer.singleShot(0, lambda exc=exc: fire(exc))
    qtbot.waitUntil(lambda: len(shown) == 3)
    assert shown[0] == "The case store is locked by another program."
    assert shown[1].startswith("The disk is full")
    assert shown[2].startswith("The case database is damaged")
    logged = log_text(installed)
    assert "StoreError" in logged and "OSError [ENOSPC]" in logged
    assert "sqlite3.DatabaseError" in logged and NAME not in logged


@pytest.mark.parametrize("debug", ["", "1"])
def test_plain_errors_log_the_type_never_the_message(
    installed: Path, monkeypatch: pytest.MonkeyPatch, debug: str
) -> None:
    if debug:
        monkeypatch.setenv("MISUSE_RESPONDER_DEBUG", debug)
    sentence = plain_error(engine_error(), "the entry")
    assert sentence.startswith("Sorry: the entry could not be saved")
    logged = log_text(installed)
    assert "the entry not saved: misuse_responder.guidance.facts.FactsError at " in logged
    assert "Traceback" not in logged
    for secret in SECRETS:
        assert secret not in logged


def test_without_a_log_folder_the_dialog_still_says_what_is_safe(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: list[str]
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    blocker = tmp_path / "read-only"
    blocker.write_text("a file where the folder should be")
    try:
        last_resort.install(blocker)
        exc = engine_error()
        QTimer.singleShot(0, lambda: fire(exc))
        qtbot.waitUntil(lambda: len(shown) == 1)
    finally:
        diagnostics.shutdown_log()
    assert "Everything you saved before this is safe" in shown[0]
    assert shown[0].endswith("If it happens again, tell IT.") and "logs" not in shown[0]
