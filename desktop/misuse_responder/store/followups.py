"""Read-only questions the screens ask of the store: what is due, and a case's audit trail.

Answers are plain values (frozen dataclasses, datetimes), never live rows, so the UI never
touches peewee.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from peewee import fn

from misuse_responder.store import models as m
from misuse_responder.store.audit import STATE
from misuse_responder.store.vault import iso


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
        if isinstance(data, dict):
            data.pop(STATE, None)  # digests for verify, not something to read on screen
        rows.append(AuditRow(seq, datetime.fromisoformat(at), actor, kind, data))
    return rows
