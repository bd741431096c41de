"""A case's chain of custody across laptops, as plain views for screens and the pack."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from misuse_responder.store import models as m
from misuse_responder.store.handover_views import CustodyView, Party


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
