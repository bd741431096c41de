"""What happened: the facts the engine needs, in plain words, and the staff member's account.

Leaving the page assesses the facts and creates the case in the store as a draft (or
re-assesses it when the facts changed after Back).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from misuse_responder.guidance.vocabulary import PLATFORM_NONE, PLATFORM_OTHER
from misuse_responder.i18n import _
from misuse_responder.store import cases, records
from misuse_responder.ui.widgets.basics import text_label
from misuse_responder.ui.wizard import labels
from misuse_responder.ui.wizard.base import BasePage
from misuse_responder.ui.wizard.questions import PeopleQuestions
from misuse_responder.ui.wizard.state import DANGER_CONCERN


def to_qdt(text: str) -> QDateTime:
    if text:
        parsed = QDateTime.fromString(text, "yyyy-MM-ddTHH:mm:ss")
        if parsed.isValid():
            return parsed
    return QDateTime.currentDateTime()


def from_qdt(value: QDateTime) -> str:
    return str(value.toString("yyyy-MM-ddTHH:mm:ss"))


def to_datetime(text: str) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text).astimezone()


def _date_edit(name: str) -> QDateTimeEdit:
    edit = QDateTimeEdit(QDateTime.currentDateTime())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy HH:mm")
    edit.setAccessibleName(name)
    return edit


class WhatHappenedPage(BasePage):
    def build(self) -> None:
        self.setTitle(_("What happened"))
        self.setSubTitle(
            _("Tick what you know. The app uses your answers to choose the steps to take.")
        )
        form = QFormLayout()
        self.happened = _date_edit(_("When it happened"))
        self.found = _date_edit(_("When it was found or reported"))
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
        alayout.addWidget(self.questions)
        self.content.addWidget(self.about)
        for box in self.targets.values():
            box.toggled.connect(lambda _on: self._people_changed())

        concerns = QGroupBox(_("What is it about? Tick all that apply."))
        clayout = QVBoxLayout(concerns)
        self.danger_note = text_label(
            _("You said someone is in danger right now: that is already recorded."), bold=True
        )
        clayout.addWidget(self.danger_note)
        self.concerns: dict[str, QCheckBox] = {}
        for cid, concern in self.ctx.guides.concerns.items():
            if cid == DANGER_CONCERN:
                continue  # asked on the safety page
            box = QCheckBox(concern.label)
            box.setAccessibleName(concern.label)
            box.setAccessibleDescription(concern.explanation)
            box.toggled.connect(lambda _on: self.completeChanged.emit())
            explain = text_label(concern.explanation)
            explain.setIndent(24)
            self.concerns[cid] = box
            clayout.addWidget(box)
            clayout.addWidget(explain)
        self.content.addWidget(concerns)

        words = QFormLayout()
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setAccessibleName(_("What happened, in your own words"))
        self.summary.setPlaceholderText(
            _("Who told you, what they said, what you saw (but never look at images of a child).")
        )
        self.summary.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        words.addRow(_("In your own words"), self.summary)
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(_("A short title for the case"))
        self.title_edit.setPlaceholderText(_("For example: Comments on a Year 9 pupil's post"))
        self.title_edit.textChanged.connect(lambda _t: self.completeChanged.emit())
        words.addRow(_("Short title"), self.title_edit)
        self.content.addLayout(words)

    def load(self) -> None:
        s = self.ctx.state
        self.happened.setDateTime(to_qdt(s.happened_at))
        self.found.setDateTime(to_qdt(s.found_at))
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
        s.happened_at = from_qdt(self.happened.dateTime())
        s.found_at = from_qdt(self.found.dateTime())
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

    def isComplete(self) -> bool:
        has_concern = bool(self.ctx.state.danger) or any(
            b.isChecked() for b in self.concerns.values()
        )
        return has_concern and bool(self.title_edit.text().strip())

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
                    when=found.strftime("%d/%m/%Y %H:%M")
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
