"""Evidence: the shared evidence panel for this case (or a description only)."""

from __future__ import annotations

from misuse_responder.i18n import _
from misuse_responder.ui.widgets.evidence_panel import EvidencePanel
from misuse_responder.ui.wizard.base import BasePage


class EvidencePage(BasePage):
    def build(self) -> None:
        self.setTitle(_("Evidence"))
        self.setSubTitle(_("Keep what you need before anything is blocked, reported or removed."))
        self.panel: EvidencePanel | None = None

    def load(self) -> None:
        case_id = self.ctx.state.case_id
        if case_id is None:
            return
        if self.panel is not None:
            if self.panel.case_id == case_id and self.panel.capture_allowed == (
                (g := self.ctx.guidance()) is not None and g.evidence == "capture"
            ):
                self.panel.refresh()
                return
            self.panel.setParent(None)
            self.panel.deleteLater()
        self.panel = EvidencePanel(self.ctx.vault, case_id, self.ctx.author)
        self.content.addWidget(self.panel)

    def validatePage(self) -> bool:
        if self.panel is not None and self.panel.is_busy():
            self.show_error(_("Wait for the file being added to finish, or cancel it."))
            return False
        return super().validatePage()
