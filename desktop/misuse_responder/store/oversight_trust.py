"""Trust-wide oversight in the store: the trust's address on a school's laptop, the
schools a trust has confirmed, and the two files that travel between them.

Both lists are ``peer`` rows, like hand-over recipients and senders: role ``trust`` (at
most one kept, the address a school's summaries are encrypted to) and role
``oversight-school`` (a school whose fingerprint the trust's oversight lead checked once;
its later summaries merge without asking again). Each change is an audited store-wide
event, so the DSL can see who pointed the laptop at which trust, and when.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from misuse_responder.handover.address import HandoverAddress, from_public_dict, parse_address
from misuse_responder.handover.errors import AddressError
from misuse_responder.i18n import _
from misuse_responder.oversight import counts
from misuse_responder.oversight.errors import OversightError
from misuse_responder.oversight.model import School, SchoolSummary
from misuse_responder.oversight.summary_file import write_summary
from misuse_responder.progress import CancelToken, no_progress
from misuse_responder.store import audit, handover_keys, records
from misuse_responder.store import models as m
from misuse_responder.store.errors import StoreDamaged

if TYPE_CHECKING:
    from misuse_responder.export.pack import ExportResult
    from misuse_responder.store.vault import Vault

TRUST, SCHOOL = "trust", "oversight-school"
Progress = Callable[[int, int], None]


def _active(role: str) -> list[m.Peer]:
    return list(
        m.Peer.select()
        .where(m.Peer.role == role, m.Peer.removed_at.is_null())
        .order_by(m.Peer.school, m.Peer.fingerprint)
    )


def _address(row: m.Peer) -> HandoverAddress:
    try:
        return from_public_dict(json.loads(row.address_json))
    except (ValueError, TypeError) as exc:
        raise StoreDamaged(_("A saved hand-over address is damaged.")) from exc


# --- the school's side -----------------------------------------------------------------------
def trust_address() -> HandoverAddress | None:
    """The trust's address this school's summaries go to, if one was set."""
    rows = _active(TRUST)
    return _address(rows[0]) if rows else None


def set_trust_address(vault: Vault, data: bytes | str | None, by: str) -> HandoverAddress | None:
    """Set the trust's address from its ``.mraddr`` (``None`` clears it); audited."""
    addr = None
    if data is not None:
        try:
            addr = parse_address(data)
        except AddressError as exc:
            raise OversightError(str(exc)) from None
        if addr.fingerprint == handover_keys.keys().fingerprint:
            raise OversightError(
                _("That is this laptop's own hand-over address; use the trust's address instead.")
            )
    now = vault.now()
    with vault.write():
        m.Peer.update(removed_at=now, removed_by=by).where(
            m.Peer.role == TRUST, m.Peer.removed_at.is_null()
        ).execute()
        if addr is not None:
            _keep(addr, TRUST, now, by, {})
        audit.append(
            now,
            by,
            "oversight.trust-set",
            None,
            {
                "fingerprint": addr.fingerprint if addr else "",
                "label": addr.label if addr else "",
                "school": addr.school if addr else "",
                "store_id": addr.store_id if addr else "",
            },
        )
    return addr


def _keep(addr: HandoverAddress, role: str, now: str, by: str, extra: dict[str, Any]) -> None:
    """Add the peer row (or bring a removed one back) with the address as it is now."""
    doc = json.dumps({**addr.to_public_dict(), **extra}, sort_keys=True)
    fields = {
        "store_id": addr.store_id,
        "label": addr.label,
        "school": addr.school,
        "address_json": doc,
        "added_at": now,
        "added_by": by,
        "removed_at": None,
        "removed_by": None,
    }
    row = m.Peer.get_or_none(m.Peer.role == role, m.Peer.fingerprint == addr.fingerprint)
    if row is None:
        m.Peer.create(role=role, fingerprint=addr.fingerprint, **fields)
    else:
        m.Peer.update(**fields).where(m.Peer.id == row.id).execute()


