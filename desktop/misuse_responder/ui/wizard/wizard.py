"""The incident wizard: pages keyed by ``PageId``, the route chosen by the engine.

Every page change saves an encrypted draft, so a crash or power cut loses nothing; a
wizard created with ``draft_id`` restores the state and walks forward to where the
member of staff was (pages re-check their store writes, so nothing is written twice).
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from misuse_responder.i18n import _
from misuse_responder.store import drafts
from misuse_responder.store.drafts import DraftInfo
from misuse_responder.store.errors import StoreError
from misuse_responder.store.vault import Vault
from misuse_responder.ui import screen_fit
from misuse_responder.ui.wizard import closing
from misuse_responder.ui.wizard.agencies import AgenciesPage
from misuse_responder.ui.wizard.base import BasePage
from misuse_responder.ui.wizard.context import WizardContext
from misuse_responder.ui.wizard.danger import DangerPage
from misuse_responder.ui.wizard.evidence import EvidencePage
from misuse_responder.ui.wizard.ids import PageId
from misuse_responder.ui.wizard.people import PeoplePage
from misuse_responder.ui.wizard.platform import PlatformPage
from misuse_responder.ui.wizard.review import ReviewPage
from misuse_responder.ui.wizard.safety import SafetyPage
from misuse_responder.ui.wizard.state import WizardState
from misuse_responder.ui.wizard.steps import StepsPage
from misuse_responder.ui.wizard.stop import StopPage
from misuse_responder.ui.wizard.support import SupportPage
from misuse_responder.ui.wizard.tell import TellPage
from misuse_responder.ui.wizard.what_happened import WhatHappenedPage

PAGES: dict[PageId, type[BasePage]] = {
    PageId.SAFETY: SafetyPage,
    PageId.DANGER: DangerPage,
    PageId.WHAT_HAPPENED: WhatHappenedPage,
    PageId.STOP: StopPage,
    PageId.STEPS: StepsPage,
    PageId.PEOPLE: PeoplePage,
    PageId.EVIDENCE: EvidencePage,
    PageId.PLATFORM: PlatformPage,
    PageId.AGENCIES: AgenciesPage,
    PageId.TELL: TellPage,
    PageId.SUPPORT: SupportPage,
    PageId.REVIEW: ReviewPage,
}


def pending_drafts(vault: Vault) -> list[DraftInfo]:
    """Drafts to offer on the next start, newest first (damaged files are skipped)."""
    found, _problems = drafts.list_drafts(vault)
    return found


class IncidentWizard(QWizard):
    caseSaved = Signal(int)  # case id, once "Review and save" has saved the case as open

    def __init__(
        self,
        vault: Vault,
        author: str,
        parent: QWidget | None = None,
        draft_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.draft_id = draft_id
        self.draft_problem = ""
        state = WizardState()
        if draft_id is not None:
            try:
                state = WizardState.from_dict(drafts.load_draft(vault, draft_id))
            except StoreError as exc:
                self.draft_problem = str(exc)
        self.ctx = WizardContext(vault, author, state)
        self.setWindowTitle(_("New incident"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        # Not IndependentPages: a page is loaded afresh from the state each time it is
        # entered going forward (after Back and a change of facts, the evidence page must
        # not keep offering "Choose file" on a case that became do-not-capture). Back
        # saves the page left (BasePage.cleanupPage) instead of resetting it.
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        # Qt has no Welsh: every button's text from our catalogue (ui/language.py has the rest)
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Save case"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Close…"))
        self._quiet_close = False  # a close the app makes itself (lock, quit): no question
        self._discarded = False
        self.close_question: QMessageBox | None = None
        self.discard_question: QMessageBox | None = None
        self.discard_warning: QMessageBox | None = None
        self.pages: dict[PageId, BasePage] = {}
        for page_id, cls in PAGES.items():
            page = cls(self.ctx, page_id)
            self.pages[page_id] = page
            self.setPage(page_id, page)
        self.setStartId(PageId.SAFETY)
        for which in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            button = self.button(which)
            button.setAccessibleName(button.text().replace("&", "").replace("<", "").strip())
        # Fits the screen (the pages scroll inside, Next/Back/Close stay in view).
        screen_fit.fit_window(self, QSize(1100, 700), name="wizard")
        self.currentIdChanged.connect(self._page_changed)
        self._restoring = False
        if draft_id is not None and state.page:
            self._restore(state.page)

    # --- drafts ------------------------------------------------------------------------------
    def _restore(self, target: int) -> None:
        """Walk forward to the page the draft was saved on (the state is already loaded)."""
        self._restoring = True
        try:
            if self.currentId() == -1:
                self.restart()
            for _attempt in range(len(PAGES)):
                if self.currentId() in (target, -1):
                    break
                page = self.currentPage()
                if not page.isComplete():
                    break
                before = self.currentId()
                self.next()
                if self.currentId() == before:
                    break
        finally:
            self._restoring = False

    def _page_changed(self, page_id: int) -> None:
        if self._restoring or page_id == -1:
            return
        try:
            self.save_draft()
        except (OSError, StoreError) as exc:
            self._draft_not_saved(exc)

    def _draft_not_saved(self, exc: Exception) -> None:
        """Say so, without stopping the user: what they typed is still on screen."""
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.draft_warning = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Draft not saved"),
            _(
                "The draft could not be saved ({detail}). Everything you typed is still here, "
                "so you can carry on; if the computer is short of space, ask IT to free some."
            ).format(detail=detail),
            QMessageBox.StandardButton.Ok,
            self,
        )
        self.draft_warning.open()

    def save_draft(self) -> None:
        """Save what has been typed, encrypted (called on every page change, auto-lock, quit)."""
        page = self.currentPage()
        if isinstance(page, BasePage):
            page.save()
        state = self.ctx.state
        if state.danger is None and state.case_id is None:
            return  # nothing typed yet: no draft worth offering
        state.page = max(self.currentId(), 0)
        self.draft_id = drafts.save_draft(
            self.vault, state.to_dict(), draft_id=self.draft_id, title=state.title
        )

    def discard_draft(self) -> None:
        if self.draft_id is not None:
            drafts.delete_draft(self.vault, self.draft_id)
            self.draft_id = None

    # --- finishing ----------------------------------------------------------------------------
    def done(self, result: int) -> None:
        """Finish validates the review page (which saves the case); Close keeps the draft."""
        if result == int(QWizard.DialogCode.Accepted):
            super().done(result)  # runs the review page's validatePage first
            case_id = self.ctx.state.case_id
            if self.ctx.saved and case_id is not None:
                self.discard_draft()
                self.caseSaved.emit(case_id)
            return
        if not self._discarded:
            with contextlib.suppress(StoreError):
                self.save_draft()
        super().done(result)

    # --- closing: Esc, Close…, the window's X (ui/wizard/closing.py) ---------------------------
    def reject(self) -> None:
        """Esc, Close… and the window's X ask "Keep as draft / Discard / Go back" when there
        is anything to lose; a close the app makes itself (locking, quitting) keeps the draft
        without asking."""
        if self._quiet_close or not closing.has_work(self):
            super().reject()
            return
        if self.close_question is not None and self.close_question.isVisible():
            return
        closing.ask(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        # QDialog turns a close into reject(); only the user's own (spontaneous) close asks.
        quiet = self._quiet_close
        self._quiet_close = quiet or not event.spontaneous()
        try:
            super().closeEvent(event)
        finally:
            self._quiet_close = quiet

    def keep_and_close(self) -> None:
        """ "Keep as draft": saved now (a failure is said, and the wizard stays open)."""
        try:
            self.save_draft()
        except (OSError, StoreError) as exc:
            self._draft_not_saved(exc)
            return
        self._quiet_close = True
        try:
            super().reject()
        finally:
            self._quiet_close = False

    def close_discarded(self) -> None:
        """After the store has discarded the draft: close without saving it again."""
        self._discarded = True
        self._quiet_close = True
        try:
            super().reject()
        finally:
            self._quiet_close = False

    def go_to_stop(self) -> None:
        """The case has just become do-not-capture: show the stop page now.

        Back to "What happened" (each page left keeps what was typed), its widgets refilled
        from the state (which now holds the new facts), then Next, which the engine's
        guidance routes to the stop page."""
        what = self.pages[PageId.WHAT_HAPPENED]
        self._restoring = True  # no draft save on the way: it would save the old widgets
        try:
            for _step in range(len(PAGES)):
                if self.currentId() in (PageId.WHAT_HAPPENED, self.startId()):
                    break
                self.back()
            what.load()
        finally:
            self._restoring = False
        if self.currentId() == PageId.WHAT_HAPPENED:
            self.next()

    def page_widget(self, page_id: PageId) -> BasePage:
        return self.pages[page_id]
