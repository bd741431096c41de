"""The hand-over screens on two real stores: address panel, send dialog, receive dialog.

One store is open per process, so each step opens the laptop it happens on, shows the
widget on it, and closes it again, as two laptops would. Sending, checking and receiving run
on workers, so each step waits for its dialog to finish (``busy()``) before reading it.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore, handover_send
from misuse_responder.ui.handover.address_panel import AddressPanel
from misuse_responder.ui.handover.receive_dialog import ReceiveDialog
from misuse_responder.ui.handover.send_dialog import SendDialog
from misuse_responder.ui.main_window import MainWindow
from tests.support import BULLYING, PASSPHRASE
from tests.ui.conftest import unlock


def _make(root: Path, label: str) -> None:
    store, _recovery = CaseStore.create(
        root, PASSPHRASE, "St Hilda's", actor="IT", kdf=FAST_KDF_FOR_TESTS
    )
    store.set_handover_label(label, "IT")
    store.close()


def _open(root: Path) -> CaseStore:
    return CaseStore.open(root, PASSPHRASE)


@pytest.fixture
def laptops(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The staff laptop, the DSL's laptop, and the DSL's address saved as a file."""
    staff, dsl = tmp_path / "staff", tmp_path / "dsl"
    _make(staff, "Mr Patel's laptop")
    _make(dsl, "DSL Ms Okafor")
    address = tmp_path / "DSL Ms Okafor.mraddr"
    with _open(dsl) as store:
        address.write_bytes(store.handover_address_file())
    return staff, dsl, address


def test_recipient_added_from_file_is_listed_and_stored(
    qtbot: QtBot, laptops: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    staff, _dsl, address = laptops
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(address), ""))
    )
    with _open(staff) as store:
        panel = AddressPanel()
        qtbot.addWidget(panel)
        panel.show_store(store, "Mr Patel")
        assert panel.label_edit.text() == "Mr Patel's laptop"
        assert panel.fingerprint.text() == store.handover_address().fingerprint
        assert panel.recipients.rowCount() == 0
        qtbot.mouseClick(panel.add_file_button, Qt.MouseButton.LeftButton)
        assert panel.recipients.rowCount() == 1
        assert panel.recipients.item(0, 0).text() == "DSL Ms Okafor"
        stored = store.handover_recipients()
        assert [p.label for p in stored] == ["DSL Ms Okafor"]
        assert panel.recipients.item(0, 2).text() == stored[0].fingerprint
        # A file that is not an address: one sentence, nothing added.
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(staff), ""))
        )
        assert not panel.add_from_file()
        assert panel.message.text() and "Traceback" not in panel.message.text()
        assert len(store.handover_recipients()) == 1


def _send(qtbot: QtBot, staff: Path, address: Path, outbox: Path) -> Path:
    with _open(staff) as store:
        store.add_handover_recipient(address.read_bytes(), "IT")
        case_id = store.create_case(BULLYING, "Comments about a Year 9 pupil", "Mr Patel").id
        store.add_entry(case_id, "The pupil showed me the comments.", "Mr Patel")
        dialog = SendDialog(store, "Mr Patel", case_id)
        qtbot.addWidget(dialog)
        assert dialog.ticked() == [store.handover_recipients()[0].fingerprint]
        dialog.folder.setText(str(outbox))
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)
        assert dialog.sent is not None, dialog.message.text()
        assert str(dialog.sent.path) in dialog.message.text()
        return Path(dialog.sent.path)


