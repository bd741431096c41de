"""Printable checklists made from guides/, so paper and app can never disagree.

Three kinds: the staff quick card (one page: the first five minutes, and what never to
do), the DSL checklist (every step the app can advise, in the app's order, with its
source, and the services with their numbers), and the governors' checklist (the oversight
questions, and the rules the app applies). Each has empty boxes to tick by hand and the
guide version it was made from.

Each is printed for one nation's schools: its steps, services and documents, and its words
for the roles (guides/jurisdictions/: "child protection co-ordinator" in Scotland, and no
LADO where none exists).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether

from misuse_responder import labels as shared
from misuse_responder.export import atomic, labels, layout
from misuse_responder.export.layout import FRAME_WIDTH as W
from misuse_responder.export.pack import ExportResult
from misuse_responder.export.styles import TickBox, grid, heading, markup, p, space
from misuse_responder.export.text import esc
from misuse_responder.guidance import Guides
from misuse_responder.guidance.guides import Service
from misuse_responder.i18n import _
from misuse_responder.progress import CancelToken, Progress, no_progress

KINDS = ("staff", "dsl", "governors")
FIRST_MINUTES_BEFORE = 20  # steps ordered 0-19 are the urgent ones (see guides/steps.yaml)


def _title(kind: str, g: Guides | None = None) -> str:
    if kind == "dsl":
        return _("Checklist for {lead}: responding to an online incident").format(
            lead=shared.escalation("dsl", g, short=True)
        )
    return {
        "staff": _("Staff quick card: the first five minutes"),
        "governors": _("Governors' checklist: oversight of online incidents"),
    }[kind]


def _edition(g: Guides, generated: datetime, *, documents: bool = True) -> list[Flowable]:
    """The guide's version and date and the nation it is for; but on the one-page card,
    the nation's guidance documents it follows."""
    out = [
        p(
            _(
                "Guide {version} (reviewed {reviewed}) for schools in {nation}; printed {date}."
            ).format(
                version=g.version,
                reviewed=g.reviewed.strftime("%d/%m/%Y"),
                nation=_nation_name(g),
                date=generated.astimezone().strftime("%d/%m/%Y"),
            ),
            "small",
        )
    ]
    titles = [doc.title for doc in g.documents.values()]
    if documents and titles:
        out.append(p(_("Based on: {documents}.").format(documents="; ".join(titles)), "small"))
    return out


def _nation_name(g: Guides) -> str:
    from misuse_responder.guidance.jurisdictions import overlay_of

    return str(overlay_of(g, g.jurisdiction).name)


def _services(g: Guides) -> list[Service]:
    """The services that take reports from this nation's schools."""
    return [
        s for s in g.services.values() if not s.jurisdictions or g.jurisdiction in s.jurisdictions
    ]


def _ticks(items: Sequence[tuple[str, str | None]], detail_kind: str = "cell") -> Flowable:
    """Rows of: an empty box, the item in bold, and a short line under it."""
    rows: list[list[str | Flowable | None]] = []
    if not items:  # reportlab refuses an empty table
        items = [(_("None for this nation."), None)]
    for title, detail in items:
        text = f"<b>{esc(title)}</b>" + (f"<br/>{esc(detail)}" if detail else "")
        rows.append([TickBox(), markup(text, detail_kind)])
    table = grid(rows, [W * 0.06, W * 0.94], header=False)
    table.setStyle([("GRID", (0, 0), (-1, -1), 0.3, "black")])
    return table


def _first_sentence(text: str) -> str:
    head, dot, _rest = text.partition(". ")
    return head + (dot.strip() if dot else "")


def _never_ids(g: Guides) -> frozenset[str]:
    """The steps that forbid something ("Do not…", "Never…"), read from the English titles:
    a translated title says it in its own words (Welsh "Peidiwch…"), so it cannot tell."""
    from misuse_responder.guidance import load_guides
    from misuse_responder.guidance.jurisdictions import guides_for

    base = load_guides()
    english = guides_for(base, g.jurisdiction) if g.jurisdiction else base
    return frozenset(
        s.id
        for s in english.steps.values()
        if s.title.lower().startswith(("do not", "never", "don't"))
    )


