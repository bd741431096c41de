"""Cases: creating one from incident facts, re-assessing, and moving it through its life.

Every change is made in one write transaction together with its audit event, so a
crash leaves either the change and its event or neither. The facts are validated by
the guidance engine's contract and every assessment is kept with its guide version,
so it is always possible to show what the app advised and why, at the time.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from misuse_responder.guidance import Guidance, IncidentFacts, assess, load_guides, parse_facts
from misuse_responder.i18n import _
from misuse_responder.store import actions, audit, handover_custody, sealing, views
from misuse_responder.store import models as m
from misuse_responder.store.errors import InvalidChange, NotFound
from misuse_responder.store.text import MAX_TITLE, clean_line, fold
from misuse_responder.store.vault import Vault

REFERENCE_PREFIX = "MR"
STATUSES = ("draft", "open", "closed")


def new_case_uuid() -> str | None:
    """The global id a new case gets (schema 4), so two laptops' records never clash."""
    return str(uuid.uuid4())


def _facts(data: Mapping[str, Any] | IncidentFacts) -> IncidentFacts:
    """Validate through the engine's contract (raises ``FactsError`` naming the problem).

    Facts that come from the school profile (who holds the DSL role) are filled in from it
    when the caller did not give them, so no screen or command can forget them."""
    guides = load_guides()
    if isinstance(data, IncidentFacts):
        raw = data.to_dict()
    else:
        raw = dict(data)
        known = {f.name for f in fields(IncidentFacts)}
        from misuse_responder.store.records import profile_facts, school_profile

        for key, value in profile_facts(school_profile()).items():
            if key in known and key not in raw:
                raw[key] = value
    return parse_facts(raw, guides.platforms.keys())


def get_row(case_id: int) -> m.Case:
    row = m.Case.get_or_none(m.Case.id == case_id)
    if row is None:
        raise NotFound(_("There is no case {id}.").format(id=case_id))
    return row


def touch(case_id: int, now: str) -> None:
    m.Case.update(updated_at=now).where(m.Case.id == case_id).execute()


def _next_reference(year: int) -> str:
    counter = m.RefCounter.get_or_none(m.RefCounter.year == year)
    if counter is None:
        number = 1
        m.RefCounter.create(year=year, last=1)
    else:
        number = counter.last + 1
        m.RefCounter.update(last=number).where(m.RefCounter.year == year).execute()
    return f"{REFERENCE_PREFIX}-{year}-{number:04d}"


def _store_assessment(
    vault: Vault, case: m.Case, facts: IncidentFacts, guidance: Guidance, by: str, now: str
) -> None:
    facts_json = audit.canonical(facts.to_dict())
    row = m.Assessment.create(
        case=case.id,
        at=now,
        by=by,
        facts_json=facts_json,
        guidance_json=audit.canonical(guidance.to_dict()),
        guide_version=guidance.guide_version,
        evidence=guidance.evidence,
    )
    m.CaseConcern.delete().where(m.CaseConcern.case == case.id).execute()
    m.CaseConcern.insert_many([(case.id, c) for c in facts.concerns]).execute()
    m.Case.update(
        facts_json=facts_json,
        platform=facts.platform,
        evidence_rule=guidance.evidence,
        guide_version=guidance.guide_version,
        updated_at=now,
    ).where(m.Case.id == case.id).execute()
    actions.sync_from_guidance(vault, case.id, guidance, now)
    audit.append(
        now,
        by,
        "case.assessed",
        case.id,
        {
            "id": row.id,
            "facts": facts.to_dict(),
            "guide_version": guidance.guide_version,
            "evidence": guidance.evidence,
            "police": guidance.police,
            "steps": list(guidance.step_ids),
        },
    )
    if guidance.evidence == "do-not-capture":
        # Files kept before the facts changed may show the child: sealed now, in this
        # same transaction, so no screen or export can show one in between.
        sealing.seal_case(case.id, by, now, row.id)


def create_case(
    vault: Vault, facts: Mapping[str, Any] | IncidentFacts, title: str, opened_by: str
) -> views.CaseSummary:
    """A new draft case from validated facts, assessed at once. Returns its summary."""
    checked = _facts(facts)
    title = clean_line(title, _("The case title"), MAX_TITLE)
    opened_by = clean_line(opened_by, _("The name of the person opening the case"), MAX_TITLE)
    guidance = assess(checked)
    moment = vault.clock()
    now = vault.now()
    with vault.write():
        reference = _next_reference(moment.year)
        case = m.Case.create(
            reference=reference,
            title=title,
            status="draft",
            opened_by=opened_by,
            opened_at=now,
            updated_at=now,
            facts_json="{}",
            platform=checked.platform,
            evidence_rule=guidance.evidence,
            guide_version=guidance.guide_version,
            uuid=new_case_uuid(),
        )
        audit.append(
            now,
            opened_by,
            "case.created",
            case.id,
            {"id": case.id, "reference": reference, "title": title},
        )
        m.SearchText.insert(case_id=case.id, source="title", body=fold(title)).execute()
        _store_assessment(vault, case, checked, guidance, opened_by, now)
    return summary(case.id)


