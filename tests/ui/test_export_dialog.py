"""The export dialog: made in a worker with progress, previewed with QtPdf, cancellable."""

from __future__ import annotations

import io
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from misuse_responder.export import integrity
from misuse_responder.store import CaseStore
from misuse_responder.store import models as m
from misuse_responder.ui.export_dialog import ExportDialog
from tests.export.conftest import DSL, case_id, store

__all__ = ["case_id", "store"]


@pytest.fixture
def dialog(qtbot: QtBot, store: CaseStore, case_id: int) -> Iterator[ExportDialog]:
    d = ExportDialog(store, DSL, case_id)
    qtbot.addWidget(d)
    d.show()
    yield d
    d.done(0)


def hold_integrity_check(
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[threading.Event, threading.Event]:
    """Make the pack's integrity check wait (up to 10 s) until the second event is set; the
    first is set once the worker has reached it."""
    started = threading.Event()
    release = threading.Event()
    real = integrity.check_item

    def slow(*args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(integrity, "check_item", slow)
    return started, release


def test_pack_is_made_in_the_worker_previewed_and_saved(
    qtbot: QtBot,
    dialog: ExportDialog,
    store: CaseStore,
    tmp_path: Path,
) -> None:
    seen: list[tuple[int, int]] = []
    assert "Head teacher" in dialog.pack_button.text()
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    assert dialog.worker is not None
    dialog.worker.progress.connect(lambda d, t: seen.append((d, t)))
    qtbot.waitUntil(lambda: dialog.exported is not None and dialog.worker is None, timeout=20000)
    assert seen and seen[-1][0] == seen[-1][1]
    assert dialog.progress.value() == dialog.progress.maximum()
    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() == dialog.exported.pages > 3
    assert dialog.save_button.isEnabled() and dialog.print_button.isEnabled()
    # print: every page rendered from the preview into the printer, on a worker
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert dialog.print_to(printer)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)
    assert dialog.printed is not None and len(dialog.printed.pages) == dialog.exported.pages
    assert len(PdfReader(printed).pages) == dialog.exported.pages
    # save as: atomically to the chosen place, owner-only, and logged with the file's hash
    dest = tmp_path / "chosen" / "pack.pdf"
    dest.parent.mkdir()
    assert dialog.save_to(dest)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    assert "Saved to" in dialog.status.text()
    assert dest.read_bytes() == dialog.exported.data
    assert dest.stat().st_mode & 0o777 == 0o600
    event = m.AuditEvent.select().where(m.AuditEvent.kind == "export.pack").get()
    assert dialog.exported.sha256 in event.data_json
    assert [p.name for p in dest.parent.iterdir()] == ["pack.pdf"]


def test_password_must_match_before_making(qtbot: QtBot, dialog: ExportDialog) -> None:
    dialog.use_password.setChecked(True)
    qtbot.keyClicks(dialog.password, "long-enough-1")
    qtbot.keyClicks(dialog.password_again, "long-enough-2")
    assert not dialog.make_button.isEnabled()
    assert "different" in dialog.status.text()
    dialog.password_again.clear()
    qtbot.keyClicks(dialog.password_again, "long-enough-1")
    assert dialog.make_button.isEnabled()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.exported is not None and dialog.worker is None, timeout=20000)
    assert dialog.exported.data is not None
    assert PdfReader(io.BytesIO(dialog.exported.data)).is_encrypted
    assert dialog.document.pageCount() == dialog.exported.pages  # the preview opened it


