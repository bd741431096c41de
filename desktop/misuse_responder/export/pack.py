"""The evidence pack: one case into one PDF for the Head (or the Chair), or the DSL.

Who the pack is addressed to is read from the case's stored guidance: when the engine
escalated to the Chair of Governors (the Head is involved), the pack goes to the Chair
and never to the Head. Nothing here decides a rule. The integrity check runs as the pack
is made, so the pack states what was true at that moment. Rendering and recording are
separate so the app can preview first and log only what the user actually saves.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from misuse_responder import labels as shared
from misuse_responder.export import (
    atomic,
    encrypt,
    integrity,
    labels,
    layout,
    pack_sections,
    redact,
)
from misuse_responder.export.addressee import DSL_COPY as DSL_COPY
from misuse_responder.export.addressee import addressee, head_lead
from misuse_responder.guidance import Guides, assess, parse_facts
from misuse_responder.i18n import _
from misuse_responder.progress import CancelToken, Progress, no_progress
from misuse_responder.store import anchor, audit, cases, records
from misuse_responder.store.contact_roles import ESCALATION_CONTACTS
from misuse_responder.store.vault import Vault
from misuse_responder.store.views import CaseDetail

ADDRESSED = "addressed"


@dataclass(frozen=True)
class PackOptions:
    variant: str = ADDRESSED  # "addressed" (Head or Chair) or "dsl"
    redacted: bool = False
    password: str | None = None
    jurisdiction: str | None = None  # None: the case's own (its facts'; England if none)


@dataclass(frozen=True)
class Recipient:
    role: str  # the contact role: "head" | "chair" | "dsl" | "deputy-dsl"
    title: str  # e.g. "Chair of Governors", in the case's nation's words
    name: str  # from the school profile; may be empty
    contact_title: str = ""
    short: str = ""  # the title inside a sentence ("the Chair of Governors")
    escalation: str = ""  # the engine's id for them ("headteacher", "chair", ...)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sha256: str
    pages: int
    kind: str
    details: dict[str, Any] = field(default_factory=dict)
    data: bytes | None = field(default=None, repr=False, compare=False)  # the PDF itself


@dataclass
class PackData:
    """Everything the pack shows, read from the store in one go."""

    detail: CaseDetail
    guidance: dict[str, Any]
    school: records.SchoolProfile
    guides: Guides
    jurisdiction: str
    recipient: Recipient
    options: PackOptions
    generated: datetime
    author: str
    police_reasons: tuple[str, ...]
    redactor: redact.Redactor
    integrity: integrity.Integrity


def recipient_for(
    guidance: dict[str, Any],
    school: records.SchoolProfile,
    variant: str,
    guides: Guides | None = None,
) -> Recipient:
    """The pack's addressee (see ``addressee``), with the school profile's contact, named in
    the words of the nation ``guides`` is for (England's without)."""
    lead = head_lead(guides)
    escalation = addressee(guidance.get("escalate_to", ()), variant, lead)
    role = ESCALATION_CONTACTS[escalation][0]
    contact = next((c for c in school.contacts if c.role == role), None)
    return Recipient(
        role,
        shared.escalation(escalation, guides),
        contact.name if contact else "",
        contact.title if contact else "",
        short=shared.escalation(escalation, guides, short=True),
        escalation=escalation,
    )


def pack_jurisdiction(options: PackOptions, facts: dict[str, Any]) -> str:
    """The nation a pack follows: the one asked for, else the case's, whose guidance was
    worked out for it (facts that name none were assessed for England)."""
    return options.jurisdiction or shared.case_jurisdiction(facts)


def _police_reasons(detail: CaseDetail, guidance: dict[str, Any], g: Guides) -> tuple[str, ...]:
    """The summaries of the rules that set the police decision, when the guide is unchanged."""
    if not detail.assessments:
        return ()
    latest = detail.assessments[-1]
    if latest.guide_version != g.version:
        return ()
    again = assess(parse_facts(latest.facts, g.platforms.keys()), g)
    if again.police != guidance.get("police"):
        return ()
    rules = {r.id: r for r in g.rules}
    return tuple(
        f"{rules[r].summary} ({rules[r].source})"
        for r in again.rules
        if r in rules and "police" in rules[r].then
    )


def gather(
    vault: Vault,
    case_id: int,
    options: PackOptions,
    author: str,
    progress: Progress,
    cancel: CancelToken,
    now: datetime | None = None,
    anchors: anchor.Anchors | None = None,
) -> PackData:
    detail = cases.detail(case_id)
    guidance = cases.current_guidance(case_id)
    school = records.school_profile()
    nation = pack_jurisdiction(options, detail.facts)
    g = labels.nation_guides(nation)
    check = integrity.check_store(vault, detail.reference, anchors)
    cancel.raise_if_cancelled()
    allow_images = guidance.get("evidence") == "capture" and not options.redacted
    recorded = integrity.recorded_evidence()
    total = len(detail.evidence)
    for index, item in enumerate(detail.evidence):
        is_image = item.kind == "file" and (item.media_type or "").startswith("image/")
        keep = allow_images and is_image and item.withdrawn_at is None
        check.items[item.id] = integrity.check_item(vault, item, recorded, keep, cancel)
        progress(index + 1, total * 3 or 1)
    return PackData(
        detail=detail,
        guidance=guidance,
        school=school,
        guides=g,
        jurisdiction=nation,
        recipient=recipient_for(guidance, school, options.variant, g),
        options=options,
        generated=now or datetime.now(UTC),
        author=author,
        police_reasons=_police_reasons(detail, guidance, g),
        redactor=redact.build(
            detail.people, options.redacted, (item.account for item in detail.evidence)
        ),
        integrity=check,
    )


def render_pack(
    vault: Vault,
    case_id: int,
    dest: Path | None,
    options: PackOptions,
    *,
    author: str,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    now: datetime | None = None,
) -> ExportResult:
    """Make the pack (in ``result.data``) and, given ``dest``, write it there atomically
    (0600). Nothing is logged: see ``record_export``. The preview passes no ``dest``, so
    no plain copy of the pack is ever written to a temporary folder."""
    cancel = cancel or CancelToken()
    if options.password is not None:
        encrypt.check_password(options.password)
    anchors = anchor.read(vault)  # before the snapshot: see store/anchor.py
    with vault.snapshot():  # the case, the audit trail and the checks all of one moment
        data = gather(vault, case_id, options, author, progress, cancel, now, anchors)
    base = len(data.detail.evidence)

    def later(done: int, total: int) -> None:
        progress(base + done, base + total)

    story = pack_sections.story(data, cancel)
    info = layout.PageInfo(
        title=_("Evidence pack {ref}").format(ref=data.detail.reference),
        school=data.school.name,
        guide_version=data.detail.guide_version,
        generated=data.generated,
        reference=data.detail.reference,
        marking=layout.marking(),
    )
    buffer = io.BytesIO()  # reportlab holds the whole document in memory anyway
    pages = layout.build(buffer, story, info, progress=later, cancel=cancel)
    pdf = buffer.getvalue()
    if options.password is not None:
        pdf = encrypt.encrypt_bytes(pdf, options.password)
    cancel.raise_if_cancelled()
    if dest is not None:
        atomic.write_private(Path(dest), pdf)
    return ExportResult(
        Path(dest) if dest is not None else Path(_suggested_name(data)),
        hashlib.sha256(pdf).hexdigest(),
        pages,
        "pack",
        {
            "case_id": case_id,
            "reference": data.detail.reference,
            "variant": options.variant,
            "recipient": data.recipient.role,
            "redacted": options.redacted,
            "jurisdiction": data.jurisdiction,
            "encrypted": options.password is not None,
            "integrity_ok": data.integrity.ok,
        },
        pdf,
    )


def _suggested_name(data: PackData) -> str:
    """A file name for Save as…: the reference, and which copy it is."""
    parts = [data.detail.reference]
    if data.options.variant == DSL_COPY:
        parts.append("dsl-copy")
    if data.options.redacted:
        parts.append("redacted")
    return "-".join(parts) + ".pdf"


def record_export(vault: Vault, result: ExportResult, author: str, saved_as: Path) -> None:
    """Log a saved export in the audit trail with the file's own SHA-256.

    The store has no export API yet, so this appends the event inside the vault's
    write transaction, as the store's own modules do.
    """
    case_id = result.details.get("case_id")
    data = {
        "kind": result.kind,
        "sha256": result.sha256,
        "pages": result.pages,
        "file_name": Path(saved_as).name,
        **{k: v for k, v in result.details.items() if k != "case_id"},
    }
    with vault.write():
        audit.append(vault.now(), author, f"export.{result.kind}", case_id, data)


def export_pack(
    vault: Vault,
    case_id: int,
    dest: Path,
    options: PackOptions,
    *,
    author: str,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExportResult:
    """Render, save and log a pack (the command line's one call)."""
    result = render_pack(
        vault, case_id, dest, options, author=author, progress=progress, cancel=cancel
    )
    try:
        record_export(vault, result, author, dest)
    except BaseException:
        Path(dest).unlink(missing_ok=True)
        raise
    return result
