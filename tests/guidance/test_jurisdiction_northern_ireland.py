"""Northern Ireland's scenario table (scenarios_northern_ireland.py) against the engine."""

from __future__ import annotations

import pytest

from tests.guidance.nation_checks import check_documents, check_routing
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