def test_send_dialog_writes_a_bundle_into_the_chosen_folder(
    qtbot: QtBot, laptops: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    staff, _dsl, address = laptops
    outbox = tmp_path / "usb"
    outbox.mkdir()
    bundle = _send(qtbot, staff, address, outbox)
    assert bundle.parent == outbox and bundle.suffix == ".mrcase"
    assert list(outbox.iterdir()) == [bundle]


def test_receive_needs_the_fingerprint_checked_then_stores_the_case(
    qtbot: QtBot, laptops: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    staff, dsl, address = laptops
    outbox = tmp_path / "usb"
    outbox.mkdir()
    bundle = _send(qtbot, staff, address, outbox)
    with _open(staff) as store:
        sender_fingerprint = store.handover_address().fingerprint
    with _open(dsl) as store:
        dialog = ReceiveDialog(store, "Ms Okafor", bundle)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)
        assert dialog.fingerprint.text() == sender_fingerprint
        assert "Mr Patel's laptop" in dialog.sender.text()
        assert dialog.title.text() == "Comments about a Year 9 pupil"
        assert not dialog.receive_button.isEnabled()
        assert not dialog.checked_box.isHidden()
        dialog.checked_box.setChecked(True)
        assert dialog.receive_button.isEnabled()
        qtbot.mouseClick(dialog.receive_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)
        assert dialog.received is not None, dialog.message.text()
        assert not dialog.receive_button.isEnabled() and dialog.cancel_button.text() == "Done"
        assert dialog.received.reference in dialog.message.text()
        case = store.case(dialog.received.case_id)
        assert case.summary.title == "Comments about a Year 9 pupil"
        assert [p.label for p in store.known_senders()] == ["Mr Patel's laptop"]
        dialog.close()


def test_a_bundle_dropped_on_the_main_window_opens_the_receive_dialog(
    qtbot: QtBot, laptops: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    staff, dsl, address = laptops
    outbox = tmp_path / "usb"
    outbox.mkdir()
    bundle = _send(qtbot, staff, address, outbox)
    window = MainWindow(dsl, kdf=FAST_KDF_FOR_TESTS)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    unlock(qtbot, window)
    try:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(bundle))])
        opened: list[ReceiveDialog] = []
        real = window.receive_handover
        window.receive_handover = lambda path=None: opened.append(real(path))  # type: ignore[method-assign]
        event = QDropEvent(
            QPointF(10, 10),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        window.dropEvent(event)
        assert opened and opened[0] is not None
        qtbot.waitUntil(lambda: not opened[0].busy(), timeout=20_000)
        assert opened[0].preview is not None and opened[0].title.text()
        opened[0].reject()
        assert opened[0].preview is None  # Cancel discarded the staging folder
    finally:
        window.lock()


def test_settings_and_the_case_view_reach_the_hand_over_screens(
    unlocked: MainWindow, seeded: dict[str, object], qtbot: QtBot
) -> None:
    window = unlocked
    window.show_settings()
    panel = window.settings.handover
    assert panel.fingerprint.text() == window.store.handover_address().fingerprint
    panel.label_edit.setText("Ms Okafor's laptop")
    assert panel.save_name()
    assert window.store.handover_address().label == "Ms Okafor's laptop"
    ids = seeded["ids"]
    assert isinstance(ids, dict)
    window.open_case(ids["nudes"])
    qtbot.mouseClick(window.case_view.handover_button, Qt.MouseButton.LeftButton)
    dialog = window.case_view._panel
    assert isinstance(dialog, SendDialog)
    assert not dialog.send_button.isEnabled()  # no DSL laptop added yet: says so
    assert "Settings" in dialog.message.text()
    window.lock()
    assert not dialog.isVisible() and panel.fingerprint.text() == ""


def test_what_is_new_is_said_in_plain_counted_words() -> None:
    from misuse_responder.store.handover_views import NewItems
    from misuse_responder.ui.handover.receive_dialog import new_items_text

    text = new_items_text(NewItems(True, 1, 1, 2, 0, 1, "closed"))
    assert text == (
        "a new case, 1 chronology entry, 1 evidence item, 2 people, 1 assessment, "
        "the status is now Closed"
    )


def test_the_receipt_dialog_removes_the_case_only_on_a_valid_receipt(
    qtbot: QtBot, laptops: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    from misuse_responder.ui.handover.receipt_dialog import ReceiptDialog

    staff, dsl, address = laptops
    outbox = tmp_path / "usb"
    outbox.mkdir()
    bundle = _send(qtbot, staff, address, outbox)
    with _open(dsl) as store:
        got = store.accept_handover(store.preview_handover(bundle), "Ms O", trust_new_sender=True)
    assert got.receipt_path is not None
    junk = tmp_path / "junk.mrreceipt"
    junk.write_bytes(b"\x00not a receipt")
    with _open(staff) as store:
        case_id = store.list_cases().items[0].id
        dialog = ReceiptDialog(store, "Mr Patel", junk)
        qtbot.addWidget(dialog)
        assert "not a hand-over receipt" in dialog.message.text()
        assert not dialog.remove_button.isEnabled()
        assert store.case(case_id).status != "handed-over"
        assert dialog.load(got.receipt_path)
        assert "DSL Ms Okafor" in dialog.message.text()
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
        assert dialog.removed == case_id, dialog.message.text()
        stub = store.case(case_id)
        assert stub.status == "handed-over" and stub.people == () and stub.entries == ()
        assert store.verify().ok
        assert dialog.load(got.receipt_path) and "already been removed" in dialog.message.text()
        assert not dialog.remove_button.isEnabled()


def test_the_inbox_lists_what_is_waiting_and_never_deletes_it(
    qtbot: QtBot, laptops: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    from misuse_responder.ui.handover.inbox_dialog import InboxDialog

    staff, dsl, address = laptops
    synced = tmp_path / "OneDrive - St Hilda's" / "Hand-overs"
    synced.mkdir(parents=True)
    bundle = _send(qtbot, staff, address, synced)
    (synced / "broken.mrcase").write_bytes(b"junk")
    (synced / "notes.txt").write_text("not a hand-over")
    with _open(dsl) as store:
        dialog = InboxDialog(store, "Ms Okafor")
        qtbot.addWidget(dialog)
        assert "No inbox folder yet" in dialog.folder_label.text()
        assert dialog.set_folder(str(synced))
        qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)
        assert store.handover_inbox_folder() == str(synced)
        rows = {
            dialog.table.item(r, 0).text(): dialog.table.item(r, 3).text()
            for r in range(dialog.table.rowCount())
        }
        assert rows == {bundle.name: "Waiting", "broken.mrcase": rows["broken.mrcase"]}
        assert "damaged" in rows["broken.mrcase"]
        got = store.accept_handover(store.preview_handover(bundle), "Ms O", trust_new_sender=True)
        assert got.case_id
        assert dialog.refresh()
        qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)
        row = next(
            r
            for r in range(dialog.table.rowCount())
            if dialog.table.item(r, 0).text() == bundle.name
        )
        assert dialog.table.item(row, 3).text() == "Already received"
        dialog.table.selectRow(row)
        assert dialog.open_selected() and dialog.opened == bundle
    assert sorted(p.name for p in synced.iterdir()) == sorted(
        [
            bundle.name,
            "broken.mrcase",
            "notes.txt",
            bundle.name.removesuffix(".mrcase") + ".mrreceipt",
        ]
    )


class _Gate:
    """Holds ``write_bundle`` inside its first progress step, with the temporary ``.part``
    file already open in the folder, until the test lets it go on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.inside, self.release = threading.Event(), threading.Event()
        real = handover_send.write_bundle

        def gated(*args: Any) -> Any:
            inner: Callable[[int, int], None] | None = args[7]

            def step(done: int, total: int) -> None:
                if not self.inside.is_set():
                    self.inside.set()
                    self.release.wait(10)
                if inner is not None:
                    inner(done, total)

            return real(*args[:7], step)

        monkeypatch.setattr(handover_send, "write_bundle", gated)


def _case_with_evidence(store: CaseStore, address: Path, tmp_path: Path) -> int:
    store.add_handover_recipient(address.read_bytes(), "IT")
    case_id = store.create_case(BULLYING, "Comments about a Year 9 pupil", "Mr Patel").id
    chat = tmp_path / "chat.txt"
    chat.write_text("the messages\n" * 50_000, "utf-8")
    store.add_evidence_file(case_id, chat, "Mr Patel")
    return case_id


def _sent_bundle(staff: Path, address: Path, tmp_path: Path) -> Path:
    """The staff laptop hands a case with evidence to the DSL: the ``.mrcase`` in ``usb/``."""
    outbox = tmp_path / "usb"
    outbox.mkdir()
    with _open(staff) as store:
        case_id = _case_with_evidence(store, address, tmp_path)
        return store.send_handover(case_id, outbox, "Mr Patel").path


def _start_send(
    qtbot: QtBot, store: CaseStore, case_id: int, outbox: Path, gate: _Gate
) -> SendDialog:
    dialog = SendDialog(store, "Mr Patel", case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.folder.setText(str(outbox))
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert gate.inside.wait(10)
    return dialog


def test_a_send_runs_in_the_background_with_progress_and_the_buttons_greyed(
    qtbot: QtBot,
    laptops: tuple[Path, Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    staff, _dsl, address = laptops
    outbox = tmp_path / "usb"
    outbox.mkdir()
    gate = _Gate(monkeypatch)
    with _open(staff) as store:
        case_id = _case_with_evidence(store, address, tmp_path)
        dialog = _start_send(qtbot, store, case_id, outbox, gate)
        # The click returned while the bundle is still being written: the window answers.
        qtbot.wait(50)
        assert dialog.busy() and dialog.sent is None
        assert dialog.progress.isVisible() and dialog.progress.cancel_button.isEnabled()
        for button in (dialog.send_button, dialog.close_button, dialog.browse):
            assert not button.isEnabled(), button.text()
        assert [p.suffix for p in outbox.iterdir()] == [".part"]  # not yet at its name
        gate.release.set()
        qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)
        assert dialog.sent is not None, dialog.message.text()
        assert not dialog.progress.isVisible()
        assert dialog.close_button.isEnabled() and dialog.close_button.text() == "Done"
        assert not dialog.send_button.isEnabled()  # sent once
        assert list(outbox.iterdir()) == [dialog.sent.path]
        dialog.close()


def test_a_folder_lost_mid_send_is_one_sentence_and_leaves_no_bundle(
    qtbot: QtBot,
    laptops: tuple[Path, Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    staff, _dsl, address = laptops
    outbox = tmp_path / "usb"
    outbox.mkdir()
    gate = _Gate(monkeypatch)
    with _open(staff) as store:
        case_id = _case_with_evidence(store, address, tmp_path)
        dialog = _start_send(qtbot, store, case_id, outbox, gate)
        shutil.rmtree(outbox)  # the USB stick pulled out and put back, emptied
        outbox.mkdir()
        gate.release.set()
        qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)
        text = dialog.message.text()
        assert dialog.sent is None and text and "Traceback" not in text
        assert text.startswith("The hand-over file could not be written in that folder")
        assert "nothing was sent" in text
        assert list(outbox.iterdir()) == []
        assert store.case(case_id).custody == ()  # no send recorded
        assert dialog.send_button.isEnabled()  # may be tried again
        dialog.close()


@pytest.mark.parametrize("how", ["cancel", "close"])
def test_cancelling_or_closing_mid_send_leaves_nothing_in_the_folder(
    qtbot: QtBot,
    laptops: tuple[Path, Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    staff, _dsl, address = laptops
    outbox = tmp_path / "usb"
    outbox.mkdir()
    gate = _Gate(monkeypatch)
    with _open(staff) as store:
        case_id = _case_with_evidence(store, address, tmp_path)
        dialog = _start_send(qtbot, store, case_id, outbox, gate)
        if how == "cancel":
            qtbot.mouseClick(dialog.progress.cancel_button, Qt.MouseButton.LeftButton)
            gate.release.set()
            qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)
            assert "Cancelled" in dialog.message.text()
        else:
            threading.Timer(0.2, gate.release.set).start()
            dialog.close()  # waits for the write to stop
            assert not dialog.isVisible()
        assert list(outbox.iterdir()) == []
        assert store.case(case_id).custody == ()


def test_locking_mid_send_stops_it_and_leaves_no_bundle(
    qtbot: QtBot,
    laptops: tuple[Path, Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    staff, _dsl, address = laptops
    outbox = tmp_path / "usb"
    outbox.mkdir()
    with _open(staff) as store:
        case_id = _case_with_evidence(store, address, tmp_path)
    gate = _Gate(monkeypatch)
    window = MainWindow(staff, kdf=FAST_KDF_FOR_TESTS)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    unlock(qtbot, window)
    window.open_case(case_id)
    dialog = window.case_view.hand_over()
    assert isinstance(dialog, SendDialog)
    dialog.folder.setText(str(outbox))
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert gate.inside.wait(10) and dialog.busy()
    threading.Timer(0.2, gate.release.set).start()
    window.lock()  # cancels the write and waits for it before the store closes
    assert window.store is None and not dialog.isVisible()
    assert list(outbox.iterdir()) == []
    with _open(staff) as store:
        assert store.case(case_id).custody == ()
        assert store.verify().ok


def test_cancelling_a_receive_mid_copy_changes_nothing_and_it_can_be_received_again(
    qtbot: QtBot,
    laptops: tuple[Path, Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from misuse_responder.store import blobs

    staff, dsl, address = laptops
    bundle = _sent_bundle(staff, address, tmp_path)
    inside, release = threading.Event(), threading.Event()
    real = blobs.encrypt_stream

    def gated(src: Any, dest: Path, master: bytes, progress: Any = None) -> Any:
        def step(done: int) -> None:
            if not inside.is_set():
                inside.set()
                release.wait(10)
            if progress is not None:
                progress(done)

        return real(src, dest, master, step)

    monkeypatch.setattr(blobs, "encrypt_stream", gated)
    with _open(dsl) as store:
        dialog = ReceiveDialog(store, "Ms Okafor", bundle)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)
        dialog.checked_box.setChecked(True)
        qtbot.mouseClick(dialog.receive_button, Qt.MouseButton.LeftButton)
        assert inside.wait(10)
        assert dialog.busy() and dialog.progress.isVisible()
        assert not dialog.receive_button.isEnabled() and not dialog.cancel_button.isEnabled()
        qtbot.mouseClick(dialog.progress.cancel_button, Qt.MouseButton.LeftButton)
        release.set()
        qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)
        assert "Cancelled" in dialog.message.text() and dialog.received is None
        assert store.list_cases().items == () and store.known_senders() == ()
        assert [p.name for p in store.paths.blobs.iterdir()] == []  # no part-copied blob
        assert dialog.preview is not None and dialog.receive_button.isEnabled()
        qtbot.mouseClick(dialog.receive_button, Qt.MouseButton.LeftButton)  # again, to the end
        qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)
        assert dialog.received is not None, dialog.message.text()
        assert len(store.list_cases().items) == 1 and store.verify().ok
        dialog.close()


def test_closing_during_the_check_does_not_wait_and_keeps_nothing_unpacked(
    qtbot: QtBot,
    laptops: tuple[Path, Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    from misuse_responder.store import handover_receive
    from misuse_responder.ui import workers

    staff, dsl, address = laptops
    bundle = _sent_bundle(staff, address, tmp_path)
    inside, release = threading.Event(), threading.Event()
    real = handover_receive.open_bundle

    def gated(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)  # unpacked into the staging folder
        inside.set()
        release.wait(10)
        return found

    monkeypatch.setattr(handover_receive, "open_bundle", gated)
    with _open(dsl) as store:
        dialog = ReceiveDialog(store, "Ms Okafor", bundle)
        qtbot.addWidget(dialog)
        dialog.show()
        assert inside.wait(10) and dialog.busy()
        staging = store.paths.root / handover_receive.STAGING
        assert any(staging.iterdir())
        started = time.monotonic()
        dialog.close()
        assert time.monotonic() - started < 2  # the window closed at once
        release.set()
        qtbot.waitUntil(lambda: not workers.running(), timeout=20_000)
        qtbot.wait(50)
        assert list(staging.iterdir()) == []  # the check saw the close and dropped it all
        assert store.list_cases().items == ()


def test_every_hand_over_screen_names_its_controls_and_cuts_no_text(
    qtbot: QtBot, laptops: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    from misuse_responder.ui.handover.inbox_dialog import InboxDialog
    from misuse_responder.ui.handover.receipt_dialog import ReceiptDialog
    from tests.ui.test_accessibility import clipped, unnamed_controls

    staff, dsl, address = laptops
    synced = tmp_path / "Hand-overs"
    synced.mkdir()
    problems: dict[str, list[str]] = {}

    def check(name: str, dialog: Any) -> None:
        dialog.show()
        qtbot.waitExposed(dialog)
        QApplication.processEvents()
        found = unnamed_controls(dialog) + clipped(dialog)
        if found:
            problems[name] = found

    with _open(staff) as store:
        store.add_handover_recipient(address.read_bytes(), "IT")
        case_id = store.create_case(BULLYING, "Comments about a Year 9 pupil", "Mr Patel").id
        send = SendDialog(store, "Mr Patel", case_id)
        qtbot.addWidget(send)
        send.folder.setText(str(synced))
        check("send", send)
        send.send()
        qtbot.waitUntil(lambda: not send.busy(), timeout=20_000)
        check("sent", send)
        send.close()
    with _open(dsl) as store:
        inbox = InboxDialog(store, "Ms Okafor")
        qtbot.addWidget(inbox)
        inbox.set_folder(str(synced))
        qtbot.waitUntil(lambda: not inbox.busy(), timeout=20_000)
        inbox.table.selectRow(0)
        check("inbox", inbox)
        inbox.close()
        receive = ReceiveDialog(store, "Ms Okafor", send.sent.path)
        qtbot.addWidget(receive)
        qtbot.waitUntil(lambda: not receive.busy(), timeout=20_000)
        check("receive", receive)
        receive.checked_box.setChecked(True)
        receive.receive()
        qtbot.waitUntil(lambda: not receive.busy(), timeout=20_000)
        check("received", receive)
        receipt = receive.received.receipt_path
        receive.close()
    with _open(staff) as store:
        dialog = ReceiptDialog(store, "Mr Patel", receipt)
        qtbot.addWidget(dialog)
        check("receipt", dialog)
        dialog.close()
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_a_case_stored_as_the_window_closes_is_still_reported_received(
    qtbot: QtBot,
    laptops: tuple[Path, Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from misuse_responder.store import handover_merge

    staff, dsl, address = laptops
    bundle = _sent_bundle(staff, address, tmp_path)
    inside, release = threading.Event(), threading.Event()
    real = handover_merge.merge

    def gated(*args: Any) -> Any:
        inside.set()  # inside the transaction: a cancel no longer stops it
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(handover_merge, "merge", gated)
    with _open(dsl) as store:
        dialog = ReceiveDialog(store, "Ms Okafor", bundle)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)
        dialog.checked_box.setChecked(True)
        seen: list[object] = []
        dialog.finished.connect(lambda _r: seen.append(dialog.received))
        qtbot.mouseClick(dialog.receive_button, Qt.MouseButton.LeftButton)
        assert inside.wait(10)
        threading.Timer(0.2, release.set).start()
        dialog.close()
        assert seen and seen[0] is not None  # known before ``finished``, as the list needs
        assert len(store.list_cases().items) == 1
