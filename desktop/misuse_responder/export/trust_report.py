"""The trust's oversight report: one PDF (and a CSV) drawn from an already-suppressed Report.

Suppression is decided once, after merging, by ``oversight/suppress.py``; this module only
draws what the Report says is shown. It must never print a figure the Report hides, nor
anything worked out from one: a rate or a change is printed only when every number it is
made of is itself printed, and categories keep the order the Report gives (sorting by count
would reveal where a hidden figure lies). Ids are turned into words here, at drawing time,
because the schools may run other languages and guide versions; an id this app's guides do
not know is printed as it is, so nothing is silently dropped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from misuse_responder import dates
from misuse_responder.export import atomic, charts, fonts, labels, layout
from misuse_responder.export.layout import FRAME_WIDTH as W
from misuse_responder.export.pack import ExportResult
from misuse_responder.export.styles import (
    CellParagraph,
    grid,
    heading,
    markup,
    p,
    pairs,
    space,
    style,
)
from misuse_responder.export.text import esc
from misuse_responder.guidance import Guides
from misuse_responder.guidance import vocabulary as v
from misuse_responder.i18n import _
from misuse_responder.oversight.model import (
    TOTAL,
    Hidden,
    Report,
    School,
    Shown,
    ShownTable,
)
from misuse_responder.progress import CancelToken, Progress, no_progress

GROUP = 6  # the most schools side by side in one per-school table (portrait A4)
HEAD_LIMIT = 34  # characters of a school's name in a column heading
CLOSED_BANDS = ("within-1-day", "2-7-days", "8-30-days", "over-30-days")
# (words, the bands a case closed "within" that time falls in)
WITHIN: tuple[tuple[Callable[[], str], tuple[str, ...]], ...] = (
    (lambda: _("Closed within 1 day"), ("within-1-day",)),
    (lambda: _("Closed within 7 days"), ("within-1-day", "2-7-days")),
    (lambda: _("Closed within 30 days"), ("within-1-day", "2-7-days", "8-30-days")),
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ("section", "category_id", "category", "school", "school_fingerprint", "value")
CASES = "cases"  # the CSV's section and category id for the number of cases


# --- words ------------------------------------------------------------------------------


def section_title(section: str) -> str:
    """The same headings as the governors' summary, so the two documents read alike."""
    return {
        "concern": _("Concern"),
        "classification": _("Classification"),
        "platform": _("Platform"),
        "affected": _("Who was affected"),
        "status": _("Case status"),
        "police": _("Police decision"),
        "time_to_close": _("Time from opening to closing"),
        "referrals_advised": _("Referrals advised"),
        "referrals_made": _("Referrals recorded as made"),
    }.get(section, section)


def band(value: str) -> str:
    """A time-to-close band in the governors' summary's words (summary._duration)."""
    return {
        "within-1-day": _("Closed within 1 day"),
        "2-7-days": _("Closed in 2 to 7 days"),
        "8-30-days": _("Closed in 8 to 30 days"),
        "over-30-days": _("Closed after more than 30 days"),
        "still-open": _("Still open"),
    }.get(value, value)


def referral(g: Guides, value: str) -> str:
    """A referral id as the summary words it: police levels, escalations, referrals."""
    if value.startswith("police:"):
        level = value.removeprefix("police:")
        return labels.police(level, g) if level in v.POLICE_LEVELS and level != "none" else value
    if value in ("lado", "chair"):
        return labels.escalation(g, value)
    return labels.referral(g, value)


def category(g: Guides, section: str, value: str) -> str:
    """The words for one category id; an id this app does not know is printed as the id."""
    if section == "concern":
        return labels.concern(g, value)
    if section == "classification":
        area, _slash, kind = value.partition("/")
        return labels.classification(area, kind) if area in v.AREAS and kind in v.KINDS else value
    if section == "platform":
        return labels.platform(g, value)
    if section == "affected":
        words = labels.who(value)
        return words if words == value else words[:1].upper() + words[1:]
    if section == "status":
        return labels.status(value)
    if section == "police":
        return labels.police(value, g)
    if section == "time_to_close":
        return band(value)
    if section in ("referrals_advised", "referrals_made"):
        return referral(g, value)
    return value


