"""Sealed evidence: files held in a case that has become "do not capture".

When the facts change so that a case involves sexual imagery of a child (for example a
bullying case re-assessed as nude imagery), files already kept may show the child. They
are sealed at once, in the same transaction as the assessment: from then on the store
never reads one out, so no screen, thumbnail, export or pack can show it. Every file is
sealed, not only those with an image type: the store already refuses all files on such
a case, and a PDF or an archive can hold pictures. Text and links are never sealed.

The DSL then decides, with a reason kept in the audit trail: keep the copy sealed for
the police, or delete it. Deleting overwrites the (already encrypted) blob file before
unlinking it; the row keeps the SHA-256, size and description, so the record still says
exactly what was held. Sealing is one-way: a later "capture" assessment does not unseal.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from misuse_responder.i18n import _
from misuse_responder.store import audit, views
from misuse_responder.store import models as m
from misuse_responder.store.errors import InvalidChange, NotFound
from misuse_responder.store.paths import fsync_dir, open_private
from misuse_responder.store.text import MAX_TITLE, clean_line
from misuse_responder.store.vault import Vault

SealDecision = Literal["keep-for-police", "delete-copy"]
SEAL_DECISIONS: tuple[SealDecision, ...] = ("keep-for-police", "delete-copy")
KEPT = "keep-for-police"
DELETED = "deleted"  # the stored value once the copy has been deleted
_WIPE_CHUNK = 1 << 20
APP_ACTOR = "Misuse Responder"  # the audit actor when the app itself seals a file


def seal_case(case_id: int, by: str, now: str, assessment_id: int) -> list[int]:
    """Seal every file item of the case not yet sealed; call inside the write transaction.

    Returns the ids sealed (each with an ``evidence.sealed`` audit event)."""
    rows = list(
        m.Evidence.select()
        .where(
            (m.Evidence.case == case_id)
            & (m.Evidence.kind == "file")
            & m.Evidence.sealed_at.is_null()
        )
        .order_by(m.Evidence.id)
    )
    reason = "do-not-capture"
    sealed: list[int] = []
    for row in rows:
        m.Evidence.update(sealed_at=now, sealed_by=by, sealed_reason=reason).where(
            m.Evidence.id == row.id
        ).execute()
        audit.append(
            now,
            by,
            "evidence.sealed",
            case_id,
            {
                "id": row.id,
                "reason": reason,
                "assessment": assessment_id,
                "sha256": row.sha256,
                "media_type": row.media_type,
            },
        )
        sealed.append(int(row.id))
    return sealed


def seal_pending(vault: Vault) -> list[int]:
    """Seal files still open on do-not-capture cases (kept by a version of the app before
    sealing existed); run when the store is opened for writing. Returns the ids sealed."""
    pending = m.tuples(
        m.Evidence.select(m.Evidence.case)
        .join(m.Case)
        .where(
            (m.Case.evidence_rule == "do-not-capture")
            & (m.Evidence.kind == "file")
            & m.Evidence.sealed_at.is_null()
        )
        .distinct()
    )
    due: list[tuple[int, int]] = []
    for (case_id,) in pending:
        latest = (
            m.Assessment.select(m.Assessment.id, m.Assessment.evidence)
            .where(m.Assessment.case == case_id)
            .order_by(m.Assessment.id.desc())
            .first()
        )
        # Only when the recorded assessment agrees: a case row edited behind the app's back
        # is left exactly as found, for verify to report (writing now would hide the edit).
        if latest is not None and latest.evidence == "do-not-capture":
            due.append((case_id, latest.id))
    if not due:
        return []
    sealed: list[int] = []
    now = vault.now()
    with vault.write():
        for case_id, assessment_id in due:
            sealed += seal_case(case_id, APP_ACTOR, now, assessment_id)
    return sealed


@dataclass(frozen=True)
class EarlierExport:
    """A pack of the case saved before its files were sealed: it may show them."""

    at: datetime
    by: str
    file_name: str
    sha256: str


def exports_before_sealing(case_id: int) -> tuple[EarlierExport, ...]:
    """Unredacted packs of the case saved (audit ``export.pack``) before its first file was
    sealed, oldest first. Such a pack may hold a picture of what is now sealed, so the DSL
    is told to find and delete it; the app cannot reach copies outside the store."""
    first = (
        m.Evidence.select(m.Evidence.sealed_at)
        .where((m.Evidence.case == case_id) & m.Evidence.sealed_at.is_null(False))
        .order_by(m.Evidence.sealed_at)
        .first()
    )
    if first is None:
        return ()
    found: list[EarlierExport] = []
    rows = m.tuples(
        m.AuditEvent.select(m.AuditEvent.at, m.AuditEvent.actor, m.AuditEvent.data_json)
        .where(
            (m.AuditEvent.case_id == case_id)
            & (m.AuditEvent.kind == "export.pack")
            & (m.AuditEvent.at < first.sealed_at)
        )
        .order_by(m.AuditEvent.seq)
    )
    for at, actor, data_json in rows:
        try:
            data = json.loads(data_json)
        except ValueError:
            data = {}
        if not isinstance(data, dict) or data.get("redacted") is True:
            continue  # a redacted pack never holds images
        found.append(
            EarlierExport(
                datetime.fromisoformat(at),
                actor,
                str(data.get("file_name", "")),
                str(data.get("sha256", "")),
            )
        )
    return tuple(found)


def is_sealed(evidence_id: int) -> bool:
    row = m.Evidence.get_or_none(m.Evidence.id == evidence_id)
    return row is not None and row.sealed_at is not None


def undecided(case_id: int) -> tuple[views.EvidenceView, ...]:
    """Sealed items of the case that still wait for the DSL's decision, oldest first."""
    return tuple(
        views.evidence(row)
        for row in m.Evidence.select()
        .where(
            (m.Evidence.case == case_id)
            & m.Evidence.sealed_at.is_null(False)
            & m.Evidence.seal_decision.is_null()
        )
        .order_by(m.Evidence.id)
    )


