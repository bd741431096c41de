"""What happened: the facts the engine needs, in plain words, and the staff member's account.

Leaving the page assesses the facts and creates the case in the store as a draft (or
re-assesses it when the facts changed after Back).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.guidance.vocabulary import PLATFORM_NONE, PLATFORM_OTHER
from misuse_responder.i18n import _
from misuse_responder.store import cases, records
from misuse_responder.ui.widgets.basics import text_label
from misuse_responder.ui.widgets.dates import UkDateField, from_iso_local, show_date
from misuse_responder.ui.wizard import labels
from misuse_responder.ui.wizard.base import BasePage
from misuse_responder.ui.wizard.concern_groups import group_titles, grouped
from misuse_responder.ui.wizard.questions import PeopleQuestions
from misuse_responder.ui.wizard.state import DANGER_CONCERN


def to_datetime(text: str) -> datetime | None:
    """The stored local time (no zone) as an aware datetime in this computer's zone."""
    value = from_iso_local(text)
    return None if value is None else value.astimezone()


class ConcernRow(QWidget):
    """A concern's tick box with its explanation on demand: the "?" button, F1 on the box,
    or a hover (the explanation is also the box's accessible description)."""

    def __init__(self, label: str, explanation: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        row = QHBoxLayout()
        self.box = QCheckBox(label)
        self.box.setAccessibleName(label)
        self.box.setAccessibleDescription(explanation)
        self.box.setToolTip(explanation)
        row.addWidget(self.box)
        self.more = QToolButton()
        self.more.setText("?")
        self.more.setCheckable(True)
        self.more.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F1 on the box does the same
        self.more.setToolTip(_("What this means"))
        self.more.setAccessibleName(_("What this means: {what}").format(what=label))
        row.addWidget(self.more)
        row.addStretch(1)
        layout.addLayout(row)
        self.explain = text_label(explanation)
        self.explain.setIndent(24)
        self.explain.setVisible(False)
        layout.addWidget(self.explain)
        self.more.toggled.connect(self.explain.setVisible)
        self.box.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.box
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F1
        ):
            self.more.toggle()
            return True
        return super().eventFilter(watched, event)


