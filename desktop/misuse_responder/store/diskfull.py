"""A full disk, recognised wherever it surfaces, and named as such in one sentence.

A full disk reaches the store in several disguises: ``OSError`` ENOSPC/EDQUOT from a file
write, SQLite's "database or disk is full", and, worst, peewee's "cannot rollback - no
transaction is active": SQLite has already rolled the transaction back when it ran out of
space, so peewee's own rollback fails and its error hides the real one in ``__context__``.
``is_disk_full`` follows the chain, so every write path can tell staff the disk is full
rather than something misleading.
"""

from __future__ import annotations

import errno

from misuse_responder.i18n import _
from misuse_responder.store.errors import StoreError

_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_FULL_WORDS = ("database or disk is full", "no space left on device", "disk quota exceeded")


class DiskFull(StoreError):
    """The disk (or the user's quota) is full; nothing was changed."""


def is_disk_full(exc: BaseException) -> bool:
    """True when ``exc`` or anything in its cause/context chain is a full disk."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DiskFull):
            return True
        if isinstance(current, OSError) and current.errno in _FULL_ERRNOS:
            return True
        if any(word in str(current).lower() for word in _FULL_WORDS):
            return True
        current = current.__cause__ or current.__context__
    return False


def disk_full(what: str) -> DiskFull:
    """The one sentence for a full disk: ``what`` was not saved, and what to do."""
    return DiskFull(
        _(
            "The disk is full, so {what} was not saved and nothing was changed. Free some space "
            "(or ask IT), then try again: what you typed is still here."
        ).format(what=what)
    )
