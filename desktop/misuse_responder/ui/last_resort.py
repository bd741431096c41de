"""The GUI's last resort: an exception no screen caught becomes one sentence, not a traceback.

Every screen turns the failures it expects into a sentence of its own (``plain_errors``).
What escapes (a bug, or a damaged database met somewhere unexpected) would otherwise be
printed by Python as a traceback on the console and leave the screen half-updated with no
word to the user. Installed once by ``app.run``: the user sees what happened, that what
they saved is safe, and where the note for IT is; the log (``misuse_responder.diagnostics``)
gets the error's type and place, never its message (which can quote a name or case text).
The traceback goes to stderr only when ``MISUSE_RESPONDER_DEBUG`` is set (and there is one:
a frozen windowed app has none).
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from misuse_responder import diagnostics
from misuse_responder.i18n import _

_showing = False


def sentence(exc: BaseException) -> str:
    """What to tell the user about ``exc``."""
    from misuse_responder.store.damage import is_damage
    from misuse_responder.store.diskfull import is_disk_full
    from misuse_responder.store.errors import StoreError

    if isinstance(exc, StoreError):
        return str(exc)
    if is_disk_full(exc):
        return _(
            "The disk is full, so the last change was not saved. Free some space (or ask IT), "
            "then try again."
        )
    if is_damage(exc):
        return _(
            "The case database is damaged: part of it cannot be read. Do not add anything "
            "more; lock the app and ask IT to run 'misuse-responder verify', which says what "
            "can still be read and where the last backup is."
        )
    folder = diagnostics.log_dir()
    calm = _(
        "Something unexpected went wrong ({kind}). Everything you saved before this is safe "
        "in the case store; the change you were making may not have been saved, so go back "
        "to the case list and check it."
    ).format(kind=type(exc).__name__)
    if folder is None:
        return calm + " " + _("If it happens again, tell IT.")
    return (
        calm
        + " "
        + _(
            "If it happens again, tell IT: a note for them (no names or case details) is in "
            "{folder}"
        ).format(folder=folder)
    )


def handle(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook``: log one line, show one sentence (one box at a time)."""
    global _showing
    if issubclass(kind, KeyboardInterrupt):
        _previous(kind, exc, tb)
        return
    diagnostics.log_unexpected(exc)  # also from a Qt worker thread or after the app quit
    if not _event_loop_running():
        # Outside the running app (a script around it, after it has quit) there is no screen
        # to speak to and a modal box would wait for ever: Python's own report is right.
        _previous(kind, exc, tb)
        return
    if os.environ.get(diagnostics.DEBUG_ENV) and sys.stderr is not None:
        traceback.print_exception(kind, exc, tb, file=sys.stderr)
    if _showing:
        return
    _showing = True
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None:
            # Settings shows the log folder again, with a Copy button.
            QMessageBox.warning(QApplication.activeWindow(), _("Misuse Responder"), sentence(exc))
    except Exception:  # never let the last resort itself fail loudly
        pass
    finally:
        _showing = False


def _event_loop_running() -> bool:
    from PySide6.QtCore import QCoreApplication, QThread

    app = QCoreApplication.instance()
    return (
        app is not None
        and QThread.currentThread() is app.thread()
        and (QThread.currentThread().loopLevel() > 0)
    )


_previous = sys.__excepthook__


def install(root: Path | None = None) -> None:
    """Make ``handle`` the excepthook (it passes on to the previous one outside the app);
    with the data folder ``root``, also the log, faulthandler and the worker-thread hook."""
    global _previous
    if root is not None:
        with contextlib.suppress(Exception):  # a note for IT: never worth failing to start for
            diagnostics.install(root)
    if sys.excepthook is not handle:
        _previous = sys.excepthook
    sys.excepthook = handle
