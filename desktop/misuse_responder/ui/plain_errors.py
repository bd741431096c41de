"""Any failure as the one sentence a screen shows: never a traceback, never a blank label.

The store's own errors already are that sentence. A full disk or a damaged database can
still surface as something else (an ``OSError``, a SQLite error), and anything else is a
bug: the screen says what was not saved, keeps what was typed, and one line goes to the
log for IT (``misuse_responder.diagnostics``: the error's type and place, never its message).
"""

from __future__ import annotations

import os
import sys
import traceback

from misuse_responder import diagnostics
from misuse_responder.i18n import _


def plain_error(exc: BaseException, what: str) -> str:
    """The sentence for ``exc``; ``what`` names what was not saved, e.g. "the entry"."""
    from misuse_responder.store.damage import is_damage
    from misuse_responder.store.diskfull import is_disk_full
    from misuse_responder.store.errors import StoreError

    if isinstance(exc, StoreError):
        return str(exc)
    if is_disk_full(exc):
        return _(
            "The disk is full, so {what} was not saved and nothing was changed. Free some "
            "space (or ask IT), then try again: what you typed is still here."
        ).format(what=what)
    if is_damage(exc):
        return _(
            "The case database is damaged, so {what} was not saved. Lock the app and ask IT "
            "to run 'misuse-responder verify'; what you typed is still here."
        ).format(what=what)
    # A bug: one line for IT in the log (the traceback, on stderr, only when debugging).
    diagnostics.log_unexpected(exc, f"{what} not saved")
    if os.environ.get(diagnostics.DEBUG_ENV) and sys.stderr is not None:
        traceback.print_exception(exc, file=sys.stderr)
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return _("Sorry: {what} could not be saved ({detail}). What you typed is still here.").format(
        what=what, detail=" ".join(detail.split())[:120]
    )
