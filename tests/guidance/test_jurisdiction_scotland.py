"""Scotland: the scenario table's full routing, and the words, law and roles a Scottish school
is given."""

from __future__ import annotations

import re

import pytest

from misuse_responder.guidance import assess_data, load_guides, support_for
from misuse_responder.guidance import vocabulary as v
from misuse_responder.guidance.facts import parse_facts
from misuse_responder.guidance.jurisdictions import head_concern, role_available, role_label
from tests.guidance.scenarios import Scenario
from tests.guidance.scenarios_scotland import SCOTLAND_SCENARIOS
from tests.guidance.test_engine import test_scenario_routing as check_routing


def test_the_table_is_big_enough() -> None:
    assert len(SCOTLAND_SCENARIOS) >= 15
    names = [s.name for s in SCOTLAND_SCENARIOS]
    assert len(names) == len(set(names))
    assert all(s.facts["jurisdiction"] == "scotland" for s in SCOTLAND_SCENARIOS)


@pytest.mark.parametrize("scenario", SCOTLAND_SCENARIOS, ids=lambda s: s.name)
def test_scotland_routing(scenario: Scenario) -> None:
    check_routing(scenario)


def _all_text(facts: dict[str, object]) -> str:
    g = load_guides()
    out = assess_data(facts)
    parsed = parse_facts(facts, g.platforms.keys())
    parts = [f"{s.title}. {s.detail} ({s.source})" for s in out.steps]
    parts += [f"{s.title}. {s.detail} ({s.source})" for s in support_for(parsed, g, out)]
    return "\n".join(parts)


@pytest.mark.parametrize("scenario", SCOTLAND_SCENARIOS, ids=lambda s: s.name)
def test_no_english_roles_or_documents_in_scottish_guidance(scenario: Scenario) -> None:
    text = _all_text(scenario.facts)
    for english in (
        r"\bDSL\b",
        r"designated safeguarding lead",
        r"Chair of Governors",
        r"children's social care",
        r"\bMASH\b",
        r"\bKCSIE\b",
        r"\bUKCIS\b",
        r"Working Together",
        r"\bCPS\b",
        r"Sexual Offences Act 2003",
        r"Protection of Children Act 1978",
        r"Malicious Communications Act",
        r"Action Fraud(?!\))",
        r"True Vision(?! do not)",
    ):
        assert not re.search(english, text), (english, scenario.name)
    for sentence in re.split(r"(?<=[.;:])\s+", text):
        if "LADO" in sentence:
            assert "no LADO" in sentence, sentence


def test_the_lead_is_the_child_protection_co_ordinator() -> None:
    out = assess_data({"concerns": ["bullying"], "targets": ["pupil"], "jurisdiction": "scotland"})
    tell = next(s for s in out.steps if s.id == "tell-dsl")
    assert tell.title == (
        "Tell the child protection co-ordinator (the school's lead for child protection) "
        "as soon as you can"
    )
    g = load_guides()
    assert role_label(g, "scotland", "dsl") == "Child protection co-ordinator"
    assert role_label(g, "scotland", "head") == "Head teacher"  # a contact role: the Head's entry
    assert role_label(g, "scotland", "childrens-social-care", short=True) == "social work"


def test_there_is_no_lado_and_the_education_service_leads_about_the_head() -> None:
    g = load_guides()
    assert not role_available(g, "scotland", "lado") and role_available(g, "england", "lado")
    assert "social work and the police" in role_label(g, "scotland", "lado")
    lead = head_concern(g, "scotland")
    assert lead is not None and lead.to == "chair"
    assert "education service" in lead.label and "proprietor" in lead.label
    out = assess_data(
        {
            "concerns": ["staff-conduct"],
            "targets": ["pupil"],
            "subject": "headteacher",
            "subject_identified": True,
            "jurisdiction": "scotland",
        }
    )
    chair = next(s for s in out.steps if s.id == "tell-chair")
    assert chair.title == "Tell the council's education service (not the head teacher)"
    ird = next(s for s in out.steps if s.id == "ird-about-staff")
    assert ird.title.startswith("The council's education service shares the concern")


