"""Issue 13's headline test: twelve school stores → twelve summary files → one trust report.

Everything goes through the real command line (``misuse-responder trust-report``) and the
real stores. The report is checked against the generator's own tally (tests/oversight/
schools.py), never against the app's counting: every figure the PDF and the CSV print is
the true count; every true count of 1 or 2 is printed only as "fewer than 3"; the attacker in
``oversight/disclosure.py`` cannot work out any hidden figure from what was printed; and no
name, reference, title or note of any case reaches the PDF, the CSV or the summary files.
"""

from __future__ import annotations

import contextlib
import csv
import importlib
import io
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
import pytest
from pypdf import PdfReader

from misuse_responder.cli import main
from misuse_responder.oversight.merge import PRINTED
from misuse_responder.oversight.model import TOTAL, Hidden, Report
from misuse_responder.store import CaseStore
from tests.oversight.schools import PASSPHRASE, Hostile, World

CSV_FEWER = "fewer than 3"


@dataclass
class Run:
    code: int
    out: str
    err: str
    pdf: Path
    csv: Path
    reports: list[Report]  # what render_trust_report was given (the report that was printed)
    seconds: float


@contextlib.contextmanager
def _spy_on_render() -> Iterator[list[Report]]:
    """Keep every Report handed to render_trust_report, wherever it was imported into."""
    from misuse_responder.export import trust_report

    importlib.import_module("misuse_responder.store.oversight_trust")  # loaded before patching

    real = trust_report.render_trust_report
    seen: list[Report] = []

    def spy(report: Report, *args: Any, **kwargs: Any) -> Any:
        seen.append(report)
        return real(report, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        for name, module in list(sys.modules.items()):
            if (
                name.startswith("misuse_responder")
                and getattr(module, "render_trust_report", None) is real
            ):
                mp.setattr(module, "render_trust_report", spy)
        yield seen


def trust_report(world: World, files: list[Path], name: str, *extra: str) -> Run:
    """``misuse-responder trust-report FILES… OUT.pdf --csv OUT.csv …`` on the trust's store."""
    folder = world.folder / "reports"
    folder.mkdir(exist_ok=True)
    pdf, table = folder / f"{name}.pdf", folder / f"{name}.csv"
    argv = ["trust-report", *map(str, files), str(pdf), "--csv", str(table), *extra]
    argv += ["--by", "Oversight lead", "--data-dir", str(world.trust.root)]
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp, _spy_on_render() as seen:
        mp.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
        mp.setattr(sys, "stdout", out)
        mp.setattr(sys, "stderr", err)
        start = time.perf_counter()
        code = main(argv)
        seconds = time.perf_counter() - start
    return Run(code, out.getvalue(), err.getvalue(), pdf, table, seen, seconds)


def confirm_all(world: World) -> list[str]:
    return [arg for s in world.schools for arg in ("--confirm", s.fingerprint)]


def summaries(world: World) -> list[Path]:
    return [s.summary for s in world.schools if s.summary is not None]


@pytest.fixture(scope="module")
def printed(world: World) -> Run:
    """The twelve files merged into one report, every school confirmed by fingerprint, with
    the previous period's twelve for the change columns (one report for every check: the
    suppression search is the slow part)."""
    previous = [str(s.previous) for s in world.schools if s.previous is not None]
    assert len(previous) == len(world.schools)
    run = trust_report(
        world, summaries(world), "trust", *confirm_all(world), "--previous", *previous
    )
    assert run.code == 0, run.err
    assert len(run.reports) == 1
    return run


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def squeezed(text: str) -> str:
    """Text without any white space, so a name the PDF wrapped over two lines still matches."""
    return re.sub(r"\s+", "", text)


def csv_rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def true_value(world: World, section: str, category: str, key: str) -> int:
    if key == TOTAL:
        return world.true_row(section, category)
    return world.by_fingerprint()[key].true.get(section, {}).get(category, 0)


def true_cases(world: World, key: str) -> int:
    return world.true_total() if key == TOTAL else world.by_fingerprint()[key].cases


# --- the report that was printed ---------------------------------------------------------


def test_twelve_files_make_one_report(world: World, printed: Run) -> None:
    report = printed.reports[0]
    assert [s.fingerprint for s in report.merged.schools] == sorted(
        (s.fingerprint for s in world.schools),
        key=lambda fp: (world.by_fingerprint()[fp].name, fp),
    )
    assert len(PdfReader(printed.pdf).pages) >= 2
    assert "Traceback" not in printed.out + printed.err
    assert str(printed.pdf) in printed.out
    print(f"\ntrust-report on twelve files: {printed.seconds:.2f} s")  # noqa: T201


def test_the_trust_total_is_shown(world: World, printed: Run) -> None:
    """The board's first question; it can always be printed (the schools' counts hide)."""
    assert printed.reports[0].cases[TOTAL] == world.true_total()


def test_every_shown_figure_is_the_true_count(world: World, printed: Run) -> None:
    report = printed.reports[0]
    for key, shown in report.cases.items():
        if isinstance(shown, int):
            assert shown == true_cases(world, key), key
    assert [t.section for t in report.tables] == list(PRINTED)
    for table in report.tables:
        for school in world.schools:  # nothing a school counted is dropped
            counted = set(school.true.get(table.section, {}))
            if table.section == "referrals_advised":  # the police table says these
                counted = {c for c in counted if not c.startswith("police:")}
            assert counted <= set(table.categories)
        for (category, key), shown in table.cells.items():
            if isinstance(shown, int):
                assert shown == true_value(world, table.section, category, key), (
                    table.section,
                    category,
                    key,
                )


def test_every_count_of_one_or_two_is_hidden(world: World, printed: Run) -> None:
    report = printed.reports[0]
    small = relabelled = 0
    for table in report.tables:
        for category in table.categories:
            for key in (*table.schools, TOTAL):
                value = true_value(world, table.section, category, key)
                shown = table.cells.get((category, key))
                if 1 <= value <= 2:  # hidden; "withheld" where "fewer than 3" would pin it
                    small += 1
                    relabelled += shown is Hidden.SECONDARY
                    assert isinstance(shown, Hidden), (table.section, category, key, shown)
                elif shown is Hidden.FEWER_THAN_3:
                    raise AssertionError((table.section, category, key, value))
    for key, shown in report.cases.items():
        if 1 <= true_cases(world, key) <= 2:
            assert isinstance(shown, Hidden), key
        else:
            assert shown is not Hidden.FEWER_THAN_3, key
    # The generator made small counts: extremism once and self-harm twice in the trust,
    # and two schools with one and two cases.
    assert world.true_row("concern", "extremism") == 1
    assert world.true_row("concern", "self-harm") == 2
    concern = next(t for t in report.tables if t.section == "concern")
    assert concern.cells[("extremism", TOTAL)] is Hidden.FEWER_THAN_3
    assert concern.cells[("self-harm", TOTAL)] is Hidden.FEWER_THAN_3
    assert small > 50
    assert relabelled <= small // 4, (relabelled, small)  # "fewer than 3" is the rule


def test_no_hidden_figure_can_be_worked_out(printed: Run) -> None:
    from misuse_responder.oversight.disclosure import recoverable

    report = printed.reports[0]
    assert recoverable(report) == []
    withheld = sum(
        shown is Hidden.SECONDARY for table in report.tables for shown in table.cells.values()
    )
    fewer = sum(
        shown is Hidden.FEWER_THAN_3 for table in report.tables for shown in table.cells.values()
    )
    print(f"\nhidden: {fewer} fewer than 3, {withheld} withheld; recoverable: none")  # noqa: T201


# --- what the PDF and the CSV print ------------------------------------------------------


def test_the_csv_prints_the_report_and_true_counts(world: World, printed: Run) -> None:
    report = printed.reports[0]
    rows = csv_rows(printed.csv)
    assert rows
    tables = {t.section: t for t in report.tables}
    seen = 0
    for row in rows:
        key = row["school_fingerprint"] or TOTAL
        if key not in report.cases:
            key = TOTAL
        if row["section"] in tables:
            shown = tables[row["section"]].cells.get((row["category_id"], key))
            value = true_value(world, row["section"], row["category_id"], key)
        else:
            shown, value = report.cases.get(key), true_cases(world, key)
        if row["value"].isdigit():
            assert int(row["value"]) == value == shown, row
            seen += 1
        else:
            assert row["value"] in (CSV_FEWER, "withheld"), row
            assert 1 <= value <= 2 if row["value"] == CSV_FEWER else True, row
            assert shown in (Hidden.FEWER_THAN_3, Hidden.SECONDARY), row
    assert seen > 100


def pdf_lines(path: Path) -> list[str]:
    """The PDF's text, one table cell a line (as pypdf gives it), white space tidied."""
    lines = (" ".join(line.split()) for line in pdf_text(path).splitlines())
    return [line for line in lines if line]


def printed_value(lines: list[str], at: int) -> tuple[str, int]:
    """The figure starting at ``lines[at]`` ("fewer than 3" may wrap) and the next index."""
    if lines[at] == "fewer" and lines[at + 1] == "than 3":
        return "fewer than 3", at + 2
    return lines[at], at + 1


def shown_as(value: int) -> set[str]:
    """What the PDF may print for a true count: the number, or a hidden figure's words
    (a count of 1 or 2 never as a number)."""
    if 1 <= value <= 2:
        return {"fewer than 3", "withheld"}
    return {str(value), "withheld"}


def test_the_pdf_prints_the_trust_total(world: World, printed: Run) -> None:
    """Read back with pypdf: the trust's number of cases, on the front and under the schools."""
    lines = pdf_lines(printed.pdf)
    total = str(world.true_total())
    at = lines.index("Number of cases")
    assert printed_value(lines, at + 1)[0] == total, lines[at : at + 3]
    end = lines.index("All schools", lines.index("Schools", at))
    assert printed_value(lines, end + 1)[0] == total, lines[end : end + 3]


def test_the_pdf_prints_each_schools_true_cases(world: World, printed: Run) -> None:
    """The schools table, in report order: after each school's guide version, its cases."""
    report = printed.reports[0]
    lines = pdf_lines(printed.pdf)
    version = report.merged.guide_versions[report.merged.schools[0].fingerprint]
    at = lines.index("Schools", lines.index("Number of cases"))
    end = lines.index("All schools", at)
    values = [printed_value(lines, n + 1)[0] for n in range(at, end) if lines[n] == version]
    expected = [world.by_fingerprint()[s.fingerprint].cases for s in report.merged.schools]
    assert len(values) == len(expected) == 12
    for school, got, true in zip(report.merged.schools, values, expected, strict=True):
        assert got in shown_as(true), (school.name, got, true)


def test_the_pdf_prints_every_sections_true_totals(world: World, printed: Run) -> None:
    assert _check_trust_totals(world, pdf_lines(printed.pdf)) >= 40


def _check_trust_totals(world: World, lines: list[str]) -> int:
    """Each section's "Trust totals" table: every printed figure is the sum of the schools'
    true counts for that category (or, for 1 or 2, only "fewer than 3")."""
    from misuse_responder.export.labels import nation_guides
    from misuse_responder.export.trust_report import category, section_title

    g = nation_guides("england")
    starts = [i for i, line in enumerate(lines) if line == "Trust totals"]
    assert len(starts) == len(PRINTED), starts
    checked = 0
    for section, start in zip(PRINTED, starts, strict=True):
        assert lines[start - 1] == section_title(section), (section, lines[start - 1])
        wanted = {category(g, section, c): c for s in world.schools for c in s.true[section]}
        end = lines.index(lines[start + 1], start + 2)  # the per-school table's "Category"
        seen = set()
        n = start + 3  # after "Category" and "This period"
        while n < end:
            label = lines[n]
            if label in wanted and label not in seen:
                value, n = printed_value(lines, n + 1)
                assert value in shown_as(world.true_row(section, wanted[label])), (section, label)
                seen.add(label)
                checked += 1
            else:
                n += 1
        assert seen, section
    return checked


def test_no_case_text_leaves_a_school(world: World, printed: Run) -> None:
    """No name, reference, title or note of any case in the PDF, CSV or decrypted files."""
    from misuse_responder.store import handover_keys

    secrets = world.secrets()
    assert len(secrets) > 500
    assert all(len(s) >= 8 for s in secrets), [s for s in secrets if len(s) < 8]
    with CaseStore.open(world.trust.root, PASSPHRASE, shared=True):
        identity = handover_keys.keys().identity
    # The signed JSON as it is, and with its escaped characters written out (the names).
    inside = [pyrage.decrypt(path.read_bytes(), [identity]) for path in summaries(world)]
    inside = [d + json.dumps(json.loads(d), ensure_ascii=False).encode() for d in inside]
    places: dict[str, str] = {
        "pdf": squeezed(pdf_text(printed.pdf)),
        "csv": squeezed(printed.csv.read_bytes().decode("utf-8-sig")),
        "output": squeezed(printed.out + printed.err),
    }
    for n, data in enumerate(inside):
        places[f"summary {n}"] = squeezed(data.decode("utf-8"))
    for where, text in places.items():
        for secret in secrets:
            assert squeezed(secret) not in text, (where, secret)
    for school in world.schools:  # the decrypted file does hold the school's own name
        assert any(squeezed(school.name) in places[f"summary {n}"] for n in range(len(inside)))


# --- refused: nothing written ------------------------------------------------------------


def _swap(files: list[Path], index: int, other: Path) -> list[Path]:
    return [other if n == index else f for n, f in enumerate(files)]


HOSTILE: dict[str, Callable[[list[Path], Hostile], list[Path]]] = {
    "tampered": lambda files, h: _swap(files, 0, h.tampered),
    "duplicate": lambda files, h: [*files, h.duplicate],
    "same-file-twice": lambda files, h: [*files, files[3]],
    "overlapping": lambda files, h: [*files, h.overlapping],
    "other-trust": lambda files, h: [*files, h.other_trust],
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_bad_file_is_refused_with_one_sentence_and_no_report(
    world: World, hostile: Hostile, kind: str
) -> None:
    files = HOSTILE[kind](summaries(world), hostile)
    run = trust_report(world, files, f"refused-{kind}", *confirm_all(world))
    assert run.code == 2, (run.code, run.out, run.err)
    assert "Traceback" not in run.out + run.err
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("misuse-responder trust-report: ")
    assert lines[0].rstrip().endswith("."), lines[0]
    assert not run.pdf.exists() and not run.csv.exists()
    assert run.reports == []
    assert not list(run.pdf.parent.glob(f"*refused-{kind}*"))  # no temporary file left


def test_a_tampered_file_is_named(world: World, hostile: Hostile) -> None:
    files = HOSTILE["tampered"](summaries(world), hostile)
    run = trust_report(world, files, "named", *confirm_all(world))
    assert run.code == 2
    assert hostile.tampered.name in run.err


def test_an_unknown_school_is_listed_with_its_fingerprint(world: World, hostile: Hostile) -> None:
    files = [*summaries(world), hostile.newcomer]
    run = trust_report(world, files, "newcomer", *confirm_all(world))
    assert run.code == 1, run.err
    assert "Traceback" not in run.out + run.err
    listed = [line.split() for line in run.err.splitlines()[1:]]
    assert listed == [[*hostile.newcomer_name.split(), hostile.newcomer_fingerprint]]
    assert not run.pdf.exists() and not run.csv.exists() and run.reports == []


def test_the_previous_period_is_compared(world: World, printed: Run) -> None:
    from misuse_responder.oversight.disclosure import recoverable

    report = printed.reports[0]
    assert report.previous is not None
    before = report.previous
    assert before.cases[TOTAL] in (3 * len(world.schools), Hidden.SECONDARY)  # three each
    assert all(
        shown in (3, Hidden.SECONDARY) for key, shown in before.cases.items() if key != TOTAL
    )
    assert recoverable(before) == []
    assert "Against the previous period" in pdf_lines(printed.pdf)


def test_the_whole_chain_is_quick(printed: Run) -> None:
    assert printed.seconds < 30, printed.seconds
