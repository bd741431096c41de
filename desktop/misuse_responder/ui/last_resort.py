"""The GUI's last resort: an exception no screen caught becomes one sentence, not a traceback.

Every screen turns the failures it expects into a sentence of its own (``plain_errors``).
What escapes (a bug, or a damaged database met somewhere unexpected) would otherwise be
printed by Python as a traceback on the console and leave the screen half-updated with no
word to the user. Installed once by ``app.run``: the user sees what happened and what to
do; the details go to the log for IT, with the traceback only when
``MISUSE_RESPONDER_DEBUG`` is set.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from types import TracebackType

from misuse_responder.i18n import _

log = logging.getLogger("misuse_responder")
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
    return _(
        "Something unexpected went wrong ({kind}). What was on the screen may not be up to "
        "date: go back to the case list and check. If it happens again, tell IT."
    ).format(kind=type(exc).__name__)


def handle(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook``: log one line, show one sentence (one box at a time)."""
    global _showing
    if issubclass(kind, KeyboardInterrupt) or not _event_loop_running():
        # Outside the running app (a script around it, after it has quit) there is no screen
        # to speak to and a modal box would wait for ever: Python's own report is right.
        _previous(kind, exc, tb)
        return
    if os.environ.get("MISUSE_RESPONDER_DEBUG"):
        traceback.print_exception(kind, exc, tb, file=sys.stderr)
    else:
        log.error("unexpected failure: %s: %s", kind.__name__, " ".join(str(exc).split())[:200])
    if _showing:
        return
    _showing = True
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None:
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


def install() -> None:
    """Make ``handle`` the excepthook (it passes on to the previous one outside the app)."""
    global _previous
    if sys.excepthook is not handle:
        _previous = sys.excepthook
    sys.excepthook = handle
