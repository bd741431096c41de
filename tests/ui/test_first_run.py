"""First run end to end: the store is created on disk, the key shown once, the profile kept."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from misuse_responder.store import CaseStore
from misuse_responder.ui.main_window import MainWindow
from tests.support import PASSPHRASE
from tests.ui.conftest import all_windows_texts

if TYPE_CHECKING:
    from misuse_responder.ui.first_run.recovery_page import RecoveryPage


def test_first_run_creates_store_and_shows_key_once(
    qtbot: QtBot, data_dir: Path, make_window: Callable[[], MainWindow]
) -> None:
    window = make_window()
    assert window.first_run is not None and window.stack.currentWidget() is window.first_run
    setup = window.first_run.setup
    # Plain words (issue 15 item 11): "the app's records", never "case store".
    assert setup.create_button.text() == "Create the app's records"
    qtbot.keyClicks(setup.school.name, "Riverside Primary")
    setup.school.jurisdiction.setCurrentIndex(setup.school.jurisdiction.findData("wales"))
    rows = setup.school.contacts._rows
    head = next(r for r in rows if r.role == "head")
    head.name.setText("Mrs Siân Jones")
    head.phone.setText("01234 567890")
    chair = next(r for r in rows if r.role == "chair")
    chair.name.setText("Dr Amir Khan")
    chair.email.setText("chair@example.org")
    qtbot.keyClicks(setup.author, "Ms Okafor")
    qtbot.keyClicks(setup.passphrase, "short")
    assert "at least" in setup.message.text()  # the store's strength message, as typed
    setup.passphrase.setText(PASSPHRASE)
    setup.repeat.setText(PASSPHRASE + "x")
    setup.create_button.click()
    assert "not the same" in setup.message.text()
    assert not (data_dir / "keys.json").exists()
    setup.repeat.setText(PASSPHRASE)
    qtbot.keyClick(setup.repeat, Qt.Key.Key_Return)

    assert (data_dir / "keys.json").exists() and (data_dir / "cases.db").exists()
    recovery_page = window.first_run.recovery
    qtbot.waitUntil(lambda: window.first_run.stack.currentWidget() is recovery_page)
    key = recovery_page.key.text()
    assert sum(c.isalnum() for c in key) == 32
    assert key in all_windows_texts()
    assert not recovery_page.continue_button.isEnabled()
    recovery_page.confirm.setChecked(True)
    recovery_page.continue_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home)
    assert window.store is not None and window.author == "Ms Okafor"
    assert not any(key in text for text in all_windows_texts())  # shown once only
    assert "Riverside Primary" in window.windowTitle()
    window.lock()

    # Read it back from disk: the profile and the recovery key both work.
    store = CaseStore.open_with_recovery_key(data_dir, key)
    try:
        profile = store.school()
        assert profile.name == "Riverside Primary" and profile.jurisdiction == "wales"
        roles = {c.role: c for c in profile.contacts}
        assert roles["head"].name == "Mrs Siân Jones" and roles["head"].phone == "01234 567890"
        assert roles["chair"].email == "chair@example.org"
        assert "dsl" not in roles  # empty rows are not saved
    finally:
        store.close()
    CaseStore.open(data_dir, PASSPHRASE).close()


def _recovery_page(qtbot: QtBot) -> RecoveryPage:
    from misuse_responder.ui.first_run.recovery_page import RecoveryPage

    page = RecoveryPage()
    qtbot.addWidget(page)
    page.show_key(KEY, "Riverside Primary")
    return page


KEY = "0O1I-ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-4567"


def test_recovery_key_is_monospaced_and_grouped_on_screen(qtbot: QtBot) -> None:
    """Issue 15 item 13: 0 and O looked alike."""
    page = _recovery_page(qtbot)
    assert page.key.text() == "0O1I  ABCD  EFGH  JKMN\nPQRS  TVWX  YZ23  4567"
    assert QFontInfo(page.key.font()).fixedPitch()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_printed_recovery_key_names_school_and_date_in_a_monospaced_font(
    qtbot: QtBot, tmp_path: Path
) -> None:
    page = _recovery_page(qtbot)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "key.pdf"
    printer.setOutputFileName(str(out))
    page.print_to(printer, today=date(2026, 12, 3))
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Riverside Primary" in text and "03/12/2026" in text
    for group in KEY.split("-"):
        assert group in text
    fonts = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert "Mono" in fonts or "Courier" in fonts, fonts
