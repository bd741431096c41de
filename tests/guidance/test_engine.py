"""The guidance engine against the scenario table, plus invariants checked over many facts."""

from __future__ import annotations

import itertools
import json
import random
import re

import pytest

from misuse_responder.guidance import (
    Guidance,
    IncidentFacts,
    assess,
    assess_data,
    load_guides,
    parse_facts,
)
from misuse_responder.guidance import vocabulary as v
from misuse_responder.guidance.engine import matches, offences_for
from tests.guidance.scenarios import SCENARIOS, Scenario


def test_the_table_is_big_enough_and_covers_every_concern() -> None:
    assert len(SCENARIOS) >= 40
    covered = {c for s in SCENARIOS for c in s.facts["concerns"]}
    assert covered == set(v.CONCERNS)
    names = [s.name for s in SCENARIOS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario_routing(scenario: Scenario) -> None:
    g = assess_data(scenario.facts)
    routing = {
        "evidence": g.evidence,
        "police": g.police,
        "escalate_to": g.escalate_to,
        "refer_to": g.refer_to,
        "contact_subject": g.contact_subject,
    }
    assert routing == {
        "evidence": scenario.evidence,
        "police": scenario.police,
        "escalate_to": scenario.escalate_to,
        "refer_to": scenario.refer_to,
        "contact_subject": scenario.contact_subject,
    }
    ids = list(g.step_ids)
    assert tuple(ids[: len(scenario.first_steps)]) == scenario.first_steps
    for step in scenario.includes:
        assert step in ids, f"{step} missing from {ids}"
    for step in scenario.excludes:
        assert step not in ids, f"{step} should not be in {ids}"
    for first, second in scenario.before:
        assert ids.index(first) < ids.index(second), f"{first} should come before {second}"


# --- Invariants over a broad grid of facts ------------------------------------------------
#
# GRID: every concern alone and in pairs, for every kind of subject, seven sets of people
# affected and three platforms, with the age, role and harm facts at their (cautious)
# defaults. ROLE_GRID: every concern alone for adults in school, under every combination of
# who holds the DSL role, the harm-threshold answers and agency staff (exhaustive).
# AGE_GRID: a fixed random sample of concerns, subjects, people affected, both ages, roles
# and harm answers (seeded, so every run checks the same facts).

_SUBJECTS = v.SUBJECTS
_TARGET_SETS = (
    [],
    ["pupil"],
    ["staff"],
    ["headteacher"],
    ["school"],
    ["pupil", "staff"],
    ["parent"],
)
_PLATFORMS = ("instagram", "none", "other")
NO_HARM = dict.fromkeys(v.HARM_TESTS, "no")
_HARM_SETS = (
    {},
    NO_HARM,
    {**NO_HARM, "unsuitable": "not-sure"},
)
_ROLES = [
    {"head_is_dsl": h, "has_deputy_dsl": d, "subject_is_dsl": s}
    for h in (False, True)
    for d in (True, False)
    for s in (False, True)
]


def _grid() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    pairs = [(c,) for c in v.CONCERNS] + list(itertools.combinations(v.CONCERNS, 2))
    for concerns in pairs:
        for subject in _SUBJECTS:
            for targets in _TARGET_SETS:
                for platform in _PLATFORMS:
                    rows.append(
                        {
                            "concerns": list(concerns),
                            "subject": subject,
                            "subject_identified": subject != "unknown",
                            "targets": targets,
                            "platform": platform,
                            "school_account": platform == "other" and "school" in targets,
                            "subject_under_13": subject == "pupil" and platform == "instagram",
                        }
                    )
    return rows


def _role_grid() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for concern in v.CONCERNS:
        for subject in ("staff", "headteacher", "governor"):
            for targets in (["pupil"], ["staff"]):
                for roles in _ROLES:
                    for harm in _HARM_SETS:
                        for agency in (False, True):
                            rows.append(
                                {
                                    "concerns": [concern],
                                    "subject": subject,
                                    "subject_identified": True,
                                    "targets": targets,
                                    "platform": "instagram",
                                    **roles,
                                    "harm_tests": harm,
                                    "subject_agency_staff": agency,
                                }
                            )
    return rows


def _age_grid(size: int = 8_000) -> list[dict[str, object]]:
    rng = random.Random(14)
    pairs = [[c] for c in v.CONCERNS] + [list(p) for p in itertools.combinations(v.CONCERNS, 2)]
    rows: dict[str, dict[str, object]] = {}
    while len(rows) < size:
        subject = rng.choice(_SUBJECTS)
        row: dict[str, object] = {
            "concerns": rng.choice(pairs),
            "subject": subject,
            "subject_identified": rng.random() < 0.7,
            "targets": rng.choice(_TARGET_SETS),
            "platform": rng.choice(_PLATFORMS),
            "target_age": rng.choice(v.AGE_BANDS),
            "subject_age": rng.choice(v.AGE_BANDS),
            **rng.choice(_ROLES),
            "harm_tests": rng.choice(_HARM_SETS),
            "subject_agency_staff": subject == "staff" and rng.random() < 0.3,
        }
        rows[json.dumps(row, sort_keys=True)] = row
    return list(rows.values())


GRID = _grid()
ROLE_GRID = _role_grid()
AGE_GRID = _age_grid()
CHILD_SEXUAL_IMAGES = {
    "nude-imagery",
    "coercion",
    "violent-or-unusual-acts",
    "under-13-sexual-acts",
    "sextortion",
}
SEXUAL_IMAGES = CHILD_SEXUAL_IMAGES
ADULTS = {"adult", "staff", "headteacher", "governor", "parent"}
IN_SCHOOL = {"staff", "headteacher", "governor"}
ALL_TARGETS = set(v.TARGETS)
# A sentence that mentions making or passing on a copy must be a prohibition.
COPY_WORDS = re.compile(
    r"\b(screenshots?|cop(y|ies)|sav(e|ing)|forward\w*|print\w*|download\w*|"
    r"upload\w*|send|sent)\b",
    re.IGNORECASE,
)
NEGATION = re.compile(r"\b(not|never|no|nothing|don't|do not|without)\b", re.IGNORECASE)
SENTENCES = re.compile(r"(?<=[.;:])\s+")

Outcome = tuple[IncidentFacts, Guidance]


def _assess_all(rows: list[dict[str, object]]) -> list[Outcome]:
    g = load_guides()
    out = []
    for row in rows:
        facts = parse_facts(row, g.platforms.keys())
        out.append((facts, assess(facts, g)))
    return out


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    return _assess_all(GRID) + _assess_all(ROLE_GRID) + _assess_all(AGE_GRID)


# --- What the invariants expect, written from the guidance (not from rules.yaml) ------------


def child_shown(f: IncidentFacts) -> bool:
    """Sexual images in which a child under 18 (or of unknown age) may be shown."""
    concerns = set(f.concerns)
    return "under-13-sexual-acts" in concerns or (
        bool(concerns & CHILD_SEXUAL_IMAGES) and f.target_age != "18-plus"
    )


def adult_involved(f: IncidentFacts) -> bool:
    return f.subject in ADULTS or f.subject_age == "18-plus"


def child_may_be_harmed(f: IncidentFacts) -> bool:
    targets = set(f.targets)
    return (
        (bool(targets & {"pupil", "other"}) and f.target_age != "18-plus")
        or not targets
        or (f.subject == "pupil" and f.subject_age != "18-plus")
        or bool(set(f.concerns) & {"grooming", "under-13-sexual-acts"})
        or child_shown(f)
    )


def child_target(f: IncidentFacts) -> bool:
    targets = set(f.targets)
    return (bool(targets & {"pupil", "other"}) or not targets) and f.target_age != "18-plus"


def about_adult_in_school(f: IncidentFacts) -> bool:
    concerns = set(f.concerns)
    return "staff-conduct" in concerns or (
        f.subject in IN_SCHOOL
        and (
            "pupil" in f.targets
            or bool(concerns & (CHILD_SEXUAL_IMAGES | {"grooming", "obscene-material"}))
        )
    )


def lead(f: IncidentFacts) -> str:
    """Who does the DSL's job for this case: never the person the concern is about."""
    if not f.subject_holds_dsl:
        return "dsl"
    if f.has_deputy_dsl:
        return "deputy-dsl"
    return "chair" if f.subject == "headteacher" else "headteacher"


LEAD_NOW_STEP = {
    "dsl": "tell-dsl-now",
    "deputy-dsl": "tell-stand-in-now",
    "headteacher": "tell-stand-in-now",
    "chair": "tell-stand-in-now",
}
LEAD_STEPS = {
    "dsl": {"tell-dsl", "tell-dsl-now", "tell-head-who-is-dsl"},
    "deputy-dsl": {"tell-deputy-dsl", "tell-stand-in-now"},
    "headteacher": {"tell-headteacher", "tell-stand-in-now"},
    "chair": {"tell-chair", "tell-stand-in-now"},
}


def test_grid_is_broad(outcomes: list[Outcome]) -> None:
    assert len(GRID) == 33_957 and len(ROLE_GRID) == 6_048 and len(AGE_GRID) == 8_000
    assert len(outcomes) == len(GRID) + len(ROLE_GRID) + len(AGE_GRID)


def test_sexual_images_are_never_captured(outcomes: list[Outcome]) -> None:
    steps = load_guides().steps
    checked: set[str] = set()
    for f, g in outcomes:
        if child_shown(f) or set(f.concerns) & (CHILD_SEXUAL_IMAGES | {"obscene-material"}):
            assert g.evidence == "do-not-capture", f
            assert "preserve-evidence" not in g.step_ids and "record-description" in g.step_ids
            assert "platform" not in g.refer_to or "obscene-material" in f.concerns, f
            assert not g.contact_subject
        if child_shown(f):
            assert lead(f) in g.escalate_to, f
            assert "stop-do-not-view" in g.step_ids and "secure-device" in g.step_ids
            assert "platform" not in g.refer_to and "report-harmful-content" not in g.refer_to
        if g.evidence == "do-not-capture":
            for step in g.steps:
                assert "capture" not in steps[step.id].only_if, (f, step.id)
                text = f"{step.title}. {step.detail}"
                if text in checked:
                    continue
                checked.add(text)
                for sentence in SENTENCES.split(text):
                    if COPY_WORDS.search(sentence):
                        assert NEGATION.search(sentence), (step.id, sentence)


def test_immediate_danger_comes_first_then_the_dsl_or_who_stands_in(
    outcomes: list[Outcome],
) -> None:
    for f, g in outcomes:
        if "immediate-danger" in f.concerns:
            assert g.police == "999"
            assert g.step_ids[:2] == ("call-999", LEAD_NOW_STEP[lead(f)]), f
        else:
            assert g.police != "999"
            assert "call-999" not in g.step_ids


def test_no_step_or_escalation_sends_anyone_to_the_dsl_when_the_dsl_is_the_subject(
    outcomes: list[Outcome],
) -> None:
    mentions_dsl = re.compile(r"(?<!deputy )\bDSL\b")
    allowed = re.compile(
        r"\b(not|about the DSL|is the DSL|is also the DSL|who is the DSL)\b|the DSL's place"
    )
    checked: set[str] = set()
    for f, g in outcomes:
        if not f.subject_holds_dsl:
            continue
        assert "dsl" not in g.escalate_to, f
        assert g.lead == lead(f) != "dsl", f
        assert not {"tell-dsl", "tell-dsl-now", "tell-head-who-is-dsl"} & set(g.step_ids), f
        assert lead(f) in g.escalate_to or not g.escalate_to or "dsl" not in g.escalate_to
        for step in g.steps:
            text = f"{step.title}. {step.detail}"
            if text in checked:
                continue
            checked.add(text)
            for sentence in SENTENCES.split(text):
                if mentions_dsl.search(sentence):
                    assert allowed.search(sentence), (step.id, sentence)


def test_the_dsl_role_is_always_filled_when_a_pupil_is_involved(
    outcomes: list[Outcome],
) -> None:
    for f, g in outcomes:
        assert g.escalate_to, f
        if "pupil" in f.targets or f.subject == "pupil":
            assert lead(f) in g.escalate_to, f
            assert LEAD_STEPS[lead(f)] & set(g.step_ids), f


def test_head_never_told_about_themselves(outcomes: list[Outcome]) -> None:
    head_steps = {"tell-headteacher", "tell-head-who-is-dsl"}
    checked: set[str] = set()
    for f, g in outcomes:
        if f.subject == "headteacher":
            assert "headteacher" not in g.escalate_to and "chair" in g.escalate_to, f
            assert not head_steps & set(g.step_ids), f
            for step in g.steps:
                text = f"{step.title}. {step.detail}"
                if text in checked:
                    continue
                checked.add(text)
                for sentence in SENTENCES.split(text):
                    if re.search(r"\bHead\b", sentence):
                        assert re.search(r"\bnot\b|about (the|them)|about the Head", sentence), (
                            step.id,
                            sentence,
                        )
        else:
            assert "chair" not in g.escalate_to, f


def test_no_service_is_referred_for_a_case_its_not_for_excludes(
    outcomes: list[Outcome],
) -> None:
    g_ = load_guides()
    for f, g in outcomes:
        for referral in g.refer_to:
            service = g_.services.get(g_.steps[g_.routing.refer_to[referral]].service or "")
            if service and service.excluded_when:
                assert not matches(service.excluded_when, f, g_.conditions), (referral, f)
        # the same, written out from each service's not_for
        if "report-remove" in g.refer_to:
            assert f.target_age != "18-plus", f
        if "report-harmful-content" in g.refer_to:
            assert not (f.target_age == "under-13" and set(f.targets) <= {"pupil"}), f
        if "action-fraud" in g.refer_to:
            assert not child_shown(f) and "grooming" not in f.concerns, f
        if "ceop" in g.refer_to:
            assert f.target_age != "18-plus" or set(f.concerns) & {
                "grooming",
                "under-13-sexual-acts",
            }, f
        if "iwf" in g.refer_to:
            assert child_shown(f), f


def test_social_care_and_child_safety_only_where_a_child_may_be_harmed(
    outcomes: list[Outcome],
) -> None:
    for f, g in outcomes:
        if not child_may_be_harmed(f):
            assert "childrens-social-care" not in g.refer_to, f
            assert "keep-child-safe" not in g.step_ids, f
        if "immediate-danger" in f.concerns and child_may_be_harmed(f):
            assert "childrens-social-care" in g.refer_to and "keep-child-safe" in g.step_ids


def test_lado_only_for_an_adult_in_school_over_the_harm_threshold(
    outcomes: list[Outcome],
) -> None:
    for f, g in outcomes:
        about = about_adult_in_school(f)
        assert ("lado" in g.escalate_to) is (about and f.harm_threshold_met), f
        assert ("record-low-level-concern" in g.step_ids) is (about and not f.harm_threshold_met)
        agency = about and f.subject == "staff" and f.subject_agency_staff
        assert ("inform-agency" in g.step_ids) is agency, f


def test_age_dependent_routes_read_the_ages(outcomes: list[Outcome]) -> None:
    for f, g in outcomes:
        if "report-remove" in g.refer_to:
            assert f.target_age != "18-plus"
        if "platform-underage" in g.refer_to:
            assert f.subject_age == "under-13"
        if child_shown(f) and adult_involved(f):
            assert g.police in ("report", "999") and "childrens-social-care" in g.refer_to, f
        if f.target_age == "18-plus" and not set(f.concerns) & {"under-13-sexual-acts"}:
            assert "iwf" not in g.refer_to and "dsl-decides-in-school" not in g.step_ids


def test_ceop_only_for_sexual_abuse_and_grooming(outcomes: list[Outcome]) -> None:
    for f, g in outcomes:
        concerns = set(f.concerns)
        expected = (
            "grooming" in concerns
            or ("sextortion" in concerns and child_shown(f))
            or (adult_involved(f) and child_shown(f))
            or (
                "obscene-material" in concerns
                and child_target(f)
                and (
                    adult_involved(f)
                    or (f.subject == "unknown" and f.subject_age in ("unknown", "18-plus"))
                )
            )
        )
        assert ("ceop" in g.refer_to) is expected, f


def test_report_harmful_content_only_after_a_platform_report(outcomes: list[Outcome]) -> None:
    for f, g in outcomes:
        if "report-harmful-content" in g.refer_to:
            assert "platform" in g.refer_to
            assert g.evidence == "capture"
            assert not set(f.concerns) & {"grooming", "extremism", "sextortion"}
            ids = g.step_ids
            assert ids.index("report-to-platform") < ids.index("report-harmful-content")


def test_asking_for_removal_only_from_an_identified_pupil(outcomes: list[Outcome]) -> None:
    serious = SEXUAL_IMAGES | {
        "immediate-danger",
        "grooming",
        "threats",
        "hate",
        "harassment",
        "extremism",
        "self-harm",
        "obscene-material",
        "flashing-images",
        "scam",
        "staff-conduct",
    }
    for f, g in outcomes:
        if g.contact_subject:
            assert f.subject == "pupil" and f.subject_identified
            assert not serious & set(f.concerns)
            assert not {"staff", "headteacher", "governor", "parent"} & set(f.targets)
            ids = g.step_ids
            told = min(ids.index(s) for s in LEAD_STEPS[lead(f)] if s in ids)
            assert told < ids.index("ask-subject-to-remove")
        else:
            assert "ask-subject-to-remove" not in g.step_ids


def test_evidence_kept_before_blocking_or_reporting(outcomes: list[Outcome]) -> None:
    for _facts, g in outcomes:
        ids = g.step_ids
        keep = "preserve-evidence" if g.evidence == "capture" else "record-description"
        assert keep in ids and "do-not-delete" in ids
        for later in (
            "report-to-platform",
            "block-after-preserving",
            "hide-from-school-account",
            "report-impersonation",
            "ask-subject-to-remove",
        ):
            if later in ids:
                assert ids.index(keep) < ids.index(later)


def test_offences_are_named_only_when_the_facts_fit(outcomes: list[Outcome]) -> None:
    g_ = load_guides()
    for f, _g in outcomes:
        named = set(offences_for(f, g_))
        under_18 = {"under-13", "13-15", "16-17"}
        if "soa-2003-s15a" in named or "soa-2003-s12" in named:
            assert f.subject_age not in under_18 and f.target_age not in ("16-17", "18-plus")
        if "osa-2023-s184" in named:
            assert f.subject != "pupil"
        if "poca-1978-s1" in named:
            assert child_shown(f)
        assert "mca-1988-s1" not in named or set(f.concerns) & {"bullying", "harassment", "hate"}


def test_routing_and_steps_agree(outcomes: list[Outcome]) -> None:
    g_ = load_guides()
    routing, steps = g_.routing, g_.steps
    for _facts, g in outcomes:
        ids = set(g.step_ids)
        covered = ids | {other for s in ids for other in steps[s].supersedes}
        for e in g.escalate_to:
            assert routing.escalate_to[e] in covered, (e, ids)
        for r in g.refer_to:
            assert routing.refer_to[r] in ids
        if g.police != "none":
            assert routing.police[g.police] in ids


def test_steps_are_in_catalogue_order(outcomes: list[Outcome]) -> None:
    steps = load_guides().steps
    for _facts, g in outcomes:
        orders = [(steps[s].order, s) for s in g.step_ids]
        assert orders == sorted(orders)
        assert len(set(g.step_ids)) == len(g.step_ids)


def test_police_step_names_current_offences() -> None:
    g = assess_data({"concerns": ["threats"], "subject": "adult", "targets": ["staff"]})
    police = next(s for s in g.steps if s.id == "report-to-police")
    assert "Online Safety Act 2023, section 181" in police.detail
    assert "Offences Against the Person Act 1861" in police.detail
    assert "2013" not in police.detail + police.source
    assert "CPS Communications Offences" in police.source


def _police_detail(facts: dict[str, object]) -> str:
    g = assess_data(facts)
    return next(s.detail for s in g.steps if s.id in ("report-to-police", "seek-police-advice"))


def test_threats_no_longer_name_the_malicious_communications_act() -> None:
    """Issue 14 item 9: MCA 1988 s1(1)(a)(ii) (threats) was omitted by the OSA 2023."""
    detail = _police_detail({"concerns": ["threats"], "subject": "adult", "targets": ["staff"]})
    assert "Online Safety Act 2023, section 181" in detail
    assert "Malicious Communications" not in detail
    assert load_guides().offences["osa-2023-s181"].extent == "England, Wales and Northern Ireland"


def test_new_offences_are_named() -> None:
    """Item 10: s66B (intimate images, threats to share), s67A (upskirting), s183 (flashing)."""
    assert "section 66B" in _police_detail(
        {"concerns": ["sextortion"], "subject": "adult", "targets": ["pupil"]}
    )
    nude = _police_detail({"concerns": ["nude-imagery"], "subject": "adult", "targets": ["pupil"]})
    assert "section 66B" in nude and "section 67A" in nude
    flashing = {"concerns": ["flashing-images"], "subject": "adult", "targets": ["pupil"]}
    assert "Online Safety Act 2023, section 183" in _police_detail(flashing)


def test_sexual_communication_with_a_child_needs_an_adult_and_a_child_under_16() -> None:
    """Item 11: s15A is named only when the ages fit (unknown ages: 'may' apply)."""
    base = {"concerns": ["grooming"], "targets": ["pupil"], "subject": "adult"}
    assert "section 15A" in _police_detail(base)  # ages unknown: it may apply
    assert "section 15A" in _police_detail({**base, "target_age": "13-15"})
    assert "section 15A" not in _police_detail({**base, "target_age": "16-17"})
    assert "section 15A" not in _police_detail({**base, "subject_age": "16-17"})


def test_encouraging_self_harm_is_not_named_for_a_child_alone() -> None:
    """Item 11: OSA s184 needs someone encouraging; a child hurting themselves commits none."""
    alone = {
        "concerns": ["immediate-danger", "self-harm"],
        "targets": ["pupil"],
        "subject": "pupil",
    }
    police = next(s for s in assess_data(alone).steps if s.id == "call-999")
    assert "section 184" not in police.detail
    urged = {"concerns": ["self-harm"], "targets": ["pupil"], "subject": "adult"}
    assert "section 184" in _police_detail(urged)


def test_indecent_images_of_a_child_not_named_for_an_adult() -> None:
    adult = {
        "concerns": ["nude-imagery"],
        "targets": ["pupil"],
        "target_age": "18-plus",
        "subject": "pupil",
        "subject_age": "18-plus",
    }
    detail = _police_detail(adult)
    assert "Protection of Children Act" not in detail and "section 66B" in detail


def test_role_words_follow_who_holds_the_dsl_role() -> None:
    """Item 2: every step that would say "the DSL" names whoever stands in for them."""
    facts = {"concerns": ["nude-imagery"], "targets": ["pupil"], "subject": "staff"}
    deputy = assess_data({**facts, "subject_is_dsl": True})
    texts = " ".join(f"{s.title} {s.detail}" for s in deputy.steps)
    assert "the deputy DSL refers" in texts and deputy.lead == "deputy-dsl"
    lado = next(s for s in deputy.steps if s.id == "contact-lado")
    assert "conflict of interest" in lado.detail and "LADO directly" in lado.detail
    plain = assess_data(facts)
    assert plain.lead == "dsl"
    assert (
        "conflict of interest" not in next(s for s in plain.steps if s.id == "contact-lado").detail
    )
    head_dsl = assess_data({"concerns": ["bullying"], "targets": ["pupil"], "head_is_dsl": True})
    tell = next(s for s in head_dsl.steps if s.id == "tell-dsl")
    assert "Head teacher" in tell.title


def test_no_offences_listed_when_police_not_involved() -> None:
    g = assess_data({"concerns": ["bullying"], "targets": ["pupil"]})
    assert g.police == "none"
    assert not any("Offences this may involve" in s.detail for s in g.steps)


def test_classification_follows_the_concerns() -> None:
    g = assess_data({"concerns": ["scam", "grooming"]})
    assert g.to_dict()["classification"] == [
        {"area": "contact", "kind": "sexual"},
        {"area": "conduct", "kind": "commercial"},
        {"area": "commerce", "kind": "commercial"},
    ]


def test_output_has_exactly_the_contract_keys() -> None:
    out = assess_data({"concerns": ["bullying"]}).to_dict()
    assert list(out) == [
        "guide_version",
        "classification",
        "evidence",
        "police",
        "escalate_to",
        "refer_to",
        "contact_subject",
        "steps",
    ]
    assert all(set(step) == {"id", "title", "detail", "source"} for step in out["steps"])
    assert all(step["source"] for step in out["steps"])


def test_deterministic() -> None:
    facts = {
        "concerns": ["hate", "threats", "bullying"],
        "targets": ["staff", "pupil"],
        "platform": "x",
        "school_account": True,
    }
    first = assess_data(facts).to_dict()
    assert all(assess_data(facts).to_dict() == first for _ in range(20))
    shuffled = {**facts, "concerns": ["bullying", "threats", "hate"], "targets": ["pupil", "staff"]}
    assert assess_data(shuffled).to_dict() == first
