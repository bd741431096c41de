"""Wales's scenario table (tests/guidance/scenarios_wales.py) against the engine."""

from __future__ import annotations

import pytest

from tests.guidance.nation_checks import check_documents, check_grid, check_routing, routing_pairs
from tests.guidance.scenarios_wales import SCENARIOS, NationScenario


def test_the_table_is_big_enough_and_names_are_unique() -> None:
    assert len(SCENARIOS) >= 15
    names = [s.name for s in SCENARIOS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario_routing(scenario: NationScenario) -> None:
    check_routing(scenario, "wales")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_only_wales_documents_are_cited(scenario: NationScenario) -> None:
    check_documents(scenario, "wales")


def test_no_england_words_or_documents_over_a_grid() -> None:
    words = ("KCSIE", "UKCIS", "Working Together to Safeguard Children", "LADO", "MASH", "DSL")
    assert check_grid("wales", words) > 5000


def test_the_routing_is_englands_for_every_fact() -> None:
    """Wales shares England's law and services: only the words change, never the routing."""
    for row, england, wales in routing_pairs("wales"):
        for field in ("evidence", "police", "escalate_to", "refer_to", "contact_subject"):
            assert getattr(wales, field) == getattr(england, field), (field, row)
        assert wales.step_ids == england.step_ids, row
