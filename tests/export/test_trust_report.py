"""The trust's report, drawn from hand-built Reports (the real suppress() is tested apart).

Each test Report is made here: exact Merged tables, then what is shown, with the hidden
figures' true values chosen to be numbers (7001 and up) that nothing printed could equal,
so finding one in the PDF's text means a hidden figure leaked.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from misuse_responder import i18n
from misuse_responder.export import trust_report
from misuse_responder.export.trust_report import render_trust_report
from misuse_responder.oversight.model import (
    SECTIONS,
    TOTAL,
    Hidden,
    Merged,
    Report,
    School,
    Shown,
    ShownTable,
    Table,
)
from misuse_responder.progress import Cancelled, CancelToken
from tests.export.conftest import normalised

WELSH = "Ysgol Gymraeg Llanfair‐ŵ"
CHINESE = "学校"
LONG_WELSH = "Ysgol Gynradd Gymraeg Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
FORMULA = '=HYPERLINK("http://x","Click")'
NAMES = (
    WELSH,
    CHINESE,
    LONG_WELSH,
    "St Mary's & St John's <CE> Primary",
    "Oakfield Academy",
    "مدرسة النور",
    FORMULA,
    "北京路小学 Beijing Road Primary",
    "Ysgol y Preseli",
    "Brook Lane Junior",
    "Highfield Community College",
    "+Plus Free School",
)

CATEGORIES: dict[str, tuple[str, ...]] = {
    "concern": ("bullying", "nude-imagery", "sextortion", "hate", "future-concern-x"),
    "classification": ("content/aggressive", "contact/sexual", "cosmic/strange"),
    "platform": ("instagram", "tiktok", "snapchat", "other", "mastodon-x"),
    "affected": ("pupil", "staff", "visitor-x"),
    "status": ("open", "closed"),
    "police": ("none", "consider", "report", "999"),
    "time_to_close": ("within-1-day", "2-7-days", "8-30-days", "over-30-days", "still-open"),
    "referrals_advised": ("police:report", "lado", "ceop", "new-referral-x"),
    "referrals_made": ("police:report", "lado", "ceop", "new-referral-x"),
}

HATE = "Hate or abuse about who someone is"
WORDS = {  # what the PDF must call a few ids (England's guides, English)
    ("concern", "bullying"): "Bullying",
    ("concern", "future-concern-x"): "future-concern-x",
    ("platform", "mastodon-x"): "mastodon-x",
    ("classification", "cosmic/strange"): "cosmic/strange",
    ("classification", "content/aggressive"): "Content / aggressive",
    ("affected", "pupil"): "A pupil",
    ("affected", "visitor-x"): "visitor-x",
    ("time_to_close", "2-7-days"): "Closed in 2 to 7 days",
    ("referrals_advised", "new-referral-x"): "new-referral-x",
    ("police", "report"): "Report to the police",
    ("status", "closed"): "Closed",
}


def fingerprint(n: int) -> str:
    text = hashlib.sha256(f"school {n}".encode()).hexdigest().upper()
    text = text.translate(str.maketrans("ILOU", "1100"))[:24]
    return "-".join(text[i : i + 4] for i in range(0, 24, 4))


@dataclass
class Built:
    """A Report and the truth behind it, for the checks."""

    report: Report
    hidden_true: set[int] = field(default_factory=set)  # true values of SECONDARY figures


class Maker:
    """Hand-made Reports: random true counts, 1s and 2s hidden, some figures withheld."""

    def __init__(self, seed: int, schools: Sequence[School]) -> None:
        self.rnd = random.Random(seed)
        self.schools = tuple(schools)
        self.next_hidden = 7001
        self.hidden_true: set[int] = set()

    def _hidden(self) -> int:
        value = self.next_hidden
        self.next_hidden += 1
        self.hidden_true.add(value)
        return value

    def build(
        self,
        period: tuple[date, date],
        previous: Report | None = None,
        sections: dict[str, tuple[str, ...]] = CATEGORIES,
        notes: tuple[str, ...] = (),
    ) -> Report:
        fps = tuple(s.fingerprint for s in self.schools)
        tables: list[Table] = []
        shown_tables: list[ShownTable] = []
        for section in SECTIONS:
            if section not in sections:
                continue
            exact: dict[tuple[str, str], int] = {}
            shown: dict[tuple[str, str], Shown] = {}
            for cid in sections[section]:
                withheld_total = False
                for fp in fps:
                    roll = self.rnd.random()
                    if roll < 0.15:
                        value: int = self.rnd.choice((1, 2))
                        show: Shown = Hidden.FEWER_THAN_3
                    elif roll < 0.22:
                        value = self._hidden()
                        show = Hidden.SECONDARY
                        withheld_total = True
                    elif roll < 0.3:
                        value = 0
                        show = 0
                    else:
                        value = self.rnd.randint(3, 60)
                        show = value
                    exact[(cid, fp)] = value
                    shown[(cid, fp)] = show
                total = sum(exact[(cid, fp)] for fp in fps)
                if withheld_total:
                    shown[(cid, TOTAL)] = Hidden.SECONDARY
                    self.hidden_true.add(total)
                else:
                    shown[(cid, TOTAL)] = total
            tables.append(Table(section, sections[section], fps, exact))
            shown_tables.append(ShownTable(section, sections[section], fps, shown))
        cases = {fp: self.rnd.randint(200, 400) for fp in fps}
        merged = Merged(
            period[0],
            period[1],
            self.schools,
            cases,
            {
                fp: "2026.11+af77a9cb0304" if n % 3 else "2026.09+0123abcd"
                for n, fp in enumerate(fps)
            },
            tuple(tables),
            notes,
        )
        shown_cases: dict[str, Shown] = {**cases, TOTAL: sum(cases.values())}
        return Report(merged, shown_cases, tuple(shown_tables), previous)


def schools(count: int = 12) -> tuple[School, ...]:
    return tuple(School(NAMES[n % len(NAMES)], fingerprint(n)) for n in range(count))


THIS = (date(2026, 9, 1), date(2026, 12, 31))
BEFORE = (date(2026, 4, 1), date(2026, 8, 31))
NOW = datetime(2027, 1, 5, 9, 30, tzinfo=UTC)
NOTE = "Some schools used an older guide version (2026.09); their figures are merged by id."


@pytest.fixture
def twelve() -> Built:
    maker = Maker(13, schools())
    before = maker.build(
        BEFORE,
        sections={**CATEGORIES, "concern": (*CATEGORIES["concern"], "grooming")},
    )
    report = maker.build(THIS, previous=before, notes=(NOTE,))
    return Built(report, maker.hidden_true)


def text_of(path: Path) -> str:
    reader = PdfReader(path)
    return normalised("\n".join(page.extract_text() or "" for page in reader.pages))


def shown_words(value: Shown | None) -> str:
    if value is Hidden.FEWER_THAN_3:
        return "fewer than 3"
    if value is Hidden.SECONDARY:
        return "withheld"
    return "—" if value is None else str(value)


def numbers_in(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"(?<![\w.+−-])\d+(?![\w.])", text)}


def test_twelve_schools_every_printed_figure_is_the_reports(tmp_path: Path, twelve: Built) -> None:
    out = tmp_path / "trust.pdf"
    result = render_trust_report(twelve.report, out, trust_name="Dyffryn Learning Trust", now=NOW)
    reader = PdfReader(out)
    assert result.pages == len(reader.pages) > 3
    assert result.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert out.stat().st_mode & 0o777 == 0o600
    text = text_of(out)
    for school in twelve.report.merged.schools:
        assert school.fingerprint in text
    for name in (WELSH, CHINESE, "St Mary's & St John's <CE> Primary", FORMULA, "Ysgol y Preseli"):
        assert normalised(name) in text
    assert f"Schools 12 Number of cases {twelve.report.cases[TOTAL]} " in text  # title block
    assert NOTE in text
    assert "Dyffryn Learning Trust" in text
    for (section, cid), words in WORDS.items():
        assert words in text, (section, cid)
    # not one hidden figure's true value, nor a total made from one, is printed anywhere
    leaked = numbers_in(text) & twelve.hidden_true
    assert not leaked
    assert "fewer than 3" in text and "withheld" in text


def _row_after(text: str, label: str, start: int = 0) -> tuple[str, int]:
    at = text.index(label, start)
    return text[at + len(label) : at + len(label) + 200], at


def test_per_school_rows_print_exactly_the_shown_cells(tmp_path: Path) -> None:
    """Row by row, each school's figure in the order the schools are listed."""
    maker = Maker(5, schools(12))
    report = maker.build(THIS, sections={"concern": ("bullying", "hate")})
    out = tmp_path / "t.pdf"
    render_trust_report(report, out, now=NOW)
    text = text_of(out)
    table = report.tables[0]
    fps = [s.fingerprint for s in report.merged.schools]
    halves = [fps[:6], fps[6:]]
    position = text.index("By school (schools 1 to 6)")
    for half in halves:
        for cid, label in (("bullying", "Bullying"), ("hate", HATE)):
            row, at = _row_after(text, f" {label} ", position)
            expected = " ".join(shown_words(table.cells[(cid, fp)]) for fp in half)
            assert row.startswith(expected), (label, row, expected)
            position = at + 1
    # the trust totals table: each category's trust total
    head = text.index("Trust totals")
    for cid, label in (("bullying", "Bullying"), ("hate", HATE)):
        row, _at = _row_after(text, f" {label} ", head)
        assert row.startswith(shown_words(table.cells[(cid, TOTAL)]) + " ")


