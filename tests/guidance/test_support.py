"""support_for: what to offer the people affected, in the case's words and for their age."""

from __future__ import annotations

import re

import pytest

from misuse_responder.guidance import IncidentFacts, load_guides, parse_facts, support_for
from misuse_responder.guidance import vocabulary as v


def _facts(**kw: object) -> IncidentFacts:
    return parse_facts({"concerns": ["nude-imagery"], "targets": ["pupil"], **kw}, ())


def test_report_remove_is_offered_only_to_under_18s_or_unknown_ages() -> None:
    g = load_guides()
    assert "pupil-report-remove" in {i.id for i in support_for(_facts(), g)}
    assert "pupil-report-remove" in {i.id for i in support_for(_facts(target_age="16-17"), g)}
    adult = support_for(_facts(target_age="18-plus"), g)
    assert "pupil-report-remove" not in {i.id for i in adult}


@pytest.mark.parametrize(
    "roles",
    [
        {"subject": "staff", "subject_is_dsl": True},
        {"subject": "staff", "subject_is_dsl": True, "has_deputy_dsl": False},
        {"subject": "headteacher", "head_is_dsl": True},
        {"subject": "headteacher", "head_is_dsl": True, "has_deputy_dsl": False},
    ],
)
@pytest.mark.parametrize("concern", v.CONCERNS)
def test_no_support_item_sends_anyone_to_the_dsl_when_the_dsl_is_responsible(
    roles: dict[str, object], concern: str
) -> None:
    g = load_guides()
    facts = parse_facts(
        {"concerns": [concern], "targets": ["pupil", "staff", "parent"], **roles}, ()
    )
    for item in support_for(facts, g):
        assert not re.search(r"(?<!deputy )\bDSL\b", f"{item.title} {item.detail}"), item.id


def test_the_catalogue_keeps_the_default_words() -> None:
    g = load_guides()
    item = next(i for i in g.support if i.id == "pupil-report-remove")
    assert "Still tell the DSL." in item.detail and "{" not in item.detail
