"""Every store call the oversight screens make, in one place.

The screens were written while the store's oversight methods (issue 13's contract) were
still being built on other branches, so they never call the store directly: a renamed
method or argument is then one edit here, not a hunt through the dialogs. This module is
Qt-free; it also turns any failure into the one sentence a screen shows.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from misuse_responder.export.pack import ExportResult
from misuse_responder.handover.address import HandoverAddress, parse_address
from misuse_responder.handover.errors import HandoverError
from misuse_responder.i18n import _
from misuse_responder.oversight.errors import OversightError, UnknownSchools
from misuse_responder.oversight.model import SUFFIX, School
from misuse_responder.progress import CancelToken, Progress
from misuse_responder.ui.plain_errors import plain_error

__all__ = [
    "SUFFIX",
    "OversightError",
    "School",
    "UnknownSchools",
    "own_address",
    "read_address",
    "sentence",
    "set_trust_address",
    "summary_file_name",
    "trust_address",
    "trust_report",
    "trusted_schools",
    "unreadable",
    "write_trust_summary",
]


def sentence(exc: BaseException, what: str) -> str:
    """The sentence a screen shows for ``exc``; ``what`` names what was not made.

    Oversight and hand-over errors already are that sentence (they are not ``StoreError``s,
    so ``plain_error`` alone would log them as bugs)."""
    if isinstance(exc, OversightError | HandoverError):
        return str(exc)
    return plain_error(exc, what)


def unreadable(exc: OSError) -> str:
    """A file chosen to read that cannot be (gone, no permission): what to check."""
    return _(
        "That file could not be read ({detail}). Check it is still there (or the USB stick "
        "is still in), then choose it again."
    ).format(detail=exc.strerror or type(exc).__name__)


# --- the school's side -------------------------------------------------------------------
def trust_address(store: Any) -> HandoverAddress | None:
    """The trust's address this school sends its figures to (None until one is set)."""
    address: HandoverAddress | None = store.trust_address()
    return address


def read_address(data: bytes | str) -> HandoverAddress:
    """An address file's contents, checked (signature, fingerprint) but not stored: the DSL
    sees the name and fingerprint and checks them by phone before anything is saved."""
    return parse_address(data)


def set_trust_address(store: Any, data: bytes | str | None, by: str) -> HandoverAddress | None:
    address: HandoverAddress | None = store.set_trust_address(data, by)
    return address


def summary_file_name(school: str, start: date, end: date) -> str:
    """The file name offered for a school's figures, e.g.
    "St Hilda's figures 01-09-2026 to 04-12-2026.mrsummary" (any script kept; only the
    characters no file system allows are replaced)."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", school).strip(" .") or _("School")
    return _("{school} figures {start} to {end}").format(
        school=safe, start=start.strftime("%d-%m-%Y"), end=end.strftime("%d-%m-%Y")
    ) + str(SUFFIX)


def write_trust_summary(
    store: Any,
    start: date,
    end: date,
    dest: Path,
    by: str,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """Write the ``.mrsummary`` at ``dest`` (a file path); returns where it is."""
    written: Path = store.write_trust_summary(
        start, end, dest, by, progress=progress, cancel=cancel
    )
    return Path(written)


# --- the trust's side --------------------------------------------------------------------
def own_address(store: Any) -> HandoverAddress:
    """This store's own hand-over address: the one a trust gives its schools."""
    address: HandoverAddress = store.handover_address()
    return address


def trusted_schools(store: Any) -> tuple[School, ...]:
    schools: tuple[School, ...] = tuple(store.trusted_schools())
    return schools


def trust_report(
    store: Any,
    paths: Sequence[Path],
    out: Path,
    by: str,
    *,
    previous: Sequence[Path] = (),
    confirmed: Collection[str] = (),
    csv_out: Path | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> ExportResult:
    """Read, merge, suppress and draw; raises ``UnknownSchools`` (confirm, then call again
    with ``confirmed``) or ``OversightError`` with nothing written."""
    result: ExportResult = store.trust_report(
        list(paths),
        out,
        by,
        previous=list(previous),
        confirmed=tuple(confirmed),
        csv_out=csv_out,
        progress=progress,
        cancel=cancel,
    )
    return result
