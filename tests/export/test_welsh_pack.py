"""A pack exported in Welsh (issue 12 item 4), with the real catalogue and guide texts: its
words are Welsh, and the protective marking is given in Welsh and in English, so whoever
handles the printed copy sees the marking they know."""

from __future__ import annotations

from pathlib import Path

import pytest

from misuse_responder import i18n
from misuse_responder.cli import main
from misuse_responder.export import layout
from misuse_responder.store import CaseStore
from tests.export.conftest import normalised, pdf_text
from tests.support import PASSPHRASE

MO = i18n._LOCALE_DIR / "cy" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"


def test_the_marking_names_both_languages_only_in_welsh() -> None:
    assert MO.is_file(), "run scripts/setup.sh (it compiles the Welsh catalogue)"
    with i18n.temporary_language("en"):
        assert layout.marking() == "OFFICIAL–SENSITIVE: contains personal data about children"
    with i18n.temporary_language("cy"):
        welsh = layout.marking()
    assert welsh.startswith("SWYDDOGOL–SENSITIF")
    assert welsh.endswith("(OFFICIAL–SENSITIVE)")


def test_a_pack_in_welsh_reads_welsh_with_both_markings(
    store: CaseStore, case_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = store.case(case_id).reference
    root = store.paths.root
    store.close()
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "pecyn.pdf"
    assert main(["pack", reference, str(out), "--language", "cy", "--data-dir", str(root)]) == 0
    text = normalised(pdf_text(out))
    assert text.startswith("Pecyn tystiolaeth")
    assert "SWYDDOGOL–SENSITIF" in text and "(OFFICIAL–SENSITIVE)" in text
    assert "Evidence pack" not in text
    assert i18n.current_language() == "en"  # the user's language again after the export