def shown_text(value: Shown | None) -> str:
    """A figure as printed: the number, or why it is hidden; "—" where the Report has none."""
    if value is None:
        return "—"
    if value is Hidden.FEWER_THAN_3:
        return _("fewer than 3")
    if value is Hidden.SECONDARY:
        return _("withheld")
    return str(value)


def printed(value: Shown | None) -> int | None:
    """The number when the Report prints one (never a hidden figure's true value)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def change_text(now: Shown | None, before: Shown | None) -> str:
    """The change from the previous period, only when both figures are printed."""
    a, b = printed(now), printed(before)
    if a is None or b is None:
        return "—"
    diff = a - b
    return f"+{diff}" if diff > 0 else (f"−{-diff}" if diff < 0 else "0")


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a whole percentage, rounded half up, with its parts."""
    share = (200 * part + whole) // (2 * whole)
    return _("{percent}% ({part} of {whole})").format(percent=share, part=part, whole=whole)


def _sum(values: Sequence[Shown | None]) -> int | None:
    """The sum when every part is printed, else None (a sum of hidden parts is hidden too)."""
    numbers = [printed(x) for x in values]
    if any(n is None for n in numbers):
        return None
    return sum(n for n in numbers if n is not None)


# --- building blocks -------------------------------------------------------------------


@cache
def _num_style() -> ParagraphStyle:
    return ParagraphStyle("trust-num", parent=style("cell"), alignment=TA_RIGHT)


@cache
def _num_bold_style() -> ParagraphStyle:
    return ParagraphStyle("trust-num-bold", parent=style("cellb"), alignment=TA_RIGHT)


@cache
def _head_style(shaped: bool) -> ParagraphStyle:
    return ParagraphStyle(
        "trust-head",
        parent=style("cellb"),
        fontSize=7.5,
        leading=9,
        shaping=int(shaped),
        splitLongWords=1,
    )


def _num(text: str, bold: bool = False) -> CellParagraph:
    """A figure, right-aligned; "fewer than 3" may wrap, but never away from its number."""
    text = re.sub(r" (\d+)$", "\u00a0\\1", text)
    return CellParagraph(esc(text), _num_bold_style() if bold else _num_style())


def _short(name: str, limit: int = HEAD_LIMIT) -> str:
    """A school's name cut for a narrow column heading; the schools list has it whole."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _head(text: str) -> CellParagraph:
    """A column heading that may be a school's name in any script (wrapped, escaped)."""
    return CellParagraph(esc(text), _head_style(fonts.needs_shaping(text)))


def _mono(text: str) -> CellParagraph:
    return CellParagraph(esc(text), style("mono"))


def nation_of(report: Report, jurisdiction: str | None) -> str:
    """Whose words: the one asked for, else the nation all the schools share, else England's."""
    nations = set(labels.available_nations())
    if jurisdiction in nations:
        return jurisdiction
    shared = {s.jurisdiction for s in report.merged.schools}
    if len(shared) == 1 and (only := shared.pop()) in nations:
        return only
    return labels.DEFAULT_JURISDICTION


def _previous_table(report: Report, section: str) -> ShownTable | None:
    if report.previous is None:
        return None
    return next((t for t in report.previous.tables if t.section == section), None)


def _table(report: Report, section: str) -> ShownTable | None:
    return next((t for t in report.tables if t.section == section), None)


def _numbers(schools: Sequence[School]) -> dict[str, int]:
    return {s.fingerprint: n for n, s in enumerate(schools, start=1)}


# --- the story -------------------------------------------------------------------------


def _front(report: Report, trust_name: str, made: datetime) -> list[Flowable]:
    m = report.merged
    count = len(m.schools)
    rows: list[list[object]] = []
    if trust_name:
        rows.append([_("Trust"), trust_name])
    rows += [
        [
            _("Period"),
            _("Cases opened from {start} to {end}").format(
                start=dates.long_date(m.period_from), end=dates.long_date(m.period_to)
            ),
        ],
        [_("Made"), dates.format_datetime(made)],
        [_("Schools"), str(count)],
        [_("Number of cases"), shown_text(report.cases.get(TOTAL))],
    ]
    return [
        markup(esc(_("Online incidents: trust-wide summary")), "title"),
        pairs([(str(k), str(val)) for k, val in rows], W),
        space(2),
        p(
            _(
                "Anonymised: counts only, with no names, case references or notes; no case "
                "left any school. Counts of 1 or 2 are shown as 'fewer than 3' so that no child "
                "can be identified, and some other figures are shown as 'withheld' because "
                "they would let a hidden count be worked out from the totals. Rates and "
                "changes are given only where every figure they are made of is shown. A case "
                "can count in more than one category (for example two concerns)."
            ),
            "small",
        ),
    ]


