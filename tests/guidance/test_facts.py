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
        "concerns": ["bullying"],
    }


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