def test_the_police_step_names_scots_law() -> None:
    out = assess_data(
        {
            "concerns": ["grooming"],
            "targets": ["pupil"],
            "subject": "adult",
            "subject_age": "18-plus",
            "target_age": "13-15",
            "jurisdiction": "scotland",
        }
    )
    police = next(s for s in out.steps if s.id == "report-to-police")
    assert "Police Scotland" in police.title
    assert "Sexual Offences (Scotland) Act 2009, section 34" in police.detail
    assert (
        "Protection of Children and Prevention of Sexual Offences (Scotland) Act 2005"
        in police.detail
    )
    assert "https://www.legislation.gov.uk/asp/2009/9/section/34" in police.source
    # A child under 13 is not a child of 13 to 15: that offence is not named.
    assert "section 24" not in police.detail


@pytest.mark.parametrize(
    ("concern", "scots", "english"),
    [
        ("hate", "Hate Crime and Public Order (Scotland) Act 2021", "Public Order Act 1986"),
        (
            "harassment",
            "Criminal Justice and Licensing (Scotland) Act 2010, section 39",
            "Harassment Act",
        ),
        (
            "threats",
            "Criminal Justice and Licensing (Scotland) Act 2010, section 38",
            "Online Safety Act 2023, section 181",
        ),
        ("scam", "Scots common law (fraud)", "Fraud Act 2006"),
        (
            "nude-imagery",
            "Civic Government (Scotland) Act 1982, section 52",
            "Protection of Children Act",
        ),
        ("sextortion", "Scots common law (extortion)", "Theft Act 1968"),
    ],
)
def test_each_concern_names_the_scottish_offence(concern: str, scots: str, english: str) -> None:
    facts = {
        "concerns": [concern],
        "targets": ["pupil"],
        "subject": "adult",
        "jurisdiction": "scotland",
    }
    out = assess_data(facts)
    police = next(s for s in out.steps if s.id in ("report-to-police", "seek-police-advice"))
    assert scots in police.detail and english not in police.detail
    england = assess_data({**facts, "jurisdiction": "england"})
    police_e = [s for s in england.steps if s.id in ("report-to-police", "seek-police-advice")]
    # England names its own law here (or, for a scam, sends it to Report Fraud instead).
    assert any(english in s.detail for s in police_e) or concern in ("threats", "scam")


def test_online_safety_act_self_harm_offence_is_named_in_scotland_too() -> None:
    out = assess_data(
        {
            "concerns": ["self-harm"],
            "targets": ["pupil"],
            "subject": "adult",
            "jurisdiction": "scotland",
        }
    )
    assert any("Online Safety Act 2023, section 184" in s.detail for s in out.steps)


def test_every_concern_has_a_routing_in_scotland() -> None:
    for concern in v.CONCERNS:
        out = assess_data({"concerns": [concern], "jurisdiction": "scotland"})
        assert out.escalate_to and out.steps


def test_the_assess_command_takes_the_jurisdiction_in_the_facts() -> None:
    import json
    import subprocess
    import sys

    facts = {"concerns": ["scam"], "targets": ["pupil"], "jurisdiction": "scotland"}
    out = subprocess.run(
        [sys.executable, "-m", "misuse_responder", "assess", "-"],
        input=json.dumps(facts),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    guidance = json.loads(out.stdout)
    assert guidance["police"] == "report" and "action-fraud" not in guidance["refer_to"]
    assert any(s["title"] == "Report to Police Scotland" for s in guidance["steps"])
    bad = subprocess.run(
        [sys.executable, "-m", "misuse_responder", "assess", "-"],
        input=json.dumps({**facts, "jurisdiction": "Scotland"}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2 and "jurisdiction: unknown value 'Scotland'" in bad.stderr
