"""Any failure as the one sentence a screen shows: never a traceback, never a blank label.

The store's own errors already are that sentence. A full disk or a damaged database can
still surface as something else (an ``OSError``, a SQLite error), and anything else is a
bug: the screen says what was not saved, keeps what was typed, and the details go to the
log for IT (stderr), not to the member of staff.
"""

from __future__ import annotations

import logging
import os

from misuse_responder.i18n import _

log = logging.getLogger("misuse_responder")


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
    # A bug: one line for IT in the log (the traceback only when debugging is switched on).
    debug = bool(os.environ.get("MISUSE_RESPONDER_DEBUG"))
    log.error(
        "%s not saved: %s: %s", what, type(exc).__name__, exc, exc_info=exc if debug else None
    )
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return _("Sorry: {what} could not be saved ({detail}). What you typed is still here.").format(
        what=what, detail=" ".join(detail.split())[:120]
    )
