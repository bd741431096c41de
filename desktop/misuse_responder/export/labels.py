"""Words for the engine's ids, as shown in exports (display only: no rule lives here)."""

from __future__ import annotations

from datetime import datetime

from misuse_responder import labels as shared
from misuse_responder.guidance import Guides
from misuse_responder.i18n import _

role = shared.person_role
police = shared.police
DEFAULT_JURISDICTION = shared.DEFAULT_JURISDICTION
NoGuidance = shared.NoGuidance
nation_guides = shared.nation_guides
available_nations = shared.available_nations


def status(value: str) -> str:
    """A case's or an action's status (the two share no ids)."""
    return (
        shared.case_status(value)
        if value in ("draft", "open", "closed")
        else (shared.action_status(value))
    )


def who(value: str) -> str:
    return {
        "pupil": _("a pupil"),
        "staff": _("a member of staff"),
        "headteacher": _("the Head teacher"),
        "governor": _("a governor"),
        "parent": _("a parent or carer"),
        "school": _("the school itself"),
        "adult": _("an adult outside school"),
        "unknown": _("not known"),
        "other": _("someone else"),
    }.get(value, value)


def evidence_rule(value: str) -> str:
    return {
        "capture": _("Keep copies of the evidence"),
        "do-not-capture": _("Do not capture: no images kept (sexual images of under-18s)"),
    }.get(value, value)


def platform(g: Guides, value: str) -> str:
    if value in g.platforms:
        return g.platforms[value].name
    return {"other": _("Another platform"), "none": _("Not online / no platform")}.get(value, value)


def concern(g: Guides, value: str) -> str:
    return g.concerns[value].label if value in g.concerns else value


def referral(g: Guides, value: str) -> str:
    step = g.routing.refer_to.get(value)
    return g.steps[step].title if step in g.steps else value


def escalation(g: Guides, value: str) -> str:
    step = g.routing.escalate_to.get(value)
    return g.steps[step].title if step in g.steps else value


def classification(area: str, kind: str) -> str:
    return f"{area.capitalize()} / {kind}"


def yes_no(value: object) -> str:
    return _("Yes") if value else _("No")


def when(moment: datetime | None) -> str:
    """Local time as staff read it (dd/mm/yyyy HH:MM); no zone: "UTC" means nothing to them."""
    if moment is None:
        return "—"
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def local_seconds(moment: datetime | None) -> str:
    """Local time to the second, for an evidence item's capture time."""
    if moment is None:
        return "—"
    return moment.astimezone().strftime("%d/%m/%Y %H:%M:%S")


def utc(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    from datetime import UTC

    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
