"""Evidence: the shared evidence panel for this case (or a description only)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from misuse_responder.i18n import _
from misuse_responder.store import cases
from misuse_responder.ui.widgets.evidence_panel import EvidencePanel
from misuse_responder.ui.wizard.base import BasePage
from misuse_responder.ui.wizard.state import DANGER_CONCERN


@runtime_checkable
class StopRoute(Protocol):
    """The wizard, as the evidence page sees it (no import cycle)."""

    def go_to_stop(self) -> None: ...


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
        self.panel.imageWithheld.connect(self._image_withheld)
        self.content.addWidget(self.panel)

    def _image_withheld(self, _result: object) -> None:
        """A picture may show a child sexually: the store moved the case to that route.

        The state follows the store's facts (nude imagery, a pupil affected), and the
        wizard goes to the stop page, as if the concern had been ticked at the start."""
        s = self.ctx.state
        case_id = s.case_id
        assert case_id is not None
        facts = cases.detail(case_id).facts
        s.concerns = [c for c in facts.get("concerns", []) if c != DANGER_CONCERN]
        s.targets = list(facts.get("targets", s.targets))
        s.assessed = s.facts().to_dict()
        wizard = self.wizard()
        if isinstance(wizard, StopRoute):
            wizard.go_to_stop()

    def validatePage(self) -> bool:
        if self.panel is not None and self.panel.is_busy():
            self.show_error(_("Wait for the file being added to finish, or cancel it."))
            return False
        if self.panel is not None and self.panel.pending_question():
            self.show_error(
                _("Answer the question about the picture or video first: it is not added yet.")
            )
            return False
        return super().validatePage()
