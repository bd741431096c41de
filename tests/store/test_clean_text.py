"""Pasted text is evidence: stored byte for byte as pasted, its hash the hash of what was
pasted; only what is displayed loses bidi overrides and control codes (issue 9, item 12).
Before the fix, NFC and the removal of every format character changed the stored text."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from misuse_responder.export.pack import PackOptions, export_pack
from misuse_responder.export.text import esc
from misuse_responder.store import CaseStore, InvalidChange
from misuse_responder.store.text import clean_line, clean_text, display_text, fold, keep_text
from tests.export.conftest import pdf_text

ZWNJ, ZWJ, RLO, PDF_MARK = "\u200c", "\u200d", "\u202e", "\u202c"
PERSIAN = f"مهر{ZWNJ}انگیز"  # Mehrangiz: the non-joiner is part of the spelling
FAMILY = f"👩{ZWJ}👧"  # one emoji (mother and daughter), two without the joiner
NFD = "Zoe\u0308"  # decomposed, as macOS pastes it
PASTED = (
    f"{PERSIAN} wrote: you'll regret it {FAMILY}\r\n"
    f"open invoice{RLO}fdp.exe{PDF_MARK} now\x07 \x1b[31m{NFD}\u0085end"
)


def test_pasted_text_is_stored_exactly_and_hashed_as_pasted(store: CaseStore, case_id: int) -> None:
    ev = store.add_evidence_text(case_id, PASTED, "Ms DSL")
    item = next(e for e in store.case(case_id).evidence if e.id == ev)
    assert item.text == PASTED
    assert item.sha256 == hashlib.sha256(PASTED.encode("utf-8")).hexdigest()
    assert item.size == len(PASTED.encode("utf-8"))
    assert store.verify().ok


def test_display_strips_only_overrides_and_controls() -> None:
    shown = display_text(PASTED)
    assert PERSIAN in shown and FAMILY in shown and NFD in shown
    assert RLO not in shown and PDF_MARK not in shown
    assert not any(ch in shown for ch in "\x07\x1b\u0085\r")
    assert "invoicefdp.exe" in shown and "\n" in shown
    assert display_text(None) == "" and display_text("\u2066a\u2069\tb") == "a\tb"


def test_names_and_notes_keep_joiners_but_not_overrides() -> None:
    assert clean_line(f"  {PERSIAN} ", "name", 200) == PERSIAN
    assert clean_line(f"Ali{RLO}ahk", "name", 200) == "Aliahk"
    assert clean_line("Zo\u200bfia Wi\u00adśniewska\ufeff", "name", 200) == "Zofia Wiśniewska"
    note = clean_text(f"{FAMILY} {PERSIAN}{RLO}\x00\r\nnext", "note")
    assert note == f"{FAMILY} {PERSIAN}\nnext"


def test_search_fold_ignores_invisible_marks() -> None:
    assert fold(PERSIAN) == fold("مهرانگیز")
    assert fold("Zo\u200bfia") == "zofia"
    assert fold("Zofia\nWiśniewska\tand\x00Liam") == "zofia wisniewska and liam"


def test_unstorable_or_blank_paste_is_refused_not_changed() -> None:
    with pytest.raises(InvalidChange, match="cannot be stored"):
        keep_text("broken \ud83d clipboard", "The pasted text")
    with pytest.raises(InvalidChange, match="empty"):
        keep_text(" \r\n\t", "The pasted text")
    assert keep_text(PASTED, "x") is PASTED


def test_pack_shows_the_text_without_overrides(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    assert RLO not in esc(f"a{RLO}b") and "\x07" not in esc("a\x07b")
    store.add_evidence_text(case_id, PASTED, "Ms DSL")
    out = tmp_path / "pack.pdf"
    export_pack(store, case_id, out, PackOptions(), author="Ms DSL")
    text = pdf_text(out)
    assert "invoicefdp.exe" in text.replace(" ", "")
    assert RLO not in text and "\x1b" not in text