def test_rates_only_from_printed_figures(tmp_path: Path) -> None:
    """The share closed within 7 days is printed where its bands are; not where one is hidden."""
    ss = schools(2)
    a, b = (s.fingerprint for s in ss)
    bands = CATEGORIES["time_to_close"]
    counts = {
        a: dict(zip(bands, (4, 6, 5, 5, 3), strict=True)),
        b: dict(zip(bands, (1, 8, 9, 7001, 4), strict=True)),
    }
    shown: dict[tuple[str, str], Shown] = {}
    for fp, row in counts.items():
        for band, n in row.items():
            shown[(band, fp)] = n
    shown[("within-1-day", b)] = Hidden.FEWER_THAN_3
    shown[("over-30-days", b)] = Hidden.SECONDARY
    for band in bands:
        shown[(band, TOTAL)] = (
            Hidden.SECONDARY
            if band in ("within-1-day", "over-30-days")
            else (counts[a][band] + counts[b][band])
        )
    referral_ids = ("ceop", "lado", "police:report")
    advised = {
        ("ceop", TOTAL): 10,
        ("lado", TOTAL): Hidden.FEWER_THAN_3,
        ("police:report", TOTAL): 8,
    }
    made = {("ceop", TOTAL): 7, ("lado", TOTAL): 0, ("police:report", TOTAL): 8}
    for cells in (advised, made):
        for cid in referral_ids:
            for fp in (a, b):
                cells[(cid, fp)] = Hidden.SECONDARY
    exact = {(band, fp): n for fp, row in counts.items() for band, n in row.items()}
    merged = Merged(
        THIS[0],
        THIS[1],
        ss,
        {a: 23, b: 7030},
        {a: "v", b: "v"},
        (
            Table("time_to_close", bands, (a, b), exact),
            Table("referrals_advised", referral_ids, (a, b), {}),
            Table("referrals_made", referral_ids, (a, b), {}),
        ),
    )
    report = Report(
        merged,
        {a: 23, b: Hidden.SECONDARY, TOTAL: Hidden.SECONDARY},
        (
            ShownTable("time_to_close", bands, (a, b), shown),
            ShownTable("referrals_advised", referral_ids, (a, b), advised),
            ShownTable("referrals_made", referral_ids, (a, b), made),
        ),
    )
    out = tmp_path / "rates.pdf"
    render_trust_report(report, out, now=NOW)
    text = text_of(out)
    # school A: closed 4+6+5+5 = 20; within 1 day 4, within 7 days 10, within 30 days 15
    assert "20% (4 of 20)" in text
    assert "50% (10 of 20)" in text
    assert "75% (15 of 20)" in text
    # school B and the trust: a band is hidden, so no closed count and no rate
    assert "of 7019" not in text and "7001" not in text and "7030" not in text
    assert text.count("% (") == 3 + 2  # A's three rates, then ceop and police:report
    assert "70% (7 of 10)" in text
    assert "100% (8 of 8)" in text
    assert "(0 of" not in text  # lado's advised figure is hidden: no share


