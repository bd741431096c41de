"""``verify``: is everything still exactly as recorded?

Checks, in order: SQLite's own integrity check; the audit hash chain, link by link;
that every evidence item and chronology entry matches the event that recorded it (so
an edited row is caught even if its hash column was edited to match); and that every
stored file still decrypts to the bytes whose SHA-256 was recorded. A sealed item whose
copy the DSL deleted is expected to have no file (its hash stays recorded); its file
still being there, a deletion with no audit event, or a seal removed, is a problem.
Each problem names the event, entry or evidence item concerned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from misuse_responder.i18n import _
from misuse_responder.store import audit, blobs
from misuse_responder.store import models as m
from misuse_responder.store.vault import Vault


@dataclass(frozen=True)
class Problem:
    kind: str  # database | audit | entry | evidence
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

    @property
    def ok(self) -> bool:
        return not self.problems


def case_references() -> dict[int, str]:
    return {cid: ref for cid, ref in m.tuples(m.Case.select(m.Case.id, m.Case.reference))}


def check_database(vault: Vault, report: Report) -> None:
    rows = vault.db.execute_sql("PRAGMA integrity_check").fetchall()
    if [tuple(r) for r in rows] != [("ok",)]:
        detail = "; ".join(str(r[0]) for r in rows[:5])
        report.problems.append(Problem("database", _("database"), detail))


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


def verify(vault: Vault, progress: Callable[[int, int], None] | None = None) -> Report:
    """Check everything; the report lists every problem found (empty means all is well)."""
    report = Report()
    check_database(vault, report)
    check_audit(report)
    refs = case_references()
    check_entries(report, refs)
    check_evidence(vault, report, refs, progress)
    return report
