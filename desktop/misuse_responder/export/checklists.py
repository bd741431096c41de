"""Printable checklists made from guides/, so paper and app can never disagree.

Three kinds: the staff quick card (one page: the first five minutes, and what never to
do), the DSL checklist (every step the app can advise, in the app's order, with its
source, and the services with their numbers), and the governors' checklist (the oversight
questions, and the rules the app applies). Each has empty boxes to tick by hand and the
guide version it was made from.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether

from misuse_responder.export import atomic, labels, layout
from misuse_responder.export.layout import FRAME_WIDTH as W
from misuse_responder.export.pack import ExportResult
from misuse_responder.export.styles import TickBox, grid, heading, markup, p, space
from misuse_responder.export.text import esc
from misuse_responder.guidance import Guides
from misuse_responder.guidance.guides import Step
from misuse_responder.i18n import _
from misuse_responder.progress import CancelToken, Progress, no_progress

KINDS = ("staff", "dsl", "governors")
FIRST_MINUTES_BEFORE = 20  # steps ordered 0-19 are the urgent ones (see guides/steps.yaml)


def _title(kind: str) -> str:
    return {
        "staff": _("Staff quick card: the first five minutes"),
        "dsl": _("DSL checklist: responding to an online incident"),
        "governors": _("Governors' checklist: oversight of online incidents"),
    }[kind]


def _edition(g: Guides, generated: datetime) -> Flowable:
    return p(
        _("Guide {version} (reviewed {reviewed}); printed {date}.").format(
            version=g.version,
            reviewed=g.reviewed.strftime("%d/%m/%Y"),
            date=generated.astimezone().strftime("%d/%m/%Y"),
        ),
        "small",
    )


def _ticks(items: Sequence[tuple[str, str | None]], detail_kind: str = "cell") -> Flowable:
    """Rows of: an empty box, the item in bold, and a short line under it."""
    rows: list[list[str | Flowable | None]] = []
    for title, detail in items:
        text = f"<b>{esc(title)}</b>" + (f"<br/>{esc(detail)}" if detail else "")
        rows.append([TickBox(), markup(text, detail_kind)])
    table = grid(rows, [W * 0.06, W * 0.94], header=False)
    table.setStyle([("GRID", (0, 0), (-1, -1), 0.3, "black")])
    return table


def _first_sentence(text: str) -> str:
    head, dot, _rest = text.partition(". ")
    return head + (dot.strip() if dot else "")


def _is_never(step: Step) -> bool:
    return step.title.lower().startswith(("do not", "never", "don't"))


def staff_card(g: Guides, generated: datetime) -> list[Flowable]:
    urgent = sorted(
        (s for s in g.steps.values() if s.order < FIRST_MINUTES_BEFORE),
        key=lambda s: (s.order, s.id),
    )
    do = [(s.title, _first_sentence(s.detail)) for s in urgent if not _is_never(s)]
    never = [(s.title, _first_sentence(s.detail)) for s in urgent if _is_never(s)]
    phones = [s for s in g.services.values() if s.phone][:4]
    out: list[Flowable] = [markup(esc(_title("staff")), "title"), _edition(g, generated)]
    out.append(p(g.notice, "small"))
    out += [heading(_("Do, in this order (the ones that apply)"), 2), _ticks(do, "small")]
    out += [heading(_("Never"), 2), _ticks(never, "small")]
    out.append(heading(_("Numbers"), 2))
    lines = [f"{s.name}: {s.phone}" for s in phones]
    lines.append(_("Our DSL: ______________________  Phone: ______________"))
    out.append(p("\n".join(lines), "small"))
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
    out: list[Flowable] = [markup(esc(_title("dsl")), "title"), _edition(g, generated)]
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
    for s in g.services.values():
        how = "\n".join(x for x in (s.phone, s.email, s.hours) if x) or _first_sentence(s.how)
        rows.append([s.name, _first_sentence(s.for_), how])
    out.append(grid(rows, [W * 0.25, W * 0.5, W * 0.25]))
    return out


def _oversight_questions() -> list[tuple[str, str | None]]:
    return [
        (_("Was the school's policy followed in each case?"), None),
        (_("Were the timescales met (DSL told the same day; follow-ups on time)?"), None),
        (
            _("Where the Head teacher was involved, was the Chair of Governors used instead?"),
            _("The Head must never be told about, or handle, a concern about themselves."),
        ),
        (
            _("Was every referral decision recorded with its reasons?"),
            _(
                "Police, CEOP, LADO, children's social care, Prevent: including decisions "
                "not to refer."
            ),
        ),
        (_("Was the LADO contacted where an adult in school may have harmed a child?"), None),
        (_("Were sexual images of under-18s never copied, kept or printed?"), None),
        (_("Was support offered to everyone affected?"), None),
        (_("Were evidence packs checked for integrity, and kept securely?"), None),
        (_("Did the yearly summary show any pattern that needs action?"), None),
    ]


def governors_checklist(g: Guides, generated: datetime) -> list[Flowable]:
    out: list[Flowable] = [markup(esc(_title("governors")), "title"), _edition(g, generated)]
    out.append(
        p(
            _(
                "For the governors' annual review of online incidents. Use it with the anonymised "
                "yearly summary; never ask for names or case details you do not need."
            )
        )
    )
    out += [heading(_("Oversight questions"), 2), _ticks(_oversight_questions())]
    out.append(heading(_("The rules the app applies"), 2))
    out.append(p(_("Tick each one your school's policy agrees with; query any it does not.")))
    rules = [(r.summary, _("Source: {source}").format(source=r.source)) for r in g.rules]
    out.append(_ticks(rules, "small"))
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
        title=_title(kind),
        school=school or _("Misuse Responder"),
        guide_version=g.version,
        generated=generated,
    )
    buffer = io.BytesIO()
    pages = layout.build(buffer, story, info, progress=progress, cancel=cancel)
    pdf = buffer.getvalue()
    if dest is not None:
        atomic.write_private(Path(dest), pdf)
    path = Path(dest) if dest is not None else Path(f"{kind}.pdf")
    digest = hashlib.sha256(pdf).hexdigest()
    details = {"checklist": kind, "jurisdiction": jurisdiction}
    return ExportResult(path, digest, pages, "checklist", details, pdf)
