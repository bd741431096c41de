"""From the schools' files to the report the trust may print: read every file (all or
none), merge, and suppress after merging. One sequence for the trust's store and for the
command line with only a key file, so the two can never check or hide differently."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from pyrage import x25519

from misuse_responder.handover.address import HandoverAddress
from misuse_responder.handover.fingerprint import normalise
from misuse_responder.oversight.merge import merge
from misuse_responder.oversight.model import Report, SchoolSummary
from misuse_responder.oversight.summary_file import read_summary_files
from misuse_responder.oversight.suppress import suppress


@dataclass(frozen=True)
class Assembled:
    report: Report
    files: list[tuple[Path, SchoolSummary, HandoverAddress]]  # this period's, as read
    previous_files: int


def assemble(
    paths: Sequence[Path],
    identity: x25519.Identity,
    me_fingerprint: str | None,
    *,
    previous: Sequence[Path] = (),
    known: Collection[str] = (),
    confirmed: Collection[str] = (),
) -> Assembled:
    """Raises ``OversightError`` (``UnknownSchools`` for schools neither known nor
    confirmed) before anything is drawn. Fingerprints may be given as a person typed them."""
    known_fps = {normalise(fp) for fp in known}
    confirmed_fps = {normalise(fp) for fp in confirmed}
    files = read_summary_files(paths, identity, me_fingerprint)
    earlier = read_summary_files(previous, identity, me_fingerprint) if previous else []
    merged = merge([s for _p, s, _a in files], known=known_fps, confirmed=confirmed_fps)
    before = None
    if earlier:  # the schools of this period are confirmed by now
        now_in = {s.school.fingerprint for _p, s, _a in files}
        before = merge([s for _p, s, _a in earlier], known=known_fps | confirmed_fps | now_in)
    return Assembled(suppress(merged, before), files, len(earlier))