def staff_card(g: Guides, generated: datetime, compact: bool = False) -> list[Flowable]:
    """The one-page card. ``compact`` (when a nation's longer wording would not fit): the
    "never" items by their titles alone, and the numbers run on in one paragraph."""
    urgent = sorted(
        (s for s in g.steps.values() if s.order < FIRST_MINUTES_BEFORE),
        key=lambda s: (s.order, s.id),
    )
    forbids = _never_ids(g)
    do = [(s.title, _first_sentence(s.detail)) for s in urgent if s.id not in forbids]
    never = [
        (s.title, None if compact else _first_sentence(s.detail)) for s in urgent if s.id in forbids
    ]
    phones = [s for s in _services(g) if s.phone][:4]
    out: list[Flowable] = [markup(esc(_title("staff", g)), "title")]
    out += _edition(g, generated, documents=False)
    out.append(p(g.notice, "small"))
    out += [heading(_("Do, in this order (the ones that apply)"), 2), _ticks(do, "small")]
    out += [heading(_("Never"), 2), _ticks(never, "small")]
    out.append(heading(_("Numbers"), 2))
    lines = [f"{s.name}: {s.phone}" for s in phones]
    lines.append(
        _("{lead}: ______________________  Phone: ______________").format(
            lead=shared.escalation("dsl", g)
        )
    )
    out.append(p(("; " if compact else "\n").join(lines), "small"))
    return out


_BANDS = (
    (0, 10, "Safety first"),
    (10, 20, "Evidence"),
    (20, 30, "Tell the right people"),
    (30, 40, "Police and referrals"),
    (40, 70, "Removal and reporting"),
    (70, 1000, "Afterwards"),
)


def dsl_checklist(g: Guides, generated: datetime) -> list[Flowable]:
    out: list[Flowable] = [markup(esc(_title("dsl", g)), "title"), *_edition(g, generated)]
    out.append(
        p(
            _(
                "Every step the app can advise, in the order it shows them. Tick each one done or "
                "not applicable for this case, and record your reasons in the case."
            )
        )
    )
    steps = sorted(g.steps.values(), key=lambda s: (s.order, s.id))
    labels = {
        "Safety first": _("Safety first"),
        "Evidence": _("Evidence"),
        "Tell the right people": _("Tell the right people"),
        "Police and referrals": _("Police and referrals"),
        "Removal and reporting": _("Removal and reporting"),
        "Afterwards": _("Afterwards"),
    }
    for low, high, band in _BANDS:
        chosen = [s for s in steps if low <= s.order < high]
        if chosen:
            items = [(s.title, _("Source: {source}").format(source=s.source)) for s in chosen]
            out += [heading(labels[band], 2), _ticks(items)]
    out.append(heading(_("Services")))
    rows: list[list[str | Flowable | None]] = [[_("Service"), _("For"), _("How to reach")]]
    for s in _services(g):
        how = "\n".join(x for x in (s.phone, s.email, s.hours) if x) or _first_sentence(s.how)
        rows.append([s.name, _first_sentence(s.for_), how])
    out.append(grid(rows, [W * 0.25, W * 0.5, W * 0.25]))
    return out


