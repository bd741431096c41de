"""The audit trail of one case: every recorded change, read-only."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from misuse_responder.i18n import _
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
            (_("No."), _("When"), _("Who"), _("What"), _("Details")), _("Audit trail")
        )
        layout.addWidget(self.table, 1)

    def show_case(self, store: Any, case_id: int) -> None:
        rows = [
            (
                str(r.seq),
                local_time(r.at),
                r.actor,
                r.kind,
                json.dumps(r.data, ensure_ascii=False, sort_keys=True)[:300],
            )
            for r in store.audit_trail(case_id)
        ]
        fill(self.table, rows)

    def clear(self) -> None:
        fill(self.table, [])
