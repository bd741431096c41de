"""The oversight screens (issue 13) on real stores: a school sends its figures, a trust
makes its report.

One store is open per process, so each step opens the store it happens on (a school's
laptop, the trust's), drives the real dialog on it with qtbot, and closes it again. Writing
and reporting run on workers, so each step waits for its dialog's ``busy()`` to end; what
was written is then read back: the summary file with the trust's own key, the PDF with
pypdf, the CSV as text.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from misuse_responder.oversight.model import School
from misuse_responder.oversight.summary_file import open_summary
from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore, handover_keys
from misuse_responder.ui import screen_fit
from misuse_responder.ui.export_dialog import ExportDialog, school_year_so_far
from misuse_responder.ui.oversight.report_dialog import TrustReportDialog
from misuse_responder.ui.oversight.send_figures import SendFiguresDialog
from tests.support import BULLYING, PASSPHRASE
from tests.ui.test_accessibility import clipped, unnamed_controls
from tests.ui.test_fit import SCREENS, assert_fits

WELSH = "Ysgol Gymraeg Llanfair‐ŵ"
CHINESE = "学校"
TRUST = "Northfield Learning Trust"
PUPIL = "Łukasz Nowak"
TITLE = "Comments under a Year 9 pupil's post"
SECRET_NOTE = "The pupil showed me the comments on Tuesday."


def _create(root: Path, school: str, label: str, cases: int = 0) -> None:
    store, _recovery = CaseStore.create(
        root, PASSPHRASE, school, actor="IT", kdf=FAST_KDF_FOR_TESTS
    )
    try:
        store.set_handover_label(label, "IT")
        for n in range(cases):
            case = store.create_case(BULLYING, f"{TITLE} {n}", "Ms DSL")
            store.open_case(case.id, "Ms DSL")  # a draft until opened: drafts are not counted
            store.add_person(case.id, role="target", kind="pupil", name=PUPIL, by="Ms DSL")
            store.add_entry(case.id, SECRET_NOTE, "Ms DSL")
        if cases:
            plain = store.create_case(
                {"concerns": ["scam"], "platform": "other"}, "Fake raffle page", "Mr Patel"
            )
            store.close_case(plain.id, "Mr Patel", "Page taken down", "The platform removed it.")
    finally:
        store.close()


def _open(root: Path) -> CaseStore:
    return CaseStore.open(root, PASSPHRASE)


@pytest.fixture
def trust(tmp_path: Path) -> tuple[Path, Path, str]:
    """The trust's store, its address saved as a file, and its fingerprint."""
    root = tmp_path / "trust"
    _create(root, TRUST, "Trust oversight")
    address = tmp_path / "Trust oversight.mraddr"
    with _open(root) as store:
        address.write_bytes(store.handover_address_file())
        fingerprint = store.handover_address().fingerprint
    return root, address, fingerprint


@pytest.fixture
def school(tmp_path: Path) -> Path:
    """A Welsh-medium school with three cases this school year (one closed)."""
    root = tmp_path / "school"
    _create(root, WELSH, "DSL Ms Okafor", cases=2)
    return root


def _wait(qtbot: QtBot, dialog: Any) -> None:
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=30_000)
    QApplication.processEvents()


def _write_figures(root: Path, address: Path, out: Path) -> tuple[Path, str]:
    """A school's figures for the school year so far, written by the store (no GUI)."""
    start, end = school_year_so_far(date.today())
    with _open(root) as store:
        store.set_trust_address(address.read_bytes(), "IT")
        written = store.write_trust_summary(start, end, out / f"{root.name}.mrsummary", "IT")
        return Path(written), store.handover_address().fingerprint


