"""The sections of the evidence pack, in the order a Head or Chair reads them.

Every piece of user text passes through the redactor (a no-op unless the redacted copy
was asked for) and is escaped; staff names are kept. On a "do not capture" case no image
is drawn at all, whatever files the case may hold, and the pack says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from misuse_responder import labels as shared
from misuse_responder.export import images, labels, metadata, sealed
from misuse_responder.export.addressee import safeguarding_lead
from misuse_responder.export.layout import FRAME_HEIGHT, FRAME_WIDTH
from misuse_responder.export.styles import (
    grid,
    grid_flow,
    heading,
    markup,
    p,
    pairs_flow,
    space,
)
from misuse_responder.export.text import esc
from misuse_responder.i18n import _, ngettext
from misuse_responder.progress import CancelToken

if TYPE_CHECKING:
    from misuse_responder.export.pack import PackData

W = FRAME_WIDTH


def story(data: PackData, cancel: CancelToken) -> list[Flowable]:
    parts: list[Flowable] = []
    for section in (
        _cover,
        _facts,
        _guidance,
        _people,
        _chronology,
        _actions,
        _evidence_index,
        _images,
        _integrity,
        _sign_off,
    ):
        cancel.raise_if_cancelled()
        parts.extend(section(data, cancel))
    return parts


def _cover(data: PackData, cancel: CancelToken) -> list[Flowable]:
    d, r, red = data.detail, data.recipient, data.redactor
    s = d.summary
    g = data.guides
    lead = shared.escalation("dsl", g, short=True)
    title = (
        _("Evidence pack")
        if data.options.variant != "dsl"
        else _("Evidence pack: copy for {lead}").format(lead=lead)
    )
    if data.options.redacted:
        title += " " + _("(redacted copy)")
    out: list[Flowable] = [markup(esc(title), "title")]
    to = [esc(_("To: {title}").format(title=r.title))]
    if r.name:
        to.append(esc(r.name + (f", {r.contact_title}" if r.contact_title else "")))
    to.append(esc(data.school.name))
    out.append(markup("<br/>".join(to), "box"))
    if data.options.variant == "dsl" and r.role != "dsl":
        out.append(
            p(
                _(
                    "This copy goes to {who} instead of {lead} because {lead} is involved in "
                    "the concern. It must not be shared with {lead}."
                ).format(who=r.short, lead=lead)
            )
        )
    elif r.escalation not in ("headteacher", "dsl"):
        out.append(
            p(
                _(
                    "This pack is addressed to {who} because {head} is involved in the "
                    "concern. It must not be shared with {head}."
                ).format(who=r.short, head=shared.escalation("headteacher", g, short=True))
            )
        )
    out.append(
        p(
            _("Prepared by {author} on {when}.").format(
                author=data.author, when=labels.when(data.generated)
            )
        )
    )
    if data.options.redacted:
        out.append(
            p(
                _(
                    "Redacted copy: the names of pupils, parents and other people involved are "
                    "replaced by their roles (for example 'Pupil A'); staff names are kept. "
                    "Account handles, links and images are withheld because they can identify "
                    "people."
                )
            )
        )
    rows = [
        (_("Case reference"), s.reference),
        (_("Title"), red(s.title)),
        (_("Status"), labels.status(s.status)),
        (_("Opened"), f"{labels.when(s.opened_at)} ({s.opened_by})"),
        (_("Platform"), labels.platform(g, s.platform)),
        (_("Concerns"), "; ".join(labels.concern(g, c) for c in s.concerns)),
        (_("Evidence rule"), labels.evidence_rule(data.guidance.get("evidence", s.evidence_rule))),
        (_("Police decision"), labels.police(str(data.guidance.get("police", "none")), g)),
        (
            _("Integrity at export"),
            _("All checks passed") if data.integrity.ok else _("FAILED: see 'Integrity at export'"),
        ),
        (_("Guide version"), d.guide_version),
    ]
    if d.closed_at is not None:
        rows.insert(4, (_("Closed"), f"{labels.when(d.closed_at)} ({d.closed_by or ''})"))
        rows.insert(5, (_("Outcome"), red(d.outcome)))
        rows.insert(6, (_("Reasons for closing"), red(d.close_reason)))
    out += [heading(_("1. Summary")), *pairs_flow(rows, W)]
    return out


def _facts(data: PackData, cancel: CancelToken) -> list[Flowable]:
    f, g = data.detail.facts, data.guides
    rows = [
        (_("Concerns"), "; ".join(labels.concern(g, c) for c in f.get("concerns", []))),
        (_("Platform"), labels.platform(g, str(f.get("platform", "other")))),
        (_("On the school's own account"), labels.yes_no(f.get("school_account"))),
        (_("Who was affected"), ", ".join(labels.who(t) for t in f.get("targets", [])) or "—"),
        (_("Who is responsible"), labels.who(str(f.get("subject", "unknown")))),
        (_("Responsible person identified"), labels.yes_no(f.get("subject_identified"))),
        (_("Responsible person under 13"), labels.yes_no(f.get("subject_under_13"))),
    ]
    classes = [
        labels.classification(c["area"], c["kind"]) for c in data.guidance.get("classification", [])
    ]
    return [
        heading(_("2. Incident facts and classification")),
        *pairs_flow(rows, W),
        space(2),
        p(_("Classification: {list}").format(list="; ".join(classes) or "—")),
    ]


def _guidance(data: PackData, cancel: CancelToken) -> list[Flowable]:
    gd, g = data.guidance, data.guides
    out: list[Flowable] = [heading(_("3. Guidance given"))]
    out.append(
        p(
            _("The app advised the following (guide version {version}).").format(
                version=gd.get("guide_version", data.detail.guide_version)
            )
        )
    )
    out.append(heading(_("Police decision"), 2))
    out.append(p(labels.police(str(gd.get("police", "none")), g)))
    if data.police_reasons:
        out.append(p(_("Why:")))
        out += [p("• " + reason) for reason in data.police_reasons]
    elif gd.get("police", "none") == "none":
        out.append(p(_("Why: no rule in the guidance called for the police for these facts.")))
    else:
        out.append(
            p(_("The guide has changed since this advice; the reasons are in the audit trail."))
        )
    tell = [labels.escalation(g, e) for e in gd.get("escalate_to", [])]
    refer = [labels.referral(g, r) for r in gd.get("refer_to", [])]
    out.append(p(_("Tell: {list}").format(list="; ".join(tell) or "—")))
    out.append(p(_("Refer or report to: {list}").format(list="; ".join(refer) or "—")))
    out.append(heading(_("Steps advised"), 2))
    rows: list[list[str | Flowable | None]] = [[_("No."), _("Step"), _("Source")]]
    for n, step in enumerate(gd.get("steps", []), start=1):
        body = markup(f"<b>{esc(step['title'])}</b><br/>{esc(step['detail'])}", "cell")
        rows.append([str(n), body, g.source_titles.title(step.get("source", ""))])
    out.append(grid(rows, [W * 0.07, W * 0.63, W * 0.30]))
    return out


def _people(data: PackData, cancel: CancelToken) -> list[Flowable]:
    red = data.redactor
    rows: list[list[str | Flowable | None]] = [
        [_("Role"), _("Who"), _("Name"), _("Year group"), _("Added")]
    ]
    by_role = sorted(
        data.detail.people,
        key=lambda x: ("target", "subject", "witness", "reporter", x.role).index(x.role),
    )
    for person in by_role:
        name = red.person(person)
        if person.removed_at is not None:
            name += " " + _("(removed: {reason})").format(reason=red(person.removed_reason))
        rows.append(
            [
                labels.role(person.role),
                labels.who(person.kind),
                name,
                person.year_group or "",
                f"{labels.when(person.added_at)} ({person.added_by})",
            ]
        )
    if len(rows) == 1:
        return [heading(_("4. People involved")), p(_("No people have been recorded."))]
    return [
        heading(_("4. People involved")),
        *grid_flow(rows, [W * 0.17, W * 0.17, W * 0.28, W * 0.12, W * 0.26]),
    ]


def _chronology(data: PackData, cancel: CancelToken) -> list[Flowable]:
    red = data.redactor
    out: list[Flowable] = [heading(_("5. Chronology"))]
    if not data.detail.entries:
        return [*out, p(_("No chronology entries."))]
    rows: list[list[str | Flowable | None]] = [[_("No."), _("Recorded"), _("By"), _("Entry")]]
    for e in data.detail.entries:
        text = red(e.text)
        notes = []
        if e.occurred_at is not None:
            notes.append(_("Happened: {when}").format(when=labels.when(e.occurred_at)))
        if e.corrects is not None:
            notes.append(_("Corrects entry {id}").format(id=e.corrects))
        if e.corrected_by:
            notes.append(
                _("Corrected by entry {ids}").format(ids=", ".join(map(str, e.corrected_by)))
            )
        head = f"[{e.kind}] " + (" · ".join(notes) + "\n" if notes else "")
        rows.append([str(e.id), labels.when(e.at), e.author, head + text])
    out += grid_flow(rows, [W * 0.07, W * 0.2, W * 0.15, W * 0.58])
    return out


def _actions(data: PackData, cancel: CancelToken) -> list[Flowable]:
    red = data.redactor
    rows: list[list[str | Flowable | None]] = [
        [_("Step"), _("Status"), _("When"), _("Who"), _("Reference")]
    ]
    for a in data.detail.actions:
        status = labels.status(a.status)
        if a.reason:
            status += "\n" + red(a.reason)
        if a.status == "pending" and a.due_at is not None:
            status += "\n" + _("Due: {when}").format(when=labels.when(a.due_at))
        ref = (
            f"{a.reference} ({a.reference_kind})"
            if a.reference and a.reference_kind
            else a.reference
        )
        rows.append(
            [
                a.title,
                status,
                labels.when(a.done_at) if a.done_at else "—",
                a.done_by or "—",
                ref or "—",
            ]
        )
    widths = [W * 0.36, W * 0.2, W * 0.17, W * 0.12, W * 0.15]
    return [heading(_("6. Actions")), *grid_flow(rows, widths)]


def _evidence_index(data: PackData, cancel: CancelToken) -> list[Flowable]:
    red = data.redactor
    out: list[Flowable] = [heading(_("7. Evidence index"))]
    if data.guidance.get("evidence") == "do-not-capture":
        out.append(_no_imagery_notice(data))
    if not data.detail.evidence:
        return [*out, p(_("No evidence items have been recorded."))]
    for n, item in enumerate(data.detail.evidence, start=1):
        check = data.integrity.items.get(item.id)
        rows: list[tuple[str, str | None]] = [
            (
                _("Kind"),
                {"file": _("File"), "text": _("Pasted text"), "link": _("Link")}.get(
                    item.kind, item.kind
                ),
            ),
            (_("Fingerprint (SHA-256)"), item.sha256),
            (_("Size"), ngettext("{n} byte", "{n} bytes", item.size).format(n=item.size)),
            (
                _("Captured"),
                _("{when} (time on the computer used, {zone})").format(
                    when=labels.local_seconds(item.captured_at), zone=item.captured_tz
                ),
            ),
            (_("URL"), red.withhold(red(item.url))),
            (_("Handle"), red.withhold(red(item.account))),
            (_("Captured by"), item.added_by + (f" ({red(item.device)})" if item.device else "")),
            (_("Description"), red(item.description)),
        ]
        if item.original_name:
            rows.insert(1, (_("File name"), red(item.original_name)))
        if item.sealed:  # never embedded; the index says what is held and in what state
            rows.insert(1, (_("State"), red(sealed.seal_state(item))))
        if check is not None and check.head is not None:
            rows += _metadata_rows(metadata.read(check.head), data)
        if item.kind == "text":
            rows.append((_("Text"), red(item.text)))
        if item.withdrawn_at is not None:
            rows.append(
                (
                    _("Withdrawn"),
                    f"{labels.when(item.withdrawn_at)} ({item.withdrawn_by}): "
                    + red(item.withdrawn_reason),
                )
            )
        hops = _hops(data, item.sha256)
        if hops:
            first = hops[0]
            rows.append(
                (
                    _("Where captured"),
                    _("on {label} (fingerprint {fp})").format(
                        label=first.sender.label, fp=first.sender.fingerprint
                    ),
                )
            )
            rows += [(_("Hand-over"), _hop_line(hop)) for hop in hops]
        if check is not None:
            rows.append(
                (_("Check at export"), ("OK: " if check.ok else _("FAILED: ")) + check.message)
            )
        title = heading(_("Item {n}").format(n=n), 2)
        tables = pairs_flow(rows, W)
        out += [KeepTogether([title, *tables])] if len(tables) == 1 else [title, *tables]
    return out


def _hops(data: PackData, sha256: str) -> list[Any]:
    """The custody rows that carried this evidence original, oldest first; a hand-over seen
    from both ends (sent here, received there) counts once, as received."""
    rows = [
        c for c in data.detail.custody if c.kind in ("sent", "received") and sha256 in c.evidence
    ]
    received = {c.bundle_sha256 for c in rows if c.kind == "received"}
    return [c for c in rows if c.kind == "received" or c.bundle_sha256 not in received]


def _hop_line(hop: Any) -> str:
    to = ", ".join(f"{r.label} ({r.fingerprint})" for r in hop.recipients)
    return _("{when}: from {sender} ({fp}) to {to}, bundle SHA-256 {sha}").format(
        when=labels.when(hop.at),
        sender=hop.sender.label,
        fp=hop.sender.fingerprint,
        to=to,
        sha=hop.bundle_sha256,
    )


def _metadata_rows(found: metadata.Found, data: PackData) -> list[tuple[str, str | None]]:
    """What the original image file held; the location never in the redacted copy."""
    if not found:
        return [(_("Metadata in the file"), _("none"))]
    red = data.redactor
    note = _("removed from the copy shown in this pack; the original is unchanged")
    rows: list[tuple[str, str | None]] = [(_("Metadata in the file"), note)]
    rows += [(k, red(v)) for k, v in found.rows(show_location=not data.options.redacted)]
    return rows


def _no_imagery_notice(data: PackData) -> Flowable:
    return p(sealed.notice(data.detail.evidence))  # says so when sealed files are held


def _images(data: PackData, cancel: CancelToken) -> list[Flowable]:
    if data.guidance.get("evidence") == "do-not-capture":
        return []  # never: not even a file that was added before the facts changed
    out: list[Flowable] = []
    pictures = [
        (n, item)
        for n, item in enumerate(data.detail.evidence, start=1)
        if item.kind == "file" and (item.media_type or "").startswith("image/")
    ]
    if not pictures:
        return out
    out.append(CondPageBreak(FRAME_HEIGHT * 0.5))
    out.append(heading(_("8. Evidence images")))
    if data.options.redacted:
        return [
            *out,
            p(_("Images are withheld from the redacted copy: they can show names and faces.")),
        ]
    out.append(
        p(
            _(
                "Each image is scaled to the page; photos may be shown as smaller JPEG copies, "
                "always without the metadata the file held (location, author, comments: the "
                "evidence index lists it). The fingerprint (SHA-256) quoted is always that of the "
                "original file as captured, which the app's records keep unchanged."
            )
        )
    )
    for n, item in pictures:
        cancel.raise_if_cancelled()
        check = data.integrity.items.get(item.id)
        caption = _("Item {n}: fingerprint (SHA-256) {sha}").format(n=n, sha=item.sha256)
        if item.sealed:
            out.append(p(caption + " — " + (sealed.seal_state(item) or "") + ".", "small"))
            continue
        if item.withdrawn_at is not None:
            out.append(p(caption + " — " + _("withdrawn, not shown."), "small"))
            continue
        if check is None or not check.ok or check.data is None:
            out.append(
                p(
                    caption
                    + " — "
                    + _("not shown: the stored file failed its check or could not be read."),
                    "small",
                )
            )
            continue
        try:
            picture = images.flowable(check.data, W, FRAME_HEIGHT - 40, item.sha256)
        except (OSError, ValueError, SyntaxError) as exc:
            out.append(p(caption + " — " + _("not shown: {error}").format(error=exc), "small"))
            continue
        check.data = None
        out.append(KeepTogether([space(2), p(caption, "small"), picture]))
    return out


def _integrity(data: PackData, cancel: CancelToken) -> list[Flowable]:
    i = data.integrity
    out: list[Flowable] = [CondPageBreak(80), heading(_("9. Integrity at export"))]
    if not i.case_problems:
        out.append(
            p(
                ngettext(
                    "Audit trail: {n} event; the hash chain is intact.",
                    "Audit trail: {n} events; the hash chain is intact.",
                    i.audit_events,
                ).format(n=i.audit_events)
            )
        )
    else:
        out.append(p(_("FAILED: the audit trail or this case's records do not match:")))
        out += [p("• " + problem) for problem in i.case_problems]
    if i.head_hash:
        out.append(
            p(
                _(
                    "Head of the audit trail (event {n}), to compare with the key file, this "
                    "laptop's record and any backup: SHA-256 {sha}"
                ).format(n=i.audit_events, sha=i.head_hash),
                "small",
            )
        )
    failed = [c for c in i.items.values() if not c.ok]
    if i.items and not failed:
        out.append(p(sealed.all_ok_line(data.detail.evidence, len(i.items))))
    for n, item in enumerate(data.detail.evidence, start=1):
        check = i.items.get(item.id)
        if check is not None and check.ok and item.sealed:
            out.append(p(data.redactor(sealed.integrity_line(n, item, check.message))))
        elif check is not None and not check.ok:
            out.append(
                p(
                    _("FAILED: evidence item {n} (SHA-256 {sha}): {why}").format(
                        n=n, sha=item.sha256, why=check.message
                    )
                )
            )
    custody = [c for c in data.detail.custody if c.kind in ("sent", "received")]
    if custody:
        out.append(p(_("Chain of custody between laptops:")))
        out += [p("• " + _hop_line(c), "small") for c in custody]
        for n, item in enumerate(data.detail.evidence, start=1):
            check = i.items.get(item.id)
            hops = _hops(data, item.sha256)
            if hops and check is not None and check.ok:
                out.append(
                    p(
                        ngettext(
                            "Evidence item {n} went through {k} hand-over; its SHA-256 "
                            "still matches at export.",
                            "Evidence item {n} went through {k} hand-overs; its SHA-256 "
                            "still matches at export.",
                            len({h.bundle_sha256 for h in hops}),
                        ).format(n=n, k=len({h.bundle_sha256 for h in hops})),
                        "small",
                    )
                )
    if i.elsewhere:
        out.append(
            p(
                _(
                    "{n} problem(s) were found elsewhere in the store (other cases); run 'verify'."
                ).format(n=i.elsewhere)
            )
        )
    return out


def _sign_off(data: PackData, cancel: CancelToken) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(220), heading(_("10. Sign-off"))]
    people = [data.recipient.title]
    # The DSL, or the deputy when the DSL is involved (never asked to sign then).
    lead = safeguarding_lead(data.guidance.get("escalate_to", ()))
    if lead is not None and data.recipient.role != lead:
        people.append(shared.escalation(lead, data.guides))
    for who in people:
        rows: list[list[Any]] = [[who, ""]]
        rows += [[label, ""] for label in (_("Name"), _("Role"), _("Signature"), _("Date"))]
        heights = [None, 9 * mm, 9 * mm, 14 * mm, 9 * mm]
        table = grid(rows, [W * 0.3, W * 0.7], header=True, repeat=False, heights=heights)
        out.append(KeepTogether([table, space(5)]))
    return out
