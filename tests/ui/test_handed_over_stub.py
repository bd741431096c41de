"""A case removed from the staff laptop on a receipt opens as its stub, never as an error."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from misuse_responder.store import handover_removal
from misuse_responder.store.handover_views import Party, ReceiptCheck
from misuse_responder.ui.main_window import MainWindow


def test_a_stub_opens_and_says_it_was_handed_over(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = seeded["ids"]["overdue"]
    store = unlocked.store
    reference = store.case(case_id).reference
    # The receipt check itself is tested with two real stores (tests/handover); here only
    # what the screens do with the stub it leaves.
    receipt = ReceiptCheck(
        case_id,
        reference,
        Party("DSL Ms Okafor", "7KQ2-M9XD"),
        datetime.now(UTC),
        "a" * 64,
        "b" * 64,
        False,
    )
    handover_removal.remove(store, receipt, "Mr Patel")
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _parent, _title, text, *a: shown.append(text)
    )
    unlocked.show_home()
    unlocked.open_case(case_id)
    assert len(shown) == 1 and "handed over to DSL Ms Okafor" in shown[0]
    assert reference in shown[0] and "b" * 64 in shown[0]
    assert not unlocked.case_view.isVisible()
