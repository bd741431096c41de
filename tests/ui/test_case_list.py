"""The case list over a real store: Unicode names, accent-free search, filters, follow-ups."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from misuse_responder.ui.case_list import CaseListModel
from misuse_responder.ui.main_window import MainWindow


def titles(model: CaseListModel) -> list[str]:
    return [model.case_at(r).title for r in range(model.rowCount())]


def test_model_columns_and_status_filter(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any]
) -> None:
    page = unlocked.case_list
    model = page.model
    assert model is not None
    # Default: open and draft cases, newest first; the closed one is not listed.
    assert titles(model) == [
        "Images shared in a Year 10 chat",
        "Comments under a Year 9 pupil's post",
    ]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Reference", "Title", "Status", "Opened", "Platform", "Next follow-up due"]
    row = titles(model).index("Comments under a Year 9 pupil's post")
    values = [model.index(row, c).data() for c in range(model.columnCount())]
    assert values[0].startswith("MR-") and values[2] == "Open" and values[4] == "Instagram"
    assert "(overdue)" in values[5]
    page.status.setCurrentIndex(page.status.findText("Closed cases"))
    assert titles(model) == ["Fake raffle page"]
    page.status.setCurrentIndex(page.status.findText("All cases"))
    assert len(titles(model)) == 3


def test_search_is_accent_insensitive(qtbot: QtBot, unlocked: MainWindow) -> None:
    page = unlocked.case_list
    qtbot.keyClicks(page.search, "lukasz")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.model is not None
    assert titles(page.model) == ["Comments under a Year 9 pupil's post"]
    page.search.setText("odegard")
    page.apply_filter()
    assert titles(page.model) == ["Images shared in a Year 10 chat"]
    page.search.setText("raffle")
    page.apply_filter()
    assert titles(page.model) == []  # closed cases are filtered out by status
    page.status.setCurrentIndex(page.status.findText("All cases"))
    assert titles(page.model) == ["Fake raffle page"]
    page.search.setText("nobody-at-all")
    page.apply_filter()
    assert titles(page.model) == [] and page.empty.text() == "No cases match “nobody-at-all”."


def test_overdue_follow_up_banner_opens_the_case(
    qtbot: QtBot, unlocked: MainWindow, seeded: dict[str, Any]
) -> None:
    page = unlocked.case_list
    assert page.banner.isVisible()
    assert "due today or overdue" in page.banner_title.text()
    item = page.due_list.item(0)
    assert "overdue since" in item.text() and "MR-" in item.text()
    page.due_list.setCurrentRow(0)
    page.due_list.itemActivated.emit(item)
    assert unlocked.stack.currentWidget() is unlocked.case_view
    assert unlocked.case_view.case_id == seeded["ids"]["overdue"]


def test_enter_opens_a_case_and_paging_is_lazy(
    qtbot: QtBot, unlocked: MainWindow, monkeypatch: Any
) -> None:
    page = unlocked.case_list
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert unlocked.stack.currentWidget() is unlocked.case_view
    unlocked.show_home()
    # With a page size of 1 the model loads one row at a time as the view asks for more.
    import misuse_responder.ui.case_list as case_list

    monkeypatch.setattr(case_list, "PAGE_SIZE", 1)
    page.status.setCurrentIndex(page.status.findText("All cases"))
    model = page.model
    assert model is not None
    while model.canFetchMore():
        model.fetchMore()
    assert len(titles(model)) == 3
