"""Every window fits a small laptop screen, with its buttons in view (issue 15 item 7).

The fake screens are the available areas, in logical points, of 1366×768 at 125 %
(1093×614) and of 1280×720 at 200 % (640×360): Qt lays windows out in logical points,
so a window that fits these fits those screens. Windows are made while
``screen_fit.pretend_available_area`` stands in for the screen, exactly as they are made
in the app; each test then checks the window's frame is inside the area and that each of
its buttons is shown whole, not cut by the window or by a scroll area.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QScrollArea,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from misuse_responder.store import FAST_KDF_FOR_TESTS
from misuse_responder.ui import screen_fit, text_size
from misuse_responder.ui.main_window import MainWindow
from misuse_responder.ui.settings.prefs import PREFS_NAME, Prefs, load_prefs, save_prefs
from tests.support import PASSPHRASE
from tests.ui.conftest import unlock
from tests.ui.wizard.helpers import fill_facts

SCREENS = {
    "1366x768-125": QRect(0, 0, 1093, 614),
    "1280x720-200": QRect(0, 0, 640, 360),
}


@pytest.fixture(params=list(SCREENS), ids=list(SCREENS))
def area(request: pytest.FixtureRequest) -> Iterator[QRect]:
    with screen_fit.pretend_available_area(SCREENS[request.param]):
        yield SCREENS[request.param]


@pytest.fixture(autouse=True)
def normal_text() -> Iterator[None]:
    """Every test starts and ends at 100 % text (the app font is shared by all tests)."""
    text_size.apply_text_size(100)
    yield
    text_size.apply_text_size(100)


def assert_fits(window: QWidget, area: QRect, buttons: dict[str, QAbstractButton]) -> None:
    QApplication.processEvents()
    frame = window.frameGeometry()
    assert area.contains(frame), f"{window.windowTitle()!r} at {frame} is not inside {area}"
    for name, button in buttons.items():
        assert screen_fit.in_view(button, window), f"{name} is cut off or hidden in {frame}"
    for scroller in window.findChildren(QScrollArea):
        if scroller.isVisible() and scroller.widgetResizable():
            bar = scroller.horizontalScrollBar()
            where = getattr(window, "currentId", lambda: "")()
            assert not bar.isVisible(), (
                f"sideways scrolling in {scroller.accessibleName()!r} {where}"
            )


def assert_whole_text(label: QLabel) -> None:
    """A word-wrapped label is as tall as its text needs (one in a scroll area kept the
    height of its first, one-line text, cutting the send's result to its first line)."""
    QApplication.processEvents()
    assert label.isVisible() and label.text()
    assert label.height() >= label.heightForWidth(label.width()), label.text()


def wizard_buttons(wizard: QWizard) -> dict[str, QAbstractButton]:
    which = {
        "Back": QWizard.WizardButton.BackButton,
        "Next": QWizard.WizardButton.NextButton,
        "Finish": QWizard.WizardButton.FinishButton,
        "Close": QWizard.WizardButton.CancelButton,
    }
    shown = {name: wizard.button(w) for name, w in which.items() if wizard.button(w).isVisible()}
    assert "Close" in shown and ("Next" in shown or "Finish" in shown)
    return shown


def window_maker(qtbot: QtBot, data_dir: Path) -> Callable[[], MainWindow]:
    def make() -> MainWindow:
        window = MainWindow(data_dir, kdf=FAST_KDF_FOR_TESTS)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


def test_first_run_fits_with_create_and_continue_in_view(
    qtbot: QtBot, data_dir: Path, area: QRect
) -> None:
    window = window_maker(qtbot, data_dir)()
    setup = window.first_run.setup
    assert_fits(window, area, {"Create the case store": setup.create_button})
    setup.school.name.setText("Riverside Primary")
    setup.author.setText("Ms Okafor")
    setup.passphrase.setText(PASSPHRASE)
    setup.repeat.setText(PASSPHRASE)
    setup.create_button.click()
    recovery = window.first_run.recovery
    qtbot.waitUntil(lambda: window.first_run.stack.currentWidget() is recovery)
    assert_fits(window, area, {"Continue": recovery.continue_button})
    recovery.confirm.setChecked(True)
    recovery.continue_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home)
    assert_fits(window, area, {})
    window.lock()


