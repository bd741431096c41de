"""Plain-English names for the engine's fixed ids (display only, built at run time)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from misuse_responder import labels as shared
from misuse_responder.guidance import vocabulary as v
from misuse_responder.i18n import _
from misuse_responder.store.records import KINDS, ROLES

if TYPE_CHECKING:
    from misuse_responder.guidance import Guides


def escalations() -> dict[str, str]:
    return {e: shared.escalation(e) for e in v.ESCALATIONS}


def police(guides: Guides | None = None, jurisdiction: str | None = None) -> dict[str, str]:
    return {
        level: _("Police: {advice}.").format(advice=shared.police(level, guides, jurisdiction))
        for level in v.POLICE_LEVELS
    }


def roles() -> dict[str, str]:
    return {r: shared.person_role(r) for r in ROLES}


def kinds() -> dict[str, str]:
    return {k: shared.person_kind(k) for k in KINDS}


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
    # The warning itself is said once per page (not_confirmed_notice); each line is marked.
    return _("Not confirmed* (last checked {date}).").format(date=checked)


def not_confirmed_notice() -> str:
    """The one notice a page shows when any line on it is marked "Not confirmed*"."""
    return _("* Not confirmed: check before relying on it.")
