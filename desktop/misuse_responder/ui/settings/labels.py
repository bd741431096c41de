"""Plain-English names for the store's fixed ids (contact roles, jurisdictions, statuses).

Functions, not constants, so each string is translated when shown, not at import.
"""

from __future__ import annotations

from misuse_responder.i18n import _


def contact_role_label(role: str) -> str:
    return {
        "head": _("Head teacher"),
        "dsl": _("Designated safeguarding lead (DSL)"),
        "deputy-dsl": _("Deputy DSL"),
        "chair": _("Chair of Governors"),
        "lado": _("LADO (local authority designated officer)"),
        "police-101": _("Police, non-emergency (101)"),
        "moderator": _("Moderator of the school's social media"),
        "slt-media": _("Senior leader for media"),
        "dpo": _("Data Protection Officer"),
    }.get(role, role)


def jurisdictions() -> list[tuple[str, str]]:
    return [
        ("england", _("England")),
        ("wales", _("Wales")),
        ("scotland", _("Scotland")),
        ("northern-ireland", _("Northern Ireland")),
    ]


def status_label(status: str) -> str:
    return {"draft": _("Draft"), "open": _("Open"), "closed": _("Closed")}.get(status, status)


def action_status_label(status: str) -> str:
    return {
        "pending": _("To do"),
        "done": _("Done"),
        "not-applicable": _("Does not apply"),
        "no-longer-advised": _("No longer advised"),
    }.get(status, status)


def reference_kind_label(kind: str) -> str:
    return {
        "platform": _("Platform report"),
        "police": _("Police"),
        "ceop": _("CEOP"),
        "lado": _("LADO"),
        "social-care": _("Children's social care"),
        "iwf": _("IWF"),
        "rhc": _("Report Harmful Content"),
        "other": _("Other"),
    }.get(kind, kind)


def police_label(level: str) -> str:
    return {
        "999": _("Call 999 now: someone is in immediate danger."),
        "report": _("Report this to the police."),
        "consider": _("Consider reporting this to the police (the DSL decides)."),
        "none": _("The police do not need to be involved unless something changes."),
    }.get(level, level)


def escalation_label(target: str) -> str:
    return {
        "dsl": _("Designated safeguarding lead (DSL)"),
        "headteacher": _("Head teacher"),
        "chair": _("Chair of Governors"),
        "lado": _("LADO"),
        "moderator": _("Moderator of the school's social media"),
        "slt": _("Senior leadership team"),
    }.get(target, target)


def person_role_label(role: str) -> str:
    return {
        "target": _("Affected"),
        "subject": _("Responsible"),
        "witness": _("Witness"),
        "reporter": _("Reported it"),
    }.get(role, role)


def person_kind_label(kind: str) -> str:
    return {
        "pupil": _("Pupil"),
        "staff": _("Staff member"),
        "headteacher": _("Head teacher"),
        "governor": _("Governor"),
        "parent": _("Parent or carer"),
        "adult": _("Adult"),
        "other": _("Other"),
        "unknown": _("Not known"),
        "school": _("The school"),
    }.get(kind, kind)


def entry_kind_label(kind: str) -> str:
    return {
        "note": _("Note"),
        "disclosure": _("Disclosure (their words)"),
        "decision": _("Decision"),
        "contact": _("Contact made"),
        "opinion": _("Opinion"),
    }.get(kind, kind)