def _oversight_questions(g: Guides) -> list[tuple[str, str | None]]:
    """The governors' questions, in this nation's words for who leads and who is told."""
    from misuse_responder.guidance.jurisdictions import head_concern

    lead = head_concern(g, g.jurisdiction)
    instead = shared.escalation(lead.to if lead else "chair", g, short=True)
    head = shared.escalation("headteacher", g, short=True)
    referrals = [
        shared.escalation("police", g, short=True),
        *(s.name for s in _services(g) if s.id in ("ceop", "prevent")),
        *(
            shared.escalation(role, g, short=True)
            for role in ("lado", "childrens-social-care")
            if shared.role_exists(g, g.jurisdiction, role)
        ),
    ]
    # Where an adult in school may have harmed a child: the LADO where one exists, else
    # the bodies the nation's guidance names for allegations against staff.
    if shared.role_exists(g, g.jurisdiction, "lado"):
        allegations = _(
            "Was {who} contacted where an adult in school may have harmed a child?"
        ).format(who=shared.escalation("lado", g, short=True))
    else:
        allegations = _(
            "Were {social_care} and {police} told where an adult in school may have harmed a child?"
        ).format(
            social_care=shared.escalation("childrens-social-care", g, short=True),
            police=shared.escalation("police", g, short=True),
        )
    questions: list[tuple[str, str | None]] = [
        (_("Was the school's policy followed in each case?"), None),
        (
            _("Were the timescales met ({lead} told the same day; follow-ups on time)?").format(
                lead=shared.escalation("dsl", g, short=True)
            ),
            None,
        ),
        (
            _("Where {head} was involved, was {instead} used instead?").format(
                head=head, instead=instead
            ),
            lead.label
            if lead
            else _("The Head must never be told about, or handle, a concern about themselves."),
        ),
        (
            _("Was every referral decision recorded with its reasons?"),
            _("{services}: including decisions not to refer.").format(
                services="; ".join(referrals)
            ),
        ),
        (allegations, None),
        (_("Were sexual images of under-18s never copied, kept or printed?"), None),
        (_("Was support offered to everyone affected?"), None),
        (_("Were evidence packs checked for integrity, and kept securely?"), None),
        (_("Did the yearly summary show any pattern that needs action?"), None),
    ]
    return questions


def _nation_rules(g: Guides) -> tuple[list[tuple[str, str | None]], int, int]:
    """The rules as they apply in the nation, in its words for the roles; how many do not
    apply there; and how many are still written in another nation's terms.

    rules.yaml is written for England. A rule applies in every nation except for what it
    routes to a step or role the nation lacks (which the engine drops): a rule all of whose
    routing is dropped does not apply. A rule whose summary or source cites another nation's
    documents (documents.yaml) or names a role the nation does not have is not quoted: its
    words would be wrong there (it is counted, and still applied by the engine). The
    nation's own rules (its overlay's) are always listed."""
    from misuse_responder.guidance.jurisdictions import (
        cited_documents,
        overlay_of,
        role_available,
    )

    def missing(key: str, item: str) -> bool:
        step = getattr(g.routing, key).get(item)
        if step not in g.steps:
            return True
        return key == "escalate_to" and not role_available(g, g.jurisdiction, item)

    words, absent = _role_words(g)
    own = {rule.id for rule in overlay_of(g, g.jurisdiction).rules}  # written for the nation
    foreign_role = re.compile("|".join(rf"\b{re.escape(w)}\b" for w in absent) or "(?!)")
    kept: list[tuple[str, str | None]] = []
    not_here = unworded = 0
    for rule in g.rules:
        routed = [(k, i) for k in ("escalate_to", "refer_to") for i in rule.then.get(k, ())]
        if routed and all(missing(k, i) for k, i in routed):
            not_here += 1
            continue
        text = f"{rule.summary} {rule.source}"
        cited = cited_documents(g, text)
        foreign = foreign_role.search(text) or any(
            g.jurisdiction not in d.jurisdictions for d in cited
        )
        if foreign and rule.id not in own:
            unworded += 1
            continue
        kept.append(
            (_reworded(rule.summary, words), _("Source: {source}").format(source=rule.source))
        )
    return kept, not_here, unworded


