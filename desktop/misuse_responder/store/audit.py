"""The audit trail: an append-only hash chain of every change.

Each event's hash is SHA-256 over the previous event's hash and the canonical JSON of
the event (sorted keys, no spaces, UTF-8), so editing, deleting or reordering any row
breaks every hash after it. A third party can repeat the check with nothing but the
decrypted table and this description (NPCC principle 3).

Every event also carries ``state``: digests of every recorded row of its case (the case,
its concerns, assessments, people, entries, actions and evidence), or, for a store-wide
event, of the school profile and contacts, as they were when the change committed. So a
row edited, added or deleted behind the app's back no longer matches the latest event
that speaks for it (``verify`` recomputes the digests). Events made inside a write
transaction are held until just before it commits and then written with the final state,
so the order of "change, then audit" inside a transaction does not matter. Derived data
(the search index, the reference counter) and the store's settings are not covered.
A digest is SHA-256 over the canonical JSON of ``[columns, rows]`` (rows ordered by key;
columns that are null, empty or 0 left out, so a column added later with an empty default
does not change the digest of the rows that were already there).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from peewee import fn

from misuse_responder.store import models as m
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


STATE = "state"  # the key, in an event's data, of the digests of its scope's rows
STATE_VERSION = 1
STORE_SCOPE = "store"

# Each case table, with the column that ties its rows to the case and the key they sort by.
_CASE_TABLES: tuple[tuple[str, Any, Any, tuple[Any, ...]], ...] = (
    ("case", m.Case, m.Case.id, (m.Case.id,)),
    ("concerns", m.CaseConcern, m.CaseConcern.case, (m.CaseConcern.concern,)),
    ("assessments", m.Assessment, m.Assessment.case, (m.Assessment.id,)),
    ("people", m.Person, m.Person.case, (m.Person.id,)),
    ("entries", m.Entry, m.Entry.case, (m.Entry.id,)),
    ("actions", m.Action, m.Action.case, (m.Action.id,)),
    ("evidence", m.Evidence, m.Evidence.case, (m.Evidence.id,)),
    ("custody", m.Custody, m.Custody.case, (m.Custody.id,)),  # schema 4
    ("origin_events", m.OriginEvent, m.OriginEvent.case, (m.OriginEvent.id,)),  # schema 4
)
_STORE_TABLES: tuple[tuple[str, Any, tuple[Any, ...]], ...] = (
    ("school", m.School, (m.School.id,)),
    ("contacts", m.Contact, (m.Contact.id,)),
    ("peers", m.Peer, (m.Peer.id,)),  # schema 4
)
EMPTY = [0, hashlib.sha256(b"").hexdigest()]
"""The digest of a table with no rows: what a state recorded before the table existed
(schema 4 added tables) is taken to have held."""


def recorded_digest(tables: dict[str, Any], table: str) -> Any:
    """A table's digest in a recorded state; one recorded before the table existed is empty."""
    return tables.get(table, EMPTY)


_SQL: dict[str, tuple[str, list[str]]] = {}  # table -> (SELECT with one "?", column names)


def _select(name: str, model: Any, column: Any, order: tuple[Any, ...]) -> tuple[str, list[str]]:
    """The statement for one table, built once (peewee takes ~0.5 ms to build a query)."""
    found = _SQL.get(name)
    if found is None:
        fields = model._meta.sorted_fields
        query = model.select(*fields).order_by(*order)
        if column is not None:
            query = query.where(column == 0)  # the placeholder the case id is bound to
        sql, _params = query.sql()
        found = (sql, [f.column_name for f in fields])
        _SQL[name] = found
    return found


Execute = Callable[[str, tuple[Any, ...]], Any]


def _rows_digest(
    sql: str, names: list[str], params: tuple[Any, ...], execute: Execute | None = None
) -> list[Any]:
    """``[row count, SHA-256]`` of every column of the selected rows."""
    cursor = (execute or m.database.execute_sql)(sql, params)
    return rows_digest(zip(names, row, strict=True) for row in cursor)


