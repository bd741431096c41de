"""Closing the wizard by Esc, Close or the window's X: ask first, never lose work quietly.

"Keep as draft" keeps the encrypted draft (carried on with from the case list's "Continue
recording"); "Discard…" asks again, saying exactly what is lost, and then discards through
the store (audited: store/discard.py); "Go back" returns to the page. Both boxes open
window-modal without a nested event loop, so locking the app while one is open simply
closes it (its Escape button is "Go back") and keeps the draft.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QPushButton

from misuse_responder.i18n import _, ngettext
from misuse_responder.store import discard
from misuse_responder.store.errors import StoreError
from misuse_responder.ui.wizard.base import BasePage

if TYPE_CHECKING:
    from misuse_responder.ui.wizard.wizard import IncidentWizard


def has_work(wizard: IncidentWizard) -> bool:
    """Whether closing could lose anything: an answer given, a case made, a draft saved."""
    page = wizard.currentPage()
    if isinstance(page, BasePage):
        page.save()
    state = wizard.ctx.state
    return state.danger is not None or state.case_id is not None or wizard.draft_id is not None


class CloseQuestion(QMessageBox):
    """Keep as draft / Discard… / Go back."""

    def __init__(self, wizard: IncidentWizard) -> None:
        super().__init__(QMessageBox.Icon.Question, _("Close this incident?"), "", parent=wizard)
        self.setText(_("Do you want to keep what you have recorded as a draft?"))
        self.setInformativeText(
            _(
                "A draft is kept encrypted on this laptop. Carry on with it at any time: "
                "it is at the top of the case list, under “Continue recording”."
            )
        )
        self.keep: QPushButton = self.addButton(
            _("Keep as draft"), QMessageBox.ButtonRole.AcceptRole
        )
        self.discard: QPushButton = self.addButton(
            _("Discard…"), QMessageBox.ButtonRole.DestructiveRole
        )
        self.back: QPushButton = self.addButton(_("Go back"), QMessageBox.ButtonRole.RejectRole)
        for button in (self.keep, self.discard, self.back):
            button.setAccessibleName(button.text().rstrip("…"))
        self.setDefaultButton(self.keep)
        self.setEscapeButton(self.back)


def what_is_lost(wizard: IncidentWizard) -> str:
    """The discard confirmation's explanation: what goes, and what stays (records do)."""
    state = wizard.ctx.state
    parts = [
        _(
            "Everything you typed in this guide will be deleted from this laptop and cannot "
            "be got back."
        )
    ]
    made = discard.draft_case(state.case_id)
    if made is None:
        parts.append(
            _(
                "Nothing from it has been saved in the case records yet. The records will "
                "note that you discarded an unfinished incident."
            )
        )
    elif made.status == "draft":
        kept = []
        if made.evidence:
            kept.append(
                ngettext("{n} evidence item", "{n} evidence items", made.evidence).format(
                    n=made.evidence
                )
            )
        if made.people:
            kept.append(ngettext("{n} person", "{n} people", made.people).format(n=made.people))
        with_what = _(" (with {what})").format(what=_(" and ").join(kept)) if kept else ""
        parts.append(
            _(
                "Case {ref}{with_what} was already started in the records. Records are never "
                "deleted, so it will be closed as “{outcome}” and stay under Closed cases, "
                "with your name in its audit trail."
            ).format(ref=made.reference, with_what=with_what, outcome=discard.discarded_outcome())
        )
    else:
        parts.append(_("Case {ref} itself is not changed.").format(ref=made.reference))
    return " ".join(parts)


class DiscardQuestion(QMessageBox):
    """The confirmation: says what is lost; "Go back" is the default."""

    def __init__(self, wizard: IncidentWizard) -> None:
        super().__init__(QMessageBox.Icon.Warning, _("Discard this incident?"), "", parent=wizard)
        title = wizard.ctx.state.title.strip()
        self.setText(
            _("Discard “{title}”?").format(title=title) if title else _("Discard this incident?")
        )
        self.setInformativeText(what_is_lost(wizard))
        self.discard: QPushButton = self.addButton(
            _("Discard it"), QMessageBox.ButtonRole.DestructiveRole
        )
        self.back: QPushButton = self.addButton(_("Go back"), QMessageBox.ButtonRole.RejectRole)
        for button in (self.discard, self.back):
            button.setAccessibleName(button.text())
        self.setDefaultButton(self.back)
        self.setEscapeButton(self.back)


def ask(wizard: IncidentWizard) -> CloseQuestion:
    """Open the close question (not blocking); its answer is acted on when clicked."""
    box = CloseQuestion(wizard)
    wizard.close_question = box

    def answered() -> None:
        clicked = box.clickedButton()
        if not wizard.isVisible():
            return  # the app locked meanwhile: the draft was kept
        if clicked is box.keep:
            wizard.keep_and_close()
        elif clicked is box.discard:
            confirm_discard(wizard)

    box.finished.connect(answered)
    box.open()
    return box


def confirm_discard(wizard: IncidentWizard) -> DiscardQuestion:
    box = DiscardQuestion(wizard)
    wizard.discard_question = box

    def answered() -> None:
        if box.clickedButton() is box.discard and wizard.isVisible():
            discard_now(wizard)

    box.finished.connect(answered)
    box.open()
    return box


def discard_now(wizard: IncidentWizard) -> None:
    state = wizard.ctx.state
    try:
        discard.discard_draft(wizard.vault, wizard.draft_id, state.case_id, wizard.ctx.author)
    except (OSError, StoreError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        wizard.discard_warning = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Not discarded"),
            _("The incident could not be discarded ({detail}). It is kept as it was.").format(
                detail=detail
            ),
            QMessageBox.StandardButton.Ok,
            wizard,
        )
        wizard.discard_warning.open()
        return
    wizard.draft_id = None
    wizard.close_discarded()
