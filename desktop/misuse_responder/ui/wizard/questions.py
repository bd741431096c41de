"""The questions about the people involved: ages, who holds the DSL role, the harm tests.

Shared by the wizard's "What happened" page and the case view's facts editor, so both ask
the same thing in the same words. Only the questions that matter for the people ticked
are shown, so the page stays short; see ``answers.py`` for the facts the answers give.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _
from misuse_responder.ui.widgets.basics import text_label
from misuse_responder.ui.wizard.answers import (
    ADULTS_IN_SCHOOL,
    AGE_ASKED_FOR,
    age_labels,
    answer_labels,
    clean_age,
    clean_answer,
    harm_questions,
    supported_fact_keys,
)


class TriChoice(QWidget):
    """Yes / No / Not sure as three radio buttons (Not sure until answered)."""

    changed = Signal()

    def __init__(self, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for answer, text in answer_labels().items():
            button = QRadioButton(text)
            button.setAccessibleName(
                _("{question} {answer}").format(question=question, answer=text)
            )
            self.group.addButton(button)
            self.buttons[answer] = button
            layout.addWidget(button)
            button.toggled.connect(lambda on: self.changed.emit() if on else None)
        layout.addStretch(1)
        self.set_value("not-sure")

    def value(self) -> str:
        for answer, button in self.buttons.items():
            if button.isChecked():
                return answer
        return "not-sure"

    def set_value(self, answer: str) -> None:
        self.buttons[clean_answer(answer)].setChecked(True)


def _age_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for band, text in age_labels().items():
        combo.addItem(text, band)
    return combo


class PeopleQuestions(QWidget):
    """The questions, shown as the people ticked make them relevant.

    ``set_people`` says who is affected and responsible (and whether the school profile
    says the Head is the DSL); ``answers``/``set_answers`` read and fill the plain answers;
    ``facts`` turns them into the engine's facts (cautious where not sure).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._targets: tuple[str, ...] = ()
        self._subject = "unknown"
        self._head_is_dsl = False
        self._has_questions = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.target_age = _age_combo(_("How old is the child affected?"))
        self.target_age_label = QLabel(_("How old is the child affected?"))
        self.target_age_label.setWordWrap(True)
        self.target_age_label.setBuddy(self.target_age)
        self.form.addRow(self.target_age_label, self.target_age)
        self.subject_age = _age_combo(_("How old is the person responsible?"))
        self.subject_age_label = QLabel(_("How old is the person responsible?"))
        self.subject_age_label.setWordWrap(True)
        self.subject_age_label.setBuddy(self.subject_age)
        self.form.addRow(self.subject_age_label, self.subject_age)
        for combo in (self.target_age, self.subject_age):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())

        self.adult = QWidget()
        adult = QVBoxLayout(self.adult)
        adult.setContentsMargins(0, 0, 0, 0)
        self.head_dsl_note = text_label(
            _(
                "The school profile says the Head teacher is also the DSL, so this is a "
                "concern about the DSL: it is not passed to them."
            ),
            bold=True,
        )
        self.head_dsl_note.setAccessibleName(_("The Head teacher is also the DSL"))
        adult.addWidget(self.head_dsl_note)
        self.is_dsl_label = text_label(_("Is the person responsible the school's DSL?"))
        adult.addWidget(self.is_dsl_label)
        self.is_dsl = TriChoice(_("Is the person responsible the school's DSL?"))
        adult.addWidget(self.is_dsl)
        self.agency_label = text_label(_("Are they agency or supply staff?"))
        adult.addWidget(self.agency_label)
        self.agency = TriChoice(_("Are they agency or supply staff?"))
        adult.addWidget(self.agency)
        adult.addWidget(
            text_label(_("About what this person did (answer Not sure if you do not know):"))
        )
        self.harm: dict[str, TriChoice] = {}
        for test, question in harm_questions().items():
            adult.addWidget(text_label(question))
            choice = TriChoice(question)
            self.harm[test] = choice
            adult.addWidget(choice)
        self.not_sure_note = text_label(
            _("Not sure counts as yes: the DSL and the LADO decide, not you.")
        )
        adult.addWidget(self.not_sure_note)
        for choice in (self.is_dsl, self.agency, *self.harm.values()):
            choice.changed.connect(self.changed)
        layout.addWidget(self.adult)
        self._update()

    def name_roles(self, role: Callable[..., str], lado_exists: bool) -> None:
        """Say the roles in the words of the school's nation: ``role(id, short=...)`` as
        ``WizardContext.role``; ``lado_exists`` False where there is no LADO (Scotland),
        and then the note names who decides there instead."""
        lead = role("dsl", short=True)
        head = role("headteacher", short=True)
        self.head_dsl_note.setText(
            _(
                "The school profile says {head} is also {lead}, so this is a concern about "
                "{lead}: it is not passed to them."
            ).format(head=head, lead=lead)
        )
        self.head_dsl_note.setAccessibleName(
            _("{head} is also {lead}").format(head=head[:1].upper() + head[1:], lead=lead)
        )
        question = _("Is the person responsible {lead}?").format(lead=lead)
        self.is_dsl_label.setText(question)
        for answer, text in answer_labels().items():
            self.is_dsl.buttons[answer].setAccessibleName(
                _("{question} {answer}").format(question=question, answer=text)
            )
        other = role("lado" if lado_exists else "childrens-social-care", short=True)
        self.not_sure_note.setText(
            _("Not sure counts as yes: {lead} and {other} decide, not you.").format(
                lead=lead, other=other
            )
        )

    # --- who is involved ------------------------------------------------------------------
    def set_people(
        self, targets: list[str] | tuple[str, ...], subject: str, head_is_dsl: bool
    ) -> None:
        self._targets = tuple(targets)
        self._subject = subject
        self._head_is_dsl = head_is_dsl
        self._update()

    def asks_target_age(self) -> bool:
        return "pupil" in self._targets

    def asks_subject_age(self) -> bool:
        return self._subject in AGE_ASKED_FOR

    def adult_in_school(self) -> bool:
        return self._subject in ADULTS_IN_SCHOOL

    def head_known_dsl(self) -> bool:
        return self._subject == "headteacher" and self._head_is_dsl

    def asks_is_dsl(self) -> bool:
        return self._subject in ("staff", "headteacher") and not self.head_known_dsl()

    def asks_agency(self) -> bool:
        return self._subject == "staff"

    def _update(self) -> None:
        supported = supported_fact_keys()
        show_target = self.asks_target_age() and "target_age" in supported
        show_subject = self.asks_subject_age()  # without subject_age: subject_under_13
        self.target_age.setVisible(show_target)
        self.target_age_label.setVisible(show_target)
        self.subject_age.setVisible(show_subject)
        self.subject_age_label.setVisible(show_subject)
        adult = self.adult_in_school()
        adult_shown = adult and bool(supported & {"harm_tests", "subject_is_dsl"})
        self.adult.setVisible(adult_shown)
        self.head_dsl_note.setVisible(self.head_known_dsl())
        is_dsl = self.asks_is_dsl() and "subject_is_dsl" in supported
        self.is_dsl_label.setVisible(is_dsl)
        self.is_dsl.setVisible(is_dsl)
        agency = self.asks_agency() and "subject_agency_staff" in supported
        self.agency_label.setVisible(agency)
        self.agency.setVisible(agency)
        self._has_questions = show_target or show_subject or adult_shown

    def has_questions(self) -> bool:
        """Whether any question applies to the people ticked (else the box can be hidden)."""
        return self._has_questions

    # --- answers ---------------------------------------------------------------------------
    def answers(self) -> dict[str, Any]:
        """The plain answers (kept whether shown or not, so Back and forth loses nothing)."""
        return {
            "target_age": str(self.target_age.currentData()),
            "subject_age": str(self.subject_age.currentData()),
            "is_dsl": self.is_dsl.value(),
            "agency": self.agency.value(),
            "harm_tests": {t: c.value() for t, c in self.harm.items()},
        }

    def set_answers(self, answers: Mapping[str, Any]) -> None:
        for combo, key in ((self.target_age, "target_age"), (self.subject_age, "subject_age")):
            combo.setCurrentIndex(max(0, combo.findData(clean_age(answers.get(key)))))
        self.is_dsl.set_value(clean_answer(answers.get("is_dsl")))
        self.agency.set_value(clean_answer(answers.get("agency")))
        tests = answers.get("harm_tests")
        tests = tests if isinstance(tests, Mapping) else {}
        for test, choice in self.harm.items():
            choice.set_value(clean_answer(tests.get(test)))
