"""Advised steps as actions on a case, and the due times of their follow-ups.

A step's ``follow_up`` in guides/ becomes a due time. With ``after: other-step`` it is
counted from when that step was done (e.g. Report Harmful Content opens 48 hours after
the platform report) and stays unset until then. Without ``after`` it is a deadline
counted from when the step was advised (LADO contacted within one working day;
the school account answered within 24 hours).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from misuse_responder.guidance import Guidance
from misuse_responder.i18n import _
from misuse_responder.store import audit
from misuse_responder.store.errors import InvalidChange, NotFound
from misuse_responder.store.models import Action
from misuse_responder.store.vault import Vault, iso, parse_iso

STATUSES = ("pending", "done", "not-applicable", "no-longer-advised")
OWN_PREFIX = "own-"  # step ids of actions the DSL added themselves (not from the guidance)


def is_own(step_id: str) -> bool:
    """True for an action the DSL added, which no guidance change may retire."""
    return step_id.startswith(OWN_PREFIX)


REFERENCE_KINDS = ("platform", "police", "ceop", "lado", "social-care", "iwf", "rhc", "other")


def add_hours(start: datetime, hours: int, working_days: bool) -> datetime:
    """``start`` + ``hours``; with ``working_days``, each 24 hours is a weekday (Mon-Fri)."""
    if not working_days:
        return start + timedelta(hours=hours)
    days, rest = divmod(hours, 24)
    moment = start
    while moment.weekday() >= 5:  # advised at the weekend: the clock starts on Monday
        moment = (moment + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    while days:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment + timedelta(hours=rest)


def _follow_up(step_id: str) -> Any:
    from misuse_responder.guidance import load_guides

    step = load_guides().steps.get(step_id)
    return None if step is None else step.follow_up


def _due(row: Action, done: dict[str, str | None]) -> tuple[str | None, str | None]:
    follow = _follow_up(row.step_id)
    if follow is None:
        return None, None
    if follow.after:
        base_text = done.get(follow.after)
        if base_text is None:
            return None, follow.label
    else:
        base_text = row.advised_at
    base = parse_iso(base_text)
    assert base is not None
    return iso(add_hours(base, follow.hours, follow.working_days)), follow.label


def refresh_due(case_id: int) -> None:
    """Recompute every due time on the case from the current state of its actions."""
    rows = list(Action.select().where(Action.case == case_id))
    done = {row.step_id: row.done_at for row in rows if row.status == "done"}
    for row in rows:
        due_at, label = _due(row, done)
        if (due_at, label) != (row.due_at, row.due_label):
            row.due_at, row.due_label = due_at, label
            row.save()


def sync_from_guidance(vault: Vault, case_id: int, guidance: Guidance, now: str) -> None:
    """Add an action for every newly advised step; mark pending ones no longer advised.

    Call inside the write transaction that stores the assessment.
    """
    existing = {row.step_id: row for row in Action.select().where(Action.case == case_id)}
    advised = set(guidance.step_ids)
    for step in guidance.steps:
        row = existing.get(step.id)
        if row is None:
            Action.create(case=case_id, step_id=step.id, title=step.title, advised_at=now)
        elif row.status == "no-longer-advised":
            row.status, row.advised_at, row.title = "pending", now, step.title
            row.save()
    for step_id, row in existing.items():
        if step_id not in advised and row.status == "pending" and not is_own(step_id):
            row.status = "no-longer-advised"
            row.save()
    refresh_due(case_id)


def add_own(vault: Vault, case_id: int, title: str, by: str) -> int:
    """Add an action of the DSL's own (not one of the guidance's steps); returns its id.

    Like every action it is never deleted: it is recorded as done or not applicable later,
    it is audited (``action.added``) and the evidence pack lists it with the others."""
    from misuse_responder.store.cases import get_row, touch
    from misuse_responder.store.text import MAX_TITLE, clean_line

    title = clean_line(title, _("The action"), MAX_TITLE)
    by = clean_line(by, _("The author"), MAX_TITLE)
    now = vault.now()
    with vault.write():
        case = get_row(case_id)
        if case.status == "closed":
            raise InvalidChange(_("The case is closed: reopen it to add an action."))
        count = Action.select().where(Action.case == case_id).count()
        step_id = f"{OWN_PREFIX}{count + 1}"
        while Action.get_or_none(Action.case == case_id, Action.step_id == step_id):
            count += 1
            step_id = f"{OWN_PREFIX}{count + 1}"
        row = Action.create(case=case_id, step_id=step_id, title=title, advised_at=now)
        audit.append(now, by, "action.added", case_id, {"id": row.id, "title": title})
        touch(case_id, now)
    return int(row.id)


def record(
    vault: Vault,
    action_id: int,
    status: str,
    by: str,
    *,
    reason: str | None = None,
    reference: str | None = None,
    reference_kind: str | None = None,
    when: datetime | None = None,
) -> None:
    """Record what was done about an advised step (done, or not applicable with a reason)."""
    if status not in ("done", "not-applicable", "pending"):
        raise InvalidChange(_("Unknown action status {status}.").format(status=repr(status)))
    if status == "not-applicable" and not (reason and reason.strip()):
        raise InvalidChange(_("Say why this step does not apply."))
    if reference_kind is not None and reference_kind not in REFERENCE_KINDS:
        raise InvalidChange(_("Unknown reference kind {kind}.").format(kind=repr(reference_kind)))
    now = vault.now()
    at = iso(when) if when is not None else now
    with vault.write():
        row = Action.get_or_none(Action.id == action_id)
        if row is None:
            raise NotFound(_("There is no action {id}.").format(id=action_id))
        row.status = status
        row.done_at = None if status == "pending" else at
        row.done_by = None if status == "pending" else by
        row.reason = reason.strip() if reason else None
        row.reference = reference.strip() if reference else None
        row.reference_kind = reference_kind
        row.save()
        refresh_due(row.case_id)
        audit.append(
            now,
            by,
            "action.recorded",
            row.case_id,
            {
                "id": row.id,
                "step": row.step_id,
                "status": status,
                "at": row.done_at,
                "reason": row.reason,
                "reference": row.reference,
                "reference_kind": reference_kind,
            },
        )
        from misuse_responder.store.cases import touch

        touch(row.case_id, now)