def test_unlock_case_view_and_settings_fit(
    qtbot: QtBot, seeded: dict[str, Any], data_dir: Path, area: QRect
) -> None:
    window = window_maker(qtbot, data_dir)()
    screen = window.unlock_screen
    assert_fits(window, area, {"Unlock": screen.unlock_button, "Recovery key": screen.use_recovery})
    unlock(qtbot, window)
    assert_fits(window, area, {})
    window.open_case(seeded["ids"]["overdue"])
    view = window.case_view
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        assert_fits(window, area, {"Case list": view.back_button, "Export": view.export_button})
    view.add_evidence()
    panel = view._panel
    assert panel is not None
    qtbot.waitExposed(panel)
    done = next(b for b in panel.findChildren(QAbstractButton) if b.text() == "Done")
    assert_fits(panel, area, {"Done": done})
    panel.close()
    window.show_settings()
    page = window.settings
    assert_fits(window, area, {"Case list": page.back_button})
    window.lock()
    assert_fits(window, area, {"Unlock": screen.unlock_button})


def test_wizard_fits_with_its_buttons_in_view_on_every_page(
    qtbot: QtBot, seeded: dict[str, Any], data_dir: Path, area: QRect
) -> None:
    from misuse_responder.ui.wizard import PageId

    window = window_maker(qtbot, data_dir)()
    unlock(qtbot, window)
    wizard = window.new_incident()
    qtbot.waitExposed(wizard)
    assert wizard.width() <= area.width() and wizard.height() <= area.height()
    assert_fits(wizard, area, wizard_buttons(wizard))
    wizard.page_widget(PageId.SAFETY).no.setChecked(True)
    wizard.next()
    assert_fits(wizard, area, wizard_buttons(wizard))
    fill_facts(
        qtbot,
        wizard,
        concerns=["bullying"],
        title="Comments under a pupil's photo",
        platform="instagram",
        subject="pupil",
        identified=True,
        summary="Unkind comments posted under a pupil's photo since Friday.",
    )
    seen = {wizard.currentId()}
    for _step in range(15):
        before = wizard.currentId()
        wizard.next()
        if wizard.currentId() == before:
            break
        seen.add(wizard.currentId())
        assert_fits(wizard, area, wizard_buttons(wizard))
    assert len(seen) >= 5, [PageId(i).name for i in seen]
    wizard.reject()  # something was typed: "Keep as draft / Discard / Go back"
    question = wizard.close_question
    assert question is not None
    qtbot.waitExposed(question)
    size = question.frameGeometry().size()
    assert size.width() <= area.width() and size.height() <= area.height()
    question.keep.click()
    window.lock()


