"""The audit trail of one case: every recorded change, read-only.

Each event reads as one sentence (when; who did what: ``audit_text.py``); its exact
recorded details are in the row's tooltip and in the pane below when the row is selected.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from misuse_responder.i18n import _
from misuse_responder.ui.case_view.audit_text import who_did
from misuse_responder.ui.case_view.tables import fill, make_table
from misuse_responder.ui.style import plain_label
from misuse_responder.ui.timefmt import local_time


class AuditTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                _(
                    "Every change to the case is recorded here and cannot be edited. Each "
                    "line is linked to the one before, so any tampering shows."
                )
            )
        )
        self.table = make_table(
            (_("No."), _("When"), _("What happened")),
            _("Audit trail"),
            _("Select a line to see exactly what was recorded."),
        )
        layout.addWidget(self.table, 1)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName(_("Recorded details of the selected line"))
        self.details.setPlaceholderText(_("Select a line to see exactly what was recorded."))
        self.details.setMaximumHeight(120)
        layout.addWidget(self.details)
        self._raw: list[str] = []
        self.table.currentCellChanged.connect(lambda row, *_a: self._show_details(row))

    def show_case(self, store: Any, case_id: int) -> None:
        try:
            steps = {a.step_id: a.title for a in store.case(case_id).actions}
        except Exception:  # the titles only make the sentences nicer
            steps = {}
        events = store.audit_trail(case_id)
        rows = []
        self._raw = []
        for r in events:
            rows.append((str(r.seq), local_time(r.at), who_did(r.actor, r.kind, r.data, steps)))
            self._raw.append(
                f"{r.kind}\n" + json.dumps(r.data, ensure_ascii=False, sort_keys=True, indent=2)
            )
        fill(self.table, rows)
        for row, raw in enumerate(self._raw):
            for col in range(self.table.columnCount()):
                item = self.table.item(row, col)
                if item is not None:
                    item.setToolTip(raw)
                    item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, raw)
        self._show_details(self.table.currentRow())

    def _show_details(self, row: int) -> None:
        self.details.setPlainText(self._raw[row] if 0 <= row < len(self._raw) else "")

    def clear(self) -> None:
        self._raw = []
        fill(self.table, [])
        self.details.clear()
