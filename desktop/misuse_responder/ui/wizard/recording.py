"""Writing the wizard's answers to the store: actions done, references, who was told.

Called when the review page opens and again on save. Each write is remembered in the
state by a key and a signature, so going Back and forward again never records the same
thing twice, and a change is recorded as a new entry rather than by rewriting history.
"""

from __future__ import annotations

from datetime import datetime

from misuse_responder.i18n import _
from misuse_responder.store import actions, cases, records
from misuse_responder.ui.wizard import labels
from misuse_responder.ui.wizard.agencies import REFERENCE_KINDS
from misuse_responder.ui.wizard.context import WizardContext
from misuse_responder.ui.wizard.platform import PLATFORM_STEP


def _parse(text: str) -> datetime | None:
    return datetime.fromisoformat(text).astimezone() if text else None


def record_answers(ctx: WizardContext) -> None:
    s = ctx.state
    if s.case_id is None:
        return
    vault, author, case_id = ctx.vault, ctx.author, s.case_id
    current = {a.step_id: a for a in cases.detail(case_id).actions}
    advised = set(current)

    def mark(step_id: str, reference: str | None, kind: str | None, when: datetime | None) -> None:
        action = current.get(step_id)
        if action is None or action.status == "no-longer-advised":
            return
        signature = f"done|{reference or ''}|{kind or ''}|{when.isoformat() if when else ''}"
        key = f"action:{step_id}"
        if s.recorded.get(key) == signature:
            return
        actions.record(
            vault, action.id, "done", author, reference=reference, reference_kind=kind, when=when
        )
        s.recorded[key] = signature

    # References: the platform and the agencies.
    agency_keys = {a.step_id: a.key for a in ctx.agencies()}
    for step_id in advised:
        reference = s.references.get(step_id)
        if step_id == PLATFORM_STEP and reference:
            mark(step_id, reference, "platform", None)
        elif step_id in agency_keys and (s.referred.get(step_id) or reference):
            kind = REFERENCE_KINDS.get(agency_keys[step_id], "other") if reference else None
            mark(step_id, reference or None, kind, None)
    # Who was told: the escalation's step is done, and the chronology says when and how.
    g = ctx.guidance()
    how = labels.how_told()
    if g is not None:
        for escalation in g.escalate_to:
            told = s.told.get(escalation)
            if told is None or not told.done:
                continue
            when = _parse(told.when)
            step_id = ctx.guides.routing.escalate_to[escalation]
            mark(step_id, None, None, when)
            # Only the people the user ticked as told (never every contact for the role).
            contacts = ", ".join(name for name in told.who if name)
            text = _("Told {who}{names} {how}.").format(
                who=ctx.role(escalation),
                names=f" ({contacts})" if contacts else "",
                how=how.get(told.how, told.how).lower(),
            )
            if told.note:
                text += " " + told.note
            key = f"told:{escalation}"
            if s.recorded.get(key) != text + told.when:
                records.add_entry(vault, case_id, text, author, kind="contact", occurred_at=when)
                s.recorded[key] = text + told.when
    # Steps ticked on the checklist.
    for step_id in s.steps_done:
        if f"action:{step_id}" not in s.recorded:
            mark(step_id, None, None, None)
    # Support offered.
    titles = [item.title for item in ctx.guides.support if item.id in s.support]
    if s.support_note:
        titles.append(s.support_note)
    if titles:
        text = _("Support offered: {items}.").format(items="; ".join(titles))
        if s.recorded.get("support") != text:
            records.add_entry(vault, case_id, text, author, kind="note")
            s.recorded["support"] = text
        support_step = "support-affected-person"
        if support_step in advised and f"action:{support_step}" not in s.recorded:
            mark(support_step, None, None, None)
