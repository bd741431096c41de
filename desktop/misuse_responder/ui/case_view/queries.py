"""Read-only queries the screens need that the store's service API does not offer yet.

Kept in one small module so they can move into ``store/search.py`` in one step: the
next follow-up due per case, the follow-ups due by a moment, and a case's audit trail.
Everything returned is plain values, never a live row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class DueFollowUp:
    case_id: int
    reference: str
    action_id: int
    title: str
    label: str
    due_at: datetime


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime
    actor: str
    kind: str
    data: dict[str, Any]


def next_due_by_case(case_ids: list[int]) -> dict[int, datetime]:
    """The earliest pending follow-up due time for each of ``case_ids`` that has one."""
    if not case_ids:
        return {}
    from peewee import fn

    from misuse_responder.store import models as m

    query = (
        m.Action.select(m.Action.case, fn.MIN(m.Action.due_at))
        .where(
            m.Action.case.in_(case_ids),
            m.Action.status == "pending",
            m.Action.due_at.is_null(False),
        )
        .group_by(m.Action.case)
    )
    return {case_id: datetime.fromisoformat(due) for case_id, due in m.tuples(query)}


def due_follow_ups(until: datetime) -> list[DueFollowUp]:
    """Pending follow-ups on cases not closed, due at or before ``until``, soonest first."""
    from misuse_responder.store import models as m
    from misuse_responder.store.vault import iso

    query = (
        m.Action.select(
            m.Action.case,
            m.Case.reference,
            m.Action.id,
            m.Action.title,
            m.Action.due_label,
            m.Action.due_at,
        )
        .join(m.Case, on=(m.Action.case == m.Case.id))
        .where(
            m.Action.status == "pending",
            m.Action.due_at.is_null(False),
            m.Action.due_at <= iso(until),
            m.Case.status != "closed",
        )
        .order_by(m.Action.due_at)
    )
    return [
        DueFollowUp(case_id, ref, action_id, title, label or "", datetime.fromisoformat(due))
        for case_id, ref, action_id, title, label, due in m.tuples(query)
    ]


def audit_trail(case_id: int) -> list[AuditRow]:
    """Every audit event recorded against the case, oldest first."""
    from misuse_responder.store import models as m

    query = (
        m.AuditEvent.select(
            m.AuditEvent.seq,
            m.AuditEvent.at,
            m.AuditEvent.actor,
            m.AuditEvent.kind,
            m.AuditEvent.data_json,
        )
        .where(m.AuditEvent.case_id == case_id)
        .order_by(m.AuditEvent.seq)
    )
    rows = []
    for seq, at, actor, kind, data_json in m.tuples(query):
        try:
            data = json.loads(data_json)
        except ValueError:
            data = {}
        rows.append(AuditRow(seq, datetime.fromisoformat(at), actor, kind, data))
    return rows


def local_time(moment: datetime | None) -> str:
    """A time as staff read it: local, day month year, 24-hour clock."""
    if moment is None:
        return ""
    local = moment.astimezone()
    return f"{local.day} {local:%b %Y %H:%M}"