# --- the school's side -------------------------------------------------------------------
def test_a_school_without_a_trust_address_is_told_then_checks_it_and_sends_only_counts(
    qtbot: QtBot,
    school: Path,
    trust: tuple[Path, Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trust_root, address, trust_fingerprint = trust
    out = tmp_path / "usb"
    out.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(address), ""))
    )
    with _open(school) as store:
        school_fingerprint = store.handover_address().fingerprint
        export = ExportDialog(store, "Ms Okafor", None)
        qtbot.addWidget(export)
        export.show()
        qtbot.mouseClick(export.send_figures_button, Qt.MouseButton.LeftButton)
        dialog = export.findChild(SendFiguresDialog)
        assert dialog is not None and dialog.isVisible()
        # The summary's period comes along.
        assert (dialog.date_from.date_value(), dialog.date_to.date_value()) == (
            export.date_from.date_value(),
            export.date_to.date_value(),
        )
        # No address yet: one sentence, and nothing can be written.
        assert dialog.no_trust_note.isVisible() and ".mraddr" in dialog.no_trust_note.text()
        assert not dialog.trust_form.isVisible()
        dialog.folder.setText(str(out))
        assert not dialog.write_button.isEnabled()
        assert not dialog.write()
        assert dialog.message.text() == "Load the trust's address first."

        qtbot.mouseClick(dialog.load_button, Qt.MouseButton.LeftButton)
        # Shown large for the phone check, and not saved until it is ticked.
        assert dialog.trust_fingerprint.text() == trust_fingerprint
        assert dialog.trust_fingerprint.font().pointSizeF() > dialog.font().pointSizeF()
        assert "Trust oversight" in dialog.trust_name.text()
        assert dialog.check_note.isVisible()
        assert store.trust_address() is None
        assert not dialog.use_button.isEnabled() and not dialog.write_button.isEnabled()
        assert dialog.focusWidget() is dialog.checked_box
        qtbot.keyClick(dialog.checked_box, Qt.Key.Key_Space)  # keyboard only
        assert dialog.use_button.isEnabled()
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
        stored = store.trust_address()
        assert stored is not None and stored.fingerprint == trust_fingerprint
        assert not dialog.check_note.isVisible() and dialog.trust_set_note.isVisible()
        assert dialog.trust_fingerprint.text() == trust_fingerprint

        assert dialog.write_button.isEnabled(), dialog.problem()
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
        _wait(qtbot, dialog)
        assert dialog.written is not None, dialog.message.text()
        written = dialog.written
        assert list(out.iterdir()) == [written] and written.suffix == ".mrsummary"
        assert WELSH in written.name  # the school's own name, in its own script
        assert str(written) in dialog.message.text()
        assert "only counts" in dialog.message.text()
        dialog.close()
        export.done(0)

    data = written.read_bytes()
    for secret in (PUPIL, TITLE, SECRET_NOTE, WELSH):
        assert secret.encode() not in data  # encrypted: not even the school's name shows
    with _open(trust_root) as store:
        summary, sender = open_summary(
            data, handover_keys.keys().identity, store.handover_address().fingerprint
        )
    assert sender.fingerprint == school_fingerprint
    assert summary.school.name == WELSH and summary.school.fingerprint == school_fingerprint
    assert summary.cases == 3
    assert summary.counts["status"] == {"open": 2, "closed": 1}
    assert PUPIL not in repr(summary) and TITLE not in repr(summary)


def test_an_altered_or_wrong_address_file_is_one_sentence_and_nothing_is_set(
    qtbot: QtBot, school: Path, trust: tuple[Path, Path, str], tmp_path: Path
) -> None:
    _trust_root, address, _fingerprint = trust
    doc = json.loads(address.read_text("utf-8"))
    doc["label"] = "Trust oversight (really)"  # changed in an email: the signature breaks
    altered = tmp_path / "altered.mraddr"
    altered.write_text(json.dumps(doc), "utf-8")
    not_an_address = tmp_path / "notes.mraddr"
    not_an_address.write_text("Dear DSL, here are the figures.", "utf-8")
    with _open(school) as store:
        dialog = SendFiguresDialog(store, "Ms Okafor", (date(2026, 9, 1), date(2026, 12, 4)))
        qtbot.addWidget(dialog)
        dialog.show()
        for bad in (altered, not_an_address, tmp_path / "gone.mraddr"):
            assert not dialog.load_address(bad)
            text = dialog.message.text()
            assert text and "Traceback" not in text and "\n" not in text, text
            assert dialog.pending is None and not dialog.trust_form.isVisible()
            assert not dialog.write_button.isEnabled()
        assert store.trust_address() is None
        dialog.close()


# --- the trust's side --------------------------------------------------------------------
@pytest.fixture
def figures(tmp_path: Path, trust: tuple[Path, Path, str]) -> tuple[list[Path], dict[str, str]]:
    """Two schools' figures files for the trust (names in Welsh and Chinese)."""
    _root, address, _fingerprint = trust
    out = tmp_path / "inbox"
    out.mkdir()
    files, names = [], {}
    for n, name in enumerate((WELSH, CHINESE)):
        root = tmp_path / f"school-{n}"
        _create(root, name, f"DSL {n}", cases=2 + n)
        path, fingerprint = _write_figures(root, address, out)
        files.append(path)
        names[fingerprint] = name
    return files, names


def _last_year(tmp_path: Path, address: Path) -> list[Path]:
    """The same two schools' figures for the school year before (no cases then)."""
    start, _end = school_year_so_far(date.today())
    before = (date(start.year - 1, 9, 1), date(start.year, 8, 31))
    out = tmp_path / "last year"
    out.mkdir()
    files = []
    for n in range(2):
        with _open(tmp_path / f"school-{n}") as store:
            files.append(
                Path(store.write_trust_summary(*before, out / f"school-{n}.mrsummary", "IT"))
            )
    return files