def _schools(report: Report) -> list[Flowable]:
    m = report.merged
    rows: list[list[str | Flowable | None]] = [
        [_("No."), _("School"), _("Fingerprint"), _("Guide version"), _num(_("Cases"), True)]
    ]
    for n, s in enumerate(m.schools, start=1):
        rows.append(
            [
                str(n),
                s.name,
                _mono(s.fingerprint),
                _mono(m.guide_versions.get(s.fingerprint, "—")),
                _num(shown_text(report.cases.get(s.fingerprint))),
            ]
        )
    rows.append(["", _("All schools"), "", "", _num(shown_text(report.cases.get(TOTAL)), True)])
    widths = [9 * mm, W - 9 * mm - 58 * mm - 36 * mm - 20 * mm, 58 * mm, 36 * mm, 20 * mm]
    out: list[Flowable] = [heading(_("Schools")), grid(rows, widths)]
    if m.notes:
        out.append(heading(_("Notes"), 2))
        out += [p(note) for note in m.notes]
    return out


def _totals(report: Report, table: ShownTable, g: Guides) -> list[Flowable]:
    before = _previous_table(report, table.section)
    ids = list(table.categories)
    if before is not None:
        ids += [c for c in before.categories if c not in table.categories]
    header: list[str | Flowable | None] = [_("Category"), _num(_("This period"), True)]
    if report.previous is not None:
        header += [_num(_("Previous period"), True), _num(_("Change"), True)]
    rows: list[list[str | Flowable | None]] = [header]
    for cid in ids:
        now = table.cells.get((cid, TOTAL)) if cid in table.categories else None
        row: list[str | Flowable | None] = [category(g, table.section, cid), _num(shown_text(now))]
        if report.previous is not None:
            then = (
                before.cells.get((cid, TOTAL))
                if before is not None and cid in before.categories
                else None
            )
            row += [_num(shown_text(then)), _num(change_text(now, then))]
        rows.append(row)
    if report.previous is None:
        widths = [W * 0.75, W * 0.25]
    else:
        widths = [W * 0.52, W * 0.16, W * 0.16, W * 0.16]
    out: list[Flowable] = [heading(_("Trust totals"), 2), grid(rows, widths)]
    drawn = [
        (category(g, table.section, c), n)
        for c in table.categories
        if (n := printed(table.cells.get((c, TOTAL)))) is not None and n > 0
    ]
    if drawn:
        out.append(space(1))
        out.append(charts.bar_chart(drawn, W))
    if len(drawn) < len(table.categories):
        out.append(p(_("Categories with no cases or a hidden figure are not drawn."), "small"))
    return out


