"""Review and save: a summary, the steps still open, and saving the case as open."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget

from misuse_responder.i18n import _
from misuse_responder.store import cases
from misuse_responder.ui.widgets.basics import heading, text_label
from misuse_responder.ui.wizard import labels
from misuse_responder.ui.wizard.base import BasePage
from misuse_responder.ui.wizard.recording import record_answers


class ReviewPage(BasePage):
    def build(self) -> None:
        self.setTitle(_("Review and save"))
        self.setSubTitle(_("Check the summary. Saving makes this an open case the DSL can see."))
        self.summary = text_label("", selectable=True)
        self.summary.setAccessibleName(_("Summary of the case"))
        self.content.addWidget(self.summary)
        self.content.addWidget(heading(_("Steps still open")))
        self.open_steps = QListWidget()
        self.open_steps.setAccessibleName(_("Steps still open"))
        self.open_steps.setWordWrap(True)
        self.content.addWidget(self.open_steps, 1)

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
        police = labels.police()[g.police] if g else ""
        people = [p for p in detail.people if p.removed_at is None]
        lines = [
            _("Case {ref}: {title}").format(ref=detail.reference, title=detail.summary.title),
            police,
            _("Concerns: {list}").format(
                list="; ".join(self.ctx.guides.concerns[c].label for c in s.all_concerns())
            ),
            _("People recorded: {n}").format(n=len(people)),
            _("Evidence items kept: {n}").format(n=len(detail.evidence)),
        ]
        if g is not None and g.evidence == "do-not-capture":
            lines.append(_("No images or files may be kept for this case: description only."))
        if s.summary:
            lines.append(_("In your words: {text}").format(text=s.summary))
        self.summary.setText("\n".join(x for x in lines if x))
        self.open_steps.clear()
        for action in detail.actions:
            if action.status == "pending":
                self.open_steps.addItem(action.title)
        if self.open_steps.count() == 0:
            self.open_steps.addItem(_("None: every advised step is recorded as done."))

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
