"""The export commands' --jurisdiction and --language (issue 12 item 3), with and without a store."""

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
from misuse_responder.i18n import _
from misuse_responder.store import CaseStore, SchoolProfile
from misuse_responder.store import models as m
from tests.export.conftest import DSL, normalised, pdf_text
from tests.support import PASSPHRASE

STAFF_TITLE = "Staff quick card: the first five minutes"
WELSH_TITLE = "Cerdyn staff: y pum munud cyntaf"
PACK_TITLE = "Evidence pack"
WELSH_PACK = "Pecyn tystiolaeth"


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


def test_pack_and_summary_follow_the_school_unless_told(
    welsh: None,
    store: CaseStore,
    case_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    school = store.school()
    store.set_school(
        SchoolProfile(school.name, "scotland", school.contacts, school.head_is_dsl), DSL
    )
    reference = store.case(case_id).reference
    root = store.paths.root
    store.close()
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    at = ["--data-dir", str(root)]
    period = ["--from", "2026-01-01", "--to", "2026-12-31"]
    assert main(["summary", *period, str(tmp_path / "s1.pdf"), *at]) == 0
    assert main(["summary", *period, str(tmp_path / "s2.pdf"), "--jurisdiction", "wales", *at]) == 0
    assert main(["pack", reference, str(tmp_path / "p1.pdf"), *at]) == 0
    assert main(["pack", reference, str(tmp_path / "p2.pdf"), "--language", "cy", *at]) == 0
    summaries = _events(root, "export.summary")
    assert [e["jurisdiction"] for e in summaries] == ["scotland", "wales"]
    packs = _events(root, "export.pack")
    # The case was recorded before the school moved: it follows the school's nation unless
    # its facts say otherwise.
    assert len(packs) == 2
    assert normalised(pdf_text(tmp_path / "p1.pdf")).startswith(PACK_TITLE)
    assert normalised(pdf_text(tmp_path / "p2.pdf")).startswith(WELSH_PACK)
