"""The case list: a table model over ``store.list_cases`` and the page that shows it.

Above the table, every unfinished incident (a wizard draft) is one click from
"Continue recording", with or without a case in the store yet. With no cases at all the
page is a start screen instead ("Record an incident", the safety question, what the app
is for: ui/home_start.py); an empty filtered list says what the filter hides.

Without a search the model loads one page at a time as the view scrolls (Qt's
canFetchMore/fetchMore), so 10,000 cases open as fast as 10. With a search, names
(accent-insensitive: "lukasz" finds "Łukasz"), the case text and the reference are
each searched and the results merged.
"""

from __future__ import annotations

import contextlib
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
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _, ngettext
from misuse_responder.ui.home_start import StartPanel
from misuse_responder.ui.settings.labels import status_label
from misuse_responder.ui.style import heading, plain_label
from misuse_responder.ui.timefmt import local_time

if TYPE_CHECKING:
    from misuse_responder.store.drafts import DraftInfo, DraftProblem
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


def nothing_shown(statuses: tuple[str, ...]) -> str:
    """What an empty list under a status filter says first ("No drafts.")."""
    return {
        ("open", "draft"): _("No open or draft cases."),
        ("open",): _("No open cases."),
        ("draft",): _("No drafts."),
        ("closed",): _("No closed cases."),
    }.get(statuses, _("No cases."))


def platform_name(platform: str) -> str:
    from misuse_responder.guidance.guide_text import shown_guides

    found = shown_guides().platforms.get(platform)
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
        self.drafts: dict[int, str] = {}  # case id -> the wizard draft that carries it on
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
                if case.status == "draft" and case.id in self.drafts:
                    return _("Draft: not finished")
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


class DraftsBox(QFrame):
    """Every unfinished incident, each one click from "Continue recording"."""

    continueDraft = Signal(str)
    MAX_SHOWN = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._layout = QVBoxLayout(self)
        self.title = heading("", 2)
        self._layout.addWidget(self.title)
        self.rows: list[tuple[QLabel, QPushButton]] = []
        self.more = plain_label("")
        self._layout.addWidget(self.more)
        self.unreadable = plain_label("")
        self.unreadable.setAccessibleName(_("Drafts that could not be read"))
        self._layout.addWidget(self.unreadable)
        self.hide()

    def show_drafts(
        self,
        found: list[DraftInfo],
        references: dict[int, str],
        problems: list[DraftProblem] | None = None,
    ) -> None:
        """``problems``: drafts that could not be read, said here rather than vanishing."""
        for label, _button in self.rows:
            row = label.parentWidget()
            self._layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = []
        for draft in found[: self.MAX_SHOWN]:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            title = draft.title.strip() or _("an incident with no title yet")
            reference = references.get(draft.case_id) if draft.case_id is not None else None
            named = f"{reference}: “{title}”" if reference else f"“{title}”"
            label = plain_label(
                _("{what}, last saved {when}").format(what=named, when=local_time(draft.saved_at))
            )
            line.addWidget(label, 1)
            button = QPushButton(_("Continue recording"))
            button.setAccessibleName(_("Continue recording {what}").format(what=named))
            button.setAccessibleDescription(
                _("Opens the guide again on the page where you stopped.")
            )
            button.clicked.connect(lambda _c=False, d=draft.id: self.continueDraft.emit(d))
            line.addWidget(button)
            self._layout.insertWidget(self._layout.count() - 1, row)
            self.rows.append((label, button))
        hidden = len(found) - len(self.rows)
        self.more.setText(
            ngettext(
                "{n} more is in the list below (Drafts).",
                "{n} more are in the list below (Drafts).",
                hidden,
            ).format(n=hidden)
            if hidden > 0
            else ""
        )
        self.more.setVisible(hidden > 0)
        self.title.setText(
            ngettext(
                "{n} incident you started is not finished",
                "{n} incidents you started are not finished",
                len(found),
            ).format(n=len(found))
        )
        problems = problems or []
        said = ""
        if len(problems) == 1:
            said = _("{problem} The file is kept in {folder}.").format(
                problem=problems[0].message, folder=problems[0].path.parent
            )
        elif problems:
            said = _(
                "{n} unfinished incidents could not be read; the files are kept in {folder}. "
                "The first: {problem}"
            ).format(n=len(problems), folder=problems[0].path.parent, problem=problems[0].message)
        self.unreadable.setText(said)
        self.unreadable.setVisible(bool(problems))
        if not found:
            self.title.setText(_("An unfinished incident could not be opened"))
        self.setVisible(bool(found or problems))

    def buttons(self) -> list[QPushButton]:
        return [button for _label, button in self.rows]


