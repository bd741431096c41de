"""The case summary: facts, current guidance, re-assessment, and closing or reopening."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _, ngettext
from misuse_responder.labels import case_jurisdiction, nation_guides
from misuse_responder.ui.case_view.facts_editor import FactsEditor
from misuse_responder.ui.case_view.guidance_text import changes, summary_lines
from misuse_responder.ui.settings.labels import status_label
from misuse_responder.ui.style import heading, plain_label, selectable
from misuse_responder.ui.timefmt import local_time
from misuse_responder.ui.widgets.plain_words import explain_widgets

if TYPE_CHECKING:
    from misuse_responder.guidance import Guides
    from misuse_responder.store.views import CaseDetail


def _sealed_ids(detail: CaseDetail) -> set[int]:
    return {e.id for e in detail.evidence if e.sealed}


class SummaryTab(QScrollArea):
    """Emits ``changed`` after anything is written to the store."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._store: Any = None
        self._author = ""
        self._detail: CaseDetail | None = None
        self._nation = "england"  # the case's nation: its facts', else the school's
        self._guides: Guides | None = None
        body = QWidget()
        layout = QVBoxLayout(body)

        self.facts_label = selectable(plain_label(""))
        self.facts_label.setAccessibleName(_("About the case"))
        layout.addWidget(self.facts_label)

        self.guidance_box = QFrame()
        self.guidance_box.setObjectName("banner")
        g_layout = QVBoxLayout(self.guidance_box)
        g_layout.addWidget(heading(_("Current guidance"), 2))
        self.guidance_label = selectable(plain_label(""))
        self.guidance_label.setAccessibleName(_("Current guidance"))
        g_layout.addWidget(self.guidance_label)
        self.steps_label = selectable(plain_label(""))
        self.steps_label.setAccessibleName(_("Steps advised"))
        g_layout.addWidget(self.steps_label)
        layout.addWidget(self.guidance_box)

        self.changed_label = selectable(plain_label(""))
        self.changed_label.setAccessibleName(_("What changed at the last re-assessment"))
        layout.addWidget(self.changed_label)

        self.edit_facts = QPushButton(_("The facts have changed: re-assess…"))
        self.edit_facts.setAccessibleName(_("Change the facts and re-assess"))
        self.edit_facts.setCheckable(True)
        row = QHBoxLayout()
        row.addWidget(self.edit_facts)
        row.addStretch(1)
        layout.addLayout(row)
        self.facts_group = QGroupBox(_("Change the facts"))
        f_layout = QVBoxLayout(self.facts_group)
        self.facts_editor = FactsEditor()
        f_layout.addWidget(self.facts_editor)
        self.reassess_button = QPushButton(_("Re-assess with these facts"))
        self.reassess_button.setAccessibleName(_("Re-assess with these facts"))
        self.reassess_button.clicked.connect(self.reassess)
        f_layout.addWidget(self.reassess_button)
        self.facts_group.hide()
        self.edit_facts.toggled.connect(self.facts_group.setVisible)
        layout.addWidget(self.facts_group)

        self.close_group = QGroupBox(_("Close the case"))
        c_form = QFormLayout(self.close_group)
        self.outcome = QLineEdit()
        self.outcome.setAccessibleName(_("Outcome"))
        self.outcome.setAccessibleDescription(_("In a few words, how the case ended."))
        self.close_reason = QPlainTextEdit()
        self.close_reason.setTabChangesFocus(True)
        self.close_reason.setAccessibleName(_("Reasons for closing"))
        self.close_reason.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.close_button = QPushButton(_("Close the case"))
        self.close_button.setAccessibleName(_("Close the case"))
        self.close_button.clicked.connect(self.close_case)
        c_form.addRow(_("Outcome"), self.outcome)
        c_form.addRow(_("Reasons"), self.close_reason)
        c_row = QHBoxLayout()
        c_row.addStretch(1)
        c_row.addWidget(self.close_button)
        c_form.addRow(c_row)
        layout.addWidget(self.close_group)

        self.reopen_group = QGroupBox(_("Reopen the case"))
        r_form = QFormLayout(self.reopen_group)
        self.closed_label = selectable(plain_label(""))
        self.closed_label.setAccessibleName(_("How the case was closed"))
        self.reopen_reason = QLineEdit()
        self.reopen_reason.setAccessibleName(_("Reason for reopening"))
        self.reopen_button = QPushButton(_("Reopen the case"))
        self.reopen_button.setAccessibleName(_("Reopen the case"))
        self.reopen_button.clicked.connect(self.reopen_case)
        r_form.addRow(self.closed_label)
        r_form.addRow(_("Reason"), self.reopen_reason)
        r_row = QHBoxLayout()
        r_row.addStretch(1)
        r_row.addWidget(self.reopen_button)
        r_form.addRow(r_row)
        layout.addWidget(self.reopen_group)

        self.message = plain_label("")
        self.message.setAccessibleName(_("Message"))
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.setWidget(body)

    def show_case(self, store: Any, author: str, detail: CaseDetail) -> None:
        from misuse_responder.ui.case_list import platform_name

        self._store, self._author, self._detail = store, author, detail
        s = detail.summary
        self.facts_label.setText(
            "\n".join(
                (
                    _("Status: {status}").format(status=status_label(s.status)),
                    _("Opened {when} by {who}").format(
                        when=local_time(s.opened_at), who=s.opened_by
                    ),
                    _("Platform: {platform}").format(platform=platform_name(s.platform)),
                )
            )
        )
        guidance = store.guidance(detail.id)
        # The words of the nation the case was assessed for (England when its facts name
        # none); a re-assessment follows the school's nation unless the case names one.
        self._nation = case_jurisdiction(detail.facts)
        self._guides = nation_guides(self._nation)
        self.guidance_label.setText("\n".join(summary_lines(guidance, self._guides, self._nation)))
        steps = [
            _("{n}. {title}").format(n=i, title=step["title"])
            for i, step in enumerate(guidance.get("steps", []), start=1)
        ]
        self.steps_label.setText("\n".join(steps))
        explain_widgets([self.guidance_label, self.steps_label], self._guides.glossary)
        from misuse_responder.store import profile_facts

        self.facts_editor.set_facts(
            detail.facts, profile_facts(store.school()), jurisdiction=store.school().jurisdiction
        )
        closed = detail.status == "closed"
        self.close_group.setVisible(not closed)
        self.reopen_group.setVisible(closed)
        self.edit_facts.setEnabled(not closed)
        if closed:
            self.closed_label.setText(
                _("Closed {when} by {who}. Outcome: {outcome}. Reasons: {reason}").format(
                    when=local_time(detail.closed_at),
                    who=detail.closed_by or "",
                    outcome=detail.outcome or "",
                    reason=detail.close_reason or "",
                )
            )

    def reassess(self) -> bool:
        from misuse_responder.guidance import FactsError
        from misuse_responder.store import StoreError

        if self._detail is None:
            return False
        before = self._store.guidance(self._detail.id)
        sealed_before = _sealed_ids(self._store.case(self._detail.id))
        try:
            self._store.reassess(self._detail.id, self.facts_editor.facts(), self._author)
        except (StoreError, FactsError) as exc:
            self.message.setText(str(exc))
            return False
        after = self._store.guidance(self._detail.id)
        diff = changes(before, after, self._guides, self._nation)
        newly_sealed = _sealed_ids(self._store.case(self._detail.id)) - sealed_before
        if newly_sealed:
            diff.append(
                ngettext(
                    "No more files or images can be added to this case. {n} file already "
                    "held is now sealed: never shown or exported. The DSL decides (Evidence "
                    "tab) whether to keep it sealed for the police or delete the copy.",
                    "No more files or images can be added to this case. {n} files already "
                    "held are now sealed: never shown or exported. The DSL decides (Evidence "
                    "tab) whether to keep them sealed for the police or delete the copies.",
                    len(newly_sealed),
                ).format(n=len(newly_sealed))
            )
        self.changed_label.setText(
            "\n".join([_("What changed:"), *diff])
            if diff
            else _("Re-assessed: the guidance is the same as before.")
        )
        self.message.setText("")
        self.edit_facts.setChecked(False)
        self.changed.emit()
        return True

    def close_case(self) -> bool:
        from misuse_responder.store import StoreError

        if self._detail is None:
            return False
        try:
            self._store.close_case(
                self._detail.id,
                self._author,
                self.outcome.text(),
                self.close_reason.toPlainText(),
            )
        except StoreError as exc:
            self.message.setText(str(exc))
            return False
        self.outcome.clear()
        self.close_reason.clear()
        self.message.setText(_("The case is closed."))
        self.changed.emit()
        return True

    def reopen_case(self) -> bool:
        from misuse_responder.store import StoreError

        if self._detail is None:
            return False
        try:
            self._store.reopen_case(self._detail.id, self._author, self.reopen_reason.text())
        except StoreError as exc:
            self.message.setText(str(exc))
            return False
        self.reopen_reason.clear()
        self.message.setText(_("The case is open again."))
        self.changed.emit()
        return True
