"""Plain-English names for the engine's fixed ids (display only, built at run time)."""

from __future__ import annotations

from misuse_responder.i18n import _


def targets() -> dict[str, str]:
    return {
        "pupil": _("A pupil"),
        "staff": _("A member of staff"),
        "headteacher": _("The Head teacher"),
        "governor": _("A governor"),
        "parent": _("A parent or carer"),
        "school": _("The school itself (its name, account or page)"),
        "other": _("Someone else"),
    }


def subjects() -> dict[str, str]:
    return {
        "unknown": _("Not known"),
        "pupil": _("A pupil"),
        "staff": _("A member of staff"),
        "headteacher": _("The Head teacher"),
        "governor": _("A governor"),
        "parent": _("A parent or carer"),
        "adult": _("Another adult"),
    }


def escalations() -> dict[str, str]:
    return {
        "dsl": _("Designated safeguarding lead (DSL)"),
        "headteacher": _("Head teacher"),
        "chair": _("Chair of Governors"),
        "lado": _("LADO (Local Authority Designated Officer)"),
        "moderator": _("Moderator of the school's account or page"),
        "slt": _("Senior leadership team"),
    }


def police() -> dict[str, str]:
    return {
        "999": _("Police: call 999 now."),
        "report": _("Police: report this to the police."),
        "consider": _("Police: ask the police for advice."),
        "none": _("Police: not needed on what you have told us so far."),
    }


def roles() -> dict[str, str]:
    return {
        "target": _("Affected"),
        "subject": _("Responsible"),
        "witness": _("Witness"),
        "reporter": _("Reported it"),
    }


def kinds() -> dict[str, str]:
    return {
        "pupil": _("Pupil"),
        "staff": _("Staff"),
        "headteacher": _("Head teacher"),
        "governor": _("Governor"),
        "parent": _("Parent or carer"),
        "adult": _("Other adult"),
        "other": _("Other"),
        "unknown": _("Not known"),
    }


def how_told() -> dict[str, str]:
    return {
        "in-person": _("In person"),
        "phone": _("By phone"),
        "email": _("By email"),
        "meeting": _("In a meeting"),
    }


def confidence(value: str, checked: str, *, service: bool = False) -> str:
    if value == "confirmed" and service:
        return _("Confirmed from the service's own pages when checked on {date}.").format(
            date=checked
        )
    if value == "confirmed":
        return _("Confirmed from the platform's own pages when checked on {date}.").format(
            date=checked
        )
    return _("Not confirmed — check before relying on it (last checked {date}).").format(
        date=checked
    )
