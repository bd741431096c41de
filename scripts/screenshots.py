"""Drive the real app and save docs/screenshots/*.png (run through scripts/screenshots.sh).

A fresh data folder in a temporary directory is set up through the first-run screens,
a few made-up cases are recorded, and each screen is captured as a user would see it.
Nothing here is real data: every name is invented.

``--fit PREFIX`` (run with QT_SCALE_FACTOR=1.25 or 2 on a 1366x768 screen) instead
captures the whole screen with first run, the wizard and the export dialog as the app
sizes them, to show that each fits with its buttons in view: PREFIX-first-run.png, ...

Both runs end with the hand-over screens (``handover_shots``), on two more made-up laptops:
a teacher's that sends a case, and the DSL's that lists its inbox and receives it;
``--handover [PREFIX]`` captures only those (PREFIX: whole screen, as ``--fit``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PASSPHRASE = "blue kettle under the library stairs"


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()
    loop_wait(app, 150)


def loop_wait(app: QApplication, ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(app: QApplication, widget: QWidget, name: str, whole_screen: bool = False) -> Path:
    settle(app)
    path = OUT / f"{name}.png"
    screen = widget.screen()
    if whole_screen and screen is not None:
        screen.grabWindow(0).save(str(path))  # the window as placed on the screen
    else:
        widget.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}")
    return path


def fill_first_run(window: Any) -> None:
    setup = window.first_run.setup
    setup.school.name.setText("Riverside Church of England Academy")
    setup.author.setText("Ms A. Okafor")
    rows = {r.role: r for r in reversed(setup.school.contacts._rows)}
    for role, name, title, phone, email in (
        ("head", "Mr David Hughes", "Headteacher", "01632 960001", "head@riverside.example"),
        ("dsl", "Ms Adaeze Okafor", "Deputy Head (DSL)", "01632 960002", "dsl@riverside.example"),
        ("chair", "Dr Siân Roberts", "Chair of Governors", "", "chair@riverside.example"),
        ("lado", "LADO duty desk", "Local authority", "01632 960100", ""),
        ("police-101", "Police non-emergency", "", "101", ""),
    ):
        row = rows[role]
        row.name.setText(name)
        row.title.setText(title)
        row.phone.setText(phone)
        row.email.setText(email)
    setup.passphrase.setText(PASSPHRASE)
    setup.repeat.setText(PASSPHRASE)


def seed_cases(store: Any) -> dict[str, int]:
    from datetime import timedelta

    author = "Ms A. Okafor"
    made: dict[str, int] = {}
    real_clock = store.clock
    store.clock = lambda: real_clock() - timedelta(days=3)  # one follow-up is overdue
    for key, facts, title, people in (
        (
            "bullying",
            {
                "concerns": ["bullying"],
                "targets": ["pupil"],
                "subject": "pupil",
                "subject_identified": True,
                "platform": "instagram",
            },
            "Comments under a Year 9 pupil's post",
            [("target", "pupil", "Łukasz Nowak", "Year 9"), ("subject", "pupil", "Jay Smith", "9")],
        ),
        (
            "page",
            {
                "concerns": ["harassment"],
                "targets": ["school"],
                "school_account": True,
                "platform": "facebook",
            },
            "Abusive comments on the school's Facebook page",
            [],
        ),
        (
            "fake",
            {"concerns": ["impersonation"], "targets": ["staff"], "platform": "tiktok"},
            "Fake account using a teacher's photo",
            [("target", "staff", "Mrs Zoë Ødegård", None)],
        ),
    ):
        case = store.create_case(facts, title, author)
        store.open_case(case.id, author)
        for role, kind, name, year in people:
            store.add_person(case.id, role=role, kind=kind, name=name, by=author, year_group=year)
        made[key] = case.id
        store.clock = real_clock
    store.add_entry(
        made["bullying"],
        "Łukasz showed me the comments at break. He said they started on Friday night.",
        author,
        kind="disclosure",
    )
    return made


def walk_wizard_to(app: QApplication, wizard: Any, page_id: int, limit: int = 12) -> None:
    for _ in range(limit):
        if wizard.currentId() == page_id:
            return
        wizard.next()
        settle(app, 3)


def fill_what_happened(app: QApplication, wizard: Any) -> None:
    from misuse_responder.ui.wizard import PageId

    wizard.page_widget(PageId.SAFETY).no.setChecked(True)
    wizard.next()
    settle(app, 3)
    page = wizard.page_widget(PageId.WHAT_HAPPENED)
    page.platform.setCurrentIndex(page.platform.findData("instagram"))
    page.targets["pupil"].setChecked(True)
    page.subject.setCurrentIndex(page.subject.findData("pupil"))
    page.identified.setChecked(True)
    page.concerns["bullying"].setChecked(True)
    page.summary.setPlainText("Unkind comments posted under a pupil's photo since Friday.")
    page.title_edit.setText("Comments under a Year 8 pupil's photo")


def unlock_window(app: QApplication, window: Any, author: str) -> None:
    screen = window.unlock_screen
    screen.author.setText(author)
    screen.passphrase.setText(PASSPHRASE)
    screen.unlock_button.click()
    for _ in range(200):
        if window.store is not None:
            return
        loop_wait(app, 50)
    raise RuntimeError("the made-up store did not unlock")


def wait_idle(app: QApplication, dialog: Any) -> None:
    for _ in range(400):
        if not dialog.busy():
            break
        loop_wait(app, 50)
    settle(app)


def handover_shots(app: QApplication, prefix: str = "", whole_screen: bool = False) -> None:
    """The hand-over screens: send (before and after), Settings, inbox, receive, receipt."""
    from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore
    from misuse_responder.ui.handover.inbox_dialog import InboxDialog
    from misuse_responder.ui.handover.receipt_dialog import ReceiptDialog
    from misuse_responder.ui.handover.receive_dialog import ReceiveDialog
    from misuse_responder.ui.handover.send_dialog import SendDialog

    def name(what: str) -> str:
        return f"{prefix}-handover-{what}" if prefix else f"handover-{what}"

    school = "Riverside Church of England Academy"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        staff_dir, dsl_dir = root / "staff", root / "dsl"
        synced = root / "OneDrive - Riverside Academy" / "Hand-overs"
        synced.mkdir(parents=True)
        for folder, label in ((staff_dir, "Mr Patel's laptop"), (dsl_dir, "DSL Ms Okafor")):
            made, _recovery = CaseStore.create(
                folder, PASSPHRASE, school, actor="IT", kdf=FAST_KDF_FOR_TESTS
            )
            made.set_handover_label(label, "IT")
            if folder == dsl_dir:
                address = made.handover_address_file()
            made.close()
        with CaseStore.open(staff_dir, PASSPHRASE) as store:
            store.add_handover_recipient(address, "IT")
            case_id = seed_cases(store)["bullying"]

        staff = unlocked_window(app, staff_dir, "Mr R. Patel", whole_screen)
        send = SendDialog(staff.store, "Mr R. Patel", case_id, staff)
        send.show()
        send.folder.setText(str(synced))
        save(app, send, name("send"), whole_screen)
        send.send()
        wait_idle(app, send)
        save(app, send, name("sent"), whole_screen)
        send.done(0)
        staff.show_settings()
        panel = staff.settings.handover
        scroller = panel.parentWidget()
        while scroller is not None and not hasattr(scroller, "ensureWidgetVisible"):
            scroller = scroller.parentWidget()
        if scroller is not None:  # the whole panel, or its top on a small screen
            scroller.ensureWidgetVisible(panel.remove_button)
            scroller.ensureWidgetVisible(panel.label_edit)
        save(app, staff, name("settings"), whole_screen)
        staff.lock()

        desk = unlocked_window(app, dsl_dir, "Ms A. Okafor", whole_screen)
        inbox = InboxDialog(desk.store, "Ms A. Okafor", desk)
        inbox.show()
        inbox.set_folder(str(synced))
        wait_idle(app, inbox)
        inbox.table.selectRow(0)
        save(app, inbox, name("inbox"), whole_screen)
        inbox.done(0)
        receive = ReceiveDialog(desk.store, "Ms A. Okafor", send.sent.path, desk)
        receive.show()
        wait_idle(app, receive)
        save(app, receive, name("receive"), whole_screen)
        receive.checked_box.setChecked(True)
        receive.receive()
        wait_idle(app, receive)
        save(app, receive, name("received"), whole_screen)
        receipt = receive.received.receipt_path
        receive.done(0)
        desk.lock()
        desk.close()

        unlock_window(app, staff, "Mr R. Patel")
        dialog = ReceiptDialog(staff.store, "Mr R. Patel", receipt, staff)
        dialog.show()
        save(app, dialog, name("receipt"), whole_screen)
        dialog.done(0)
        staff.lock()
        staff.close()


def unlocked_window(app: QApplication, data_dir: Path, author: str, whole_screen: bool) -> Any:
    """A main window on a made-up store, unlocked (the size the app gives it, or 1280x720)."""
    from misuse_responder.store import FAST_KDF_FOR_TESTS
    from misuse_responder.ui.main_window import MainWindow

    window = MainWindow(data_dir, kdf=FAST_KDF_FOR_TESTS)
    if not whole_screen:
        window.resize(1280, 720)
    window.show()
    settle(app)
    unlock_window(app, window, author)
    return window


def fit_shots(app: QApplication, prefix: str) -> int:
    """First run, the wizard and the export dialog as sized for this screen and scale."""
    from misuse_responder.ui.export_dialog import ExportDialog
    from misuse_responder.ui.main_window import MainWindow
    from misuse_responder.ui.wizard import PageId

    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(Path(tmp) / "data")
        window.show()
        fill_first_run(window)
        save(app, window, f"{prefix}-first-run", whole_screen=True)
        window.first_run.setup.create_button.click()
        settle(app)
        window.first_run.recovery.key.setText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        save(app, window, f"{prefix}-recovery-key", whole_screen=True)
        window.first_run.recovery.confirm.setChecked(True)
        window.first_run.recovery.continue_button.click()
        ids = seed_cases(window.store)
        window.open_case(ids["bullying"])
        save(app, window, f"{prefix}-case-view", whole_screen=True)
        window.show_settings()
        save(app, window, f"{prefix}-settings", whole_screen=True)
        window.show_home()
        wizard = window.new_incident()
        save(app, wizard, f"{prefix}-wizard", whole_screen=True)
        fill_what_happened(app, wizard)
        save(app, wizard, f"{prefix}-wizard-what-happened", whole_screen=True)
        walk_wizard_to(app, wizard, PageId.STEPS)
        save(app, wizard, f"{prefix}-wizard-steps", whole_screen=True)
        wizard.save_draft()
        wizard.close()
        dialog = ExportDialog(window.store, window.author, ids["bullying"], window)
        dialog.show()
        save(app, dialog, f"{prefix}-export", whole_screen=True)
        dialog.close()
        window.lock()
        window.close()
    handover_shots(app, prefix, whole_screen=True)
    return 0


def main() -> int:
    sys.path.insert(0, str(ROOT / "desktop"))
    from misuse_responder.ui.main_window import MainWindow
    from misuse_responder.ui.style import apply_style

    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication([sys.argv[0]])
    app.setApplicationName("Misuse Responder")
    apply_style(app)
    if len(sys.argv) == 3 and sys.argv[1] == "--fit":
        return fit_shots(app, sys.argv[2])
    if len(sys.argv) in (2, 3) and sys.argv[1] == "--handover":  # only those, e.g. to check
        prefix = sys.argv[2] if len(sys.argv) == 3 else ""
        handover_shots(app, prefix, whole_screen=bool(prefix))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(Path(tmp) / "data")
        window.resize(1280, 720)
        window.show()
        fill_first_run(window)
        save(app, window, "first-run")
        window.first_run.setup.create_button.click()
        settle(app)
        window.first_run.recovery.key.setText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        save(app, window, "recovery-key")
        window.first_run.recovery.confirm.setChecked(True)
        window.first_run.recovery.continue_button.click()
        ids = seed_cases(window.store)
        window.show_home()
        save(app, window, "case-list")

        window.open_case(ids["bullying"])
        save(app, window, "case-view")

        window.show_home()
        wizard = window.new_incident()
        if wizard is None:
            print("the incident wizard is not available: wizard screenshots skipped")
        else:
            wizard.resize(1100, 700)
            settle(app)
            save(app, wizard, "safety")
            from misuse_responder.ui.wizard import PageId

            fill_what_happened(app, wizard)
            walk_wizard_to(app, wizard, PageId.STEPS)
            save(app, wizard, "steps")
            walk_wizard_to(app, wizard, PageId.EVIDENCE)
            save(app, wizard, "evidence")
            wizard.save_draft()
        window.lock()
        window.close()
    handover_shots(app)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