def test_cancel_leaves_no_file_and_the_ui_stays_responsive(
    qtbot: QtBot, dialog: ExportDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = hold_integrity_check(monkeypatch)
    dialog.start()
    qtbot.waitUntil(started.is_set, timeout=10000)
    assert dialog.cancel_button.isEnabled() and not dialog.make_button.isEnabled()
    dialog.resize(700, 600)  # the UI thread is free while the worker runs
    worker = dialog.worker
    assert worker is not None
    with qtbot.waitSignal(worker.cancelled, timeout=10000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        release.set()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=10000)
    assert dialog.exported is None
    assert "Cancelled" in dialog.status.text()
    assert not dialog.save_button.isEnabled()


def test_without_a_case_checklists_and_summary(
    qtbot: QtBot, store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    d = ExportDialog(store, DSL, None)
    qtbot.addWidget(d)
    names = [b.text() for b in d.choices.buttons()]
    assert len(names) == 4
    d.choices.button(3).setChecked(True)  # the yearly summary
    d.date_from.setText("01/01/2999")
    assert not d.make_button.isEnabled()
    d.date_from.setText("01/01/2000")
    d.start()
    qtbot.waitUntil(lambda: d.exported is not None and d.worker is None, timeout=20000)
    assert d.exported.kind == "summary" and d.document.pageCount() >= 1
    d.choices.button(0).setChecked(True)  # the staff quick card
    d.start()
    qtbot.waitUntil(
        lambda: d.exported is not None and d.exported.kind == "checklist" and d.worker is None,
        timeout=20000,
    )
    assert d.document.pageCount() == 1
    d.grab().save(str(tmp_path / "export-dialog.png"))
    d.done(0)


def test_the_preview_never_writes_a_plain_pdf_to_disk(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the preview was /tmp/mr-export-*/pack.pdf in plain text; a crash left it."""
    temp = tmp_path / "system-temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    for kind in (0, 1, 2):  # the pack, the redacted pack and the DSL copy
        dialog.choices.button(kind).setChecked(True)
        dialog.start()
        qtbot.waitUntil(
            lambda: dialog.exported is not None and dialog.worker is None, timeout=20000
        )
        assert dialog.document.pageCount() == dialog.exported.pages
        assert list(temp.iterdir()) == []
        assert not dialog.exported.path.exists()  # only a suggested name
    written = [
        p for p in Path(tmp_path).rglob("*") if p.is_file() and p.read_bytes()[:4] == b"%PDF"
    ]
    assert written == []


def test_a_change_makes_the_preview_stale_until_it_is_made_again(
    qtbot: QtBot, store: CaseStore, case_id: int
) -> None:
    """Issue 15 item 5: the governors' checklist stayed printable while "summary" was chosen."""
    d = ExportDialog(store, DSL, None)
    qtbot.addWidget(d)
    d.show()
    d.choices.button(2).setChecked(True)  # the governors' checklist
    d.start()
    qtbot.waitUntil(lambda: d.exported is not None and d.worker is None, timeout=20000)
    assert d.print_button.isEnabled() and d.save_button.isEnabled()
    d.choices.button(3).click()  # now the summary
    assert d.exported is None and d.document.pageCount() == 0
    assert not d.print_button.isEnabled() and not d.save_button.isEnabled()
    assert "make the PDF again" in d.status.text()
    assert not d.save_to(Path(d.windowTitle() + ".pdf"))  # nothing to save
    d.start()
    qtbot.waitUntil(lambda: d.exported is not None and d.worker is None, timeout=20000)
    assert d.exported.kind == "summary" and d.print_button.isEnabled()
    d.done(0)


def test_a_pdf_started_before_a_change_never_lands_as_the_preview(
    qtbot: QtBot, dialog: ExportDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = hold_integrity_check(monkeypatch)
    dialog.start()  # the evidence pack
    qtbot.waitUntil(started.is_set, timeout=10000)
    dialog.choices.button(1).setChecked(True)  # the redacted pack, while the first is made
    release.set()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=20000)
    assert dialog.exported is None and dialog.document.pageCount() == 0
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    assert "make the PDF again" in dialog.status.text()
    assert dialog.make_button.isEnabled()


def test_a_full_disk_when_saving_is_one_plain_sentence(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from misuse_responder.export import atomic

    def full(dest: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    dialog.start()
    qtbot.waitUntil(lambda: dialog.exported is not None and dialog.worker is None, timeout=20000)
    monkeypatch.setattr(atomic, "write_private", full)
    assert dialog.save_to(tmp_path / "pack.pdf")
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    text = dialog.status.text()
    assert "Errno" not in text and "No space left" not in text
    assert "disk is full" in text and "not saved" in text and "Nothing was lost" in text
    assert "Free some space" in text
    assert dialog.save_button.isEnabled()  # the preview is kept: save again after freeing


def test_summary_dates_are_typed_uk_dates_defaulting_to_the_school_year(
    qtbot: QtBot, store: CaseStore, case_id: int
) -> None:
    """Issue 15 item 6: typed digits were ignored or changed (01/09/2026 became 02/09/2026)."""
    from datetime import date

    from misuse_responder.ui.export_dialog import school_year_so_far

    assert school_year_so_far(date(2026, 12, 3)) == (date(2026, 9, 1), date(2026, 12, 3))
    assert school_year_so_far(date(2027, 3, 5)) == (date(2026, 9, 1), date(2027, 3, 5))
    assert school_year_so_far(date(2026, 8, 31)) == (date(2025, 9, 1), date(2026, 8, 31))
    d = ExportDialog(store, DSL, None)
    qtbot.addWidget(d)
    d.show()
    start, end = school_year_so_far(date.today())
    assert d.date_from.text() == start.strftime("%d/%m/%Y")
    assert d.date_to.text() == end.strftime("%d/%m/%Y")
    d.choices.button(3).click()  # the yearly summary
    for field, typed in ((d.date_from, "01/09/2025"), (d.date_to, "31/08/2026")):
        field.selectAll()
        qtbot.keyClicks(field, typed)
        assert field.text() == typed
    d.date_to.selectAll()
    qtbot.keyClicks(d.date_to, "31/02/2026")
    assert not d.make_button.isEnabled() and "not a real date" in d.status.text()
    d.date_to.selectAll()
    qtbot.keyClicks(d.date_to, "31/08/2026")
    assert d.make_button.isEnabled()
    d.start()
    qtbot.waitUntil(lambda: d.exported is not None and d.worker is None, timeout=20000)
    assert d.exported is not None and d.exported.data is not None
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(d.exported.data)).pages)
    assert "01/09/2025" in text and "31/08/2026" in text
    assert "UTC" not in text
    d.done(0)


def test_save_as_suggests_the_reference_and_what_it_is_in_documents(
    qtbot: QtBot,
    dialog: ExportDialog,
    store: CaseStore,
    case_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 15 item 14: Save as offered pack.pdf in the home folder."""
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    reference = store.case(case_id).reference
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.exported is not None and dialog.worker is None, timeout=20000)
    offered: list[str] = []
    dest = tmp_path / "chosen.pdf"

    def ask(parent: Any, title: str, suggested: str, filters: str) -> tuple[str, str]:
        offered.append(suggested)
        return str(dest), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    dialog.save_dialog()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    assert offered == [str(Path(documents) / f"{reference} evidence pack.pdf")]
    assert dest.read_bytes()[:4] == b"%PDF"
    dialog.choices.button(1).click()
    assert dialog.suggested_name() == f"{reference} redacted evidence pack.pdf"
    general = ExportDialog(store, DSL, None)
    qtbot.addWidget(general)
    general.choices.button(2).click()
    assert general.suggested_name() == "Governors' checklist.pdf"
    general.choices.button(3).click()
    general.date_from.setText("01/09/2026")
    general.date_to.setText("03/12/2026")
    assert general.suggested_name() == "Governors' summary 01-09-2026 to 03-12-2026.pdf"
    general.done(0)