def test_csv_round_trips_every_shown_figure(tmp_path: Path, twelve: Built) -> None:
    out, table = tmp_path / "t.pdf", tmp_path / "t.csv"
    render_trust_report(twelve.report, out, csv_out=table, now=NOW)
    raw = table.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert table.stat().st_mode & 0o777 == 0o600
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == trust_report.CSV_COLUMNS
    got = {(r[0], r[1], r[4]): r for r in rows[1:]}
    report = twelve.report
    expected = len(report.cases) + sum(len(t.cells) for t in report.tables)
    assert len(rows) - 1 == len(got) == expected
    names = {s.fingerprint: s.name for s in report.merged.schools}
    for key, value in report.cases.items():
        assert got[("cases", "cases", key)][5] == shown_words(value)
    for t in report.tables:
        for (cid, key), value in t.cells.items():
            row = got[(t.section, cid, key)]
            assert row[5] == shown_words(value)
            name = "All schools" if key == TOTAL else names[key]
            assert row[3] == ("'" + name if name[:1] in "=+-@" else name)
    assert got[("concern", "bullying", TOTAL)][2] == "Bullying"
    assert got[("concern", "future-concern-x", TOTAL)][2] == "future-concern-x"
    values = {r[5] for r in rows[1:]}
    assert not {str(n) for n in twelve.hidden_true} & values
    assert not any(r[3].startswith(("=", "+", "-", "@")) for r in rows[1:])
    assert any(r[3] == "'" + FORMULA for r in rows[1:])
    assert any(r[3] == CHINESE for r in rows[1:])