def rows_digest(rows: Iterable[Iterable[tuple[str, Any]]]) -> list[Any]:
    """``[row count, SHA-256]`` of rows given as ``(column, value)`` pairs, in key order: the
    one spelling of a table's digest, for the rows read here and for rows that arrive in a
    hand-over (store/handover_doc.py)."""
    digest = hashlib.sha256()
    count = 0
    dumps = _ROW_ENCODER.encode
    for row in rows:
        kept = {
            n: v for n, v in row if v is not None and v != "" and (v != 0 or isinstance(v, str))
        }
        digest.update(dumps(kept).encode("utf-8"))
        digest.update(b"\n")
        count += 1
    return [count, digest.hexdigest()]


_ROW_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def scope_state(case_id: int | None, execute: Execute | None = None) -> dict[str, Any]:
    """The digests of everything recorded in a case (or, for None, about the school);
    ``execute`` runs the queries on another connection (the committed state)."""
    tables: dict[str, Any] = {}
    if case_id is None:
        for name, model, order in _STORE_TABLES:
            sql, names = _select(name, model, None, order)
            tables[name] = _rows_digest(sql, names, (), execute)
    else:
        for name, model, column, order in _CASE_TABLES:
            sql, names = _select(name, model, column, order)
            tables[name] = _rows_digest(sql, names, (case_id,), execute)
    return {"v": STATE_VERSION, "tables": tables}


UNEXPLAINED = "unexplained"  # tables found changed with no event when this event was made


def _latest_state(case_id: int | None) -> dict[str, Any] | None:
    row = (
        AuditEvent.select(AuditEvent.data_json)
        .where(AuditEvent.case_id.is_null() if case_id is None else AuditEvent.case_id == case_id)
        .order_by(AuditEvent.seq.desc())
        .first()
    )
    if row is None:
        return None
    try:
        data = json.loads(row.data_json)
    except ValueError:
        return None
    state = data.get(STATE) if isinstance(data, dict) else None
    tables = state.get("tables") if isinstance(state, dict) else None
    return tables if isinstance(tables, dict) else None


def unexplained_changes(case_id: int | None, committed: Execute) -> dict[str, Any]:
    """Tables of the scope whose committed rows no longer match its latest event: changed
    behind the app's back. Found when the next change to the scope is made, so that change
    (which records the state it leaves) cannot hide them: they stay named in its event."""
    recorded = _latest_state(case_id)
    if recorded is None:
        return {}
    now = scope_state(case_id, committed)["tables"]
    return {
        table: [recorded.get(table), digest]
        for table, digest in now.items()
        if recorded_digest(recorded, table) != digest
    }


@dataclass
class _Pending:
    at: str
    actor: str
    kind: str
    case_id: int | None
    data: dict[str, Any]


_local = threading.local()  # peewee keeps one connection (so one transaction) per thread


def _pending() -> list[_Pending] | None:
    found: list[_Pending] | None = getattr(_local, "pending", None)
    return found


def collecting_now() -> bool:
    return _pending() is not None


@contextlib.contextmanager
def collecting(committed: Execute | None = None) -> Iterator[None]:
    """Hold the events appended inside a write transaction; write them, with the state of
    every scope they touch, when the outermost block ends without an error (still inside
    the transaction). A nested block that fails drops only its own events. ``committed``
    runs a query on a second connection, which sees the rows as last committed: each
    touched scope is first checked against its latest event (``unexplained_changes``)."""
    pending = _pending()
    if pending is not None:
        mark = len(pending)
        try:
            yield
        except BaseException:
            del pending[mark:]
            raise
        return
    held: list[_Pending] = []
    _local.pending = held
    try:
        yield
        _local.pending = None
        _flush(held, committed)
    finally:
        _local.pending = None