def _groups(schools: Sequence[School]) -> list[Sequence[School]]:
    """Schools in balanced groups of at most GROUP, so every table reads the same width."""
    if not schools:
        return []
    count = -(-len(schools) // GROUP)
    base, extra = divmod(len(schools), count)
    out: list[Sequence[School]] = []
    start = 0
    for index in range(count):
        size = base + (1 if index < extra else 0)
        out.append(schools[start : start + size])
        start += size
    return out


def _by_school(report: Report, table: ShownTable, g: Guides) -> list[Flowable]:
    schools = [s for s in report.merged.schools if s.fingerprint in table.schools]
    numbers = _numbers(report.merged.schools)
    groups = _groups(schools)
    out: list[Flowable] = []
    label_w = W * 0.25
    for index, group in enumerate(groups):
        first, last = numbers[group[0].fingerprint], numbers[group[-1].fingerprint]
        title = (
            _("By school")
            if len(groups) == 1
            else _("By school (schools {first} to {last})").format(first=first, last=last)
        )
        col = (W - label_w) / len(group)
        rows: list[list[str | Flowable | None]] = [
            [
                _("Category"),
                *(
                    _head(
                        _("{number}. {school}").format(
                            number=numbers[s.fingerprint], school=_short(s.name)
                        )
                    )
                    for s in group
                ),
            ]
        ]
        for cid in table.categories:
            rows.append(
                [
                    category(g, table.section, cid),
                    *(_num(shown_text(table.cells.get((cid, s.fingerprint)))) for s in group),
                ]
            )
        out += [heading(title, 2), grid(rows, [label_w, *([col] * len(group))])]
        if index + 1 < len(groups):
            out.append(space(1))
    return out


def _close_rates(report: Report, table: ShownTable) -> list[Flowable]:
    """Shares of closed cases closed within a time, only from printed band counts."""
    keys = [
        *(s.fingerprint for s in report.merged.schools if s.fingerprint in table.schools),
        TOTAL,
    ]
    names = {s.fingerprint: s.name for s in report.merged.schools}
    names[TOTAL] = _("All schools")
    rows: list[list[str | Flowable | None]] = [
        [_("School"), _num(_("Closed cases"), True), *(_num(words(), True) for words, _b in WITHIN)]
    ]
    any_rate = False
    for key in keys:

        def at(band_id: str, key: str = key) -> Shown | None:
            return table.cells.get((band_id, key)) if band_id in table.categories else None

        closed = _sum([at(b) for b in CLOSED_BANDS])
        cells: list[str | Flowable | None] = [
            names.get(key, key),
            _num(shown_text(closed), key == TOTAL),
        ]
        for _words, bands in WITHIN:
            part = _sum([at(b) for b in bands])
            if closed is None or part is None or closed == 0:
                cells.append(_num("—"))
            else:
                cells.append(_num(percent(part, closed)))
                any_rate = True
        rows.append(cells)
    if not any_rate:
        return [
            heading(_("How quickly cases were closed"), 2),
            p(_("No rate can be given here: a figure each one needs is not shown."), "small"),
        ]
    rest = W * 0.32
    widths = [rest, W * 0.14, *([(W - rest - W * 0.14) / len(WITHIN)] * len(WITHIN))]
    return [
        KeepTogether(
            [
                heading(_("How quickly cases were closed"), 2),
                p(_("Each share is of the cases closed in the period."), "small"),
                grid(rows, widths),
                p(_("—: not given, because a figure it needs is not shown."), "small"),
            ]
        )
    ]


def _referral_rates(report: Report, g: Guides) -> list[Flowable]:
    """Referrals recorded as made, as a share of those advised, only from printed totals."""
    advised = _table(report, "referrals_advised")
    made = _table(report, "referrals_made")
    police = _table(report, "police")
    if advised is None or made is None:
        return []
    ids = [*advised.categories, *(c for c in made.categories if c not in advised.categories)]

    def advised_total(cid: str) -> Shown | None:
        level = cid.removeprefix("police:")
        if cid != level and police is not None and level in police.categories:
            return police.cells.get((level, TOTAL))  # police advice is the police decision
        return advised.cells.get((cid, TOTAL)) if cid in advised.categories else None

    if not ids:
        return []
    rows: list[list[str | Flowable | None]] = [
        [
            _("Referral"),
            _num(_("Advised"), True),
            _num(_("Recorded as made"), True),
            _num(_("Share made"), True),
        ]
    ]
    for cid in ids:
        a = advised_total(cid)
        m = made.cells.get((cid, TOTAL)) if cid in made.categories else None
        pa, pm = printed(a), printed(m)
        share = percent(pm, pa) if pa is not None and pm is not None and pa > 0 else "—"
        rows.append([referral(g, cid), _num(shown_text(a)), _num(shown_text(m)), _num(share)])
    widths = [W * 0.46, W * 0.14, W * 0.18, W * 0.22]
    return [
        KeepTogether(
            [
                heading(_("Referrals made as a share of those advised"), 1),
                p(
                    _("Trust totals. —: not given, because a figure it needs is not shown."),
                    "small",
                ),
                grid(rows, widths),
            ]
        )
    ]


def story(report: Report, trust_name: str, g: Guides, made: datetime) -> list[Flowable]:
    out: list[Flowable] = [*_front(report, trust_name, made), *_schools(report)]
    if report.previous is not None:
        m = report.previous.merged
        now, then = report.cases.get(TOTAL), report.previous.cases.get(TOTAL)
        out += [
            heading(_("Against the previous period")),
            p(
                _("The previous period: cases opened from {start} to {end}.").format(
                    start=dates.long_date(m.period_from), end=dates.long_date(m.period_to)
                )
            ),
            grid(
                [
                    [
                        "",
                        _num(_("This period"), True),
                        _num(_("Previous period"), True),
                        _num(_("Change"), True),
                    ],
                    [
                        _("Number of cases"),
                        _num(shown_text(now)),
                        _num(shown_text(then)),
                        _num(change_text(now, then)),
                    ],
                ],
                [W * 0.52, W * 0.16, W * 0.16, W * 0.16],
            ),
        ]
    for table in report.tables:
        title = heading(section_title(table.section))
        if not table.categories:
            out += [title, p(_("No cases in this period fall in this section."))]
            continue
        out.append(KeepTogether([title, *_totals(report, table, g)]))
        out += _by_school(report, table, g)
        if table.section == "time_to_close":
            out += _close_rates(report, table)
        out.append(space(2))
    out += _referral_rates(report, g)
    return out


# --- the CSV -----------------------------------------------------------------------------


def safe_cell(text: str) -> str:
    """Text a spreadsheet will show as text: a leading = + - @ would start a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_rows(report: Report, g: Guides) -> list[list[str]]:
    """Every figure the PDF prints for this period, one row each, TOTAL rows included."""
    names = {s.fingerprint: s.name for s in report.merged.schools}
    order = [s.fingerprint for s in report.merged.schools]
    trust = _("All schools")
    rows: list[list[str]] = []

    def add(section: str, cid: str, words: str, key: str, value: Shown) -> None:
        school = trust if key == TOTAL else names.get(key, key)
        rows.append(
            [
                safe_cell(section),
                safe_cell(cid),
                safe_cell(words),
                safe_cell(school),
                safe_cell(key),
                shown_text(value),
            ]
        )

    for key in [*order, TOTAL]:
        if key in report.cases:
            add(CASES, CASES, _("Number of cases"), key, report.cases[key])
    for table in report.tables:
        keys = [*(k for k in order if k in table.schools), TOTAL]
        for cid in table.categories:
            words = category(g, table.section, cid)
            for key in keys:
                if (cid, key) in table.cells:
                    add(table.section, cid, words, key, table.cells[(cid, key)])
    return rows


def csv_bytes(report: Report, g: Guides) -> bytes:
    """UTF-8 with a BOM, so Excel reads Welsh and Chinese names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(report, g))
    return buffer.getvalue().encode("utf-8-sig")


