"""Wales's scenario table (tests/guidance/scenarios_wales.py) against the engine."""

from __future__ import annotations

import pytest

from tests.guidance.nation_checks import check_documents, check_routing
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