def _flush(events: list[_Pending], committed: Execute | None) -> None:
    states: dict[int | None, dict[str, Any]] = {}
    found: dict[int | None, dict[str, Any]] = {}
    for event in events:
        if event.case_id not in states:
            states[event.case_id] = scope_state(event.case_id)
            if committed is not None:
                found[event.case_id] = unexplained_changes(event.case_id, committed)
    for event in events:
        extra = found.pop(event.case_id, None)  # on the first event of the scope only
        if extra:
            event.data = {**event.data, UNEXPLAINED: extra}
        _insert(event, states[event.case_id])


def _insert(event: _Pending, state: dict[str, Any]) -> AuditEvent:
    last = (
        AuditEvent.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).first()
    )
    prev_hash = last.hash if last else GENESIS
    seq = (last.seq + 1) if last else 1
    data_json = canonical({**event.data, STATE: state})
    digest = event_hash(prev_hash, seq, event.at, event.actor, event.kind, event.case_id, data_json)
    row: AuditEvent = AuditEvent.create(
        seq=seq,
        at=event.at,
        actor=event.actor,
        kind=event.kind,
        case_id=event.case_id,
        data_json=data_json,
        prev_hash=prev_hash,
        hash=digest,
    )
    return row


def append(at: str, actor: str, kind: str, case_id: int | None, data: dict[str, Any]) -> None:
    """Record an event. Call inside the write transaction that makes the change it records,
    so the change and its event commit (or vanish) together. Inside ``Vault.write()`` the
    event is written when the transaction is about to commit, with the state it leaves."""
    if STATE in data or UNEXPLAINED in data:
        raise ValueError(f"{STATE!r} and {UNEXPLAINED!r} are kept for the recorded state")
    event = _Pending(at, actor, kind, case_id, dict(data))
    pending = _pending()
    if pending is not None:
        pending.append(event)
    else:
        _insert(event, scope_state(case_id))


SEALED = "store.sealed-state"


def seal_all(at: str) -> int:
    """A store made before the state digests: record the current state of every case and
    of the school once, as it is now, so that changes from here on are caught. (What was
    changed before this cannot be told; the event says so.) Returns the events added."""
    scopes: list[int | None] = [None]
    scopes += [cid for (cid,) in tuples(m.Case.select(m.Case.id).order_by(m.Case.id))]
    for scope in scopes:
        append(at, "", SEALED, scope, {"why": "first-open-with-state-digests"})
    return len(scopes)


def head() -> tuple[int, str] | None:
    """The last event's ``(seq, hash)``, or None for an empty trail."""
    last = (
        AuditEvent.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).first()
    )
    return None if last is None else (int(last.seq), str(last.hash))


def hash_at(seq: int) -> str | None:
    row = AuditEvent.select(AuditEvent.hash).where(AuditEvent.seq == seq).first()
    return None if row is None else str(row.hash)


def latest_by_scope() -> dict[int | None, tuple[int, str, dict[str, Any] | None]]:
    """For each case id (None: the store) the latest event's ``(seq, kind, data)``."""
    latest = AuditEvent.select(AuditEvent.case_id, fn.MAX(AuditEvent.seq).alias("seq")).group_by(
        AuditEvent.case_id
    )
    seqs = [seq for _case, seq in tuples(latest)]
    out: dict[int | None, tuple[int, str, dict[str, Any] | None]] = {}
    for start in range(0, len(seqs), 500):
        query = AuditEvent.select(
            AuditEvent.case_id, AuditEvent.seq, AuditEvent.kind, AuditEvent.data_json
        ).where(AuditEvent.seq.in_(seqs[start : start + 500]))
        for case_id, seq, kind, data_json in tuples(query):
            try:
                data = json.loads(data_json)
            except ValueError:
                data = None
            out[case_id] = (seq, kind, data if isinstance(data, dict) else None)
    return out


