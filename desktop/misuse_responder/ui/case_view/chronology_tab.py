"""The chronology: append-only entries, corrected by an addendum that names the original.

What was typed stays in the box until the store has it: a full disk (or any failure) is one
sentence under the box and the text is kept to try again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _
from misuse_responder.store.records import ENTRY_KINDS
from misuse_responder.store.text import display_text
from misuse_responder.ui.case_view.tables import fill, make_table, selected_id
from misuse_responder.ui.plain_errors import plain_error
from misuse_responder.ui.settings.labels import entry_kind_label
from misuse_responder.ui.style import plain_label
from misuse_responder.ui.timefmt import local_time

if TYPE_CHECKING:
    from misuse_responder.store.views import CaseDetail


class ChronologyTab(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: Any = None
        self._author = ""
        self._case_id = 0
        self._correcting: int | None = None
        layout = QVBoxLayout(self)
        self.table = make_table(
            (_("When"), _("Who"), _("Kind"), _("Entry")),
            _("Chronology"),
            _("Entries are never changed; a correction is added as a new entry."),
        )
        layout.addWidget(self.table, 1)
        self.mode = plain_label(_("Add an entry"))
        self.mode.setAccessibleName(_("Entry form"))
        layout.addWidget(self.mode)
        row = QHBoxLayout()
        self.kind = QComboBox()
        for kind in ENTRY_KINDS:
            self.kind.addItem(entry_kind_label(kind), kind)
        self.kind.setAccessibleName(_("Kind of entry"))
        row.addWidget(self.kind)
        row.addStretch(1)
        layout.addLayout(row)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(_("Entry text"))
        self.text.setAccessibleDescription(
            _("What happened, what was said or decided. Use the person's own words if you can.")
        )
        self.text.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        layout.addWidget(self.text)
        buttons = QHBoxLayout()
        self.correct_button = QPushButton(_("Correct the selected entry…"))
        self.correct_button.setAccessibleName(_("Correct the selected entry"))
        self.correct_button.clicked.connect(self.start_correction)
        self.cancel_button = QPushButton(_("Cancel the correction"))
        self.cancel_button.setAccessibleName(_("Cancel the correction"))
        self.cancel_button.clicked.connect(self.cancel_correction)
        self.cancel_button.hide()
        self.add_button = QPushButton(_("Add to the chronology"))
        self.add_button.setAccessibleName(_("Add to the chronology"))
        self.add_button.clicked.connect(self.add)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        layout.addLayout(buttons)
        self.message = plain_label("")
        self.message.setAccessibleName(_("Message"))
        layout.addWidget(self.message)

    def show_case(self, store: Any, author: str, detail: CaseDetail) -> None:
        self._store, self._author, self._case_id = store, author, detail.id
        rows = []
        for e in detail.entries:
            text = display_text(e.text)
            if e.corrects is not None:
                text = _("Correction of entry {id}: {text}").format(id=e.corrects, text=text)
            if e.corrected_by:
                text = _("{text} (corrected later)").format(text=text)
            rows.append((local_time(e.at), e.author, f"{e.id}. {entry_kind_label(e.kind)}", text))
        fill(self.table, rows, [e.id for e in detail.entries])
        closed = detail.status == "closed"
        for w in (self.text, self.kind, self.add_button, self.correct_button):
            w.setEnabled(not closed)

    def start_correction(self) -> None:
        entry = selected_id(self.table)
        if entry is None:
            self.message.setText(_("Select the entry to correct first."))
            return
        self._correcting = entry
        self.mode.setText(
            _("Correcting entry {id}. The original stays in the record.").format(id=entry)
        )
        self.add_button.setText(_("Add the correction"))
        self.cancel_button.show()
        self.text.setFocus()

    def cancel_correction(self) -> None:
        self._correcting = None
        self.mode.setText(_("Add an entry"))
        self.add_button.setText(_("Add to the chronology"))
        self.cancel_button.hide()

    def add(self) -> bool:
        text = self.text.toPlainText()
        try:
            if self._correcting is not None:
                self._store.correct_entry(self._correcting, text, self._author)
            else:
                self._store.add_entry(
                    self._case_id, text, self._author, kind=str(self.kind.currentData())
                )
        except Exception as exc:  # every failure is one sentence here; the text is kept
            self.message.setText(plain_error(exc, _("the entry")))
            return False
        self.text.clear()
        self.message.setText("")
        self.cancel_correction()
        self.changed.emit()
        return True