class WhatHappenedPage(BasePage):
    def build(self) -> None:
        self.setTitle(_("What happened"))
        self.setSubTitle(
            _(
                "Tick what it is about and give it a short title (these two are needed), "
                "then add what you know. The app uses your answers to choose the steps."
            )
        )
        # What is needed first: what it is about, then a short title.
        concerns = QGroupBox(_("What is it about? Tick all that apply (needed)."))
        clayout = QVBoxLayout(concerns)
        self.danger_note = text_label(
            _("You said someone is in danger right now: that is already recorded."), bold=True
        )
        clayout.addWidget(self.danger_note)
        clayout.addWidget(
            text_label(_("Press ? (or F1 on a tick box) to see what a concern means."))
        )
        self.concerns: dict[str, QCheckBox] = {}
        self.concern_rows: dict[str, ConcernRow] = {}
        self.concern_groups: dict[str, QGroupBox] = {}
        titles = group_titles()
        ids = [c for c in self.ctx.guides.concerns if c != DANGER_CONCERN]  # asked on safety
        for group, members in grouped(ids):
            group_box = QGroupBox(titles[group])
            glayout = QGridLayout(group_box)  # two columns: the page stays short
            columns = 2 if len(members) > 3 and self._room_for_two_columns() else 1
            rows = (len(members) + columns - 1) // columns
            for index, cid in enumerate(members):
                concern = self.ctx.guides.concerns[cid]
                row = ConcernRow(concern.label, concern.explanation)
                row.box.toggled.connect(lambda _on: self.completeChanged.emit())
                self.concerns[cid] = row.box
                self.concern_rows[cid] = row
                # Down the first column, then the second (reading and Tab order agree).
                glayout.addWidget(row, index % rows, index // rows)
            for column in range(columns):
                glayout.setColumnStretch(column, 1)
            self.concern_groups[group] = group_box
            clayout.addWidget(group_box)
        self.content.addWidget(concerns)

        needed = QFormLayout()
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(_("A short title for the case"))
        self.title_edit.setPlaceholderText(_("For example: Comments on a Year 9 pupil's post"))
        self.title_edit.textChanged.connect(lambda _t: self.completeChanged.emit())
        needed.addRow(_("Short title (needed)"), self.title_edit)
        self.content.addLayout(needed)

        form = QFormLayout()
        self.happened = UkDateField(_("When it happened"))
        self.found = UkDateField(_("When it was found or reported"))
        for field in (self.happened, self.found):
            field.changed.connect(self.completeChanged.emit)
        form.addRow(_("When it happened"), self.happened)
        form.addRow(_("When it was found or reported"), self.found)
        self.platform = QComboBox()
        self.platform.setAccessibleName(_("Where it happened (platform)"))
        for pid, platform in sorted(
            self.ctx.guides.platforms.items(), key=lambda kv: kv[1].name.lower()
        ):
            self.platform.addItem(platform.name, pid)
        self.platform.addItem(_("Other website or app"), PLATFORM_OTHER)
        self.platform.addItem(_("Not online"), PLATFORM_NONE)
        form.addRow(_("Where it happened"), self.platform)
        self.school_account = QCheckBox(_("It was on, or sent to, a school account or page"))
        self.school_account.setAccessibleName(self.school_account.text())
        form.addRow("", self.school_account)
        self.content.addLayout(form)

        targets = QGroupBox(_("Who is affected?"))
        grid = QGridLayout(targets)
        self.targets: dict[str, QCheckBox] = {}
        for index, (tid, text) in enumerate(labels.targets().items()):
            box = QCheckBox(text)
            box.setAccessibleName(_("Affected: {who}").format(who=text))
            box.toggled.connect(lambda _on: self.completeChanged.emit())
            self.targets[tid] = box
            grid.addWidget(box, index // 2, index % 2)
        self.content.addWidget(targets)

        subject = QGroupBox(_("Who is responsible?"))
        sform = QFormLayout(subject)
        self.subject = QComboBox()
        self.subject.setAccessibleName(_("Who is responsible"))
        for sid, text in labels.subjects().items():
            self.subject.addItem(text, sid)
        sform.addRow(_("Responsible"), self.subject)
        self.identified = QCheckBox(_("We know who it is"))
        self.identified.setAccessibleName(_("We know who is responsible"))
        sform.addRow("", self.identified)
        self.subject.currentIndexChanged.connect(lambda _i: self._people_changed())
        self.content.addWidget(subject)

        # Ages, the DSL role and the harm tests: only those that apply to the people ticked.
        self.about = QGroupBox(_("About the people involved"))
        alayout = QVBoxLayout(self.about)
        self.questions = PeopleQuestions()
        self.questions.name_roles(self.ctx.role, self.ctx.role_exists("lado"))
        alayout.addWidget(self.questions)
        self.content.addWidget(self.about)
        for box in self.targets.values():
            box.toggled.connect(lambda _on: self._people_changed())

        words = QFormLayout()
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setAccessibleName(_("What happened, in your own words"))
        self.summary.setPlaceholderText(
            _("Who told you, what they said, what you saw (but never look at images of a child).")
        )
        self.summary.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        words.addRow(_("In your own words"), self.summary)
        self.content.addLayout(words)

    def _room_for_two_columns(self) -> bool:
        """Two columns of concerns only where the screen is wide enough for both (at 200 %
        text one column, so nothing is cut off or scrolled sideways)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        width = screen.availableGeometry().width() if screen is not None else 1024
        longest = max(
            (
                self.fontMetrics().horizontalAdvance(c.label)
                for c in self.ctx.guides.concerns.values()
            ),
            default=0,
        )
        return width >= 2 * (longest + 8 * self.fontMetrics().height())

    def load(self) -> None:
        s = self.ctx.state
        now = datetime.now().replace(second=0, microsecond=0)
        self.happened.set_value(from_iso_local(s.happened_at) or now)
        self.found.set_value(from_iso_local(s.found_at) or now)
        index = self.platform.findData(s.platform or PLATFORM_OTHER)
        self.platform.setCurrentIndex(max(0, index))
        self.school_account.setChecked(s.school_account)
        for tid, box in self.targets.items():
            box.setChecked(tid in s.targets)
        self.subject.setCurrentIndex(max(0, self.subject.findData(s.subject)))
        self.identified.setChecked(s.subject_identified)
        self.questions.set_answers(s.people_answers())
        self._people_changed()
        for cid, box in self.concerns.items():
            box.setChecked(cid in s.concerns)
        self.danger_note.setVisible(bool(s.danger))
        if self.summary.toPlainText() != s.summary:
            self.summary.setPlainText(s.summary)
        self.title_edit.setText(s.title)

    def save(self) -> None:
        s = self.ctx.state
        # An unreadable date keeps the last good one (Next stays off until it is fixed).
        s.happened_at = self.happened.iso() or s.happened_at
        s.found_at = self.found.iso() or s.found_at
        s.platform = str(self.platform.currentData())
        s.school_account = self.school_account.isChecked()
        s.targets = [t for t, box in self.targets.items() if box.isChecked()]
        s.subject = str(self.subject.currentData())
        s.subject_identified = self.identified.isChecked()
        s.set_people_answers(self.questions.answers())
        s.concerns = [c for c, box in self.concerns.items() if box.isChecked()]
        s.summary = self.summary.toPlainText()
        s.title = self.title_edit.text().strip()

    def _people_changed(self) -> None:
        """Show the questions that apply to the people now ticked (and only those)."""
        targets = [t for t, box in self.targets.items() if box.isChecked()]
        subject = str(self.subject.currentData())
        head_is_dsl = bool(self.ctx.state.school.get("head_is_dsl"))
        self.questions.set_people(targets, subject, head_is_dsl)
        self.about.setVisible(self.questions.has_questions())

    def missing(self) -> str:
        """What must still be given before Next (shown beside it), or ""."""
        needed = []
        if not bool(self.ctx.state.danger) and not any(
            b.isChecked() for b in self.concerns.values()
        ):
            needed.append(_("tick what it is about"))
        if not self.title_edit.text().strip():
            needed.append(_("give it a short title"))
        problems = [f.problem() for f in (self.happened, self.found) if f.problem()]
        if not needed and not problems:
            return ""
        text = ""
        if needed:
            text = _("To go on, {what}.").format(what=_(" and ").join(needed))
        return " ".join([text, *problems]).strip()

    def commit(self) -> None:
        s = self.ctx.state
        facts = s.facts()  # FactsError (a ValueError) is shown on the page
        vault, author = self.ctx.vault, self.ctx.author
        if s.case_id is None:
            s.case_id = cases.create_case(vault, facts, s.title, author).id
            s.assessed = facts.to_dict()
        elif s.assessed != facts.to_dict():
            cases.reassess(vault, s.case_id, facts, author)
            s.assessed = facts.to_dict()
        text = s.summary.strip()
        if text and text != s.summary_recorded:
            found = to_datetime(s.found_at)
            if found is not None:
                text += "\n\n" + _("Found or reported to staff: {when}").format(
                    when=show_date(found)
                )
            s.summary_entry_id = records.add_entry(
                vault,
                s.case_id,
                text,
                author,
                kind="note",
                occurred_at=to_datetime(s.happened_at),
                corrects=s.summary_entry_id,
            )
            s.summary_recorded = s.summary.strip()
