"""Plain-English words for the fixed ids of the engine and the store, shared by every face.

The wizard, the case view and the PDFs must call the same thing by the same name (a DSL
reading a pack beside the screen should never wonder whether "consider" and "ask for advice"
differ). Functions, not constants, so each word is translated when shown, not at import.
"""

from __future__ import annotations

from misuse_responder.i18n import _


def police(level: str) -> str:
    """The advice alone; screens that show it without a heading put "Police:" before it."""
    return {
        "999": _("Call 999 now"),
        "report": _("Report to the police"),
        "consider": _("Ask the police for advice (the DSL decides and records why)"),
        "none": _("Not needed on what is known so far"),
    }.get(level, level)


def escalation(target: str) -> str:
    return {
        "dsl": _("Designated safeguarding lead (DSL)"),
        "deputy-dsl": _("Deputy designated safeguarding lead (deputy DSL)"),
        "headteacher": _("Head teacher"),
        "chair": _("Chair of Governors"),
        "lado": _("LADO (Local Authority Designated Officer)"),
        "moderator": _("Moderator of the school's account or page"),
        "slt": _("Senior leadership team"),
    }.get(target, target)


def person_role(role: str) -> str:
    return {
        "target": _("Affected"),
        "subject": _("Responsible (alleged)"),
        "witness": _("Witness"),
        "reporter": _("Reported it"),
    }.get(role, role)


def person_kind(kind: str) -> str:
    return {
        "pupil": _("Pupil"),
        "staff": _("Member of staff"),
        "headteacher": _("Head teacher"),
        "governor": _("Governor"),
        "parent": _("Parent or carer"),
        "adult": _("Other adult"),
        "school": _("The school"),
        "other": _("Other"),
        "unknown": _("Not known"),
    }.get(kind, kind)


def case_status(status: str) -> str:
    return {
        "draft": _("Draft"),
        "open": _("Open"),
        "closed": _("Closed"),
        "handed-over": _("Handed over"),
    }.get(status, status)


def action_status(status: str) -> str:
    return {
        "pending": _("Not done yet"),
        "done": _("Done"),
        "not-applicable": _("Does not apply"),
        "no-longer-advised": _("No longer advised"),
    }.get(status, status)
