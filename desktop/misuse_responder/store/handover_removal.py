"""Removing a handed-over case from the staff laptop, only on the DSL's valid receipt.

A receipt is checked against the addresses this laptop handed over to (never a key the
receipt carries) and the bundles it actually sent. Removal then deletes everything recorded
in the case (people, chronology, actions, assessments, evidence and its files, search
text, drafts) in one transaction, with SQLite ``secure_delete`` on, and empties the case's
own audit events: their links stay, and the removal event lists each emptied event's
sequence number and hash (store/audit.py). What stays is a stub: the reference, "handed
over", and the custody rows (fingerprints and staff labels, no pupil's name).
"""

from __future__ import annotations

import contextlib
import hashlib
from datetime import datetime
from typing import TYPE_CHECKING

from misuse_responder.handover.errors import ReceiptError
from misuse_responder.handover.receipt import read_receipt
from misuse_responder.i18n import _
from misuse_responder.store import audit, drafts, handover_custody, handover_keys, handover_send
from misuse_responder.store import models as m
from misuse_responder.store.errors import HandoverRefused
from misuse_responder.store.handover_views import REMOVED, ReceiptCheck
from misuse_responder.store.sealing import secure_erase

if TYPE_CHECKING:
    from misuse_responder.store.vault import Vault

HANDED_OVER = "handed-over"
MAX_RECEIPT = 64 * 1024


def check(data: bytes) -> ReceiptCheck:
    """A receipt read and checked; raises ``HandoverRefused`` with one sentence."""
    if len(data) > MAX_RECEIPT:
        raise HandoverRefused(_("This is not a hand-over receipt from Misuse Responder."))
    try:
        receipt = read_receipt(
            data, handover_keys.every_recipient_ever(), handover_send.sent_pairs()
        )
    except ReceiptError as exc:
        raise HandoverRefused(str(exc)) from None
    case = m.Case.get_or_none(m.Case.uuid == receipt.case_uuid)
    if case is None:
        raise HandoverRefused(_("This receipt is for a case that was never sent from this laptop."))
    return ReceiptCheck(
        case_id=int(case.id),
        reference=str(case.reference),
        receiver=handover_keys.party(receipt.receiver),
        received_at=datetime.fromisoformat(receipt.received_at),
        bundle_sha256=receipt.bundle_sha256,
        receipt_sha256=hashlib.sha256(data.strip()).hexdigest(),
        already_removed=case.status == HANDED_OVER,
    )


def _blocking_seals(case_id: int) -> int:
    return (
        m.Evidence.select()
        .where(
            m.Evidence.case == case_id,
            m.Evidence.sealed_at.is_null(False),
            (m.Evidence.seal_decision.is_null()) | (m.Evidence.seal_decision == "keep-for-police"),
        )
        .count()
    )


def remove(vault: Vault, receipt: ReceiptCheck, by: str) -> None:
    """Leave only the stub of the case the receipt is for."""
    case = m.Case.get_by_id(receipt.case_id)
    if case.status == HANDED_OVER:
        raise HandoverRefused(
            _("{ref} has already been removed from this laptop.").format(ref=case.reference)
        )
    if _blocking_seals(case.id):
        raise HandoverRefused(
            _(
                "{ref} holds sealed files waiting for the DSL's decision (or kept for the "
                "police) that never travel in a hand-over, so it stays on this laptop until "
                "the DSL has decided on them."
            ).format(ref=case.reference)
        )
    case_id = int(case.id)
    blob_names = [
        str(b)
        for (b,) in m.tuples(
            m.Evidence.select(m.Evidence.blob_name).where(
                m.Evidence.case == case_id, m.Evidence.blob_name.is_null(False)
            )
        )
    ]
    draft_ids = [d.id for d in drafts.list_drafts(vault)[0] if d.case_id == case_id]
    now = vault.now()
    with vault.write():
        emptied = [
            [seq, digest]
            for seq, digest in m.tuples(
                m.AuditEvent.select(m.AuditEvent.seq, m.AuditEvent.hash)
                .where(m.AuditEvent.case_id == case_id)
                .order_by(m.AuditEvent.seq)
            )
        ]
        m.AuditEvent.update(data_json=audit.REDACTED).where(
            m.AuditEvent.case_id == case_id
        ).execute()
        m.SearchText.delete().where(m.SearchText.case_id == case_id).execute()
        m.Entry.update(corrects=None).where(m.Entry.case == case_id).execute()
        for model in (
            m.Entry,
            m.Person,
            m.Action,
            m.Assessment,
            m.Evidence,
            m.CaseConcern,
            m.OriginEvent,
            m.OriginRow,
        ):
            model.delete().where(model.case == case_id).execute()
        m.Case.update(
            title=_("Handed over"),
            status=HANDED_OVER,
            facts_json="{}",
            outcome=None,
            close_reason=None,
            updated_at=now,
        ).where(m.Case.id == case_id).execute()
        handover_custody.record(
            case_id,
            REMOVED,
            now,
            by,
            handover_keys.party(handover_keys.address()),
            [receipt.receiver],
            receipt.bundle_sha256,
            origin_reference=case.origin_reference,
            receipt_sha256=receipt.receipt_sha256,
        )
        audit.append(
            now,
            by,
            audit.REMOVED_KIND,
            case_id,
            {
                "emptied": emptied,
                "receipt_sha256": receipt.receipt_sha256,
                "bundle_sha256": receipt.bundle_sha256,
                "receiver": receipt.receiver.fingerprint,
                "received_at": receipt.received_at.isoformat(),
            },
        )
    for name in blob_names:
        with contextlib.suppress(OSError):
            secure_erase(vault.paths.blob(name))
    for draft_id in draft_ids:
        with contextlib.suppress(OSError):
            drafts.delete_draft(vault, draft_id)
    # The search index keeps deleted words in its segments until they are merged; and the
    # WAL holds the old pages until a checkpoint. Both are encrypted, but neither should
    # keep a child's name once the case has gone.
    vault.db.execute_sql("INSERT INTO search_text(search_text) VALUES('optimize')")
    vault.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
