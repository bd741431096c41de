"""Who an evidence pack is addressed to, and who leads on a case (Qt-free, no PDF code).

One rule, read from the engine's escalation ids alone: the pack, the export dialog and the
wizard's pages all call it, so the screen can never name someone the pack does not.
"""

from __future__ import annotations

from collections.abc import Iterable

from misuse_responder.labels import head_lead as head_lead

DSL_COPY = "dsl"


def addressee(escalate_to: Iterable[str], variant: str, head_lead: str = "chair") -> str:
    """Which of the engine's escalation ids a pack is addressed to: the one rule, shared by
    the pack, the export dialog and the wizard.

    The pack goes to the Head, or, when the Head is involved, to whoever leads then
    (``head_lead``: the nation's ``head_concern`` in guides/jurisdictions/, the Chair of
    Governors unless it says otherwise) once the guidance escalated to them. The DSL copy
    never goes to the person a concern is about: when the guidance tells someone else
    instead of the DSL (the DSL is the person responsible), it goes to the deputy DSL, or
    failing one to whoever leads or the Head the guidance names."""
    escalate = tuple(escalate_to)
    if variant == DSL_COPY:
        if "dsl" in escalate:
            return "dsl"
        return next((e for e in ("deputy-dsl", head_lead, "headteacher") if e in escalate), "dsl")
    return head_lead if head_lead in escalate else "headteacher"


def safeguarding_lead(escalate_to: Iterable[str]) -> str | None:
    """Who leads for the school's safeguarding on this case: the DSL, or the deputy when the
    guidance names the deputy instead (the DSL is involved); None when it names neither but
    names someone else (then neither is asked to act or sign)."""
    escalate = tuple(escalate_to)
    if "dsl" in escalate or not escalate:
        return "dsl"
    return "deputy-dsl" if "deputy-dsl" in escalate else None
