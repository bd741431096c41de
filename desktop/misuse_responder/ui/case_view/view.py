"""The case view container: a header, the tabs, and Back / Add evidence / Export."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _
from misuse_responder.ui import screen_fit
from misuse_responder.ui.case_view.actions_tab import ActionsTab
from misuse_responder.ui.case_view.audit_tab import AuditTab
from misuse_responder.ui.case_view.chronology_tab import ChronologyTab
from misuse_responder.ui.case_view.evidence_tab import EvidenceTab
from misuse_responder.ui.case_view.people_tab import PeopleTab
from misuse_responder.ui.case_view.summary_tab import SummaryTab
from misuse_responder.ui.icons import icon
from misuse_responder.ui.style import heading


class CaseView(QWidget):
    """Shows one case; ``back`` returns to the list, ``changed`` after any write."""

    back = Signal()
    changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: Any = None
        self._author = ""
        self.case_id: int | None = None
        self._panel: QDialog | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back_button = QPushButton(icon("back"), _("Case list"))
        self.back_button.setAccessibleName(_("Back to the case list"))
        self.back_button.clicked.connect(self.back)
        top.addWidget(self.back_button)
        self.title = heading("", 1)
        self.title.setAccessibleName(_("Case"))
        top.addWidget(self.title, 1)
        self.export_button = QPushButton(icon("export"), _("Export…"))
        self.export_button.setAccessibleName(_("Export this case"))
        self.export_button.setAccessibleDescription(
            _(
                "Make a PDF evidence pack of this case for the Head, or for whoever leads "
                "when the Head is involved."
            )
        )
        self.export_button.clicked.connect(self.export)
        top.addWidget(self.export_button)
        self.handover_button = QPushButton(_("Hand over…"))
        self.handover_button.setAccessibleName(_("Hand this case over to the DSL"))
        self.handover_button.setAccessibleDescription(
            _("Write an encrypted file of this case that only the DSL's laptop can open.")
        )
        self.handover_button.clicked.connect(self.hand_over)
        top.addWidget(self.handover_button)
        layout.addLayout(top)
        self.tabs = screen_fit.ScrollingTabs()  # on a small screen each tab page scrolls
        self.tabs.setAccessibleName(_("Parts of the case"))
        self.tabs.tabBar().setAccessibleName(_("Parts of the case"))
        self.summary = SummaryTab()
        self.people = PeopleTab()
        self.chronology = ChronologyTab()
        self.actions_tab = ActionsTab()
        self.evidence = EvidenceTab()
        self.audit = AuditTab()
        for widget, text in (
            (self.summary, _("Summary and guidance")),
            (self.people, _("People")),
            (self.chronology, _("Chronology")),
            (self.actions_tab, _("Actions")),
            (self.evidence, _("Evidence")),
            (self.audit, _("Audit trail")),
        ):
            self.tabs.addTab(widget, text)
        layout.addWidget(self.tabs, 1)
        for tab in (self.summary, self.people, self.chronology, self.actions_tab, self.evidence):
            tab.changed.connect(self.reload)
        self.evidence.addRequested.connect(self.add_evidence)

    def _name_roles(self, facts: dict[str, Any]) -> None:
        """The hand-over names the safeguarding lead as the case's nation does."""
        from misuse_responder import labels as shared

        try:
            guides = shared.nation_guides(shared.case_jurisdiction(facts))
        except shared.NoGuidance:
            guides = None
        lead = shared.escalation("dsl", guides, short=True)
        self.handover_button.setAccessibleName(_("Hand this case over to {lead}").format(lead=lead))
        self.handover_button.setAccessibleDescription(
            _(
                "Write an encrypted file of this case that only the laptop of {lead} can open."
            ).format(lead=lead)
        )

    def show_case(self, store: Any, author: str, case_id: int) -> None:
        self._store, self._author, self.case_id = store, author, case_id
        self.reload()
        self.tabs.setCurrentIndex(0)

    def reload(self) -> None:
        if self._store is None or self.case_id is None:
            return
        detail = self._store.case(self.case_id)
        self.title.setText(f"{detail.reference}: {detail.summary.title}")
        self._name_roles(detail.facts)
        self.summary.show_case(self._store, self._author, detail)
        self.people.show_case(self._store, self._author, detail)
        self.chronology.show_case(self._store, self._author, detail)
        self.actions_tab.show_case(self._store, self._author, detail)
        self.evidence.show_case(self._store, detail, self._author)
        self.audit.show_case(self._store, self.case_id)
        self.changed.emit(self.case_id)

    def clear(self) -> None:
        """Drop every piece of case data from the widgets (the app is locking)."""
        if self._panel is not None:
            self._panel.close()
            self._panel = None
        self._store, self.case_id = None, None
        self.title.setText("")
        for tab in (self.people, self.chronology, self.actions_tab):
            tab.table.setRowCount(0)
        self.evidence.clear()
        self.audit.clear()
        for label in (
            self.summary.facts_label,
            self.summary.guidance_label,
            self.summary.steps_label,
            self.summary.changed_label,
            self.summary.closed_label,
        ):
            label.setText("")

    def add_evidence(self) -> None:
        """Open the evidence panel for this case (it enforces the do-not-capture rule too)."""
        from misuse_responder.ui.widgets.evidence_panel import EvidencePanel

        if self.case_id is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(_("Add evidence"))
        box = QVBoxLayout(dialog)
        panel = EvidencePanel(self._store, self.case_id, self._author, dialog)
        panel.evidenceAdded.connect(lambda _id: self.reload())
        box.addWidget(panel)
        done = QPushButton(_("Done"))
        done.setAccessibleName(_("Done"))
        done.clicked.connect(dialog.accept)
        box.addWidget(done)
        screen_fit.scroll_all_but_last(box, keep=1)  # Done stays in view on a small screen
        screen_fit.fit_window(dialog, QSize(self.width() * 3 // 4, self.height() * 3 // 4))
        dialog.finished.connect(lambda _r: self.reload())
        self._panel = dialog
        dialog.open()

    def hand_over(self) -> Any:
        """Open the send dialog (the case view reloads when it closes: the audit grew)."""
        from misuse_responder.ui.handover.send_dialog import SendDialog

        if self.case_id is None:
            return None
        dialog = SendDialog(self._store, self._author, self.case_id, self)
        dialog.finished.connect(lambda _r: self.reload())
        self._panel = dialog
        dialog.open()
        return dialog

    def export(self) -> None:
        open_export_dialog(self, self._store, self._author, self.case_id)


def open_export_dialog(parent: QWidget, store: Any, author: str, case_id: int | None) -> None:
    """Open the export dialog (imported only now: exports load reportlab, which is slow)."""
    from misuse_responder.ui.export_dialog import ExportDialog

    dialog = ExportDialog(store, author, case_id, parent)
    dialog.open()
