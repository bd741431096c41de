"""Plain, immutable snapshots of stored rows: what the service API hands to the GUI.

The GUI never holds a live peewee row, so it cannot change one behind the audit
trail's back, and rows can cross threads freely.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from misuse_responder.store import models as m

_dt = datetime.fromisoformat


def _odt(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


class CaseSummary(NamedTuple):
    """One row of the case list (a named tuple: the list builds thousands, cheaply)."""

    id: int
    reference: str
    title: str
    status: str
    opened_at: datetime
    opened_by: str
    updated_at: datetime
    platform: str
    concerns: tuple[str, ...]
    evidence_rule: str


@dataclass(frozen=True)
class PersonView:
    id: int
    role: str
    kind: str
    name: str
    year_group: str | None
    date_of_birth: str | None
    added_at: datetime
    added_by: str
    removed_at: datetime | None
    removed_reason: str | None
    aliases: tuple[str, ...] = ()  # extra redaction terms (nicknames, handles)
    age_band: str | None = None


@dataclass(frozen=True)
class EntryView:
    id: int
    at: datetime
    occurred_at: datetime | None
    author: str
    kind: str
    text: str
    corrects: int | None
    corrected_by: tuple[int, ...]


@dataclass(frozen=True)
class ActionView:
    id: int
    step_id: str
    title: str
    status: str
    advised_at: datetime
    done_at: datetime | None
    done_by: str | None
    reason: str | None
    reference: str | None
    reference_kind: str | None
    due_at: datetime | None
    due_label: str | None


@dataclass(frozen=True)
class EvidenceView:
    id: int
    kind: str
    sha256: str
    size: int
    original_name: str | None
    media_type: str | None
    text: str | None
    url: str | None
    account: str | None
    description: str
    captured_at: datetime
    captured_tz: str
    device: str | None
    added_by: str
    added_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by: str | None
    withdrawn_reason: str | None
    sealed_at: datetime | None = None
    sealed_reason: str | None = None
    seal_decision: str | None = None  # None (DSL to decide), "keep-for-police", "deleted"
    seal_decided_at: datetime | None = None
    seal_decided_by: str | None = None
    seal_decision_reason: str | None = None

    @property
    def sealed(self) -> bool:
        """Sealed items are never shown, previewed or exported, whatever the decision."""
        return self.sealed_at is not None


@dataclass(frozen=True)
class AssessmentView:
    id: int
    at: datetime
    by: str
    facts: dict[str, Any]
    guidance: dict[str, Any]
    guide_version: str
    evidence: str


@dataclass(frozen=True)
class CaseDetail:
    summary: CaseSummary
    outcome: str | None
    close_reason: str | None
    closed_at: datetime | None
    closed_by: str | None
    facts: dict[str, Any]
    guide_version: str
    people: tuple[PersonView, ...]
    entries: tuple[EntryView, ...]
    actions: tuple[ActionView, ...]
    evidence: tuple[EvidenceView, ...]
    assessments: tuple[AssessmentView, ...]
    uuid: str | None = None  # schema 4: the global id hand-overs match on
    origin_reference: str | None = None  # the reference on the laptop it was first recorded on
    custody: tuple[Any, ...] = ()  # CustodyView rows (store/handover_views.py), oldest first

    @property
    def id(self) -> int:
        return self.summary.id

    @property
    def reference(self) -> str:
        return self.summary.reference

    @property
    def status(self) -> str:
        return self.summary.status


def summary(case: m.Case, concerns: tuple[str, ...]) -> CaseSummary:
    return CaseSummary(
        id=case.id,
        reference=case.reference,
        title=case.title,
        status=case.status,
        opened_at=_dt(case.opened_at),
        opened_by=case.opened_by,
        updated_at=_dt(case.updated_at),
        platform=case.platform,
        concerns=concerns,
        evidence_rule=case.evidence_rule,
    )


def summary_row(row: tuple[Any, ...], concerns: tuple[str, ...]) -> CaseSummary:
    """From the columns id, reference, title, status, opened_at, opened_by, updated_at,
    platform, evidence_rule (the case list's query)."""
    cid, reference, title, status, opened_at, opened_by, updated_at, platform, rule = row
    return CaseSummary(
        cid,
        reference,
        title,
        status,
        _dt(opened_at),
        opened_by,
        _dt(updated_at),
        platform,
        concerns,
        rule,
    )


def person(row: m.Person) -> PersonView:
    return PersonView(
        id=row.id,
        role=row.role,
        kind=row.kind,
        name=row.name,
        year_group=row.year_group,
        date_of_birth=row.date_of_birth,
        added_at=_dt(row.added_at),
        added_by=row.added_by,
        removed_at=_odt(row.removed_at),
        removed_reason=row.removed_reason,
        aliases=tuple(t for t in (row.aliases or "").splitlines() if t.strip()),
        age_band=row.age_band,
    )


def entry(row: m.Entry, corrected_by: tuple[int, ...]) -> EntryView:
    return EntryView(
        id=row.id,
        at=_dt(row.at),
        occurred_at=_odt(row.occurred_at),
        author=row.author,
        kind=row.kind,
        text=row.text,
        corrects=row.corrects_id,
        corrected_by=corrected_by,
    )


def action(row: m.Action) -> ActionView:
    return ActionView(
        id=row.id,
        step_id=row.step_id,
        title=row.title,
        status=row.status,
        advised_at=_dt(row.advised_at),
        done_at=_odt(row.done_at),
        done_by=row.done_by,
        reason=row.reason,
        reference=row.reference,
        reference_kind=row.reference_kind,
        due_at=_odt(row.due_at),
        due_label=row.due_label,
    )


def evidence(row: m.Evidence) -> EvidenceView:
    return EvidenceView(
        id=row.id,
        kind=row.kind,
        sha256=row.sha256,
        size=row.size,
        original_name=row.original_name,
        media_type=row.media_type,
        text=row.text,
        url=row.url,
        account=row.account,
        description=row.description,
        captured_at=_dt(row.captured_at),
        captured_tz=row.captured_tz,
        device=row.device,
        added_by=row.added_by,
        added_at=_dt(row.added_at),
        withdrawn_at=_odt(row.withdrawn_at),
        withdrawn_by=row.withdrawn_by,
        withdrawn_reason=row.withdrawn_reason,
        sealed_at=_odt(row.sealed_at),
        sealed_reason=row.sealed_reason,
        seal_decision=row.seal_decision,
        seal_decided_at=_odt(row.seal_decided_at),
        seal_decided_by=row.seal_decided_by,
        seal_decision_reason=row.seal_decision_reason,
    )


def assessment(row: m.Assessment) -> AssessmentView:
    return AssessmentView(
        id=row.id,
        at=_dt(row.at),
        by=row.by,
        facts=json.loads(row.facts_json),
        guidance=json.loads(row.guidance_json),
        guide_version=row.guide_version,
        evidence=row.evidence,
    )
