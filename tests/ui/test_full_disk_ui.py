"""The chronology tab on a real full disk: the sentence is shown, the text kept, nothing on
stderr (issue 9, item 9). The old tab caught only StoreError: its label stayed empty and a
traceback went to stderr."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore
from misuse_responder.ui.case_view.chronology_tab import ChronologyTab
from tests.store.full_disk import Filler, small_disk
from tests.support import BULLYING, PASSPHRASE, SCHOOL

TYPED = "Mum rang at 4pm: the messages carried on after school. " * 3000


@pytest.fixture
def on_small_disk(tmp_path: Path) -> Iterator[tuple[CaseStore, int, Path]]:
    with small_disk(tmp_path / "disk") as disk:
        store, _key = CaseStore.create(disk / "data", PASSPHRASE, SCHOOL, kdf=FAST_KDF_FOR_TESTS)
        case_id = store.create_case(BULLYING, "Messages after school", "Ms DSL").id
        yield store, case_id, disk
        store.close()


def _tab(qtbot: QtBot, store: CaseStore, case_id: int) -> ChronologyTab:
    tab = ChronologyTab()
    qtbot.addWidget(tab)
    tab.show_case(store, "Ms DSL", store.case(case_id))
    return tab


def test_full_disk_is_named_and_the_text_kept(
    qtbot: QtBot, on_small_disk: tuple[CaseStore, int, Path], capfd: pytest.CaptureFixture[str]
) -> None:
    store, case_id, disk = on_small_disk
    tab = _tab(qtbot, store, case_id)
    filler = Filler(disk)
    tab.text.setPlainText(TYPED)
    tab.add_button.click()
    assert "disk is full" in tab.message.text()
    assert "what you typed is still here" in tab.message.text()
    assert tab.text.toPlainText() == TYPED
    assert tab.table.rowCount() == 0
    filler.remove()
    tab.add_button.click()
    assert tab.message.text() == "" and tab.text.toPlainText() == ""
    assert len(store.case(case_id).entries) == 1
    assert "Traceback" not in capfd.readouterr().err


def test_an_unexpected_failure_is_a_sentence_too(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    store, _key = CaseStore.create(tmp_path / "d", PASSPHRASE, SCHOOL, kdf=FAST_KDF_FOR_TESTS)
    with store:
        case_id = store.create_case(BULLYING, "x", "Ms DSL").id
        tab = _tab(qtbot, store, case_id)

        def boom(*_a: Any, **_k: Any) -> int:
            raise RuntimeError("no such savepoint")

        monkeypatch.setattr(store, "add_entry", boom)
        tab.text.setPlainText("kept")
        assert not tab.add()
        assert "could not be saved" in tab.message.text() and tab.text.toPlainText() == "kept"
    assert "Traceback" not in capfd.readouterr().err