def _report_dialog(qtbot: QtBot, store: CaseStore, files: list[Path], out: Path) -> Any:
    dialog = TrustReportDialog(store, "Mr Evans")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.files.add(files)
    dialog.pdf_path.setText(str(out / "Trust report.pdf"))
    dialog.csv_path.setText(str(out / "Trust figures.csv"))
    dialog.use_csv.setChecked(True)
    return dialog


def test_the_trust_confirms_new_schools_by_fingerprint_then_gets_the_pdf_and_csv(
    qtbot: QtBot,
    trust: tuple[Path, Path, str],
    figures: tuple[list[Path], dict[str, str]],
    tmp_path: Path,
) -> None:
    trust_root, address, trust_fingerprint = trust
    files, names = figures
    previous = _last_year(tmp_path, address)
    out = tmp_path / "reports"
    out.mkdir()
    pdf, csv = out / "Trust report.pdf", out / "Trust figures.csv"
    with _open(trust_root) as store:
        dialog = _report_dialog(qtbot, store, files, out)
        # This trust's address is the hand-over one: said, with its fingerprint.
        assert trust_fingerprint in dialog.address_note.text()
        assert "Hand-over" in dialog.address_note.text()
        qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
        _wait(qtbot, dialog)
        # Both schools are new: each shown by name and fingerprint, nothing written yet.
        assert dialog.unknown_box.isVisible() and dialog.result is None
        table = dialog.unknown_table
        shown = {table.item(r, 1).text(): table.item(r, 0).text() for r in range(table.rowCount())}
        assert shown == names
        assert not pdf.exists() and not csv.exists()
        assert dialog.message.text() and "Traceback" not in dialog.message.text()
        assert not dialog.include_button.isEnabled() and not dialog.make_button.isEnabled()
        assert dialog.focusWidget() is dialog.confirm_box
        qtbot.keyClick(dialog.confirm_box, Qt.Key.Key_Space)
        assert dialog.include_button.isEnabled()
        qtbot.mouseClick(dialog.include_button, Qt.MouseButton.LeftButton)
        _wait(qtbot, dialog)
        assert dialog.result is not None, dialog.message.text()
        assert str(pdf) in dialog.message.text() and str(csv) in dialog.message.text()
        assert {s.fingerprint for s in store.trusted_schools()} == set(names)
        dialog.close()

        # Next time they are known: straight to the report, now with last year beside it.
        pdf.unlink()
        again = _report_dialog(qtbot, store, files, out)
        again.previous.add(previous)
        assert "2 schools are already confirmed" in again.address_note.text()
        again.make()
        _wait(qtbot, again)
        assert again.result is not None and not again.unknown_box.isVisible()
        again.close()

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    for name in names.values():
        assert name in text
    assert "Against the previous period" in text  # last year is drawn beside this one
    for secret in (PUPIL, TITLE, SECRET_NOTE):
        assert secret not in text
    rows = csv.read_bytes()
    assert rows.startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    assert WELSH in rows.decode("utf-8-sig") and PUPIL not in rows.decode("utf-8-sig")


