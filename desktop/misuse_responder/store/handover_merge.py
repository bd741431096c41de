"""Merging a checked case document into this store: new rows only, in one transaction.

Every record is append-only, so a later hand-over of the same case (same case uuid) adds
the rows this store does not hold yet (matched by their global ``uid``), and carries the
one-way changes the sender made since (an evidence item withdrawn or sealed, a person
removed, an action done, the case's status). Each added entry and evidence item gets the
same audit event the store makes when one is typed in here, so ``verify`` treats a received
record like any other; the received case's own audit events are kept apart (OriginEvent).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from misuse_responder.store import audit
from misuse_responder.store import models as m
from misuse_responder.store.cases import _next_reference, touch
from misuse_responder.store.handover_doc import TABLES
from misuse_responder.store.handover_views import NewItems
from misuse_responder.store.text import fold

if TYPE_CHECKING:
    from misuse_responder.store.vault import Vault

_MODELS = {name: model for name, model, _o in TABLES}
_ONE_WAY = {
    "evidence": (
        "withdrawn_at",
        "withdrawn_by",
        "withdrawn_reason",
        "sealed_at",
        "sealed_by",
        "sealed_reason",
        "seal_decision",
        "seal_decided_at",
        "seal_decided_by",
        "seal_decision_reason",
    ),
    "people": ("removed_at", "removed_by", "removed_reason"),
}
_ACTION_DONE = ("status", "done_at", "done_by", "reason", "reference", "reference_kind")
STATUS_MARK = "case-status"


@dataclass
class Plan:
    """What a document adds to this store (computed without writing anything)."""

    local_case_id: int | None
    new_rows: dict[str, list[int]] = field(default_factory=dict)  # table -> doc row indexes
    status_change: str | None = None
    action_updates: list[int] = field(default_factory=list)

    def items(self) -> NewItems:
        def count(name: str) -> int:
            return len(self.new_rows.get(name, []))

        return NewItems(
            new_case=self.local_case_id is None,
            entries=count("entries"),
            evidence=count("evidence"),
            people=count("people"),
            actions=count("actions") + len(self.action_updates),
            assessments=count("assessments"),
            status_change=self.status_change,
        )


def plan(doc: dict[str, Any], case_uuid: str) -> Plan:
    row = m.Case.get_or_none(m.Case.uuid == case_uuid)
    tables, uids = doc["tables"], doc["uids"]
    status = str(tables["case"][0]["status"])
    if row is None:
        p = Plan(None)
        for name in uids:
            p.new_rows[name] = list(range(len(tables[name])))
        return p
    p = Plan(int(row.id))
    held = {
        (t, u)
        for t, u in m.tuples(
            m.OriginRow.select(m.OriginRow.table, m.OriginRow.uid).where(m.OriginRow.case == row.id)
        )
    }
    held |= {
        ("custody", u)
        for (u,) in m.tuples(m.Custody.select(m.Custody.uid).where(m.Custody.case == row.id))
    }
    for name, ids in uids.items():
        p.new_rows[name] = [i for i, u in enumerate(ids) if (name, u) not in held]
    # A new action for a step this case already has is an update of that action.
    local_status = dict(
        m.tuples(m.Action.select(m.Action.step_id, m.Action.status).where(m.Action.case == row.id))
    )
    actions = tables["actions"]
    p.new_rows["actions"] = [
        i for i in p.new_rows.get("actions", []) if actions[i]["step_id"] not in local_status
    ]
    p.action_updates = [
        i
        for i, action in enumerate(actions)
        if local_status.get(action["step_id"]) == "pending" and action["status"] != "pending"
    ]
    marked = m.OriginRow.get_or_none(
        m.OriginRow.case == row.id, m.OriginRow.table == STATUS_MARK, m.OriginRow.uid == status
    )
    if marked is None and status != row.status:
        p.status_change = status
    return p


def _copy(name: str, row: dict[str, Any], **override: Any) -> Any:
    values = {k: v for k, v in row.items() if k != "id"}
    values.update(override)
    return _MODELS[name].create(**values)


def merge(
    vault: Vault,
    doc: dict[str, Any],
    case_uuid: str,
    p: Plan,
    blobs_for: dict[int, str],
    by: str,
    now: str,
) -> int:
    """Apply ``p`` inside the caller's write transaction. Returns the local case id."""
    tables, uids = doc["tables"], doc["uids"]
    origin = tables["case"][0]
    if p.local_case_id is None:
        case = _copy(
            "case",
            origin,
            reference=_next_reference(vault.clock().year),
            origin_reference=origin.get("origin_reference") or origin["reference"],
            updated_at=now,
        )
        case_id = int(case.id)
        for concern in tables["concerns"]:
            m.CaseConcern.create(case=case_id, concern=concern["concern"])
        m.SearchText.insert(
            case_id=case_id, source="title", body=fold(str(origin["title"]))
        ).execute()
        m.OriginRow.create(
            case=case_id, table=STATUS_MARK, uid=str(origin["status"]), local_id=case_id
        )
    else:
        case_id = p.local_case_id
    local_ids: dict[tuple[str, int], int] = {}  # (table, doc id) -> local id
    doc_ids = {
        (t, uid): int(tables[t][i]["id"]) for t, ids in uids.items() for i, uid in enumerate(ids)
    }
    for t, u, local in m.tuples(
        m.OriginRow.select(m.OriginRow.table, m.OriginRow.uid, m.OriginRow.local_id).where(
            m.OriginRow.case == case_id
        )
    ):
        if (t, u) in doc_ids:
            local_ids[(t, doc_ids[(t, u)])] = int(local)
    for name in ("assessments", "people", "actions"):
        for i in p.new_rows.get(name, []):
            row = tables[name][i]
            made = _copy(name, row, case=case_id)
            m.OriginRow.create(case=case_id, table=name, uid=uids[name][i], local_id=made.id)
            local_ids[(name, int(row["id"]))] = int(made.id)
    # Entries in id order, so a correction finds the entry it corrects already here.
    for i in sorted(p.new_rows.get("entries", []), key=lambda k: tables["entries"][k]["id"]):
        row = tables["entries"][i]
        corrects = row.get("corrects_id")
        made = _copy(
            "entries",
            row,
            case=case_id,
            corrects=local_ids.get(("entries", int(corrects))) if corrects is not None else None,
        )
        m.OriginRow.create(case=case_id, table="entries", uid=uids["entries"][i], local_id=made.id)
        local_ids[("entries", int(row["id"]))] = int(made.id)
        audit.append(
            now,
            by,
            "entry.added",
            case_id,
            {
                "id": made.id,
                "kind": row["kind"],
                "text_sha256": audit.text_digest(str(row["text"])),
                "occurred_at": row["occurred_at"],
                "corrects": made.corrects_id,
                "received": True,
            },
        )
        m.SearchText.insert(
            case_id=case_id, source=f"entry:{made.id}", body=fold(str(row["text"]))
        ).execute()
    for i in p.new_rows.get("evidence", []):
        row = tables["evidence"][i]
        blob = blobs_for.get(i)
        made = _copy("evidence", row, case=case_id, blob_name=blob)
        m.OriginRow.create(
            case=case_id, table="evidence", uid=uids["evidence"][i], local_id=made.id
        )
        audit.append(
            now,
            by,
            "evidence.added",
            case_id,
            {
                "id": made.id,
                "kind": row["kind"],
                "sha256": row["sha256"],
                "size": row["size"],
                "original_name": row["original_name"],
                "blob": blob,
                "captured_at": row["captured_at"],
                "received": True,
            },
        )
        searchable = " ".join(
            str(x) for x in (row["description"], row["text"] or "", row["account"] or "") if x
        )
        if searchable:
            m.SearchText.insert(
                case_id=case_id, source=f"evidence:{made.id}", body=fold(searchable)
            ).execute()
    _one_way_changes(doc, case_id, local_ids)
    for i in p.action_updates:
        row = tables["actions"][i]
        m.Action.update({getattr(m.Action, k): row[k] for k in _ACTION_DONE}).where(
            m.Action.case == case_id, m.Action.step_id == row["step_id"]
        ).execute()
    if p.status_change is not None and p.local_case_id is not None:
        m.Case.update(
            status=p.status_change,
            outcome=origin["outcome"],
            close_reason=origin["close_reason"],
            closed_by=origin["closed_by"],
            closed_at=origin["closed_at"],
        ).where(m.Case.id == case_id).execute()
        m.OriginRow.insert(
            case=case_id, table=STATUS_MARK, uid=p.status_change, local_id=case_id
        ).on_conflict_ignore().execute()
    for i in p.new_rows.get("custody", []):
        _copy("custody", tables["custody"][i], case=case_id)
    held = {
        h
        for (h,) in m.tuples(
            m.OriginEvent.select(m.OriginEvent.hash).where(m.OriginEvent.case == case_id)
        )
    }
    for ev in tables["origin_events"]:
        if ev["hash"] not in held:
            _copy("origin_events", ev, case=case_id)
            held.add(ev["hash"])
    for ev in doc["audit"]:
        if ev["hash"] not in held:
            m.OriginEvent.create(
                case=case_id,
                store_id=str(doc["store_id"]),
                seq=ev["seq"],
                at=ev["at"],
                actor=ev["actor"],
                kind=ev["kind"],
                data_json=ev["data_json"],
                prev_hash=ev["prev_hash"],
                hash=ev["hash"],
            )
            held.add(ev["hash"])
    touch(case_id, now)
    return case_id


def _one_way_changes(
    doc: dict[str, Any], case_id: int, local_ids: dict[tuple[str, int], int]
) -> None:
    """Withdrawals, seals and removals the sender made to rows already held here."""
    for name, columns in _ONE_WAY.items():
        model = _MODELS[name]
        for row in doc["tables"][name]:
            local = local_ids.get((name, int(row["id"])))
            if local is None:
                continue
            current = model.get_or_none(model.id == local)
            if current is None:
                continue
            changes = {
                getattr(model, c): row[c]
                for c in columns
                if row[c] is not None and getattr(current, c) is None
            }
            if changes:
                model.update(changes).where(model.id == local).execute()


def blobs_needed(doc: dict[str, Any], p: Plan) -> dict[int, str]:
    """Doc row index -> SHA-256 of each new evidence row whose original travelled (sealed
    files never do). Each row gets its own encrypted blob, even two rows of the same file."""
    rows = doc["tables"]["evidence"]
    return {
        i: str(rows[i]["sha256"])
        for i in p.new_rows.get("evidence", [])
        if rows[i]["blob_name"] is not None and rows[i]["sealed_at"] is None
    }


def as_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)
