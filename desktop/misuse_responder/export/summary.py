"""The governors' yearly summary: counts for a period, anonymised.

Governors review the log of incidents once a year; they need patterns, not people. So
the summary holds counts only, with labels from guides/ and the app, never a name, a
case reference or any text typed into a case (not even the outcome, which is free text).
A count of one or two could point to a child in a small school, so it is shown as
"fewer than 3" and left out of the charts.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether

from misuse_responder.export import atomic, charts, labels, layout
from misuse_responder.export.layout import FRAME_WIDTH as W
from misuse_responder.export.pack import ExportResult
from misuse_responder.export.styles import grid, heading, markup, p, space
from misuse_responder.export.text import esc
from misuse_responder.guidance import Guides
from misuse_responder.i18n import _
from misuse_responder.progress import CancelToken, Progress, no_progress
from misuse_responder.store import cases, records, search
from misuse_responder.store.views import CaseDetail

THRESHOLD = 3


def shown(count: int) -> str:
    """A count as the summary prints it: small counts suppressed."""
    if count == 0:
        return "0"
    if count < THRESHOLD:
        return _("fewer than 3")
    return str(count)


@dataclass
class Tally:
    """Counts per section: section title -> Counter of category labels."""

    total: int = 0
    sections: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, section: str, *categories: str) -> None:
        counter = self.sections.setdefault(section, Counter())
        for category in dict.fromkeys(categories):  # each case counts once per category
            counter[category] += 1


def _cases(start: date, end: date) -> Iterator[int]:
    page = 1
    query = search.CaseQuery(opened_from=start, opened_to=end, order="opened-asc")
    while True:
        result = search.list_cases(query, page, 200)
        yield from (c.id for c in result.items)
        if len(result.items) < 200:
            return
        page += 1


def _duration(detail: CaseDetail) -> str:
    if detail.closed_at is None:
        return _("Still open")
    days = (detail.closed_at - detail.summary.opened_at).total_seconds() / 86400
    if days <= 1:
        return _("Closed within 1 day")
    if days <= 7:
        return _("Closed in 2 to 7 days")
    if days <= 30:
        return _("Closed in 8 to 30 days")
    return _("Closed after more than 30 days")


def _referrals(
    detail: CaseDetail, guidance: dict[str, object], g: Guides
) -> tuple[list[str], list[str]]:
    """What the guidance advised and what was recorded as done, by the routing's steps."""
    done = {a.step_id for a in detail.actions if a.status == "done"}
    advised: list[str] = []
    made: list[str] = []
    police = str(guidance.get("police", "none"))
    pairs: list[tuple[str, str | None]] = []
    if police != "none":
        pairs.append((labels.police(police, g), g.routing.police.get(police)))
    for e in guidance.get("escalate_to", []) or []:  # type: ignore[attr-defined]
        if e in ("lado", "chair"):
            pairs.append((labels.escalation(g, e), g.routing.escalate_to.get(e)))
    for r in guidance.get("refer_to", []) or []:  # type: ignore[attr-defined]
        pairs.append((labels.referral(g, r), g.routing.refer_to.get(r)))
    for label, step in pairs:
        advised.append(label)
        if step in done:
            made.append(label)
    return advised, made


def tally(
    start: date,
    end: date,
    progress: Progress,
    cancel: CancelToken,
    jurisdiction: str = "england",
) -> Tally:
    g = labels.nation_guides(jurisdiction)
    t = Tally()
    ids = list(_cases(start, end))
    for index, case_id in enumerate(ids):
        cancel.raise_if_cancelled()
        detail = cases.detail(case_id)
        guidance = cases.current_guidance(case_id)
        s = detail.summary
        t.total += 1
        t.add(_("Concern"), *(labels.concern(g, c) for c in s.concerns))
        t.add(
            _("Classification"),
            *(
                labels.classification(c["area"], c["kind"])
                for c in guidance.get("classification", [])
            ),
        )
        t.add(_("Platform"), labels.platform(g, s.platform))
        affected = (labels.who(x) for x in detail.facts.get("targets", []))
        t.add(_("Who was affected"), *(a[:1].upper() + a[1:] for a in affected))
        t.add(_("Case status"), labels.status(s.status))
        t.add(_("Police decision"), labels.police(str(guidance.get("police", "none")), g))
        t.add(_("Time from opening to closing"), _duration(detail))
        advised, made = _referrals(detail, guidance, g)
        t.add(_("Referrals advised"), *advised)
        t.add(_("Referrals recorded as made"), *made)
        progress(index + 1, len(ids) * 2)
    return t


def _section(title: str, counter: Counter[str]) -> list[Flowable]:
    rows: list[list[str | Flowable | None]] = [[_("Category"), _("Cases")]]
    ordered = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    rows += [[label, shown(count)] for label, count in ordered]
    drawn = [(label, count) for label, count in ordered if count >= THRESHOLD]
    out: list[Flowable] = [heading(title, 2), grid(rows, [W * 0.75, W * 0.25])]
    if drawn:
        out.append(charts.bar_chart(drawn, W))
    if len(drawn) < len(ordered):
        out.append(p(_("Categories with fewer than 3 cases are not drawn."), "small"))
    return [KeepTogether(out), space(2)]


def story(t: Tally, start: date, end: date, school: str) -> list[Flowable]:
    out: list[Flowable] = [
        markup(esc(_("Online incidents: summary for governors")), "title"),
        p(
            _("{school}, cases opened from {start} to {end}.").format(
                school=school, start=start.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y")
            )
        ),
        p(
            _(
                "Anonymised: counts only, with no names, case references or notes. Counts of 1 or "
                "2 are shown as 'fewer than 3' so that no child can be identified. A case can "
                "count in more than one category (for example two concerns)."
            ),
            "small",
        ),
        heading(_("Cases in the period")),
        p(_("Number of cases: {n}").format(n=shown(t.total))),
    ]
    if t.total == 0:
        return [*out, p(_("There were no cases in this period."))]
    for title, counter in t.sections.items():
        if counter:
            out += _section(title, counter)
    return out


def render_summary(
    start: date,
    end: date,
    dest: Path | None,
    *,
    jurisdiction: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    now: datetime | None = None,
) -> ExportResult:
    """Write the summary for cases opened ``start``..``end`` (inclusive) to ``dest`` atomically,
    in the words of ``jurisdiction`` (by default the school profile's)."""
    if end < start:
        raise ValueError(_("The period ends before it starts."))
    cancel = cancel or CancelToken()
    profile = records.school_profile()
    nation = jurisdiction or profile.jurisdiction
    t = tally(start, end, progress, cancel, nation)
    school = profile.name
    g = labels.nation_guides(nation)
    generated = now or datetime.now(UTC)
    info = layout.PageInfo(
        title=_("Summary for governors"),
        school=school,
        guide_version=g.version,
        generated=generated,
    )
    base = t.total

    def later(done: int, total: int) -> None:
        progress(base + done, base + total)

    buffer = io.BytesIO()
    pages = layout.build(buffer, story(t, start, end, school), info, progress=later, cancel=cancel)
    pdf = buffer.getvalue()
    if dest is not None:
        atomic.write_private(Path(dest), pdf)
    return ExportResult(
        Path(dest) if dest is not None else Path("summary.pdf"),
        hashlib.sha256(pdf).hexdigest(),
        pages,
        "summary",
        {
            "from": start.isoformat(),
            "to": end.isoformat(),
            "cases": t.total,
            "jurisdiction": nation,
        },
        pdf,
    )
