"""The answers about the people involved, and the engine's facts they give (no Qt).

Each question offers "Not sure", and "Not sure" always gives the cautious fact (an unknown
age band; "yes" for the DSL question, the four harm tests and agency staff). Questions
that do not apply to the people ticked are not sent (the engine's defaults apply).

The engine's contract is probed rather than assumed (``supported_fact_keys``): a fact the
engine cannot yet be told is never sent, since its parser rejects unknown keys.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from misuse_responder.guidance import FactsError, parse_facts
from misuse_responder.i18n import _

AGE_BANDS = ("under-13", "13-15", "16-17", "18-plus", "unknown")
HARM_TESTS = ("harmed", "offence", "risk", "unsuitable")
ANSWERS = ("yes", "no", "not-sure")
ADULTS_IN_SCHOOL = ("staff", "headteacher", "governor")
# Whose age is asked: a pupil's, or that of someone not known (an adult is 18 or over).
AGE_ASKED_FOR = ("pupil", "unknown")
NEW_FACTS: dict[str, object] = {
    "target_age": "unknown",
    "subject_age": "unknown",
    "head_is_dsl": False,
    "has_deputy_dsl": False,
    "subject_is_dsl": False,
    "harm_tests": {t: "not-sure" for t in HARM_TESTS},
    "subject_agency_staff": False,
}


@functools.cache
def supported_fact_keys() -> frozenset[str]:
    """The new facts the engine's parser accepts (each probed with its default value)."""
    found: set[str] = set()
    for key, value in NEW_FACTS.items():
        try:
            parse_facts({"concerns": ["bullying"], key: value}, ())
        except FactsError:
            continue
        found.add(key)
    return frozenset(found)


def age_labels() -> dict[str, str]:
    return {
        "unknown": _("Not sure"),
        "under-13": _("Under 13"),
        "13-15": _("13 to 15"),
        "16-17": _("16 or 17"),
        "18-plus": _("18 or over"),
    }


def harm_questions() -> dict[str, str]:
    """KCSIE 2025 Part 4's four harm tests, in plain words."""
    return {
        "harmed": _("Has this person harmed a child, or may they have?"),
        "offence": _("Might they have committed a criminal offence against or related to a child?"),
        "risk": _("Has their behaviour suggested they may pose a risk of harm to children?"),
        "unsuitable": _(
            "Has their behaviour suggested they may not be suitable to work with children?"
        ),
    }


def answer_labels() -> dict[str, str]:
    return {"yes": _("Yes"), "no": _("No"), "not-sure": _("Not sure")}


def cautious(answer: str) -> bool:
    """A yes/no/not-sure answer as a fact: only a plain "no" is false."""
    return answer != "no"


def clean_answer(value: object) -> str:
    return value if isinstance(value, str) and value in ANSWERS else "not-sure"


def clean_age(value: object) -> str:
    return value if isinstance(value, str) and value in AGE_BANDS else "unknown"


def people_facts(
    answers: Mapping[str, Any],
    targets: list[str] | tuple[str, ...],
    subject: str,
    school: Mapping[str, bool],
) -> dict[str, Any]:
    """The engine's facts for these answers: only those relevant, only those it accepts.

    ``school`` is ``profile_facts(profile)`` (who holds the DSL role). Questions not shown
    for these people are not sent (the engine's default applies); "Not sure" is cautious.
    """
    supported = supported_fact_keys()
    facts: dict[str, Any] = {}
    subject_age = clean_age(answers.get("subject_age")) if subject in AGE_ASKED_FOR else "unknown"
    if "subject_age" in supported:
        facts["subject_age"] = subject_age
    else:
        facts["subject_under_13"] = subject_age == "under-13"
    if "target_age" in supported:
        facts["target_age"] = (
            clean_age(answers.get("target_age")) if "pupil" in targets else "unknown"
        )
    for key in ("head_is_dsl", "has_deputy_dsl"):
        if key in supported:
            facts[key] = bool(school.get(key, False))
    if "subject_is_dsl" in supported:
        if subject == "headteacher" and school.get("head_is_dsl"):
            facts["subject_is_dsl"] = True
        elif subject in ("staff", "headteacher"):
            facts["subject_is_dsl"] = cautious(clean_answer(answers.get("is_dsl")))
        else:
            facts["subject_is_dsl"] = False
    if "harm_tests" in supported and subject in ADULTS_IN_SCHOOL:
        tests = answers.get("harm_tests")
        tests = tests if isinstance(tests, Mapping) else {}
        facts["harm_tests"] = {t: clean_answer(tests.get(t)) for t in HARM_TESTS}
    if "subject_agency_staff" in supported:
        facts["subject_agency_staff"] = subject == "staff" and cautious(
            clean_answer(answers.get("agency"))
        )
    return facts


def answers_from_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    """The plain answers that give these facts (for the facts editor and old cases)."""
    subject_age = facts.get("subject_age")
    if subject_age is None and facts.get("subject_under_13"):
        subject_age = "under-13"
    tests = facts.get("harm_tests")
    return {
        "target_age": clean_age(facts.get("target_age")),
        "subject_age": clean_age(subject_age),
        "is_dsl": "yes" if facts.get("subject_is_dsl") else "no",
        "agency": "yes" if facts.get("subject_agency_staff") else "no",
        "harm_tests": {t: clean_answer(tests.get(t)) for t in HARM_TESTS}
        if isinstance(tests, Mapping)
        else {t: "not-sure" for t in HARM_TESTS},
    }
