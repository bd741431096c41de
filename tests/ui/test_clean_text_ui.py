"""Pasted text on screen: bidi overrides and control codes are not shown, the stored text
keeps them (issue 9, item 12)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore
from misuse_responder.ui.case_view.chronology_tab import ChronologyTab
from misuse_responder.ui.case_view.evidence_tab import describe
from misuse_responder.ui.widgets.evidence_panel import EvidencePanel
from tests.support import BULLYING, PASSPHRASE, SCHOOL

PASTED = "open invoice\u202efdp.exe\u202c now\x07 مهر\u200cانگیز 👩\u200d👧"


def test_screens_show_text_without_overrides(qtbot: QtBot, tmp_path: Path) -> None:
    store, _key = CaseStore.create(tmp_path / "d", PASSPHRASE, SCHOOL, kdf=FAST_KDF_FOR_TESTS)
    with store:
        case_id = store.create_case(BULLYING, "Messages", "Ms DSL").id
        ev = store.add_evidence_text(case_id, PASTED, "Ms DSL")
        store.add_entry(case_id, "Note \u202eeman\u202c ok", "Ms DSL")
        detail = store.case(case_id)
        item = next(e for e in detail.evidence if e.id == ev)
        assert item.text == PASTED  # stored as pasted
        shown = describe(item)
        assert "invoicefdp.exe" in shown and "\u202e" not in shown and "\x07" not in shown
        assert "مهر\u200cانگیز" in shown and "👩\u200d👧" in shown
        panel = EvidencePanel(store, case_id, "Ms DSL")
        qtbot.addWidget(panel)
        panel.refresh()
        rows: list[Any] = [
            panel.items.topLevelItem(i) for i in range(panel.items.topLevelItemCount())
        ]
        texts = [row.text(1) for row in rows if row is not None]
        assert any("invoicefdp.exe" in t for t in texts)
        assert not any("\u202e" in t or "\x07" in t for t in texts)
        tab = ChronologyTab()
        qtbot.addWidget(tab)
        tab.show_case(store, "Ms DSL", detail)
        entry_cell = tab.table.item(0, 3)
        assert entry_cell is not None and "\u202e" not in entry_cell.text()
        assert "Note eman ok" in entry_cell.text()
