"""Plain-English names for the store's fixed ids (contact roles, jurisdictions, statuses).

Functions, not constants, so each string is translated when shown, not at import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from misuse_responder import labels as shared
from misuse_responder.i18n import _

if TYPE_CHECKING:
    from misuse_responder.guidance import Guides

# The engine's and store's ids share one set of words across the app and the PDFs.
status_label = shared.case_status
action_status_label = shared.action_status
police_label = shared.police
escalation_label = shared.escalation
person_role_label = shared.person_role
person_kind_label = shared.person_kind


def contact_role_label(
    role: str, guides: Guides | None = None, jurisdiction: str | None = None
) -> str:
    """A school-profile contact role; given the guides, in the words of the school's nation
    ("Child protection co-ordinator" in Scotland)."""
    if guides is not None:
        text = shared.nation_role(guides, jurisdiction, role)
        if text:
            return text
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


def contact_role_exists(role: str, guides: Guides, jurisdiction: str) -> bool:
    """Whether the nation has this role at all (there is no LADO in Scotland)."""
    return shared.role_exists(guides, jurisdiction, role)


def jurisdictions() -> list[tuple[str, str]]:
    return [
        ("england", _("England")),
        ("wales", _("Wales")),
        ("scotland", _("Scotland")),
        ("northern-ireland", _("Northern Ireland")),
    ]


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


def entry_kind_label(kind: str) -> str:
    return {
        "note": _("Note"),
        "disclosure": _("Disclosure (their words)"),
        "decision": _("Decision"),
        "contact": _("Contact made"),
        "opinion": _("Opinion"),
    }.get(kind, kind)
