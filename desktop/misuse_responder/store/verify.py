"""``verify``: is everything still exactly as recorded?

Checks, in order: SQLite's own integrity check; the audit hash chain, link by link;
that every evidence item and chronology entry matches the event that recorded it (so
an edited row is caught even if its hash column was edited to match); and that every
stored file still decrypts to the bytes whose SHA-256 was recorded. A sealed item whose
copy the DSL deleted is expected to have no file (its hash stays recorded); its file
still being there, a deletion with no audit event, or a seal removed, is a problem.
Each problem names the event, entry or evidence item concerned.

Every recorded field is covered: the latest audit event of each case (and of the school)
records digests of all its rows as that change left them, and they are recomputed here, so
a name, title, description, handle, withdrawal, action, evidence rule, author or time
edited (or a row added or deleted) behind the app's back is named by the case and the kind
of row. The chain's head is compared with the records kept outside the database (the key
file and this laptop: store/anchor.py), so removed last events and a database put back
from an older copy are caught too. Everything is read in one snapshot (``vault.snapshot``),
so a write made meanwhile by another process cannot look like a mismatch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from misuse_responder.i18n import _
from misuse_responder.store import anchor, audit, blobs
from misuse_responder.store import models as m
from misuse_responder.store.vault import Vault


@dataclass(frozen=True)
class Problem:
    kind: str  # database | audit | anchor | school | case | entry | evidence
    subject: str  # e.g. "event 12", "evidence 3 (MR-2026-0001)"
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    events: int = 0
    entries: int = 0
    evidence: int = 0
    blobs_checked: int = 0
    head: anchor.Head | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def case_references() -> dict[int, str]:
    return {cid: ref for cid, ref in m.tuples(m.Case.select(m.Case.id, m.Case.reference))}


def check_database(vault: Vault, report: Report) -> None:
    rows = [str(r[0]) for r in vault.db.execute_sql("PRAGMA integrity_check").fetchall()]
    if rows and all(r.startswith("fts5:") for r in rows):
        # FTS5 checks the search index against a structure it caches per connection, which
        # a long-lived connection can hold stale while another process writes (seen: 14 of
        # 30 checks inside a read transaction): ask a fresh connection before calling it so.
        rows = _fresh_integrity_check(vault)
    if rows != ["ok"]:
        detail = "; ".join(rows[:5])
        report.problems.append(Problem("database", _("database"), detail))


def _fresh_integrity_check(vault: Vault) -> list[str]:
    from sqlcipher3 import dbapi2 as sqlcipher

    from misuse_responder.store.db import raw_key_pragma

    conn = sqlcipher.connect(str(vault.paths.db))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{raw_key_pragma(vault.data_key)}"')
        return [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
    finally:
        conn.close()


def check_audit(report: Report) -> None:
    for problem in audit.check_chain():
        message = {
            "altered": _("altered ({detail})"),
            "missing-before": _("missing ({detail})"),
            "unreadable": _("unreadable ({detail})"),
        }[problem.problem].format(detail=problem.detail)
        report.problems.append(
            Problem("audit", _("audit event {seq}").format(seq=problem.seq), message)
        )
    report.events = m.AuditEvent.select().count()


def check_entries(report: Report, refs: dict[int, str]) -> None:
    recorded = audit.events_by_kind("entry.added")
    for entry_id, case_id, text in m.tuples(m.Entry.select(m.Entry.id, m.Entry.case, m.Entry.text)):
        report.entries += 1
        subject = _("entry {id} ({ref})").format(id=entry_id, ref=refs.get(case_id, "?"))
        event = recorded.pop(entry_id, None)
        if event is None:
            report.problems.append(Problem("entry", subject, _("not in the audit trail")))
        elif event.get("text_sha256") != audit.text_digest(text):
            report.problems.append(
                Problem("entry", subject, _("its text differs from what was recorded"))
            )
    for entry_id in sorted(recorded):
        report.problems.append(
            Problem("entry", _("entry {id}").format(id=entry_id), _("missing (deleted)"))
        )


def check_evidence(
    vault: Vault, report: Report, refs: dict[int, str], progress: Callable[[int, int], None] | None
) -> None:
    recorded = audit.events_by_kind("evidence.added")
    sealed_events = audit.events_by_kind("evidence.sealed")
    decided = audit.events_by_kind("evidence.seal-decided")
    rows = m.tuples(
        m.Evidence.select(
            m.Evidence.id,
            m.Evidence.case,
            m.Evidence.sha256,
            m.Evidence.size,
            m.Evidence.blob_name,
            m.Evidence.sealed_at,
            m.Evidence.seal_decision,
        ).order_by(m.Evidence.id)
    )
    referenced: set[str] = set()
    for index, (ev_id, case_id, sha256, size, blob_name, sealed_at, decision) in enumerate(rows):
        report.evidence += 1
        subject = _("evidence {id} ({ref})").format(id=ev_id, ref=refs.get(case_id, "?"))
        event = recorded.pop(ev_id, None)
        if event is None:
            report.problems.append(Problem("evidence", subject, _("not in the audit trail")))
        elif (event.get("sha256"), event.get("size"), event.get("blob")) != (
            sha256,
            size,
            event.get("blob") if decision == "deleted" else blob_name,
        ):
            report.problems.append(
                Problem("evidence", subject, _("its record differs from the audit trail"))
            )
        if ev_id in sealed_events and sealed_at is None:
            report.problems.append(
                Problem("evidence", subject, _("it was sealed, but the seal has been removed"))
            )
        if decision == "deleted":
            if decided.get(ev_id, {}).get("decision") != "delete-copy":
                report.problems.append(
                    Problem(
                        "evidence",
                        subject,
                        _("its copy is marked deleted, but no such decision is in the audit trail"),
                    )
                )
            old = event.get("blob") if event is not None else None
            if blob_name is not None or (isinstance(old, str) and vault.paths.blob(old).exists()):
                if isinstance(old, str):
                    referenced.add(old)
                report.problems.append(
                    Problem(
                        "evidence",
                        subject,
                        _(
                            "the DSL deleted this sealed copy, but its file is still there: "
                            "run 'misuse-responder evidence decide {id} delete-copy' again"
                        ).format(id=ev_id),
                    )
                )
        elif blob_name is not None:
            referenced.add(blob_name)
            _check_blob(vault, report, subject, blob_name, sha256, size)
        if progress is not None:
            progress(index + 1, len(rows))
    for ev_id in sorted(recorded):
        report.problems.append(
            Problem("evidence", _("evidence {id}").format(id=ev_id), _("missing (deleted)"))
        )
    if vault.paths.blobs.is_dir():
        for path in sorted(vault.paths.blobs.glob("*.blob")):
            if path.name not in referenced:
                report.notes.append(
                    _(
                        "{name}: a stored file no case refers to (left by an interrupted add)"
                    ).format(name=path.name)
                )


def _check_blob(
    vault: Vault, report: Report, subject: str, blob_name: str, sha256: str, size: int
) -> None:
    path = vault.paths.blob(blob_name)
    try:
        digest, actual = blobs.hash_blob(path, vault.blob_key)
    except FileNotFoundError:
        report.problems.append(
            Problem("evidence", subject, _("its file {name} is missing").format(name=blob_name))
        )
        return
    except blobs.BlobCorrupt as exc:
        report.problems.append(
            Problem(
                "evidence",
                subject,
                _("its file {name} has been altered ({detail})").format(name=blob_name, detail=exc),
            )
        )
        return
    except OSError as exc:
        report.problems.append(
            Problem("evidence", subject, _("its file cannot be read: {error}").format(error=exc))
        )
        return
    report.blobs_checked += 1
    if (digest, actual) != (sha256, size):
        report.problems.append(
            Problem("evidence", subject, _("its file does not match the recorded SHA-256"))
        )


def _table_words(table: str) -> tuple[str, str, str] | None:
    """For each kind of row: (rows deleted, rows added, rows changed)."""
    words: dict[str, tuple[str, str, str]] = {
        "case": (
            _("the case's own record was deleted"),
            _("a second record for the case was added"),
            _(
                "the case's own record (its title, status, outcome, dates, facts or evidence "
                "rule) was changed with no audit event"
            ),
        ),
        "concerns": (
            _("a concern was removed from the case with no audit event"),
            _("a concern was added to the case with no audit event"),
            _("the case's concerns were changed with no audit event"),
        ),
        "assessments": (
            _("an assessment was deleted"),
            _("an assessment was added with no audit event"),
            _("an assessment (its facts or guidance) was changed with no audit event"),
        ),
        "people": (
            _("a person was deleted from the case"),
            _("a person was added to the case with no audit event"),
            _("a person's name or details were changed with no audit event"),
        ),
        "entries": (
            _("a chronology entry was deleted"),
            _("a chronology entry was added with no audit event"),
            _(
                "a chronology entry (its text, author, kind or time) was changed with no "
                "audit event"
            ),
        ),
        "actions": (
            _("an action was deleted"),
            _("an action was added with no audit event"),
            _(
                "an action (its status, who did it and when, or its reference) was changed "
                "with no audit event"
            ),
        ),
        "evidence": (
            _("an evidence item was deleted"),
            _("an evidence item was added with no audit event"),
            _(
                "an evidence item's record (its description, handle, link, times, withdrawal "
                "or seal) was changed with no audit event"
            ),
        ),
        "school": (
            _("the school's profile was deleted"),
            _("a second school profile was added"),
            _("the school's profile was changed with no audit event"),
        ),
        "contacts": (
            _("a contact was deleted with no audit event"),
            _("a contact was added with no audit event"),
            _("a contact's details were changed with no audit event"),
        ),
    }
    return words.get(table)


def _table_message(table: str, recorded: object, now: list[object]) -> str:
    words = _table_words(table)
    if words is None:
        return _("its {table} differ from the audit trail").format(table=table)
    before = recorded[0] if isinstance(recorded, list) and recorded else None
    count = now[0]
    if isinstance(before, int) and isinstance(count, int) and count < before:
        return words[0]
    if isinstance(before, int) and isinstance(count, int) and count > before:
        return words[1]
    return words[2]


def check_state(report: Report, refs: dict[int, str]) -> None:
    """Recompute every case's (and the school's) rows against its latest event's state."""
    latest = audit.latest_by_scope()
    if audit.first_stateful_seq() is None:
        if latest:
            report.notes.append(
                _(
                    "this store was made before every recorded field was covered by the audit "
                    "trail; the check starts when the app next opens it"
                )
            )
        return
    for ev_seq, ev_case, ev_at, changed in audit.unexplained_events():
        if ev_case is None:
            where, kind = _("school profile"), "school"
        else:
            ref = refs.get(ev_case, "?")
            where, kind = _("case {id} ({ref})").format(id=ev_case, ref=ref), "case"
        for table, pair in sorted(changed.items()):
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], list)):
                continue
            what = _table_message(table, pair[0], pair[1])
            when = ev_at[:16].replace("T", " ")
            report.problems.append(
                Problem(
                    kind,
                    where,
                    _("found before audit event {seq} ({at}): {what}").format(
                        seq=ev_seq, at=when, what=what
                    ),
                )
            )
    scopes: list[int | None] = [None, *sorted(refs)]
    for case_id in sorted(c for c in latest if c is not None and c not in refs):
        report.problems.append(
            Problem(
                "case",
                _("case {id}").format(id=case_id),
                _("missing (deleted, with everything recorded in it)"),
            )
        )
    for scope in scopes:
        if scope is None:
            subject, kind = _("school profile"), "school"
        else:
            subject = _("case {id} ({ref})").format(id=scope, ref=refs[scope])
            kind = "case"
        found = latest.get(scope)
        if found is None:
            report.problems.append(Problem(kind, subject, _("not in the audit trail")))
            continue
        seq, _kind, data = found
        state = data.get(audit.STATE) if data is not None else None
        tables = state.get("tables") if isinstance(state, dict) else None
        if not isinstance(tables, dict):
            report.problems.append(
                Problem(
                    kind,
                    subject,
                    _(
                        "its latest audit event ({seq}) records no state: later events may "
                        "have been removed"
                    ).format(seq=seq),
                )
            )
            continue
        now = audit.scope_state(scope)["tables"]
        for table, digest in now.items():
            if audit.recorded_digest(tables, table) != digest:
                report.problems.append(
                    Problem(kind, subject, _table_message(table, tables.get(table), digest))
                )


