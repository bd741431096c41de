"""The four nations: the overlay loader's checks, and invariants over generated facts for
every nation that guides/jurisdictions/ holds guidance for.

The invariants run on a fixed sample of test_engine's grids per nation (seeded, so every run
checks the same facts), with the facts' ``jurisdiction`` set to that nation.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from misuse_responder.guidance import (
    GuideError,
    IncidentFacts,
    assess,
    assess_data,
    load_guides,
    parse_facts,
    support_for,
)
from misuse_responder.guidance import vocabulary as v
from misuse_responder.guidance.engine import Guidance, offences_for
from misuse_responder.guidance.guides import default_guides_dir
from misuse_responder.guidance.jurisdictions import (
    available,
    cited_documents,
    guides_for,
    head_concern,
    role_available,
    role_label,
)
from tests.guidance import test_engine as grid

NATIONS = tuple(sorted(p.stem for p in (default_guides_dir() / "jurisdictions").glob("*.yaml")))
Outcome = tuple[IncidentFacts, Guidance]


def _sample() -> list[dict[str, object]]:
    rng = random.Random(12)
    return (
        rng.sample(grid.GRID, 1_500)
        + rng.sample(grid.ROLE_GRID, 900)
        + rng.sample(grid.AGE_GRID, 900)
    )


SAMPLE = _sample()


@pytest.fixture(scope="module", params=NATIONS)
def nation(request: pytest.FixtureRequest) -> str:
    return str(request.param)


_OUTCOMES: dict[str, list[Outcome]] = {}


@pytest.fixture
def outcomes(nation: str) -> list[Outcome]:
    if nation not in _OUTCOMES:
        g = load_guides()
        rows = []
        for row in SAMPLE:
            facts = parse_facts({**row, "jurisdiction": nation}, g.platforms.keys())
            rows.append((facts, assess(facts, g)))
        _OUTCOMES[nation] = rows
    return _OUTCOMES[nation]


def test_every_nation_file_is_loaded_and_england_is_there() -> None:
    assert "england" in NATIONS and "scotland" in NATIONS
    assert available(load_guides()) == tuple(n for n in v.JURISDICTIONS if n in NATIONS)


def test_the_sample_is_broad() -> None:
    assert len(SAMPLE) == 3_300
    assert {c for row in SAMPLE for c in row["concerns"]} == set(v.CONCERNS)  # type: ignore[attr-defined]


# --- What each nation does not have -----------------------------------------------------------


def test_no_role_or_service_a_nation_lacks_is_ever_returned(
    nation: str, outcomes: list[Outcome]
) -> None:
    g = load_guides()
    view = guides_for(g, nation)
    missing_roles = {e for e in v.ESCALATIONS if not role_available(g, nation, e)}
    for f, out in outcomes:
        assert not missing_roles & set(out.escalate_to), f
        for referral in out.refer_to:
            step = view.steps[view.routing.refer_to[referral]]
            service = g.services[step.service] if step.service else None
            assert service is None or nation in service.jurisdictions, (referral, f)
        for step in out.steps:
            service = g.steps[step.id].service if step.id in g.steps else None
            if service:
                assert nation in g.services[service].jurisdictions, (step.id, f)


def test_the_contracts_named_absences(nation: str, outcomes: list[Outcome]) -> None:
    never = {
        "scotland": ({"lado"}, {"action-fraud", "true-vision"}),
        "northern-ireland": ({"lado"}, {"prevent"}),
    }.get(nation, (set(), set()))
    for f, out in outcomes:
        assert not never[0] & set(out.escalate_to), f
        assert not never[1] & set(out.refer_to), f
    assert nation != "scotland" or not role_available(load_guides(), nation, "lado")


def test_every_document_cited_is_the_nations_own(nation: str, outcomes: list[Outcome]) -> None:
    g = load_guides()
    checked: set[str] = set()
    for f, out in outcomes:
        texts = [f"{s.source} {s.detail}" for s in out.steps]
        texts += [f"{s.source} {s.detail}" for s in support_for(f, g, out)]
        for text in texts:
            if text in checked:
                continue
            checked.add(text)
            for doc in cited_documents(g, text):
                assert nation in doc.jurisdictions, (nation, doc.id, text[:120])


def test_every_offence_named_applies_in_the_nation(nation: str, outcomes: list[Outcome]) -> None:
    g = load_guides()
    view = guides_for(g, nation)
    for f, out in outcomes:
        named = offences_for(f, g)
        for oid in named:
            assert nation in view.offences[oid].jurisdictions, (oid, f)
        if named and out.police in ("report", "consider"):
            police = next(s for s in out.steps if s.id == g.routing.police[out.police])
            for oid in named:
                assert view.offences[oid].law in police.detail


# --- The safety rules hold in every nation ------------------------------------------------------


def test_sexual_images_are_never_captured(nation: str, outcomes: list[Outcome]) -> None:
    steps = guides_for(load_guides(), nation).steps
    checked: set[str] = set()
    for f, out in outcomes:
        if grid.child_shown(f) or set(f.concerns) & (
            grid.CHILD_SEXUAL_IMAGES | {"obscene-material"}
        ):
            assert out.evidence == "do-not-capture", f
            assert "preserve-evidence" not in out.step_ids and "record-description" in out.step_ids
            assert not out.contact_subject
        if grid.child_shown(f):
            assert grid.lead(f) in out.escalate_to, f
            assert "stop-do-not-view" in out.step_ids and "secure-device" in out.step_ids
            assert "platform" not in out.refer_to
        if out.evidence == "do-not-capture":
            for step in out.steps:
                assert "capture" not in steps[step.id].only_if, (f, step.id)
                text = f"{step.title}. {step.detail}"
                if text in checked:
                    continue
                checked.add(text)
                for sentence in grid.SENTENCES.split(text):
                    if grid.COPY_WORDS.search(sentence):
                        assert grid.NEGATION.search(sentence), (nation, step.id, sentence)


def test_immediate_danger_comes_first(nation: str, outcomes: list[Outcome]) -> None:
    for f, out in outcomes:
        if "immediate-danger" in f.concerns:
            assert out.police == "999"
            assert out.step_ids[:2] == ("call-999", grid.LEAD_NOW_STEP[grid.lead(f)]), f
        else:
            assert "call-999" not in out.step_ids


def test_nobody_is_sent_to_the_person_the_concern_is_about(
    nation: str, outcomes: list[Outcome]
) -> None:
    g = load_guides()
    head = role_label(g, nation, "headteacher", short=True).removeprefix("the ")
    lead_words = role_label(g, nation, "dsl", short=True).removeprefix("the ")
    head_word = re.compile(rf"\b{re.escape(head)}\b|\bHead\b", re.IGNORECASE)
    lead_word = re.compile(rf"(?<!depute )(?<!deputy )\b{re.escape(lead_words)}\b", re.IGNORECASE)
    allowed = re.compile(r"\bnot\b|\babout\b|\bis (also )?the\b|\bwho is\b|'s place", re.IGNORECASE)
    checked: set[tuple[str, str]] = set()
    for f, out in outcomes:
        if f.subject == "headteacher":
            assert "headteacher" not in out.escalate_to and "chair" in out.escalate_to, f
            assert not {"tell-headteacher", "tell-head-who-is-dsl"} & set(out.step_ids), f
        else:
            assert "chair" not in out.escalate_to, f
        if f.subject_holds_dsl:
            assert "dsl" not in out.escalate_to and out.lead == grid.lead(f), f
            assert not {"tell-dsl", "tell-dsl-now", "tell-head-who-is-dsl"} & set(out.step_ids)
        for step in out.steps:
            text = f"{step.title}. {step.detail}"
            for who, pattern, applies in (
                ("head", head_word, f.subject == "headteacher"),
                ("lead", lead_word, f.subject_holds_dsl),
            ):
                if not applies or (who, text) in checked:
                    continue
                checked.add((who, text))
                for sentence in grid.SENTENCES.split(text):
                    if pattern.search(sentence):
                        assert allowed.search(sentence), (nation, step.id, sentence)


def test_where_a_child_may_be_harmed_by_an_adult_in_school_someone_handles_it(
    nation: str, outcomes: list[Outcome]
) -> None:
    """The body that handles allegations against staff is named: the LADO where one exists,
    otherwise social work (and the police)."""
    g = load_guides()
    has_lado = role_available(g, nation, "lado")
    for f, out in outcomes:
        if grid.about_adult_in_school(f) and f.harm_threshold_met:
            if has_lado:
                assert "lado" in out.escalate_to, f
            elif grid.child_may_be_harmed(f):
                assert "childrens-social-care" in out.refer_to and out.police != "none", f


def test_every_nation_names_every_role_and_who_leads_about_the_head(nation: str) -> None:
    g = load_guides()
    for role in (*v.ESCALATIONS, "childrens-social-care", "police"):
        if role_available(g, nation, role):
            assert role_label(g, nation, role) and role_label(g, nation, role, short=True)
    lead = head_concern(g, nation)
    assert lead is not None and lead.to == "chair" and lead.label and lead.source


# --- England is unchanged ---------------------------------------------------------------------


def test_england_is_the_default_and_its_facts_read_as_before() -> None:
    facts = {"concerns": ["bullying"], "targets": ["pupil"]}
    england = assess_data({**facts, "jurisdiction": "england"})
    assert assess_data(facts).to_dict() == england.to_dict()
    parsed = parse_facts(facts, ())
    assert parsed.jurisdiction == "england" and "jurisdiction" not in parsed.to_dict()
    scottish = parse_facts({**facts, "jurisdiction": "scotland"}, ())
    assert scottish.to_dict()["jurisdiction"] == "scotland"
    assert parse_facts(scottish.to_dict(), ()) == scottish


def test_an_unknown_jurisdiction_is_refused() -> None:
    from misuse_responder.guidance import FactsError

    with pytest.raises(FactsError, match="jurisdiction: unknown value 'narnia'"):
        parse_facts({"concerns": ["bullying"], "jurisdiction": "narnia"}, ())


# --- The loader's error messages ----------------------------------------------------------------


@pytest.fixture
def guides_copy(tmp_path: Path) -> Path:
    target = tmp_path / "guides"
    shutil.copytree(default_guides_dir(), target)
    return target


def _replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


BROKEN = [
    (
        "jurisdictions/scotland.yaml",
        _replace("roles:\n  dsl:\n", "roles:\n  dsl:\n    colour: red\n"),
        "jurisdictions/scotland.yaml: roles.dsl.colour: unknown field",
    ),
    (
        "jurisdictions/scotland.yaml",
        _replace("jurisdiction: scotland\n", "jurisdiction: scotland\nflavour: mint\n"),
        "jurisdictions/scotland.yaml: flavour: unknown field",
    ),
    (
        "jurisdictions/scotland.yaml",
        _replace("  call-999:\n", "  call-998:\n"),
        "jurisdictions/scotland.yaml: steps.call-998: unknown step 'call-998'",
    ),
    (
        "jurisdictions/scotland.yaml",
        _replace("offences: [cjla-2010-s38]\n", "offences: [cjla-2010-s83]\n"),
        "jurisdictions/scotland.yaml: concerns.threats.offences: unknown offence 'cjla-2010-s83'",
    ),
    (
        "jurisdictions/scotland.yaml",
        _replace("  - ngcps-2021\n", "  - ngcps-2012\n"),
        "jurisdictions/scotland.yaml: documents[0]: unknown document 'ngcps-2012'",
    ),
    (
        "jurisdictions/scotland.yaml",
        _replace("  - ngcps-2021\n", "  - kcsie-2025\n"),
        "jurisdictions/scotland.yaml: documents[0]: 'kcsie-2025' is not listed for scotland",
    ),
    (
        "jurisdictions/scotland.yaml",
        _replace("    offences: [cjla-2010-s38]\n", ""),
        "concern 'threats' names offence 'osa-2023-s181', which offences.yaml does not list "
        "for scotland",
    ),
    (
        "jurisdictions/scotland.yaml",
        _replace("  lado:\n    available: false\n", "  lado:\n    available: true\n"),
        "jurisdictions/scotland.yaml: roles.lado: needs a label and a short label",
    ),
    (
        "jurisdictions/scotland.yaml",
        _replace("    chair-for-head: the council's education service\n  Head:", "  Head:"),
        "jurisdictions/scotland.yaml: wording.head: no text for context 'chair-for-head'",
    ),
    (
        "jurisdictions/scotland.yaml",
        _replace(
            "  call-999:\n",
            "  tell-moderator:\n    drop: true\n    confidence: likely\n  call-999:\n",
        ),
        "jurisdictions/scotland.yaml: steps.tell-moderator: is how 'moderator' is told",
    ),
    (
        "jurisdictions/scotland.yaml",
        _replace(
            "source: https://www.legislation.gov.uk/asp/2010/13/section/38",
            "source: the seed notes",
        ),
        "would show staff the internal word",
    ),
    (
        "jurisdictions/scotland.yaml",
        _replace("jurisdiction: scotland\n", "jurisdiction: wales\n"),
        "jurisdictions/scotland.yaml: jurisdiction: 'wales' does not match the file name",
    ),
    (
        "jurisdictions/scotland.yaml",
        _replace("confidence: confirmed\n", "confidence: sure\n"),
        "jurisdictions/scotland.yaml: roles.headteacher.confidence: invalid enum value 'sure'",
    ),
    (
        "documents.yaml",
        _replace("    match: 'Working Together", "    match: '(Working Together"),
        "documents.yaml: documents[2].match: is not a valid pattern",
    ),
]


@pytest.mark.parametrize(("file", "change", "message"), BROKEN, ids=[b[2][:60] for b in BROKEN])
def test_a_broken_overlay_is_refused_naming_the_file_and_field(
    guides_copy: Path, file: str, change: Callable[[str], str], message: str
) -> None:
    path = guides_copy / file
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(GuideError) as caught:
        load_guides(guides_copy)
    assert message in str(caught.value)


def test_an_unknown_nation_file_is_refused(guides_copy: Path) -> None:
    shutil.copy(
        guides_copy / "jurisdictions/england.yaml", guides_copy / "jurisdictions/narnia.yaml"
    )
    with pytest.raises(GuideError, match=r"narnia\.yaml: is not a known nation"):
        load_guides(guides_copy)


def test_a_nation_without_an_overlay_is_said_plainly(guides_copy: Path) -> None:
    (guides_copy / "jurisdictions/scotland.yaml").unlink()
    g = load_guides(guides_copy)
    facts = parse_facts({"concerns": ["bullying"], "jurisdiction": "scotland"}, ())
    with pytest.raises(GuideError, match=r"scotland\.yaml: is missing"):
        assess(facts, g)


def test_an_overlay_change_changes_the_guide_version(guides_copy: Path) -> None:
    before = load_guides(guides_copy).version
    path = guides_copy / "jurisdictions/scotland.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    from misuse_responder.guidance.guides import _load

    _load.cache_clear()
    assert load_guides(guides_copy).version != before


def test_guidance_carries_the_support_decision(nation: str, outcomes: list[Outcome]) -> None:
    g = load_guides()
    offered = 0
    for f, out in outcomes[:600]:
        assert list(out.support) == support_for(f, g, out), f
        assert [d["id"] for d in out.support_to_dict()] == [s.id for s in out.support]
        offered += len(out.support)
    assert offered  # the sample offers support somewhere
    assert "support" not in out.to_dict()


def test_the_assess_command_prints_support_only_when_asked(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    facts = tmp_path / "facts.json"
    facts.write_text('{"concerns": ["sextortion"], "targets": ["pupil"]}', encoding="utf-8")

    def run(*extra: str) -> dict[str, object]:
        out = subprocess.run(
            [sys.executable, "-m", "misuse_responder", "assess", str(facts), *extra],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)  # type: ignore[no-any-return]

    plain, with_support = run(), run("--with-support")
    assert "support" not in plain
    support = with_support.pop("support")
    assert with_support == plain
    ids = [item["id"] for item in support]  # type: ignore[attr-defined]
    assert "pupil-report-remove" in ids and "pupil-childline" in ids
