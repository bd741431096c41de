"""The case list: a table model over ``store.list_cases`` and the page that shows it.

Without a search the model loads one page at a time as the view scrolls (Qt's
canFetchMore/fetchMore), so 10,000 cases open as fast as 10. With a search, names
(accent-insensitive: "lukasz" finds "Łukasz"), the case text and the reference are
each searched and the results merged.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _, ngettext
from misuse_responder.ui.settings.labels import status_label
from misuse_responder.ui.style import heading, plain_label
from misuse_responder.ui.timefmt import local_time

if TYPE_CHECKING:
    from misuse_responder.store.views import CaseSummary

PAGE_SIZE = 100
SEARCH_LIMIT = 500
Index = QModelIndex | QPersistentModelIndex


def status_filters() -> list[tuple[str, tuple[str, ...]]]:
    return [
        (_("Open and draft cases"), ("open", "draft")),
        (_("Open cases"), ("open",)),
        (_("Drafts"), ("draft",)),
        (_("Closed cases"), ("closed",)),
        (_("All cases"), ()),
    ]


def platform_name(platform: str) -> str:
    from misuse_responder.guidance import load_guides

    found = load_guides().platforms.get(platform)
    if found is not None:
        return str(found.name)
    return {"other": _("Other"), "none": _("Not online")}.get(platform, platform)


class CaseListModel(QAbstractTableModel):
    """Rows are :class:`CaseSummary` values; ``case_at(row)`` gives one back."""

    COLUMNS = ("reference", "title", "status", "opened", "platform", "due")

    def __init__(self, store: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._status: tuple[str, ...] = ("open", "draft")
        self._search = ""
        self._rows: list[CaseSummary] = []
        self._due: dict[int, datetime] = {}
        self._next_page = 1
        self._more = False
        self.reload()

    # --- loading ------------------------------------------------------------------------
    def set_filter(self, status: tuple[str, ...], search: str) -> None:
        self._status, self._search = status, search.strip()
        self.reload()

    def clear(self) -> None:
        """Forget every row (used when the app locks) and the store with them."""
        self.beginResetModel()
        self._store = None
        self._rows, self._due, self._more = [], {}, False
        self.endResetModel()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows, self._due = [], {}
        self._next_page, self._more = 1, False
        if self._store is not None:
            if self._search:
                self._load_search()
            else:
                self._more = True
                self._load_page()
        self.endResetModel()

    def _query(self, **extra: Any) -> Any:
        from misuse_responder.store import CaseQuery

        return CaseQuery(status=self._status, **extra)

    def _load_page(self) -> list[CaseSummary]:
        page = self._store.list_cases(self._query(), self._next_page, PAGE_SIZE)
        self._next_page += 1
        self._more = len(page.items) == PAGE_SIZE
        items = list(page.items)
        self._due.update(self._store.next_due([c.id for c in items]))
        return self._extend(items)

    def _extend(self, items: list[CaseSummary]) -> list[CaseSummary]:
        self._rows.extend(items)
        return items

    def _load_search(self) -> None:
        import re

        found: dict[int, CaseSummary] = {}
        queries = [self._query(name=self._search), self._query(text=self._search)]
        if re.fullmatch(r"(?i)(mr-?)?\d[\d-]*", self._search) or "-" in self._search:
            queries.append(self._query(reference=self._search))
        for query in queries:
            for case in self._store.list_cases(query, 1, SEARCH_LIMIT).items:
                found.setdefault(case.id, case)
        items = sorted(found.values(), key=lambda c: (c.opened_at, c.id), reverse=True)
        self._due.update(self._store.next_due([c.id for c in items]))
        self._extend(items)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and self._store is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        from misuse_responder.store import CaseQuery

        page = self._store.list_cases(CaseQuery(status=self._status), self._next_page, PAGE_SIZE)
        items = list(page.items)
        self._next_page += 1
        self._more = len(items) == PAGE_SIZE
        if not items:
            return
        self._due.update(self._store.next_due([c.id for c in items]))
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(items) - 1)
        self._rows.extend(items)
        self.endInsertRows()

    # --- the model -------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def case_at(self, row: int) -> CaseSummary:
        return self._rows[row]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            _("Reference"),
            _("Title"),
            _("Status"),
            _("Opened"),
            _("Platform"),
            _("Next follow-up due"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == "reference":
                return case.reference
            if column == "title":
                return case.title
            if column == "status":
                return status_label(case.status)
            if column == "opened":
                return local_time(case.opened_at)
            if column == "platform":
                return platform_name(case.platform)
            due = self._due.get(case.id)
            if due is None:
                return ""
            if due <= datetime.now().astimezone():
                return _("{when} (overdue)").format(when=local_time(due))
            return local_time(due)
        if role == Qt.ItemDataRole.ToolTipRole and column == "title":
            return case.title
        if role == Qt.ItemDataRole.UserRole:
            return case.id
        return None


def end_of_today() -> datetime:
    now = datetime.now().astimezone()
    return datetime.combine(now.date(), time(23, 59, 59), tzinfo=now.tzinfo)


class CaseListPage(QWidget):
    """Search, filter, the follow-ups banner and the table. ``openCase(case_id)``."""

    openCase = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: CaseListModel | None = None
        layout = QVBoxLayout(self)

        self.banner = QFrame()
        self.banner.setObjectName("banner")
        banner_layout = QVBoxLayout(self.banner)
        self.banner_title = heading("", 2)
        banner_layout.addWidget(self.banner_title)
        self.due_list = QListWidget()
        self.due_list.setAccessibleName(_("Follow-ups due today or overdue"))
        self.due_list.setAccessibleDescription(_("Press Enter to open the case."))
        self.due_list.itemActivated.connect(self._open_due)
        banner_layout.addWidget(self.due_list)
        layout.addWidget(self.banner)
        self.banner.hide()

        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name, words in the case, or reference"))
        self.search.setAccessibleName(_("Search cases"))
        self.search.setAccessibleDescription(_("Names match without accents: lukasz finds Łukasz."))
        self.search.setClearButtonEnabled(True)
        row.addWidget(self.search, 3)
        self.status = QComboBox()
        for label, statuses in status_filters():
            self.status.addItem(label, statuses)
        self.status.setAccessibleName(_("Show"))
        self.status.setAccessibleDescription(_("Which cases to list, by status."))
        row.addWidget(self.status, 1)
        layout.addLayout(row)

        self.table = QTableView()
        self.table.setAccessibleName(_("Cases"))
        self.table.setAccessibleDescription(_("Press Enter or double-click to open a case."))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.activated.connect(self._open_index)
        layout.addWidget(self.table, 1)
        self.empty = plain_label("")
        self.empty.setAccessibleName(_("Case list status"))
        layout.addWidget(self.empty)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.apply_filter)
        self.status.currentIndexChanged.connect(self.apply_filter)
        QWidget.setTabOrder(self.due_list, self.search)
        QWidget.setTabOrder(self.search, self.status)
        QWidget.setTabOrder(self.status, self.table)

    def set_store(self, store: Any) -> None:
        if self.model is not None:
            self.model.clear()
        self.model = CaseListModel(store, self)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._store = store
        self.apply_filter()

    def clear(self) -> None:
        """Drop every case from view (the app is locking)."""
        if self.model is not None:
            self.model.clear()
        self._store = None
        self.due_list.clear()
        self.banner.hide()
        self.search.clear()

    def apply_filter(self) -> None:
        self._debounce.stop()
        if self.model is None:
            return
        statuses = self.status.currentData() or ()
        self.model.set_filter(tuple(statuses), self.search.text())
        count = self.model.rowCount()
        if count == 0:
            self.empty.setText(
                _("No cases match.") if self.search.text().strip() else _("No cases yet.")
            )
        else:
            self.empty.setText("")
        self.refresh_follow_ups()

    def refresh(self) -> None:
        self.apply_filter()

    def refresh_follow_ups(self) -> None:
        if getattr(self, "_store", None) is None:
            return
        due = self._store.due_follow_ups(end_of_today())
        self.due_list.clear()
        now = datetime.now().astimezone()
        for item in due:
            when = local_time(item.due_at)
            state = _("overdue since {when}") if item.due_at <= now else _("due {when}")
            text = f"{item.reference}: {item.title} ({state.format(when=when)})"
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, item.case_id)
            self.due_list.addItem(entry)
        if due:
            self.banner_title.setText(
                ngettext(
                    "{n} follow-up is due today or overdue",
                    "{n} follow-ups are due today or overdue",
                    len(due),
                ).format(n=len(due))
            )
            rows = min(len(due), 4)
            self.due_list.setMaximumHeight(
                self.due_list.sizeHintForRow(0) * rows + 2 * self.due_list.frameWidth() + 4
            )
            self.banner.show()
        else:
            self.banner.hide()

    def _open_index(self, index: QModelIndex) -> None:
        if self.model is not None and index.isValid():
            self.openCase.emit(self.model.case_at(index.row()).id)

    def _open_due(self, item: QListWidgetItem) -> None:
        self.openCase.emit(int(item.data(Qt.ItemDataRole.UserRole)))
