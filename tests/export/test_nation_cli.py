"""The export commands' --jurisdiction and --language (issue 12 item 3), with or without a store."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from misuse_responder import i18n
from misuse_responder.cli import main
from misuse_responder.guidance import load_guides
from misuse_responder.guidance.guide_text import translated
from misuse_responder.guidance.jurisdictions import available, guides_for, role_label
from misuse_responder.i18n import _
from misuse_responder.store import CaseStore, SchoolProfile
from misuse_responder.store import models as m
from tests.export.conftest import DSL, normalised, pdf_text
from tests.support import BULLYING, PASSPHRASE

STAFF_TITLE = "Staff quick card: the first five minutes"
WELSH_TITLE = "Cerdyn staff: y pum munud cyntaf"
PACK_TITLE = "Evidence pack"
WELSH_PACK = "Pecyn tystiolaeth"
OTHER = next((n for n in available(load_guides()) if n != "england"), None)


@pytest.fixture
def welsh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A small Welsh catalogue in place of the app's (only the strings these tests read)."""
    catalog = Catalog(locale="cy", domain=i18n.DOMAIN)
    catalog.add(STAFF_TITLE, WELSH_TITLE)
    catalog.add(PACK_TITLE, WELSH_PACK)
    folder = tmp_path / "locale" / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / f"{i18n.DOMAIN}.mo").open("wb") as handle:
        write_mo(handle, catalog)
    monkeypatch.setattr(i18n, "_LOCALE_DIR", tmp_path / "locale")
    monkeypatch.delenv("LANGUAGE", raising=False)
    i18n.reset()
    yield
    i18n.reset()


def _events(root: Path, kind: str) -> list[dict[str, object]]:
    store = CaseStore.open(root, PASSPHRASE)
    try:
        rows = m.AuditEvent.select().where(m.AuditEvent.kind == kind).order_by(m.AuditEvent.seq)
        return [json.loads(row.data_json) for row in rows]
    finally:
        store.close()


def test_checklist_in_welsh_then_the_command_speaks_english_again(
    welsh: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    english, cymraeg = tmp_path / "en.pdf", tmp_path / "cy.pdf"
    assert main(["checklist", "staff", str(english)]) == 0
    assert main(["checklist", "staff", str(cymraeg), "--language", "cy"]) == 0
    assert STAFF_TITLE in normalised(pdf_text(english))
    text = normalised(pdf_text(cymraeg))
    assert WELSH_TITLE in text and STAFF_TITLE not in text
    assert "LANGUAGE" not in os.environ
    assert _(STAFF_TITLE) == STAFF_TITLE  # the language is the user's again after the export
    assert capsys.readouterr().out.count("Wrote ") == 2


def test_checklist_refuses_an_unknown_nation_or_language(tmp_path: Path) -> None:
    for flags in (["--jurisdiction", "narnia"], ["--language", "fr"]):
        with pytest.raises(SystemExit) as stopped:
            main(["checklist", "staff", str(tmp_path / "x.pdf"), *flags])
        assert stopped.value.code == 2
        assert not (tmp_path / "x.pdf").exists()


@pytest.mark.skipif(OTHER is None, reason="guides/ holds no overlay but England's yet")
def test_pack_and_summary_follow_the_school_and_the_case_unless_told(
    welsh: None,
    store: CaseStore,
    case_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert OTHER is not None
    school = store.school()
    store.set_school(SchoolProfile(school.name, OTHER, school.contacts, school.head_is_dsl), DSL)
    english = store.case(case_id).reference  # assessed for England, before the move
    there = store.create_case({**BULLYING, "jurisdiction": OTHER}, "Comments", DSL).reference
    root = store.paths.root
    store.close()
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    at = ["--data-dir", str(root)]
    period = ["--from", "2026-01-01", "--to", "2026-12-31"]
    assert main(["summary", *period, str(tmp_path / "s1.pdf"), *at]) == 0
    out = str(tmp_path / "s2.pdf")
    assert main(["summary", *period, out, "--jurisdiction", "england", *at]) == 0
    assert [e["jurisdiction"] for e in _events(root, "export.summary")] == [OTHER, "england"]
    packs = {
        "p1": [english],
        "p2": [there, "--language", "cy"],
        "p3": [english, "--jurisdiction", OTHER],
    }
    for name, args in packs.items():
        assert main(["pack", args[0], str(tmp_path / f"{name}.pdf"), *args[1:], *at]) == 0
    events = _events(root, "export.pack")
    assert [e["jurisdiction"] for e in events] == ["england", OTHER, OTHER]
    for name, nation in (("p1", "england"), ("p2", OTHER), ("p3", OTHER)):
        # p2 is in Welsh: its words for the roles come from guides/text/cy/
        words = translated(load_guides(), "cy") if name == "p2" else load_guides()
        lead = role_label(guides_for(words, OTHER), OTHER, "dsl")
        text = normalised(pdf_text(tmp_path / f"{name}.pdf"))
        assert text.startswith(WELSH_PACK if name == "p2" else PACK_TITLE), name
        sign_off = text.rsplit("Sign-off", 1)[1]
        assert (lead in sign_off) == (nation == OTHER), name


def test_a_nation_without_guidance_is_refused_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from misuse_responder import labels

    monkeypatch.setattr(labels, "available_nations", lambda: ("england",))
    nation = "wales"
    assert main(["checklist", "dsl", str(tmp_path / "x.pdf"), "--jurisdiction", nation]) == 2
    assert not (tmp_path / "x.pdf").exists()
    said = capsys.readouterr().err
    assert "no guidance for wales" in said and "Traceback" not in said