# --- the entry point ---------------------------------------------------------------------


def render_trust_report(
    report: Report,
    out: Path,
    *,
    csv_out: Path | None = None,
    trust_name: str = "",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    jurisdiction: str | None = None,
    now: datetime | None = None,
) -> ExportResult:
    """Write the trust's report to ``out`` (and its figures to ``csv_out``), atomically:
    on Cancel or any failure neither file is written."""
    cancel = cancel or CancelToken()
    nation = nation_of(report, jurisdiction)
    g = labels.nation_guides(nation)
    made = now or datetime.now(UTC)
    info = layout.PageInfo(
        title=_("Trust-wide summary"),
        school=trust_name or _("Trust-wide summary"),
        guide_version=g.version,
        generated=made,
    )
    buffer = io.BytesIO()
    pages = layout.build(
        buffer, story(report, trust_name, g, made), info, progress=progress, cancel=cancel
    )
    cancel.raise_if_cancelled()
    pdf = buffer.getvalue()
    table = csv_bytes(report, g) if csv_out is not None else None
    cancel.raise_if_cancelled()
    with atomic.atomic_path(Path(out)) as temp:
        temp.write_bytes(pdf)
        if csv_out is not None and table is not None:
            atomic.write_private(Path(csv_out), table)
    m = report.merged
    return ExportResult(
        Path(out),
        hashlib.sha256(pdf).hexdigest(),
        pages,
        "trust-report",
        {
            "from": m.period_from.isoformat(),
            "to": m.period_to.isoformat(),
            "schools": len(m.schools),
            "cases": shown_text(report.cases.get(TOTAL)),
            "jurisdiction": nation,
            "csv": str(csv_out) if csv_out is not None else None,
        },
        pdf,
    )