def reassess(
    vault: Vault, case_id: int, facts: Mapping[str, Any] | IncidentFacts, by: str
) -> Guidance:
    """Store changed facts and the new guidance; earlier assessments are kept."""
    checked = _facts(facts)
    guidance = assess(checked)
    now = vault.now()
    with vault.write():
        case = get_row(case_id)
        if case.status == "closed":
            raise InvalidChange(_("The case is closed: reopen it before changing the facts."))
        _store_assessment(vault, case, checked, guidance, by, now)
    return guidance


def current_guidance(case_id: int) -> dict[str, Any]:
    """The latest assessment's guidance, as stored (JSON-ready)."""
    row = (
        m.Assessment.select()
        .where(m.Assessment.case == case_id)
        .order_by(m.Assessment.id.desc())
        .first()
    )
    if row is None:
        raise NotFound(_("Case {id} has no assessment.").format(id=case_id))
    data: dict[str, Any] = json.loads(row.guidance_json)
    return data


def _transition(
    vault: Vault,
    case_id: int,
    by: str,
    allowed_from: tuple[str, ...],
    to: str,
    fields: dict[str, Any],
    data: dict[str, Any],
) -> None:
    now = vault.now()
    with vault.write():
        case = get_row(case_id)
        if case.status not in allowed_from:
            raise InvalidChange(
                _("Case {ref} is {status}; it cannot become {to}.").format(
                    ref=case.reference, status=case.status, to=to
                )
            )
        if to == "closed":
            fields = {**fields, "closed_at": now, "closed_by": by}
        m.Case.update(status=to, updated_at=now, **fields).where(m.Case.id == case_id).execute()
        audit.append(
            now, by, "case.status", case_id, {"id": case_id, "from": case.status, "to": to, **data}
        )


def open_case(vault: Vault, case_id: int, by: str) -> None:
    """Draft → open: the record is now a live case."""
    _transition(vault, case_id, by, ("draft",), "open", {}, {})


def close_case(vault: Vault, case_id: int, by: str, outcome: str, reason: str) -> None:
    """Close with an outcome and the reasons for it (both required)."""
    outcome = clean_line(outcome, _("The outcome"), MAX_TITLE)
    if not reason.strip():
        raise InvalidChange(_("Give the reasons for closing the case."))
    change = {"outcome": outcome, "close_reason": reason.strip()}
    _transition(vault, case_id, by, ("draft", "open"), "closed", change, change)


def reopen_case(vault: Vault, case_id: int, by: str, reason: str) -> None:
    """Closed → open; the earlier outcome stays in the audit trail."""
    if not reason.strip():
        raise InvalidChange(_("Give the reason for reopening the case."))
    cleared = {"outcome": None, "close_reason": None, "closed_at": None, "closed_by": None}
    _transition(vault, case_id, by, ("closed",), "open", cleared, {"reason": reason.strip()})


def summary(case_id: int) -> views.CaseSummary:
    case = get_row(case_id)
    concerns = tuple(
        c
        for (c,) in m.tuples(
            m.CaseConcern.select(m.CaseConcern.concern).where(m.CaseConcern.case == case_id)
        )
    )
    return views.summary(case, concerns)


def by_reference(reference: str) -> int:
    row = m.Case.get_or_none(m.Case.reference == reference.strip().upper())
    if row is None:
        raise NotFound(_("There is no case {ref}.").format(ref=reference))
    return int(row.id)


def detail(case_id: int) -> views.CaseDetail:
    """Everything about one case, in display order (chronology by time, oldest first)."""
    case = get_row(case_id)
    entries = list(m.Entry.select().where(m.Entry.case == case_id).order_by(m.Entry.at, m.Entry.id))
    corrected: dict[int, list[int]] = {}
    for row in entries:
        if row.corrects_id is not None:
            corrected.setdefault(row.corrects_id, []).append(row.id)
    return views.CaseDetail(
        summary=summary(case_id),
        outcome=case.outcome,
        close_reason=case.close_reason,
        closed_at=views._odt(case.closed_at),
        closed_by=case.closed_by,
        facts=json.loads(case.facts_json),
        guide_version=case.guide_version,
        people=tuple(
            views.person(p)
            for p in m.Person.select().where(m.Person.case == case_id).order_by(m.Person.id)
        ),
        entries=tuple(views.entry(e, tuple(corrected.get(e.id, ()))) for e in entries),
        actions=tuple(
            views.action(a)
            for a in m.Action.select().where(m.Action.case == case_id).order_by(m.Action.id)
        ),
        evidence=tuple(
            views.evidence(e)
            for e in m.Evidence.select().where(m.Evidence.case == case_id).order_by(m.Evidence.id)
        ),
        assessments=tuple(
            views.assessment(a)
            for a in m.Assessment.select()
            .where(m.Assessment.case == case_id)
            .order_by(m.Assessment.id)
        ),
        uuid=case.uuid,
        origin_reference=case.origin_reference,
        custody=handover_custody.custody(case_id),
    )
