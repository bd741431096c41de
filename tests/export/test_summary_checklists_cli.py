"""Checklists, the governors' summary and the export commands, read back from the PDFs."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import KeepTogether

from misuse_responder.cli import main
from misuse_responder.export import summary
from misuse_responder.export.checklists import render_checklist
from misuse_responder.export.summary import render_summary
from misuse_responder.guidance import load_guides
from misuse_responder.progress import CancelToken, no_progress
from misuse_responder.store import CaseStore
from misuse_responder.store import models as m
from tests.export.conftest import (
    DSL,
    HEAD_SUBJECT,
    add_people,
    normalised,
    pdf_text,
)
from tests.support import BULLYING, PASSPHRASE


def squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("kind", ["staff", "dsl", "governors"])
def test_checklists_come_from_the_guides(kind: str, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.pdf"
    result = render_checklist(kind, out, school="St Hilda's")
    g = load_guides()
    text = squeezed(normalised(pdf_text(out)))
    assert g.version in text
    if kind == "staff":
        assert result.pages == 1
        assert "Call 999 now" in text and "Never" in text
    if kind == "dsl":
        for step in g.steps.values():
            assert squeezed(step.title) in text, step.id
    if kind == "governors":
        assert "was the Chair of Governors used instead?" in text
        for rule in g.rules[:5]:
            assert squeezed(rule.summary) in text


FREE_TEXT = "Zebedee-unique-note said something in the lunch hall"


def _cases(store: CaseStore) -> list[str]:
    refs = []
    for n in range(3):
        case = store.create_case(BULLYING, f"Title with a name Quentin{n}", DSL)
        add_people(store, case.id)
        store.add_entry(case.id, FREE_TEXT, DSL)
        refs.append(case.reference)
    head = store.create_case(HEAD_SUBJECT, "Private matter about Mrs Whitcombe", DSL)
    store.close_case(head.id, DSL, "Outcome-freetext-Yarrow", "Reasons-freetext-Xylo")
    refs.append(head.reference)
    return refs


def test_summary_is_anonymised_and_suppresses_small_counts(
    store: CaseStore, tmp_path: Path
) -> None:
    refs = _cases(store)
    out = tmp_path / "summary.pdf"
    result = render_summary(date(2026, 1, 1), date(2026, 12, 31), out)
    assert result.details["cases"] == 4
    text = normalised(pdf_text(out))
    people = {p.name for p in m.Person.select()}
    assert people
    for name in people:
        for part in name.split():
            if len(part) > 2:
                assert part not in text, part
    for ref in refs:
        assert ref not in text
    for free in ("Quentin", "Zebedee", "Yarrow", "Xylo", "Whitcombe", "Private matter"):
        assert free not in text
    assert "Number of cases: 4" in text
    assert "Bullying 3" in text  # three bullying cases: shown
    assert "fewer than 3" in text  # the one staff-conduct case: suppressed
    tally = summary.tally(date(2026, 1, 1), date(2026, 12, 31), no_progress, CancelToken())
    small = [(label, n) for c in tally.sections.values() for label, n in c.items() if n < 3]
    assert small  # the staff-conduct case makes several categories of one
    for label, n in small:
        assert f"{label} {n}" not in text, label
        assert f"{label} fewer than 3" in text, label
    big = [label for c in tally.sections.values() for label, n in c.items() if n >= 3]
    for label in big:
        assert text.count(label[:40]) >= 2, label  # in the table and as a bar


def test_charts_draw_only_counts_of_three_or_more() -> None:
    counter = Counter({"Bullying": 5, "Hate": 2, "Threats": 1, "Scam": 3})
    drawn = [
        name
        for block in summary._section("Concern", counter)
        if isinstance(block, KeepTogether)
        for flowable in block._content
        if isinstance(flowable, Drawing)
        for chart in flowable.contents
        for name in chart.categoryAxis.categoryNames
    ]
    assert sorted(drawn) == ["Bullying", "Scam"]


def test_summary_of_an_empty_period(store: CaseStore, tmp_path: Path) -> None:
    _cases(store)
    out = tmp_path / "empty.pdf"
    render_summary(date(2020, 1, 1), date(2020, 12, 31), out)
    assert "There were no cases in this period." in normalised(pdf_text(out))


def test_cli_checklist_pack_and_summary(
    store: CaseStore,
    case_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    reference = store.case(case_id).reference
    root = store.paths.root
    store.close()  # the command opens the store itself
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("PACK_PASSWORD", "a-long-password")
    card = tmp_path / "card.pdf"
    assert main(["checklist", "staff", str(card)]) == 0
    assert len(PdfReader(card).pages) == 1
    pack = tmp_path / "pack.pdf"
    code = main(
        [
            "pack",
            reference,
            str(pack),
            "--redacted",
            "--password-env",
            "PACK_PASSWORD",
            "--data-dir",
            str(root),
            "--by",
            "Ms Tester",
        ]
    )
    assert code == 0
    assert PdfReader(pack).is_encrypted
    summary = tmp_path / "summary.pdf"
    code = main(
        [
            "summary",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            str(summary),
            "--data-dir",
            str(root),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert printed.count("SHA-256:") == 3
    assert main(["pack", "MR-1999-0001", str(tmp_path / "x.pdf"), "--data-dir", str(root)]) == 2
    assert not (tmp_path / "x.pdf").exists()
    reopened = CaseStore.open(root, PASSPHRASE)
    try:
        kinds = [e.kind for e in m.AuditEvent.select().order_by(m.AuditEvent.seq)]
        assert kinds[-2:] == ["export.pack", "export.summary"]
        assert reopened.verify().ok
    finally:
        reopened.close()
