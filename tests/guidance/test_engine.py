"""The guidance engine against the scenario table, plus invariants checked over many facts."""

from __future__ import annotations

import itertools
import re

import pytest

from misuse_responder.guidance import Guidance, assess_data, load_guides
from misuse_responder.guidance import vocabulary as v
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


GRID = _grid()
SEXUAL_IMAGES = {
    "nude-imagery",
    "coercion",
    "violent-or-unusual-acts",
    "under-13-sexual-acts",
    "sextortion",
}
ADULTS = {"adult", "staff", "headteacher", "governor", "parent"}
# A sentence that mentions making or passing on a copy must be a prohibition.
COPY_WORDS = re.compile(
    r"\b(screenshots?|cop(y|ies)|sav(e|ing)|forward\w*|print\w*|download\w*|"
    r"upload\w*|send|sent)\b",
    re.IGNORECASE,
)
NEGATION = re.compile(r"\b(not|never|no|nothing|don't|do not|without)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def outcomes() -> list[tuple[dict[str, object], Guidance]]:
    g = load_guides()
    return [(facts, assess_data(facts, g)) for facts in GRID]


def test_grid_is_broad(outcomes: list[tuple[dict[str, object], Guidance]]) -> None:
    assert len(outcomes) > 10_000


def test_sexual_images_are_never_captured(
    outcomes: list[tuple[dict[str, object], Guidance]],
) -> None:
    steps = load_guides().steps
    for facts, g in outcomes:
        if SEXUAL_IMAGES & set(facts["concerns"]):  # type: ignore[arg-type]
            assert g.evidence == "do-not-capture", facts
            assert "dsl" in g.escalate_to, facts
            assert "stop-do-not-view" in g.step_ids and "secure-device" in g.step_ids
            assert "platform" not in g.refer_to and "report-harmful-content" not in g.refer_to
            assert not g.contact_subject
        if g.evidence == "do-not-capture":
            for step in g.steps:
                assert "capture" not in steps[step.id].only_if, (facts, step.id)
                for sentence in re.split(r"(?<=[.;:])\s+", f"{step.title}. {step.detail}"):
                    if COPY_WORDS.search(sentence):
                        assert NEGATION.search(sentence), (step.id, sentence)


def test_immediate_danger_comes_first(outcomes: list[tuple[dict[str, object], Guidance]]) -> None:
    for facts, g in outcomes:
        if "immediate-danger" in facts["concerns"]:  # type: ignore[operator]
            assert g.police == "999"
            assert g.step_ids[:2] == ("call-999", "tell-dsl-now"), facts
        else:
            assert g.police != "999"
            assert "call-999" not in g.step_ids


def test_head_never_told_about_themselves(
    outcomes: list[tuple[dict[str, object], Guidance]],
) -> None:
    for facts, g in outcomes:
        if facts["subject"] == "headteacher":
            assert "headteacher" not in g.escalate_to and "chair" in g.escalate_to
            assert "tell-headteacher" not in g.step_ids
        else:
            assert "chair" not in g.escalate_to


def test_ceop_only_for_sexual_abuse_and_grooming(
    outcomes: list[tuple[dict[str, object], Guidance]],
) -> None:
    for facts, g in outcomes:
        concerns = set(facts["concerns"])  # type: ignore[arg-type]
        expected = bool(concerns & {"grooming", "sextortion"}) or (
            facts["subject"] in ADULTS and bool(concerns & SEXUAL_IMAGES)
        )
        assert ("ceop" in g.refer_to) is expected, facts


def test_report_harmful_content_only_after_a_platform_report(
    outcomes: list[tuple[dict[str, object], Guidance]],
) -> None:
    for facts, g in outcomes:
        if "report-harmful-content" in g.refer_to:
            assert "platform" in g.refer_to
            assert g.evidence == "capture"
            assert not set(facts["concerns"]) & {"grooming", "extremism", "sextortion"}  # type: ignore[arg-type]
            ids = g.step_ids
            assert ids.index("report-to-platform") < ids.index("report-harmful-content")


def test_asking_for_removal_only_from_an_identified_pupil(
    outcomes: list[tuple[dict[str, object], Guidance]],
) -> None:
    serious = SEXUAL_IMAGES | {
        "immediate-danger",
        "grooming",
        "threats",
        "hate",
        "harassment",
        "extremism",
        "self-harm",
        "obscene-material",
        "scam",
        "staff-conduct",
    }
    for facts, g in outcomes:
        if g.contact_subject:
            assert facts["subject"] == "pupil" and facts["subject_identified"]
            assert not serious & set(facts["concerns"])  # type: ignore[arg-type]
            assert not {"staff", "headteacher", "governor", "parent"} & set(facts["targets"])  # type: ignore[arg-type]
            ids = g.step_ids
            assert ids.index("tell-dsl") < ids.index("ask-subject-to-remove")
        else:
            assert "ask-subject-to-remove" not in g.step_ids


def test_evidence_kept_before_blocking_or_reporting(
    outcomes: list[tuple[dict[str, object], Guidance]],
) -> None:
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


def test_lado_only_where_a_child_may_be_harmed(
    outcomes: list[tuple[dict[str, object], Guidance]],
) -> None:
    for facts, g in outcomes:
        concerns = set(facts["concerns"])  # type: ignore[arg-type]
        in_school = facts["subject"] in {"staff", "headteacher", "governor"}
        expected = "staff-conduct" in concerns or (
            in_school
            and (
                "pupil" in facts["targets"]  # type: ignore[operator]
                or bool(concerns & (SEXUAL_IMAGES | {"grooming", "obscene-material"}))
            )
        )
        assert ("lado" in g.escalate_to) is expected, facts


def test_someone_is_always_told(outcomes: list[tuple[dict[str, object], Guidance]]) -> None:
    for facts, g in outcomes:
        assert g.escalate_to, facts
        if "pupil" in facts["targets"] or facts["subject"] == "pupil":  # type: ignore[operator]
            assert "dsl" in g.escalate_to


def test_routing_and_steps_agree(outcomes: list[tuple[dict[str, object], Guidance]]) -> None:
    routing = load_guides().routing
    for _facts, g in outcomes:
        ids = set(g.step_ids)
        for e in g.escalate_to:
            step = routing.escalate_to[e]
            assert step in ids or (step == "tell-dsl" and "tell-dsl-now" in ids)
        for r in g.refer_to:
            assert routing.refer_to[r] in ids
        if g.police != "none":
            assert routing.police[g.police] in ids


def test_steps_are_in_catalogue_order(outcomes: list[tuple[dict[str, object], Guidance]]) -> None:
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