def secure_erase(path: Path) -> None:
    """Overwrite ``path`` with random bytes, flush it to disk, then remove it.

    The blob is already AES-GCM encrypted under the store's key, so this is a second
    line: without it the ciphertext would stay in free disk blocks, readable with the
    key. (On SSDs and copy-on-write file systems an overwrite may land elsewhere; the
    encryption is what protects those blocks.) A missing file is not an error."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    fd = open_private(path, os.O_WRONLY)
    try:
        left = size
        while left > 0:
            step = min(left, _WIPE_CHUNK)
            os.write(fd, os.urandom(step))
            left -= step
        os.fsync(fd)
    finally:
        os.close(fd)
    path.unlink()
    fsync_dir(path.parent)


def decide(vault: Vault, evidence_id: int, decision: str, reason: str, by: str) -> None:
    """Record the DSL's decision on a sealed item; ``delete-copy`` removes its file."""
    if decision not in SEAL_DECISIONS:
        raise InvalidChange(
            _("Decision: unknown value {value} (expected one of: {allowed})").format(
                value=repr(decision), allowed=", ".join(SEAL_DECISIONS)
            )
        )
    reason = reason.strip()
    if not reason:
        raise InvalidChange(_("Give the reason for the decision about the sealed item."))
    by = clean_line(by, _("The name of the person deciding"), MAX_TITLE)
    now = vault.now()
    with vault.write():
        row = m.Evidence.get_or_none(m.Evidence.id == evidence_id)
        if row is None:
            raise NotFound(_("There is no evidence item {id}.").format(id=evidence_id))
        if row.sealed_at is None:
            raise InvalidChange(
                _("Evidence item {id} is not sealed, so there is nothing to decide.").format(
                    id=evidence_id
                )
            )
        if row.seal_decision == DELETED:
            leftover = _leftover(vault, row.id)
            if decision == "delete-copy" and leftover is not None:
                # An earlier deletion was interrupted after it was recorded: finish it.
                secure_erase(leftover)
                audit.append(now, by, "evidence.copy-wiped", row.case_id, {"id": evidence_id})
                return
            raise InvalidChange(
                _("The copy of evidence item {id} has already been deleted.").format(id=evidence_id)
            )
        if row.seal_decision == KEPT and decision == KEPT:
            raise InvalidChange(
                _("Evidence item {id} is already kept sealed for the police.").format(
                    id=evidence_id
                )
            )
        stored = KEPT if decision == KEPT else DELETED
        # A deleted copy has no file: the row forgets the blob's name (the audit trail keeps
        # it), so nothing (backup, verify, export) ever looks for it again.
        fields = {"blob_name": None} if stored == DELETED else {}
        m.Evidence.update(
            seal_decision=stored,
            seal_decided_at=now,
            seal_decided_by=by,
            seal_decision_reason=reason,
            **fields,
        ).where(m.Evidence.id == evidence_id).execute()
        audit.append(
            now,
            by,
            "evidence.seal-decided",
            row.case_id,
            {
                "id": evidence_id,
                "decision": decision,
                "reason": reason,
                "sha256": row.sha256,
                "blob": row.blob_name,
            },
        )
        m.Case.update(updated_at=now).where(m.Case.id == row.case_id).execute()
        if stored == DELETED and row.blob_name is not None:
            # Inside the transaction: if the file cannot be wiped, the decision is not
            # recorded either, and the DSL is told.
            secure_erase(vault.paths.blob(row.blob_name))


def deleted_blob_name(evidence_id: int) -> str | None:
    """The blob a deleted copy was stored in, as the audit trail recorded it."""
    name = audit.events_by_kind("evidence.added").get(evidence_id, {}).get("blob")
    return name if isinstance(name, str) else None


def _leftover(vault: Vault, evidence_id: int) -> Path | None:
    name = deleted_blob_name(evidence_id)
    if name is None:
        return None
    path = vault.paths.blob(name)
    return path if path.exists() else None


def _day(moment: datetime) -> str:
    from misuse_responder.dates import long_date

    return long_date(moment)  # 4 December 2026, or 4 Rhagfyr 2026 in Welsh


def seal_state(item: views.EvidenceView) -> str | None:
    """What the record says about a sealed item, in words (None if it is not sealed)."""
    if not item.sealed:
        return None
    if item.seal_decision == KEPT:
        state = _("kept sealed for the police: {reason}").format(
            reason=item.seal_decision_reason or ""
        )
    elif item.seal_decision == DELETED:
        state = _("copy deleted on {date} by {name}: {reason}").format(
            date=_day(item.seal_decided_at) if item.seal_decided_at else "?",
            name=item.seal_decided_by or "?",
            reason=item.seal_decision_reason or "",
        )
    else:
        state = _("awaiting the DSL's decision")
    return _("sealed — not shown ({state})").format(state=state)