def school_summary(
    vault: Vault,
    start: date,
    end: date,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> SchoolSummary:
    """This school's counts for ``start``..``end``, as the summary file will carry them."""
    if end < start:
        raise OversightError(_("The period ends before it starts."))
    profile = records.school_profile()
    cases, by_id = counts.school_counts(
        start, end, progress or no_progress, cancel, jurisdiction=profile.jurisdiction
    )
    return SchoolSummary(
        school=School(profile.name, handover_keys.keys().fingerprint, profile.jurisdiction),
        period_from=start,
        period_to=end,
        guide_version=counts.guide_version(profile.jurisdiction),
        made_at=vault.clock(),
        cases=cases,
        counts=by_id,
    )


def write_trust_summary(
    vault: Vault,
    start: date,
    end: date,
    dest: Path,
    by: str,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """Write the ``.mrsummary`` for the trust atomically (complete or not there); audited
    with its SHA-256 and the number of cases, never the counts' categories."""
    from misuse_responder.export import atomic

    to = trust_address()
    if to is None:
        raise OversightError(
            _(
                "This laptop has no address for the trust yet: ask the trust's oversight lead "
                "for their hand-over address and set it first."
            )
        )
    summary = school_summary(vault, start, end, progress, cancel)
    data = write_summary(summary, handover_keys.keys(), handover_keys.address(), to)
    (cancel or CancelToken()).raise_if_cancelled()
    dest = Path(dest)
    atomic.write_private(dest, data)
    try:
        with vault.write():
            audit.append(
                vault.now(),
                by,
                "oversight.summary",
                None,
                {
                    "from": start.isoformat(),
                    "to": end.isoformat(),
                    "cases": summary.cases,
                    "trust_fingerprint": to.fingerprint,
                    "file_name": dest.name,
                    "sha256": hashlib.sha256(data).hexdigest(),
                },
            )
    except BaseException:
        dest.unlink(missing_ok=True)  # a summary the audit trail does not know is not left
        raise
    return dest


# --- the trust's side ------------------------------------------------------------------------
def trusted_schools() -> tuple[School, ...]:
    """Schools whose fingerprint the trust confirmed before, by name."""
    out = []
    for row in _active(SCHOOL):
        try:
            jurisdiction = str(json.loads(row.address_json).get("jurisdiction", "england"))
        except (ValueError, AttributeError) as exc:
            raise StoreDamaged(_("A saved hand-over address is damaged.")) from exc
        out.append(School(row.school, row.fingerprint, jurisdiction))
    return tuple(out)


def trust_report(
    vault: Vault,
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
    """The trust's report from the schools' files: all read with this store's own identity,
    merged (schools not confirmed before raise ``UnknownSchools``), suppressed after the
    merge and drawn. Only then are newly confirmed schools kept as trusted; nothing is
    written when anything fails."""
    from misuse_responder.export.trust_report import render_trust_report
    from misuse_responder.oversight.assemble import assemble

    cancel = cancel or CancelToken()
    keys = handover_keys.keys()
    known = {s.fingerprint for s in trusted_schools()}
    made = assemble(
        paths, keys.identity, keys.fingerprint, previous=previous, known=known, confirmed=confirmed
    )
    files, report, merged = made.files, made.report, made.report.merged
    cancel.raise_if_cancelled()
    result = render_trust_report(
        report,
        Path(out),
        csv_out=csv_out,
        trust_name=records.school_profile().name,
        progress=progress or no_progress,
        cancel=cancel,
    )
    senders = {a.fingerprint: (s, a) for _p, s, a in files}
    new = [fp for fp in senders if fp not in known]
    try:
        with vault.write():
            now = vault.now()
            for fp in new:
                summary, addr = senders[fp]
                _keep(addr, SCHOOL, now, by, {"jurisdiction": summary.school.jurisdiction})
                m.Peer.update(school=summary.school.name).where(
                    m.Peer.role == SCHOOL, m.Peer.fingerprint == fp
                ).execute()
            audit.append(
                now,
                by,
                "oversight.report",
                None,
                {
                    "from": merged.period_from.isoformat(),
                    "to": merged.period_to.isoformat(),
                    "schools": sorted(senders),
                    "newly_trusted": sorted(new),
                    "previous_files": made.previous_files,
                    "file_name": Path(out).name,
                    "csv_file_name": Path(csv_out).name if csv_out is not None else "",
                    "sha256": result.sha256,
                    "pages": result.pages,
                },
            )
    except BaseException:
        Path(out).unlink(missing_ok=True)
        if csv_out is not None:
            Path(csv_out).unlink(missing_ok=True)
        raise
    return result