class CaseListPage(QWidget):
    """Search, filter, the follow-ups banner, unfinished incidents and the table.

    ``openCase(case_id)``; ``continueDraft(draft_id)`` (the wizard, resumed);
    ``startIncident()`` (the wizard, new)."""

    openCase = Signal(int)
    continueDraft = Signal(str)
    startIncident = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: CaseListModel | None = None
        self._store: Any = None
        self._drafts: list[DraftInfo] = []
        self.total = 0  # cases in the store, whatever the filter
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

        self.drafts_box = DraftsBox()
        self.drafts_box.continueDraft.connect(self.continueDraft)
        layout.addWidget(self.drafts_box)

        self.start = StartPanel()
        self.start.startIncident.connect(self.startIncident)
        layout.addWidget(self.start, 1)
        self.start.hide()

        self.list_area = QWidget()
        list_layout = QVBoxLayout(self.list_area)
        list_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list_area, 1)
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
        list_layout.addLayout(row)

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
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)
        list_layout.addWidget(self.table, 1)
        below = QHBoxLayout()
        self.empty = plain_label("")
        self.empty.setAccessibleName(_("Case list status"))
        below.addWidget(self.empty, 1)
        self.show_all = QPushButton(_("Show all"))
        self.show_all.setAccessibleName(_("Show all cases"))
        self.show_all.clicked.connect(self.show_all_cases)
        self.show_all.hide()
        below.addWidget(self.show_all)
        self.continue_button = QPushButton(_("Continue recording"))
        self.continue_button.setAccessibleName(_("Continue recording the selected draft"))
        self.continue_button.setAccessibleDescription(
            _("Opens the guide again on the page where you stopped.")
        )
        self.continue_button.clicked.connect(self.continue_selected)
        self.continue_button.hide()
        below.addWidget(self.continue_button)
        list_layout.addLayout(below)

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
        self._reset_filter()  # after unlock: open and draft cases, whatever was chosen before
        self.model = CaseListModel(store, self)
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._store = store
        self.refresh()

    def clear(self) -> None:
        """Drop every case from view (the app is locking)."""
        if self.model is not None:
            self.model.clear()
        self._store = None
        self._drafts = []
        self.drafts_box.show_drafts([], {})
        self.due_list.clear()
        self.banner.hide()
        self.search.clear()
        self._reset_filter()
        self.empty.setText("")
        self.show_all.hide()
        self.continue_button.hide()

    def _reset_filter(self) -> None:
        blocked = self.status.blockSignals(True)
        self.status.setCurrentIndex(0)
        self.status.blockSignals(blocked)

    def show_all_cases(self) -> None:
        """The empty list's "Show all": every status (the search, if any, is kept)."""
        self.status.setCurrentIndex(self.status.count() - 1)
        self.table.setFocus()

    def apply_filter(self) -> None:
        self._debounce.stop()
        if self.model is None:
            return
        statuses = tuple(self.status.currentData() or ())
        searching = self.search.text().strip()
        self.model.set_filter(statuses, self.search.text())
        count = self.model.rowCount()
        self.total = self._count_all()
        first_use = self.total == 0 and not searching
        self.start.setVisible(first_use)
        self.list_area.setVisible(not first_use)
        self.show_all.setVisible(count == 0 and bool(statuses) and self.total > 0)
        if count or first_use:
            self.empty.setText("")
        elif searching:
            said = _("No cases match “{words}”.").format(words=searching)
            if statuses:
                said += " " + _("Only {shown} were searched.").format(
                    shown=self.status.currentText().lower()
                )
            self.empty.setText(said)
        else:
            hidden = ngettext(
                "{n} other case is hidden by this filter.",
                "{n} other cases are hidden by this filter.",
                self.total,
            ).format(n=self.total)
            self.empty.setText(f"{nothing_shown(statuses)} {hidden}")
        self._selection_changed()
        self.refresh_follow_ups()

    def _count_all(self) -> int:
        if self._store is None:
            return 0
        from misuse_responder.store import CaseQuery

        page = self._store.list_cases(CaseQuery(status=()), 1, 1, with_total=True)
        return int(page.total or 0)

    def refresh(self) -> None:
        self.refresh_drafts()
        self.apply_filter()

    def refresh_drafts(self) -> None:
        """The unfinished incidents (wizard drafts, newest first) and the cases they carry."""
        from misuse_responder.store import drafts

        found: list[DraftInfo] = []
        problems: list[DraftProblem] = []
        if self._store is not None:
            try:
                found, problems = drafts.list_drafts(self._store)
            except Exception:  # a broken drafts folder must never stop the list showing
                found = []
        self._drafts = found
        references: dict[int, str] = {}
        for draft in found:
            if draft.case_id is not None:
                with contextlib.suppress(Exception):
                    references[draft.case_id] = self._store.case(draft.case_id).reference
        if self.model is not None:
            self.model.drafts = {d.case_id: d.id for d in reversed(found) if d.case_id}
        self.drafts_box.show_drafts(found, references, problems)

    def draft_for_row(self, row: int) -> str | None:
        """The wizard draft that carries on the case in ``row`` (a draft case), if any."""
        if self.model is None or not 0 <= row < self.model.rowCount():
            return None
        case = self.model.case_at(row)
        if case.status != "draft":
            return None
        return self.model.drafts.get(case.id)

    def continue_selected(self) -> None:
        draft_id = self.draft_for_row(self.table.currentIndex().row())
        if draft_id is not None:
            self.continueDraft.emit(draft_id)

    def _selection_changed(self, *_args: object) -> None:
        current = self.table.currentIndex()
        self.continue_button.setVisible(
            current.isValid() and self.draft_for_row(current.row()) is not None
        )

    def _row_menu(self, pos: Any) -> None:
        index = self.table.indexAt(pos)
        if self.model is None or not index.isValid():
            return
        menu = QMenu(self)
        draft_id = self.draft_for_row(index.row())
        if draft_id is not None:
            carry_on = QAction(_("Continue recording"), menu)
            carry_on.triggered.connect(lambda: self.continueDraft.emit(draft_id))
            menu.addAction(carry_on)
        open_it = QAction(_("Open the case"), menu)
        open_it.triggered.connect(lambda: self._open_index(index))
        menu.addAction(open_it)
        self.row_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def focus_first(self) -> None:
        """Where the keyboard starts: the start button on first use, else the search."""
        if self.start.isVisible():
            self.start.button.setFocus()
        elif self.drafts_box.isVisible() and self.drafts_box.buttons():
            self.drafts_box.buttons()[0].setFocus()
        else:
            self.search.setFocus()

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
