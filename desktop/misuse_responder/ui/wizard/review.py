"""Review and save: a summary, the steps still open, and saving the case as open."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QListWidget, QPushButton

from misuse_responder.i18n import _
from misuse_responder.store import cases
from misuse_responder.store.views import EvidenceView
from misuse_responder.ui.widgets.basics import heading, text_label
from misuse_responder.ui.wizard import labels
from misuse_responder.ui.wizard.base import BasePage
from misuse_responder.ui.wizard.recording import record_answers


def evidence_lines(items: Sequence[EvidenceView]) -> list[str]:
    """Exactly what the case holds: items kept as evidence, and files sealed (by state)."""
    live = [e for e in items if e.withdrawn_at is None]
    kept = [e for e in live if not e.sealed]
    waiting = [e for e in live if e.sealed and e.seal_decision is None]
    police = [e for e in live if e.sealed and e.seal_decision == "keep-for-police"]
    deleted = [e for e in live if e.sealed and e.seal_decision == "deleted"]
    lines = [_("Evidence items kept: {n}").format(n=len(kept))]
    withdrawn = [e for e in items if e.withdrawn_at is not None]
    if withdrawn:
        lines.append(
            _("Withdrawn (still in the record, with the reason): {n}").format(n=len(withdrawn))
        )
    if waiting:
        lines.append(
            _(
                "Files sealed, awaiting the DSL's decision: {n} (never shown or exported; "
                "the DSL decides whether to keep them sealed for the police or delete the copy)"
            ).format(n=len(waiting))
        )
    if police:
        lines.append(_("Files kept sealed for the police: {n}").format(n=len(police)))
    if deleted:
        lines.append(
            _("Sealed files whose copy was deleted (fingerprint kept): {n}").format(n=len(deleted))
        )
    return lines


class ReviewPage(BasePage):
    def build(self) -> None:
        self.setTitle(_("Review and save"))
        lead = self.ctx.role("dsl", short=True)
        self.setSubTitle(
            _("Check the summary. Saving makes this an open case {lead} can see.").format(lead=lead)
        )
        self.summary = text_label("", selectable=True)
        self.summary.setAccessibleName(_("Summary of the case"))
        self.content.addWidget(self.summary)
        self.content.addWidget(heading(_("Steps still open")))
        self.open_steps = QListWidget()
        self.open_steps.setAccessibleName(_("Steps still open"))
        self.open_steps.setWordWrap(True)
        self.content.addWidget(self.open_steps, 1)
        self.handover_button = QPushButton(_("Save and hand over to {lead}…").format(lead=lead))
        self.handover_button.setToolTip(
            _("Saves the case, then writes a sealed file for the laptop of {lead}.").format(
                lead=lead
            )
        )
        self.handover_button.clicked.connect(self.hand_over)
        self.content.addWidget(self.handover_button)
        self.send_dialog: object | None = None

    def load(self) -> None:
        s = self.ctx.state
        if s.case_id is None:
            return
        try:
            record_answers(self.ctx)
        except (ValueError, Exception) as exc:  # a store refusal is shown, never a crash
            self.show_error(str(exc))
        detail = cases.detail(s.case_id)
        g = self.ctx.guidance()
        police = labels.police(self.ctx.guides, self.ctx.jurisdiction)[g.police] if g else ""
        people = [p for p in detail.people if p.removed_at is None]
        lines = [
            _("Case {ref}: {title}").format(ref=detail.reference, title=detail.summary.title),
            police,
            _("Concerns: {list}").format(
                list="; ".join(self.ctx.guides.concerns[c].label for c in s.all_concerns())
            ),
            _("Who must be told: {list}").format(
                list="; ".join(self.ctx.role(e) for e in g.escalate_to)
            )
            if g is not None and g.escalate_to
            else "",
            _("People recorded: {n}").format(n=len(people)),
            *evidence_lines(detail.evidence),
        ]
        if g is not None and g.evidence == "do-not-capture":
            lines.append(_("No more images or files can be added to this case: descriptions only."))
        if s.summary:
            lines.append(_("In your words: {text}").format(text=s.summary))
        self.summary.setText("\n".join(x for x in lines if x))
        self.open_steps.clear()
        for action in detail.actions:
            if action.status == "pending":
                self.open_steps.addItem(action.title)
        if self.open_steps.count() == 0:
            self.open_steps.addItem(_("None: every advised step is recorded as done."))

    def hand_over(self) -> bool:
        """Save as open (a hand-over carries a saved case), then the send dialog."""
        from misuse_responder.ui.handover.send_dialog import SendDialog

        try:
            self.commit()
        except Exception as exc:  # a store refusal is shown, never a crash
            self.show_error(str(exc))
            return False
        assert self.ctx.state.case_id is not None
        dialog = SendDialog(self.ctx.vault, self.ctx.author, self.ctx.state.case_id, self)
        self.send_dialog = dialog
        dialog.open()
        return True

    def open_titles(self) -> list[str]:
        return [self.open_steps.item(i).text() for i in range(self.open_steps.count())]

    def commit(self) -> None:
        s = self.ctx.state
        if s.case_id is None:
            raise ValueError(_("There is no case to save yet."))
        record_answers(self.ctx)
        if cases.summary(s.case_id).status == "draft":
            cases.open_case(self.ctx.vault, s.case_id, self.ctx.author)
        self.ctx.saved = True