def test_previous_period_and_change(tmp_path: Path, twelve: Built) -> None:
    out = tmp_path / "t.pdf"
    render_trust_report(twelve.report, out, now=NOW)
    text = text_of(out)
    now, before = twelve.report, twelve.report.previous
    assert before is not None
    assert "Against the previous period" in text
    n, m = now.cases[TOTAL], before.cases[TOTAL]
    assert isinstance(n, int) and isinstance(m, int)
    diff = n - m
    change = f"+{diff}" if diff > 0 else (f"−{-diff}" if diff < 0 else "0")
    assert f"Number of cases {n} {m} {change}" in text
    t_now, t_then = now.tables[0], before.tables[0]
    head = text.index("Trust totals")
    for cid in t_now.categories:
        label = trust_report.category(trust_report.labels.nation_guides("england"), "concern", cid)
        row, _at = _row_after(text, f" {label} ", head)
        a, b = t_now.cells[(cid, TOTAL)], t_then.cells[(cid, TOTAL)]
        if isinstance(a, int) and isinstance(b, int):
            d = a - b
            c = f"+{d}" if d > 0 else (f"−{-d}" if d < 0 else "0")
        else:
            c = "—"
        assert row.startswith(f"{shown_words(a)} {shown_words(b)} {c}"), (cid, row)
    # a category only the previous period had: its figure then, nothing now
    row, _at = _row_after(text, " An adult may be grooming a child ", head)
    assert row.startswith(f"— {shown_words(t_then.cells[('grooming', TOTAL)])} —")


def test_cancel_leaves_no_file(tmp_path: Path, twelve: Built) -> None:
    out, table = tmp_path / "t.pdf", tmp_path / "t.csv"
    token = CancelToken()
    calls: list[int] = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done >= 5:
            token.cancel()

    with pytest.raises(Cancelled):
        render_trust_report(
            twelve.report, out, csv_out=table, progress=progress, cancel=token, now=NOW
        )
    assert calls
    assert list(tmp_path.iterdir()) == []


def test_a_school_name_is_text_not_markup(tmp_path: Path) -> None:
    maker = Maker(2, [School("<b>Bold</b> & <i>co</i>", fingerprint(1))])
    report = maker.build(THIS, sections={"status": ("open", "closed")})
    out = tmp_path / "t.pdf"
    render_trust_report(report, out, now=NOW)
    assert "<b>Bold</b> & <i>co</i>" in text_of(out)