def unexplained_events() -> list[tuple[int, int | None, str, dict[str, Any]]]:
    """``(seq, case id, at, tables)`` of every event made over rows found changed."""
    query = (
        AuditEvent.select(AuditEvent.seq, AuditEvent.case_id, AuditEvent.at, AuditEvent.data_json)
        .where(AuditEvent.data_json.contains(f'"{UNEXPLAINED}":'))
        .order_by(AuditEvent.seq)
    )
    out: list[tuple[int, int | None, str, dict[str, Any]]] = []
    for seq, case_id, at, data_json in tuples(query):
        try:
            data = json.loads(data_json)
        except ValueError:
            continue
        found = data.get(UNEXPLAINED) if isinstance(data, dict) else None
        if isinstance(found, dict) and found:
            out.append((seq, case_id, at, found))
    return out


def first_stateful_seq() -> int | None:
    """The first event that records a state (None: the store predates the state digests)."""
    row = (
        AuditEvent.select(AuditEvent.seq)
        .where(AuditEvent.data_json.contains(f'"{STATE}":{{"tables"'))
        .order_by(AuditEvent.seq)
        .first()
    )
    return None if row is None else int(row.seq)


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str  # "altered" | "missing-before" | "unreadable"
    detail: str


REMOVED_KIND = "handover.removed"
REDACTED = canonical({"removed-after-handover": True})
"""The data of an event of a case removed on a valid receipt: its content went with the
case (the receiving laptop holds it); its link stays, and the removal event lists the
``[seq, hash]`` of every event it emptied, so the chain still proves nothing else changed."""


def redacted_links() -> set[tuple[int, str]]:
    """``(seq, hash)`` of every event a removal emptied, as the removal events list them."""
    found: set[tuple[int, str]] = set()
    for data in events_by_kind_list(REMOVED_KIND):
        for pair in data.get("emptied", []) if isinstance(data.get("emptied"), list) else []:
            if isinstance(pair, list) and len(pair) == 2:
                found.add((int(pair[0]), str(pair[1])))
    return found


def check_chain() -> Iterator[ChainProblem]:
    """Recompute every link; yield each event that does not match what was recorded.

    An event emptied by a removal after hand-over is accepted only if a removal event (whose
    own hash covers the list) names its sequence number and hash."""
    prev_hash = GENESIS
    expected_seq = 1
    emptied = redacted_links()
    ordered: Any = AuditEvent.select().order_by(AuditEvent.seq)
    query: Iterator[tuple[Any, ...]] = ordered.tuples().iterator()
    for seq, at, actor, kind, case_id, data_json, stored_prev, stored_hash in query:
        if seq != expected_seq:
            yield ChainProblem(
                seq, "missing-before", f"events {expected_seq}-{seq - 1} are missing"
            )
        if stored_prev != prev_hash:
            yield ChainProblem(seq, "altered", "its link to the previous event does not match")
        if data_json == REDACTED and (seq, stored_hash) in emptied:
            prev_hash = stored_hash
            expected_seq = seq + 1
            continue
        try:
            digest = event_hash(prev_hash, seq, at, actor, kind, case_id, data_json)
        except (ValueError, TypeError):
            yield ChainProblem(seq, "unreadable", "its data is not valid JSON")
            digest = ""
        if digest != stored_hash:
            yield ChainProblem(seq, "altered", "its content does not match its hash")
        prev_hash = stored_hash
        expected_seq = seq + 1


def events_by_kind_list(kind: str) -> list[dict[str, Any]]:
    """The data of every event of ``kind``, oldest first."""
    out: list[dict[str, Any]] = []
    query = AuditEvent.select(AuditEvent.data_json).where(AuditEvent.kind == kind)
    for (data_json,) in tuples(query.order_by(AuditEvent.seq)):
        try:
            data = json.loads(data_json)
        except ValueError:
            continue
        if isinstance(data, dict):
            out.append(data)
    return out


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
