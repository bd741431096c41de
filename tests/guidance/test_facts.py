"""The incident facts contract: defaults, canonical order, and precise errors."""

from __future__ import annotations

import pytest

from misuse_responder.guidance import FactsError, IncidentFacts, parse_facts

PLATFORMS = ("instagram", "tiktok")


def test_defaults() -> None:
    f = parse_facts({"concerns": ["bullying"]}, PLATFORMS)
    assert f == IncidentFacts(concerns=("bullying",))
    assert f.to_dict() == {
        "platform": "other",
        "school_account": False,
        "targets": [],
        "subject": "unknown",
        "subject_identified": False,
        "subject_under_13": False,
        "target_age": "unknown",
        "subject_age": "unknown",
        "head_is_dsl": False,
        "has_deputy_dsl": True,
        "subject_is_dsl": False,
        "subject_agency_staff": False,
        "harm_tests": {
            "harmed": "not-sure",
            "offence": "not-sure",
            "risk": "not-sure",
            "unsuitable": "not-sure",
        },
        "concerns": ["bullying"],
    }
    # the cautious side: ages unknown, a deputy DSL assumed, the harm threshold met
    assert f.harm_threshold_met and not f.subject_holds_dsl and not f.subject_under_13


def test_facts_stored_before_the_age_and_role_keys_still_parse() -> None:
    old = {
        "platform": "instagram",
        "school_account": False,
        "targets": ["pupil"],
        "subject": "pupil",
        "subject_identified": True,
        "subject_under_13": True,
        "concerns": ["bullying"],
    }
    f = parse_facts(old, PLATFORMS)
    assert f.subject_age == "under-13" and f.subject_under_13
    assert f.target_age == "unknown"
    again = f.to_dict()
    assert again["subject_under_13"] is True and again["subject_age"] == "under-13"
    assert parse_facts(again, PLATFORMS) == f  # what to_dict writes parses back the same


@pytest.mark.parametrize("age", ["13-15", "16-17", "18-plus", "unknown"])
def test_subject_under_13_false_agrees_with_every_other_band(age: str) -> None:
    f = parse_facts({"concerns": ["bullying"], "subject_age": age, "subject_under_13": False}, ())
    assert f.subject_age == age and not f.subject_under_13


def test_subject_under_13_alias_and_disagreement() -> None:
    assert parse_facts({"concerns": ["bullying"], "subject_age": "under-13"}, ()).subject_under_13
    both = {"concerns": ["bullying"], "subject_age": "under-13", "subject_under_13": True}
    assert parse_facts(both, ()).subject_age == "under-13"
    with pytest.raises(FactsError, match="subject_under_13: true disagrees with subject_age"):
        parse_facts(
            {"concerns": ["bullying"], "subject_age": "16-17", "subject_under_13": True}, ()
        )
    with pytest.raises(FactsError, match="subject_under_13: false disagrees"):
        parse_facts(
            {"concerns": ["bullying"], "subject_age": "under-13", "subject_under_13": False}, ()
        )


def test_roles_and_harm_tests() -> None:
    head = parse_facts(
        {"concerns": ["staff-conduct"], "subject": "headteacher", "head_is_dsl": True}, ()
    )
    assert head.subject_holds_dsl
    dsl = parse_facts(
        {"concerns": ["staff-conduct"], "subject": "staff", "subject_is_dsl": True}, ()
    )
    assert dsl.subject_holds_dsl
    # the Head is the DSL but the concern is about someone else
    other = parse_facts(
        {"concerns": ["staff-conduct"], "subject": "staff", "head_is_dsl": True}, ()
    )
    assert not other.subject_holds_dsl
    no = {"harmed": "no", "offence": "no", "risk": "no", "unsuitable": "no"}
    assert not parse_facts({"concerns": ["staff-conduct"], "harm_tests": no}, ()).harm_threshold_met
    partial = {"harmed": "no", "offence": "no", "risk": "no"}  # missing = not sure
    f = parse_facts({"concerns": ["staff-conduct"], "harm_tests": partial}, ())
    assert f.harm_threshold_met and f.harm_tests[-1] == "not-sure"
    one_yes = {**no, "risk": "yes"}
    assert parse_facts(
        {"concerns": ["staff-conduct"], "harm_tests": one_yes}, ()
    ).harm_threshold_met


def test_canonical_order_and_duplicates() -> None:
    a = parse_facts(
        {"concerns": ["scam", "bullying", "scam"], "targets": ["staff", "pupil"]}, PLATFORMS
    )
    assert a.concerns == ("bullying", "scam") and a.targets == ("pupil", "staff")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "concerns: this key is required"),
        ({"concerns": []}, "concerns: choose at least one concern"),
        ({"concerns": ["bullying"], "platfrom": "x"}, "unknown key 'platfrom'"),
        ({"concerns": ["bulying"]}, "concerns[0]: unknown value 'bulying'"),
        ({"concerns": "bullying"}, "concerns: expected a list, got 'bullying'"),
        ({"concerns": [3]}, "concerns[0]: expected text, got int"),
        ({"concerns": ["bullying"], "platform": "myspace"}, "platform: unknown value 'myspace'"),
        (
            {"concerns": ["bullying"], "school_account": "yes"},
            "school_account: expected true or false",
        ),
        (
            {"concerns": ["bullying"], "subject_under_13": 1},
            "subject_under_13: expected true or false",
        ),
        ({"concerns": ["bullying"], "subject": None}, "subject: expected text, got null"),
        ({"concerns": ["bullying"], "subject": "teacher"}, "subject: unknown value 'teacher'"),
        ({"concerns": ["bullying"], "targets": ["pupil", "pupils"]}, "targets[1]: unknown value"),
        ([1, 2], "the facts must be a JSON object, got a list"),
        ({"concerns": ["bullying"], "target_age": "15"}, "target_age: unknown value '15'"),
        ({"concerns": ["bullying"], "subject_age": 17}, "subject_age: expected text, got int"),
        ({"concerns": ["bullying"], "head_is_dsl": "yes"}, "head_is_dsl: expected true or false"),
        ({"concerns": ["bullying"], "has_deputy_dsl": None}, "has_deputy_dsl: expected true or"),
        ({"concerns": ["bullying"], "subject_is_dsl": 0}, "subject_is_dsl: expected true or"),
        (
            {"concerns": ["bullying"], "subject_agency_staff": "no"},
            "subject_agency_staff: expected true or false",
        ),
        ({"concerns": ["bullying"], "harm_tests": ["no"]}, "harm_tests: expected an object"),
        (
            {"concerns": ["bullying"], "harm_tests": {"harm": "no"}},
            "harm_tests: unknown key 'harm'",
        ),
        (
            {"concerns": ["bullying"], "harm_tests": {"risk": "maybe"}},
            "harm_tests.risk: unknown value 'maybe'",
        ),
    ],
)
def test_errors_name_the_problem(data: object, message: str) -> None:
    with pytest.raises(FactsError) as info:
        parse_facts(data, PLATFORMS)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_other_and_none_platforms_always_allowed() -> None:
    assert parse_facts({"concerns": ["press"], "platform": "none"}, ()).platform == "none"
    assert parse_facts({"concerns": ["press"], "platform": "other"}, ()).platform == "other"
