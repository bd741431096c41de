"""The audit trail: an append-only hash chain of every change.

Each event's hash is SHA-256 over the previous event's hash and the canonical JSON of
the event (sorted keys, no spaces, UTF-8), so editing, deleting or reordering any row
breaks every hash after it. A third party can repeat the check with nothing but the
decrypted table and this description (NPCC principle 3).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from misuse_responder.store.models import AuditEvent, tuples

GENESIS = "0" * 64


def canonical(data: object) -> str:
    """The one JSON spelling of ``data`` that the hashes are computed over."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_hash(
    prev_hash: str, seq: int, at: str, actor: str, kind: str, case_id: int | None, data_json: str
) -> str:
    body = canonical(
        {
            "seq": seq,
            "at": at,
            "actor": actor,
            "kind": kind,
            "case_id": case_id,
            "data": json.loads(data_json),
        }
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def append(at: str, actor: str, kind: str, case_id: int | None, data: dict[str, Any]) -> AuditEvent:
    """Add an event. Call inside the write transaction that makes the change it records,
    so the change and its event commit (or vanish) together."""
    last = (
        AuditEvent.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).first()
    )
    prev_hash = last.hash if last else GENESIS
    seq = (last.seq + 1) if last else 1
    data_json = canonical(data)
    digest = event_hash(prev_hash, seq, at, actor, kind, case_id, data_json)
    event: AuditEvent = AuditEvent.create(
        seq=seq,
        at=at,
        actor=actor,
        kind=kind,
        case_id=case_id,
        data_json=data_json,
        prev_hash=prev_hash,
        hash=digest,
    )
    return event


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str  # "altered" | "missing-before" | "unreadable"
    detail: str


def check_chain() -> Iterator[ChainProblem]:
    """Recompute every link; yield each event that does not match what was recorded."""
    prev_hash = GENESIS
    expected_seq = 1
    ordered: Any = AuditEvent.select().order_by(AuditEvent.seq)
    query: Iterator[tuple[Any, ...]] = ordered.tuples().iterator()
    for seq, at, actor, kind, case_id, data_json, stored_prev, stored_hash in query:
        if seq != expected_seq:
            yield ChainProblem(
                seq, "missing-before", f"events {expected_seq}-{seq - 1} are missing"
            )
        if stored_prev != prev_hash:
            yield ChainProblem(seq, "altered", "its link to the previous event does not match")
        try:
            digest = event_hash(prev_hash, seq, at, actor, kind, case_id, data_json)
        except (ValueError, TypeError):
            yield ChainProblem(seq, "unreadable", "its data is not valid JSON")
            digest = ""
        if digest != stored_hash:
            yield ChainProblem(seq, "altered", "its content does not match its hash")
        prev_hash = stored_hash
        expected_seq = seq + 1


def events_by_kind(kind: str) -> dict[int, dict[str, Any]]:
    """The data of every event of ``kind``, keyed by the ``id`` it records."""
    out: dict[int, dict[str, Any]] = {}
    for (data_json,) in tuples(
        AuditEvent.select(AuditEvent.data_json).where(AuditEvent.kind == kind)
    ):
        try:
            data = json.loads(data_json)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), int):
            out[data["id"]] = data
    return out
