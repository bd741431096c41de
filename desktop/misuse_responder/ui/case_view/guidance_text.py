"""Guidance as sentences staff read, and what changed between two assessments.

Only displays the engine's decisions (police level, evidence rule, who to tell, steps);
nothing is decided here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from misuse_responder.i18n import _
from misuse_responder.ui.settings.labels import escalation_label, police_label

if TYPE_CHECKING:
    from misuse_responder.guidance import Guides


def referral_name(ref: str) -> str:
    from misuse_responder.guidance.guide_text import shown_guides

    service = shown_guides().services.get(ref)
    if service is not None:
        return str(service.name)
    return {
        "platform": _("Report to the platform"),
        "platform-underage": _("Report an under-13 account to the platform"),
        "platform-impersonation": _("Report the impersonation to the platform"),
    }.get(ref, ref)


def evidence_text(rule: str) -> str:
    if rule == "do-not-capture":
        return _(
            "Do not view, copy, screenshot, forward, print or store the images. Record a "
            "description only, and tell the DSL."
        )
    return _("Keep the evidence: screenshots, links and account names, with times.")


def summary_lines(
    guidance: dict[str, Any], guides: Guides | None = None, jurisdiction: str | None = None
) -> list[str]:
    """The guidance in sentences; who to tell in the words of the case's nation."""
    lines = [
        _("Police: {advice}.").format(
            advice=police_label(str(guidance.get("police", "none")), guides, jurisdiction)
        )
    ]
    lines.append(evidence_text(str(guidance.get("evidence", "capture"))))
    tell = [escalation_label(t, guides, jurisdiction) for t in guidance.get("escalate_to", [])]
    if tell:
        lines.append(_("Tell: {who}").format(who=", ".join(tell)))
    refer = [referral_name(r) for r in guidance.get("refer_to", [])]
    if refer:
        lines.append(_("Report to: {where}").format(where=", ".join(refer)))
    return lines


def changes(
    before: dict[str, Any],
    after: dict[str, Any],
    guides: Guides | None = None,
    jurisdiction: str | None = None,
) -> list[str]:
    """What differs between two guidance dicts, as sentences (empty if nothing)."""

    def tell_label(role: str) -> str:
        return escalation_label(role, guides, jurisdiction)

    out: list[str] = []
    if before.get("police") != after.get("police"):
        out.append(
            _("Police: was “{before}” — now “{after}”").format(
                before=police_label(str(before.get("police")), guides, jurisdiction),
                after=police_label(str(after.get("police")), guides, jurisdiction),
            )
        )
    if before.get("evidence") != after.get("evidence"):
        out.append(
            _("Evidence: now “{after}”").format(after=evidence_text(str(after.get("evidence"))))
        )
    for key, name, label in (
        ("escalate_to", _("Tell"), tell_label),
        ("refer_to", _("Report to"), referral_name),
    ):
        old, new = set(before.get(key, [])), set(after.get(key, []))
        for item in sorted(new - old):
            out.append(_("{what}: added {item}").format(what=name, item=label(item)))
        for item in sorted(old - new):
            out.append(_("{what}: no longer {item}").format(what=name, item=label(item)))
    old_steps = {s["id"]: s["title"] for s in before.get("steps", [])}
    new_steps = {s["id"]: s["title"] for s in after.get("steps", [])}
    for sid, title in new_steps.items():
        if sid not in old_steps:
            out.append(_("New step: {title}").format(title=title))
    for sid, title in old_steps.items():
        if sid not in new_steps:
            out.append(_("Step no longer advised: {title}").format(title=title))
    return out