def test_a_tampered_figures_file_is_one_sentence_and_nothing_is_written(
    qtbot: QtBot,
    trust: tuple[Path, Path, str],
    figures: tuple[list[Path], dict[str, str]],
    tmp_path: Path,
) -> None:
    trust_root, _address, _fingerprint = trust
    files, _names = figures
    data = bytearray(files[1].read_bytes())
    data[len(data) // 2] ^= 0x01
    files[1].write_bytes(bytes(data))
    out = tmp_path / "reports"
    out.mkdir()
    with _open(trust_root) as store:
        dialog = _report_dialog(qtbot, store, files, out)
        dialog.make()
        _wait(qtbot, dialog)
        text = dialog.message.text()
        assert dialog.result is None and not dialog.unknown_box.isVisible()
        assert text and "Traceback" not in text
        assert list(out.iterdir()) == []
        assert store.trusted_schools() == ()
        dialog.close()


def test_the_same_school_twice_is_refused_in_one_sentence(
    qtbot: QtBot,
    trust: tuple[Path, Path, str],
    figures: tuple[list[Path], dict[str, str]],
    tmp_path: Path,
) -> None:
    trust_root, _address, _fingerprint = trust
    files, names = figures
    copy = tmp_path / "copy of the Welsh school.mrsummary"
    copy.write_bytes(files[0].read_bytes())
    out = tmp_path / "reports"
    out.mkdir()
    with _open(trust_root) as store:
        dialog = _report_dialog(qtbot, store, [*files, copy], out)
        dialog.confirmed = set(names)  # as if already confirmed: the duplicate still refuses
        dialog.make()
        _wait(qtbot, dialog)
        assert dialog.result is None and dialog.message.text()
        assert "Traceback" not in dialog.message.text()
        assert list(out.iterdir()) == []
        dialog.close()


# --- the export dialog, small screens and the keyboard -----------------------------------
def test_the_oversight_buttons_are_beside_the_summary_only(
    qtbot: QtBot, school: Path, tmp_path: Path
) -> None:
    with _open(school) as store:
        general = ExportDialog(store, "Ms Okafor", None)
        qtbot.addWidget(general)
        general.show()
        assert general.send_figures_button.isVisible()
        assert general.trust_report_button.isVisible()
        general.date_from.set_value(date(2025, 9, 1))
        general.date_to.set_value(date(2026, 7, 31))
        sent = general.send_figures()
        assert sent.date_from.date_value() == date(2025, 9, 1)
        assert sent.date_to.date_value() == date(2026, 7, 31)
        sent.close()
        general.trust_report_button.setFocus()
        qtbot.keyClick(general.trust_report_button, Qt.Key.Key_Space)
        report = general.findChild(TrustReportDialog)
        assert report is not None and report.isVisible()
        report.close()
        general.done(0)
        case_id = store.list_cases().items[0].id
        for_case = ExportDialog(store, "Ms Okafor", case_id)
        qtbot.addWidget(for_case)
        assert not hasattr(for_case, "send_figures_button")
        for_case.done(0)


@pytest.fixture(params=list(SCREENS), ids=list(SCREENS))
def area(request: pytest.FixtureRequest) -> Iterator[QRect]:
    with screen_fit.pretend_available_area(SCREENS[request.param]):
        yield SCREENS[request.param]


def _problems(dialog: Any) -> list[str]:
    QApplication.processEvents()
    found = unnamed_controls(dialog) + clipped(dialog)
    # The date fields' calendar buttons are drawn inside their line edits (not ours).
    return [p for p in found if "Choose from a calendar" not in p]


def test_the_oversight_dialogs_fit_a_small_laptop_and_name_every_control(
    qtbot: QtBot, area: QRect, school: Path, trust: tuple[Path, Path, str]
) -> None:
    _root, address, _fingerprint = trust
    with _open(school) as store:
        send = SendFiguresDialog(store, "Ms Okafor", (date(2026, 9, 1), date(2026, 12, 4)))
        qtbot.addWidget(send)
        send.show()
        qtbot.waitExposed(send)
        assert_fits(send, area, {"load": send.load_button, "write": send.write_button})
        assert _problems(send) == []
        assert send.load_address(address)
        assert_fits(send, area, {"write": send.write_button, "close": send.close_button})
        assert screen_fit.in_view(send.message, send)
        if area.height() > 400:  # at 200 % the phone check scrolls, the buttons stay
            assert _problems(send) == []
        send.close()

        report = TrustReportDialog(store, "Mr Evans")
        qtbot.addWidget(report)
        report.show()
        qtbot.waitExposed(report)
        assert_fits(report, area, {"make": report.make_button, "close": report.close_button})
        assert _problems(report) == []
        report._show_unknown(
            (School(CHINESE, "ABCD-EFGH-IJKL-MNOP-QRST-UVWX"), School(WELSH, "2345-6789"))
        )
        qtbot.wait(20)  # the list is scrolled into view on the next turn
        assert_fits(report, area, {"close": report.close_button})
        if area.height() > 400:
            assert screen_fit.in_view(report.include_button, report)
            assert screen_fit.in_view(report.confirm_box, report)
            assert _problems(report) == []
        report.close()


def test_a_file_sent_to_another_trust_is_refused_in_one_sentence(
    qtbot: QtBot,
    trust: tuple[Path, Path, str],
    figures: tuple[list[Path], dict[str, str]],
    tmp_path: Path,
) -> None:
    trust_root, _address, _fingerprint = trust
    files, names = figures
    other = tmp_path / "other trust"
    _create(other, "Southfield Trust", "Southfield oversight")
    other_address = tmp_path / "Southfield.mraddr"
    with _open(other) as store:
        other_address.write_bytes(store.handover_address_file())
    stray, _fp = _write_figures(tmp_path / "school-0", other_address, tmp_path)
    out = tmp_path / "reports"
    out.mkdir()
    with _open(trust_root) as store:
        dialog = _report_dialog(qtbot, store, [files[1], stray], out)
        dialog.confirmed = set(names)
        dialog.make()
        _wait(qtbot, dialog)
        text = dialog.message.text()
        assert dialog.result is None and text and "Traceback" not in text
        assert stray.name in text  # the file to take out is named
        assert list(out.iterdir()) == []
        dialog.close()
