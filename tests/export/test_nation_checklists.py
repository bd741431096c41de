"""Each checklist printed for each nation whose overlay guides/jurisdictions/ holds (issue 12
item 3), read back from the PDF: its role words, its documents, and nothing of another's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from misuse_responder.export.checklists import KINDS, render_checklist
from misuse_responder.guidance import load_guides
from misuse_responder.guidance.jurisdictions import available, guides_for, role_available
from tests.export.conftest import normalised, pdf_text

NATIONS = available(load_guides())


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", normalised(pdf_text(path)))


def _folded(text: str) -> str:
    """Lines broken inside a word (a hyphen at the end of a line) joined again."""
    return re.sub(r"-\s+", "-", text)


@pytest.mark.parametrize("nation", NATIONS)
@pytest.mark.parametrize("kind", KINDS)
def test_each_checklist_follows_the_nation(kind: str, nation: str, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}-{nation}.pdf"
    result = render_checklist(kind, out, jurisdiction=nation)
    assert result.details["jurisdiction"] == nation
    text = _text(out)
    g = guides_for(load_guides(), nation)
    name = g.overlays[nation].name
    assert f"for schools in {name};" in text
    lead = g.roles["dsl"]
    assert (lead.label in text) or (lead.short in text), lead
    if kind == "staff":
        assert result.pages == 1
    else:
        for doc in g.documents.values():
            assert _folded(doc.title) in _folded(text), doc.id
    if kind == "dsl":
        for step in g.steps.values():
            assert re.sub(r"\s+", " ", step.title) in text, step.id
        for service in load_guides().services.values():
            if service.jurisdictions and nation not in service.jurisdictions:
                assert service.name not in text, service.id
    # No document of another nation is cited, and no role the nation does not have named
    # (the nation's own documents' titles, listed as such, left aside).
    cited = text
    for doc in g.documents.values():
        cited = cited.replace(doc.title, "")
    for doc in load_guides().documents.values():
        if nation not in doc.jurisdictions:
            assert not re.search(doc.match, cited), (doc.id, re.search(doc.match, cited))
    if not role_available(g, nation, "lado"):  # never sends anyone to one ("has no LADO")
        england = guides_for(load_guides(), "england").roles["lado"]
        assert england.short not in text and england.label not in text


@pytest.mark.skipif("scotland" not in NATIONS, reason="no Scottish overlay in guides/ yet")
@pytest.mark.parametrize("kind", KINDS)
def test_scotlands_checklists_name_its_roles_and_never_englands(kind: str, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.pdf"
    render_checklist(kind, out, jurisdiction="scotland")
    text = _text(out)
    assert "child protection co-ordinator" in text.lower()
    # Never a LADO to contact (only, in Scotland's own words, that there is none).
    assert re.sub(r"(Scotland has no|No) LADO", "", text).count("LADO") == 0
    for english in ("KCSIE", "Keeping children safe in education", "UKCIS"):
        assert english not in text, english
    if kind == "governors":
        assert "Chair of Governors" not in text