def test_export_dialog_fits_with_print_and_save_in_view(
    qtbot: QtBot, seeded: dict[str, Any], data_dir: Path, area: QRect
) -> None:
    from misuse_responder.ui.export_dialog import ExportDialog

    window = window_maker(qtbot, data_dir)()
    unlock(qtbot, window)
    for case_id in (seeded["ids"]["overdue"], None):
        dialog = ExportDialog(window.store, "Ms Okafor", case_id, window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        close = next(b for b in dialog.findChildren(QAbstractButton) if b.text() == "Close")
        assert_fits(
            dialog,
            area,
            {"Print": dialog.print_button, "Save": dialog.save_button, "Close": close},
        )
        scroller = next(s for s in dialog.findChildren(QScrollArea) if s.isAncestorOf(dialog.view))
        scroller.ensureWidgetVisible(dialog.make_button)
        assert screen_fit.in_view(dialog.make_button, dialog)  # reachable by scrolling
        dialog.done(0)
    window.lock()


def test_blank_checklists_fit_while_locked(
    qtbot: QtBot, seeded: dict[str, Any], data_dir: Path, area: QRect
) -> None:
    window = window_maker(qtbot, data_dir)()
    screen = window.unlock_screen
    screen.checklists_button.click()
    dialog = screen.checklists_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    close = next(b for b in dialog.findChildren(QAbstractButton) if b.text() == "Close")
    assert_fits(
        dialog, area, {"Print": dialog.print_button, "Save": dialog.save_button, "Close": close}
    )
    dialog.reject()


def test_a_window_keeps_the_size_it_was_given_on_that_screen_only(
    qtbot: QtBot, seeded: dict[str, Any], data_dir: Path
) -> None:
    small, other = SCREENS["1366x768-125"], SCREENS["1280x720-200"]
    with screen_fit.pretend_available_area(small):
        window = window_maker(qtbot, data_dir)()
        unlock(qtbot, window)
        window.show_settings()  # the page holds a copy of the prefs from now
        wizard = window.new_incident()
        qtbot.waitExposed(wizard)
        assert wizard.size() == QSize(1093 - 16, 614 - 40)  # the screen less the frame
        wizard.resize(900, 500)  # the user makes it smaller
        wizard.close()
        saved = json.loads((data_dir / PREFS_NAME).read_text(encoding="utf-8"))
        assert [900, 500] in saved["window_sizes"].values()
        again = window.new_incident()
        qtbot.waitExposed(again)
        assert again.size() == QSize(900, 500)
        again.close()
    with screen_fit.pretend_available_area(other):
        third = window.new_incident()
        qtbot.waitExposed(third)
        assert third.size() == QSize(640 - 16, 360 - 40)  # another screen: fitted to it
        third.close()
    window.settings.save_lock_times()  # saving the settings page's older copy
    assert len(load_prefs(data_dir).window_sizes) >= 2  # ... does not forget the sizes
    window.lock()


def test_text_size_setting_scales_the_app_and_is_kept(
    qtbot: QtBot, seeded: dict[str, Any], data_dir: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    from misuse_responder.ui.style import apply_style

    apply_style(app)  # as the app does: a style sheet stopped the font reaching made widgets
    base = text_size.base_point_size(app)
    window = window_maker(qtbot, data_dir)()
    unlock(qtbot, window)
    window.show_settings()
    page = window.settings
    title = next(w for w in page.findChildren(QWidget) if w.property("relativeTextFactor"))
    before = title.font().pointSizeF()
    assert before > base  # a heading, with a font of its own
    page.text_size.setCurrentIndex(page.text_size.findData(150))
    assert app.font().pointSizeF() == pytest.approx(base * 1.5)
    assert title.font().pointSizeF() == pytest.approx(before * 1.5)  # headings grow too
    QApplication.processEvents()
    assert page.message.font().pointSizeF() == pytest.approx(base * 1.5)
    assert load_prefs(data_dir).text_size == 150
    assert "150 %" in page.message.text()
    window.lock()
    # Next start: the saved size is used from the first screen.
    text_size.apply_text_size(100)
    second = window_maker(qtbot, data_dir)()
    assert second.unlock_screen.font().pointSizeF() == pytest.approx(base * 1.5)


def test_200_percent_text_fits_1366x768(
    qtbot: QtBot, seeded: dict[str, Any], data_dir: Path
) -> None:
    save_prefs(data_dir, Prefs(text_size=200))
    area = QRect(0, 0, 1366, 768)
    with screen_fit.pretend_available_area(area):
        window = window_maker(qtbot, data_dir)()
        assert QFont(QApplication.font()).pointSizeF() == pytest.approx(
            2 * text_size.base_point_size(QApplication.instance())  # type: ignore[arg-type]
        )
        assert_fits(window, area, {"Unlock": window.unlock_screen.unlock_button})
        unlock(qtbot, window)
        wizard = window.new_incident()
        qtbot.waitExposed(wizard)
        assert_fits(wizard, area, wizard_buttons(wizard))
        wizard.close()
        window.lock()


def test_hand_over_screens_fit_with_their_buttons_in_view(
    qtbot: QtBot, seeded: dict[str, Any], data_dir: Path, tmp_path: Path, area: QRect
) -> None:
    """Send (before and after), the Settings hand-over panel and a receipt on the staff
    laptop (the seeded store); the receive preview and the inbox on the DSL's laptop."""
    from misuse_responder.store import CaseStore
    from misuse_responder.ui.handover.inbox_dialog import InboxDialog
    from misuse_responder.ui.handover.receipt_dialog import ReceiptDialog
    from misuse_responder.ui.handover.receive_dialog import ReceiveDialog
    from misuse_responder.ui.handover.send_dialog import SendDialog

    dsl = tmp_path / "dsl"
    made, _recovery = CaseStore.create(
        dsl, PASSPHRASE, "St Hilda's", actor="IT", kdf=FAST_KDF_FOR_TESTS
    )
    made.set_handover_label("DSL Ms Okafor", "IT")
    address = made.handover_address_file()
    made.close()
    usb = tmp_path / "OneDrive - St Hilda's" / "Hand-overs"
    usb.mkdir(parents=True)

    staff = window_maker(qtbot, data_dir)()
    unlock(qtbot, staff)
    staff.store.add_handover_recipient(address, "IT")
    send = SendDialog(staff.store, "Ms Okafor", seeded["ids"]["overdue"], staff)
    qtbot.addWidget(send)
    send.show()
    qtbot.waitExposed(send)
    buttons = {"Send": send.send_button, "Close": send.close_button, "Browse": send.browse}
    assert_fits(send, area, buttons)
    send.folder.setText(str(usb))
    send.send()
    qtbot.waitUntil(lambda: not send.busy(), timeout=20_000)
    assert send.sent is not None, send.message.text()
    assert_fits(send, area, buttons)  # the long "take it to ..." message
    assert_whole_text(send.message)
    send.done(0)
    staff.show_settings()
    panel = staff.settings.handover
    scroller = next(s for s in staff.settings.findChildren(QScrollArea) if s.isAncestorOf(panel))
    for button in (
        panel.save_label,
        panel.copy_button,
        panel.save_file_button,
        panel.add_file_button,
        panel.paste_button,
        panel.remove_button,
    ):
        scroller.ensureWidgetVisible(button)
        QApplication.processEvents()
        assert screen_fit.in_view(button, staff), button.text()
    assert_fits(staff, area, {"Case list": staff.settings.back_button})
    staff.lock()

    desk = window_maker(qtbot, dsl)()
    unlock(qtbot, desk)
    inbox = InboxDialog(desk.store, "Ms Okafor", desk)
    qtbot.addWidget(inbox)
    inbox.show()
    qtbot.waitExposed(inbox)
    assert inbox.set_folder(str(usb))
    qtbot.waitUntil(lambda: not inbox.busy(), timeout=20_000)
    assert inbox.table.rowCount() == 1
    inbox.table.selectRow(0)
    assert_fits(inbox, area, {"Receive": inbox.open_button, "Look again": inbox.refresh_button})
    inbox.done(0)
    receive = ReceiveDialog(desk.store, "Ms Okafor", send.sent.path, desk)
    qtbot.addWidget(receive)
    receive.show()
    qtbot.waitExposed(receive)
    qtbot.waitUntil(lambda: not receive.busy(), timeout=20_000)
    assert receive.preview is not None, receive.message.text()
    # The unchecked fingerprint box is why Receive is greyed: it stays in view, unscrolled.
    assert_fits(
        receive,
        area,
        {
            "Receive": receive.receive_button,
            "Cancel": receive.cancel_button,
            "I have checked": receive.checked_box,
        },
    )
    receive.checked_box.setChecked(True)
    receive.receive()
    qtbot.waitUntil(lambda: not receive.busy(), timeout=20_000)
    assert receive.received is not None, receive.message.text()
    assert_fits(receive, area, {"Done": receive.cancel_button})
    assert_whole_text(receive.message)
    receipt = receive.received.receipt_path
    receive.done(0)
    desk.lock()

    unlock(qtbot, staff)
    dialog = ReceiptDialog(staff.store, "Ms Okafor", receipt, staff)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.remove_button.isEnabled(), dialog.message.text()
    close = next(b for b in dialog.findChildren(QAbstractButton) if b.text() == "Close")
    assert_fits(dialog, area, {"Remove": dialog.remove_button, "Close": close})
    dialog.done(0)
    staff.lock()
