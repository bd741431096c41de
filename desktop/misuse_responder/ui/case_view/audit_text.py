"""One plain sentence per audit event (who did what, when), for the case's audit tab.

The trail itself keeps the exact JSON (hash-chained, never edited); staff read this
sentence instead of a cut-off line of JSON, and the raw details stay one click away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from misuse_responder.i18n import _
from misuse_responder.ui.settings.labels import action_status_label
from misuse_responder.ui.timefmt import local_time


def _what(kind: str, data: dict[str, Any], steps: dict[str, str]) -> str:
    """What happened, as the end of a sentence that starts with who did it."""
    g = data.get
    sentences: dict[str, Callable[[], str]] = {
        "case.created": lambda: _("created the case {ref} ({title})").format(
            ref=g("reference") or "", title=g("title") or ""
        ),
        "case.assessed": lambda: _(
            "answered the questions and got the guidance (guide {v})"
        ).format(v=g("guide_version") or ""),
        "case.status": lambda: _("changed the case from {old} to {new}").format(
            old=g("from") or "", new=g("to") or ""
        ),
        "entry.added": lambda: _("added a chronology entry ({kind})").format(kind=g("kind") or ""),
        "person.added": lambda: _("added {name} to the people involved").format(
            name=g("name") or _("a person")
        ),
        "person.removed": lambda: _("removed person {id}: {reason}").format(
            id=g("id"), reason=g("reason") or ""
        ),
        "person.aliases": lambda: _("changed the other names hidden for person {id}").format(
            id=g("id")
        ),
        "evidence.added": lambda: _("added evidence item {id} ({kind})").format(
            id=g("id"), kind=g("kind") or ""
        ),
        "evidence.withdrawn": lambda: _("withdrew evidence item {id}: {reason}").format(
            id=g("id"), reason=g("reason") or ""
        ),
        "evidence.withheld": lambda: _(
            "did not add a file, as the guidance says (it may show a child)"
        ),
        "evidence.sealed": lambda: _("sealed evidence item {id} for the police").format(id=g("id")),
        "evidence.seal-decided": lambda: _(
            "decided about sealed evidence item {id}: {what}"
        ).format(id=g("id"), what=g("decision") or ""),
        "evidence.copy-wiped": lambda: _("deleted the school's copy of evidence item {id}").format(
            id=g("id")
        ),
        "action.added": lambda: _("added an action of their own: {title}").format(
            title=g("title") or ""
        ),
        "action.recorded": lambda: _("recorded action {step} as {status}{ref}").format(
            step=steps.get(str(g("step")), g("step") or g("id")),
            status=action_status_label(str(g("status") or "")).lower(),
            ref=_(" (reference {ref})").format(ref=g("reference")) if g("reference") else "",
        ),
        "draft.discarded": lambda: _("discarded the unfinished record"),
    }
    if kind in sentences:
        return sentences[kind]()
    if kind.startswith("export."):
        return _("saved a PDF ({kind}, {pages} pages) as {name}").format(
            kind=kind.removeprefix("export."), pages=g("pages", "?"), name=g("file_name") or ""
        )
    return _("recorded {kind}").format(kind=kind)


def who_did(
    actor: str, kind: str, data: dict[str, Any], steps: dict[str, str] | None = None
) -> str:
    """``"Ms Patel added evidence item 3 (file)."``; ``steps`` maps a step id to its
    title, so an action is named as the Actions tab names it."""
    return _("{who} {what}.").format(who=actor or _("Someone"), what=_what(kind, data, steps or {}))


def sentence(
    actor: str, kind: str, at: Any, data: dict[str, Any], steps: dict[str, str] | None = None
) -> str:
    """``"02/12/2026 18:44: Ms Patel added evidence item 3 (file)."``"""
    return _("{when}: {sentence}").format(
        when=local_time(at), sentence=who_did(actor, kind, data, steps)
    )
