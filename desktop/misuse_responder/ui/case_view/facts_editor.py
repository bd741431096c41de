"""Edit a case's facts (the engine's input) so the case can be re-assessed.

Only the contract's fields are offered, labelled from guides/; no rule lives here. The
questions about the people (ages, the DSL role, the harm tests, agency staff) are the
wizard's own widget, so both ask them in the same words; who holds the DSL role comes
from the school profile, never from this form.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _
from misuse_responder.ui.settings.labels import person_kind_label
from misuse_responder.ui.wizard.answers import answers_from_facts, people_facts
from misuse_responder.ui.wizard.questions import PeopleQuestions


class FactsEditor(QWidget):
    """``facts()`` gives a dict for ``store.reassess``; ``set_facts`` fills it from one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from misuse_responder.guidance import vocabulary as v
        from misuse_responder.guidance.guide_text import shown_guides

        guides = shown_guides()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.platform = QComboBox()
        for pid, platform in sorted(guides.platforms.items(), key=lambda p: p[1].name.lower()):
            self.platform.addItem(platform.name, pid)
        self.platform.addItem(_("Another platform"), v.PLATFORM_OTHER)
        self.platform.addItem(_("Not online"), v.PLATFORM_NONE)
        self.platform.setAccessibleName(_("Platform"))
        form.addRow(_("Platform"), self.platform)
        self.subject = QComboBox()
        for subject in v.SUBJECTS:
            self.subject.addItem(person_kind_label(subject), subject)
        self.subject.setAccessibleName(_("Who is responsible"))
        form.addRow(_("Who is responsible"), self.subject)
        layout.addLayout(form)
        self.school_account = QCheckBox(_("It happened on or to a school account"))
        self.identified = QCheckBox(_("We know who is responsible"))
        for box in (self.school_account, self.identified):
            box.setAccessibleName(box.text())
            layout.addWidget(box)
        self._school: dict[str, bool] = {}
        self._jurisdiction = ""  # the case's nation, kept through a re-assessment

        targets = QGroupBox(_("Who is affected"))
        grid = QGridLayout(targets)
        self.targets: dict[str, QCheckBox] = {}
        for i, target in enumerate(v.TARGETS):
            box = QCheckBox(person_kind_label(target))
            box.setAccessibleName(_("Affected: {who}").format(who=box.text()))
            self.targets[target] = box
            grid.addWidget(box, i // 3, i % 3)
            box.toggled.connect(lambda _on: self._people_changed())
        layout.addWidget(targets)
        self.about = QGroupBox(_("About the people involved"))
        about_layout = QVBoxLayout(self.about)
        self.questions = PeopleQuestions()
        about_layout.addWidget(self.questions)
        layout.addWidget(self.about)
        self.subject.currentIndexChanged.connect(lambda _i: self._people_changed())

        concerns = QGroupBox(_("What it involves"))
        concern_layout = QVBoxLayout(concerns)
        self.concerns: dict[str, QCheckBox] = {}
        for cid in v.CONCERNS:
            concern = guides.concerns.get(cid)
            box = QCheckBox(concern.label if concern else cid)
            box.setAccessibleName(box.text())
            if concern is not None:
                box.setAccessibleDescription(concern.explanation)
                box.setToolTip(concern.explanation)
            self.concerns[cid] = box
            concern_layout.addWidget(box)
        layout.addWidget(concerns)

    def _people_changed(self) -> None:
        targets = [k for k, b in self.targets.items() if b.isChecked()]
        subject = str(self.subject.currentData())
        self.questions.set_people(targets, subject, bool(self._school.get("head_is_dsl")))
        self.about.setVisible(self.questions.has_questions())

    def set_facts(
        self,
        facts: dict[str, Any],
        school: dict[str, bool] | None = None,
        *,
        jurisdiction: str = "",
    ) -> None:
        """Fill the form from a case's facts; ``school`` is ``profile_facts`` of the profile,
        ``jurisdiction`` the nation the case follows (its facts', else the school's)."""
        if school is not None:
            self._school = dict(school)
        self._jurisdiction = str(facts.get("jurisdiction") or jurisdiction)
        index = self.platform.findData(facts.get("platform", "other"))
        self.platform.setCurrentIndex(max(index, 0))
        index = self.subject.findData(facts.get("subject", "unknown"))
        self.subject.setCurrentIndex(max(index, 0))
        self.school_account.setChecked(bool(facts.get("school_account")))
        self.identified.setChecked(bool(facts.get("subject_identified")))
        self.questions.set_answers(answers_from_facts(facts))
        for key, box in self.targets.items():
            box.setChecked(key in facts.get("targets", ()))
        for key, box in self.concerns.items():
            box.setChecked(key in facts.get("concerns", ()))
        self._people_changed()

    def facts(self) -> dict[str, Any]:
        targets = [k for k, b in self.targets.items() if b.isChecked()]
        subject = str(self.subject.currentData())
        return {
            "platform": self.platform.currentData(),
            "school_account": self.school_account.isChecked(),
            "targets": targets,
            "subject": subject,
            "subject_identified": self.identified.isChecked(),
            **people_facts(self.questions.answers(), targets, subject, self._school),
            "concerns": [k for k, b in self.concerns.items() if b.isChecked()],
            **({"jurisdiction": self._jurisdiction} if self._jurisdiction else {}),
        }
