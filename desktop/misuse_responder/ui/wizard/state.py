"""The wizard's state: everything typed so far, as plain JSON-able data.

Pages write their fields here when they are left and read them back when shown, so
Back never loses anything and the whole thing can be saved as an encrypted draft on
every page change (and restored after a crash). The state holds facts and answers,
never a rule: what follows from them is asked of the guidance engine.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from misuse_responder.guidance import Guidance, IncidentFacts, load_guides, parse_facts
from misuse_responder.ui.wizard.answers import people_facts

DANGER_CONCERN = "immediate-danger"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Person:
    role: str = "target"
    kind: str = "pupil"
    name: str = ""
    year_group: str = ""
    date_of_birth: str = ""  # ISO date or ""
    stored_id: int | None = None  # the store's person id, once saved

    def signature(self) -> tuple[str, str, str, str, str]:
        return (self.role, self.kind, self.name, self.year_group, self.date_of_birth)


@dataclass
class Told:
    """Who was told about the incident, when and how (one per escalation id)."""

    done: bool = False
    who: list[str] = field(default_factory=list)  # the names of the contacts told
    when: str = ""
    how: str = ""
    note: str = ""


@dataclass
class WizardState:
    # Safety first
    danger: bool | None = None
    danger_confirmed: bool = False
    # What happened
    happened_at: str = ""
    found_at: str = ""
    platform: str = ""
    school_account: bool = False
    targets: list[str] = field(default_factory=list)
    subject: str = "unknown"
    subject_identified: bool = False
    # About the people (plain answers; see questions.py for the facts they give)
    target_age: str = "unknown"
    subject_age: str = "unknown"
    subject_is_dsl: str = "not-sure"  # yes / no / not-sure
    subject_agency_staff: str = "not-sure"
    harm_tests: dict[str, str] = field(default_factory=dict)
    school: dict[str, bool] = field(default_factory=dict)  # profile_facts(school profile)
    jurisdiction: str = ""  # the school profile's nation ("" before it is read: England)
    concerns: list[str] = field(default_factory=list)
    summary: str = ""
    title: str = ""
    # The case in the store, once created
    case_id: int | None = None
    summary_entry_id: int | None = None
    summary_recorded: str = ""
    assessed: dict[str, Any] = field(default_factory=dict)  # the facts last assessed
    steps_done: list[str] = field(default_factory=list)
    recorded: dict[str, str] = field(default_factory=dict)  # what was written, by key
    # Later pages
    people: list[Person] = field(default_factory=list)
    references: dict[str, str] = field(default_factory=dict)  # step id -> reference
    referred: dict[str, bool] = field(default_factory=dict)  # step id -> done
    told: dict[str, Told] = field(default_factory=dict)  # escalation id -> Told
    support: list[str] = field(default_factory=list)  # support item ids offered
    support_note: str = ""
    page: int = 0
    visited: list[int] = field(default_factory=list)

    # --- facts --------------------------------------------------------------------------
    def all_concerns(self) -> list[str]:
        """The concerns ticked, plus immediate danger when the safety answer was yes."""
        chosen = list(self.concerns)
        if self.danger and DANGER_CONCERN not in chosen:
            chosen.insert(0, DANGER_CONCERN)
        return chosen

    def people_answers(self) -> dict[str, Any]:
        return {
            "target_age": self.target_age,
            "subject_age": self.subject_age,
            "is_dsl": self.subject_is_dsl,
            "agency": self.subject_agency_staff,
            "harm_tests": dict(self.harm_tests),
        }

    def set_people_answers(self, answers: dict[str, Any]) -> None:
        self.target_age = str(answers["target_age"])
        self.subject_age = str(answers["subject_age"])
        self.subject_is_dsl = str(answers["is_dsl"])
        self.subject_agency_staff = str(answers["agency"])
        self.harm_tests = dict(answers["harm_tests"])

    def facts_data(self) -> dict[str, Any]:
        return {
            "platform": self.platform or "other",
            "school_account": self.school_account,
            "targets": list(self.targets),
            "subject": self.subject,
            "subject_identified": self.subject_identified,
            **people_facts(self.people_answers(), self.targets, self.subject, self.school),
            "concerns": self.all_concerns(),
            **({"jurisdiction": self.jurisdiction} if self.jurisdiction else {}),
        }

    def facts(self) -> IncidentFacts:
        """Validated facts (raises ``FactsError`` with a message to show)."""
        return parse_facts(self.facts_data(), load_guides().platforms.keys())

    # --- JSON -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WizardState:
        """Rebuild from a draft; unknown keys (from a newer version) are ignored."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if data.get("subject_under_13") is True and "subject_age" not in data:
            values["subject_age"] = "under-13"  # a draft from before the age question
        for key in ("harm_tests", "school"):
            if not isinstance(values.get(key, {}), dict):
                values.pop(key)
        values["people"] = [
            Person(**{k: v for k, v in p.items() if k in Person.__dataclass_fields__})
            for p in values.get("people", [])
            if isinstance(p, dict)
        ]
        values["told"] = {
            str(k): Told(**{f: v for f, v in t.items() if f in Told.__dataclass_fields__})
            for k, t in dict(values.get("told", {})).items()
            if isinstance(t, dict)
        }
        return cls(**values)


@dataclass
class Session:
    """The state plus what the wizard learnt from the engine and the store."""

    state: WizardState
    guidance: Guidance | None = None
