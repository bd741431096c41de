"""Blank checklists from the unlock screen (issue 15 item 15): no unlocking, no store."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from misuse_responder.store import CaseStore
from misuse_responder.ui.main_window import MainWindow


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_governor_prints_blank_checklists_without_unlocking(
    qtbot: QtBot,
    seeded: dict[str, Any],
    make_window: Callable[[], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the store must not be opened for blank checklists")

    monkeypatch.setattr(CaseStore, "open", refuse)
    monkeypatch.setattr(CaseStore, "open_with_recovery_key", refuse)
    window = make_window()
    screen = window.unlock_screen
    assert screen.checklists_button.isVisible()
    assert screen.checklists_button.text() == "Print blank checklists…"
    screen.checklists_button.click()
    dialog = screen.checklists_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.exported is not None and dialog.worker is None, timeout=20_000)
    assert dialog.print_button.isEnabled()
    text = _text(dialog.exported.data)
    assert "Governors" in text
    for secret in ("Łukasz", "Year 9", "St Hilda"):  # nothing from the seeded cases
        assert secret not in text
    dialog.buttons["staff"].setChecked(True)
    qtbot.waitUntil(
        lambda: (
            dialog.exported is not None
            and dialog.exported.details["checklist"] == "staff"
            and dialog.worker is None
        ),
        timeout=20_000,
    )
    assert "Staff quick card" in _text(dialog.exported.data)
    assert dialog.suggested_path().name == "Staff quick card.pdf"  # as the export dialog names it
    assert dialog.save_to(tmp_path / "card")
    assert (tmp_path / "card.pdf").read_bytes() == dialog.exported.data
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer)
    qtbot.waitUntil(lambda: dialog.printed is not None, timeout=30_000)
    assert (tmp_path / "printed.pdf").stat().st_size > 0
    assert window.store is None and window.stack.currentWidget() is screen
    dialog.reject()


def test_blank_checklists_are_printed_for_the_nation_chosen(qtbot: QtBot) -> None:
    from misuse_responder.guidance import load_guides
    from misuse_responder.guidance.jurisdictions import available, guides_for, role_label
    from misuse_responder.ui.lock.blank_checklists import BlankChecklistsDialog

    dialog = BlankChecklistsDialog()
    qtbot.addWidget(dialog)
    nations = [dialog.nation.itemData(i) for i in range(dialog.nation.count())]
    assert nations == list(available(load_guides()))
    assert nations[0] == "england"
    for nation in nations:
        dialog.nation.setCurrentIndex(dialog.nation.findData(nation))
        qtbot.waitUntil(
            lambda n=nation: (
                dialog.exported is not None and dialog.exported.details["jurisdiction"] == n
            ),
            timeout=60_000,  # each nation's checklist is a real PDF; slow on a loaded machine
        )
        g = guides_for(load_guides(), nation)
        text = " ".join(_text(dialog.exported.data).split())
        assert f"for schools in {g.overlays[nation].name};" in text
        assert role_label(g, nation, "chair", short=True) in text  # who leads about the Head
    dialog.reject()