def _role_words(g: Guides) -> tuple[list[tuple[str, str]], list[str]]:
    """England's words for each role (rules.yaml's) with this nation's, where they differ;
    and England's words for the roles this nation does not have ("LADO" in Scotland)."""
    from misuse_responder.guidance.jurisdictions import overlay_of

    england = overlay_of(g, labels.DEFAULT_JURISDICTION).roles
    pairs: list[tuple[str, str]] = []
    absent: list[str] = []
    for role_id, role in g.roles.items():
        was = england.get(role_id)
        if was is None:
            continue
        if not role.available:
            absent += [w for w in (was.label, (was.short or "").removeprefix("the ")) if w]
            continue
        for old, new in ((was.short, role.short), (was.label, role.label)):
            if old and new and old != new:
                pairs += [(old, new), (old[:1].upper() + old[1:], new[:1].upper() + new[1:])]
    return sorted(pairs, key=lambda pair: -len(pair[0])), absent


def _reworded(text: str, words: list[tuple[str, str]]) -> str:
    if not words:
        return text
    table = dict(words)
    pattern = re.compile("|".join(rf"\b{re.escape(old)}\b" for old, _new in words))
    return pattern.sub(lambda hit: table[hit.group(0)], text)


def governors_checklist(g: Guides, generated: datetime) -> list[Flowable]:
    out: list[Flowable] = [markup(esc(_title("governors", g)), "title"), *_edition(g, generated)]
    out.append(
        p(
            _(
                "For the governors' annual review of online incidents. Use it with the anonymised "
                "yearly summary; never ask for names or case details you do not need."
            )
        )
    )
    out += [heading(_("Oversight questions"), 2), _ticks(_oversight_questions(g))]
    out.append(heading(_("The rules the app applies"), 2))
    out.append(p(_("Tick each one your school's policy agrees with; query any it does not.")))
    rules, not_here, unworded = _nation_rules(g)
    out.append(_ticks(rules, "small"))
    nation = _nation_name(g)
    if not_here:
        out.append(
            p(
                _(
                    "Not listed: {n} rule(s) that route to a service or a role {nation} does "
                    "not have; the rules above for {nation} take their place."
                ).format(n=not_here, nation=nation),
                "small",
            )
        )
    if unworded:
        out.append(
            p(
                _(
                    "Not listed: {n} rule(s) the app applies whose wording still cites another "
                    "nation's guidance; they will be listed once written for {nation}."
                ).format(n=unworded, nation=nation),
                "small",
            )
        )
    out.append(space(4))
    out.append(
        KeepTogether(
            [
                p(_("Reviewed by (name, role): ________________________________")),
                p(_("Signature: ______________________   Date: ______________")),
            ]
        )
    )
    return out


_BUILDERS: dict[str, Callable[[Guides, datetime], list[Flowable]]] = {
    "staff": staff_card,
    "dsl": dsl_checklist,
    "governors": governors_checklist,
}


def render_checklist(
    kind: str,
    dest: Path | None,
    *,
    school: str = "",
    jurisdiction: str = "england",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    now: datetime | None = None,
) -> ExportResult:
    """Write one checklist (``staff``, ``dsl`` or ``governors``) for one nation's schools to
    ``dest`` atomically."""
    if kind not in _BUILDERS:
        raise ValueError(
            _("Unknown checklist {kind}: use staff, dsl or governors.").format(kind=kind)
        )
    g = labels.nation_guides(jurisdiction)
    generated = now or datetime.now(UTC)
    story = _BUILDERS[kind](g, generated)
    info = layout.PageInfo(
        title=_title(kind, g),
        school=school or _("Misuse Responder"),
        guide_version=g.version,
        generated=generated,
    )
    buffer = io.BytesIO()
    pages = layout.build(buffer, story, info, progress=progress, cancel=cancel)
    if kind == "staff" and pages > 1:  # the card is one page, whatever the nation's wording
        buffer = io.BytesIO()
        story = staff_card(g, generated, compact=True)
        pages = layout.build(buffer, story, info, progress=progress, cancel=cancel)
    pdf = buffer.getvalue()
    if dest is not None:
        atomic.write_private(Path(dest), pdf)
    path = Path(dest) if dest is not None else Path(f"{kind}.pdf")
    digest = hashlib.sha256(pdf).hexdigest()
    details = {"checklist": kind, "jurisdiction": jurisdiction}
    return ExportResult(path, digest, pages, "checklist", details, pdf)
