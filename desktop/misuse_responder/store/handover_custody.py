"""A case's chain of custody across laptops, as plain views for screens and the pack.

``cases.detail`` reads this on every case view, so the key and address modules (which load
the age and Ed25519 libraries) are imported only by the functions that write or filter rows.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from misuse_responder.store import models as m
from misuse_responder.store.handover_views import CustodyView, Party


def party_doc(p: Party) -> dict[str, str]:
    """A party as a custody row stores it (``_party`` reads it back)."""
    return {"label": p.label, "fingerprint": p.fingerprint, "school": p.school}


def record(
    case_id: int,
    kind: str,
    at: str,
    by: str,
    sender: Party,
    recipients: Sequence[Party],
    bundle_sha256: str,
    *,
    checks: Sequence[str] = (),
    evidence: Sequence[str] = (),
    origin_reference: str | None = None,
    receipt_sha256: str | None = None,
) -> None:
    """One custody row made by this store (inside the caller's write transaction); its uid
    starts with this store's id, which is how ``own`` tells it from rows that arrived."""
    from misuse_responder.store import handover_keys

    m.Custody.create(
        case=case_id,
        uid=f"{handover_keys.store_id()}/custody/{uuid.uuid4()}",
        kind=kind,
        at=at,
        by=by,
        sender_json=json.dumps(party_doc(sender)),
        recipients_json=json.dumps([party_doc(r) for r in recipients]),
        bundle_sha256=bundle_sha256,
        checks_json=json.dumps(list(checks)),
        evidence_json=json.dumps(list(evidence)),
        origin_reference=origin_reference,
        receipt_sha256=receipt_sha256,
    )


def own(kind: str) -> Any:
    """This store's own custody rows of ``kind`` (not those received inside bundles)."""
    from misuse_responder.store import handover_keys

    return m.Custody.select().where(
        m.Custody.kind == kind, m.Custody.uid.startswith(handover_keys.store_id())
    )


def _party(doc: Any) -> Party:
    if not isinstance(doc, dict):
        return Party("?", "?")
    return Party(
        str(doc.get("label", "")), str(doc.get("fingerprint", "")), str(doc.get("school", ""))
    )


def _list(text: str) -> tuple[str, ...]:
    try:
        data = json.loads(text)
    except ValueError:
        return ()
    return tuple(str(x) for x in data) if isinstance(data, list) else ()


def custody(case_id: int) -> tuple[CustodyView, ...]:
    """Every custody row of the case, oldest first (rows received in bundles included)."""
    rows = m.Custody.select().where(m.Custody.case == case_id).order_by(m.Custody.at, m.Custody.id)
    out = []
    for row in rows:
        try:
            recipients = json.loads(row.recipients_json)
        except ValueError:
            recipients = []
        try:
            sender = json.loads(row.sender_json)
        except ValueError:
            sender = None
        out.append(
            CustodyView(
                kind=row.kind,
                at=datetime.fromisoformat(row.at),
                by=row.by,
                sender=_party(sender),
                recipients=tuple(_party(r) for r in recipients)
                if isinstance(recipients, list)
                else (),
                bundle_sha256=row.bundle_sha256,
                checks=_list(row.checks_json),
                evidence=_list(row.evidence_json),
                origin_reference=row.origin_reference,
                receipt_sha256=row.receipt_sha256,
            )
        )
    return tuple(out)