def test_safe_cell() -> None:
    assert trust_report.safe_cell("=1+1") == "'=1+1"
    assert trust_report.safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert trust_report.safe_cell("-2") == "'-2"
    assert trust_report.safe_cell("Ysgol") == "Ysgol"


def test_every_section_row_prints_the_shown_cells(tmp_path: Path, twelve: Built) -> None:
    """For every section, its trust totals and both halves of the schools, row by row."""
    out = tmp_path / "t.pdf"
    render_trust_report(twelve.report, out, now=NOW)
    text = text_of(out)
    g = trust_report.labels.nation_guides("england")
    fps = [s.fingerprint for s in twelve.report.merged.schools]
    position = text.index("Against the previous period")
    checked = 0
    for table in twelve.report.tables:
        position = text.index(" " + trust_report.section_title(table.section) + " ", position)
        totals = text.index("Trust totals", position)
        for cid in table.categories:
            label = trust_report.category(g, table.section, cid)
            row, _at = _row_after(text, f" {label} ", totals)
            assert row.startswith(shown_words(table.cells[(cid, TOTAL)]) + " "), (cid, row)
            checked += 1
        for first, half in ((1, fps[:6]), (7, fps[6:])):
            position = text.index(f"By school (schools {first} to {first + 5})", position)
            for cid in table.categories:
                label = trust_report.category(g, table.section, cid)
                row, at = _row_after(text, f" {label} ", position)
                expected = " ".join(shown_words(table.cells[(cid, fp)]) for fp in half)
                assert row.startswith(expected + " "), (table.section, cid, row, expected)
                position = at
                checked += len(half)
    assert checked == sum(len(t.cells) for t in twelve.report.tables)


def test_in_welsh_the_hidden_figures_read_welsh(tmp_path: Path) -> None:
    mo = i18n._LOCALE_DIR / "cy" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    assert mo.is_file(), "run scripts/setup.sh (it compiles the Welsh catalogue)"
    maker = Maker(3, schools(4))
    report = maker.build(THIS, sections={"concern": ("bullying",), "time_to_close": ("2-7-days",)})
    report.tables[0].cells[("bullying", report.merged.schools[0].fingerprint)] = Hidden.FEWER_THAN_3
    out = tmp_path / "cy.pdf"
    with i18n.temporary_language("cy"):
        render_trust_report(report, out, now=NOW)
    text = text_of(out)
    assert "Pryder" in text  # "Concern"
    assert "Bwlio llai na 3 " in text  # the first school's hidden figure, in Welsh


def test_groups_are_balanced() -> None:
    sizes = [len(g) for g in trust_report._groups(schools(13))]
    assert sizes == [5, 4, 4]
    assert [len(g) for g in trust_report._groups(schools(12))] == [6, 6]
    assert [len(g) for g in trust_report._groups(schools(6))] == [6]


def test_police_advice_rate_comes_from_the_police_table(tmp_path: Path) -> None:
    """The merge leaves police advice out of the referrals advised (the police decision says
    it); the share of police referrals made is still printed, against the police table."""
    ss = schools(1)
    (a,) = (s.fingerprint for s in ss)
    police = {("report", a): 11, ("report", TOTAL): 11, ("none", a): 9, ("none", TOTAL): 9}
    made = {("police:report", a): 8, ("police:report", TOTAL): 8}
    merged = Merged(
        THIS[0],
        THIS[1],
        ss,
        {a: 20},
        {a: "v"},
        (
            Table("police", ("none", "report"), (a,), {}),
            Table("referrals_advised", (), (a,), {}),
            Table("referrals_made", ("police:report",), (a,), {}),
        ),
    )
    report = Report(
        merged,
        {a: 20, TOTAL: 20},
        (
            ShownTable("police", ("none", "report"), (a,), police),
            ShownTable("referrals_advised", (), (a,), {}),
            ShownTable("referrals_made", ("police:report",), (a,), made),
        ),
    )
    out = tmp_path / "police.pdf"
    render_trust_report(report, out, now=NOW)
    assert "73% (8 of 11)" in text_of(out)
