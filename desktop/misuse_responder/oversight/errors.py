"""The oversight exceptions: one plain, translated sentence each, shown as it is.

A trust's report is produced whole or not at all, so every reader and merger refuses by
raising one of these before anything is written; the GUI and the command line print
``str(exc)`` and nothing else. ``OversightError`` is a ``StoreError``, so the command
line's ``guarded`` and the GUI's ``plain_error`` already show it as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

from misuse_responder.oversight.model import School
from misuse_responder.store.errors import StoreError


class OversightError(StoreError):
    """A summary file or a merge that cannot be used; ``str()`` is the sentence to show."""


class UnknownSchools(OversightError):
    """Summaries from schools the trust has not confirmed yet (by fingerprint, read aloud
    with the school): the caller lists them and asks before they are included."""

    def __init__(self, message: str, schools: Iterable[School] = ()) -> None:
        super().__init__(message)
        self.schools: tuple[School, ...] = tuple(schools)
