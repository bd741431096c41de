"""The evidence pack follows the nation its case was assessed for (issue 12 item 3): the
addressee by that nation's rule for a concern about the Head, and its words for the roles."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from misuse_responder.export.pack import DSL_COPY, PackOptions, export_pack
from misuse_responder.guidance import load_guides
from misuse_responder.guidance.jurisdictions import (
    available,
    guides_for,
    head_concern,
    role_label,
)
from misuse_responder.store import CaseStore, SchoolProfile
from tests.export.conftest import CHAIR, DSL, HEAD, HEAD_SUBJECT, normalised, pdf_text

NATIONS = available(load_guides())


def _move(store: CaseStore, nation: str) -> None:
    """The school is in ``nation``; its contacts' job titles say nothing of any nation."""
    school = store.school()
    contacts = tuple(replace(c, title="") for c in school.contacts)
    store.set_school(SchoolProfile(school.name, nation, contacts), DSL)


def _first_page(path: Path) -> str:
    return normalised(PdfReader(path).pages[0].extract_text() or "")


def _addressee(text: str) -> str:
    return text.split("To:", 1)[1].split("Prepared by", 1)[0]


@pytest.mark.parametrize("nation", NATIONS)
def test_a_pack_about_the_head_goes_where_the_nation_says(
    nation: str, store: CaseStore, tmp_path: Path
) -> None:
    _move(store, nation)
    case = store.create_case({**HEAD_SUBJECT, "jurisdiction": nation}, "About the Head", DSL)
    store.add_person(case.id, role="subject", kind="headteacher", name=HEAD, by=DSL)
    g = guides_for(load_guides(), nation)
    lead = head_concern(g, nation)
    to = lead.to if lead else "chair"
    assert to in store.guidance(case.id)["escalate_to"]
    out = tmp_path / "pack.pdf"
    result = export_pack(store, case.id, out, PackOptions(), author=DSL)
    assert result.details["jurisdiction"] == nation
    text = _first_page(out)
    block = _addressee(text)
    assert role_label(g, nation, to) in block
    assert CHAIR in block and HEAD not in block  # the contact who stands for that role
    head = role_label(g, nation, "headteacher", short=True)
    assert f"because {head} is involved in the concern" in text
    assert f"must not be shared with {head}" in text
    if role_label(g, nation, to) != "Chair of Governors":
        assert "Chair of Governors" not in text
    # The DSL copy: in the nation's words for the safeguarding lead.
    copy = tmp_path / "copy.pdf"
    export_pack(store, case.id, copy, PackOptions(variant=DSL_COPY), author=DSL)
    lead_short = role_label(g, nation, "dsl", short=True)
    first = _first_page(copy)
    assert f"Evidence pack: copy for {lead_short}" in first
    assert DSL in _addressee(first) and role_label(g, nation, "dsl") in _addressee(first)


@pytest.mark.skipif("scotland" not in NATIONS, reason="no Scottish overlay in guides/ yet")
def test_a_scottish_pack_never_names_englands_roles(store: CaseStore, tmp_path: Path) -> None:
    _move(store, "scotland")
    case = store.create_case({**HEAD_SUBJECT, "jurisdiction": "scotland"}, "Head", DSL)
    out = tmp_path / "pack.pdf"
    export_pack(store, case.id, out, PackOptions(), author=DSL)
    text = normalised(" ".join(p.extract_text() or "" for p in PdfReader(out).pages))
    assert "child protection co-ordinator" in text.lower()
    assert re.sub(r"(Scotland has no|No) LADO", "", text).count("LADO") == 0
    for english in ("Chair of Governors", "Designated safeguarding lead", "the DSL"):
        assert english not in text, english


@pytest.mark.parametrize("nation", NATIONS)
def test_the_governors_summary_counts_in_the_nations_words(
    nation: str, store: CaseStore, tmp_path: Path
) -> None:
    from datetime import date

    from misuse_responder.export.summary import render_summary

    _move(store, nation)
    for n in range(3):  # three, so the counts are shown rather than "fewer than 3"
        store.create_case({**HEAD_SUBJECT, "jurisdiction": nation}, f"Head {n}", DSL)
    out = tmp_path / "summary.pdf"
    result = render_summary(date(2026, 1, 1), date(2026, 12, 31), out)
    assert result.details["jurisdiction"] == nation  # the school's, by default
    text = " ".join(normalised(pdf_text(out)).split())
    g = guides_for(load_guides(), nation)
    lead = head_concern(g, nation)
    step = g.routing.escalate_to[lead.to if lead else "chair"]
    assert f"{' '.join(g.steps[step].title.split())} 3" in text  # the referral, by its step
    if role_label(g, nation, "chair") != "Chair of Governors":
        assert "Chair of Governors" not in text
