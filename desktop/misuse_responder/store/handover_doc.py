"""The case document inside a bundle (``case.json``): a case's rows exactly as stored.

Rows travel as the sending database holds them (every column, its own ids), with a
global ``uid`` per row, so the receiver can (1) recompute the same state digests the
sender's audit trail recorded for the case (store/audit.py) and so prove the rows are the
ones that trail speaks for, and (2) tell on a later hand-over which rows it already holds.
The case's own audit events travel too, each link re-hashed on arrival.
"""

from __future__ import annotations

import json
from typing import Any

from misuse_responder.i18n import _
from misuse_responder.store import audit
from misuse_responder.store import models as m
from misuse_responder.store.errors import HandoverRefused

FORMAT, VERSION = "misuse-responder-case-doc", 1
# (name in the document and in the audit state, model, sort key column names)
TABLES: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("case", m.Case, ("id",)),
    ("concerns", m.CaseConcern, ("concern",)),
    ("assessments", m.Assessment, ("id",)),
    ("people", m.Person, ("id",)),
    ("entries", m.Entry, ("id",)),
    ("actions", m.Action, ("id",)),
    ("evidence", m.Evidence, ("id",)),
    ("custody", m.Custody, ("id",)),
    ("origin_events", m.OriginEvent, ("id",)),
)
UID_TABLES = ("assessments", "people", "entries", "actions", "evidence", "custody")


def _rows(name: str, model: Any, case_id: int) -> list[dict[str, Any]]:
    column = model.id if model is m.Case else model.case
    order = (model.concern,) if model is m.CaseConcern else (model.id,)
    sql, names = audit._select(name, model, column, order)
    return [dict(zip(names, row, strict=True)) for row in m.database.execute_sql(sql, (case_id,))]


def uid_map(case_id: int) -> dict[tuple[str, int], str]:
    """``(table, local id) -> uid`` for rows that came from another laptop."""
    return {
        (table, local): uid
        for table, uid, local in m.tuples(
            m.OriginRow.select(m.OriginRow.table, m.OriginRow.uid, m.OriginRow.local_id).where(
                m.OriginRow.case == case_id
            )
        )
    }


def build(case_id: int, store_id: str) -> dict[str, Any]:
    """Everything recorded in the case, for a bundle."""
    mapped = uid_map(case_id)
    tables: dict[str, list[dict[str, Any]]] = {}
    uids: dict[str, list[str]] = {}
    for name, model, _order in TABLES:
        rows = _rows(name, model, case_id)
        tables[name] = rows
        if name in UID_TABLES:
            if name == "custody":
                uids[name] = [str(r["uid"]) for r in rows]
            else:
                uids[name] = [
                    mapped.get((name, r["id"]), f"{store_id}/{name}/{r['id']}") for r in rows
                ]
    events = [
        {
            "seq": seq,
            "at": at,
            "actor": actor,
            "kind": kind,
            "case_id": cid,
            "data_json": data_json,
            "prev_hash": prev,
            "hash": digest,
        }
        for seq, at, actor, kind, cid, data_json, prev, digest in m.tuples(
            m.AuditEvent.select(
                m.AuditEvent.seq,
                m.AuditEvent.at,
                m.AuditEvent.actor,
                m.AuditEvent.kind,
                m.AuditEvent.case_id,
                m.AuditEvent.data_json,
                m.AuditEvent.prev_hash,
                m.AuditEvent.hash,
            )
            .where(m.AuditEvent.case_id == case_id)
            .order_by(m.AuditEvent.seq)
        )
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "store_id": store_id,
        "tables": tables,
        "uids": uids,
        "audit": events,
    }


def _damaged() -> HandoverRefused:
    return HandoverRefused(
        _("This hand-over file's case records are damaged, so nothing was added.")
    )


def _digest(rows: list[dict[str, Any]], order: tuple[str, ...]) -> list[Any]:
    """The digest store/audit.py records, over rows in the order its queries read them."""
    ordered = sorted(rows, key=lambda r: tuple(r[k] for k in order))
    return audit.rows_digest(row.items() for row in ordered)


def check(doc: Any, case_uuid: str) -> tuple[str, ...]:
    """Check a received document; returns the checks passed, raises ``HandoverRefused``.

    Types first (a signed document from a trusted laptop can still be from a buggy one),
    then every audit link, then the rows against the state the last event recorded."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _damaged()
    if doc.get("version") != VERSION:
        raise HandoverRefused(
            _("This hand-over was made by a newer version of the app; update this one.")
        )
    tables, uids, events = doc.get("tables"), doc.get("uids"), doc.get("audit")
    if not isinstance(tables, dict) or not isinstance(uids, dict) or not isinstance(events, list):
        raise _damaged()
    for name, model, _order in TABLES:
        rows = tables.get(name)
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise _damaged()
        columns = {f.column_name for f in model._meta.sorted_fields}
        for row in rows:
            if set(row) != columns or not all(
                v is None or isinstance(v, (str, int)) for v in row.values()
            ):
                raise _damaged()
        if name in UID_TABLES:
            ids = uids.get(name)
            if (
                not isinstance(ids, list)
                or len(ids) != len(rows)
                or not all(isinstance(u, str) and 0 < len(u) <= 200 for u in ids)
                or len(set(ids)) != len(ids)
            ):
                raise _damaged()
    case_rows = tables["case"]
    if len(case_rows) != 1 or case_rows[0].get("uuid") != case_uuid:
        raise _damaged()
    case_id = case_rows[0]["id"]
    for name, _model, _order in TABLES[1:]:
        if any(r.get("case_id") != case_id for r in tables[name]):
            raise _damaged()
    _check_events(events, case_id)
    last = json.loads(events[-1]["data_json"])
    state = last.get(audit.STATE) if isinstance(last, dict) else None
    recorded = state.get("tables") if isinstance(state, dict) else None
    if not isinstance(recorded, dict):
        raise _damaged()
    for name, _model, order in TABLES:
        if audit.recorded_digest(recorded, name) != _digest(tables[name], order):
            raise HandoverRefused(
                _(
                    "This hand-over's case records do not match its own audit trail, "
                    "so nothing was added."
                )
            )
    return (
        "every audit event of the case re-hashed",
        "the case's records match the state its last audit event recorded",
    )


def _check_events(events: list[Any], case_id: int) -> None:
    if not events:
        raise _damaged()
    last_seq = 0
    for ev in events:
        if not isinstance(ev, dict):
            raise _damaged()
        try:
            seq, at, actor, kind = int(ev["seq"]), str(ev["at"]), str(ev["actor"]), str(ev["kind"])
            data_json, prev, stored = str(ev["data_json"]), str(ev["prev_hash"]), str(ev["hash"])
            if ev["case_id"] != case_id or seq <= last_seq:
                raise ValueError("order")
            digest = audit.event_hash(prev, seq, at, actor, kind, case_id, data_json)
        except (KeyError, TypeError, ValueError) as exc:
            raise _damaged() from exc
        if digest != stored:
            raise HandoverRefused(
                _("This hand-over's audit trail has been altered, so nothing was added.")
            )
        last_seq = seq
