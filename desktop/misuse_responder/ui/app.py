"""Start the GUI: ``misuse-responder [--data-dir PATH] [--exit]``.

``--exit`` shows the first screen, lets Qt draw it, and exits 0 (smoke tests and the
start-up benchmark use it); with ``MISUSE_RESPONDER_EXIT_REPORT=FILE`` it also writes the
first screen's name to FILE, so the frozen build's smoke test can tell unlock from first run.
Only Qt Widgets and the app's own screens are imported here; the incident guide, exports
and PDFs load when first used.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def parse(args: Sequence[str]) -> tuple[Path | None, bool]:
    data: Path | None = None
    exit_now = False
    items = list(args)
    i = 0
    while i < len(items):
        arg = items[i]
        if arg == "--exit":
            exit_now = True
        elif arg == "--data-dir" and i + 1 < len(items):
            data = Path(items[i + 1])
            i += 1
        elif arg.startswith("--data-dir="):
            data = Path(arg.split("=", 1)[1])
        else:
            from misuse_responder.i18n import _

            sys.stderr.write(_("misuse-responder: unknown option {arg}\n").format(arg=arg))
            raise SystemExit(2)
        i += 1
    return data, exit_now


def run(args: Sequence[str]) -> int:
    data_override, exit_now = parse(args)
    from PySide6.QtWidgets import QApplication

    from misuse_responder.store.paths import data_dir
    from misuse_responder.ui.main_window import MainWindow
    from misuse_responder.ui.qt_workarounds import pin_singletons
    from misuse_responder.ui.style import apply_style

    pin_singletons()

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName("Misuse Responder")
    from misuse_responder.ui import language

    language.install(app)  # before any window: the setting, else the system's language
    apply_style(app)
    from misuse_responder.ui import last_resort

    root = data_dir(data_override)
    # An uncaught exception is one sentence, never a traceback; a safe note in root/logs.
    last_resort.install(root)
    instance = hold_instance_lock(root)
    if instance is None:
        return 1
    from misuse_responder.scratch import clean_stale

    clean_stale(root)  # plain previews or pasted pictures a crash left behind
    from misuse_responder.ui import gc_guard

    collector = gc_guard.install(app)  # cycles are freed on this thread, never a worker's
    try:
        window = MainWindow(root)
        window.show()
        if exit_now:
            app.processEvents()
            report_first_screen(window)
            window.close()
            return 0
        return app.exec()
    finally:
        collector.stop()
        instance.release()


def hold_instance_lock(root: Path) -> Any:
    """One app per data folder: take its lock for the app's whole life (the store opened
    later shares it), or say that the app is already open and return None."""
    from PySide6.QtWidgets import QMessageBox

    from misuse_responder.i18n import _
    from misuse_responder.store.errors import StoreLocked
    from misuse_responder.store.instance_lock import InstanceLock

    try:
        return InstanceLock.acquire(root)
    except StoreLocked as exc:
        QMessageBox.warning(None, _("Misuse Responder"), str(exc))
        return None
    except OSError as exc:  # the data folder cannot be made: say so, then stop
        from misuse_responder.store.paths import unusable_sentence

        QMessageBox.warning(None, _("Misuse Responder"), unusable_sentence(root, exc))
        return None


EXIT_REPORT_ENV = "MISUSE_RESPONDER_EXIT_REPORT"


def report_first_screen(window: Any) -> None:
    """For ``--exit``: the first screen's class name (UnlockScreen, FirstRunWidget) into the
    file ``MISUSE_RESPONDER_EXIT_REPORT`` names. Scripts read it; nothing is shown to a user."""
    target = os.environ.get(EXIT_REPORT_ENV)
    if target:
        name = type(window.stack.currentWidget()).__name__
        Path(target).write_text(name + "\n", encoding="utf-8")