def check_anchors(report: Report, anchors: anchor.Anchors) -> None:
    """The chain's head against the records kept outside the database (read beforehand)."""
    report.head = anchor.db_head()
    for problem in anchor.check(anchors, report.head):
        subject = _("audit trail") if problem.source == "key-file" else _("this laptop")
        report.problems.append(Problem("anchor", subject, problem.message))
    for data in audit.events_by_kind_list("store.restored"):
        missing = data.get("events_not_in_backup")
        if isinstance(missing, int) and missing > 0:
            report.notes.append(
                _(
                    "the store was restored from the backup {name}; {n} events this laptop "
                    "had seen before the restore are not in it (see the audit trail)"
                ).format(name=data.get("backup") or "?", n=missing)
            )


def check_records(vault: Vault, report: Report, anchors: anchor.Anchors) -> dict[int, str]:
    """Everything but the evidence files: database, chain, head, every recorded row. Call
    inside ``vault.snapshot()`` with the anchors read before it. Returns the case refs."""
    check_database(vault, report)
    check_audit(report)
    check_anchors(report, anchors)
    refs = case_references()
    check_state(report, refs)
    check_entries(report, refs)
    return refs


def verify(vault: Vault, progress: Callable[[int, int], None] | None = None) -> Report:
    """Check everything; the report lists every problem found (empty means all is well)."""
    report = Report()
    anchors = anchor.read(vault)
    with vault.snapshot():
        refs = check_records(vault, report, anchors)
        check_evidence(vault, report, refs, progress)
    return report
