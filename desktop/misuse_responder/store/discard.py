"""Discarding an unfinished incident: what the wizard's "Discard" does, audited.

Records are never deleted, so discarding cannot remove the draft case the wizard may
already have made in the store (with any evidence added to it): that case is closed with
the outcome "Discarded before it was finished", by whom and when, in the audit trail, and
can still be read under "Closed cases". What is deleted is the wizard's encrypted draft
(the answers typed on its pages). When no case was made yet, the trail still records that
a draft was discarded, so nothing vanishes without a trace.
"""

from __future__ import annotations

from dataclasses import dataclass

from misuse_responder.i18n import _
from misuse_responder.store import audit, cases, drafts
from misuse_responder.store.vault import Vault

DISCARDED = "draft.discarded"


def discarded_outcome() -> str:
    return _("Discarded before it was finished")


@dataclass(frozen=True)
class DraftCase:
    """The store's side of a draft, for saying what discarding it means."""

    reference: str
    status: str
    evidence: int
    people: int
    entries: int


def draft_case(case_id: int | None) -> DraftCase | None:
    """The case a draft made in the store (None when none was made, or it is gone)."""
    if case_id is None:
        return None
    try:
        detail = cases.detail(case_id)
    except Exception:  # a case that cannot be read is treated as not made
        return None
    return DraftCase(
        detail.reference,
        detail.status,
        sum(1 for e in detail.evidence if e.withdrawn_at is None),
        len(detail.people),
        len(detail.entries),
    )


def discard_draft(vault: Vault, draft_id: str | None, case_id: int | None, by: str) -> None:
    """Close the draft case (if still a draft) as discarded, record the discard in the audit
    trail, then delete the wizard's draft file. If writing the record fails, the draft file
    is kept (the error is raised), so nothing is lost without a record."""
    now = vault.now()
    with vault.write():
        reference = ""
        if case_id is not None:
            case = cases.get_row(case_id)
            reference = str(case.reference)
            if case.status == "draft":
                cases.close_case(
                    vault,
                    case_id,
                    by,
                    discarded_outcome(),
                    _("{who} discarded the incident before it was finished.").format(who=by),
                )
        audit.append(
            now,
            by,
            DISCARDED,
            case_id,
            {"draft": draft_id or "", "case": case_id, "reference": reference},
        )
    if draft_id is not None:
        drafts.delete_draft(vault, draft_id)
