"""Plain-English words for the fixed ids of the engine and the store, shared by every face.

The wizard, the case view and the PDFs must call the same thing by the same name (a DSL
reading a pack beside the screen should never wonder whether "consider" and "ask for advice"
differ). Functions, not constants, so each word is translated when shown, not at import.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from misuse_responder.i18n import _

if TYPE_CHECKING:
    from misuse_responder.guidance import Guides

DEFAULT_JURISDICTION = "england"


class NoGuidance(ValueError):
    """guides/ holds no guidance for the nation asked for (the message says so plainly)."""


def nation_guides(jurisdiction: str) -> Guides:
    """guides/ as one nation's staff read them (its steps, roles, documents and rules)."""
    from misuse_responder.guidance.guide_text import shown_guides
    from misuse_responder.guidance.jurisdictions import guides_for

    nations = available_nations()
    if jurisdiction not in nations:
        raise NoGuidance(
            _("This copy of the app holds no guidance for {nation}: use one of {allowed}.").format(
                nation=jurisdiction, allowed=", ".join(nations)
            )
        )
    return guides_for(shown_guides(), jurisdiction)


def available_nations() -> tuple[str, ...]:
    """The nations guides/ holds guidance for."""
    from misuse_responder.guidance import load_guides
    from misuse_responder.guidance.jurisdictions import available

    return available(load_guides())


def case_jurisdiction(facts: Mapping[str, Any]) -> str:
    """The nation a case was assessed for: its facts' (facts that name none were assessed
    for England)."""
    return str(facts.get("jurisdiction") or DEFAULT_JURISDICTION)


def head_lead(guides: Guides | None) -> str:
    """Who leads when the Head is involved, in the nation ``guides`` is for (its overlay's
    ``head_concern``; the Chair of Governors without one)."""
    if guides is None or not guides.jurisdiction:
        return "chair"
    from misuse_responder.guidance.jurisdictions import head_concern

    lead = head_concern(guides, guides.jurisdiction)
    return lead.to if lead is not None else "chair"


def police(level: str, guides: Guides | None = None, jurisdiction: str | None = None) -> str:
    """The advice alone; screens that show it without a heading put "Police:" before it.

    Given ``guides``, who decides is named as the nation does (see ``escalation``)."""
    return {
        "999": _("Call 999 now"),
        "report": _("Report to the police"),
        "consider": _("Ask the police for advice ({lead} decides and records why)").format(
            lead=escalation("dsl", guides, jurisdiction, short=True)
        ),
        "none": _("Not needed on what is known so far"),
    }.get(level, level)


def escalation(
    target: str,
    guides: Guides | None = None,
    jurisdiction: str | None = None,
    *,
    short: bool = False,
) -> str:
    """What one of the engine's escalation ids (or a role a step names) is called.

    Given ``guides``, the words come from the nation's overlay in guides/jurisdictions/
    (``jurisdiction``, else the nation the guides are for, else England): "Child protection
    co-ordinator" in Scotland. ``short`` is the form used inside a sentence ("the DSL").
    Without guides, or for a role the overlay does not name, England's words."""
    if guides is not None:
        text = nation_role(guides, jurisdiction, target, short=short)
        if text:
            return text
    if short:
        return {
            "dsl": _("the DSL"),
            "deputy-dsl": _("the deputy DSL"),
            "headteacher": _("the Head teacher"),
            "chair": _("the Chair of Governors"),
            "lado": _("the LADO"),
            "moderator": _("the moderator of the school's account or page"),
            "slt": _("the senior leadership team"),
            "police": _("the police"),
            "childrens-social-care": _("children's social care"),
        }.get(target, target)
    return {
        "dsl": _("Designated safeguarding lead (DSL)"),
        "deputy-dsl": _("Deputy designated safeguarding lead (deputy DSL)"),
        "headteacher": _("Head teacher"),
        "chair": _("Chair of Governors"),
        "lado": _("LADO (Local Authority Designated Officer)"),
        "moderator": _("Moderator of the school's account or page"),
        "slt": _("Senior leadership team"),
        "police": _("Police"),
        "childrens-social-care": _("Children's social care"),
    }.get(target, target)


def nation_role(guides: Guides, jurisdiction: str | None, role: str, *, short: bool = False) -> str:
    """The overlay's words for ``role`` in this nation, or "" when it names none."""
    from misuse_responder.guidance.guides import GuideError
    from misuse_responder.guidance.jurisdictions import role_label

    nation = jurisdiction or guides.jurisdiction or DEFAULT_JURISDICTION
    try:
        return role_label(guides, nation, role, short=short)
    except (KeyError, GuideError):
        return ""


def role_exists(guides: Guides, jurisdiction: str | None, role: str) -> bool:
    """Whether ``role`` exists in this nation (there is no LADO in Scotland)."""
    from misuse_responder.guidance.guides import GuideError
    from misuse_responder.guidance.jurisdictions import role_available

    nation = jurisdiction or guides.jurisdiction or DEFAULT_JURISDICTION
    try:
        return role_available(guides, nation, role)
    except GuideError:
        return True


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
