"""Northern Ireland's scenario table (scenarios_northern_ireland.py) against the engine."""

from __future__ import annotations

import pytest

from tests.guidance.nation_checks import check_documents, check_grid, check_routing, routing_pairs
from tests.guidance.scenarios_northern_ireland import SCENARIOS
from tests.guidance.scenarios_wales import NationScenario


def test_the_table_is_big_enough_and_names_are_unique() -> None:
    assert len(SCENARIOS) >= 15
    names = [s.name for s in SCENARIOS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario_routing(scenario: NationScenario) -> None:
    check_routing(scenario, "northern-ireland")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_only_northern_ireland_documents_are_cited(scenario: NationScenario) -> None:
    check_documents(scenario, "northern-ireland")


def test_no_england_words_or_documents_over_a_grid() -> None:
    words = (
        "KCSIE",
        "UKCIS",
        "Working Together to Safeguard Children",
        "LADO",
        "MASH",
        "DSL",
        "Head teacher",
        "children's social care",
        "Sexual Offences Act 2003",
        "CPS",
    )
    assert check_grid("northern-ireland", words) > 5000


def test_no_lado_or_prevent_and_someone_always_leads_instead() -> None:
    """Where England goes to the LADO, NI goes to the principal (or the chair) and at least
    asks the PSNI; where England refers to Prevent, NI's designated teacher takes the child
    protection route; nothing else about the routing changes."""
    levels = ("none", "consider", "report", "999")
    for row, england, ni in routing_pairs("northern-ireland"):
        assert "lado" not in ni.escalate_to and "prevent" not in ni.refer_to, row
        assert not {"contact-lado", "refer-prevent"} & set(ni.step_ids), row
        assert ni.evidence == england.evidence and ni.contact_subject == england.contact_subject
        assert set(england.escalate_to) - {"lado"} <= set(ni.escalate_to), row
        assert set(england.refer_to) - {"prevent"} <= set(ni.refer_to), row
        assert levels.index(ni.police) >= levels.index(england.police), row
        if "lado" in england.escalate_to:
            assert {"headteacher", "chair"} & set(ni.escalate_to), row
            assert ni.police != "none" and "follow-allegations-procedure" in ni.step_ids, row
        if "prevent" in england.refer_to:
            assert "ni-extremism-safeguarding" in ni.step_ids, row
        added = set(ni.escalate_to) - set(england.escalate_to)
        assert added <= {"headteacher"}, row
        assert "headteacher" not in added or "lado" in england.escalate_to, row
        extra = set(ni.refer_to) - set(england.refer_to)
        assert extra <= {"childrens-social-care"} and (not extra or "lado" in england.escalate_to)
